"""The meeting's fields (title, date, time, place, chair, minutes taker, next meeting) read from
header layouts as interchangeable shapes.

Each shape is a pair of small functions: `fits` says how well the document has that layout (0 to 1)
and `read` reads the fields the layout gives. Every shape that fits is read and the fields merged:
a field comes from the best-fitting shape that gives it. The shapes:

- front matter: YAML (`---`) or TOML (`+++`) keys at the top of the file (`title`, `date`, `tid`);
- label block: labelled lines (`Datum: 2022-10-05`, `Tid 18.30-20.15`, `Plats: Klubbstugan`), the
  value after the label or, when the label stands alone (a heading, a PDF cover page with the labels
  in one column), in the block under it;
- label column: a PDF cover page with the label and its value in two columns of one line
  (`Ordförande        Lisa Holm`), or the value on the next line;
- one line: the date, time and place in a line near the top (`Styrelsemöte 3 maj 2023 kl. 19 i Q24`);
- body: the times the meeting was opened and closed (`Mötets öppnande 12.17`, `## Mötet avslutas`
  with `12:50` under it, `Ordföranden förklarade mötet öppnat kl. 19:02`);
- comment metadata (`.. date: 2016-11-24`) and the file name, last.

A new layout is one more (name, fits, read) entry in `SHAPES`; its words go in lexicon.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Callable

import regex as re

from . import lexicon as lx
from . import normalise_dates as nd
from .clean import HEADING, Block, alternation
from .header_search import Texts, at_start, hints
from .model import NextMeeting
from .normalise_dates import date_from_filename, find_dates, meeting_date, parse_times


_alts = alternation


TIME_LABEL = re.compile(r"^(" + _alts(lx.TIME_LABELS) + r")\b\s*:?\s*", re.I)
_PLACE_LABEL = re.compile(r"^(" + _alts(lx.PLACE_LABELS) + r")\b\s*:?\s*(.*)$", re.I)
# a label in a column of its own, its value after a wide gap, after leader dots or on the next line
_COLUMN_GAP = r"\b\s*(?::\s*(?=[._…])|:?(?:\t+|\s{3,}|\s*$))(.*)$"
_CHAIR_LABEL = re.compile(r"^(" + _alts(lx.CHAIR_LABELS) + r")" + _COLUMN_GAP, re.I)
_MINUTES_LABEL = re.compile(r"^(" + _alts(lx.MINUTES_LABELS) + r")" + _COLUMN_GAP, re.I)
_COLUMN = re.compile(r"\t+|\s{3,}")
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
_MARKS = re.compile(r"[*#_]")
_FULL_NAME = re.compile(r"^\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+){1,3}$")
_MEETING_WORD = re.compile(r"\b(?:" + _alts(lx.MEETING_WORDS) + r")\b", re.I)
_OPENED = re.compile(lx.OPENED, re.I)
_CLOSED = re.compile(lx.CLOSED, re.I)
_OPENED_LABEL = re.compile(r"^(?:" + _alts(lx.OPENED_LABELS) + r")\b\s*:?\s*(.*)$", re.I)
_CLOSED_LABEL = re.compile(r"^(?:" + _alts(lx.CLOSED_LABELS) + r")\b\s*:?\s*(.*)$", re.I)


def _metadata_date() -> re.Pattern:
    """A line of metadata: `lx.METADATA_DATE` after a "\n" (`^` with re.M scans slowly in `regex`), its usual
    lead (spaces, `..`) looked behind: a search then stops at the word alone, not at every line break."""
    lead = r"^\s*(?:\.\.\s*)?"
    if lx.METADATA_DATE.startswith(lead):
        return re.compile(r"(?<=\n" + lead[1:] + ")" + lx.METADATA_DATE.removeprefix(lead), re.I)
    return re.compile(r"\n" + lx.METADATA_DATE.removeprefix("^"), re.I)


_METADATA_DATE = _metadata_date()
_NEXT = re.compile(r"^(" + _alts(lx.NEXT_MEETING_LEADS) + r")\b", re.I)
# of `_NEXT` and `_NEXT_ANNOUNCED` (a run found by `str.find`: a text that starts with a lead has one too)
_NEXT_HINTS = hints(lx.NEXT_MEETING_LEADS)
_NEXT_ANNOUNCED = re.compile(r"\b(" + _alts(lx.NEXT_MEETING_LEADS) + r")\b.{0,40}\b(äger rum|hålls|blir|är)\b", re.I)
_TIME = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")
_TIME_START = re.compile(r"^(kl|klockan|\d{1,2}[.:]\d{2})", re.I)
# the place after the time in a sentence: "klockan 19:30 i Q24", "kl. 14.00, Åsens bygdegård" (the comma
# form only on the line that gives the date or time)
_PLACE_IN_TEXT = re.compile(r"(?:kl\.?|klockan)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?)?\s+"
                            r"(?:i|på|hos)\s+(\p{L}.{1,80}?)\s*\.?$", re.I)
_PLACE_AFTER_TIME = re.compile(r"\d{1,2}[.:]\d{2}\s*,\s*(\p{L}[^,]{1,80}?)\s*\.?$", re.I)
_TIME_TAIL = re.compile(r",?\s*(?:kl\.?|klockan)\s*\d.*$", re.I)
_LETTERS = re.compile(r"\p{L}{3}")
_OTHER_DATE = re.compile(r"^(?:" + _alts(lx.OTHER_DATE_LABELS) + r")\b", re.I)


_DIGIT = re.compile(r"\d")


@dataclass
class Doc:
    """What the shapes read: the lines after `clean.strip_debris`, the blocks, the blocks of the header
    region (`top`), the file's name and its text as read (front matter and comments included)."""
    lines: list[str]
    blks: list[Block]
    top: list[Block]
    source: str
    original: str
    years: list[int]
    front: dict[str, str] = field(default_factory=dict)
    is_label: Callable[[str], bool] = lambda s: False  # a line that labels the header (people, stop labels)
    is_people_label: Callable[[str], bool] = lambda s: False  # a line that labels a list of people
    found: Texts | None = None  # the blocks' texts, to find the blocks a pattern may match in one search
    _day_dates: dict[str, nd.DateHit | None] = field(default_factory=dict, init=False, repr=False)
    _times: dict[str, tuple[str | None, str | None]] = field(default_factory=dict, init=False, repr=False)
    # the fields `read_meeting` has yet to read, while it reads a shape (None: all); a shape may leave the others
    wanted: set[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.found is None:
            self.found = Texts([b.text for b in self.blks])

    def day_date(self, text: str) -> nd.DateHit | None:
        """`meeting_date` of a text against the document's years, read once (two shapes read the top's dates)."""
        if text not in self._day_dates:
            self._day_dates[text] = meeting_date(text, self.years)
        return self._day_dates[text]

    def times(self, text: str) -> tuple[str | None, str | None]:
        """`parse_times` of a text, read once (the shapes ask about the same lines, some twice)."""
        if text not in self._times:
            self._times[text] = parse_times(text)
        return self._times[text]

    @cached_property
    def time_labelled(self) -> list[Block]:
        """The blocks of the top that start with a time label (`Tid: 18.30`), in order (three shapes ask)."""
        return [b for b in self.top if TIME_LABEL.match(b.text)]

    @cached_property
    def metadata_date(self) -> str | None:
        """The date of a metadata line (`.. date: 2016-11-24`) in the text as read."""
        m = _METADATA_DATE.search("\n" + (self.original or "\n".join(self.lines)))
        return m.group(1) if m else None

    @cached_property
    def column_values(self) -> list[tuple[str, str]]:
        """(field, value) of the cover-page lines of the first 400 (`Ordförande        Lisa Holm`)."""
        n = min(len(self.lines), 400)
        head = "\n" + "\n".join(self.lines[:n]).replace("*", "").replace("#", "").replace("_", "")  # `_MARKS`
        near = _lines_started(head, _COLUMN_LABEL_START) if head.count("\n") == n else range(n)  # (a line with "\n")
        hits = (_column_value(self, i) for i in near)
        return [hit for hit in hits if hit]


def _lines_started(text: str, pattern: re.Pattern) -> list[int]:
    """The lines of `text` (each after a "\n") where a match of `pattern` (that starts at a "\n" and keeps to
    its line) starts, in order: `Texts.touched` with no list of the lines built, the line counted on."""
    out: list[int] = []
    line, at = -1, 0
    for m in pattern.finditer(text):
        line += text.count("\n", at, m.start() + 1)
        at = m.start() + 1
        out.append(line)
    return out


@dataclass
class Fields:
    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    date_line: int | None = None
    start: str | None = None
    end: str | None = None
    place: str | None = None
    chair: str | None = None
    minutes_taker: str | None = None


# fields that travel together: a date with where it was read
_GROUPS = (("title",), ("date", "date_source", "date_line"), ("start",), ("end",), ("place",), ("chair",),
           ("minutes_taker",))


def _clock(m) -> str:
    return f"{int(m.group(1)):02d}:{m.group(2)}"


# ---------------------------------------------------------------- front matter


def _front_fields(doc: Doc) -> dict[str, str]:
    return {lx.FRONT_MATTER_KEYS[k]: v for k, v in doc.front.items()
            if k in lx.FRONT_MATTER_KEYS and v and v.casefold() not in ("null", "none", "~")}


def fits_front_matter(doc: Doc) -> float:
    return 1.0 if _front_fields(doc) else 0.0


def read_front_matter(doc: Doc) -> Fields:
    fm = _front_fields(doc)
    f = Fields(title=fm.get("title"), place=fm.get("place"), chair=fm.get("chair"),
               minutes_taker=fm.get("minutes_taker"))
    hit = meeting_date(fm.get("date", ""), doc.years)
    if hit:
        f.date, f.date_source = hit.value, "metadata"
    f.start, f.end = parse_times(fm.get("time") or fm.get("date", ""))
    return f


# ---------------------------------------------------------------- label block and label column


def _value_under(doc: Doc, k: int) -> Block | None:
    """The block under a label that stands alone: a short line that is not itself a label."""
    if k + 1 >= len(doc.blks):
        return None
    b = doc.blks[k + 1]
    if b.kind == HEADING or len(b.text) > 200 or doc.is_label(b.text) or _labelled_any(b.text):
        return None
    return b


def _labelled_any(s: str) -> bool:
    return any(p.match(s) for p in (TIME_LABEL, _PLACE_LABEL, _CHAIR_LABEL, _MINUTES_LABEL))


def fits_label_block(doc: Doc) -> float:
    n = doc.time_labelled or any(_PLACE_LABEL.match(b.text) for b in doc.top)
    return 0.9 if n else 0.0


def read_label_block(doc: Doc) -> Fields:
    f = Fields()
    labelled = doc.time_labelled
    _date_and_time(doc, labelled, f)
    if f.start is None:
        # `Tid och plats   Kommunhuset, kl. 13.00-16.00`: a time label without a date
        timed = next((b for b in labelled if doc.times(b.text)[0]), None)
        if timed is not None:
            f.start, f.end = doc.times(timed.text)
    for k, b in enumerate(doc.blks):
        if b.line > doc.top[-1].end_line:
            break
        m = _PLACE_LABEL.match(b.text)
        if not m or doc.is_people_label(b.text) or _OTHER_DATE.match(b.text):
            continue
        value = m.group(2).strip()
        under = _value_under(doc, k) if not value else None
        if under is not None:
            value = under.text
        if value:
            _place_from(value, f, doc.years)
            if f.start is None:
                _time_from_next(doc, (under or b).end_line, f)
            break
    return f


def _time_from_next(doc: Doc, line: int, f: Fields) -> None:
    """The value column goes on on the next line: `Plats och tid   Stadshuset` / `18 mars   Klockan 09:00-17:30`."""
    nxt = next((x for x in doc.blks if x.line > line), None)
    if nxt is not None and len(nxt.text) < 60:
        f.start, f.end = doc.times(nxt.text)


def _place_from(value: str, f: Fields, years) -> None:
    """`Kommunhuset, onsdagen den 17 maj 2023 kl. 18.00`: the place, and the time when none is known."""
    place = value.rstrip(".")
    if f.start is None:
        f.start, f.end = parse_times(place)
    place = _TIME_TAIL.sub("", place).strip(" ,") or place
    for hit in reversed(find_dates(place, None, years)):
        place = place[:hit.start] + place[hit.end:]
    f.place = place.strip(" ,;") or None


def fits_label_column(doc: Doc) -> float:
    return 0.8 if doc.column_values else 0.0


# a line that starts with a chair's or minutes taker's label, after what `strip` takes (the prefilter of
# `_column_value`)
_COLUMN_LABEL_START = at_start([*lx.CHAIR_LABELS, *lx.MINUTES_LABELS], r"[^\n\p{L}]*")


def _column_value(doc: Doc, i: int) -> tuple[str, str] | None:
    """(field, value) of a cover-page line `Ordförande        Lisa Holm`, or of a label alone on its
    line (`**Sekreterare**`) with the value on the next line."""
    s = _MARKS.sub("", doc.lines[i]).strip()
    for name, pattern in (("chair", _CHAIR_LABEL), ("minutes_taker", _MINUTES_LABEL)):
        m = pattern.match(s)
        if not m:
            continue
        rest = _LEADERS.sub("", m.group(2)).strip()
        value = _COLUMN.split(rest)[0] if rest else _next_line(doc, i)
        if value and _FULL_NAME.match(value):
            return name, value
    return None


def _next_line(doc: Doc, i: int) -> str | None:
    for s in doc.lines[i + 1:i + 4]:
        if s.strip():
            return _COLUMN.split(_MARKS.sub("", s).strip())[0]
    return None


def read_label_column(doc: Doc) -> Fields:
    f = Fields()
    for name, value in doc.column_values:
        if getattr(f, name) is None:
            setattr(f, name, value)
    return f


# ---------------------------------------------------------------- one line near the top


def fits_one_line(doc: Doc) -> float:
    return 0.5 if doc.top else 0.0


def read_one_line(doc: Doc) -> Fields:
    f = Fields()
    for b in doc.top:
        if b.kind in ("heading", "para") and not TIME_LABEL.match(b.text) and not doc.is_people_label(b.text) \
                and _LETTERS.search(b.text):
            f.title = b.text[:200]
            break
    if doc.wanted is not None and doc.wanted.isdisjoint(_WHEN_AND_WHERE):
        return f  # (the date, times and place are read already: the title alone)
    _date_and_time(doc, doc.top, f)
    if f.start is None:
        # a time standing alone on its line in the header (`Klockan 17:00 — 19:21`)
        alone = next((b for b in doc.top if _TIME_START.match(b.text) and len(b.text) < 40 and doc.times(b.text)[0]), None)
        if alone is not None:
            f.start, f.end = doc.times(alone.text)
    f.place = _place_in_top(doc, f.date_line)
    return f


def _place_in_top(doc: Doc, date_line: int | None) -> str | None:
    """The place after the time in a line of the header (`kl. 19:30 i Q24`), else a service it was held over."""
    for b in doc.top:
        if not _DIGIT.search(b.text):
            continue  # both patterns need a clock time
        on_date_line = date_line is not None and b.line <= date_line <= b.end_line or TIME_LABEL.match(b.text)
        pm = _PLACE_IN_TEXT.search(b.text) or (_PLACE_AFTER_TIME.search(b.text) if on_date_line else None)
        if pm:
            return pm.group(1)
    return _online_place(doc, date_line)


_WHEN_AND_WHERE = ("date", "start", "end", "place")
_ONLINE = re.compile(r"(?:\b(?:över|via|på|i|med)\s+|^\S*\d\S*\s+)(" + _alts(lx.ONLINE_PLACES) + r")\b", re.I)


_ONLINE_HINTS = hints(lx.ONLINE_PLACES)


def _online_place(doc: Doc, date_line: int | None) -> str | None:
    """`… genomfört över Zoom`, `2020-03-13 Zoom`: a service the meeting was held over, named in the header."""
    for b in (doc.top[k] for k in Texts([b.text for b in doc.top]).touched(*_ONLINE_HINTS)):
        m = _ONLINE.search(b.text)
        if m and (m.group(0).split()[0].casefold() in ("över", "via", "på", "i", "med") or b.line == date_line):
            return m.group(1)
    return None


def _date_and_time(doc: Doc, cands: list[Block], f: Fields) -> None:
    """The first line of `cands` with a full date gives the date, and the time after it (or on the next
    line, or on a `Tid` line of its own)."""
    for b in cands:
        hit = doc.day_date(b.text) if not _OTHER_DATE.match(b.text) else None
        if not hit:
            continue
        f.date, f.date_source, f.date_line = hit.value, "text", b.line_at(hit.start)
        f.start, f.end = doc.times(b.text[hit.start:])
        if f.start is None:
            nxt = next((x for x in doc.blks if x.line > b.end_line), None)
            if nxt is not None and _TIME_START.match(nxt.text):
                f.start, f.end = doc.times(nxt.text)
        if f.start is None:
            # `Datum: 2022-10-05` with `Tid: 18.30–20.15` on a line of its own
            t = next((t for t in doc.time_labelled if t is not b and doc.times(t.text)[0]), None)
            if t is not None:
                f.start, f.end = doc.times(t.text)
        return


# ---------------------------------------------------------------- the body: opened and closed


def fits_body(doc: Doc) -> float:
    return 0.3


def read_body(doc: Doc) -> Fields:
    f = Fields()
    # the times read already (a label gave them): the chair alone, named where the meeting is opened
    chair_only = doc.wanted is not None and "start" not in doc.wanted and "end" not in doc.wanted
    for k in doc.found.touched(*_OPENED_HINTS) if chair_only else _event_blocks(doc):
        b = doc.blks[k]
        if f.start is None and not chair_only:
            f.start = _event_time(doc, k, _OPENED_LABEL, _OPENED, False)
        if f.end is None and not chair_only:
            f.end = _event_time(doc, k, _CLOSED_LABEL, _CLOSED, True)
        if f.chair is None and _OPENED.search(b.text):
            m = _CHAIR_OPENS.match(b.text)
            f.chair = m.group(1) if m else None
    return f


def _event_blocks(doc: Doc) -> list[int]:
    """The blocks that may open or close the meeting (by a label or a verb): the others give `read_body` nothing."""
    return doc.found.touched(_EVENT_LABEL_START, *_OPENED_HINTS, *_CLOSED_HINTS)


_EVENT_LABEL_START = at_start([*lx.OPENED_LABELS, *lx.CLOSED_LABELS])
# every verb of `lx.OPENED` has `öppna`, of `lx.CLOSED` `avslut` (tests/test_header_search.py holds them to it)
_OPENED_HINTS, _CLOSED_HINTS = hints(["öppna"]), hints(["avslut"])
# the chair named where the meeting is opened: "Ordförande Eva Ek hälsar välkomna och förklarar mötet öppnat"
_CHAIR_OPENS = re.compile(r"^(?i:" + _alts(lx.CHAIR_LABELS) + r")(?:n|en)?\s+(\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+){1,3})"
                          r"(?:\s*\([^)]*\))?\s+\p{Ll}")


def _event_time(doc: Doc, k: int, label: re.Pattern, verb: re.Pattern, needs_meeting: bool) -> str | None:
    """The time of a heading or label that opens or closes the meeting (beside it or on the line under
    it), or of a sentence that says so (`förklarade mötet öppnat kl. 19:02`)."""
    b = doc.blks[k]
    m = label.match(b.text)
    if m:
        t = _TIME.search(m.group(1))
        if t is None and k + 1 < len(doc.blks) and len(doc.blks[k + 1].text) < 40:
            t = _TIME.match(doc.blks[k + 1].text.strip())
        return _clock(t) if t else None
    if b.kind not in ("para", "bullet", "numbered") or not verb.search(b.text):
        return None
    if needs_meeting and not _MEETING_WORD.search(b.text):
        return None
    t = _TIME.search(b.text)
    return _clock(t) if t else None


# ---------------------------------------------------------------- comments and the file name


def fits_comment_metadata(doc: Doc) -> float:
    return 0.2 if doc.metadata_date else 0.0


def read_comment_metadata(doc: Doc) -> Fields:
    return Fields(date=doc.metadata_date, date_source="metadata") if doc.metadata_date else Fields()


def fits_file_name(doc: Doc) -> float:
    return 0.1


def read_file_name(doc: Doc) -> Fields:
    d = date_from_filename(doc.source.rsplit("/", 1)[-1])
    return Fields(date=d, date_source="filename") if d else Fields()


@dataclass(frozen=True)
class Shape:
    name: str
    fits: Callable[[Doc], float]
    read: Callable[[Doc], Fields]
    gives: tuple[str, ...] = ()  # the fields its `read` may give (the first of each group); empty: any


SHAPES: tuple[Shape, ...] = (
    Shape("front matter", fits_front_matter, read_front_matter),
    Shape("label block", fits_label_block, read_label_block),
    Shape("label column", fits_label_column, read_label_column, ("chair", "minutes_taker")),
    Shape("one line", fits_one_line, read_one_line),
    Shape("body", fits_body, read_body, ("start", "end", "chair")),
    Shape("comment metadata", fits_comment_metadata, read_comment_metadata, ("date",)),
    Shape("file name", fits_file_name, read_file_name, ("date",)),
)


def read_meeting(doc: Doc, shapes: tuple[Shape, ...] = SHAPES) -> Fields:
    """Every shape that fits, read and merged: each field from the best-fitting shape that gives it."""
    fits = [(shape.fits(doc), n) for n, shape in enumerate(shapes)]
    ranked = [shapes[n] for fit, n in sorted(fits, key=lambda t: (-t[0], t[1])) if fit > 0]
    out = Fields()
    for shape in ranked:
        doc.wanted = {group[0] for group in _GROUPS if getattr(out, group[0]) is None}
        if shape.gives and doc.wanted.isdisjoint(shape.gives):
            continue  # (every field it gives is read already: not read)
        got = shape.read(doc)
        for group in _GROUPS:
            if getattr(out, group[0]) is None and getattr(got, group[0]) is not None:
                for name in group:
                    setattr(out, name, getattr(got, name))
    doc.wanted = None
    return out


FIELD_NAMES = tuple(f.name for f in fields(Fields))


# ---------------------------------------------------------------- next meeting


def next_meeting(blks: list[Block], date: str | None, texts: Texts | None = None) -> NextMeeting | None:
    """The next meeting: a line or heading that starts with its lead (`Nästa möte: 3 maj`, `### Nästa
    möte` with the date under it), else a sentence anywhere that announces it (`… Nästa möte blir den
    3 maj.`), dated from the words after the lead. `texts`: the blocks' texts (`Doc.found`)."""
    ref = dt.date.fromisoformat(date) if date else None
    texts = texts or Texts([b.text for b in blks])
    found: NextMeeting | None = None
    for k in texts.touched(*_NEXT_HINTS):
        b = blks[k]
        if not _NEXT.match(b.text):
            continue
        nm = _next_from(b, 0, ref)
        if nm.date is None and k + 1 < len(blks) and not _NEXT.match(blks[k + 1].text) \
                and blks[k + 1].kind != HEADING:
            under = _next_from(blks[k + 1], 0, ref)
            nm = under if under.date else nm
        if nm.date:
            return nm
        found = found or nm
    if found is not None:
        return found
    for k in texts.touched(*_NEXT_HINTS):
        b = blks[k]
        m = _NEXT_ANNOUNCED.search(b.text)
        if m:
            return _next_from(b, m.start(), ref)
    return None


def _next_from(b: Block, at: int, ref: dt.date | None) -> NextMeeting:
    hits = [x for x in find_dates(b.text[at:], ref) if len(x.value) == 10]
    if not hits:
        return NextMeeting(None, None, None, b.text[at:at + 200], b.line_at(at))
    start, end = parse_times(b.text[at + hits[0].start:])
    return NextMeeting(hits[0].value, start, end, b.text[at:at + 200], b.line_at(at + hits[0].start))
