"""Grammars that find typed values in text: dates, terms (deadlines), the election calendar, sessions,
bodies (owners) and citations. They know words only through ``shailoo.corpus``; they know nothing of
tables or formats."""
