"""The header answers some questions with less work than the plain way (a text split no further than a reader
looks, a search stopped at its first hit, one search where a search per line or block was made); each
shortcut must give what the plain way gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_cli import header
from minutes_cli import header_shapes as shapes
from minutes_cli.clean import FRONT_LINES, blocks, front_matter
from minutes_cli.header_search import Texts

_FRONT_PIECES = ["---", "+++", "", " ", "date: 2023-03-14", "title = \"Möte\"", "  - Anna Ek", "deltagare:", "# x",
                 "Text utan nyckel", "tid: 18:30"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRONT_PIECES), max_size=12), st.integers(0, 400), st.sampled_from(["---", "+++", ""]))
def test_front_matter_of_the_text_split_no_further_than_it_reads_is_that_of_every_line(head, keys, close):
    lines = head[:3] + ["---"] + [f"k{n}: v" for n in range(keys)] + [close] + head[3:]
    original = "\n".join(lines)
    assert front_matter(original.split("\n", FRONT_LINES)) == front_matter(original.split("\n"))


_BLOCK_LINES = ["# Protokoll", "## Klubben", "## Närvarande", "## 11 april 2017", "Text.", "1. Öppnande", "",
                "**2. Val**", "§ 3 Beslut", "### Övrigt", "Närvarande: Anna Ek"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BLOCK_LINES), max_size=14))
def test_the_header_ends_where_the_plain_search_for_its_end_says(lines):
    blks = blocks(lines)
    numbered = [b.line for b in blks if header._numbered_item(b)]
    lead = next((k for k, b in enumerate(blks) if b.kind != "heading" or header.people_label(b.text)), len(blks))
    h2 = [b.line for b in blks[lead:] if header._section_heading(b)] or [b.line for b in blks if header._section_heading(b)]
    plain = numbered[0] if numbered else h2[0] if h2 else max(1, int(0.4 * len(lines)))
    assert header._header_limit(lines, blks) == plain


class _Every(Texts):
    """The plain way: every text asked about, as if no prefilter had passed any over."""

    def touched(self, *patterns):
        return list(range(len(self.texts)))


_NEXT_PIECES = ["Nästa möte", "N\ufffdsta möte", "nästa  möte", "NÄSTA MÖTE", "Kommande möte", "KOMMANDE MÖTE", "första ",
                ": ", " ", "\t", "3 maj", "2024-05-03", " blir ", " hålls ", "kl. 18", "## ", "Text.", "- ", "\n", "x"]
_NEXT_LINES = st.lists(st.lists(st.sampled_from(_NEXT_PIECES), max_size=5).map("".join), max_size=8)


@settings(max_examples=400, deadline=None)
@given(_NEXT_LINES, st.sampled_from([None, "2024-04-01"]))
def test_the_next_meeting_found_by_the_hints_is_the_one_every_block_gives(lines, date):
    blks = blocks([s for line in lines for s in line.split("\n")])
    texts = [b.text for b in blks]
    assert shapes.next_meeting(blks, date, Texts(texts)) == shapes.next_meeting(blks, date, _Every(texts))
