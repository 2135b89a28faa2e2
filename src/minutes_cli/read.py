"""Stage 1, read: a file's bytes to text, one string per line, with where each
line is in the original file.

The reader is chosen by the file's content first (a PDF, a Word or
OpenDocument file, a web page), then by its extension; anything else that is
text is read as text. Every reader gives lines of markdown-ish text that the
clean stage understands (`#` headings, `- ` and `1. ` list lines, `**bold**`,
`| a | b |` table rows, a blank line between paragraphs):

    read_text.py   .txt, .md and any other text: encodings and damage
    read_docx.py   Word (.docx)
    read_pdf.py    PDF with a text layer
    read_html.py   web pages (.html, .htm)
    read_odt.py    OpenDocument text (.odt)

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
from dataclasses import dataclass
from importlib import import_module

from .errors import InputError


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
READERS = {"text": "read_text", "docx": "read_docx", "pdf": "read_pdf", "html": "read_html", "odt": "read_odt"}
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


def read_bytes(data: bytes, source: str, name: str | None = None) -> SourceText:
    """Read a file's bytes with the reader its content (or else its name) calls for. Raises InputError."""
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


def decode(data: bytes, source: str) -> SourceText:
    """Bytes with no file name (standard input) to text: a PDF, Word, OpenDocument file or web page by its
    content, anything else as text in whatever encoding it is in. Raises InputError for binary or empty input."""
    return read_bytes(data, source, name="")


def read_path(path: str | os.PathLike) -> SourceText:
    """Read a file from disk. Raises InputError with a one-line reason."""
    source = os.fspath(path)
    if os.path.isdir(source):
        raise InputError(source, "is a directory; name the minutes files in it (or use a shell glob)")
    try:
        with open(source, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(source, "no such file; check the path") from None
    except PermissionError:
        raise InputError(source, "permission denied; check that you may read the file") from None
    except OSError as e:
        raise InputError(source, f"cannot be read ({e.strerror or e}); check the path") from None
    return read_bytes(data, source)
