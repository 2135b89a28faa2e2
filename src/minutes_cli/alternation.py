"""An alternation that matches what `"|".join(alternatives)` matches, in the same order of preference, but
with the literal openings the alternatives share taken out, trie-wise:

    ["tar\\s+fram", "tar\\s+upp", "skickar"]  ->  "t(?:a(?:r(?:\\s+fram|\\s+upp)))|skickar"

A regular-expression engine tries the alternatives of an alternation one by one at every position of a
text; a list of eighty verbs costs eighty tries where no verb stands. Taken out trie-wise, a position whose
letter opens no alternative costs one try.

The preference is kept: at one position of a text, the first alternative that leads to a match wins.
Alternatives that open with different letters can never both match at one position, so they may be
grouped by their opening letter; any other alternative (one that opens with a class, a group, an escape,
a quantified letter, a letter outside ASCII, which may also stand as U+FFFD, or a letter that is the same
as another but for case) is a barrier: nothing is moved across it.
"""
from __future__ import annotations

_META = frozenset("\\()[]{}.*+?|^$#")
_QUANTIFIERS = frozenset("?*+{")


def trie(alternatives: list[str]) -> str:
    """The alternatives as one alternation with their shared literal openings taken out (no outer group)."""
    out: list[str] = []
    group: dict[str, tuple[str, list[str]]] = {}  # opening letter, case-folded -> (as written, the rests)

    def flush() -> None:
        out.extend(letter + _rest(rests) for letter, rests in group.values())
        group.clear()

    for alt in alternatives:
        letter = _opening(alt)
        key = letter.casefold() if letter else None
        if key is None or key in group and group[key][0] != letter:
            flush()
            if key is None:
                out.append(alt)
                continue
        group.setdefault(key, (letter, []))[1].append(alt[1:])
    flush()
    return "|".join(out)


def _rest(rests: list[str]) -> str:
    if len(rests) == 1 and not _has_bar(rests[0]):
        return rests[0]
    return "(?:" + trie(rests) + ")"


def _opening(alt: str) -> str | None:
    """The literal ASCII letter (or digit, space, punctuation) an alternative opens with, or None: an
    alternative of several alternatives at its top level, or one that opens with anything else."""
    if not alt or not alt[0].isascii() or alt[0] in _META or alt[1:2] in _QUANTIFIERS or _has_bar(alt):
        return None
    return alt[0]


def _has_bar(pattern: str) -> bool:
    """Does `|` stand at the top level of the pattern (outside groups and classes)?"""
    depth, escaped, in_class = 0, False, False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
    return False
