"""Errors the library raises. Each message is one line that names the file
and says what to do; the CLI prints it as it is."""


class MinutesError(Exception):
    """Base class: anything that stops one file from being read."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class InputError(MinutesError):
    """The file is missing, unreadable, a directory, binary or empty."""
