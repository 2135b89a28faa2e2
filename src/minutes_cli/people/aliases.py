"""The aliases file: what the user says about names (docs/people.md).

`load_aliases(path)` reads and checks a `minutes-aliases.toml`; `find_aliases`
finds the one of an archive folder. Reading is linear in the size of the file
and bounded: a file larger than `MAX_BYTES`, with more than `MAX_NAMES` names,
or nested deeper than TOML's parser can follow is refused with one line
naming the file and the limit. `Apart` answers "may these two spellings be
one?" for the `[distinct]` groups without listing every pair of a group.

Pure functions: nothing is printed, nothing exits; a bad file raises MinutesError.
"""
from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import _toml
from ..errors import MinutesError
from .names import clean, key

ALIASES_FILE = "minutes-aliases.toml"
#: The largest aliases file read, in bytes (a file of 200,000 people with a variant each is about 10 MB).
MAX_BYTES = 32 * 1024 * 1024
#: The most names (canonical names, variants, abbreviations, names in [distinct]) a file may give.
MAX_NAMES = 500_000
_TABLES = ("people", "organisations", "abbreviations", "distinct")
_FORMAT = "see minutes extract --help (--aliases) for the format"

Pairs = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Aliases:
    """What the user says about names (docs/people.md)."""

    people: Pairs = ()  # (canonical, variants): one person, named so
    organisations: Pairs = ()  # (canonical, variants and abbreviations)
    distinct_people: tuple[tuple[str, ...], ...] = ()  # never one person
    distinct_organisations: tuple[tuple[str, ...], ...] = ()
    source: str | None = None  # the file, for explanations


class Apart:
    """Groups of spellings that are never one: two spellings with different keys in one group are apart.

    Stored as the groups each key is in, so a group of n names costs n, not n * n pairs.
    """

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self._groups: dict[str, set[int]] = defaultdict(set)
        for i, g in enumerate(groups):
            for name in g:
                self._groups[key(name)].add(i)

    def pair(self, a: str, b: str) -> bool:
        """Are the spellings with keys a and b kept apart?"""
        return a != b and a in self._groups and b in self._groups and bool(self._groups[a] & self._groups[b])

    def between(self, keys_a: Iterable[str], keys_b: Iterable[str]) -> bool:
        """Is some key of the one side kept apart from some key of the other?"""
        on_a: dict[int, set[str]] = defaultdict(set)
        for k in keys_a:
            for g in self._groups.get(k, ()):
                on_a[g].add(k)
        return any(on_a[g] - {k} for k in keys_b for g in self._groups.get(k, ()) if g in on_a)


def _read(src: str) -> dict:
    """The file's TOML, or MinutesError naming the file and the fault."""
    try:
        with open(src, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_BYTES:
                raise MinutesError(src, f"is larger than {MAX_BYTES // 2**20} MB, the limit for an aliases file")
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise MinutesError(src, "no such aliases file; check the path given with --aliases") from None
    except IsADirectoryError:
        raise MinutesError(src, f"is a directory; name the aliases file (e.g. {ALIASES_FILE})") from None
    except OSError as e:
        raise MinutesError(src, f"cannot be read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:  # a file that grew while read, or a device
        raise MinutesError(src, f"is larger than {MAX_BYTES // 2**20} MB, the limit for an aliases file")
    try:
        return _toml.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise MinutesError(src, "is not UTF-8 text; save the aliases file as UTF-8") from None
    except _toml.TOMLDecodeError as e:
        raise MinutesError(src, f"is not valid TOML ({e}); {_FORMAT}") from None
    except RecursionError:
        raise MinutesError(src, f"is nested too deeply to be an aliases file; {_FORMAT}") from None


def _names_list(value, where: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise MinutesError(path, f"{where} must be a list of names in quotes, e.g. [\"Magnus Fritihof\"]")
    return tuple(clean(v) for v in value)


def _check_tables(data: dict, src: str) -> None:
    unknown = sorted(set(data) - set(_TABLES))
    if unknown:
        raise MinutesError(src, f"unknown table [{unknown[0]}]; the aliases file has [people], [organisations], "
                                "[abbreviations] and [distinct]")
    for table in _TABLES:
        if table in data and not isinstance(data[table], dict):
            raise MinutesError(src, f"[{table}] must be a table (a [{table}] heading with key = value lines)")
    unknown = sorted(set(data.get("distinct", {})) - {"people", "organisations"})
    if unknown:
        raise MinutesError(src, f"unknown key {unknown[0]} in [distinct]; use people = [[...]] or organisations = [[...]]")


def _organisations(data: dict, src: str) -> Pairs:
    orgs: dict[str, list[str]] = {}
    for k, v in data.get("organisations", {}).items():
        orgs.setdefault(clean(k), []).extend(_names_list(v, f"[organisations] \"{k}\"", src))
    for abbr, full in data.get("abbreviations", {}).items():
        if not isinstance(full, str) or not full.strip():
            raise MinutesError(src, f"[abbreviations] {abbr} must be the full name in quotes, e.g. {abbr} = \"...\"")
        orgs.setdefault(clean(full), []).append(clean(abbr))
    return tuple((k, tuple(v)) for k, v in orgs.items())


def _distinct(data: dict, kind: str, src: str) -> tuple[tuple[str, ...], ...]:
    value = data.get("distinct", {}).get(kind, [])
    if not isinstance(value, list) or not all(isinstance(g, list) for g in value):
        raise MinutesError(src, f"[distinct] {kind} must be a list of lists, e.g. [[\"Per Sandberg\", \"Annika Sandberg\"]]")
    return tuple(_names_list(g, f"[distinct] {kind}", src) for g in value)


def _check_people(people: Pairs, distinct: tuple[tuple[str, ...], ...], src: str) -> None:
    """A spelling may belong to one person only, and a person may not be kept apart from itself."""
    owner: dict[str, str] = {}
    for canon, variants in people:
        for v in (canon,) + variants:
            if owner.setdefault(key(v), canon) != canon:
                raise MinutesError(src, f"'{v}' is given to both '{owner[key(v)]}' and '{canon}' in [people]")
    for g in distinct:
        persons = [owner.get(key(n), key(n)) for n in g]
        if len(set(persons)) < len(persons):
            raise MinutesError(src, f"[distinct] people {list(g)} names one person twice; [people] merges them")


def load_aliases(path: str | os.PathLike) -> Aliases:
    """Read an aliases file (TOML). Raises MinutesError naming the file and the fault."""
    src = os.fspath(path)
    data = _read(src)
    _check_tables(data, src)
    people = tuple((clean(k), _names_list(v, f"[people] \"{k}\"", src)) for k, v in data.get("people", {}).items())
    orgs = _organisations(data, src)
    distinct = {kind: _distinct(data, kind, src) for kind in ("people", "organisations")}
    count = sum(1 + len(v) for _, v in people + orgs) + sum(len(g) for d in distinct.values() for g in d)
    if count > MAX_NAMES:
        raise MinutesError(src, f"gives {count:,} names, more than the {MAX_NAMES:,} an aliases file may give")
    _check_people(people, distinct["people"], src)
    return Aliases(people=people, organisations=orgs, distinct_people=distinct["people"],
                   distinct_organisations=distinct["organisations"], source=src)


def find_aliases(folder: str | os.PathLike) -> Path | None:
    """The aliases file of an archive folder (`minutes-aliases.toml`), or None.

    Given a file, looks in the folder that holds it.
    """
    p = Path(folder)
    if not p.is_dir():
        p = p.parent
    f = p / ALIASES_FILE
    return f if f.is_file() else None
