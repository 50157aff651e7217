"""The user's mistakes: said in one line by the command, never as a traceback."""


class UsageError(Exception):
    """A command line or input the user can fix (a missing file, say)."""
