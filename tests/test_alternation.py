"""The factored alternation of alternation.py matches what the plain one matches, with the same
preference among alternatives, whatever the alternatives and the text."""
from __future__ import annotations

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minutes_cli.clean import losable
from minutes_cli.alternation import trie

PIECES = ["a", "A", "b", "ab", "å", "ä", "s", "\\s+", "(?:a|b)", "[ab]", "a?", "b*", "x{1,2}", "\\b", "(?-i:A)",
          " ", "tar", "ta", "tar\\s+fram", "|", "", "ö", "$", "."]
alternative = st.lists(st.sampled_from(PIECES), max_size=3).map("".join)
texts = st.lists(st.sampled_from(["a", "A", "b", "å", "ä", "\ufffd", " ", "s", "tar", "fram", "x", "ö", "\n"]),
                 max_size=14).map("".join)


def _matches(rx, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("alt")) for m in rx.finditer(text, overlapped=True)]


@settings(max_examples=400, deadline=None)
@given(st.lists(alternative, min_size=1, max_size=6), texts, st.sampled_from([0, regex.I]))
@example(["Ab", "ab"], "ab", 0)  # the same letter but for case: grouped, the second would be lost
@example(["åbb", "ä", "åb"], "\ufffdb", 0)  # å and ä may both stand as U+FFFD: "ä" must win
@example(["a", "a\\s+b", "a|ab", "ab"], "ab", 0)  # a barrier: "a|ab" must keep its place
def test_the_factored_alternation_finds_the_same_matches_as_the_plain_one(alternatives, text, flags) -> None:
    def compiled(alternation: str):
        # a continuation that makes the engine go back into the alternation when it fails; the letters
        # outside ASCII may stand as U+FFFD, as every rule's pattern is made to (clean.losable)
        return regex.compile(losable("(?P<alt>" + alternation + ")(?:b|$|\\s)"), flags)

    try:
        plain = compiled("|".join(alternatives))
    except regex.error:
        return  # pieces that make no pattern
    assert _matches(compiled(trie(alternatives)), text) == _matches(plain, text)


@pytest.mark.parametrize("alternatives,factored", [
    (["tar\\s+fram", "tar\\s+upp", "skickar"], "t(?:a(?:r(?:\\s+fram|\\s+upp)))|skickar"),
    (["Rapport", "ringer"], "Rapport|ringer"),  # R and r may both match under IGNORECASE: not grouped
    (["åtar", "ändrar"], "åtar|ändrar"),  # å and ä may both stand as U+FFFD: not grouped
    (["a|b", "ac"], "a|b|ac"),  # an alternative of alternatives is a barrier
])
def test_shared_literal_openings_are_taken_out_and_nothing_crosses_a_barrier(alternatives, factored) -> None:
    assert trie(alternatives) == factored
