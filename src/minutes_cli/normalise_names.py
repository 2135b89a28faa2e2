"""Stage 6b, normalise names within one document: owners to participants.

A first name alone (`Erika`) resolves to the one participant of this
meeting with that first name, also through a one-letter slip (`Erica`); a
role (`processledaren`, `processledarna`) to the participants who hold it;
a group (`tvärgrupp barn`, `presidiet`, `alla organisationer`) stays as
written. Nothing is guessed: an ambiguous first name stays as written and
yields a warning.
"""
from __future__ import annotations

from typing import Iterator

import regex as re

from . import lexicon as lx
from .model import Participant
from .people.names import typo

# "A och B", never the "och" of a compound cut short ("utvecklings- och kvalitetsenheten" is one owner)
_SPLIT = re.compile(r"\s*(?:,|&|\+|/|(?<!-\s*)\boch\b|\bsamt\b)\s*")
_EDGES = re.compile(r"^[\s@(]+|[\s).,:;]+$")
_GROUP = {w.casefold() for w in lx.GROUP_WORDS}


def _close(a: str, b: str, first_name: bool = False) -> bool:
    """Equal, or a typo apart (people.names.typo: accents, a doubled letter, one edit in four letters or more)."""
    return a == b or typo(a, b, 4, first_name)


class People:
    """The participants of one meeting, for resolving names written in its text."""

    def __init__(self, participants: list[Participant] | tuple[Participant, ...]):
        self.people = [p for p in participants if " " in p.name.strip() or p.name[:1].isupper()]
        self.warnings: list[str] = []
        self._known: dict[str, str | None] = {}  # person(word) without warnings, once per word
        self._exact: dict[str, str] = {}  # a name casefolded: the first participant with it
        for p in self.people:
            self._exact.setdefault(p.name.casefold(), p.name)
        # the participants with a first and a last name, by the length of the first name and of the whole
        # name casefolded (a slip of one letter changes a length by one at most): (name, what was measured)
        self._firsts: dict[int, list[tuple[str, str]]] = {}
        self._fulls: dict[int, list[tuple[str, str]]] = {}
        for p in self.people:
            if " " in p.name:
                first, full = p.name.split()[0].casefold(), p.name.casefold()
                self._firsts.setdefault(len(first), []).append((p.name, first))
                self._fulls.setdefault(len(full), []).append((p.name, full))

    def first_names(self) -> set[str]:
        return {p.name.split()[0] for p in self.people if " " in p.name}

    def names(self) -> list[str]:
        return [p.name for p in self.people]

    def person(self, word: str, warn: bool = False) -> str | None:
        """The participant a full name, first name or nickname refers to, or None. With `warn`, an
        ambiguous name is also reported in `warnings`."""
        if not warn:
            if word not in self._known:
                self._known[word] = self._person(word, False)
            return self._known[word]
        return self._person(word, True)

    def _person(self, word: str, warn: bool) -> str | None:
        w = word.strip(" .,:;()@").casefold()
        if not w:
            return None
        if w in self._exact:
            return self._exact[w]
        for hits in self._candidates(w):
            if len(hits) == 1:
                return hits.pop()
            if len(hits) > 1:
                if warn:
                    self.warnings.append(f"'{word}' could be any of {', '.join(sorted(hits))}; kept as written")
                return None
        return None

    def _candidates(self, w: str) -> Iterator[set[str]]:
        """The participants w may name, by ever looser tests: its first name, the first name with a slip,
        the whole name with a slip."""
        yield {name for name, first in self._firsts.get(len(w), ()) if first == w}
        near = (len(w) - 1, len(w), len(w) + 1)
        yield {name for n in near for name, first in self._firsts.get(n, ()) if _close(first, w, first_name=True)}
        yield {name for n in near for name, full in self._fulls.get(n, ()) if _close(full, w)} if len(w.split()) > 1 \
            else set()

    def with_role(self, role: str) -> list[str]:
        return [p.name for p in self.people if p.role == role or (p.organisation or "").casefold() == role]

    def resolve(self, raw: str) -> list[str]:
        """Owners named by `raw` (`Erika`, `tvärgrupp barn och processledaren`)."""
        out: list[str] = []
        raw = _EDGES.sub("", raw)
        for part in _SPLIT.split(raw):
            part = part.strip(" @()")
            if not part:
                continue
            low = part.casefold()
            role = lx.OWNER_ROLES.get(low)
            if role:
                holders = self.with_role(role)
                out.extend(holders or [part])
                continue
            if low.split()[0] in _GROUP:
                out.append(part)
                continue
            who = self.person(part, warn=True)
            if who is None and "," not in part and len(part.split()) > 1:
                who = self.person(part.split()[0], warn=True)
            out.append(who or part)
        seen: set[str] = set()
        return [o for o in out if not (o in seen or seen.add(o))]

    def is_owner(self, word: str) -> bool:
        """Is this a word that can name who does something (a participant, role or group)?"""
        low = word.strip().casefold()
        if not low:
            return False
        first = low.split()[0]
        return first in _GROUP or low in lx.OWNER_ROLES or self.person(word) is not None
