"""Stage 1 for plain text (.txt, .md and anything else that is text): bytes to lines.

What arrives here has been through Word, e-mail, web pages and PDF
extractors, so it can be in any of the encodings Swedish minutes have been
saved in, and damaged on the way. `decode_text` works out the encoding,
`repair` undoes the damage that can be undone, and every repair or loss is
reported as a warning; no text is dropped. The number of lines never
changes, so line numbers still point into the file as stored.

- UTF-8, with or without a byte-order mark; UTF-16 and UTF-32 with a mark;
  UTF-16 without one (every other byte zero).
- Not UTF-8: Windows-1252 (old Word exports; a superset of Latin-1 for
  text), or DOS code page 850 or Mac Roman when those give Swedish letters
  and Windows-1252 gives punctuation in the middle of words. A file that is
  UTF-8 with a few Windows-1252 bytes in it is read byte by byte as each.
- Mojibake: UTF-8 that was once decoded as Windows-1252 or Latin-1 (`Ã¶`
  for `ö`, `â€“` for `–`), also twice over, is turned back. Only sequences
  that decode to a letter or common punctuation are touched, so correct text
  is left as it is.
- U+FFFD replacement characters (the original bytes are lost) are counted
  and reported with their lines.
- Text or not: bytes whose decoding has control characters beyond a stray
  few, or, read with a single-byte code page (where every byte is some
  character), characters that no Latin-alphabet text uses or a quarter of
  them beyond ASCII, are binary (an InputError): random bytes are not read
  as Mac Roman. A few NUL bytes in text (a damaged save) are removed with a
  warning; many make it binary.
- Non-breaking and other odd spaces become spaces; zero-width characters and
  byte-order marks inside the text are removed; soft hyphens are removed (a
  word split by one at the end of a line is joined); control characters
  other than tab are removed. Line ends: CRLF and CR become LF.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError

# bytes 0x80-0x9F that Windows-1252 leaves undefined
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_SWEDISH = set("åäöÅÄÖéÉüÜ")


def _cp1252_fallback(err: UnicodeDecodeError):
    """Codec error handler: a byte that is not UTF-8 is read as Windows-1252."""
    b = err.object[err.start]
    ch = "\ufffd" if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
    return ch, err.start + 1


codecs.register_error("minutes-cp1252", _cp1252_fallback)


def _suspicion(text: str) -> int:
    """How strange a single-byte decoding looks for Swedish: letters gained minus odd characters."""
    good = bad = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        if ch in _SWEDISH:
            good += 1
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if not ch.isalpha() and prev.isalpha() and nxt.isalpha():
            bad += 2  # punctuation or a box-drawing character inside a word
        elif "\u2500" <= ch <= "\u259f" or "\u0080" <= ch <= "\u009f":
            bad += 2
        elif ch.isalpha() and ch > "\u00ff":
            bad += 1
    return good - bad


def _single_byte(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8: Windows-1252 unless another code page reads clearly better."""
    best = None
    for enc in ("cp1252", "cp850", "mac_roman"):
        text = data.decode(enc, errors="replace")  # Windows-1252 leaves five bytes undefined: U+FFFD
        score = _suspicion(text)
        if best is None or score > best[0] + 2:  # Windows-1252 wins unless clearly beaten
            best = (score, text, enc)
    return best[1], best[2]


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte is zero (text saved as UTF-16 without a mark)."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "cp850": "DOS code page 850",
          "mac_roman": "Mac Roman"}


def decode_bytes(data: bytes, source: str) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings). Raises InputError for binary data."""
    warnings: list[str] = []
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    enc = next((e for bom, e in boms if data.startswith(bom)), None) or _utf16_without_bom(data)
    if enc:
        before = data.count(b"\xef\xbf\xbd") if enc == "utf-8-sig" else 0
        text = data.decode(enc, errors="replace")
        if text.count("\ufffd") > before:
            warnings.append(f"{source}: not all of it is valid {enc.upper().replace('-SIG', '')}; "
                            "the bytes that are not are shown as \ufffd")
        if enc == "utf-16-le" or enc == "utf-16-be":
            warnings.append(f"{source}: read as UTF-16 without a byte-order mark")
        return text, enc, warnings
    data = _without_nul(data, source, warnings)
    try:
        text = data.decode("utf-8")
        _refuse_binary(text, source, single_byte=False)
        return text, "utf-8", warnings
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few bytes that are not (a file edited in two editors): most high bytes are good UTF-8
    high = sum(1 for b in data if b >= 0x80)
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if invalid * 2 < high:
        mixed = data.decode("utf-8", errors="minutes-cp1252")
        _refuse_binary(mixed, source, single_byte=False)
        warnings.append(f"{source}: mostly UTF-8 with some bytes that are not; those were read as Windows-1252")
        return mixed, "utf-8+cp1252", warnings
    text, enc = _single_byte(data)
    _refuse_binary(text, source, single_byte=True)
    warnings.append(f"{source}: not valid UTF-8, read as {_NAMES[enc]}")
    return text, enc, warnings


# ---------------------------------------------------------------- text or not

_BINARY = "looks like a binary file, not text minutes; convert it to .txt or .md first"
# control characters other than tab, line ends and form feed: in text a stray one, in random bytes one in nine
_ODD_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# what a single-byte code page gives for text in a Latin alphabet: ASCII, Latin letters, common punctuation
_LATIN = re.compile("[\t\n\x0b\x0c\r\x20-\x7e\u00a0\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
                    + re.escape("–—‘’‚“”„•…€§°±·½¼¾«»©®£¿¡´¨") + "]")


def _without_nul(data: bytes, source: str, warnings: list[str]) -> bytes:
    """NUL bytes removed, with a warning, when there are a few in text (a damaged save); many: binary."""
    n = data.count(0)
    if not n:
        return data
    if n > max(8, len(data) // 100):
        raise InputError(source, _BINARY)
    warnings.append(f"{source}: removed {n} NUL byte{'s' if n > 1 else ''} (a damaged save?); check the text "
                    "against the original")
    return data.replace(b"\x00", b"")


def _refuse_binary(text: str, source: str, single_byte: bool) -> None:
    """Raise InputError when decoded bytes do not read as text: control characters beyond a stray few, or,
    read with a single-byte code page (where any byte is some character), more than one character in ten
    that Swedish or other Latin-alphabet text does not use (`∂`, `╣`, `\ufffd`) or more than one in four
    beyond ASCII (Swedish has a few å, ä and ö among its letters, random bytes half their bytes high)."""
    controls = len(_ODD_CONTROL.findall(text))
    if controls >= 3 and controls * 20 > len(text):
        raise InputError(source, _BINARY)
    if not single_byte or len(text) < 32:
        return
    high = sum(1 for c in text if c > "\x7f")
    if (len(text) - len(_LATIN.findall(text))) * 10 > len(text) or high * 4 > len(text):
        raise InputError(source, _BINARY)


# ---------------------------------------------------------------- mojibake

# the characters that the bytes 0x80-0xBF become when UTF-8 is decoded as Windows-1252 or Latin-1
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
                       | {chr(b) for b in range(0x80, 0xC0)}))
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
# a lead byte's character, then as many continuation bytes as the lead says (the lead taken first, so that a
# search skips at once to the next character that can lead)
_SEQ = ("(?:[\u00c2-\u00f4](?:(?<=[\u00c2-\u00df])" + _CONT_CLASS + "|(?<=[\u00e0-\u00ef])" + _CONT_CLASS
        + "{2}|(?<=[\u00f0-\u00f4])" + _CONT_CLASS + "{3}))")
_MOJIBAKE = re.compile(_SEQ)
_RUN = re.compile(_SEQ + "+")
# the right double quote's last byte 0x9D is undefined in Windows-1252: it is often lost
_LOST_QUOTE = re.compile("\u00e2\u20ac(?:\ufffd|\\?|(?=[\\s.,;:!)]|$))")
_GOOD_PUNCT = set("–—‘’‚“”„†‡•…‰‹›€™\u00a0«»§°±×·½¼¾€£¡¿")


def _byte(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch)  # a C1 control: Latin-1


def _plausible(ch: str) -> bool:
    """Would a repaired character be what the text meant? Letters of the Latin alphabets, common
    punctuation, an emoji."""
    if ch in _GOOD_PUNCT or ch == "\ufffd" or "\u2010" <= ch <= "\u2027" or "\u2030" <= ch <= "\u205e" or "\u20a0" <= ch <= "\u20cf":
        return True
    if len(ch.encode("utf-8")) == 4:
        return unicodedata.category(ch) == "So"
    return "\u00a0" <= ch <= "\u024f" and (ch.isalpha() or ch == "\u00a0")


def _undo(s: str, depth: int = 0) -> str | None:
    """The text `s` (a run of garbled sequences) stood for, or None when it is not garbled UTF-8."""
    try:
        t = bytes(_byte(c) for c in s).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None
    if all(_plausible(c) for c in t):
        return t
    if depth < 2 and _RUN.fullmatch(t):  # garbled twice over
        return _undo(t, depth + 1)
    return None


def _unbake(text: str, sure: bool) -> tuple[str, int]:
    n = 0

    def run(m: re.Match) -> str:
        nonlocal n
        s = m.group(0)
        seqs = [x.group(0) for x in _MOJIBAKE.finditer(s)]
        if not sure and any(q[0] not in "\u00c2\u00c3\u00e2" for q in seqs):
            # Ã, Â and â lead nearly all Swedish mojibake; other leads only once the text is known to be garbled
            seqs = []
        t = _undo(s) if seqs else None
        if t is not None:
            n += len(t)
            return t
        out = []
        for q in seqs:  # one sequence at a time
            u = _undo(q)
            out.append(q if u is None else u)
            n += u is not None
        return "".join(out) if seqs else s

    return _RUN.sub(run, text), n


def fix_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 read as Windows-1252 / Latin-1 (up to twice over). Returns (text, characters repaired)."""
    fixed = 0
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            break
        text, n = _unbake(text, sure=bool(fixed))
        if n and not fixed:
            text, more = _unbake(text, sure=True)  # known to be garbled now: the rarer leads too
            n += more
        if not n:
            break
        fixed += n
    if fixed:
        text, n = _LOST_QUOTE.subn("\u201d", text)
        fixed += n
    return text, fixed


# ---------------------------------------------------------------- repair

_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_REPAIRED = re.compile("|".join(p.pattern for p in (_CONTROL, _SPACE, _ZERO_WIDTH)))  # what the three change
_SOFT_HYPHEN_END = re.compile("\u00ad[ \t]*$")
_WORD_THEN_REST = re.compile(r"^[ \t]*(\w+)([ \t]+|$)(.*)$")


def clean_chars(s: str) -> str:
    """Odd spaces to spaces; zero-width characters, soft hyphens and control characters (but tab) removed."""
    return _CONTROL.sub("", _ZERO_WIDTH.sub("", _SPACE.sub(" ", s))).replace("\u00ad", "")


def repair(lines: list[str], source: str) -> tuple[list[str], list[str]]:
    """Repair damage line by line; the number of lines stays the same. Returns (lines, warnings)."""
    return _repair_text("\n".join(lines), source)


def _repair_text(text: str, source: str) -> tuple[list[str], list[str]]:
    """`repair` of the lines of `text` (joined by "\n"), given whole: not split into lines to be joined again."""
    warnings: list[str] = []
    text, fixed = fix_mojibake(text)
    if fixed:
        warnings.append(f"{source}: repaired {fixed} characters garbled by a wrong decoding (such as 'Ã¶' for 'ö')")
    if "\u00ad" in text:
        lines, controls = _repair_lines(text.split("\n"))
    else:  # each repair is of single characters (never a line end): on the whole text at once it is the same
        controls = 0
        if _REPAIRED.search(text):
            controls = len(_CONTROL.findall(text)) - text.count("\x0c") - text.count("\x0b")  # (a page feed: not)
            text = _ZERO_WIDTH.sub("", _SPACE.sub(" ", _CONTROL.sub("", text)))
        lines = text.split("\n")
    if controls:
        warnings.append(f"{source}: removed {controls} control characters")
    return _found_lost(lines, text, source, warnings)


def _found_lost(lines: list[str], text: str, source: str,
                warnings: list[str] | None = None) -> tuple[list[str], list[str]]:
    """The lines of `text`, and the warnings with one more for characters lost before (U+FFFD), if any."""
    warnings = [] if warnings is None else warnings
    bad = [i + 1 for i, s in enumerate(lines) if "\ufffd" in s] if "\ufffd" in text else []
    if bad:
        n = sum(s.count("\ufffd") for s in lines)
        where = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        warnings.append(f"{source}: {n} characters could not be decoded and are shown as \ufffd "
                        f"(line{'s' if len(bad) > 1 else ''} {where}); check them against the original")
    return lines, warnings


def _repair_lines(lines: list[str]) -> tuple[list[str], int]:
    """The lines with control characters, odd spaces, zero-width characters and soft hyphens removed (a word
    split by a soft hyphen at the end of a line is joined), and the number of control characters removed."""
    controls = 0
    for i, s in enumerate(lines):
        if _CONTROL.search(s):
            controls += len(_CONTROL.findall(s.replace("\x0c", "").replace("\x0b", "")))
            s = _CONTROL.sub("", s)
        s = _ZERO_WIDTH.sub("", _SPACE.sub(" ", s))
        if "\u00ad" in s:
            # a word split at the end of the line: its second half moves up from the next line
            if _SOFT_HYPHEN_END.search(s) and i + 1 < len(lines):
                nxt = lines[i + 1]
                m = _WORD_THEN_REST.match(nxt)
                if m and m.group(1)[0].islower() and m.group(3).strip():
                    s = _SOFT_HYPHEN_END.sub("", s) + m.group(1)
                    lines[i + 1] = m.group(3)
            s = s.replace("\u00ad", "")
        lines[i] = s
    return lines, controls


# ---------------------------------------------------------------- plain UTF-8

# What decode_bytes and repair would look at or change in UTF-8 text: a control character but tab and line ends
# (NUL among them), found in the bytes by deleting every other byte; then, in the text, in one search that skips
# to the first class fast, U+0080-U+00A0 (C1 controls, the no-break space), the soft hyphen, the odd and zero-width
# spaces, a byte-order mark, and a letter that may lead garbled UTF-8 (Â-ô) before a character that a garbled
# continuation byte becomes (_CONT). tests/test_encodings.py holds these to every such character.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 9 or b in (11, 12) or 14 <= b < 32 or b == 127))
_LOOK_CLOSER = re.compile("[\x80-\xa0\xad\u00c2-\u00f4\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]"
                          "(?:(?<=[\u00c2-\u00f4])" + _CONT_CLASS + "|(?<![\u00c2-\u00f4]))")


def _plain_utf8(data: bytes) -> str | None:
    """`data` decoded, when it is UTF-8 with nothing in it that decoding and repair would look at (most files):
    decode_bytes would give it with no warning, and repair would change nothing. None otherwise."""
    if data.translate(None, _NOT_CONTROL_BYTES):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _LOOK_CLOSER.search(text) else text


def decode_text(data: bytes, source: str) -> tuple[list[str], str, list[str]]:
    """Bytes of a text file to repaired lines: (lines, encoding, warnings). Raises InputError for binary
    or empty input."""
    plain = _plain_utf8(data)
    text, enc, warnings = (plain, "utf-8", []) if plain is not None else decode_bytes(data, source)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise InputError(source, "is empty; there are no minutes to read")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, more = _found_lost(text.split("\n"), text, source) if plain is not None else _repair_text(text, source)
    if not any(s.strip() for s in lines):
        raise InputError(source, "is empty; there are no minutes to read")
    return lines, enc, warnings + more


def read(data: bytes, source: str):
    """The reader interface (see read.py): a text file to SourceText."""
    from . import SourceText

    lines, enc, warnings = decode_text(data, source)
    return SourceText(source, tuple(lines), enc, tuple(warnings))
