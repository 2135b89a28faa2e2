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


class LimitError(InputError):
    """The file is larger, unpacks to more, or takes longer than a limit allows (`--max-file-size`,
    `--timeout-per-file`)."""


# Bytes a file name could not be decoded with (kept by Python as lone surrogates, PEP 383), and control
# characters (an escape sequence in a name would drive the terminal it is shown on).
_UNSHOWABLE = {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}
_UNSHOWABLE.update({c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F) if c not in (0x09,)})
_UNSHOWABLE.update({c: f"\\u{c:04x}" for c in range(0x80, 0xA0)})


def shown(name: str) -> str:
    """A file name as it can be shown and written as UTF-8 text: an undecodable byte (a name from a Windows zip)
    as `\\xe9`, a control character (ESC, a line break) as `\\x1b`; any other name as it is."""
    return name.translate(_UNSHOWABLE)
