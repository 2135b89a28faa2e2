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

    def __init__(self, texts) -> None:
        self.texts = texts
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
        for m in (m for p in patterns for m in p.finditer(self.joined)) if self.texts else ():
            first = bisect.bisect_right(self._starts, m.start()) - 1
            last = bisect.bisect_right(self._starts, max(m.end() - 1, m.start())) - 1
            out.update(range(first, last + 1))
        return sorted(out)


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
    return tuple(re.compile(re.escape(r), re.I) for r in out)


def _runs(word: str) -> list[str]:
    return [word[i:j] for i in range(len(word)) for j in range(i + 3, len(word) + 1) if not _LOSABLE.search(word[i:j])]
