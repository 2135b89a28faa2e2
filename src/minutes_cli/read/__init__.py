"""Stage 1, read: a file's bytes to text, one string per line, with where each
line is in the original file.

The reader is chosen by the file's content first (a PDF, a Word or
OpenDocument file, a web page), then by its extension; anything else that is
text is read as text. Every reader gives lines of markdown-ish text that the
clean stage understands (`#` headings, `- ` and `1. ` list lines, `**bold**`,
`| a | b |` table rows, a blank line between paragraphs):

    text.py        .txt, .md and any other text: encodings and damage
    docx.py        Word (.docx)
    pdf.py         PDF with a text layer
    html.py        web pages (.html, .htm)
    odt.py         OpenDocument text (.odt)

Each reader module has `read(data: bytes, source: str) -> SourceText` and
raises `InputError` with a one-line reason when the file cannot be read. Only
the reader for the kind of file at hand is imported, so that start-up stays
fast.

Line numbers are 1-based. For plain text they are the file's own lines; for
the other formats `locations` says where each line is in the original
("page 2, line 14", "paragraph 12", "table 1, row 3").
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from importlib import import_module

from ..errors import InputError, LimitError, shown

#: The most a file may hold, and a Word or OpenDocument file unpack to, unless the caller says otherwise
#: (`--max-file-size`). Minutes are rarely over a few MB; this keeps one odd file from taking all memory.
MAX_BYTES = 100 * 1024 * 1024
#: A part of a zip (.docx, .odt) may unpack to at most this many times its packed size once it is over
#: ZIP_RATIO_FLOOR bytes: Word's XML packs about 10 to 1, a zip bomb 1000 to 1.
ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    source: str  # the path as given, or "-" / "<stdin>"
    lines: tuple[str, ...]  # lines[0] is line 1
    encoding: str  # of a text file; for other formats the format ("docx", "pdf", "html", "odt")
    warnings: tuple[str, ...] = ()
    # for formats whose text is extracted (Word, PDF): where each line is in the original file,
    # e.g. "page 2, line 14" or "paragraph 12"; empty for plain text, where the line number says it all
    locations: tuple[str, ...] = ()

    def location(self, line: int) -> str | None:
        return self.locations[line - 1] if 0 < line <= len(self.locations) else None


# kind -> the module that reads it
READERS = {"text": "text", "docx": "docx", "pdf": "pdf", "html": "html", "odt": "odt"}
EXTENSIONS = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
              ".xhtml": "html", ".odt": "odt", ".ott": "odt", ".txt": "text", ".md": "text", ".markdown": "text"}


def sniff(data: bytes, name: str = "") -> str:
    """The kind of file: by its content first ("pdf", "docx", "odt", "html", and the kinds that cannot be
    read: "zip", "badzip", "odf-other", "ole", "rtf", "image"), then by the extension of `name`, else "text"."""
    head = data[:1024]
    if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-" or (b"%PDF-" in head and b"%%EOF" in data[-4096:]):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # old Word (.doc) or a password-protected Office file
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG\r\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")) or \
            (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or (head[:2] == b"BM" and head[6:10] == b"\x00" * 4):
        return "image"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or (
            low.startswith((b"<?xml", b"<!--", b"<meta", b"<head")) and b"<html" in data[:4096].lower()):
        return "html"
    return EXTENSIONS.get(os.path.splitext(name)[1].lower(), "text")


def _zip_kind(data: bytes) -> str:
    """A zip archive: Word ("docx"), OpenDocument text ("odt"), something else ("zip") or damaged ("badzip")."""
    import io
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
                return "docx"
            if "content.xml" in names:
                mime = z.read("mimetype").strip() if "mimetype" in names else b""
                if mime.startswith(b"application/vnd.oasis.opendocument.text") or not mime:
                    return "odt"
                return "odf-other"
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError,
            zlib.error):
        return "badzip"


_CANNOT = {
    "badzip": "looks like a damaged Word or OpenDocument file (a binary zip archive that cannot be opened); "
              "open it in Word or LibreOffice and save it again, or save it as PDF or text",
    "odf-other": "is an OpenDocument file but not a text document (a spreadsheet or presentation?); "
                 "save the minutes as .odt, .docx, .pdf or .txt",
    "zip": "is a zip archive, not a Word or OpenDocument text file (no word/document.xml or content.xml in it); "
           "open it and save the minutes as .docx, .pdf or .txt",
    "ole": "is an old Word (.doc) file or a password-protected Office file, which cannot be read; "
           "save it as .docx without a password (or as PDF or text)",
    "rtf": "is an RTF file, which cannot be read; save it as .docx, .pdf or .txt",
    "image": "is an image (a scanned page?), not text; run text recognition (OCR) on it, or read the "
             "document it was made from",
}


def size_text(n: int) -> str:
    """A size in bytes as people write it: `1.5 MB`, `200 kB`, `12 bytes`."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{n // 1024} kB" if n >= 1024 else f"{n} bytes"


def _too_large(source: str, what: str, max_bytes: int) -> LimitError:
    return LimitError(source, f"{what}, more than the size limit of {size_text(max_bytes)} (--max-file-size); "
                              "if it really is minutes, raise the limit")


def check_unpacked(data: bytes, source: str, max_bytes: int | None = MAX_BYTES) -> None:
    """A zip archive (.docx, .odt) must not unpack to more than `max_bytes`, nor any part of it to more than
    ZIP_RATIO times its packed size (a zip bomb). Checked from the archive's directory, before any part is
    read; raises LimitError. A damaged archive passes here and is reported by its reader."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return
    total = sum(i.file_size for i in infos)
    if max_bytes is not None and total > max_bytes:
        raise _too_large(source, f"unpacks to {size_text(total)}", max_bytes)
    for i in infos:
        if i.file_size > ZIP_RATIO_FLOOR and i.file_size > ZIP_RATIO * max(i.compress_size, 1):
            raise LimitError(source, f"unpacks its part {shown(i.filename)} from {size_text(i.compress_size)} to "
                                     f"{size_text(i.file_size)}, more than {ZIP_RATIO} times its size: a zip bomb, "
                                     "not a document; do not open it")


def read_bytes(data: bytes, source: str, name: str | None = None, max_bytes: int | None = MAX_BYTES) -> SourceText:
    """Read a file's bytes with the reader its content (or else its name) calls for. Raises InputError
    (LimitError when the bytes, or what a .docx or .odt unpacks to, exceed `max_bytes`)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(source, f"is {size_text(len(data))}", max_bytes)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        check_unpacked(data, source, max_bytes)
    kind = sniff(data, source if name is None else name)
    if kind in _CANNOT:
        raise InputError(source, _CANNOT[kind])
    if not data.strip():
        raise InputError(source, "is empty; there are no minutes to read")
    reader = import_module(f".{READERS[kind]}", __package__)
    try:
        return reader.read(data, source)
    except InputError:
        raise
    except (MemoryError, RecursionError) as e:
        raise InputError(source, f"is too large or too deeply nested to read ({type(e).__name__}); "
                                 "save it as .txt and read that") from None
    except Exception as e:  # a damaged file the reader's library trips over: still one line, and the batch goes on
        if kind == "text":
            raise
        raise InputError(source, f"is a {kind.upper()} file that could not be read ({type(e).__name__}: {e}); "
                                 "save it again, or as text, and read that") from None


def decode(data: bytes, source: str, max_bytes: int | None = MAX_BYTES) -> SourceText:
    """Bytes with no file name (standard input) to text: a PDF, Word, OpenDocument file or web page by its
    content, anything else as text in whatever encoding it is in. Raises InputError for binary or empty input."""
    return read_bytes(data, source, name="", max_bytes=max_bytes)


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                (stat.S_ISSOCK, "a socket"))
# open without waiting: a FIFO with no writer would block the open itself
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_path(path: str | os.PathLike, max_bytes: int | None = MAX_BYTES) -> SourceText:
    """Read a file from disk. Raises InputError with a one-line reason (LimitError for a file over
    `max_bytes`). The record's `source` is the path as given, undecodable bytes and control characters
    shown as `\\xNN` (`errors.shown`)."""
    name = os.fspath(path)
    source = shown(name)
    try:
        fd, st = _open(name, source)
        with open(fd, "rb") as fh:
            _check_regular(st, source, max_bytes)
            data = fh.read() if max_bytes is None else _read_capped(fh, max_bytes + 1, st.st_size)
    except FileNotFoundError:
        raise InputError(source, "no such file; check the path") from None
    except PermissionError:
        if os.path.isdir(name):  # (Windows opens no directory)
            raise InputError(source, _DIRECTORY) from None
        raise InputError(source, "permission denied; check that you may read the file") from None
    except OSError as e:
        raise InputError(source, f"cannot be read ({e.strerror or e}); check the path") from None
    return read_bytes(data, source, max_bytes=max_bytes)


_DIRECTORY = "is a directory; name the minutes files in it (or use a shell glob)"


def _open(name: str, source: str) -> tuple[int, os.stat_result]:
    """The file opened, and its status (one call for both: no separate look whether it is a directory);
    InputError for a directory."""
    fd = os.open(name, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if stat.S_ISDIR(st.st_mode):
        os.close(fd)
        raise InputError(source, _DIRECTORY)
    return fd, st


def _read_capped(fh, want: int, size: int) -> bytes:
    """The file's first `want` bytes (all of it when it is shorter), read into a buffer the size of the file
    (`size`, from its status) rather than of `want`: reading up to the limit at once makes a buffer of the
    limit's size (100 MB) for every small file. A file that grew since its status was taken is read on."""
    data = fh.read(min(want, size + 1))
    if len(data) == size + 1 and len(data) < want:
        data += fh.read(want - len(data))
    return data


def _check_regular(st: os.stat_result, source: str, max_bytes: int | None) -> None:
    """Only a regular file is read: a FIFO or a device named as a file would be waited on for ever."""
    for test, what in _NOT_REGULAR:
        if test(st.st_mode):
            raise InputError(source, f"is {what}, not a file; name a minutes file, or pipe the text to '-'")
    if max_bytes is not None and st.st_size > max_bytes:
        raise _too_large(source, f"is {size_text(st.st_size)}", max_bytes)
