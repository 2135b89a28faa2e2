"""The last stage, export: records and rows to JSON, JSON Lines, CSV, TSV, Markdown, streamed.

Every writer takes an iterator and writes each record or row as soon as it
is produced, so a long list of files never has to be held in memory and a
reader downstream (`| head`, `| jq`) sees output as it comes.

`to_json` writes exactly what `json.dumps(list_of_dicts, indent=2,
ensure_ascii=False)` would, plus a final newline. Text is written as it
stands (no \\u escapes for å, ä, ö).

The row writers (`write_rows`) serve the query commands (`minutes decisions`,
`actions`, `meetings`): one header row, one row per record, the columns of
`archive.COLUMNS`. CSV and TSV are safe to open in a spreadsheet: a text cell
that a spreadsheet would run as a formula gets a leading `'` (the OWASP rule
for CSV injection), so a protocol received from outside cannot carry a live
`=HYPERLINK(...)` into Excel. `atomic_write` writes a file so that it is
either the old file or the whole new one, never half.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from ..model import Minutes


def record_dict(record: Minutes | Mapping[str, Any]) -> dict:
    """The JSON object for one record (a `Minutes`, or a dict already)."""
    return record.to_dict() if hasattr(record, "to_dict") else dict(record)


def dumps(record: Minutes | Mapping[str, Any], indent: int | None = 2) -> str:
    """One record as a JSON string."""
    return json.dumps(record_dict(record), indent=indent, ensure_ascii=False, allow_nan=False)


def to_json(records: Iterable[Minutes | Mapping[str, Any]], stream: TextIO) -> int:
    """Write a JSON list, one object per record; return how many were written.

    `[` is written first and each object as it arrives, so nothing is
    collected. With no records the output is `[]`.
    """
    n = 0
    stream.write("[")
    stream.flush()
    for record in records:
        text = dumps(record, indent=2)
        # Indent the object one level, as json.dumps would inside a list. JSON
        # strings never hold a raw newline, so splitting on it is safe.
        stream.write(",\n" if n else "\n")
        stream.write("\n".join("  " + line for line in text.split("\n")))
        stream.flush()
        n += 1
    stream.write("\n]\n" if n else "]\n")
    stream.flush()
    return n


def to_jsonl(records: Iterable[Minutes | Mapping[str, Any]], stream: TextIO) -> int:
    """Write JSON Lines: one compact object per line, flushed after each."""
    n = 0
    for record in records:
        stream.write(dumps(record, indent=None) + "\n")
        stream.flush()
        n += 1
    return n


# ---------------------------------------------------------------- rows (the query commands)

#: Formats of the query commands; `table` is rendered by `view.render_rows`.
ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl", "md")
LIST_SEPARATOR = "; "  # owners in one cell


def cell(value: Any, decimal: str = ".") -> str:
    """One value as text for CSV, TSV and Markdown: None empty, a list joined with `; `."""
    if type(value) is str:  # most cells: no other test needed
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(cell(v, decimal) for v in value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", decimal) if decimal != "." else text
    return str(value)


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Text that Excel (Swedish settings) would silently turn into a date or a number: `2021-12` (a due month),
#: `12.3` or `1/2` (an item number). --excel writes it as `="2021-12"`, which Excel shows as the text.
_EXCEL_CONVERTS = re.compile(r"\d{4}-\d{1,2}|\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?")


def defused(value: Any, text: str) -> str:
    """`text` (the cell of `value`) with a leading `'` when it is text a spreadsheet would run as a formula;
    numbers are left as they are."""
    if isinstance(value, (str, list, tuple)) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _excel_cell(value: Any, text: str) -> str:
    if isinstance(value, str) and _EXCEL_CONVERTS.fullmatch(text):
        return f'="{text}"'
    return defused(value, text)


def json_row(row: Mapping[str, Any], columns: Sequence[str], schema_version: str) -> dict:
    """A row as a JSON object: `schema_version`, the columns, then `id` when the row has one.

    Values keep their type (owners a list, line an integer, null for none).
    """
    out = {"schema_version": schema_version}
    out.update((c, row.get(c)) for c in columns)
    if "id" in row:
        out["id"] = row["id"]
    return out


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: TextIO, *,
           delimiter: str = ",", decimal: str = ".", bom: bool = False, keep_text: bool = False) -> int:
    """CSV per RFC 4180: a header row, CRLF line ends, fields quoted when they need it; a text cell that
    would run as a formula starts with `'` (`defused`).

    Open a file for it with `newline=""`. `bom` writes a UTF-8 byte order
    mark first (for Excel); `keep_text` writes text that Excel would turn into
    a date or number (`2021-12`) as `="2021-12"`; return how many rows were written.
    """
    import csv  # (here: `minutes extract` writes no CSV, and starts faster without it)

    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    safe = _excel_cell if keep_text else defused
    n = 0
    for row in rows:
        writer.writerow([safe(v, cell(v, decimal)) for v in (row.get(c) for c in columns)])
        n += 1
    stream.flush()
    return n


def excel_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    """CSV that Excel with Swedish settings opens right on double-click: UTF-8 with BOM, `;`, decimal comma,
    `2021-12` kept as text."""
    return to_csv(rows, columns, stream, delimiter=";", decimal=",", bom=True, keep_text=True)


def _flat(text: str) -> str:
    return " ".join(text.split())


def to_tsv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    """Tab-separated values (IANA text/tab-separated-values): no quoting; tabs and line breaks in a value become
    spaces; a text cell that would run as a formula starts with `'` (`defused`)."""
    stream.write("\t".join(columns) + "\n")
    n = 0
    for row in rows:
        stream.write("\t".join(defused(v, _flat(cell(v))) for v in (row.get(c) for c in columns)) + "\n")
        n += 1
    stream.flush()
    return n


def _md(text: str) -> str:
    return _flat(text).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    """A Markdown (GitHub) table; `|` in a value is escaped, line breaks become spaces."""
    stream.write("| " + " | ".join(columns) + " |\n")
    stream.write("|" + "|".join("---" for _ in columns) + "|\n")
    n = 0
    for row in rows:
        stream.write("| " + " | ".join(_md(cell(row.get(c))) for c in columns) + " |\n")
        n += 1
    stream.flush()
    return n


def write_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str, stream: TextIO, *,
               excel: bool = False, schema_version: str = "1.0") -> int:
    """Write rows in `fmt` (any of ROW_FORMATS but `table`); return how many."""
    if excel:
        if fmt != "csv":
            raise ValueError("excel output is CSV")
        return excel_csv(rows, columns, stream)
    if fmt == "csv":
        return to_csv(rows, columns, stream)
    if fmt == "tsv":
        return to_tsv(rows, columns, stream)
    if fmt == "md":
        return to_markdown(rows, columns, stream)
    if fmt in ("json", "jsonl"):
        objects = (json_row(r, columns, schema_version) for r in rows)
        return to_json(objects, stream) if fmt == "json" else to_jsonl(objects, stream)
    raise ValueError(f"{fmt!r} is not a row format")


# ---------------------------------------------------------------- files


def output_target(path: str | os.PathLike) -> str:
    """The file that writing to `path` replaces: `path` itself, or the file a symbolic link at `path` points
    to (the link is written through and kept). Raises ValueError when that is something other than a
    regular file (a device such as /dev/null, a FIFO, a folder), which a rename would replace."""
    import stat

    target = os.path.realpath(os.fspath(path)) if os.path.islink(path) else os.fspath(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise ValueError(f"{os.fspath(path)!r} is {what}, not a regular file; name a file (or '-' for "
                         "standard output)")
    return target


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, encoding: str = "utf-8", newline: str | None = "") -> Iterator[TextIO]:
    """Open `path` for writing so that it is replaced only when the block ends without an error.

    The text goes to a temporary file beside `path` (where the system allows,
    one with no name, so that even a killed process leaves nothing behind;
    else a hidden `.NAME.XXXX.part`), which is flushed to disk and renamed
    over `path` at the end; on any exception (Ctrl-C included) it is removed
    and `path` is left as it was. A symbolic link is written through (see
    `output_target`); anything but a regular file raises ValueError. A new
    file gets the usual permissions (0666 less the umask), a replaced one
    keeps its own (a read-only file stays read-only).
    """
    target = output_target(path)
    folder = os.path.dirname(os.path.abspath(target))
    prefix = "." + os.path.basename(target) + "."
    fd, tmp = _temp_file(folder, prefix)  # tmp None: a file with no name yet
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            if tmp is None:  # a name only now that it is whole
                tmp = _link_unnamed(fh.fileno(), folder, prefix)
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _temp_file(folder: str, prefix: str) -> tuple[int, str | None]:
    """A file to write in `folder`: with no name where the system allows (Linux O_TMPFILE), else `.NAME.XXXX.part`."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(folder, flag | os.O_WRONLY, 0o600), None
        except OSError:
            pass  # a file system without unnamed files
    import tempfile

    return tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".part")


def _link_unnamed(fd: int, folder: str, prefix: str) -> str:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        while True:
            name = prefix + os.urandom(4).hex() + ".part"
            try:  # a dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW), which an unnamed file needs
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=dir_fd, follow_symlinks=True)
                return os.path.join(folder, name)
            except FileExistsError:
                continue
    finally:
        os.close(dir_fd)


def _mode(target: str) -> int:
    """The permissions for `target`: those of the file it replaces, else 0666 less the umask."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
