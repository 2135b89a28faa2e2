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

_PIECES = ["Mötet ", "öppnas", "förklaras", " ", "\t", "kl. 19.00", "Nästa möte", "N\ufffdsta möte", "KOMMANDE MÖTE",
           ":", "avslutat", "ÖPPNAT", "x", ""]
_OPENED, _CLOSED = re.compile(lx.OPENED, re.I), re.compile(lx.CLOSED, re.I)
# (prefilter, what a search of each text alone finds)
_PAIRS = [(_OPENED, _OPENED), (_CLOSED, _CLOSED), (re.compile(r"\s+"), re.compile(r"\s+")),
          (hs.at_start(lx.NEXT_MEETING_LEADS), re.compile(r"^(?:" + alternation(lx.NEXT_MEETING_LEADS) + ")", re.I))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=5).map("".join), max_size=8))
def test_touched_holds_every_text_a_search_finds(texts):
    found = hs.Texts(texts)
    for prefilter, pattern in _PAIRS:
        touched = found.touched(prefilter)
        assert touched == sorted(set(touched))
        assert {k for k, t in enumerate(texts) if pattern.search(t)} <= set(touched), (pattern.pattern, texts)


_FOLDS = ["Teams", "TEAMS", "teams", "Mötet ", "öppnas", "ÖPPNAS", "Jitsi", "JİTSİ", "jıtsı", "Straße", "ſtraße", "KOM",
          "\u212aom", "kommande möte", "Kommande  möte", " ", "\t", "x", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FOLDS), max_size=5).map("".join), max_size=8))
def test_a_hint_found_in_the_casefolded_texts_touches_what_a_search_in_any_case_touches(texts):
    # `Texts` finds a hint's run with `str.find` in the texts casefolded: the texts it gives are those the
    # hint's own pattern (a search in any case) touches
    found = hs.Texts(texts)
    for prefilter in (*hs.hints(["teams", "jitsi", "öppnas", "kommande möte", "strasse"]), hs.hints(["JITSI"])[0]):
        by_search = {k for k, t in enumerate(texts) if prefilter.search(t)}
        assert set(found.touched(prefilter)) == by_search, (prefilter.pattern, texts)


def test_a_match_across_two_texts_touches_both():
    # `förklaras\s+öppnat` may join two blocks: both are kept for the rule to look at alone
    assert hs.Texts(["Det förklaras", "öppnat kl. 19", "slut"]).touched(re.compile(lx.OPENED, re.I)) == [0, 1]


def test_no_texts_touch_nothing():
    assert hs.Texts([]).touched(re.compile(r"\n")) == []
    assert hs.Texts(["a", "b"]).touched(None) == [0, 1]


def test_hints_cover_every_word_with_runs_that_no_lost_letter_breaks():
    words = ["mötesordförande", "ordförande för mötet", "stämmoordförande", "Teams"]
    found = hs.hints(words)
    assert [p.pattern for p in found] == ["rande", "Teams"]  # `ordf` is shorter, `örande` has a letter that may be lost
    assert all(any(p.search(w.upper()) for p in found) for w in words)
    assert hs.hints(["zoom", "är"]) is None  # `är` has no run of three without `ä`


def test_the_verbs_of_opening_closing_and_election_are_all_hinted():
    # the hints of lexicon patterns are written beside them; a new verb in the lexicon must be hinted too
    from minutes_cli import header, header_shapes
    for pattern, found in ((lx.OPENED, header_shapes._OPENED_HINTS), (lx.CLOSED, header_shapes._CLOSED_HINTS),
                           (header._ELECTED.pattern, header._ELECTED_HINTS)):
        verbs = pattern.split("(?:")[1].split(")")[0].replace("\\s+", " ").split("|")
        assert all(any(p.search(v) for p in found) for v in verbs), pattern
    assert lx.PRESENT_AFTER.endswith(r"\s+närvarande\b") and header._PRESENT_AFTER_HINTS[0].search("närvarande")


def test_a_label_and_its_value_in_two_columns_read_as_label_and_colon():
    # `_COLUMNS` runs only where a gap follows a letter or `**`: every label of people must end in a letter
    from minutes_cli import header
    assert all(re.match(r"\p{L}", w[-1]) for w in lx.PEOPLE_LABELS)
    assert header._lines(["Närvarande      Anna Ek", "**Frånvarande**\tPer Holm", "  Text   utan etikett"]) == \
        ["Närvarande: Anna Ek", "Frånvarande: Per Holm", "Text utan etikett"]
