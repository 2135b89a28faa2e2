"""Plain text in every encoding and state of damage Swedish minutes arrive in gives the same record as
clean UTF-8, and correct text is never changed."""
from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docbuild import damaged, mojibake, summary
from minutes_cli import InputError, parse_bytes, parse_path
from minutes_cli.read import decode, read_path
from minutes_cli.read import text as text_reader
from minutes_cli.read.text import decode_text, fix_mojibake, repair

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(FIXTURES.glob("seed_*.txt"))
ALL_TEXT = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
REF = datetime.date(2023, 3, 14)
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


ENCODINGS = {
    "cp1252": lambda t: t.encode("cp1252"),
    "latin-1 compatible cp1252, CRLF": lambda t: t.replace("\n", "\r\n").encode("cp1252"),
    "utf-16 (BOM)": lambda t: t.encode("utf-16"),
    "utf-16-be (BOM)": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-16-le, no BOM": lambda t: t.encode("utf-16-le"),
    "utf-32 (BOM)": lambda t: t.encode("utf-32"),
    "utf-8 BOM": lambda t: t.encode("utf-8-sig"),
    "mojibake (cp1252)": lambda t: mojibake(t).encode("utf-8"),
    "mojibake (latin-1)": lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8"),
    "mojibake twice": lambda t: mojibake(mojibake(t)).encode("utf-8"),
    "mojibake in half of it": lambda t: (mojibake(t[: len(t) // 2]) + t[len(t) // 2:]).encode("utf-8"),
    "damaged (NBSP, ZWSP, SHY, CRLF, BOM)": lambda t: damaged(t).encode("utf-8"),
    "utf-8 with some cp1252 bytes": lambda t: t[: len(t) // 2].encode("utf-8") + t[len(t) // 2:].encode("cp1252"),
}


@pytest.mark.parametrize("name", list(ENCODINGS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_any_encoding_gives_the_text_and_the_record_of_utf8(seed: Path, name: str, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    doc = tmp_path / seed.name
    doc.write_bytes(ENCODINGS[name](text))
    src = read_path(doc)
    assert list(src.lines) == text.split("\n")  # the very same text, line for line
    assert summary(parse_path(doc, reference_date=REF)) == summary(parse_path(seed, reference_date=REF))


@pytest.mark.parametrize("path", ALL_TEXT + sorted(SHARED.glob("*/*.*")) if SHARED.exists() else ALL_TEXT,
                         ids=lambda p: p.name)
def test_correct_utf8_is_read_exactly_as_it_is(path: Path) -> None:
    """Repairs must not touch correct text: every fixture and corpus file reads back byte for byte."""
    data = path.read_bytes()
    src = decode(data, str(path))
    assert list(src.lines) == data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\ufffd" in data.decode("utf-8"):  # letters lost before the file reached us: said, never repaired
        assert len(src.warnings) == 1 and "could not be decoded" in src.warnings[0]
    else:
        assert src.warnings == ()


def test_the_reader_says_what_it_did_with_the_encoding() -> None:
    text = "Protokoll\nNärvarande: Åsa Öberg\n"
    assert "Windows-1252" in decode(text.encode("cp1252"), "x.txt").warnings[0]
    assert "garbled" in decode(mojibake(text).encode("utf-8"), "x.txt").warnings[0]
    mixed = decode("Möte\n".encode("utf-8") + "Närvarande: Åsa\n".encode("cp1252"), "x.txt")
    assert mixed.lines[:2] == ("Möte", "Närvarande: Åsa") and "Windows-1252" in mixed.warnings[0]


def test_lost_characters_are_kept_as_replacement_characters_and_reported_with_their_lines() -> None:
    src = decode("Protokoll\n\nBeslut: budgeten f\ufffdr 2023 antogs.\n".encode("utf-8"), "x.txt")
    assert src.lines[2] == "Beslut: budgeten f\ufffdr 2023 antogs."  # not dropped
    assert any("could not be decoded" in w and "line 3" in w for w in src.warnings)
    # an undefined Windows-1252 byte is lost too, and said so
    src = decode(b"Beslut: f\x81r alla\nN\xe4rvarande\n", "y.txt")
    assert src.lines[0] == "Beslut: f\ufffdr alla" and src.lines[1] == "Närvarande"
    assert any("\ufffd" in w for w in src.warnings)


@pytest.mark.parametrize("enc", ["cp850", "mac_roman"])
def test_old_dos_and_mac_code_pages_are_recognised_by_their_swedish_letters(enc: str) -> None:
    text = "Protokoll från styrelsemötet\n\nNärvarande: Åsa Öberg, Örjan Häll\nBeslut: Årsmötet hålls i maj.\n"
    src = decode(text.encode(enc), "gammal.txt")
    assert "\n".join(src.lines) == text and "read as" in src.warnings[0]


def test_the_right_double_quote_lost_in_mojibake_is_put_back() -> None:
    garbled = "Arbetet kallas \u00e2\u20ac\ufffdAllas barn\u00e2\u20ac\ufffd i Ljungby. Ã–ppet mÃ¶te."
    assert fix_mojibake(garbled)[0] == "Arbetet kallas \u201dAllas barn\u201d i Ljungby. Öppet möte."


@pytest.mark.parametrize("correct", [
    "Ökad närvaro – ”Allas barn” · 5 € · § 12", "Å» är inte garbled", "MÖ… och SKÄ…", "Résumé, Ÿ, ©, ®",
    "NÄR: Åsa Öberg", "ÅÄÖ åäö é ü", "1½ timme, 20 °C, ±3",
])
def test_correct_text_with_lookalike_sequences_is_left_alone(correct: str) -> None:
    assert fix_mojibake(correct) == (correct, 0)


def test_damage_is_repaired_without_changing_the_number_of_lines() -> None:
    lines = ["Närvarande:\u00a0Åsa\u200bÖberg\u00ad", "Beslut:\tbudgeten ut\u00ad", "reds vidare", "x\x07y\x0c"]
    fixed, warnings = repair(list(lines), "x.txt")
    assert len(fixed) == len(lines)
    assert fixed[0] == "Närvarande: ÅsaÖberg"
    assert fixed[1] == "Beslut:\tbudgeten utreds" and fixed[2] == "vidare"  # a word split by a soft hyphen
    assert fixed[3] == "xy" and any("control" in w for w in warnings)


def _read_in_full(data: bytes) -> tuple[list[str], list[str]]:
    """What decoding and repair give for `data` (UTF-8 without a BOM or CR), every step taken."""
    text, _, warnings = text_reader.decode_bytes(data, "x.txt")
    lines, more = text_reader._repair_text(text, "x.txt")
    return lines, warnings + more


def test_one_character_to_repair_in_plain_utf8_is_repaired() -> None:
    """Most files are plain UTF-8 and are read without the repair's searches: a single character that decoding or
    repair would look at (a control character, an odd or zero-width space, a soft hyphen, a byte-order mark,
    garbled UTF-8) must still send the file through them."""
    odd = [c for c in map(chr, range(0x10000)) if c not in "\t\n\r" and not "\ud800" <= c <= "\udfff" and (
        text_reader._ODD_CONTROL.match(c) or text_reader._REPAIRED.match(c) or c == "\u00ad")]
    garbled = [lead + cont for lead in map(chr, range(0xC2, 0xF5)) for cont in text_reader._CONT]
    assert len(odd) > 80 and len(garbled) > 3000
    for c in odd + garbled:
        data = f"Möte – ”{c}” § 3\nBeslut: Åsa\n".encode("utf-8")
        lines, _, warnings = decode_text(data, "x.txt")
        assert (lines, warnings) == _read_in_full(data), repr(c)


def test_binary_and_empty_input_are_input_errors() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\x01\x02\x03garbage\x00" * 10, "blob.bin")
    with pytest.raises(InputError, match="empty"):
        decode("\ufeff  \r\n\r\n".encode("utf-8"), "tom.txt")
    with pytest.raises(InputError, match="empty"):
        decode_text("\u200b\u00ad\n".encode("utf-8"), "tom.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "mojibake"]))
def test_decoding_never_crashes_and_keeps_the_lines(text: str, enc: str) -> None:
    data = mojibake(text).encode("utf-8") if enc == "mojibake" else text.encode(enc, errors="replace")
    try:
        src = decode(data, "p.txt")
    except InputError as e:
        assert str(e).startswith("p.txt: ")
        return
    if enc in ("utf-8", "utf-8-sig", "utf-16") and "\x00" not in text:
        assert len(src.lines) == len(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def test_standard_input_in_cp1252_gives_the_record_of_utf8() -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    assert summary(parse_bytes(text.encode("cp1252"), reference_date=REF)) == \
        summary(parse_bytes(text.encode("utf-8"), reference_date=REF))


# ---------------------------------------------------------------- text or not


def _random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    n = rng.choice([64, 100, 256, 512, 1000, 4096])
    if seed % 3 == 0:  # no NUL in it, so that only the statistics can tell
        return bytes(rng.randrange(1, 256) for _ in range(n))
    if seed % 3 == 1:  # mostly high bytes, as a compressed or encrypted file
        return bytes(rng.randrange(0x60, 256) for _ in range(n))
    return rng.randbytes(n)


@pytest.mark.parametrize("seed", range(300))
def test_random_bytes_are_not_read_as_text(seed: int) -> None:
    """Any byte is some character in Mac Roman or Windows-1252, so random bytes once gave a record and exit 0
    (about 3 tries in 20); now the control characters and the characters no Latin text uses tell them apart."""
    data = _random_bytes(seed)
    with pytest.raises(InputError, match="binary"):
        decode(data, "slump.bin")


@pytest.mark.parametrize("case", ALL_TEXT, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "mac_roman", "cp850"])
def test_text_in_a_single_byte_code_page_is_still_text(case: Path, encoding: str) -> None:
    text = case.read_text(encoding="utf-8")
    for part in (text, text[:64]):
        decode(part.encode(encoding, errors="replace"), case.name)  # no InputError


@pytest.mark.parametrize("case", SEEDS, ids=lambda p: p.stem)
def test_a_nul_byte_in_text_is_dropped_with_a_warning(case: Path) -> None:
    data = case.read_bytes()
    middle = data.index(b"\n", len(data) // 2)
    m = parse_bytes(data[:middle] + b"\x00" + data[middle:], source=case.name, reference_date=REF)
    assert summary(m) == summary(parse_bytes(data, source=case.name, reference_date=REF))
    assert any("removed 1 NUL byte" in w for w in m.warnings)
    three = data.replace(b"\n", b"\x00\n", 3).decode("utf-8").encode("cp1252")
    assert summary(parse_bytes(three, source=case.name, reference_date=REF)) == \
        summary(parse_bytes(data, source=case.name, reference_date=REF))


def test_many_nul_bytes_are_binary() -> None:
    text = FIXTURES.joinpath("seed_000.txt").read_bytes()
    with pytest.raises(InputError, match="binary"):
        decode(text.replace(b" ", b"\x00 "), "x.txt")  # a NUL before every space: not a damaged save


def test_random_bytes_on_the_command_line_are_one_error_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from minutes_cli.cli import app

    (tmp_path / "slump.txt").write_bytes(_random_bytes(1))
    good = tmp_path / "bra.txt"
    good.write_bytes(SEEDS[0].read_bytes().replace(b"\n", b"\x00\n", 1))
    result = CliRunner().invoke(app, ["extract", "-f", "json", str(tmp_path / "slump.txt"), str(good)])
    assert result.exit_code != 0
    errors = [s for s in result.stderr.splitlines() if "error" in s]
    assert len(errors) == 1 and "slump.txt" in errors[0] and "binary" in errors[0]
    assert [r["source"] for r in json.loads(result.stdout)] == [str(good)]
