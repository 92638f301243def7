"""Glossary terms in every form real notes write them, and what is not a term: each form in
Chinese and in English, with notes written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycards.errors import NoteError
from studycards.model import CardKind, NoteType
from studycards.notes.cards import cards_of
from studycards.notes.extract.deck import Extraction, extract_note
from studycards.notes.reading import parse_note

# (front, back) of every term card a note gives.
Terms = dict[str, str]


def built(text: str) -> Extraction:
    return extract_note(parse_note(text.encode("utf-8"), "note.md"))


def terms_of(text: str) -> Terms:
    found: Terms = {}
    for note in built(text).deck.notes:
        if note.type is NoteType.TERM:
            (card, *_) = cards_of(note)
            found[card.front] = card.back
    return found


def skipped_of(text: str) -> list[tuple[int, str, str]]:
    return [(skip.line, skip.text, skip.reason) for skip in built(text).skipped]


FORMS = {
    # 1 and 2: a gloss after the bold, full-width or ASCII parentheses.
    "gloss after, full-width": (
        "长期来看，**复利**（Compound Interest: 利息再生利息）决定了储蓄的结果。",
        {"复利": "Compound Interest\n利息再生利息"},
    ),
    "gloss after, ASCII": (
        "Plants rely on **photosynthesis** (turning light into sugar) every day.",
        {"photosynthesis": "turning light into sugar"},
    ),
    "gloss after, an abbreviation and its expansion": (
        "**净推荐值**（NPS: Net Promoter Score）衡量口碑。",
        {"净推荐值": "Net Promoter Score (NPS)"},
    ),
    # 3: the gloss inside the bold.
    "gloss inside": (
        "他最爱的书是**瓦尔登湖（Walden）**，每年都重读。",
        {"瓦尔登湖": "Walden"},
    ),
    "gloss inside, quoted": (
        "投资人常说**“护城河”（moat）**决定一家公司能走多远。",
        {"护城河": "moat"},
    ),
    "gloss inside, with a comma": (
        "财报里最常见的是**同比，YoY**和环比。",
        {"同比": "YoY"},
    ),
    "gloss inside, the word after it is not the term's": (
        "我们用上了**CDN（内容分发网络）服务**来加速。",
        {"CDN": "内容分发网络"},
    ),
    "gloss inside, two terms in one bold": (
        "团队引入了**灰度发布（Canary Release）、特性开关（Feature Toggle）、代码评审**等做法。",
        {"灰度发布": "Canary Release", "特性开关": "Feature Toggle"},
    ),
    "gloss inside, a modifier before the term": (
        "这是一个**讨厌的内存泄漏（Memory Leak）**，查了三天。",
        {"内存泄漏": "Memory Leak"},
    ),
    # 4: a colon definition after a bold term, in running text or a list item.
    "colon inside the bold": (
        "**Tariff:** a tax on goods that cross a border.",
        {"Tariff": "a tax on goods that cross a border."},
    ),
    "colon after the bold": (
        "- **Quota**: a limit on how much of a good may be imported.",
        {"Quota": "a limit on how much of a good may be imported."},
    ),
    "full-width colon, a defining word": (
        "- **边际成本**：是多生产一单位产品所增加的成本。",
        {"边际成本": "是多生产一单位产品所增加的成本。"},
    ),
    "italic term in a list": (
        "- *Osmosis*: water moving across a membrane.",
        {"Osmosis": "water moving across a membrane."},
    ),
    # 5: a dash definition in a list item, and a gloss inside the bold before the colon.
    "dash definition": (
        "- **Feature creep** – scope that keeps growing after work has begun.",
        {"Feature creep": "scope that keeps growing after work has begun."},
    ),
    "gloss inside the bold, then a colon": (
        "* **CPI (Consumer Price Index):** the average change in the prices people pay.",
        {"CPI": "Consumer Price Index\nthe average change in the prices people pay."},
    ),
    # 6: links, footnotes, code and nested parentheses inside a gloss stay as text.
    "link in the gloss": (
        "**副本**（replica，见[图 3](#fig3)）保证了数据不丢。",
        {"副本": "replica\n见图 3"},
    ),
    "code in the gloss": (
        "它有**长期记忆**（通过 `memory.md` 文件保存）。",
        {"长期记忆": "通过 memory.md 文件保存"},
    ),
    "nested parentheses and a footnote in the gloss": (
        "**飞轮效应**（由柯林斯（Jim Collins）提出[^1]）解释了增长。\n\n[^1]: 见《从优秀到卓越》。",
        {"飞轮效应": "由柯林斯（Jim Collins）提出"},
    ),
    # 7: a label before the gloss is dropped.
    "label prefix": (
        "计算机只懂**机器码**（英语：machine code）。",
        {"机器码": "machine code"},
    ),
    # 8: a definition after the gloss.
    "gloss then a dash definition": (
        "- **Shadow IT**（影子IT）- 未经批准就用的工具",
        {"Shadow IT": "影子IT\n未经批准就用的工具"},
    ),
    # 9: punctuation between the bold and its gloss.
    "book-title marks": (
        "我最近读了《**三体**》（The Three-Body Problem）。",
        {"三体": "The Three-Body Problem"},
    ),
    "quotes around the bold": (
        "他们靠“**飞轮**”（flywheel）一步步做大。",
        {"飞轮": "flywheel"},
    ),
    # 10: definition lists and `Term :: definition`.
    "definition list": (
        "Opportunity cost\n: what you give up by choosing one option over another\n",
        {"Opportunity cost": "what you give up by choosing one option over another"},
    ),
    "double colon": (
        "Inflation :: a general rise in prices over time",
        {"Inflation": "a general rise in prices over time"},
    ),
    # 11: an HTML comment tag and a callout.
    "comment tag in a callout": (
        "> [!note] 架构\n> **微服务** <!-- term:Microservice --> (Microservice): 小而独立的服务。",
        {"微服务": "Microservice\n小而独立的服务。"},
    ),
    # Forms English study notes use besides those.
    "definition on the item's next line": (
        "- **Dialysis**\n  Blood is cleaned by a machine when the kidneys fail.",
        {"Dialysis": "Blood is cleaned by a machine when the kidneys fail."},
    ),
    "a sentence that defines its bold subject": (
        "A **catalyst** is a substance that speeds up a reaction without being used up.",
        {"catalyst": "a substance that speeds up a reaction without being used up."},
    ),
    # A name translates each English word in a few characters; an abbreviation stands for
    # one word a letter, a run-together name for its parts.
    "a long name for an abbreviation": (
        "这套系统叫**人工智能生成内容（AIGC）**，现在很常见。",
        {"人工智能生成内容": "AIGC"},
    ),
    "a long name for a run-together English name": (
        "前端同学离不开**浏览器开发者工具（DevTools）**。",
        {"浏览器开发者工具": "DevTools"},
    ),
    # A verb that opens advice is part of a noun when little follows it.
    "a noun that starts like advice": (
        "平台看重**关注度**（Attention），也看重**所有权**（Ownership）和**停止位**（stop bit）。",
        {"关注度": "Attention", "所有权": "Ownership", "停止位": "stop bit"},
    ),
    # A term that counts its parts: the list in its parentheses spells them out.
    "a counted term and its parts": (
        "画画先学**三原色**（红、黄、蓝），再学调色。",
        {"三原色": "红、黄、蓝"},
    ),
    "an acronym and the items its letters stand for": (
        "事务要满足**ACID**（原子性、一致性、隔离性、持久性），分布式系统要权衡**CAP定理**"
        "（一致性、可用性、分区容错性）。",
        {"ACID": "原子性、一致性、隔离性、持久性", "CAP定理": "一致性、可用性、分区容错性"},
    ),
    "an English gloss with commas is still a gloss": (
        "We moved to **cloud hosting** (renting servers, disks, networks) last year.",
        {"cloud hosting": "renting servers, disks, networks"},
    ),
    "a name with a number in it": (
        "**Apollo 11**（阿波罗11号）was the first crewed landing on the Moon.",
        {"Apollo 11": "阿波罗11号"},
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(FORMS.values()), ids=list(FORMS))
def test_every_glossary_form_gives_its_term_card(text: str, expected: Terms) -> None:
    assert terms_of(text) == expected


NOT_TERMS = {
    "emphasis with an aside": (
        "这个方案更**稳定**（虽然不是完全稳定），上线后问题少了。",
        "an aside",
    ),
    "emphasis with examples": (
        "他们请来了**所有愿意帮忙的人**（朋友、同学、邻居等）。",
        "examples",
    ),
    "a slogan with its translation": (
        "我们的信条是**慢就是快**（Slow is fast）。",
        "slogan",
    ),
    "an English slogan": (
        "- **Speed is a feature**（速度就是功能）- 用户先感到快。",
        "slogan",
    ),
    "a numbered heading in bold": (
        "**2. Hiring and culture**（招聘与文化）\n\nWe hired slowly.",
        "numbered",
    ),
    "a numbered stage": (
        "- **第二阶段：规模化（Scale）**",
        "label",
    ),
    "a scope note before a colon": (
        "**分布函数**（离散和连续）：给出随机变量不超过某值的概率。",
        "scope note",
    ),
    "a figure in bold": (
        "他们的团队只有**30 人**（含实习生）。",
        "figure",
    ),
    "a date in the parentheses": (
        "**GPT-3**（2020年）改变了一切。",
        "date",
    ),
    "a citation": (
        "**Scheduler** (src/fsrs.rs) decides the next review.",
        "citation",
    ),
    "a list label with no gloss": (
        "1. **明确目标**：先把要解决的问题写下来。",
        "point",
    ),
    "a label before an instruction": (
        "- **First pass**: make the headings bigger.",
        "numbered",
    ),
    "a numbered step": (
        "**Step 3** (the last one): sand the edges smooth.",
        "numbered",
    ),
    "a label before speech": (
        "- **Review**: you should read it twice.",
        "speech",
    ),
    "a label before a list": (
        "- *Radiation types*: X-rays, gamma rays",
        "list",
    ),
    "a field label with a value": (
        "- **Channel:** Lab Notes\n- **Published:** 2026-01-05",
        "value",
    ),
    "a generic label in English": (
        "- *Example*: Ice → water when warmed on a stove",
        "generic label",
    ),
    "a generic label in Chinese": (
        "**注意**（Note）：拆机前先拔掉电源。",
        "generic label",
    ),
    "examples enumerated in the parentheses": (
        "这家供应商提供**多云部署**（支持甲云、乙云、丙云），客户自己挑。",
        "examples",
    ),
    "a phrase with the translation of one word": (
        "1. **每天早上先喝一杯温水（Hydration）**：对身体好。",
        "a phrase with its translation",
    ),
    "a clause with the translation of its object": (
        "这个工具让你**同时管理好几个远程仓库（remote repos）**，很省事。",
        "a phrase with its translation",
    ),
    "advice with the translation of a word": (
        "1. **关注客户留存（Retention）**：老客户比新客户便宜。",
        "a phrase with its translation",
    ),
    "advice with two words translated": (
        "我们的原则是**保持简单（simple）和直接（direct）**，不绕弯子。",
        "a phrase with its translation",
    ),
    "advice in English with its translation": (
        "- **Keep your docs short**（文档要短）- nobody reads long ones.",
        "a clause",
    ),
    "a section label with nothing after it": (
        "**Key takeaways:**\n\n- Save early.",
        "nothing",
    ),
}


@pytest.mark.parametrize(("text", "reason"), list(NOT_TERMS.values()), ids=list(NOT_TERMS))
def test_what_is_not_a_term_makes_no_card_and_says_why(text: str, reason: str) -> None:
    assert terms_of(text) == {}
    skipped = skipped_of(text)
    assert skipped, "dropped without a word"
    assert any(reason in why for _, _, why in skipped), skipped


def test_speaker_labels_in_a_transcript_are_labels_even_with_a_gloss() -> None:
    text = (
        "**主持人（小林）：** 欢迎回来。\n\n**嘉宾：** 谢谢邀请。\n\n"
        "**主持人（小林）：** 我们聊聊定价。\n\n**嘉宾：** 好的，先说结论。\n"
    )
    assert terms_of(text) == {}
    reasons = {why for _, _, why in skipped_of(text)}
    assert reasons and all(why.startswith("a label that opens paragraph") for why in reasons)
    english = "**Host:** Welcome back.\n\n**Guest:** Thanks.\n\n**Host:** So, pricing.\n"
    assert terms_of(english) == {}


def test_a_transcript_speaker_once_is_still_a_label() -> None:
    text = (
        "**Ana:** Hello.\n\n**Ben:** Hi there.\n\n**Ana:** Let us start.\n\n**Ana:** Fine.\n\n"
        "**Cleo (producer):** One more thing before we go.\n"
    )
    assert terms_of(text) == {}


def test_skips_name_their_line_and_quote_the_annotation() -> None:
    text = "# Title\n\nIntro.\n\n这个方案更**稳定**（虽然不是完全稳定）。\n"
    ((line, quoted, reason),) = skipped_of(text)
    assert line == 5 and quoted.startswith("稳定（虽然") and "aside" in reason


def test_the_same_term_in_two_senses_under_two_headings_is_two_cards() -> None:
    text = (
        "## Gene mutations\n\n- **Deletion**: one or more bases are lost.\n\n"
        "## Chromosome mutations\n\n- **Deletion**: a segment of a chromosome is lost.\n"
    )
    backs = [
        cards_of(note)[0].back for note in built(text).deck.notes if note.type is NoteType.TERM
    ]
    assert backs == ["one or more bases are lost.", "a segment of a chromosome is lost."]


def test_a_reverse_card_that_gives_the_answer_away_is_not_made() -> None:
    text = (
        "- **GPU** (a GPU-style parallel processor): chips for graphics.\n"
        "- **Ledger**: a book of accounts.\n"
        "**Kanban**（看板，一种任务管理方法）很流行。\n"
    )
    kinds = {
        note["term"]: [card.kind for card in cards_of(note)]
        for note in built(text).deck.notes
        if note.type is NoteType.TERM
    }
    assert kinds == {
        "GPU": [CardKind.TERM],  # its expansion names it
        "Ledger": [CardKind.TERM, CardKind.REVERSE],
        "Kanban": [CardKind.TERM, CardKind.REVERSE],
    }


def test_glosses_are_cut_from_figure_cards_but_asides_stay() -> None:
    text = (
        "**复利**（Compound Interest）让储蓄在30年里翻了四倍，更**稳定**（虽然不总是）增长了50%。"
    )
    fronts = [
        card.front
        for note in built(text).deck.notes
        if note.type is NoteType.FIGURE
        for card in cards_of(note)
    ]
    assert fronts and all("Compound" not in front for front in fronts)


_PIECES = [
    "**",
    "*",
    "（",
    "）",
    "(",
    ")",
    "：",
    ":",
    " – ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "术语",
    "Term",
    "English Name",
    "定义是一种东西",
    "a definition of it",
    "50%",
    "`code`",
    "[link](https://x.org/1)",
    "<!-- term:X -->",
    "[^1]",
    " :: ",
    "、",
    "，",
    "“",
    "”",
    "《",
    "》",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40).map("".join))
def test_arbitrary_markdown_gives_cards_or_a_clear_error(text: str) -> None:
    try:
        result = built(text)
    except NoteError as error:
        assert str(error).startswith("note.md")
        return
    for note in result.deck.notes:
        for card in cards_of(note):
            for side in (card.front, card.back):
                assert side.strip() and "**" not in side and "https://x.org" not in side
    for skip in result.skipped:
        assert skip.line >= 1 and skip.reason
