"""The pipeline: read -> clean -> header -> segment -> detect -> normalise.

`parse_text` and `parse_path` are the library's entry points. They never
print and never exit; a file that cannot be read raises `InputError`.
"""
from __future__ import annotations

import datetime as _dt
import os

from .model import Minutes
from .read import SourceText, decode, read_path


def parse_text(text: str, source: str = "<text>", reference_date: _dt.date | None = None) -> Minutes:
    """Parse minutes given as a string."""
    src = SourceText(source, tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")), "str")
    return parse_source(src, reference_date)


def parse_bytes(data: bytes, source: str = "<stdin>", reference_date: _dt.date | None = None) -> Minutes:
    """Parse minutes given as bytes (standard input). Raises InputError."""
    return parse_source(decode(data, source), reference_date)


def parse_path(path: str | os.PathLike, reference_date: _dt.date | None = None) -> Minutes:
    """Parse a minutes file. Raises InputError when it cannot be read."""
    return parse_source(read_path(path), reference_date)


def parse_source(src: SourceText, reference_date: _dt.date | None = None) -> Minutes:
    # TODO(core): the stages are being written; this returns the bare record.
    return Minutes(source=src.source, warnings=src.warnings)
