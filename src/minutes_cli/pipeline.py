"""The pipeline: read -> clean -> header -> segment -> detect -> normalise.

`parse_text`, `parse_bytes` and `parse_path` read one file as one meeting;
their `*_all` forms return one record per meeting, so that a file logging
several meetings (`## Möte 3 mars`, `## Möte 10 mars`) gives each its own
record with its own date. They never print and never exit; a file that
cannot be read raises `InputError`. `rules` replaces the package's rules with a
`RuleSet` of the caller's (`minutes_cli.rules.load([...])`, a house's phrasing).
`actions=False` (the `*_all` forms) looks for decisions only: the records have
no actions, and the rest is what a full parse gives (no decision depends on an
action); it is what `minutes decisions` asks, at about two thirds of the cost.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import replace

from . import clean, detect, header, likeness, segment
from .model import Meeting, Minutes
from .normalise_names import People
from .read import MAX_BYTES, SourceText, decode, read_path
from .rules.engine import RuleSet


def parse_text(text: str, source: str = "<text>", reference_date: _dt.date | None = None,
               rules: RuleSet | None = None) -> Minutes:
    """Parse minutes given as a string."""
    src = SourceText(source, tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")), "str")
    return parse_source(src, reference_date, rules)


def parse_bytes(data: bytes, source: str = "<stdin>", reference_date: _dt.date | None = None,
                rules: RuleSet | None = None) -> Minutes:
    """Parse minutes given as bytes (standard input). Raises InputError."""
    return parse_source(decode(data, source), reference_date, rules)


def parse_path(path: str | os.PathLike, reference_date: _dt.date | None = None,
               rules: RuleSet | None = None) -> Minutes:
    """Parse a minutes file. Raises InputError when it cannot be read."""
    return parse_source(read_path(path), reference_date, rules)


def parse_text_all(text: str, source: str = "<text>", reference_date: _dt.date | None = None,
                   rules: RuleSet | None = None, actions: bool = True) -> list[Minutes]:
    src = SourceText(source, tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")), "str")
    return parse_source_all(src, reference_date, rules, actions)


def parse_bytes_all(data: bytes, source: str = "<stdin>", reference_date: _dt.date | None = None,
                    rules: RuleSet | None = None, max_bytes: int | None = MAX_BYTES,
                    actions: bool = True) -> list[Minutes]:
    return parse_source_all(decode(data, source, max_bytes=max_bytes), reference_date, rules, actions)


def parse_path_all(path: str | os.PathLike, reference_date: _dt.date | None = None,
                   rules: RuleSet | None = None, max_bytes: int | None = MAX_BYTES,
                   actions: bool = True) -> list[Minutes]:
    """Every meeting the file logs; a file over `max_bytes` (or a .docx/.odt unpacking to more) raises LimitError."""
    return parse_source_all(read_path(path, max_bytes=max_bytes), reference_date, rules, actions)


def parse_source_all(src: SourceText, reference_date: _dt.date | None = None,
                     rules: RuleSet | None = None, actions: bool = True) -> list[Minutes]:
    """One record per meeting the file logs (usually one)."""
    lines = clean.strip_debris(src.lines)
    blks = clean.blocks(lines)
    spans = segment.meetings(blks, src.lines, src.source, reference_date)
    if len(spans) < 2:
        return [_parse_cleaned(src, lines, blks, reference_date, rules, actions)]  # each stage once per file
    preamble = spans[0][0] - 1
    out = []
    for first, last in spans:
        # keep the file's line numbers: lines of the other meetings are blanked, the preamble (title) kept
        # (the copy made of slices: the spans rise from the preamble's end, each within the file)
        lines = src.lines[:preamble] + ("",) * (first - 1 - preamble) + src.lines[first - 1:last] \
            + ("",) * (len(src.lines) - last)
        out.append(parse_source(replace(src, lines=lines), reference_date, rules, actions))
    return out


def parse_source(src: SourceText, reference_date: _dt.date | None = None, rules: RuleSet | None = None,
                 actions: bool = True) -> Minutes:
    """The whole file as one meeting."""
    lines = clean.strip_debris(src.lines)
    return _parse_cleaned(src, lines, clean.blocks(lines), reference_date, rules, actions)


def _parse_cleaned(src: SourceText, lines: list[str], blks: list[clean.Block],
                   reference_date: _dt.date | None, rules: RuleSet | None = None, actions: bool = True) -> Minutes:
    """The whole file as one meeting, from its cleaned lines and blocks."""
    h = header.read_header(lines, blks, src.source, "\n".join(src.lines), reference_date)
    items, item_of = segment.find_items(blks, h.end_line)
    h = header.officers(h, blks, items, item_of)
    people = People(h.participants)
    meeting_day = _dt.date.fromisoformat(h.date) if h.date else reference_date
    nm = h.next_meeting.date if h.next_meeting else None
    formal = any((i.number or "").startswith("§") for i in items)
    det = detect.Detector(blks, item_of, people, meeting_day, h.years, nm, after_line=h.end_line, formal=formal,
                          rules=rules, actions=actions)
    det.run()
    meeting = Meeting(title=h.title, date=h.date, date_source=h.date_source, start=h.start, end=h.end,
                      place=h.place, chair=h.chair, minutes_taker=h.minutes_taker, next_meeting=h.next_meeting,
                      line=h.date_line)
    # a decision of a formal protocol keeps the § and the matter's diary number of its item
    by_id = {i.id: i for i in items}
    det.decisions = [replace(d, paragraph=by_id[d.item].number, dnr=by_id[d.item].dnr)
                     if d.item in by_id and (by_id[d.item].number or "").startswith("§") else d for d in det.decisions]
    if src.locations:
        items = [replace(i, location=src.location(i.line)) for i in items]
        det.decisions = [replace(d, location=src.location(d.line)) for d in det.decisions]
        det.actions = [replace(a, location=src.location(a.line)) for a in det.actions]
        h.participants = [replace(p, location=src.location(p.line)) for p in h.participants]
    warnings = list(src.warnings) + [f"{src.source}: {w}" for w in dict.fromkeys(people.warnings)]
    return likeness.check(Minutes(source=src.source, meeting=meeting, participants=tuple(h.participants),
                                  items=tuple(items), decisions=tuple(det.decisions), actions=tuple(det.actions),
                                  warnings=tuple(warnings)), lines)
