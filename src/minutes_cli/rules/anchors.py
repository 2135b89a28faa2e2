r"""Where a rule's matches can begin and end, read off its pattern, so that the engine tries fewer places.

Two facts the engine uses, each proved from the pattern's text and never assumed:

- `anchored`: a pattern that opens with `^` outside any alternation matches only at the start of the
  text, so one `match` there is all its search would find (the search itself tries every place).
- `ends_with`: a pattern that ends `…TAIL)…)\b`, where TAIL closes every group still open and no
  alternative of those groups goes around it, can only end where TAIL ends at a word boundary; a
  backward search for `TAIL\b` then gives the furthest place any of its matches can end.

- `holds`: a piece of a pattern (a word list `{NAME}`) that stands outside any alternative, optional
  group, quantifier that allows none of it and negative look-around is matched by every match; a text
  without any of its words is then no text the pattern can match.

All read the pattern's structure with `_scan`, which knows escapes, character classes and groups, and
nothing of what they match.
"""
from __future__ import annotations

import functools
import re

_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_MULTILINE = re.compile(r"\(\?[a-zA-Z]*m")  # `(?m)` would let `^` begin any line
_VERBOSE = re.compile(r"\(\?[a-zA-Z]*x")  # `(?x)` makes `#` open a comment
_MAY_BE_ABSENT = ("?", "*", "{")  # quantifiers that may match none (`{` also a fuzzy `{e<=2}`)
_NEGATIVE = ("(?!", "(?<!", "(?(", "(?#")  # what need not match: negative look-around, a conditional, a comment


def _escaped(text: str) -> bool:
    """Does `text` end with an escaping backslash (an odd number of them)?"""
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _open_groups(pattern: str) -> list[tuple[int, bool]] | None:
    """The groups still open at the end of `pattern`, outermost first, each as (where it opens, whether
    an alternation `|` stands at its own level), with the top level as the first entry (position -1).
    None when the text cannot be read as a pattern (a `)` with no group to close)."""
    found = _scan(pattern)
    return None if found is None else found[1]


def _scan(pattern: str) -> tuple[list[tuple[int, int, bool]], list[tuple[int, bool]], list[tuple[int, int]]] | None:
    """The groups `pattern` closes (where each opens and closes, whether a `|` stands at its own level), those
    still open at its end (as _open_groups gives them) and the spans of its character classes; None when a
    `)` has no group to close."""
    closed: list[tuple[int, int, bool]] = []
    classes: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = [(-1, False)]
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            classes.append((i, _class_end(pattern, i)))
            i = classes[-1][1]
            continue
        if c == "(":
            stack.append((i, False))
        elif c == ")":
            if len(stack) == 1:
                return None
            at, bar = stack.pop()
            closed.append((at, i, bar))
        elif c == "|":
            stack[-1] = (stack[-1][0], True)
        i += 1
    return closed, stack, classes


@functools.lru_cache(maxsize=1024)  # (the alternatives of a list macro, asked for each rule that uses it)
def plain(pattern: str) -> bool:
    """Is `pattern` one sequence, with no alternative at its top level (nor an unbalanced parenthesis)?"""
    return _open_groups(pattern) == [(-1, False)]


def _class_end(pattern: str, i: int) -> int:
    """The position after the character class that opens at `i` (`[]a]` and `[^]a]` hold a `]`)."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def anchored(pattern: str) -> bool:
    """Does every match of `pattern` begin at the start of the text? (`^a|b` can begin anywhere.)"""
    if not pattern.startswith("^") or _MULTILINE.search(pattern) is not None:
        return False  # (asked first: the scan of a long pattern costs more)
    groups = _open_groups(pattern)
    return groups is not None and len(groups) == 1 and not groups[0][1]


def ends_with(pattern: str, tail: str) -> bool:
    r"""Does every match of `pattern` end with a match of `tail` followed by a word boundary? True when the
    pattern is `… tail ) … ) \b` and neither the top level nor a group the closing parentheses close holds
    an alternative (`(?:a|tail)\b` may end with `a`) or looks around (`(?=…tail)\b` ends elsewhere)."""
    body = pattern[:-2]
    if not pattern.endswith("\\b") or _escaped(body) or _open_groups(tail) != [(-1, False)]:
        return False
    closes = len(body) - len(body.rstrip(")"))
    k = next((k for k in range(closes + 1) if body[:len(body) - k].endswith(tail)), None)
    if k is None:
        return False
    before = body[:len(body) - k - len(tail)]
    groups = _open_groups(before)
    return (groups is not None and len(groups) == k + 1 and not any(bar for _, bar in groups)
            and not any(before.startswith(_LOOKAROUND, at) for at, _ in groups[1:]))


def holds(pattern: str, start: int, end: int) -> bool:
    """Does every match of `pattern` hold a match of pattern[start:end] (one atom, such as a macro)? True
    when neither the atom nor a group around it is quantified so that it may match nothing, no group
    around it (nor the top level) holds an alternative, and none is a negative look-around."""
    found = _scan(pattern)
    if found is None or found[1] != [(-1, False)] or _VERBOSE.search(pattern) or "\\Q" in pattern \
            or pattern.startswith(_MAY_BE_ABSENT, end):
        return False  # (not a pattern, an alternative at the top level, comments, quoted text, quantified)
    groups, _, classes = found
    if any(a < start < b for a, b in classes):
        return False
    return not any(at < start and end <= close and (bar or pattern.startswith(_NEGATIVE, at)
                                                   or pattern.startswith(_MAY_BE_ABSENT, close + 1))
                   for at, close, bar in groups)
