"""Stage 7, the people register: one person, one name across an archive.

Minutes are typed by many hands over years, so one person turns up as
`Magnus Frithiof` and `Magnus Fritihof`, `Roger Nilsson` and `Roger O
Nilssson`, an organisation as `Region Kronoberg` and `Region Konoberg`. The
register is built from every record read in one run, and then gives each
spelling its canonical name:

1. the participant lists (the strongest evidence): every spelling is a node;
   two spellings are one person when a careful secretary would accept it
   (`_compatible`: the same first name or its initial, a surname a typo away,
   hyphen or space, a doubled letter, a middle initial present or not) and
   nothing speaks against it (never listed in the same meeting, no two
   different organisations, no clash with a third spelling, not forbidden in
   the aliases file);
2. user names in brackets (`Stefan Berggren (nsg)`, `nsg (Stefan Berggren)`),
   when the user name is itself listed somewhere;
3. a list entry that is only a first name, for the one person with it;
4. the chair, minutes taker and action owners, and full names in the text
   (when the texts are given): resolved to a person, never creating a merge
   of two listed spellings; a slip (`Andreas Elingfors` for the chair `Anders
   Elingfors`) only when nothing else fits.

The canonical spelling is the one listed in the most meetings, the earliest
on a tie, unless the aliases file fixes it. Organisations: declared
abbreviations, Sweden's municipalities (`Markaryds kommun` -> `Markaryd`)
and regions (`Region Konoberg` -> `Region Kronoberg`), then spellings a typo
apart. docs/people.md describes the rules and the aliases file.

Pure functions: nothing is printed, nothing exits; a bad aliases file raises
MinutesError.
"""
from __future__ import annotations

import os
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import regex as re

from . import lexicon as lx
from .errors import MinutesError
from .model import ABSENT, GUEST, PRESENT, Minutes, Participant

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as _toml  # type: ignore[no-redef]

try:
    from rapidfuzz.distance import OSA as _OSA

    def _osa(a: str, b: str) -> int:
        """Edit distance counting a swap of two neighbours as one edit (Frithiof / Fritihof)."""
        return _OSA.distance(a, b, score_cutoff=3)
except ModuleNotFoundError:  # pragma: no cover - rapidfuzz is a dependency; this keeps the module importable
    def _osa(a: str, b: str) -> int:
        d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) + 1):
            d[i][0] = i
        for j in range(len(b) + 1):
            d[0][j] = j
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                cost = a[i - 1] != b[j - 1]
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        return min(d[-1][-1], 3)

ALIASES_FILE = "minutes-aliases.toml"

# ---------------------------------------------------------------- spellings


_SPACES = re.compile(r"\s+")
_JOINERS = re.compile(r"[.\-_\u2010\u2013]+")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _clean(s: str) -> str:
    """The spelling as written, with white space collapsed and stray punctuation off the ends."""
    s = _SPACES.sub(" ", unicodedata.normalize("NFC", s or "")).strip(" \t,;:()[]*_\"'")
    return s.lstrip("@").strip()


@lru_cache(maxsize=65536)
def _key(s: str) -> str:
    """Spellings with the same key are the same name: case, hyphen or space, full stops, @."""
    return _SPACES.sub(" ", _JOINERS.sub(" ", _clean(s).casefold())).strip()


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    """Without accents and dots over letters (`Linnér` -> `linner`, `Åsa` -> `asa`)."""
    return "".join(c for c in unicodedata.normalize("NFD", s.casefold()) if not unicodedata.combining(c))


def _undouble(s: str) -> str:
    return _DOUBLE.sub(r"\1", s)


_PARTICLES = set(lx.NAME_PARTICLES)


@dataclass(frozen=True)
class _Name:
    text: str
    key: str
    given: tuple[str, ...]  # first name(s), casefolded; a first name written as an initial stays here
    initials: tuple[str, ...]  # single-letter middle initials ("Roger O Nilsson" -> ("o",))
    surname: str  # "" for a single word ("nsg", "Erika")

    @property
    def first(self) -> str:
        return self.given[0] if self.given else ""

    @property
    def single(self) -> bool:
        return not self.surname


@lru_cache(maxsize=65536)
def _parse(text: str) -> _Name:
    key = _key(text)
    toks = key.split()
    if len(toks) < 2:
        return _Name(_clean(text), key, tuple(toks), (), "")
    end = len(toks) - 1
    while end > 1 and toks[end - 1] in _PARTICLES:
        end -= 1
    surname = " ".join(toks[end:])
    middle = toks[1:end]
    return _Name(_clean(text), key, (toks[0],) + tuple(t for t in middle if len(t) > 1),
                 tuple(t for t in middle if len(t) == 1), surname)


def _how(a: str, b: str) -> str:
    """How spelling `a` differs from `b` (both one edit apart or closer), in words."""
    if _fold(a) == _fold(b):
        return f"'{a}' differs from '{b}' only in accents"
    if _undouble(a) == _undouble(b):
        return f"'{a}' differs from '{b}' by a doubled letter"
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return f"'{a}' has two letters of '{b}' swapped"
        return f"'{a}' is one letter from '{b}'"
    return f"'{a}' has one letter {'more' if len(a) > len(b) else 'less'} than '{b}'"


def _typo(a: str, b: str, min_len: int, first_name: bool = False) -> bool:
    """A slip of the keyboard: accents, a doubled letter, or one edit in a word of min_len letters or more.

    For first names, a letter more at the end is another name (`Erik` / `Erika`, `Johan` / `Johanna`).
    """
    if a == b:
        return False
    fa, fb = _fold(a), _fold(b)
    if fa == fb or _undouble(fa) == _undouble(fb):
        return True
    if first_name and (fa.startswith(fb) or fb.startswith(fa)):
        return False
    return min(len(fa), len(fb)) >= min_len and _osa(fa, fb) <= 1


def _compatible(a: _Name, b: _Name) -> tuple[int, list[str]] | None:
    """Could these two full names be one person? (level, reasons) or None.

    Level 0: the same name (case, hyphen or space); 1: a middle initial present
    or not, or a first name written as its initial; 2: one typo besides.
    """
    if a.single or b.single:
        return None
    if a.key == b.key:
        why = []
        if "-" in a.text + b.text and a.text.replace("-", " ").casefold() == b.text.replace("-", " ").casefold():
            why.append("hyphen or space")
        elif a.text != b.text:
            why.append("written differently" if a.text.casefold() != b.text.casefold() else "upper or lower case")
        return 0, why
    level, typos, why = 0, 0, []
    if a.initials and b.initials and a.initials != b.initials:
        return None
    if a.initials != b.initials:
        level = 1
        why.append(f"middle initial {(a.initials or b.initials)[0].upper()} written in one only")
    ga, gb = " ".join(a.given), " ".join(b.given)
    if ga == gb:
        why.append("same first name")
    elif (len(a.given) == 1 and len(a.first) == 1 and b.first.startswith(a.first)) or \
            (len(b.given) == 1 and len(b.first) == 1 and a.first.startswith(b.first)):
        level = max(level, 1)
        why.append("first name written as its initial")
    elif len(a.given) == len(b.given) and min(len(a.surname), len(b.surname)) >= 4 and _typo(ga, gb, 4, True):
        typos += 1
        why.append("first name " + _how(a.text.split()[0], b.text.split()[0]))
    else:
        return None
    if a.surname != b.surname:
        if not _typo(a.surname, b.surname, 5):
            return None
        typos += 1
        sa, sb = a.text.split()[-1], b.text.split()[-1]
        why.append("surname " + _how(sa, sb))
    if typos > 1:
        return None
    return (2 if typos else level), why


# ---------------------------------------------------------------- organisations

_KOMMUN = {k.casefold(): k for k in lx.KOMMUNER}
_KOMMUN_FOLD = {_fold(k): k for k in lx.KOMMUNER}
_REGION = {r.split(" ", 1)[1].casefold() if r.startswith("Region ") else r.casefold(): r for r in lx.REGIONER}
_ABBR = {k.casefold(): v for k, v in lx.ORGANISATION_ABBREVIATIONS.items()}
_KOMMUN_SUFFIX = re.compile(r"^(.+?)\s+(?:" + "|".join(lx.KOMMUN_SUFFIXES) + r")$", re.I)
_REGION_PREFIX = re.compile(r"^(?:" + "|".join(lx.REGION_PREFIXES) + r")\s+(.+)$", re.I)


def _one(cands: Iterable[str]) -> str | None:
    c = set(cands)
    return c.pop() if len(c) == 1 else None


def _kommun(word: str, fuzzy: bool) -> str | None:
    w = word.casefold()
    hit = _KOMMUN.get(w) or _KOMMUN_FOLD.get(_fold(w))
    if hit or not fuzzy or len(w) < 5:
        return hit
    return _one(k for k in lx.KOMMUNER if len(k) >= 5 and _osa(_fold(k), _fold(w)) <= 1)


def place_organisation(org: str, fuzzy: bool = True) -> str | None:
    """A municipality or region as written -> its name in KOMMUNER / REGIONER, or None.

    `Växjö kommun`, `Växjö Kommun`, `Markaryds kommun`, `Göteborgs stad` -> the bare
    name (`Växjö`, `Markaryd`, `Göteborg`); `Region Konoberg`, `Region Jönköping`,
    `Västra Götalandsregionen` -> the region's name. With `fuzzy`, one typo is forgiven
    in a name of five letters or more when it fits one place only.
    """
    s = _clean(org)
    if not s:
        return None
    low = s.casefold()
    for r in lx.REGIONER:
        if r.casefold() == low or _fold(r) == _fold(low):
            return r
    m = _REGION_PREFIX.match(s)
    if m:
        name = m.group(1).casefold()
        hit = _REGION.get(name) or _one(r for n, r in _REGION.items() if _fold(n) == _fold(name))
        hit = hit or _one(r for n, r in _REGION.items() if n.startswith(name + "s ") or n.startswith(name + " "))
        if not hit and fuzzy and len(name) >= 5:
            hit = _one(r for n, r in _REGION.items() if _osa(_fold(n), _fold(name)) <= 1)
        return hit
    m = _KOMMUN_SUFFIX.match(s)
    if m:
        base = m.group(1)
        hit = _kommun(base, False) or (_kommun(base[:-1], False) if base.endswith("s") else None)
        if not hit and fuzzy:
            hit = _kommun(base, True) or (_kommun(base[:-1], True) if base.endswith("s") else None)
        return hit
    if " " not in s:
        return _kommun(s, fuzzy) if s[:1].isupper() else None
    return None


# ---------------------------------------------------------------- the aliases file


@dataclass(frozen=True)
class Aliases:
    """What the user says about names (docs/people.md)."""

    people: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (canonical, variants): one person, named so
    organisations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (canonical, variants and abbreviations)
    distinct_people: tuple[tuple[str, ...], ...] = ()  # never one person
    distinct_organisations: tuple[tuple[str, ...], ...] = ()
    source: str | None = None  # the file, for explanations


_ALIAS_TABLES = ("people", "organisations", "abbreviations", "distinct")


def _names_list(value, where: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise MinutesError(path, f"{where} must be a list of names in quotes, e.g. [\"Magnus Fritihof\"]")
    return tuple(_clean(v) for v in value)


def load_aliases(path: str | os.PathLike) -> Aliases:
    """Read an aliases file (TOML). Raises MinutesError naming the file and the fault."""
    src = os.fspath(path)
    try:
        with open(src, "rb") as fh:
            data = _toml.load(fh)
    except FileNotFoundError:
        raise MinutesError(src, "no such aliases file; check the path given with --aliases") from None
    except IsADirectoryError:
        raise MinutesError(src, f"is a directory; name the aliases file (e.g. {ALIASES_FILE})") from None
    except OSError as e:
        raise MinutesError(src, f"cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise MinutesError(src, "is not UTF-8 text; save the aliases file as UTF-8") from None
    except _toml.TOMLDecodeError as e:
        raise MinutesError(src, f"is not valid TOML ({e}); 'minutes people --help' shows the format (--aliases)") from None
    unknown = sorted(set(data) - set(_ALIAS_TABLES))
    if unknown:
        raise MinutesError(src, f"unknown table [{unknown[0]}]; the aliases file has [people], [organisations], "
                                "[abbreviations] and [distinct]")
    for table in ("people", "organisations", "abbreviations", "distinct"):
        if table in data and not isinstance(data[table], dict):
            raise MinutesError(src, f"[{table}] must be a table (a [{table}] heading with key = value lines)")
    people = tuple((_clean(k), _names_list(v, f"[people] \"{k}\"", src)) for k, v in data.get("people", {}).items())
    orgs: dict[str, list[str]] = {}
    for k, v in data.get("organisations", {}).items():
        orgs.setdefault(_clean(k), []).extend(_names_list(v, f"[organisations] \"{k}\"", src))
    for abbr, full in data.get("abbreviations", {}).items():
        if not isinstance(full, str) or not full.strip():
            raise MinutesError(src, f"[abbreviations] {abbr} must be the full name in quotes, e.g. {abbr} = \"...\"")
        orgs.setdefault(_clean(full), []).append(_clean(abbr))
    distinct = data.get("distinct", {})
    unknown = sorted(set(distinct) - {"people", "organisations"})
    if unknown:
        raise MinutesError(src, f"unknown key {unknown[0]} in [distinct]; use people = [[...]] or organisations = [[...]]")
    groups: dict[str, tuple[tuple[str, ...], ...]] = {}
    for kind in ("people", "organisations"):
        value = distinct.get(kind, [])
        if not isinstance(value, list) or not all(isinstance(g, list) for g in value):
            raise MinutesError(src, f"[distinct] {kind} must be a list of lists, e.g. [[\"Per Sandberg\", \"Annika Sandberg\"]]")
        groups[kind] = tuple(_names_list(g, f"[distinct] {kind}", src) for g in value)
    # a spelling may belong to one person only, and a person may not be kept apart from itself
    owner: dict[str, str] = {}
    for canon, variants in people:
        for v in (canon,) + variants:
            if owner.setdefault(_key(v), canon) != canon:
                raise MinutesError(src, f"'{v}' is given to both '{owner[_key(v)]}' and '{canon}' in [people]")
    for g in groups["people"]:
        persons = [owner.get(_key(n), _key(n)) for n in g]
        if len(set(persons)) < len(persons):
            raise MinutesError(src, f"[distinct] people {list(g)} names one person twice; [people] merges them")
    return Aliases(people=people, organisations=tuple((k, tuple(v)) for k, v in orgs.items()),
                   distinct_people=groups["people"], distinct_organisations=groups["organisations"], source=src)


def find_aliases(folder: str | os.PathLike) -> Path | None:
    """The aliases file of an archive folder (`minutes-aliases.toml`), or None.

    Given a file, looks in the folder that holds it.
    """
    p = Path(folder)
    if not p.is_dir():
        p = p.parent
    f = p / ALIASES_FILE
    return f if f.is_file() else None


# ---------------------------------------------------------------- the register


@dataclass
class _Node:
    """One spelling of a person, with what the lists say about it."""

    name: _Name
    listed: dict[int, str] = field(default_factory=dict)  # meeting -> status in its list
    mentions: int = 0  # as chair, minutes taker, owner or in the text
    orgs: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    first: tuple = ("9999", 0, 0)  # (date, meeting, line) of the first sighting
    how: str = "listed"  # listed | alias (the aliases file) | handle | mention (chair, owner) | text


@dataclass
class Person:
    """One person (or one listed name that is not a person's, such as `Digg`)."""

    name: str
    spellings: list[str]  # every spelling, canonical first
    organisations: list[str]
    roles: list[str]
    meetings: dict[int, str]  # meeting index -> present | guest | absent
    actions_owned: int = 0
    handles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingInfo:
    index: int
    source: str
    date: str | None
    label: str  # the column name in the matrix: the date, made unique with the file name


def _sort_key(s: str) -> str:
    """Swedish alphabetical order (å ä ö after z)."""
    return _fold(s.casefold().replace("å", "z\x01").replace("ä", "z\x02").replace("ö", "z\x03")
                 .replace("æ", "z\x02").replace("ø", "z\x03"))


@dataclass
class Register:
    """Persons and organisations of an archive; built by build_register()."""

    persons: list[Person] = field(default_factory=list)
    meetings: list[MeetingInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "source: message"
    _of: dict[str, int] = field(default_factory=dict, repr=False)  # spelling key -> person index
    _why: dict[str, str] = field(default_factory=dict, repr=False)  # spelling, and its key -> explanation
    _orgs: dict[str, str] = field(default_factory=dict, repr=False)  # org key -> canonical
    _org_why: dict[str, str] = field(default_factory=dict, repr=False)
    _user_orgs: dict[str, str] = field(default_factory=dict, repr=False)
    _distinct_orgs: set = field(default_factory=set, repr=False)
    _docs: dict[int, int] = field(default_factory=dict, repr=False)  # id(doc) -> meeting index
    _doc_keys: dict[tuple, int] = field(default_factory=dict, repr=False)
    _keep: list = field(default_factory=list, repr=False)  # the docs, so that their ids stay theirs
    _resolved: dict[tuple, str] = field(default_factory=dict, repr=False)  # (meeting, spelling key) -> canonical
    _doc_warnings: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list), repr=False)
    _org_attendance: dict = field(default_factory=dict, repr=False)  # meeting -> org -> present | absent

    # -- lookups

    def person(self, name: str) -> Person | None:
        i = self._of.get(_key(name))
        return self.persons[i] if i is not None else None

    def canonical(self, name: str) -> str:
        """A person's or organisation's spelling -> the canonical one; unknown names unchanged."""
        if name is None:
            return name
        p = self.person(name)
        if p is not None:
            return p.name
        org = self.organisation(name)
        return org if org is not None else name

    def organisation(self, org: str | None) -> str | None:
        """An organisation as written -> canonical; None for None; unknown ones cleaned, as written."""
        if org is None:
            return None
        k = _key(org)
        if not k:
            return org
        if k in self._orgs:
            return self._orgs[k]
        return _org_rule(org, self._user_orgs, self._distinct_orgs)[0] or None

    def explain(self, name: str) -> str | None:
        """Why this spelling has the name it has, in words; None for a name the register does not know."""
        k = _key(name)
        if _clean(name) in self._why:
            return self._why[_clean(name)]
        if k in self._why:
            return self._why[k]
        if k in self._org_why:
            return self._org_why[k]
        org, why = _org_rule(name, self._user_orgs, self._distinct_orgs)
        return why if org and why else None

    def matches(self, query: str, name: str) -> bool:
        """Does `query` name this person? For `--owner`: the canonical name or any variant, a first
        name (`Erika`, also `Erica`, `@erika`), a surname (`Lagergren`), a full name a typo away."""
        q = _key(query)
        if not q:
            return False
        p = self.person(name)
        spellings = p.spellings + list(p.handles) if p else [_clean(name)]
        if q in {_key(s) for s in spellings}:
            return True
        qn = _parse(query)
        for s in spellings:
            n = _parse(s)
            if n.single:
                continue
            if qn.single:
                if q in (n.first, " ".join(n.given), n.surname) or _fold(q) in (_fold(n.first), _fold(n.surname)):
                    return True
                if len(q) >= 4 and len(n.first) >= 4 and _typo(q, n.first, 4, True):
                    return True
            elif _compatible(qn, n) is not None:
                return True
        return False

    # -- tables

    def people_rows(self) -> list[dict]:
        """One row per person: name, variants, organisations, roles, present, absent, actions_owned, meetings."""
        rows = []
        for p in sorted(self.persons, key=lambda p: _sort_key(p.name)):
            present = sum(1 for s in p.meetings.values() if s in (PRESENT, GUEST))
            rows.append({
                "name": p.name,
                "variants": [s for s in p.spellings[1:]] + [h for h in p.handles if _key(h) not in
                                                           {_key(s) for s in p.spellings}],
                "organisations": list(p.organisations),
                "roles": list(p.roles),
                "present": present,
                "absent": sum(1 for s in p.meetings.values() if s == ABSENT),
                "actions_owned": p.actions_owned,
                "meetings": [{"date": self.meetings[i].date, "source": self.meetings[i].source,
                              "label": self.meetings[i].label, "status": s}
                             for i, s in sorted(p.meetings.items(), key=lambda kv: self._order(kv[0]))],
            })
        return rows

    def _order(self, i: int) -> tuple:
        m = self.meetings[i]
        return (m.date or "9999", i)

    def matrix(self, by: str = "person") -> tuple[list[str], list[dict]]:
        """Attendance per meeting: (columns, rows). The first column is `name` (a person or an
        organisation), then one per meeting in date order, labelled by its date; a cell is
        "present", "absent" or "" (not listed). An organisation is present when one of its
        people is, absent when its people are listed and none is there."""
        order = sorted(range(len(self.meetings)), key=self._order)
        columns = ["name"] + [self.meetings[i].label for i in order]
        rows: list[dict] = []
        if by == "person":
            for p in sorted(self.persons, key=lambda p: _sort_key(p.name)):
                if not p.meetings:
                    continue
                row = {"name": p.name}
                for i in order:
                    s = p.meetings.get(i)
                    row[self.meetings[i].label] = "" if s is None else ("absent" if s == ABSENT else "present")
                rows.append(row)
            return columns, rows
        if by not in ("organisation", "organization", "org"):
            raise ValueError(f"matrix by {by!r}: use 'person' or 'organisation'")
        cells: dict[str, dict[int, str]] = defaultdict(dict)
        for i in range(len(self.meetings)):
            for org, status in self._org_attendance.get(i, {}).items():
                cells[org][i] = status
        for org in sorted(cells, key=_sort_key):
            row = {"name": org}
            for i in order:
                row[self.meetings[i].label] = cells[org].get(i, "")
            rows.append(row)
        return columns, rows


def flatten(row: dict, sep: str = "; ") -> dict:
    """A people row for CSV or a table: lists joined, meetings as `date status` items."""
    out = {}
    for k, v in row.items():
        if k == "meetings":
            out[k] = sep.join(f"{m['label']} {m['status']}" for m in v)
        elif isinstance(v, (list, tuple)):
            out[k] = sep.join(str(x) for x in v)
        else:
            out[k] = v
    return out


def read_texts(docs: Iterable[Minutes]) -> dict[str, str]:
    """The text of each record's file, for build_register(texts=...): names in the text.

    Files that cannot be read again (standard input, a file gone) are left out.
    """
    from .read import read_path

    out: dict[str, str] = {}
    for d in docs:
        if d.source in out or d.source.startswith("<") or d.source == "-" or not os.path.isfile(d.source):
            continue
        try:
            out[d.source] = "\n".join(read_path(d.source).lines)
        except (MinutesError, OSError):
            continue
    return out


# ---------------------------------------------------------------- organisations, rules


def _org_rule(org: str, user: Mapping[str, str], distinct: set) -> tuple[str, str | None]:
    """(canonical, why) for an organisation by the fixed rules; (cleaned, None) when none applies."""
    s = _clean(org)
    k = _key(s)
    if k in user:
        return user[k], f"'{s}' is declared as '{user[k]}' in the aliases file"
    if k in _ABBR:
        return _ABBR[k], f"'{s}' is a known abbreviation of '{_ABBR[k]}'"
    hit = place_organisation(s)
    if hit and (k, _key(hit)) not in distinct:
        if hit == s:
            return hit, None
        what = "region" if hit in lx.REGIONER else "municipality"
        if place_organisation(s, fuzzy=False) == hit:
            return hit, f"'{s}' is the {what} '{hit}'"
        return hit, f"'{s}' is taken as the {what} '{hit}': " + _how(s.split()[-1], hit.split()[-1])
    return s, None


def _build_orgs(reg: Register, seen: Counter, first: dict[str, tuple], aliases: Aliases) -> None:
    user: dict[str, str] = {}
    for canon, variants in aliases.organisations:
        for v in (canon,) + variants:
            user[_key(v)] = canon
    distinct = set()
    for g in aliases.distinct_organisations:
        for a in g:
            for b in g:
                if a != b:
                    distinct.add((_key(a), _key(b)))
    reg._user_orgs, reg._distinct_orgs = user, distinct
    by_rule: dict[str, str] = {}
    rest: Counter = Counter()
    for s, n in seen.items():
        canon, why = _org_rule(s, user, distinct)
        if why or canon != _clean(s) or _key(s) in user or place_organisation(s):
            by_rule[s] = canon
            if why:
                reg._org_why[_key(s)] = why
        else:
            rest[canon] += n
    # the other organisations: spellings that are one typo apart (or differ only in case) are one
    known = Counter()
    for s, canon in by_rule.items():
        known[canon] += seen[s]
    groups: list[list[str]] = []
    for s in sorted(rest, key=lambda s: (-rest[s], first.get(s, ("9999",)))):
        for g in groups:
            if (_key(s), _key(g[0])) not in distinct and (_key(s) == _key(g[0]) or _typo(_key(s), _key(g[0]), 8)):
                g.append(s)
                break
        else:
            target = next((c for c in known if (_key(s), _key(c)) not in distinct and
                           (_key(s) == _key(c) or _typo(_key(s), _key(c), 8))), None)
            if target:
                by_rule[s] = target
                reg._org_why[_key(s)] = f"'{s}' is '{target}': " + _how(s, target)
            else:
                groups.append([s])
    for g in groups:
        for s in g:
            by_rule[s] = g[0]
            if s != g[0]:
                reg._org_why[_key(s)] = f"'{s}' is '{g[0]}', the spelling seen most often: " + _how(s, g[0])
    for s, canon in by_rule.items():
        reg._orgs[_key(s)] = canon
        reg._orgs.setdefault(_key(canon), canon)


# ---------------------------------------------------------------- building


_HANDLE = r"[\p{Ll}][\p{L}\d_]{1,15}"
_FULL = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)*(?:[ \t]+(?:\p{Lu}\.?[ \t]+)?\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?\p{Ll}+)*){1,3}"
_HANDLE_THEN_FULL = re.compile(r"(?<![\p{L}\d@._-])@?(" + _HANDLE + r")[ \t]*\((" + _FULL + r")\)")
_FULL_THEN_HANDLE = re.compile(r"(" + _FULL + r")[ \t]*\([ \t]*@?(" + _HANDLE + r")[ \t]*\)")
_NAME_RUN = re.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}'’-]*\.?(?:[ \t]+\p{Lu}[\p{L}'’-]*\.?)+")
_HANDLE_NOTE = re.compile(r"^@?" + _HANDLE + r"$")
_NOT_NAMES = {w.casefold() for w in lx.GROUP_WORDS + lx.NOT_OWNERS + tuple(lx.ROLE_WORDS) + tuple(lx.OWNER_ROLES)
              + lx.GROUP_NOUNS}
_ORG_WORDS = {w.casefold() for w in lx.ORGANISATION_WORDS}
# how a spelling came into the register, strongest first
_RANK = {"listed": 0, "alias": 1, "handle": 2, "mention": 3, "text": 4}
_NOWHERE = ("9999", 10**9, 0)


def _name_like(s: str) -> bool:
    """Two to five capitalised words, not an organisation nor a role: could be a person's full name."""
    toks = _clean(s).split()
    if not 2 <= len(toks) <= 5:
        return False
    words = [t for t in toks if t.casefold() not in _PARTICLES]
    if not words or not all(t[:1].isupper() for t in words) or words[0].casefold().rstrip(".") in _NOT_NAMES:
        return False
    if any(t.casefold().strip(".,") in _ORG_WORDS for t in words):
        return False
    return place_organisation(s) is None and _key(s) not in _ABBR


def _slip(a: str, b: str) -> bool:
    """`Andreas` written for `Anders`: the same first three letters, two edits at most, neither a short form
    of the other (`Johan` / `Johanna`)."""
    fa, fb = _fold(a), _fold(b)
    return (fa != fb and min(len(fa), len(fb)) >= 4 and fa[:3] == fb[:3] and not fa.startswith(fb)
            and not fb.startswith(fa) and _osa(fa, fb) <= 2)


class _Builder:
    def __init__(self, docs: list[Minutes], aliases: Aliases, texts: Mapping[str, str] | None):
        self.docs = docs
        self.aliases = aliases
        self.texts = dict(texts or {})
        self.reg = Register()
        self.nodes: dict[str, _Node] = {}  # spelling -> node
        self.parent: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}  # root spelling -> the spellings of one person
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.by_first: dict[str, list[str]] = defaultdict(list)  # first letter of the first name -> full names
        self.by_surname: dict[str, list[str]] = defaultdict(list)
        self.why: dict[str, str] = {}  # spelling -> why it joined its person
        self.forced: set[str] = set()  # names fixed in the aliases file
        self.apart: set[tuple[str, str]] = set()  # spelling keys that are never one person
        self.handle_text: dict[str, dict[str, str]] = defaultdict(dict)  # user name -> full name -> as written
        self.handle_of: dict[str, str] = {}  # user name key -> a spelling of its person
        self.handle_form: dict[str, str] = {}  # user name key -> as first written
        self.slips: dict[tuple[int, str], str] = {}  # (meeting, spelling key) -> root
        self.owner_roots: dict[tuple[int, str], str | None] = {}
        self.officers: dict[int, tuple[str | None, str | None]] = {}
        self.doc_warn: dict[int, list[str]] = defaultdict(list)

    # -- spellings and persons

    def node(self, spelling: str, how: str, first: tuple) -> _Node:
        s = _clean(spelling)
        n = self.nodes.get(s)
        if n is None:
            n = self.nodes[s] = _Node(_parse(s), first=first, how=how)
            self.parent[s] = s
            self.groups[s] = [s]
            self.by_key[n.name.key].append(s)
            if not n.name.single:
                self.by_first[_fold(n.name.first)[:1]].append(s)
                self.by_surname[_fold(n.name.surname)].append(s)
        else:
            n.first = min(n.first, first)
            if _RANK[how] < _RANK[n.how]:
                n.how = how
        return n

    def find(self, s: str) -> str:
        while self.parent[s] != s:
            self.parent[s] = self.parent[self.parent[s]]
            s = self.parent[s]
        return s

    def join(self, keep: str, other: str, why: str) -> None:
        """`other`'s person becomes `keep`'s; `other` records why."""
        ra, rb = self.find(keep), self.find(other)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.groups[ra].extend(self.groups.pop(rb))
        self.why.setdefault(other, why)

    def listed_in(self, root: str, meeting: int) -> bool:
        return any(meeting in self.nodes[s].listed for s in self.groups[root])

    def display(self, root: str) -> str:
        """The spelling of a person for messages: the full name listed most often."""
        return min(self.groups[root], key=lambda s: (self.nodes[s].name.single, -len(self.nodes[s].listed),
                                                      _RANK[self.nodes[s].how], self.nodes[s].first))

    def warn(self, meetings: Iterable[int], msg: str) -> None:
        for i in meetings:
            self.doc_warn[i].append(msg)

    def blocked(self, ra: str, rb: str, level: int) -> str | None:
        """Why the persons with roots ra and rb may not be one (None: nothing speaks against it)."""
        A, B = self.groups[ra], self.groups[rb]
        ka, kb = {_key(s) for s in A}, {_key(s) for s in B}
        if any((x, y) in self.apart for x in ka for y in kb):
            return "kept apart in the aliases file"
        if sum(1 for s in A + B if s in self.forced) > 1:
            return "two names fixed in the aliases file"
        for x in A:  # listed in one meeting under two names: two people (the same name twice is one)
            for y in B:
                both = set(self.nodes[x].listed) & set(self.nodes[y].listed)
                if both and _key(x) != _key(y):
                    return f"both listed in {self.reg.meetings[min(both)].label}"
        ini_a = {self.nodes[s].name.initials for s in A if self.nodes[s].name.initials}
        ini_b = {self.nodes[s].name.initials for s in B if self.nodes[s].name.initials}
        if ini_a and ini_b and ini_a != ini_b:
            return "different middle initials"
        if level > 0:
            org_a = {o for s in A for o in self.nodes[s].orgs}
            org_b = {o for s in B for o in self.nodes[s].orgs}
            if org_a and org_b and not org_a & org_b:
                return f"different organisations ({', '.join(sorted(org_a))} / {', '.join(sorted(org_b))})"
            for x in A:  # every spelling of one must fit every spelling of the other: no chains of typos
                for y in B:
                    na, nb = self.nodes[x].name, self.nodes[y].name
                    if not (na.single or nb.single) and _compatible(na, nb) is None:
                        return f"'{x}' and '{y}' are too far apart"
        return None

    # -- 1. the lists

    def read_lists(self) -> None:
        reg = self.reg
        dates = Counter(d.meeting.date for d in self.docs)
        org_seen: Counter = Counter()
        org_first: dict[str, tuple] = {}
        for i, d in enumerate(self.docs):
            base = os.path.basename(d.source) or d.source
            date = d.meeting.date
            label = date if date and dates[date] == 1 else (f"{date} {base}" if date else base)
            reg.meetings.append(MeetingInfo(i, d.source, date, label))
            reg._docs[id(d)] = i
            reg._doc_keys.setdefault(_doc_key(d), i)
            reg._keep.append(d)
            for p in d.participants:
                if p.organisation:
                    org_seen[_clean(p.organisation)] += 1
                    org_first.setdefault(_clean(p.organisation), (date or "9999", i))
        seen = Counter(m.label for m in reg.meetings)
        for j, m in enumerate(reg.meetings):
            if seen[m.label] > 1:
                reg.meetings[j] = replace(m, label=f"{m.label} #{m.index + 1}")
        _build_orgs(reg, org_seen, org_first, self.aliases)
        for i, d in enumerate(self.docs):
            for p in d.participants:
                if not _key(p.name):
                    continue
                n = self.node(p.name, "listed", (d.meeting.date or "9999", i, p.line))
                if n.listed.get(i) in (None, ABSENT):
                    n.listed[i] = p.status
                if p.organisation:
                    n.orgs[reg.organisation(p.organisation)] += 1
                if p.role:
                    n.roles[p.role] += 1
                note = (p.note or "").strip()
                if note and not n.name.single and _HANDLE_NOTE.match(note):
                    self.handle_text[_key(note)].setdefault(_clean(p.name), f"{_clean(p.name)} ({note})")
                    self.handle_form.setdefault(_key(note), _clean(note))

    def apply_aliases(self) -> None:
        where = f"the aliases file {self.aliases.source}" if self.aliases.source else "the aliases"
        for canon, variants in self.aliases.people:
            self.node(canon, "alias", _NOWHERE)
            self.forced.add(_clean(canon))
            for v in variants:
                self.node(v, "alias", _NOWHERE)
                self.join(_clean(canon), _clean(v), f"'{_clean(v)}' is declared a variant of '{canon}' in {where}")
        canons = [_key(c) for c, _ in self.aliases.people]
        for g in [canons] + [[_key(n) for n in g] for g in self.aliases.distinct_people]:
            for a in g:
                for b in g:
                    if a != b:
                        self.apart.add((a, b))

    def cluster(self) -> None:
        # the same single word (`katy`, `Katy`) is one name
        for spellings in self.by_key.values():
            singles = [s for s in spellings if self.nodes[s].name.single]
            for s in singles[1:]:
                if self.blocked(self.find(singles[0]), self.find(s), 0) is None:
                    self.join(singles[0], s, f"'{s}' is '{singles[0]}' in other letters")
        full = [s for s, n in self.nodes.items() if not n.name.single and n.how in ("listed", "alias")]
        blocks: dict[tuple, list[str]] = defaultdict(list)
        for s in full:
            n = self.nodes[s].name
            blocks[("f", _fold(n.first)[:1])].append(s)
            blocks[("s", _fold(n.surname))].append(s)
        pairs: dict[tuple[str, str], tuple[int, list[str]]] = {}
        for group in blocks.values():
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    a, b = sorted((group[x], group[y]))
                    if (a, b) not in pairs:
                        c = _compatible(self.nodes[a].name, self.nodes[b].name)
                        if c is not None:
                            pairs[(a, b)] = c
        # a spelling that fits two people who cannot be one (`Roger Nilsson` between `Roger O Nilsson` and
        # `Roger A Nilsson`) stays on its own, and the records that list it say so
        near: dict[str, list[str]] = defaultdict(list)
        for (a, b), (lvl, _) in pairs.items():
            if lvl > 0:
                near[a].append(b)
                near[b].append(a)
        ambiguous: set[str] = set()
        for s, others in near.items():
            others = [o for o in others if not self._pair_blocked(s, o, 1)]
            for x in range(len(others)):
                for y in range(x + 1, len(others)):
                    p, q = sorted((others[x], others[y]))
                    if not self._pair_blocked(p, q, 1):
                        continue  # not known to be two people (merely too far apart: the closer one wins)
                    if s not in ambiguous:
                        ambiguous.add(s)
                        self.warn(self.nodes[s].listed, f"'{s}' could be '{p}' or '{q}', who are two people; "
                                                        "kept as written")
        order = sorted(pairs.items(), key=lambda kv: (kv[1][0], -(len(self.nodes[kv[0][0]].listed)
                                                                   + len(self.nodes[kv[0][1]].listed)), kv[0]))
        for (a, b), (lvl, _) in order:
            if lvl > 0 and (a in ambiguous or b in ambiguous):
                continue
            ra, rb = self.find(a), self.find(b)
            if ra == rb or self.blocked(ra, rb, lvl):
                continue
            na, nb = self.nodes[a], self.nodes[b]
            if (-len(nb.listed), nb.first) < (-len(na.listed), na.first):  # the rarer spelling joins the other
                a, b = b, a
            self.join(a, b, self.because(b, a))

    def _pair_blocked(self, a: str, b: str, level: int) -> bool:
        na, nb = self.nodes[a], self.nodes[b]
        if _key(a) != _key(b) and set(na.listed) & set(nb.listed):
            return True
        if na.name.initials and nb.name.initials and na.name.initials != nb.name.initials:
            return True
        if (_key(a), _key(b)) in self.apart:
            return True
        return level > 0 and bool(na.orgs) and bool(nb.orgs) and not set(na.orgs) & set(nb.orgs)

    def because(self, b: str, a: str) -> str:
        """Why spelling b is spelling a's person, in words."""
        nb, na = self.nodes[b], self.nodes[a]
        c = _compatible(nb.name, na.name)
        bits = list(c[1]) if c else []
        shared = set(na.orgs) & set(nb.orgs)
        if shared:
            bits.append("same organisation " + ", ".join(sorted(shared)))
        if nb.listed and na.listed:
            bits.append(f"never listed in the same meeting ({len(nb.listed)} and {len(na.listed)} meetings)")
        return f"'{b}' is '{a}': " + ", ".join(bits) if bits else f"'{b}' is '{a}'"

    # -- 2. user names in brackets: `Stefan Berggren (nsg)`, `nsg (Stefan Berggren)`

    def link_handles(self) -> None:
        for text in self.texts.values():
            for m in _HANDLE_THEN_FULL.finditer(text):
                self.handle_text[_key(m.group(1))].setdefault(_clean(m.group(2)), " ".join(m.group(0).split()))
                self.handle_form.setdefault(_key(m.group(1)), m.group(1))
            for m in _FULL_THEN_HANDLE.finditer(text):
                self.handle_text[_key(m.group(2))].setdefault(_clean(m.group(1)), " ".join(m.group(0).split()))
                self.handle_form.setdefault(_key(m.group(2)), m.group(2))
        for h, written in sorted(self.handle_text.items()):
            fulls = {f for f in written if _name_like(f)}
            if h in _NOT_NAMES or not fulls:
                continue
            roots = {self.find(self.by_key[_key(f)][0]) if self.by_key.get(_key(f)) else f for f in fulls}
            if len(roots) > 1:
                continue  # one word in brackets after two people: not a user name
            full = next((self.by_key[_key(f)][0] for f in sorted(fulls) if self.by_key.get(_key(f))), min(fulls))
            listed = [s for s in self.by_key.get(h, []) if self.nodes[s].name.single and self.nodes[s].how == "listed"]
            known = full in self.nodes and self.nodes[full].how in ("listed", "alias")
            if not listed and not known:
                continue  # a word in brackets, used as nobody's name
            self.node(full, "handle", _NOWHERE)
            self.handle_of[h] = full
            for s in listed:
                ra, rb = self.find(full), self.find(s)
                if ra == rb:
                    continue
                problem = self.blocked(ra, rb, 0)
                if problem:
                    self.warn(self.nodes[s].listed, f"'{s}' is written as the user name of '{full}', but {problem}; "
                                                    "kept apart")
                    continue
                seen = written.get(full) or next(iter(written.values()))
                self.join(full, s, f"'{s}' is the user name of '{full}' (written '{seen}')")

    # -- 3. a first name alone in a list

    def first_names(self) -> None:
        for root in list(self.groups):
            group = self.groups.get(root)
            if group is None or not all(self.nodes[s].name.single for s in group):
                continue
            k = self.nodes[root].name.key
            if not root[:1].isalpha() or k in _NOT_NAMES or k in _ABBR or place_organisation(root):
                continue
            cands = [r for r in self.by_first_name(k, None, False) if r != root]
            if len(cands) == 1:
                if self.blocked(cands[0], root, 1) is None:
                    full = self.display(cands[0])
                    self.join(full, root, f"'{root}' is the first name of '{full}', the only one with it in the "
                                          "lists read")
            elif len(cands) > 1:
                self.warn({i for s in group for i in self.nodes[s].listed},
                          f"'{root}' could be any of {', '.join(sorted(self.display(c) for c in cands))}; "
                          "kept as written")

    def by_first_name(self, first: str, meeting: int | None, fuzzy: bool) -> list[str]:
        """Persons with a full name whose first name (or first names) is `first`, listed in `meeting` if given."""
        pool = (s for b in self.by_first.values() for s in b) if fuzzy else self.by_first.get(_fold(first)[:1], [])
        out: list[str] = []
        for s in pool:
            node = self.nodes[s]
            if node.how == "text":
                continue
            n = node.name
            hit = first in (n.first, " ".join(n.given)) or (
                fuzzy and len(n.first) >= 4 and len(first) >= 4 and _typo(first, n.first, 4, True))
            if not hit:
                continue
            r = self.find(s)
            if r not in out and (meeting is None or self.listed_in(r, meeting)):
                out.append(r)
        return out

    # -- 4. mentions: chair, minutes taker, owners, full names in the text

    def resolve(self, spelling: str, meeting: int | None, create: bool, warn: bool = True) -> str | None:
        """The root of the person `spelling` names (in this meeting), or None: kept as written."""
        s = _clean(spelling)
        k = _key(s)
        if not k:
            return None
        roots = list(dict.fromkeys(self.find(x) for x in self.by_key.get(k, [])))
        if len(roots) > 1 and meeting is not None:
            roots = [r for r in roots if self.listed_in(r, meeting)] or roots
        if len(roots) == 1:
            return roots[0]
        n = _parse(s)
        say = (lambda msg: self.doc_warn[meeting].append(msg)) if warn and meeting is not None else (lambda msg: None)
        if n.single:
            if k in self.handle_of:
                return self.find(self.handle_of[k])
            if not (spelling.strip().startswith("@") or s[:1].isupper()) or k in _NOT_NAMES:
                return None
            for m in ([meeting] if meeting is not None else []) + [None]:
                for fuzzy in (False, True):
                    cands = self.by_first_name(k, m, fuzzy)
                    if len(cands) == 1:
                        return cands[0]
                    if len(cands) > 1:
                        say(f"'{s}' could be any of {', '.join(sorted(self.display(c) for c in cands))}; "
                            "kept as written")
                        return None
            return None
        fits: dict[str, int] = {}
        for x in set(self.by_first.get(_fold(n.first)[:1], [])) | set(self.by_surname.get(_fold(n.surname), [])):
            if self.nodes[x].how == "text":
                continue
            c = _compatible(n, self.nodes[x].name)
            if c is not None:
                r = self.find(x)
                fits[r] = min(fits.get(r, 9), c[0])
        here = [r for r in fits if meeting is not None and self.listed_in(r, meeting)]
        # someone of this meeting; anyone else only by the same name or a middle initial, not by a typo
        for group in (here, [r for r in fits if fits[r] < 2]):
            if len(group) == 1:
                return group[0]
            if len(group) > 1:
                say(f"'{s}' could be any of {', '.join(sorted(self.display(r) for r in group))}; kept as written")
                return None
        if meeting is not None and not fits:
            same = {self.find(x) for x in self.by_surname.get(_fold(n.surname), [])
                    if self.nodes[x].how != "text" and meeting in self.nodes[x].listed}
            slips = {self.find(x) for x in self.by_surname.get(_fold(n.surname), [])
                     if self.nodes[x].how != "text" and self.nodes[x].listed.get(meeting) in (PRESENT, GUEST)
                     and not self.nodes[x].name.single and _slip(n.first, self.nodes[x].name.first)}
            if len(same) == 1 and len(slips) == 1:
                root = slips.pop()
                self.slips[(meeting, k)] = root
                return root
        if fits:
            say(f"'{s}' may be {' or '.join(sorted(self.display(r) for r in fits))}, who is not listed in this "
                "meeting; kept as written")
        if create and _name_like(s):
            self.node(s, "mention", (self.docs[meeting].meeting.date or "9999", meeting, 0)
                      if meeting is not None else _NOWHERE)
            return self.find(s)
        return None

    def mentions(self) -> None:
        for i, d in enumerate(self.docs):
            found = []
            for role, who in (("chair", d.meeting.chair), ("minutes taker", d.meeting.minutes_taker)):
                root = self.resolve(who, i, create=True) if who else None
                found.append(root)
                if root is not None:
                    self.attach(who, root, i, f"the {role}")
            self.officers[i] = (found[0], found[1])
            for a in d.actions:
                for o in a.owners:
                    if (i, _key(o)) in self.owner_roots:
                        continue
                    root = None
                    if lx.OWNER_ROLES.get(_clean(o).casefold()) is None:  # roles: from the meeting, when applied
                        root = self.resolve(o, i, create=True)
                    self.owner_roots[(i, _key(o))] = root
                    if root is not None:
                        self.attach(o, root, i, "an action's owner")
        for src, text in self.texts.items():
            idx = [i for i, d in enumerate(self.docs) if d.source == src]
            for m in _NAME_RUN.finditer(text) if idx else ():
                toks = m.group(0).split()
                j = 0
                while j < len(toks) - 1:
                    step = 1
                    for w in range(min(4, len(toks) - j), 1, -1):
                        cand = " ".join(toks[j:j + w]).rstrip(".")
                        if not _name_like(cand):
                            continue
                        base = _key(cand)[:-1] if _key(cand).endswith("s") else ""
                        if base and self.by_key.get(base) and not self.by_key.get(_key(cand)):
                            self.nodes[self.by_key[base][0]].mentions += 1  # a genitive: `Therese Linnérs`
                            step = w
                            break
                        root = next((r for r in (self.resolve(cand, i, False, warn=False) for i in idx)
                                     if r is not None), None)
                        if root is not None:
                            i = next(i for i in idx if self.resolve(cand, i, False, warn=False) == root)
                            self.attach(cand, root, i, "in the text")
                            step = w
                            break
                    j += step

    def attach(self, spelling: str, root: str, i: int, where: str) -> None:
        """A spelling met outside the lists joins the person it was resolved to."""
        s = _clean(spelling)
        if s in self.nodes:
            self.nodes[s].mentions += 1
            return
        n = _parse(s)
        if n.single:
            return  # a first name alone is a mention, not a spelling
        self.node(s, "text", (self.docs[i].meeting.date or "9999", i, 0)).mentions += 1
        full = self.display(root)
        at = f"{where} of {self.reg.meetings[i].label}"
        if (i, _key(s)) in self.slips:
            why = (f"'{s}' is taken as '{full}' ({at}): a slip for the first name of the only participant of "
                   f"that meeting with the surname '{s.split()[-1]}'; no one else fits")
        else:
            why = self.because(s, full) + f" ({at})"
        self.join(root, s, why)

    # -- canonical names and the tables

    def finish(self) -> Register:
        reg = self.reg
        for root, group in sorted(self.groups.items(), key=lambda kv: min(self.nodes[s].first for s in kv[1])):
            nd = self.nodes
            fixed = [s for s in group if s in self.forced]
            listed_full = [s for s in group if not nd[s].name.single and nd[s].listed]
            named = [s for s in group if not nd[s].name.single and nd[s].how != "text"]
            if fixed:
                canon = fixed[0]
            elif listed_full:
                canon = min(listed_full, key=lambda s: (-len(nd[s].listed), nd[s].first))
            elif named:
                canon = min(named, key=lambda s: (_RANK[nd[s].how], -nd[s].mentions, nd[s].first))
            else:
                canon = min(group, key=lambda s: (-len(nd[s].listed), -nd[s].mentions, nd[s].first))
            others = sorted((s for s in group if s != canon),
                            key=lambda s: (nd[s].name.single, -len(nd[s].listed), -nd[s].mentions, nd[s].first))
            meetings: dict[int, str] = {}
            orgs: Counter = Counter()
            roles: Counter = Counter()
            for s in group:
                for i, st in nd[s].listed.items():
                    if meetings.get(i) in (None, ABSENT):
                        meetings[i] = st
                orgs.update(nd[s].orgs)
                roles.update(nd[s].roles)
            for chair, taker in self.officers.values():
                roles["chair"] += chair == root
                roles["minutes_taker"] += taker == root
            idx = len(reg.persons)
            reg.persons.append(Person(
                name=canon, spellings=[canon] + others, organisations=[o for o, _ in orgs.most_common()],
                roles=[r for r, c in roles.most_common() if c], meetings=meetings,
                handles=tuple(sorted({self.handle_form.get(h, h) for h, f in self.handle_of.items()
                                      if self.find(f) == root}))))
            for s in group:
                reg._of[_key(s)] = idx
            for h in reg.persons[-1].handles:
                reg._of.setdefault(_key(h), idx)
            if fixed:
                why = f"'{canon}' is the name fixed in the aliases file"
            elif others:
                single = nd[canon].name.single
                counts = [(x, len(nd[x].listed)) for x in [canon] + others
                          if nd[x].listed and nd[x].name.single == single]
                tie = sum(1 for _, c in counts if c == len(nd[canon].listed)) > 1
                if counts and nd[canon].listed:
                    why = (f"'{canon}' is the canonical spelling: listed in the most meetings"
                           + (", the earliest of those tied" if tie else "")
                           + " (" + ", ".join(f"'{x}' {c}" for x, c in counts) + ")")
                else:
                    why = f"'{canon}' is the canonical spelling: the full name, first seen outside the lists"
                if not single and any(nd[x].name.single for x in others):
                    why += "; a user name or a first name alone is a variant, never the name"
            else:
                why = f"'{canon}' is the only spelling seen"
            reg._why[canon] = why
            reg._why.setdefault(_key(canon), why)
            for s in others:
                why = self.why.get(s, f"'{s}' is '{canon}'")
                if f"is '{canon}'" not in why and f"as '{canon}'" not in why:
                    why += f"; the person's name is '{canon}'"
                reg._why[s] = why
                reg._why.setdefault(_key(s), why)
        for canon, variants in self.aliases.people:  # declared spellings that never occur still name their person
            for v in variants:
                if _key(canon) in reg._of:
                    reg._of.setdefault(_key(v), reg._of[_key(canon)])

        def name(root: str) -> str:
            return reg.persons[reg._of[_key(root)]].name

        for (i, k), root in self.owner_roots.items():
            if root is not None:
                reg._resolved[(i, k)] = name(root)
        for i, (c, t) in self.officers.items():
            for who, root in ((self.docs[i].meeting.chair, c), (self.docs[i].meeting.minutes_taker, t)):
                if who and root is not None:
                    reg._resolved[(i, _key(who))] = name(root)
        for (i, k), root in self.slips.items():
            reg._resolved.setdefault((i, k), name(root))
        for i, d in enumerate(self.docs):
            for a in d.actions:
                owners: set[str] = set()
                for o in a.owners:
                    got = reg._resolved.get((i, _key(o)))
                    owners.update([got] if got else _role_holders(o, d, reg))
                for o in owners:
                    p = reg.person(o)
                    if p is not None:
                        p.actions_owned += 1
            att: dict[str, str] = {}
            for p in d.participants:
                org = reg.organisation(p.organisation) if p.organisation else None
                if org is None:
                    person = reg.person(p.name)
                    if person is not None and len(person.organisations) == 1:
                        org = person.organisations[0]
                if org is not None and att.get(org) != "present":
                    att[org] = "absent" if p.status == ABSENT else "present"
            reg._org_attendance[i] = att
        for i, msgs in sorted(self.doc_warn.items()):
            for msg in dict.fromkeys(msgs):
                reg._doc_warnings[i].append(msg)
                reg.warnings.append(f"{self.docs[i].source}: {msg}")
        return reg


def _doc_key(d: Minutes) -> tuple:
    return (d.source, d.meeting.date, tuple((p.name, p.status, p.line) for p in d.participants),
            tuple(a.id for a in d.actions))


def _role_holders(owner: str, d: Minutes, reg: Register) -> list[str]:
    """`ordföranden`, `sekreteraren`, `processledarna` -> the canonical names of who holds the role."""
    role = lx.OWNER_ROLES.get(_clean(owner).casefold())
    if role is None:
        return []
    out = [reg.canonical(p.name) for p in d.participants if p.role == role]
    if not out and role == "chair" and d.meeting.chair:
        out = [reg.canonical(d.meeting.chair)]
    if not out and role == "minutes_taker" and d.meeting.minutes_taker:
        out = [reg.canonical(d.meeting.minutes_taker)]
    return list(dict.fromkeys(out))


def build_register(docs: Iterable[Minutes], aliases: Aliases | None = None,
                   texts: Mapping[str, str] | None = None) -> Register:
    """The people register of the records read together (see the module's docstring).

    `texts` (source -> the file's text, e.g. read_texts(docs)) adds the full names
    written in the text as variants (`Erica Lagergren`, the slip `Andreas
    Elingfors`) and user names in brackets (`Stefan Berggren (nsg)`).
    """
    b = _Builder(list(docs), aliases or Aliases(), texts)
    b.read_lists()
    b.apply_aliases()
    b.cluster()
    b.link_handles()
    b.first_names()
    b.mentions()
    return b.finish()


# ---------------------------------------------------------------- applying


def apply_register(doc: Minutes, register: Register) -> Minutes:
    """The record with canonical names: participants, owners, chair, minutes taker, organisations.

    `raw` and `owners_raw` keep what was written. A person listed twice under two spellings is
    listed once (present when either entry is); the record's warnings say what could not be
    resolved.
    """
    i = register._docs.get(id(doc))
    if i is None or register._keep[i] is not doc:
        i = register._doc_keys.get(_doc_key(doc))
    warnings = list(doc.warnings)

    def name_of(s: str | None) -> str | None:
        if not s:
            return s
        if i is not None and (i, _key(s)) in register._resolved:
            return register._resolved[(i, _key(s))]
        p = register.person(s)
        return p.name if p is not None else s

    parts: list[Participant] = []
    at: dict[str, int] = {}
    for p in doc.participants:
        name = name_of(p.name)
        org = register.organisation(p.organisation) if p.organisation else p.organisation
        q = replace(p, name=name, organisation=org)
        k = _key(name)
        if k in at:
            j = at[k]
            first = parts[j]
            if first.status == ABSENT and q.status != ABSENT:
                parts[j] = replace(first, status=q.status)
            warnings.append(f"{doc.source}: '{first.raw}' and '{p.raw}' are one person ({name}); listed once")
            continue
        at[k] = len(parts)
        parts.append(q)
    meeting = replace(doc.meeting, chair=name_of(doc.meeting.chair), minutes_taker=name_of(doc.meeting.minutes_taker))
    actions = []
    for a in doc.actions:
        owners: list[str] = []
        for o in a.owners:
            if i is not None and (i, _key(o)) in register._resolved:
                owners.append(register._resolved[(i, _key(o))])
                continue
            holders = _role_holders(o, doc, register)
            if holders:
                owners.extend(holders)
                continue
            p = register.person(o)
            owners.append(p.name if p is not None else o)
        actions.append(replace(a, owners=tuple(dict.fromkeys(owners))))
    if i is not None:
        for msg in register._doc_warnings.get(i, []):
            same = msg.split(" could be any of")[0] if " could be any of" in msg else msg.split(";")[0]
            if not any(same in w for w in warnings):  # the stage before may have said it already
                warnings.append(f"{doc.source}: {msg}")
    return replace(doc, participants=tuple(parts), meeting=meeting, actions=tuple(actions),
                   warnings=tuple(dict.fromkeys(warnings)))
