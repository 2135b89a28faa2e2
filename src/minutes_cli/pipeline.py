"""The pipeline: read -> clean -> header -> segment -> detect -> normalise.

`parse_text` and `parse_path` are the library's entry points. They never
print and never exit; a file that cannot be read raises `InputError`.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import replace

from . import clean, detect, header, segment
from .model import Meeting, Minutes
from .normalise_names import People
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
    blks = clean.blocks(src.lines)
    h = header.read_header(src.lines, blks, src.source)
    items, item_of = segment.find_items(blks, h.end_line)
    h = header.officers(h, blks, items, item_of)
    people = People(h.participants)
    meeting_day = _dt.date.fromisoformat(h.date) if h.date else reference_date
    nm = h.next_meeting.date if h.next_meeting else None
    det = detect.Detector(blks, item_of, people, meeting_day, h.years, nm)
    det.run()
    meeting = Meeting(title=h.title, date=h.date, date_source=h.date_source, start=h.start, end=h.end,
                      place=h.place, chair=h.chair, minutes_taker=h.minutes_taker, next_meeting=h.next_meeting,
                      line=h.date_line)
    if src.locations:
        items = [replace(i, location=src.location(i.line)) for i in items]
        det.decisions = [replace(d, location=src.location(d.line)) for d in det.decisions]
        det.actions = [replace(a, location=src.location(a.line)) for a in det.actions]
        h.participants = [replace(p, location=src.location(p.line)) for p in h.participants]
    warnings = list(src.warnings) + [f"{src.source}: {w}" for w in dict.fromkeys(people.warnings)]
    return Minutes(source=src.source, meeting=meeting, participants=tuple(h.participants), items=tuple(items),
                   decisions=tuple(det.decisions), actions=tuple(det.actions), warnings=tuple(warnings))
