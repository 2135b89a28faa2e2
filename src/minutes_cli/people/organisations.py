"""Organisations: one name per organisation across an archive.

In this order: the aliases file (`[organisations]`, `[abbreviations]`), the
well-known abbreviations (`lexicon.ORGANISATION_ABBREVIATIONS`), Sweden's
municipalities and regions (`place_organisation`: `Markaryds kommun` ->
`Markaryd`, `Region Konoberg` -> `Region Kronoberg`), then spellings a typo
apart, named by the one seen most often (`Organisations.learn`).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Iterable

import regex as re

from .. import lexicon as lx
from .aliases import Aliases, Apart
from .names import clean, distance, fold, how, key, typo

_KOMMUN = {k.casefold(): k for k in lx.KOMMUNER}
_KOMMUN_FOLD = {fold(k): k for k in lx.KOMMUNER}
_REGION = {r.split(" ", 1)[1].casefold() if r.startswith("Region ") else r.casefold(): r for r in lx.REGIONER}
_REGION_FOLD: dict[str, str] = {}
for _r in lx.REGIONER:
    _REGION_FOLD.setdefault(fold(_r), _r)
ABBREVIATIONS = {k.casefold(): v for k, v in lx.ORGANISATION_ABBREVIATIONS.items()}
_KOMMUN_SUFFIX = re.compile(r"^(.+?)\s+(?:" + "|".join(lx.KOMMUN_SUFFIXES) + r")$", re.I)
_REGION_PREFIX = re.compile(r"^(?:" + "|".join(lx.REGION_PREFIXES) + r")\s+(.+)$", re.I)


def _one(cands: Iterable[str]) -> str | None:
    c = set(cands)
    return c.pop() if len(c) == 1 else None


def _kommun(word: str, fuzzy: bool) -> str | None:
    w = word.casefold()
    hit = _KOMMUN.get(w) or _KOMMUN_FOLD.get(fold(w))
    if hit or not fuzzy or len(w) < 5:
        return hit
    return _one(k for k in lx.KOMMUNER if len(k) >= 5 and distance(fold(k), fold(w)) <= 1)


def _region(name: str, fuzzy: bool) -> str | None:
    """The region a name after `Region` stands for (`Konoberg`, `Jönköping`), or None."""
    hit = _REGION.get(name) or _one(r for n, r in _REGION.items() if fold(n) == fold(name))
    hit = hit or _one(r for n, r in _REGION.items() if n.startswith(name + "s ") or n.startswith(name + " "))
    if not hit and fuzzy and len(name) >= 5:
        hit = _one(r for n, r in _REGION.items() if distance(fold(n), fold(name)) <= 1)
    return hit


def _kommun_named(base: str, fuzzy: bool) -> str | None:
    """The municipality of `Markaryds kommun`: the name before the suffix, with or without its genitive s."""
    hit = _kommun(base, False) or (_kommun(base[:-1], False) if base.endswith("s") else None)
    if not hit and fuzzy:
        hit = _kommun(base, True) or (_kommun(base[:-1], True) if base.endswith("s") else None)
    return hit


@lru_cache(maxsize=65536)
def place_organisation(org: str, fuzzy: bool = True) -> str | None:
    """A municipality or region as written -> its name in KOMMUNER / REGIONER, or None.

    `Växjö kommun`, `Växjö Kommun`, `Markaryds kommun`, `Göteborgs stad` -> the bare
    name (`Växjö`, `Markaryd`, `Göteborg`); `Region Konoberg`, `Region Jönköping`,
    `Västra Götalandsregionen` -> the region's name. With `fuzzy`, one typo is forgiven
    in a name of five letters or more when it fits one place only.
    """
    s = clean(org)
    if not s:
        return None
    if fold(s) in _REGION_FOLD:
        return _REGION_FOLD[fold(s)]
    m = _REGION_PREFIX.match(s)
    if m:
        return _region(m.group(1).casefold(), fuzzy)
    m = _KOMMUN_SUFFIX.match(s)
    if m:
        return _kommun_named(m.group(1), fuzzy)
    if " " not in s:
        return _kommun(s, fuzzy) if s[:1].isupper() else None
    return None


class Organisations:
    """The organisations of an archive: each spelling's canonical name, and why."""

    def __init__(self, aliases: Aliases | None = None):
        aliases = aliases or Aliases()
        self._user = {key(v): canon for canon, variants in aliases.organisations for v in (canon,) + variants}
        self._apart = Apart(aliases.distinct_organisations)
        self._canonical: dict[str, str] = {}  # spelling key -> canonical
        self._why: dict[str, str] = {}  # spelling key -> why

    def rule(self, org: str) -> tuple[str, str | None]:
        """(canonical, why) by the fixed rules; (cleaned, None) when none applies."""
        s = clean(org)
        k = key(s)
        if k in self._user:
            return self._user[k], f"'{s}' is declared as '{self._user[k]}' in the aliases file"
        if k in ABBREVIATIONS:
            return ABBREVIATIONS[k], f"'{s}' is a known abbreviation of '{ABBREVIATIONS[k]}'"
        hit = place_organisation(s)
        if not hit or self._apart.pair(k, key(hit)):
            return s, None
        if hit == s:
            return hit, None
        what = "region" if hit in lx.REGIONER else "municipality"
        if place_organisation(s, fuzzy=False) == hit:
            return hit, f"'{s}' is the {what} '{hit}'"
        return hit, f"'{s}' is taken as the {what} '{hit}': " + how(s.split()[-1], hit.split()[-1])

    def _one_org(self, a: str, b: str) -> bool:
        return not self._apart.pair(key(a), key(b)) and (key(a) == key(b) or typo(key(a), key(b), 8))

    def learn(self, seen: Counter, first: dict[str, tuple]) -> None:
        """The spellings seen in the lists (spelling -> how often; -> first sighting): by the rules,
        then spellings one typo apart (or differing in case only) as one, named by the most frequent."""
        by_rule: dict[str, str] = {}
        rest: Counter = Counter()
        for s, n in seen.items():
            canon, why = self.rule(s)
            if why or canon != clean(s) or key(s) in self._user or place_organisation(s):
                by_rule[s] = canon
                if why:
                    self._why[key(s)] = why
            else:
                rest[canon] += n
        known = list(dict.fromkeys(by_rule.values()))
        groups: list[list[str]] = []
        for s in sorted(rest, key=lambda s: (-rest[s], first.get(s, ("9999",)))):
            group = next((g for g in groups if self._one_org(s, g[0])), None)
            target = None if group else next((c for c in known if self._one_org(s, c)), None)
            if group:
                group.append(s)
            elif target:
                by_rule[s] = target
                self._why[key(s)] = f"'{s}' is '{target}': " + how(s, target)
            else:
                groups.append([s])
        for g in groups:
            for s in g:
                by_rule[s] = g[0]
                if s != g[0]:
                    self._why[key(s)] = f"'{s}' is '{g[0]}', the spelling seen most often: " + how(s, g[0])
        for s, canon in by_rule.items():
            self._canonical[key(s)] = canon
            self._canonical.setdefault(key(canon), canon)

    def canonical(self, org: str | None) -> str | None:
        """An organisation as written -> canonical; None for None; unknown ones cleaned, as written."""
        if org is None:
            return None
        k = key(org)
        if not k:
            return org
        if k in self._canonical:
            return self._canonical[k]
        return self.rule(org)[0] or None

    def explain(self, name: str) -> str | None:
        """Why this organisation has the name it has, or None."""
        k = key(name)
        if k in self._why:
            return self._why[k]
        org, why = self.rule(name)
        return why if org and why else None
