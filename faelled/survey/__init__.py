"""Data culture and readiness for change: instruments, rounds, anonymous responses, scoring.

instruments   versioned item banks (YAML, Danish and English) and their validation
model         initiative, units (a hierarchy), rounds, responses; the initiative file
store         the survey tables (Ibis), tokens kept only as hashes
respond       answering through a single-use link
admin         setting up: create, open a round, issue links, import (CLI and server alike)
scoring       per-instrument scores from one group's answers (pure functions)
stats         mean, median, Welch's interval, Cronbach's α
anonymity     minimum 5 respondents and complementary protection over the unit tree
results       one round's results: scored, protected, compared with the round before
commons       each unit's data-quality contribution beside its survey results
imports       SurveyXact and LimeSurvey CSV exports
demo          the demo commons' initiatives with two rounds of synthetic answers
"""
