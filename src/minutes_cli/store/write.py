"""Bringing the database up to date with the files of an archive: `minutes index` and the query commands.

`update(store, names, files)` looks at every file with one `stat`: a file
whose size, modification time and tool version match its row is not read
at all. Any other file is read and hashed; if its SHA-256 matches (touched
but unchanged) only the row's times are renewed, otherwise it is parsed
(in parallel, as `archive` parses) and its rows are replaced. Rows of files
that are gone from the PATHs are deleted. Each file is replaced in a
transaction of its own, so a run that is killed leaves every file either as
it was or as it is now, and the next run completes the work.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import archive
from ..model import SCHEMA_VERSION
from .schema import Store, tool_version

#: A file modified this recently may change again within the same clock tick: its time is not trusted.
RACY_NS = 2_000_000_000

#: The record's keys stored as columns of each table (lists as JSON text), in the JSON's order.
COLUMNS = {
    "participants": ("name", "raw", "status", "organisation", "role", "note", "party", "line", "location"),
    "items": ("id", "number", "title", "dnr", "line", "end_line", "location"),
    "decisions": ("id", "text", "kind", "trigger", "confidence", "item", "paragraph", "dnr", "reservations", "line",
                  "end_line", "location"),
    "actions": ("id", "text", "owners", "owners_raw", "due", "due_text", "trigger", "confidence", "item", "decision",
                "line", "end_line", "location"),
}
MEETING_COLUMNS = ("title", "date", "date_source", "start", "end", "place", "chair", "minutes_taker", "line")
NEXT_MEETING_COLUMNS = ("date", "start", "end", "text", "line")


@dataclass(frozen=True)
class Known:
    """A file's row as the database has it."""

    id: int
    size: int
    mtime_ns: int
    sha256: str
    tool_version: str
    error: str | None
    internal: bool

    def fresh(self, st: os.stat_result, tool: str) -> bool:
        return self.size == st.st_size and self.mtime_ns == st.st_mtime_ns and self.tool_version == tool


@dataclass
class Report:
    """What an update did. `ids`: file name -> its row's id, for every file the database now holds."""

    parsed: int = 0
    unchanged: int = 0
    removed: int = 0
    failures: list = field(default_factory=list)  # archive.Failure, in the order the files were found
    ids: dict = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return len(self.failures)


@dataclass
class _Todo:
    name: str
    key: str
    stat: os.stat_result | None
    known: Known | None
    sha256: str = ""


def known_files(store: Store, names: Iterable[str]) -> dict[str, Known]:
    """key -> Known for every row of the files table that PATHs cover."""
    exact, prefixes = store.scope(names)
    sql = "SELECT path, id, size, mtime_ns, sha256, tool_version, error, internal_error FROM files WHERE "
    rows = []
    for prefix in prefixes:
        if prefix:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows += store.con.execute(sql + "path >= ? AND path < ?", (prefix, upper)).fetchall()
        else:
            rows += store.con.execute(sql + "1").fetchall()
    for k in exact:
        rows += store.con.execute(sql + "path = ?", (k,)).fetchall()
    return {r[0]: Known(r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows}


def storable(name: str) -> bool:
    """Whether SQLite can hold the name: a name that is not valid UTF-8 (surrogate escapes) it cannot."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stat(name: str) -> os.stat_result | None:
    try:
        return os.stat(name)
    except OSError:
        return None


def _sha256(name: str) -> str:
    """The file's SHA-256, or '' when it cannot be read (the parse then says why)."""
    try:
        with open(name, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() if hasattr(hashlib, "file_digest") \
                else hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return ""


def update(store: Store, names: Iterable[str], files: list[str], *, jobs: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> Report:
    """Bring the rows of `files` (from `archive.find_files(names)`) up to date; see the module doc.

    Standard input (`-`) is not stored: leave it out of `files`.
    """
    names = list(names)
    tool = tool_version()
    known = known_files(store, names)
    report = Report()
    position = {name: n for n, name in enumerate(files)}
    failures: list[tuple[int, Any]] = []
    todo: list[_Todo] = []
    for name in files:
        if not storable(name):
            failures.append((position[name], archive.Failure(
                name, "its name is not valid UTF-8, so the database cannot hold it; rename the file")))
            continue
        key = store.key(name)
        row = known.pop(key, None)
        st = _stat(name)
        if row is not None and st is not None and row.sha256 and row.fresh(st, tool):
            _unchanged(report, failures, position, name, row)
        else:
            todo.append(_Todo(name, key, st, row))
    _remove(store, known.values(), report)
    todo = _rehash(store, todo, tool, report, failures, position)
    spec = archive._Spec(archive.DOCUMENTS, archive.Filters(), None)
    by_name = {t.name: t for t in todo}
    total = len(todo)
    for done, (name, outcome) in enumerate(archive.parse_all([t.name for t in todo], spec, jobs), 1):
        t = by_name[name]
        file_id = replace_file(store, t.key, t.stat, t.sha256, outcome)
        report.parsed += 1
        if file_id is not None:
            report.ids[name] = file_id
        if isinstance(outcome, archive.Failure):
            failures.append((position[name], outcome))
        if progress is not None:
            progress(done, total)
    failures.sort(key=lambda f: f[0])
    report.failures = [f for _, f in failures]
    return report


def _unchanged(report: Report, failures: list, position: dict, name: str, row: Known) -> None:
    report.unchanged += 1
    report.ids[name] = row.id
    if row.error is not None:
        failures.append((position[name], archive.Failure(name, row.error, row.internal)))


def _remove(store: Store, gone: Iterable[Known], report: Report) -> None:
    ids = [(k.id,) for k in gone]
    if not ids:
        return
    with _transaction(store):
        store.con.executemany("DELETE FROM files WHERE id = ?", ids)
    report.removed += len(ids)


def _rehash(store: Store, todo: list[_Todo], tool: str, report: Report, failures: list,
            position: dict) -> list[_Todo]:
    """The files that must be parsed; a file touched but not changed only gets its new times."""
    out, touched = [], []
    for t in todo:
        t.sha256 = _sha256(t.name) if t.stat is not None else ""
        k = t.known
        if k is not None and t.sha256 and k.sha256 == t.sha256 and k.tool_version == tool:
            touched.append((t.stat.st_size, _trusted_mtime(t.stat), k.id))
            _unchanged(report, failures, position, t.name, k)
        else:
            out.append(t)
    if touched:
        with _transaction(store):
            store.con.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?", touched)
    return out


def _trusted_mtime(st: os.stat_result) -> int:
    """The modification time to store; -1 (look again next time) when it is too recent to trust."""
    return st.st_mtime_ns if time.time_ns() - st.st_mtime_ns > RACY_NS else -1


class _transaction:
    def __init__(self, store: Store):
        self.con = store.con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self.con.execute("COMMIT" if exc_type is None else "ROLLBACK")


def replace_file(store: Store, key: str, st: os.stat_result | None, sha256: str, outcome) -> int | None:
    """Replace one file's rows, in one transaction; return its id (None for a file that is not there)."""
    with _transaction(store):
        store.con.execute("DELETE FROM files WHERE path = ?", (key,))
        if st is None:
            return None
        failed = isinstance(outcome, archive.Failure)
        cur = store.con.execute(
            "INSERT INTO files(path, size, mtime_ns, sha256, tool_version, schema_version, indexed_at, error, "
            "internal_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (key, st.st_size, _trusted_mtime(st) if sha256 else -1, sha256, tool_version(), SCHEMA_VERSION,
             _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
             outcome.reason if failed else None, int(failed and outcome.internal)))
        file_id = cur.lastrowid
        if not failed:
            for n, doc in enumerate(outcome):
                insert_doc(store.con, file_id, n, doc)
    return file_id


def _value(v):
    return json.dumps(list(v), ensure_ascii=False) if isinstance(v, (list, tuple)) else v


def _insert_all(con, table: str, meeting_id: int, records) -> list[int]:
    cols = COLUMNS[table]
    sql = f"INSERT INTO {table}(meeting_id, position, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 2))})"
    pks = []
    for n, rec in enumerate(records):
        d = rec.to_dict()
        pks.append(con.execute(sql, (meeting_id, n, *(_value(d[c]) for c in cols))).lastrowid)
    return pks


def insert_doc(con, file_id: int, position: int, doc) -> int:
    """One meeting record (a `Minutes`) and everything in it; returns the meeting's id."""
    mt = doc.meeting.to_dict()
    nm = mt["next_meeting"] or {}
    cols = ("file_id", "position", "schema_version", "source", *MEETING_COLUMNS,
            *(f"next_meeting_{c}" for c in NEXT_MEETING_COLUMNS), "warnings")
    values = (file_id, position, SCHEMA_VERSION, doc.source, *(mt[c] for c in MEETING_COLUMNS),
              *(nm.get(c) for c in NEXT_MEETING_COLUMNS), _value(doc.warnings))
    quoted = ", ".join(f'"{c}"' for c in cols)
    meeting_id = con.execute(f"INSERT INTO meetings({quoted}) VALUES ({', '.join('?' * len(cols))})", values).lastrowid
    _insert_all(con, "participants", meeting_id, doc.participants)
    _insert_all(con, "items", meeting_id, doc.items)
    _insert_all(con, "decisions", meeting_id, doc.decisions)
    pks = _insert_all(con, "actions", meeting_id, doc.actions)
    con.executemany("INSERT INTO action_owners(action_pk, as_written, position, name) VALUES (?, ?, ?, ?)",
                    [(pk, raw, n, name) for pk, a in zip(pks, doc.actions)
                     for raw, names in ((0, a.owners), (1, a.owners_raw)) for n, name in enumerate(names)])
    return meeting_id
