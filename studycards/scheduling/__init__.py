"""When each card is due: py-fsrs and Anki's rules around it (anki_rules.py), the scheduler
of live answers (scheduler.py), the replay of a card's history (replay.py), the forgetting
curve and the optimizer fitted on the user's own answers. Pure: no files, no SQLite."""
