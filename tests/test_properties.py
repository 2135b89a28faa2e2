"""Properties that hold for any input: the library never raises on text,
its record is always valid JSON, and every line reference points into the
document."""
from __future__ import annotations

import datetime
import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_cli import InputError, Minutes, parse_bytes, parse_text
from minutes_cli.pipeline import parse_text_all
from minutes_cli.model import DECISION_KINDS
from minutes_cli.read.text import clean_chars

REFERENCE = datetime.date(2023, 3, 14)  # fixed, so relative dates are reproducible

# Lines in the shapes real Swedish minutes have (header, lists, items,
# decisions, actions, page furniture, markdown), and some that are nearly so.
FRAGMENTS = [
    "",
    "   ",
    "Protokoll fört vid styrgruppens sammanträde",
    "**Mötesanteckningar till Styrgrupp för *Barnens bästa gäller!***",
    "## Mötets öppnande",
    "### Styrgruppen beslutar:",
    "**Tid** Fredagen den 4 september 2020 kl. 08:30-09.30",
    "Tid Fredagen den 9 april kl. 8.30-12.00",
    "Tid Tisdagen den 14 mars 2023 kl. 09:00-11.00",
    "Datum: 2022-05-30",
    "Plats Kommunhuset, sammanträdesrum Lärken",
    "**Plats** Lokal: Bolmen, Nygatan 20 Växjö eller digitalt.",
    "Närvarande",
    "**Närvarande**",
    "Närvarande Anders Elingfors (Ordförande)",
    "Frånvarande",
    "Frånvarande Mats Hoppe, Alvesta",
    "Övriga närvarande",
    "Kallade",
    "Eva Lindqvist, Norrbäcke kommun (ordförande)",
    "Per Sandberg, Växjö",
    "Nils-Göran Jonasson, Ljungby (ersätter socialchef tills vidare)",
    "Gunnel Gustafsson, processledare",
    "Växjö: Anders Elingfors (ordf.) Per Sandberg",
    "Petra Lund, Länsstyrelsen (punkt 6)",
    "1. Mötets öppnande",
    "2. Godkännande av dagordningen",
    "10. Mötets avslutande",
    "§ 12 Val av justerare",
    "3.1 Underpunkt",
    "1.",
    "- ",
    "-",
    "* Vi bjuder in leverantören till nästa möte",
    "- Anna: boka lokal till årsmötet",
    "Beslut:",
    "Beslut: Dagordningen godkändes.",
    "**Beslut:** Utbildningsdagen genomförs i oktober 2023.",
    "Beslut att fastställa dagordningen",
    "Dagordningen godkändes.",
    "Föregående mötesprotokoll godkändes och lades till handlingarna.",
    "Styrgruppen beslutade att anta budgeten för 2023 enligt förslaget.",
    "Bestämdes att uppföljningen ska redovisas vid varje styrgruppsmöte.",
    "Beslut fattas därför inte på mötet.",
    "Karin återkommer med en tidplan till mötet i maj.",
    "Presidiet får i uppgift att ta kontakt med föreläsare.",
    "Mats skickar budgeten senast den 31 mars.",
    "Till nästa möte ska alla organisationer återkoppla.",
    "Affisch @Sara, inbjudan på hemsidan @Jonas",
    "Ansvarig: Erika, klart vecka 45",
    "Klart Q 4, 4 december.",
    "Nästa möte äger rum den 9 maj 2023 kl. 9-11.",
    "Nästa möte - 2023-02-08, 13:00-14:30",
    "Anteckningar förda av Lena Sjögren",
    "Vid protokollet",
    "Justeras",
    "Sida 4 av 4",
    "**",
    "##",
    "***",
    "|",
    "| Åtgärd | Ansvarig | Klart |",
    "(",
    ")",
    ":",
    "den 31 februari 2023",
    "kl. 25:99",
    "\ufeffTid",
    "\u00a0\u00a0Beslut:\u00a0",
    "Beslut:\tÖverenskommet:",
]

line_strategy = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS)),
    st.text(alphabet=st.characters(exclude_characters="\r\n"), max_size=40),
)
document_strategy = st.builds(
    lambda lines, sep: sep.join(lines),
    st.lists(line_strategy, max_size=40),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)


# What the text reader removes (read_text.repair): control characters other than tab and line breaks, and
# zero-width characters. A text of nothing else (hypothesis finds '\x08') is empty to the reader, so an
# InputError is the right answer; the oracle must know it, or the test fails for some seeds only.


def physical_lines(text: str) -> int:
    """How many lines the document has, counted as the library counts them."""
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def check_record(m: Minutes, n_lines: int) -> None:
    """Invariants any record must keep, whatever the input."""
    assert isinstance(m, Minutes)
    data = m.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)) == data

    def within(line, what):
        assert isinstance(line, int) and 1 <= line <= n_lines, f"{what}: line {line} not in 1..{n_lines}"

    if m.meeting.line is not None:
        within(m.meeting.line, "meeting")
    if m.meeting.next_meeting is not None:
        within(m.meeting.next_meeting.line, "next meeting")
    for p in m.participants:
        within(p.line, f"participant {p.name!r}")
    for rec in (*m.items, *m.decisions, *m.actions):
        within(rec.line, rec.id)
        within(rec.end_line, rec.id)
        assert rec.line <= rec.end_line, f"{rec.id}: line {rec.line} after end_line {rec.end_line}"

    item_ids = [i.id for i in m.items]
    decision_ids = [d.id for d in m.decisions]
    assert len(set(item_ids)) == len(item_ids)
    assert len(set(decision_ids)) == len(decision_ids)
    assert len({a.id for a in m.actions}) == len(m.actions)
    for d in m.decisions:
        assert d.kind in DECISION_KINDS
        assert d.item is None or d.item in item_ids
        assert 0.0 <= d.confidence <= 1.0
    for a in m.actions:
        assert a.item is None or a.item in item_ids
        assert a.decision is None or a.decision in decision_ids
        assert 0.0 <= a.confidence <= 1.0
    for p in m.participants:
        assert p.status in ("present", "guest", "absent")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    check_record(parse_text(text, reference_date=REFERENCE), physical_lines(text))


@settings(max_examples=200, deadline=None)
@given(document_strategy)
def test_parse_text_on_minutes_like_text(text: str) -> None:
    check_record(parse_text(text, source="prop.txt", reference_date=REFERENCE), physical_lines(text))


@settings(max_examples=200, deadline=None)
@given(document_strategy, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_parse_bytes_reads_any_encoding_or_says_why_not(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    try:
        m = parse_bytes(data, source="prop.txt", reference_date=REFERENCE)
    except InputError as e:  # only for input with nothing to read, or that is control characters more than text
        assert str(e).startswith("prop.txt: ")
        controls = sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c" for c in text)
        if "binary" in str(e):
            assert controls >= 3 or encoding == "cp1252"
        else:  # empty once control characters, zero-width characters and soft hyphens are removed
            assert not clean_chars(text).strip() or encoding == "cp1252"
        return
    assert m.source == "prop.txt"
    # Decoding may differ in what it treats as a line break only by \r handling,
    # which the library normalises: the count from the text itself must hold.
    check_record(m, physical_lines(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_parse_bytes_on_any_bytes_gives_a_record_or_an_input_error(data: bytes) -> None:
    try:
        m = parse_bytes(data, source="blob.bin", reference_date=REFERENCE)
    except InputError as e:
        assert str(e).startswith("blob.bin: ")
        return
    check_record(m, max(1, data.count(b"\n") + data.count(b"\r") + 1))


def _without_actions(records: list[Minutes]) -> list[dict]:
    """The records as dicts, without what only the action rules give: the actions, and the warnings of
    resolving their owners."""
    out = []
    for m in records:
        data = m.to_dict()
        data.pop("actions")
        data.pop("warnings", None)
        out.append(data)
    return out


@settings(max_examples=200, deadline=None)
@given(document_strategy)
def test_looking_for_decisions_only_finds_the_same_decisions(text: str) -> None:
    """`minutes decisions` parses with actions=False: what it gives must be what the full parse gives."""
    full = parse_text_all(text, source="prop.txt", reference_date=REFERENCE)
    only = parse_text_all(text, source="prop.txt", reference_date=REFERENCE, actions=False)
    assert all(not m.actions for m in only)
    assert _without_actions(only) == _without_actions(full)


@given(st.lists(st.sampled_from("abcde"), max_size=12), st.randoms(use_true_random=False))
def test_files_read_in_any_order_come_back_in_the_order_named(names: list[str], rnd) -> None:
    """`extract -j N` reorders what its workers finish: each file's outcome comes back at its place, a
    name given twice once at each, whatever order they finished in."""
    from minutes_cli.archive import in_given_order

    finished = [(name, (name, i)) for i, name in enumerate(names)]  # the i-th file named
    rnd.shuffle(finished)
    got = list(in_given_order(names, finished))
    assert [name for name, _ in got] == names
    assert sorted(i for _, (_, i) in got) == list(range(len(names)))  # none lost, none twice


def _near_words(word: str, letters) -> set[str]:
    """Every string one edit from `word` (a letter less, more, changed, or two neighbours swapped), with
    letters from `letters`, and `word` itself: made one by one, as the people register once found names a
    typo away. What WordIndex.near finds among the words filed."""
    out = {word}
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            out.add(head + tail[1:])
            if len(tail) > 1:
                out.add(head + tail[1] + tail[0] + tail[2:])
        for c in letters:
            out.add(head + c + tail)
            if tail:
                out.add(head + c + tail[1:])
    return out


_SPELLING = st.text(alphabet="aåbeéns -", max_size=7)


@given(st.lists(_SPELLING, max_size=30), _SPELLING, st.sets(st.sampled_from("aåbeéns -"), max_size=9))
def test_names_one_edit_away_are_those_made_one_edit_away(filed: list[str], word: str, letters: set[str]) -> None:
    """The register's index of names finds, among the words filed, the words one edit from a word (spaces and
    letters that are not in the alphabet among them), as making every such string would."""
    from minutes_cli.people.names import WordIndex

    index = WordIndex()
    for w in filed:
        index.add(w, w.title())
    assert sorted(index.near(word, letters)) == sorted((_near_words(word, letters) & set(filed)) - {word})
