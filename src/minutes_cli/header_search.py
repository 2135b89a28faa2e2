"""Which of a document's texts (its lines, or its blocks' texts) a pattern may match, found with one search
over them all: a prefilter for the header's rules that look at every line or block.

A search costs a call per text, and a pattern that does not start with a fixed string scans slowly in
`regex`; one search over the texts joined by line breaks costs one call, and a pattern that starts with
"\\n" (a text's start) or with a fixed string scans fast. `Texts.touched(pattern)` gives the texts that
the matches over the joined text touch: every text where `pattern.search(text)` finds a match is among
them, when the pattern treats a line break as it treats the start or end of a text (no `^`, `$`, `\\A`),
and usually few others. The rule itself then runs on those texts alone, so what it finds is the same.
"""
from __future__ import annotations

import bisect
import itertools
from functools import cached_property

import regex as re

from .clean import _LOSABLE, alternation


class Texts:
    """Texts joined, each after a "\\n", with where each starts."""

    def __init__(self, texts, fold: bool = True) -> None:
        """`fold`: find the hints' runs in the texts casefolded (see `_spans`); worth its cost (a casefolding of
        the texts, three searches in any case) where more than a hint or two are asked about."""
        self.texts = texts
        self.fold = fold
        self.joined = "\n" + "\n".join(texts)
        self._found: dict[tuple, list[int]] = {}  # what `touched` gave, by its patterns

    @cached_property
    def _starts(self) -> list[int]:
        """Where the "\n" before each text stands in `joined`."""
        return list(itertools.accumulate([len(t) + 1 for t in self.texts], initial=0))[:-1]  # a text and its "\n"

    def touched(self, *patterns: re.Pattern | None) -> list[int]:
        """The indices (in order) of the texts that a match of any of `patterns` over the joined texts touches
        (remembered: the chair's and the minutes taker's elections ask with the same patterns)."""
        if None in patterns:  # no prefilter: every text
            return list(range(len(self.texts)))
        if patterns not in self._found:  # (a pattern is equal to one of the same text and flags)
            self._found[patterns] = self._touched(patterns)
        return list(self._found[patterns])

    def _touched(self, patterns) -> list[int]:
        out: set[int] = set()
        for start, end in (span for p in patterns for span in self._spans(p)) if self.texts else ():
            first = bisect.bisect_right(self._starts, start) - 1
            last = bisect.bisect_right(self._starts, max(end - 1, start)) - 1
            out.update(range(first, last + 1))
        return sorted(out)

    def _spans(self, pattern: re.Pattern):
        """Where the matches of `pattern` over the joined texts stand. A hint's run is found with `str.find` in
        the joined texts casefolded, where their casefolding kept each character one character: a search in
        any case by `regex` scans slowly (a character at a time), and for a run of ASCII a text's slice matches
        it in any case exactly when the slice casefolded is the run casefolded."""
        run = _RUNS.get(pattern)
        folded = self._folded if run is not None and self.fold else None
        if folded is None:
            return ((m.start(), m.end()) for m in pattern.finditer(self.joined))
        return ((at, at + len(run)) for at in _finds(folded, run))

    @cached_property
    def _folded(self) -> str | None:
        """The joined texts casefolded, where that keeps each character one (`ß` becomes two: None)."""
        folded = self.joined.casefold()
        return folded if len(folded) == len(self.joined) else None


def _finds(text: str, run: str) -> list[int]:
    """Where `run` stands in `text`, from the start, each after the one before (as `finditer` finds them)."""
    out: list[int] = []
    at = text.find(run)
    while at >= 0:
        out.append(at)
        at = text.find(run, at + len(run))
    return out


def at_start(words, lead: str = "") -> re.Pattern:
    """A text that starts with one of `words` in any case, as `clean.alternation` matches them, after what
    the pattern `lead` takes: the prefilter of `^(?:words)`. A text is tried only where the next letter
    is one that a word starts with."""
    firsts = "".join(sorted({re.escape(w[:1]) for w in words if w})) + "\ufffd"  # U+FFFD: a letter lost
    return re.compile(r"\n" + lead + r"(?=[" + firsts + r"])(?:" + alternation(words) + r")", re.I)


def hints(words) -> tuple[re.Pattern, ...] | None:
    """Fast prefilters for an alternation of `words` in any case (give them all to `Texts.touched`): runs
    of three characters or more such that every word has one, each a pattern of its own (an alternation
    of words that start differently scans slowly). A run has no letter that `clean.alternation` lets
    stand as U+FFFD (`ö`). None when a word has no such run."""
    left = list(dict.fromkeys(words))
    out: list[str] = []
    while left:
        runs = _runs(left[0])
        if not runs:
            return None
        best = max(runs, key=lambda r: (sum(r in w for w in left), len(r)))
        out.append(best)
        left = [w for w in left if best not in w]
    found = tuple(re.compile(re.escape(r), re.I) for r in out)
    # (`regex` lets an `I` match a dotless `ı`, which casefolds to itself: no such run is searched so)
    _RUNS.update((p, r.casefold()) for p, r in zip(found, out) if r.isascii() and "I" not in r)
    return found


# the runs of the hints (`hints`), casefolded, by pattern: `Texts._spans` finds them with `str.find`
_RUNS: dict[re.Pattern, str] = {}


def _runs(word: str) -> list[str]:
    return [word[i:j] for i in range(len(word)) for j in range(i + 3, len(word) + 1) if not _LOSABLE.search(word[i:j])]
