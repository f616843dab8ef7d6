"""A teacher's project files: ``quizgen init``'s starter, and articles added to corpus/.

Imports nothing heavy: the command line imports ``commands`` at start-up.
"""
