"""Today's work: the daily limits (limits.py), the queue in Anki's order (queue.py), today's
counts (due_counts.py, daily.py), a review session with its answers and undo (session.py,
answering.py, undo.py) and the statistics (stats.py)."""
