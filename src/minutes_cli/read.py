"""Stage 1, read: bytes to text, one string per physical line.

Line numbers are 1-based and refer to the file as stored, so every record
can be checked against the original.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class SourceText:
    source: str  # the path as given, or "-" / "<stdin>"
    lines: tuple[str, ...]  # lines[0] is line 1
    encoding: str
    warnings: tuple[str, ...] = ()
    # for formats whose text is extracted (Word, PDF): where each line is in the original file,
    # e.g. "page 2, line 14" or "paragraph 12"; empty for plain text, where the line number says it all
    locations: tuple[str, ...] = ()

    def location(self, line: int) -> str | None:
        return self.locations[line - 1] if 0 < line <= len(self.locations) else None


def decode(data: bytes, source: str) -> SourceText:
    """Decode bytes to text. Raises InputError for binary or empty input."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        if b"\x00" in data[:8192]:
            raise InputError(source, "looks like a binary file, not text minutes; convert it to .txt or .md first")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            # Old Word exports: Windows-1252 is a superset of Latin-1 for text.
            text, enc = data.decode("cp1252", errors="replace"), "cp1252"
            warnings.append(f"{source}: not valid UTF-8, read as Windows-1252")
    if "\ufffd" in text:
        warnings.append(f"{source}: holds characters that could not be decoded (shown as \ufffd)")
    if not text.strip():
        raise InputError(source, "is empty; there are no minutes to read")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(source, tuple(text.split("\n")), enc, tuple(warnings))


def read_path(path: str | os.PathLike) -> SourceText:
    """Read a file from disk. Raises InputError with a one-line reason."""
    source = os.fspath(path)
    if os.path.isdir(source):
        raise InputError(source, "is a directory; name the minutes files in it (or use a shell glob)")
    try:
        with open(source, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(source, "no such file; check the path") from None
    except PermissionError:
        raise InputError(source, "permission denied; check that you may read the file") from None
    except OSError as e:
        raise InputError(source, f"cannot be read ({e.strerror or e}); check the path") from None
    return decode(data, source)
