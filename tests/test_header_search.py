"""The header's prefilter: one search over a document's lines or blocks must find every line or block
that a search of each alone finds (else a header field would silently go missing), and its fast forms
(a line's start, a run every word shares) must keep to what the full patterns can match."""
from __future__ import annotations

import regex as re
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_cli import header_search as hs
from minutes_cli import lexicon as lx
from minutes_cli.clean import alternation

_PIECES = ["Mötet ", "öppnas", "förklaras", " ", "\t", "kl. 19.00", "Nästa möte", ":", "avslutat", "ÖPPNAT", "x", ""]
_PATTERNS = [re.compile(lx.OPENED, re.I), re.compile(lx.CLOSED, re.I), hs.at_start(alternation(lx.NEXT_MEETING_LEADS)),
             re.compile(r"\s+")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join), max_size=8))
def test_touched_holds_every_text_a_search_finds(texts):
    found = hs.Texts(texts)
    for p in _PATTERNS:
        touched = found.touched(p)
        assert touched == sorted(set(touched))
        pattern = re.compile(p.pattern.removeprefix("\n"), p.flags) if p.pattern.startswith("\n") else p
        for k, t in enumerate(texts):
            hit = pattern.match(t) if pattern is not p else p.search(t)
            if hit:
                assert k in touched, (p.pattern, texts, k)


def test_a_match_across_two_texts_touches_both():
    # `förklaras\s+öppnat` may join two blocks: both are kept for the rule to look at alone
    assert hs.Texts(["Det förklaras", "öppnat kl. 19", "slut"]).touched(re.compile(lx.OPENED, re.I)) == [0, 1]


def test_no_texts_touch_nothing():
    assert hs.Texts([]).touched(re.compile(r"\n")) == []


def test_a_shared_part_is_in_every_word_and_has_no_letter_that_may_be_lost():
    words = ["mötesordförande", "ordförande för mötet", "stämmoordförande"]
    part = hs.shared_part(words)
    assert part is not None and part.pattern == "rande"  # `ordf` is shorter, `örande` has a letter that may be lost
    assert all(part.search(w.upper()) for w in words)
    assert hs.shared_part(["zoom", "teams"]) is None
