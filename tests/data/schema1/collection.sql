BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'studycards','0001_initial','2026-12-07 06:14:57.814571+00:00');
CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            card_id TEXT NOT NULL UNIQUE,
            note INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            deck_id INTEGER NOT NULL REFERENCES decks(id),
            position INTEGER NOT NULL,
            
    state INTEGER NOT NULL, step INTEGER, stability REAL, difficulty REAL,
    due INTEGER, last_review INTEGER, reps INTEGER NOT NULL, lapses INTEGER NOT NULL
,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_day INTEGER NOT NULL DEFAULT 0,
            flag INTEGER NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0
        ) STRICT;
INSERT INTO "cards" VALUES(1,'82025e3a7b291a6d-0',1,0,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741597354000,1741078954000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(2,'82025e3a7b291a6d-1',1,1,1,1,0,NULL,NULL,NULL,1,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(3,'e0ed10622a06e18e-0',2,0,1,1000,2,NULL,4.24379963876633736763e-01,5.20002036951683788146e+00,1741078884000,1740992484000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(4,'e0ed10622a06e18e-1',2,1,1,1001,0,NULL,NULL,NULL,1001,NULL,0,0,0,739313,0,0);
INSERT INTO "cards" VALUES(5,'23598f6a5d8f77d6-0',3,0,1,2000,1,1,5.31879276748807683361e+00,4.75285848853255732393e+00,1741079561000,1741078961000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(6,'03177a1c80b46937-0',4,0,1,3000,2,NULL,8.2956,1.0,1741597228000,1740992428000,1,0,0,0,0,0);
INSERT INTO "cards" VALUES(7,'03177a1c80b46937-1',4,1,1,3001,0,NULL,NULL,NULL,3001,NULL,0,0,0,739313,0,0);
INSERT INTO "cards" VALUES(8,'477e5dfcb674ec6a-0',5,0,1,4000,1,1,4.5460294410661248321e+00,5.10228690419229291563e+00,1741079547000,1741078947000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(9,'477e5dfcb674ec6a-1',5,1,1,4001,0,NULL,NULL,NULL,4001,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(10,'2fbe29aa3ce14e49-0',6,0,1,5000,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770168000,1741078968000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(11,'26278a196f4a1984-0',7,0,1,6000,1,0,5.71299179345028163012e-01,7.39450274127971773907e+00,1741079035000,1741078975000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(12,'26278a196f4a1984-1',7,1,1,6001,0,NULL,NULL,NULL,6001,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(13,'0f71cdc95ade3db0-0',8,0,1,7000,1,1,1.88678761952041540439e+00,6.40211506929683782374e+00,1741079540000,1741078940000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(14,'ba4bff8934f051e9-0',9,0,1,8000,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741683782000,1741078982000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(15,'5fafb00fd6769869-0',10,0,1,9000,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741597389000,1741078989000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(16,'5fafb00fd6769869-1',10,1,1,9001,0,NULL,NULL,NULL,9001,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(17,'7246f87de3ede657-0',11,0,1,10000,1,1,2.3065,2.11810397045901588342e+00,1740993077000,1740992477000,1,0,0,0,0,0);
INSERT INTO "cards" VALUES(18,'7246f87de3ede657-1',11,1,1,10001,0,NULL,NULL,NULL,10001,NULL,0,0,0,739313,0,0);
INSERT INTO "cards" VALUES(19,'427ab5bc29847a72-0',12,0,1,11000,0,NULL,NULL,NULL,11000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(20,'427ab5bc29847a72-1',12,1,1,11001,0,NULL,NULL,NULL,11001,NULL,0,0,0,0,3,0);
INSERT INTO "cards" VALUES(21,'657c852f2160eacb-0',13,0,1,12000,0,NULL,NULL,NULL,12000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(22,'657c852f2160eacb-1',13,1,1,12001,0,NULL,NULL,NULL,12001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(23,'28b3aeddbe86ceee-0',14,0,1,13000,0,NULL,NULL,NULL,13000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(24,'4ed5e6b1e5bf4812-0',15,0,1,14000,0,NULL,NULL,NULL,14000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(25,'0a356be572e6b567-0',16,0,1,15000,0,NULL,NULL,NULL,15000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(26,'0a356be572e6b567-1',16,1,1,15001,0,NULL,NULL,NULL,15001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(27,'eb3c50d726c18efa-0',17,0,1,16000,0,NULL,NULL,NULL,16000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(28,'da4ab9850e9180e5-0',18,0,1,17000,0,NULL,NULL,NULL,17000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(29,'da4ab9850e9180e5-1',18,1,1,17001,0,NULL,NULL,NULL,17001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(30,'364160b1a6c68c11-0',19,0,1,18000,0,NULL,NULL,NULL,18000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(31,'364160b1a6c68c11-1',19,1,1,18001,0,NULL,NULL,NULL,18001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(32,'5e545f5f8027e062-0',20,0,1,19000,0,NULL,NULL,NULL,19000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(33,'098ffa18de19847e-0',21,0,1,20000,0,NULL,NULL,NULL,20000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(34,'d30270f12b18fdb8-0',22,0,1,21000,0,NULL,NULL,NULL,21000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(35,'d30270f12b18fdb8-1',22,1,1,21001,0,NULL,NULL,NULL,21001,NULL,0,0,1,0,0,0);
INSERT INTO "cards" VALUES(36,'b6278251a6a47f87-0',23,0,1,22000,0,NULL,NULL,NULL,22000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(37,'4c9423d3c5de50c9-0',24,0,1,23000,0,NULL,NULL,NULL,23000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(38,'2a4ac738bd1ffa25-0',25,0,1,24000,0,NULL,NULL,NULL,24000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(39,'2a4ac738bd1ffa25-1',25,1,1,24001,0,NULL,NULL,NULL,24001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(40,'1db4643f14b4e89b-0',26,0,1,25000,0,NULL,NULL,NULL,25000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(41,'a817ef8d92f25454-0',27,0,1,26000,0,NULL,NULL,NULL,26000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(42,'a817ef8d92f25454-1',27,1,1,26001,0,NULL,NULL,NULL,26001,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(43,'5414dfc15437c4db-0',28,0,1,27000,0,NULL,NULL,NULL,27000,NULL,0,0,0,0,0,0);
INSERT INTO "cards" VALUES(44,'13dd5cb926e77f67-0',29,0,2,0,2,NULL,2.3065,2.11121423578539513243e+00,1741165319000,1740992519000,2,0,0,739314,0,0);
INSERT INTO "cards" VALUES(45,'13dd5cb926e77f67-1',29,1,2,1,1,1,2.3065,2.11810397045901588342e+00,1741079610000,1741079010000,1,0,0,739313,0,0);
INSERT INTO "cards" VALUES(46,'50852a8852cd800e-0',30,0,2,1000,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770196000,1741078996000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(47,'50852a8852cd800e-1',30,1,2,1001,0,NULL,NULL,NULL,1001,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(48,'ea4d59fa8e6d336a-0',31,0,2,2000,2,NULL,2.02147725163819202975e+00,6.39094132352437949151e+00,1741251803000,1741079003000,3,0,0,0,0,0);
INSERT INTO "cards" VALUES(49,'bd42bd9bec123806-0',32,0,3,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770217000,1741079017000,2,0,0,0,0,0);
INSERT INTO "cards" VALUES(50,'bd42bd9bec123806-1',32,1,3,1,0,NULL,NULL,NULL,1,NULL,0,0,0,739314,0,0);
INSERT INTO "cards" VALUES(51,'bdf3cc0f6712e52f-0',33,0,3,1000,2,NULL,8.2956,1.0,1741942933000,1740992533000,1,0,0,0,0,0);
INSERT INTO "cards" VALUES(52,'7b594857c8f0b138-0',34,0,3,2000,1,1,2.3065,2.11810397045901588342e+00,1741079624000,1741079024000,1,0,0,0,0,0);
INSERT INTO "cards" VALUES(53,'0de5e5d524b2f695-0',35,0,3,3000,0,NULL,NULL,NULL,3000,NULL,0,0,0,0,0,0);
CREATE TABLE decks (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            preset TEXT NOT NULL DEFAULT 'Default' REFERENCES presets(name),
            meta TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
INSERT INTO "decks" VALUES(1,'美中AI竞赛的未来走向','Default','{"area": "society-thinking", "category": "politics-society", "companies_orgs": ["OpenAI", "CCP"], "date": "2024-06-06", "draft": true, "guest": "", "insight": "", "layout": "post.njk", "people": ["Leopold Aschenbrenner"], "products_models": [], "project": [], "series": "", "source": "https://www.youtube.com/watch?v=ghluOfM-Xik", "speaker": "Dwarkesh Patel", "status": "evergreen", "summary": "本讲稿探讨了AI技术快速发展带来的地缘政治风险，特别是美中AI竞赛的潜在后果。演讲者强调了技术领先优势的重要性，以及在智能爆炸时期保持缓冲期的必要性。文章回顾了历史上的军事冲突，并分析了AI可能如何压缩技术进步时间线，导致前所未有的军事和战略不稳定。演讲者提出，美国应争取技术领先地位，然后与中国达成一项旨在避免灾难性军备竞赛的稳定协议，并强调了历史竞争常态与当前和平时期的对比。"}');
INSERT INTO "decks" VALUES(2,'Reactions','Default','{}');
INSERT INTO "decks" VALUES(3,'Heat engines','Default','{}');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT INTO "meta" VALUES('schema_version','1');
INSERT INTO "meta" VALUES('rollover_hour','4');
CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            note_id TEXT NOT NULL UNIQUE,
            deck_id INTEGER NOT NULL REFERENCES decks(id),
            type TEXT NOT NULL,
            fields TEXT NOT NULL,
            tags TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_line INTEGER NOT NULL,
            source_heading TEXT NOT NULL,
            reversed INTEGER NOT NULL,
            guid TEXT NOT NULL,
            origin TEXT NOT NULL,
            position INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            modified INTEGER NOT NULL,
            marked INTEGER NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0
        ) STRICT;
INSERT INTO "notes" VALUES(1,'82025e3a7b291a6d',1,'term','{"term": "大规模杀伤性武器", "english": "Weapons of Mass Destruction", "abbr": "WMDs", "definition": ""}','["llm", "national-security"]','data/us-china-ai-race.md',28,'危险的领先劣势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',0,'bbfd8c0c8d8417183966b124',1740992400000,0,0);
INSERT INTO "notes" VALUES(2,'e0ed10622a06e18e',1,'term','{"term": "相互保证毁灭", "english": "Mutually Assured Destruction", "abbr": "MAD", "definition": ""}','["llm", "national-security"]','data/us-china-ai-race.md',28,'危险的领先劣势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',1,'1542e0e9bfbc85c66bef6f74',1740992400000,0,0);
INSERT INTO "notes" VALUES(3,'23598f6a5d8f77d6',1,'figure','{"text": "我们正处于一个极其危险的境地，领先优势仅有{{c1::三个月}}", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',28,'危险的领先劣势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',2,'1aa19de19153a67e57115755',1740992400000,0,0);
INSERT INTO "notes" VALUES(4,'03177a1c80b46937',1,'term','{"term": "对齐", "english": "Alignment", "abbr": "", "definition": "指确保AI的目标与人类价值观一致"}','["llm", "national-security"]','data/us-china-ai-race.md',32,'对齐缓冲的必要性',0,'','/tmp/h11a/fixture/us-china-ai-race.md',3,'8ce362a28f9b5b9b24a3442c',1740992400000,0,0);
INSERT INTO "notes" VALUES(5,'477e5dfcb674ec6a',1,'term','{"term": "智能爆炸", "english": "Intelligence Explosion", "abbr": "", "definition": "指AI能力快速、指数级增长的假想阶段"}','["llm", "national-security"]','data/us-china-ai-race.md',32,'对齐缓冲的必要性',0,'','/tmp/h11a/fixture/us-china-ai-race.md',4,'d60f3ffd4d2f3a4e08060dbc',1740992400000,0,0);
INSERT INTO "notes" VALUES(6,'2fbe29aa3ce14e49',1,'figure','{"text": "从技术和对齐的角度来看，在智能爆炸期间，拥有大约{{c1::六个月}}的“缓冲期”至关重要", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',32,'对齐缓冲的必要性',0,'','/tmp/h11a/fixture/us-china-ai-race.md',5,'2cdbdb6994378dc7903c8ec8',1740992400000,0,0);
INSERT INTO "notes" VALUES(7,'26278a196f4a1984',1,'term','{"term": "海湾战争 I", "english": "Gulf War I", "abbr": "", "definition": "1990-1991年发生于波斯湾地区的军事冲突"}','["llm", "national-security"]','data/us-china-ai-race.md',36,'历史军事优势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',6,'c61703a6dc2794b533006925',1740992400000,0,0);
INSERT INTO "notes" VALUES(8,'0f71cdc95ade3db0',1,'figure','{"text": "例如海湾战争 I，西方联军拥有{{c1::100:1}}的杀敌比", "context": "回顾历史上的军事竞争，例如海湾战争 I，西方联军拥有{{c1::100:1}}的杀敌比。"}','["llm", "national-security"]','data/us-china-ai-race.md',36,'历史军事优势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',7,'6b21f1a0aca7b2d96b6807d6',1740992400000,0,0);
INSERT INTO "notes" VALUES(9,'ba4bff8934f051e9',1,'figure','{"text": "例如海湾战争 I，西方联军拥有100:1的杀敌比。他们拥有更先进的坦克传感器、精确制导导弹（如GPS制导）、隐形技术，以及约{{c1::20-30年}}的技术领先优势", "context": "例如海湾战争 I，西方联军拥有100:1的杀敌比。他们拥有更先进的坦克传感器、精确制导导弹（如GPS制导）、隐形技术，以及约{{c1::20-30年}}的技术领先优势，从而彻底击败了对手。"}','["llm", "national-security"]','data/us-china-ai-race.md',36,'历史军事优势',0,'','/tmp/h11a/fixture/us-china-ai-race.md',8,'495ec7318938240401853840',1740992400000,0,0);
INSERT INTO "notes" VALUES(10,'5fafb00fd6769869',1,'term','{"term": "超级智能", "english": "Superintelligence", "abbr": "", "definition": "指在几乎所有领域都远超最聪明人类智能的AI"}','["llm", "national-security"]','data/us-china-ai-race.md',40,'AI驱动的技术飞跃',0,'','/tmp/h11a/fixture/us-china-ai-race.md',9,'cee99b15f84f3703eb93db51',1740992400000,0,0);
INSERT INTO "notes" VALUES(11,'7246f87de3ede657',1,'term','{"term": "工业爆炸", "english": "Industrial Explosion", "abbr": "", "definition": "指AI驱动的自动化和机器人技术大规模普及，导致生产力指数级增长的阶段"}','["llm", "national-security"]','data/us-china-ai-race.md',40,'AI驱动的技术飞跃',0,'','/tmp/h11a/fixture/us-china-ai-race.md',10,'a16373cc318ad0079008e1b1',1740992400000,0,0);
INSERT INTO "notes" VALUES(12,'427ab5bc29847a72',1,'figure','{"text": "超级智能应用于广泛的研发领域，加上工业爆炸，例如机器人和大规模材料生产，可能将{{c1::一个世纪}}的技术进步压缩到不到{{c2::十年}}内", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',40,'AI驱动的技术飞跃',0,'','/tmp/h11a/fixture/us-china-ai-race.md',11,'6c1180632ba295f2b7ee2149',1740992400000,0,0);
INSERT INTO "notes" VALUES(13,'657c852f2160eacb',1,'term','{"term": "中国共产党", "english": "Chinese Communist Party", "abbr": "CCP", "definition": ""}','["llm", "national-security"]','data/us-china-ai-race.md',44,'中国的AI竞赛努力',0,'','/tmp/h11a/fixture/us-china-ai-race.md',12,'8c1a694e8cd72827224d92ea',1740992400000,0,0);
INSERT INTO "notes" VALUES(14,'28b3aeddbe86ceee',1,'figure','{"text": "中国的电力增长惊人，过去{{c1::十年}}新增的电力装机容量相当于整个美国的总和", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',44,'中国的AI竞赛努力',0,'','/tmp/h11a/fixture/us-china-ai-race.md',13,'633a3a690b99d18fc9b18de4',1740992400000,0,0);
INSERT INTO "notes" VALUES(15,'4ed5e6b1e5bf4812',1,'figure','{"text": "中国的电力增长惊人，过去十年新增的电力装机容量相当于整个美国的总和。因此，他们获得{{c1::100吉瓦（GW）}}级别的计算集群将变得容易得多", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',44,'中国的AI竞赛努力',0,'','/tmp/h11a/fixture/us-china-ai-race.md',14,'7346fe198d61655b166ac04b',1740992400000,0,0);
INSERT INTO "notes" VALUES(16,'0a356be572e6b567',1,'term','{"term": "波动性", "english": "Volatility", "abbr": "", "definition": "指事物快速、不可预测变化的性质"}','["llm", "national-security"]','data/us-china-ai-race.md',48,'数据中心的脆弱性',0,'','/tmp/h11a/fixture/us-china-ai-race.md',15,'4c5c2886cea76592565efa3b',1740992400000,0,0);
INSERT INTO "notes" VALUES(17,'eb3c50d726c18efa',1,'figure','{"text": "核潜艇、飞机、掩体、山体等都有多种部署地点，但一个{{c1::100吉瓦（GW）}}的数据中心可能被一枚巡航导弹摧毁", "context": "核潜艇、飞机、掩体、山体等都有多种部署地点，但一个{{c1::100吉瓦（GW）}}的数据中心可能被一枚巡航导弹摧毁，极易遭受破坏和破坏。"}','["llm", "national-security"]','data/us-china-ai-race.md',48,'数据中心的脆弱性',0,'','/tmp/h11a/fixture/us-china-ai-race.md',16,'5b07696a8923031d4598f672',1740992400000,0,0);
INSERT INTO "notes" VALUES(18,'da4ab9850e9180e5',1,'term','{"term": "第二次世界大战", "english": "World War II", "abbr": "", "definition": "1939-1945年，全球性战争"}','["llm", "national-security"]','data/us-china-ai-race.md',56,'历史上的竞争常态',0,'','/tmp/h11a/fixture/us-china-ai-race.md',17,'c0831e4d2b19a523fa0563b2',1740992400000,0,0);
INSERT INTO "notes" VALUES(19,'364160b1a6c68c11',1,'term','{"term": "第一次世界大战", "english": "World War I", "abbr": "", "definition": "1914-1918年，欧洲主要大国间的战争"}','["llm", "national-security"]','data/us-china-ai-race.md',56,'历史上的竞争常态',0,'','/tmp/h11a/fixture/us-china-ai-race.md',18,'25ebc3971804e8b581420965',1740992400000,0,0);
INSERT INTO "notes" VALUES(20,'5e545f5f8027e062',1,'figure','{"text": "例如第二次世界大战，{{c1::50%}}的GDP用于战争生产", "context": "纵观世界历史，例如第二次世界大战，{{c1::50%}}的GDP用于战争生产；"}','["llm", "national-security"]','data/us-china-ai-race.md',56,'历史上的竞争常态',0,'','/tmp/h11a/fixture/us-china-ai-race.md',19,'1b44c1b90998c98a379b8c42',1740992400000,0,0);
INSERT INTO "notes" VALUES(21,'098ffa18de19847e',1,'figure','{"text": "第一次世界大战，英、法、德等国GDP借贷超过{{c1::100%}}", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',56,'历史上的竞争常态',0,'','/tmp/h11a/fixture/us-china-ai-race.md',20,'b08e34bd170bcf544f9fe66b',1740992400000,0,0);
INSERT INTO "notes" VALUES(22,'d30270f12b18fdb8',1,'figure','{"text": "人们谈论第一次世界大战的破坏性，{{c1::2000万}}苏联士兵死亡，{{c2::20%}}的波兰丧生", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',60,'历史的警示',0,'','/tmp/h11a/fixture/us-china-ai-race.md',21,'5eae95936c2e31ead87c8f7b',1740992400000,0,0);
INSERT INTO "notes" VALUES(23,'b6278251a6a47f87',1,'figure','{"text": "例如七年战争，普鲁士损失了{{c1::20-30%}}的人口", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',60,'历史的警示',0,'','/tmp/h11a/fixture/us-china-ai-race.md',22,'e0a680a489ac2dcbe965e791',1740992400000,0,0);
INSERT INTO "notes" VALUES(24,'4c9423d3c5de50c9',1,'figure','{"text": "三十年战争，德国大片地区损失了高达{{c1::50%}}的人口", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',60,'历史的警示',0,'','/tmp/h11a/fixture/us-china-ai-race.md',23,'9d80035700fc2f61bac907a0',1740992400000,0,0);
INSERT INTO "notes" VALUES(25,'2a4ac738bd1ffa25',1,'term','{"term": "国家权力", "english": "National Power", "abbr": "", "definition": "指一个国家影响国际事务的能力，包括军事、经济、外交等"}','["llm", "national-security"]','data/us-china-ai-race.md',64,'大国战略思维',0,'','/tmp/h11a/fixture/us-china-ai-race.md',24,'3690ba6bf33f95a03f111cdb',1740992400000,0,0);
INSERT INTO "notes" VALUES(26,'1db4643f14b4e89b',1,'figure','{"text": "关键在于时机：他们是等到智能爆炸已经发生才开始认真对待，还是提前{{c1::两年}}", "context": ""}','["llm", "national-security"]','data/us-china-ai-race.md',64,'大国战略思维',0,'','/tmp/h11a/fixture/us-china-ai-race.md',25,'fdf07b6ef11ac6152bcc2957',1740992400000,0,0);
INSERT INTO "notes" VALUES(27,'a817ef8d92f25454',1,'term','{"term": "自由民主", "english": "Liberal Democracy", "abbr": "", "definition": "一种政治体制，结合了自由主义和民主主义的原则"}','["llm", "national-security"]','data/us-china-ai-race.md',68,'民主与存续的挑战',0,'','/tmp/h11a/fixture/us-china-ai-race.md',26,'8025358031e9a5202f6a78da',1740992400000,0,0);
INSERT INTO "notes" VALUES(28,'5414dfc15437c4db',1,'figure','{"text": "美国明确领先，中国也清楚这一点。这将需要我们锁定关键技术秘密，在美国建成{{c1::100吉瓦（GW）}}的计算集群", "context": "美国明确领先，中国也清楚这一点。这将需要我们锁定关键技术秘密，在美国建成{{c1::100吉瓦（GW）}}的计算集群，并完成必要的能源（如天然气）部署。"}','["llm", "national-security"]','data/us-china-ai-race.md',72,'争取领先与协议',0,'','/tmp/h11a/fixture/us-china-ai-race.md',27,'2468b1833cd78625f18f904d',1740992400000,0,0);
INSERT INTO "notes" VALUES(29,'13dd5cb926e77f67',2,'term','{"term": "Entropy", "english": "", "abbr": "", "definition": "the number of ways the particles of a system can be arranged"}','["chemistry"]','/tmp/h11a/fixture/notes/chemistry/reactions.md',7,'Reactions',0,'','/tmp/h11a/fixture/notes/chemistry/reactions.md',0,'8dcc35333fa7431835791129',1740992400000,0,0);
INSERT INTO "notes" VALUES(30,'50852a8852cd800e',2,'term','{"term": "Catalyst", "english": "", "abbr": "", "definition": "a substance that speeds up a reaction without being used up"}','["chemistry"]','/tmp/h11a/fixture/notes/chemistry/reactions.md',7,'Reactions',0,'','/tmp/h11a/fixture/notes/chemistry/reactions.md',1,'326de937b772e15ffb2af015',1740992400000,0,0);
INSERT INTO "notes" VALUES(31,'ea4d59fa8e6d336a',2,'figure','{"text": "Raising the temperature by 10 degrees roughly doubles the rate of many reactions, while a catalyst can make one {{c1::1000 times}} faster", "context": ""}','["chemistry"]','/tmp/h11a/fixture/notes/chemistry/reactions.md',9,'Reactions',0,'','/tmp/h11a/fixture/notes/chemistry/reactions.md',2,'7bb2c525aacdc5983b80e3ce',1740992400000,0,0);
INSERT INTO "notes" VALUES(32,'bd42bd9bec123806',3,'term','{"term": "Entropy", "english": "", "abbr": "", "definition": "a measure of how spread out a system''s energy is"}','["physics"]','/tmp/h11a/fixture/notes/physics/heat.md',9,'Efficiency',0,'','/tmp/h11a/fixture/notes/physics/heat.md',0,'237e53b3f6194b725eb226e6',1740992400000,0,0);
INSERT INTO "notes" VALUES(33,'bdf3cc0f6712e52f',3,'figure','{"text": "A typical car engine turns about {{c1::25%}} of its fuel''s energy into motion", "context": "A typical car engine turns about {{c1::25%}} of its fuel''s energy into motion, and a large power station about 40% of it."}','["physics"]','/tmp/h11a/fixture/notes/physics/heat.md',9,'Efficiency',0,'','/tmp/h11a/fixture/notes/physics/heat.md',1,'bc51d11b0281150af48b7bf4',1740992400000,0,0);
INSERT INTO "notes" VALUES(34,'7b594857c8f0b138',3,'figure','{"text": "A typical car engine turns about 25% of its fuel''s energy into motion, and a large power station about {{c1::40%}} of it", "context": ""}','["physics"]','/tmp/h11a/fixture/notes/physics/heat.md',9,'Efficiency',0,'','/tmp/h11a/fixture/notes/physics/heat.md',2,'57bcc9ca075391da96dfadc9',1740992400000,0,0);
INSERT INTO "notes" VALUES(35,'0de5e5d524b2f695',3,'figure','{"text": "The first working steam engine pumped water out of mines in 1712, and it burned {{c1::12 tonnes}} of coal a day", "context": ""}','["physics"]','/tmp/h11a/fixture/notes/physics/heat.md',11,'Efficiency',0,'','/tmp/h11a/fixture/notes/physics/heat.md',3,'9ebaf20a3e49f32eca6a6962',1740992400000,0,0);
CREATE TABLE presets (name TEXT PRIMARY KEY, options TEXT NOT NULL) STRICT;
INSERT INTO "presets" VALUES('Default','{"new_per_day": 20, "reviews_per_day": 200, "desired_retention": 0.9, "learning_steps": "1m 10m", "relearning_steps": "10m", "maximum_interval": 36500, "bury_siblings": true, "rollover_hour": 4, "leech_threshold": 8, "leech_action": "suspend", "review_order": "due", "parameters": [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]}');
CREATE TABLE revlog (
            id INTEGER PRIMARY KEY,
            card INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            reviewed_at INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL,
            imported INTEGER NOT NULL DEFAULT 0,
            
    b_state INTEGER NOT NULL, b_step INTEGER, b_stability REAL, b_difficulty REAL,
    b_due INTEGER, b_last_review INTEGER, b_reps INTEGER NOT NULL, b_lapses INTEGER NOT NULL
,
            
    a_state INTEGER NOT NULL, a_step INTEGER, a_stability REAL, a_difficulty REAL,
    a_due INTEGER, a_last_review INTEGER, a_reps INTEGER NOT NULL, a_lapses INTEGER NOT NULL

        ) STRICT;
INSERT INTO "revlog" VALUES(1,1,1740992407000,3,7000,0,0,NULL,NULL,NULL,0,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993007000,1740992407000,1,0);
INSERT INTO "revlog" VALUES(2,3,1740992414000,1,7000,0,0,NULL,NULL,NULL,1000,NULL,0,0,1,0,0.212,6.4133,1740992474000,1740992414000,1,0);
INSERT INTO "revlog" VALUES(3,5,1740992421000,3,7000,0,0,NULL,NULL,NULL,2000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993021000,1740992421000,1,0);
INSERT INTO "revlog" VALUES(4,6,1740992428000,4,7000,0,0,NULL,NULL,NULL,3000,NULL,0,0,2,NULL,8.2956,1.0,1741597228000,1740992428000,1,0);
INSERT INTO "revlog" VALUES(5,8,1740992435000,2,7000,0,0,NULL,NULL,NULL,4000,NULL,0,0,1,0,1.2931,5.11217070560105568688e+00,1740992765000,1740992435000,1,0);
INSERT INTO "revlog" VALUES(6,10,1740992442000,3,7000,0,0,NULL,NULL,NULL,5000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993042000,1740992442000,1,0);
INSERT INTO "revlog" VALUES(7,11,1740992449000,3,7000,0,0,NULL,NULL,NULL,6000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993049000,1740992449000,1,0);
INSERT INTO "revlog" VALUES(8,13,1740992456000,1,7000,0,0,NULL,NULL,NULL,7000,NULL,0,0,1,0,0.212,6.4133,1740992516000,1740992456000,1,0);
INSERT INTO "revlog" VALUES(9,14,1740992463000,3,7000,0,0,NULL,NULL,NULL,8000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993063000,1740992463000,1,0);
INSERT INTO "revlog" VALUES(10,15,1740992470000,3,7000,0,0,NULL,NULL,NULL,9000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993070000,1740992470000,1,0);
INSERT INTO "revlog" VALUES(11,17,1740992477000,3,7000,0,0,NULL,NULL,NULL,10000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993077000,1740992477000,1,0);
INSERT INTO "revlog" VALUES(12,3,1740992484000,4,7000,0,1,0,0.212,6.4133,1740992474000,1740992414000,1,0,2,NULL,4.24379963876633736763e-01,5.20002036951683788146e+00,1741078884000,1740992484000,2,0);
INSERT INTO "revlog" VALUES(13,44,1740992491000,3,7000,0,0,NULL,NULL,NULL,0,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993091000,1740992491000,1,0);
INSERT INTO "revlog" VALUES(14,46,1740992498000,3,7000,0,0,NULL,NULL,NULL,1000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993098000,1740992498000,1,0);
INSERT INTO "revlog" VALUES(15,48,1740992505000,1,7000,0,0,NULL,NULL,NULL,2000,NULL,0,0,1,0,0.212,6.4133,1740992565000,1740992505000,1,0);
INSERT INTO "revlog" VALUES(16,48,1740992512000,3,7000,0,1,0,0.212,6.4133,1740992565000,1740992505000,1,0,1,1,2.46689187775672724711e-01,6.40211506929683782374e+00,1740993112000,1740992512000,2,0);
INSERT INTO "revlog" VALUES(17,44,1740992519000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993091000,1740992491000,1,0,2,NULL,2.3065,2.11121423578539513243e+00,1741165319000,1740992519000,2,0);
INSERT INTO "revlog" VALUES(18,49,1740992526000,3,7000,0,0,NULL,NULL,NULL,0,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1740993126000,1740992526000,1,0);
INSERT INTO "revlog" VALUES(19,51,1740992533000,4,7000,0,0,NULL,NULL,NULL,1000,NULL,0,0,2,NULL,8.2956,1.0,1741942933000,1740992533000,1,0);
INSERT INTO "revlog" VALUES(20,13,1741078940000,3,7000,0,1,0,0.212,6.4133,1740992516000,1740992456000,1,0,1,1,1.88678761952041540439e+00,6.40211506929683782374e+00,1741079540000,1741078940000,2,0);
INSERT INTO "revlog" VALUES(21,8,1741078947000,3,7000,0,1,0,1.2931,5.11217070560105568688e+00,1740992765000,1740992435000,1,0,1,1,4.5460294410661248321e+00,5.10228690419229291563e+00,1741079547000,1741078947000,2,0);
INSERT INTO "revlog" VALUES(22,1,1741078954000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993007000,1740992407000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741597354000,1741078954000,2,0);
INSERT INTO "revlog" VALUES(23,5,1741078961000,2,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993021000,1740992421000,1,0,1,1,5.31879276748807683361e+00,4.75285848853255732393e+00,1741079561000,1741078961000,2,0);
INSERT INTO "revlog" VALUES(24,10,1741078968000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993042000,1740992442000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770168000,1741078968000,2,0);
INSERT INTO "revlog" VALUES(25,11,1741078975000,1,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993049000,1740992449000,1,0,1,0,5.71299179345028163012e-01,7.39450274127971773907e+00,1741079035000,1741078975000,2,0);
INSERT INTO "revlog" VALUES(26,14,1741078982000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993063000,1740992463000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741683782000,1741078982000,2,0);
INSERT INTO "revlog" VALUES(27,15,1741078989000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993070000,1740992470000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741597389000,1741078989000,2,0);
INSERT INTO "revlog" VALUES(28,46,1741078996000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993098000,1740992498000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770196000,1741078996000,2,0);
INSERT INTO "revlog" VALUES(29,48,1741079003000,3,7000,0,1,1,2.46689187775672724711e-01,6.40211506929683782374e+00,1740993112000,1740992512000,2,0,2,NULL,2.02147725163819202975e+00,6.39094132352437949151e+00,1741251803000,1741079003000,3,0);
INSERT INTO "revlog" VALUES(30,45,1741079010000,3,7000,0,0,NULL,NULL,NULL,1,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1741079610000,1741079010000,1,0);
INSERT INTO "revlog" VALUES(31,49,1741079017000,3,7000,0,1,1,2.3065,2.11810397045901588342e+00,1740993126000,1740992526000,1,0,2,NULL,7.31530074407728,2.11121423578539513243e+00,1741770217000,1741079017000,2,0);
INSERT INTO "revlog" VALUES(32,52,1741079024000,3,7000,0,0,NULL,NULL,NULL,2000,NULL,0,0,1,1,2.3065,2.11810397045901588342e+00,1741079624000,1741079024000,1,0);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX notes_origin ON notes(origin);
CREATE INDEX cards_queue ON cards(deck_id, state, due) WHERE suspended = 0 AND orphaned = 0;
CREATE INDEX cards_note ON cards(note);
CREATE INDEX cards_deck ON cards(deck_id, orphaned, suspended);
CREATE INDEX revlog_card ON revlog(card, reviewed_at);
CREATE INDEX revlog_time ON revlog(reviewed_at);
COMMIT;
