"""clean.py answers some questions without its patterns (for speed); each shortcut must answer as the pattern
does, for every character the pattern treats apart."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_cli import clean

EVERY_CHARACTER = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "ignore")


def test_the_white_space_written_out_is_what_the_pattern_reads_as_white_space() -> None:
    assert set(clean._WHITE) == set(regex.findall(r"\s", EVERY_CHARACTER))


ODD = sorted(set(clean._WHITE) | {"\x1c", "\x1f", "#", "a", "å", " ", "\\"})


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ODD, max_size=12))
def test_a_headings_text_is_what_the_heading_pattern_gives(s) -> None:
    m = clean._HEADING.match(s)
    assert clean._heading(s) == ((m.group(1), m.group(2)) if m and "#" in s else None)
