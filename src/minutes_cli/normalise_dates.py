"""Dates, weeks, quarters and clock times in Swedish minutes, normalised.

Pure functions: no printing, no I/O, and no exception for any input
string -- what cannot be read is skipped or returned as None, never
guessed. Every Swedish word comes from `lexicon`; the regular
expressions are built from it once, at import time.

Values:
    "YYYY-MM-DD"  a day             "4 september 2020", "2020-09-04", "ons 21/3"
    "YYYY-MM"     a month           "i juni", "juni 2022"
    "YYYY-Qn"     a quarter         "Q4", "Q1 2021", "kvartal 2"
    "YYYY-Www"    an ISO week       "vecka 45", "v. 45", "v45"
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterator, NamedTuple, Sequence

from . import lexicon as _lx

__all__ = [
    "DateHit", "date_from_filename", "find_dates", "infer_year", "meeting_date", "parse_times",
    "resolve_due", "years_in",
]


@dataclass(frozen=True)
class DateHit:
    value: str  # "YYYY-MM-DD", "YYYY-MM", "YYYY-Qn" or "YYYY-Www"
    text: str  # the matched words as written in the input
    start: int  # character offsets of the match in the input
    end: int


# ---------------------------------------------------------------- regex building blocks

_B = r"(?<![^\W_])"  # not preceded by a letter or digit ("_" counts as a separator, as in file names)
_E = r"(?![^\W_])"  # not followed by a letter or digit
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash


def _phrase(words: str) -> str:
    """A lexicon entry as a regex: escaped, any run of blanks between its words."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _alt(words) -> str:
    """Alternation of lexicon entries, longest first so "september" wins over "sep"."""
    return "|".join(_phrase(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _full_months() -> dict[str, int]:
    # the longest form of each month is its full name ("september", "maj"); only full names may stand
    # without a day ("i jul" is Christmas, not July)
    best: dict[int, str] = {}
    for word, num in _lx.MONTHS.items():
        if num not in best or len(word) > len(best[num]):
            best[num] = word
    return {w: n for n, w in best.items()}


_FULL_MONTHS = _full_months()
_ABBR_MONTHS = {w: n for w, n in _lx.MONTHS.items() if w not in _FULL_MONTHS}
# weekdays that may stand alone as a relative due date ("senast fredag"); the short forms
# ("mån", "tor", "fre") are too often other words
_FULL_WEEKDAYS = {w: n for w, n in _lx.WEEKDAYS.items() if len(w) >= 6}
_DUE_WORDS = frozenset(w.lower() for w in _lx.DUE_WORDS)


def _lead(p: str) -> str:
    """Optional weekday and article before a day date: "Fredagen den ", "ons ", "den "."""
    return (rf"(?:(?P<{p}wd>{_alt(_lx.WEEKDAYS)}){_E}\.?,?\s+)?"
            rf"(?:(?:{_alt(_lx.DATE_ARTICLES)})\s+)?")


_ORD = rf"(?:{_alt(_lx.ORDINAL_SUFFIXES)})?"

# "2020-09-04" (also with . or / between the parts)
_ISO = rf"{_B}{_lead('i_')}(?P<i_y>(?:19|20)\d\d)(?P<i_s>[-./])(?P<i_m>\d{{1,2}})(?P=i_s)(?P<i_d>\d{{1,2}})(?!\d)"
# "04.09.2020", "4-9-2020": day, month, four-digit year
_DMY = rf"{_B}{_lead('p_')}(?P<p_d>\d{{1,2}})(?P<p_s>[-.])(?P<p_m>\d{{1,2}})(?P=p_s)(?P<p_y>{_YEAR})"
# "24-10-21", "24.12.06": YY-MM-DD standing alone as a token
_SHORT = (rf"{_B}{_lead('y_')}(?<![^\s(\[])(?P<y_y>\d\d)(?P<y_s>[-.])(?P<y_m>\d\d)(?P=y_s)(?P<y_d>\d\d)"
          r"(?=[.,;:)\]]?(?:\s|$))")
# "Fredagen den 4 september 2020", "20:e december", "den 15-16 september", "4 sept. 2020", "19 april, 2018"
_TEXT = (rf"{_B}{_lead('t_')}(?P<t_d>\d{{1,2}}){_ORD}(?:\s*{_DASH}\s*(?P<t_d2>\d{{1,2}}){_ORD})?\.?\s*"
         rf"(?:(?P<t_mon>{_alt(_FULL_MONTHS)}){_E}|(?P<t_mab>{_alt(_ABBR_MONTHS)}){_E}\.?)"
         rf"(?:,?\s+(?P<t_y>{_YEAR}))?")
# "21/10", "ons 21/3", "21/3/2021"
_SLASH = (rf"{_B}{_lead('s_')}(?P<s_d>\d{{1,2}})/(?P<s_m>\d{{1,2}})(?:/(?P<s_y>(?:19|20)\d\d|\d\d))?(?!\d|/\d){_E}"
          rf"(?!\s+(?:{_alt(_lx.FRACTION_WORDS)}){_E})")
# "i juni", "till mötet i december", "juni 2022"
_MONTH = (rf"{_B}(?:(?P<m_lead>{_alt(_lx.MONTH_PREPOSITIONS)})\s+)?(?P<m_mon>{_alt(_FULL_MONTHS)}){_E}"
          rf"(?:,?\s+(?P<m_y>{_YEAR}))?")
# "Q4", "Q 4", "Q1 2021", "kvartal 2" -- not "Q22"
_QUARTER = rf"{_B}(?:{_alt(_lx.QUARTER_WORDS)})\.?\s*(?P<q_n>[1-4]){_E}(?:,?\s+(?P<q_y>{_YEAR}))?"
# "vecka 45", "v. 45", "v45", "v 45-46"
_WEEK = (rf"{_B}(?:{_alt(_lx.WEEK_WORDS)})\s*(?P<w_n>\d{{1,2}})(?!\d|[.:,]\d){_E}"
         rf"(?:\s*{_DASH}\s*\d{{1,2}}(?!\d){_E})?(?:,?\s+(?P<w_y>{_YEAR}))?")

_KINDS = (("ISO", _ISO), ("DMY", _DMY), ("SHORT", _SHORT), ("TEXT", _TEXT), ("SLASH", _SLASH),
          ("MONTH", _MONTH), ("QUARTER", _QUARTER), ("WEEK", _WEEK))
_DAY_KINDS = frozenset({"ISO", "DMY", "SHORT", "TEXT", "SLASH"})
# what every kind above begins with: a digit, or a word that leads a date (a weekday, "den", "i", a month,
# "kv", "vecka"). Looked for once at a word's start, it lets the search pass over the other words of a
# text without trying each kind there; it changes no match.
_LEAD_WORDS = (*_lx.WEEKDAYS, *_lx.DATE_ARTICLES, *_lx.MONTH_PREPOSITIONS, *_FULL_MONTHS, *_lx.QUARTER_WORDS,
               *_lx.WEEK_WORDS)
_DATE_START = rf"{_B}(?=\d|{_alt(_LEAD_WORDS)})"
_DATE_RE = re.compile(_DATE_START + "(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _KINDS) + ")", re.IGNORECASE)

# file names: "styrelsemote_190311.md" (YYMMDD), "20190311", "protokoll_24-10-21.md"
_PATH_SEP = re.compile(r"[\\/]")
_DIGIT_RE = re.compile(r"\d")
_FILE_RE = re.compile(
    rf"{_B}(?:(?P<cy>(?:19|20)\d\d)(?P<cm>\d\d)(?P<cd>\d\d)|(?P<y>\d\d)(?P<s>[-.]?)(?P<m>\d\d)(?P=s)(?P<d>\d\d)){_E}")

# (each year's first digit is taken before the look back for a letter or digit in front of it, so that the
# search jumps from one 1 or 2 to the next)
_YEARS_RE = re.compile(rf"(1(?<![^\W_]1)99\d|2(?<![^\W_]2)0\d\d){_E}")
_YEAR_LEADS = ("19", "20")  # what a match of _YEARS_RE begins with

# clock times
_CLOCK = (rf"(?P<h1>\d{{1,2}})(?:[:.](?P<m1>\d\d))?"
          rf"(?:\s*(?:{_DASH}|(?:{_alt(_lx.TIME_RANGE_WORDS)}){_E})\s*(?P<h2>\d{{1,2}})(?:[:.](?P<m2>\d\d))?)?"
          r"(?![^\W_]|[:./]\d)")
_TIME_WORD = rf"(?:{_alt(_lx.TIME_WORDS)})(?!\w)"
_KL_RE = re.compile(rf"{_B}{_TIME_WORD}\s*{_CLOCK}", re.IGNORECASE)
_BARE_RE = re.compile(rf"(?<![\w:./,\-\u2013\u2014]){_CLOCK}", re.IGNORECASE)
_AFTER_DATE_RE = re.compile(rf"[\s,]*(?P<kl>{_TIME_WORD}\s*)?{_CLOCK}", re.IGNORECASE)

# due-date phrases without a written date
_NEXT_RE = re.compile(rf"{_B}(?:(?:{_alt(_lx.DUE_WORDS)})\s+)?(?:{_alt(_lx.NEXT_MEETING_WORDS)}){_E}",
                      re.IGNORECASE)
_REL_WEEKDAY_RE = re.compile(rf"{_B}(?:{_alt(_lx.DUE_WORDS)})\s+(?P<wd>{_alt(_FULL_WEEKDAYS)}){_E}",
                             re.IGNORECASE)
_REL_DAY_RE = re.compile(rf"{_B}(?P<rel>{_alt(_lx.RELATIVE_DAYS)}){_E}", re.IGNORECASE)
_VAGUE_RE = re.compile(rf"{_B}(?:{_alt(_lx.VAGUE_DUE_WORDS)}){_E}", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")
_CLAUSE_END_RE = re.compile(r"[;!?]|\.\s")


# ---------------------------------------------------------------- small helpers

def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except (ValueError, TypeError, OverflowError):
        return None


def _iso_week(y: int, w: int) -> date | None:
    try:
        return date.fromisocalendar(y, w, 1)
    except (ValueError, TypeError, OverflowError):
        return None


def _as_date(ref) -> date | None:
    if isinstance(ref, datetime):
        return ref.date()
    return ref if isinstance(ref, date) else None


def _clean_years(years) -> tuple[int, ...]:
    out = []
    try:
        for y in years or ():
            if isinstance(y, int) and not isinstance(y, bool) and 1 <= y <= 9999:
                out.append(y)
    except TypeError:
        pass
    return tuple(out)


def _single_year(years: tuple[int, ...]) -> int | None:
    distinct = set(years)
    return next(iter(distinct)) if len(distinct) == 1 else None


def _weekday(word: str | None) -> int | None:
    return None if word is None else _lx.WEEKDAYS.get(word.lower())


def _period_end(value: str) -> date | None:
    """The last day a value covers (for "is it in the past?")."""
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        y = int(value[:4])
        if value[5] == "Q":
            q = int(value[6])
            return date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
        if value[5] == "W":
            return date.fromisocalendar(y, int(value[6:]), 7)
        m = int(value[5:7])
        return date(y + (m == 12), 1 if m == 12 else m + 1, 1) - timedelta(days=1)
    except (ValueError, IndexError, OverflowError):
        return None


# ---------------------------------------------------------------- years

def years_in(text: str) -> list[int]:
    """Four-digit years 1990..2099 in a text (also inside ISO dates and file names), distinct, in order."""
    if not isinstance(text, str):
        return []
    return list(_years_in(text))


@functools.lru_cache(maxsize=4)  # the segmenter and the header both read the years of the whole text
def _years_in(text: str) -> tuple[int, ...]:
    """What `_YEARS_RE.finditer` finds, asked only where a year can begin: at each "19" and "20", which str.find
    finds fast (the search stopped at every 1 and 2 to try the pattern). Two years cannot overlap (a year's
    digits are no boundary), so these are the same matches; the pattern looks behind the place it is asked at."""
    found = []
    for lead in _YEAR_LEADS:
        i = text.find(lead)
        while i >= 0:
            m = _YEARS_RE.match(text, i)
            if m:
                found.append((i, int(m.group(1))))
            i = text.find(lead, i + 1)
    found.sort()
    return tuple(dict.fromkeys(y for _, y in found))


def known_years(text: str, source: str = "", reference: date | None = None) -> list[int]:
    """The years a document's dates without one are read against: those its text mentions, else the
    year in its file name, else the reference date's year."""
    return years_in(text) or years_in(source.rsplit("/", 1)[-1]) or ([reference.year] if reference else [])


def infer_year(month: int, day: int, weekday: int | None, years: Sequence[int],
               ref: date | None = None) -> int | None:
    """The year of a day-month written without one.

    With a weekday: the year within +-10 of the mentioned `years` (else of `ref`'s year) in which
    day-month falls on that weekday, nearest to them; a tie goes to the later year.
    Without: `ref`'s year; else the single distinct year of `years`; else None.
    """
    ys = _clean_years(years)
    ref = _as_date(ref)
    if weekday is None:
        y = ref.year if ref is not None else _single_year(ys)
        return y if y is not None and _day(y, month, day) else None
    anchors = sorted(set(ys)) or ([ref.year] if ref is not None else [])
    if not anchors:
        return None
    best: tuple[int, int] | None = None
    for y in range(max(1, anchors[0] - 10), min(9999, anchors[-1] + 10) + 1):
        d = _day(y, month, day)
        if d is None or d.weekday() != weekday:
            continue
        dist = min(abs(y - a) for a in anchors)
        if best is None or dist < best[0] or (dist == best[0] and y > best[1]):
            best = (dist, y)
    return best[1] if best else None


# ---------------------------------------------------------------- dates

class _Raw(NamedTuple):
    kind: str
    start: int
    end: int
    text: str
    value: str | None  # None: read as a date expression but not resolvable (or not a valid date)


def _resolve_day(y: int | None, m: int, d: int, wd: int | None, ref: date | None,
                 years: tuple[int, ...]) -> str | None:
    if y is None:
        y = infer_year(m, d, wd, years, ref)
        if y is None:
            return None
    dd = _day(y, m, d)
    return dd.isoformat() if dd else None


def _year2(s: str | None) -> int | None:
    if s is None:
        return None
    return int(s) if len(s) == 4 else 2000 + int(s)


def _text_date(g: re.Match, ref: date | None, years: tuple[int, ...]) -> str | None:
    month = _lx.MONTHS.get((g["t_mon"] or g["t_mab"]).lower())
    if month is None or (g["t_d2"] is not None and not 1 <= int(g["t_d2"]) <= 31):
        return None
    y = int(g["t_y"]) if g["t_y"] else None
    return _resolve_day(y, month, int(g["t_d"]), _weekday(g["t_wd"]), ref, years)


def _month(g: re.Match, ref: date | None, years: tuple[int, ...]) -> str | None:
    if not g["m_lead"] and not g["m_y"]:
        return None  # a bare month name is not a date
    month = _FULL_MONTHS[g["m_mon"].lower()]
    if g["m_y"]:
        y = int(g["m_y"])
    elif ref is not None:
        y = ref.year if month >= ref.month else ref.year + 1
    else:
        y = _single_year(years)
    return None if y is None else f"{y:04d}-{month:02d}"


def _quarter(g: re.Match, ref: date | None, years: tuple[int, ...]) -> str | None:
    q = int(g["q_n"])
    if g["q_y"]:
        y = int(g["q_y"])
    elif ref is not None:
        y = ref.year if q >= (ref.month - 1) // 3 + 1 else ref.year + 1
    else:
        y = _single_year(years)
    return None if y is None else f"{y:04d}-Q{q}"


def _week(g: re.Match, ref: date | None, years: tuple[int, ...]) -> str | None:
    w = int(g["w_n"])
    if not 1 <= w <= 53:
        return None
    if g["w_y"]:
        y = int(g["w_y"])
    elif ref is not None:
        ry, rw, _ = ref.isocalendar()
        y = next((c for c in range(ry, ry + 12) if (c, w) >= (ry, rw) and _iso_week(c, w)), None)
    else:
        y = _single_year(years)
    return f"{y:04d}-W{w:02d}" if y is not None and _iso_week(y, w) else None


# how each kind of date written is read: the match's groups, the reference date, the document's years
_RESOLVERS = {
    "ISO": lambda g, ref, years: _resolve_day(int(g["i_y"]), int(g["i_m"]), int(g["i_d"]), None, ref, years),
    "DMY": lambda g, ref, years: _resolve_day(int(g["p_y"]), int(g["p_m"]), int(g["p_d"]), None, ref, years),
    "SHORT": lambda g, ref, years: _resolve_day(2000 + int(g["y_y"]), int(g["y_m"]), int(g["y_d"]), None, ref, years),
    "TEXT": _text_date,
    "SLASH": lambda g, ref, years: _resolve_day(_year2(g["s_y"]), int(g["s_m"]), int(g["s_d"]), _weekday(g["s_wd"]),
                                                ref, years),
    "MONTH": _month,
    "QUARTER": _quarter,
    "WEEK": _week,
}


def _resolve(kind: str, g: re.Match, ref: date | None, years: tuple[int, ...]) -> str | None:
    how = _RESOLVERS.get(kind)
    return how(g, ref, years) if how else None


@functools.lru_cache(maxsize=1024)
def _date_matches(text: str) -> tuple[re.Match, ...]:
    """What the date pattern finds in `text`, remembered: the header, the segmenter and the detector ask about
    the same lines, each with its own reference date and years (which only the reading of a match needs)."""
    return tuple(_DATE_RE.finditer(text))


def _scan(text: str, ref: date | None, years: tuple[int, ...]) -> Iterator[_Raw]:
    for m in _date_matches(text):
        kind = m.lastgroup
        value = _resolve(kind, m, ref, years)  # (the match gives its groups by name: no dict built)
        if kind == "MONTH" and value is None and not m.group("m_lead") and not m.group("m_y"):
            continue  # a bare month name: not a date expression at all
        yield _Raw(kind, m.start(), m.end(), m.group(), value)


def find_dates(text: str, ref: date | None = None, years: Sequence[int] = ()) -> list[DateHit]:
    """Every date expression in `text`, in order, resolved; unresolvable ones are skipped."""
    if not isinstance(text, str):
        return []
    return [DateHit(r.value, r.text, r.start, r.end)
            for r in _scan(text, _as_date(ref), _clean_years(years)) if r.value is not None]


def has_digit(text) -> bool:
    """Is `text` a string with a decimal digit (of any script, as the date and time patterns read one)? Every day
    date and clock time has one (the segmenter and the header ask too)."""
    return isinstance(text, str) and _DIGIT_RE.search(text) is not None


def meeting_date(text: str, years: Sequence[int] = ()) -> DateHit | None:
    """The first full day date (YYYY-MM-DD) in a header line."""
    if not has_digit(text):
        return None  # at once: every day date has one
    for hit in find_dates(text, None, years):
        if len(hit.value) == 10:
            return hit
    return None


def date_from_filename(name: str) -> str | None:
    """A full date in a file name ("styrelsemote_190311.md", "2022-05-30-protokoll.md"), else None."""
    if not isinstance(name, str):
        return None
    base = _PATH_SEP.split(name)[-1]
    found: list[tuple[int, str]] = []
    for r in _scan(base, None, ()):
        if r.value is not None and len(r.value) == 10:
            found.append((r.start, r.value))
    for m in _FILE_RE.finditer(base):
        if m.group("cy"):
            d = _day(int(m.group("cy")), int(m.group("cm")), int(m.group("cd")))
        else:
            d = _day(2000 + int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d is not None:
            found.append((m.start(), d.isoformat()))
    return min(found)[1] if found else None


# ---------------------------------------------------------------- clock times

def _clock(h: str, m: str | None) -> str | None:
    hh, mm = int(h), int(m) if m is not None else 0
    return f"{hh:02d}:{mm:02d}" if hh <= 23 and mm <= 59 else None


def parse_times(text: str) -> tuple[str | None, str | None]:
    """Start and end clock time ("HH:MM") of the first time expression in `text`.

    Read: after a time word ("kl. 8.30-12.00", "klockan 19:30", "kl. 13-15"); a bare range with
    minutes on both sides ("13:00-14:30"); and a time or range right after a day date
    ("ons 21/3 13-15"). A bare "13-15" is not a time.
    """
    if not has_digit(text):
        return None, None  # at once: every clock time has one
    cands: list[tuple[int, str, str | None]] = []
    for m in _KL_RE.finditer(text):
        start = _clock(m["h1"], m["m1"])
        if start:
            cands.append((m.start(), start, _clock(m["h2"], m["m2"]) if m["h2"] else None))
    for m in _BARE_RE.finditer(text):
        if m["m1"] and m["h2"] and m["m2"]:
            start, end = _clock(m["h1"], m["m1"]), _clock(m["h2"], m["m2"])
            if start and end:
                cands.append((m.start(), start, end))
    for r in _scan(text, None, ()):
        if r.kind not in _DAY_KINDS:
            continue
        m = _AFTER_DATE_RE.match(text, r.end)
        if m is None or not (m["kl"] or m["m1"] or m["h2"]):
            continue
        start = _clock(m["h1"], m["m1"])
        end = _clock(m["h2"], m["m2"]) if m["h2"] else None
        if start and (end or not m["h2"] or m["kl"]):
            cands.append((m.start(), start, end))
    if not cands:
        return None, None
    _, start, end = min(cands, key=lambda c: c[0])
    return start, end


# ---------------------------------------------------------------- due dates

class _Cand(NamedTuple):
    start: int
    end: int
    text: str
    value: str | None  # None: a due expression that names no resolvable date
    introduced: bool


def _introduced(text: str, start: int) -> bool:
    """Is one of the due words among the three words before `start` (same clause)?"""
    before = text[max(0, start - 80):start]
    cut = None
    for cut in _CLAUSE_END_RE.finditer(before):
        pass
    if cut is not None:
        before = before[cut.end():]
    return any(w.lower() in _DUE_WORDS for w in _WORD_RE.findall(before)[-3:])


def _valid_iso(s) -> str | None:
    if not isinstance(s, str) or len(s) != 10:
        return None
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        return None


def resolve_due(text: str, meeting: date | None, years: Sequence[int] = (),
                next_meeting: str | None = None) -> DateHit | None:
    """The due date of an action sentence, or None.

    A date introduced by a due word ("senast", "till", "på", ...) wins, the last such; else, when
    the sentence has a due phrase that names no date ("i höst", "till nästa möte" without
    `next_meeting`, an unresolvable date), None; else the last date. Dates before the meeting
    are skipped.
    """
    if not isinstance(text, str):
        return None
    meeting = _as_date(meeting)
    cands: list[_Cand] = []
    spans: list[tuple[int, int]] = []
    for r in _scan(text, meeting, _clean_years(years)):
        spans.append((r.start, r.end))
        if r.value is not None and meeting is not None:
            last = _period_end(r.value)
            if last is not None and last < meeting:
                continue  # a past date is not a due date
        cands.append(_Cand(r.start, r.end, r.text, r.value, _introduced(text, r.start)))

    starts = [s for s, _ in spans]  # (the dates, in order and apart: only the last that starts before a
    # phrase ends can overlap it, found by bisection rather than by a look at every date for every phrase)

    def inside_date(m: re.Match) -> bool:
        i = bisect.bisect_left(starts, m.end()) - 1
        return i >= 0 and spans[i][1] > m.start()

    nxt = _valid_iso(next_meeting)
    for m in _NEXT_RE.finditer(text):
        if not inside_date(m):
            cands.append(_Cand(m.start(), m.end(), m.group(), nxt, True))
    for m in _REL_WEEKDAY_RE.finditer(text):
        if inside_date(m):
            continue
        value = None
        if meeting is not None:
            ahead = (_FULL_WEEKDAYS[m["wd"].lower()] - meeting.weekday()) % 7 or 7
            value = (meeting + timedelta(days=ahead)).isoformat()
        cands.append(_Cand(m.start(), m.end(), m.group(), value, True))
    for m in _REL_DAY_RE.finditer(text):
        if not inside_date(m):
            days = _lx.RELATIVE_DAYS[" ".join(m["rel"].lower().split())]
            value = (meeting + timedelta(days=days)).isoformat() if meeting is not None else None
            cands.append(_Cand(m.start(), m.end(), m.group(), value, True))
    for m in _VAGUE_RE.finditer(text):
        if not inside_date(m):
            cands.append(_Cand(m.start(), m.end(), m.group(), None, True))

    cands.sort(key=lambda c: c.start)
    chosen = ([c for c in cands if c.introduced and c.value]
              or ([] if any(c.introduced for c in cands) else [c for c in cands if c.value]))
    if not chosen:
        return None
    c = chosen[-1]
    return DateHit(c.value, c.text, c.start, c.end)
