"""The archive database's schema: tables, indexes, full-text search, and opening a file.

One SQLite file holds what `minutes extract` would give for every file of an
archive: the tables `meetings`, `participants`, `items`, `decisions` and
`actions` carry the keys of the JSON record (docs/schema.md) as columns
(lists as JSON text), `files` says what was read and when, and
`decisions_fts` / `actions_fts` index the texts for `minutes search`.
docs/database.md describes every column.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

#: PRAGMA application_id of a minutes database ("MINU"): tells our file from any other SQLite file.
APPLICATION_ID = 0x4D494E55
#: PRAGMA user_version: the layout of the tables below. A database of another layout is rebuilt.
STORE_VERSION = 2

#: unicode61 folds case (Å -> å) but, with remove_diacritics 0, never folds å, ä, ö to a, o.
TOKENIZE = "unicode61 remove_diacritics 0"

TABLES = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    indexed_at TEXT NOT NULL,
    error TEXT,
    internal_error INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    schema_version TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    date TEXT,
    date_source TEXT,
    start TEXT,
    "end" TEXT,
    place TEXT,
    chair TEXT,
    minutes_taker TEXT,
    next_meeting_date TEXT,
    next_meeting_start TEXT,
    next_meeting_end TEXT,
    next_meeting_text TEXT,
    next_meeting_line INTEGER,
    line INTEGER,
    warnings TEXT NOT NULL DEFAULT '[]',
    UNIQUE (file_id, position)
);
CREATE INDEX meetings_date ON meetings(date);
CREATE TABLE participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    raw TEXT NOT NULL,
    status TEXT NOT NULL,
    organisation TEXT,
    role TEXT,
    note TEXT,
    party TEXT,
    line INTEGER NOT NULL,
    location TEXT,
    PRIMARY KEY (meeting_id, position)
);
CREATE INDEX participants_name ON participants(name);
CREATE TABLE items (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    dnr TEXT,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    location TEXT,
    PRIMARY KEY (meeting_id, id)
);
CREATE TABLE decisions (
    pk INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    trigger TEXT NOT NULL,
    confidence REAL NOT NULL,
    item TEXT,
    paragraph TEXT,
    dnr TEXT,
    reservations TEXT NOT NULL DEFAULT '[]',
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    location TEXT,
    UNIQUE (meeting_id, id),
    FOREIGN KEY (meeting_id, item) REFERENCES items(meeting_id, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE actions (
    pk INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    owners TEXT NOT NULL DEFAULT '[]',
    owners_raw TEXT NOT NULL DEFAULT '[]',
    due TEXT,
    due_text TEXT,
    trigger TEXT NOT NULL,
    confidence REAL NOT NULL,
    item TEXT,
    decision TEXT,
    line INTEGER NOT NULL,
    end_line INTEGER NOT NULL,
    location TEXT,
    UNIQUE (meeting_id, id),
    FOREIGN KEY (meeting_id, item) REFERENCES items(meeting_id, id) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (meeting_id, decision) REFERENCES decisions(meeting_id, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX actions_due ON actions(due);
CREATE TABLE action_owners (
    action_pk INTEGER NOT NULL REFERENCES actions(pk) ON DELETE CASCADE,
    as_written INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (action_pk, as_written, position)
);
CREATE INDEX action_owners_name ON action_owners(name COLLATE NOCASE);
"""


def _fts(table: str) -> str:
    """An external-content FTS5 index over `table`.text, kept in step by triggers: the layout sqlite-utils
    makes (content="table" in double quotes, which is how it and Datasette find the index)."""
    return f"""
CREATE VIRTUAL TABLE {table}_fts USING fts5(text, content="{table}", content_rowid="pk", tokenize="{TOKENIZE}");
CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts(rowid, text) VALUES (new.pk, new.text);
END;
CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts({table}_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;
CREATE TRIGGER {table}_au AFTER UPDATE OF text ON {table} BEGIN
    INSERT INTO {table}_fts({table}_fts, rowid, text) VALUES ('delete', old.pk, old.text);
    INSERT INTO {table}_fts(rowid, text) VALUES (new.pk, new.text);
END;
"""


SCHEMA = TABLES + _fts("decisions") + _fts("actions")


class StoreError(Exception):
    """The database cannot be opened or used; the message names the file and what to do."""


#: Modules that do not shape the stored records (they present, filter or query them): a change to
#: them does not make the rows stale.
NOT_PARSING = frozenset({"__main__.py", "cli.py", "output/__init__.py", "output/view.py", "output/export.py",
                         "archive.py", "people/report.py", "store/__init__.py", "store/read.py"})


@lru_cache(maxsize=1)
def tool_version() -> str:
    """The package version and a digest of the code that parses: a file parsed by other code is parsed again."""
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.glob("rules/*.toml")]):  # the rules parse too
        name = path.relative_to(package).as_posix()
        if name in NOT_PARSING:
            continue
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating if need be) a minutes database, with the tables of STORE_VERSION.

    Raises StoreError for a file that is not SQLite or is another program's database.
    A minutes database of another layout is emptied and made anew: it is a
    cache of the files, which the next update reads again.
    """
    name = os.fspath(path)
    try:
        con = sqlite3.connect(name, timeout=30, isolation_level=None)  # transactions are explicit
    except sqlite3.Error as e:
        raise StoreError(f"{name}: cannot be opened as a database ({e}); check the path") from None
    try:
        _prepare(con, name)
    except sqlite3.DatabaseError as e:
        con.close()
        raise StoreError(f"{name}: is not a minutes database ({e}); name another file with --db") from None
    except StoreError:
        con.close()
        raise
    return con


def _prepare(con: sqlite3.Connection, name: str) -> None:
    app_id = con.execute("PRAGMA application_id").fetchone()[0]
    tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables and app_id != APPLICATION_ID:
        raise StoreError(f"{name}: is another program's SQLite database; name another file with --db")
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")  # a commit per file stays cheap; readers never block the writer
    con.execute("PRAGMA synchronous = NORMAL")
    if tables and con.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION:
        return
    con.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before it
    con.execute("BEGIN IMMEDIATE")
    try:
        _drop_all(con)
        _create(con)
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {STORE_VERSION}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("PRAGMA foreign_keys = ON")


def _create(con: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA):
        con.execute(statement)
    from ..model import SCHEMA_VERSION

    con.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                    [("store_version", str(STORE_VERSION)), ("schema_version", SCHEMA_VERSION),
                     ("created_by", tool_version())])


def _statements(script: str) -> list[str]:
    """The statements of a script (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]


def _drop_all(con: sqlite3.Connection) -> None:
    """Drop every table of an older layout (their triggers and indexes go with them)."""
    virtual = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
    for table in virtual:
        con.execute(f'DROP TABLE IF EXISTS "{table}"')
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in names:
        con.execute(f'DROP TABLE IF EXISTS "{table}"')


class Store:
    """An open minutes database and the folder its file paths are relative to."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        self.base = os.path.dirname(os.path.abspath(self.path))
        self._cwd = os.getcwd()
        self._inside = os.path.join(self.base, "")
        self.con = connect(self.path)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def key(self, name: str) -> str:
        """A file's path in the `files` table: relative to the database's folder, with `/`."""
        full = os.path.normpath(os.path.join(self._cwd, name))  # abspath, without a getcwd per file
        if full.startswith(self._inside):  # the usual case, without relpath's cost
            return full[len(self._inside):].replace(os.sep, "/")
        try:
            rel = os.path.relpath(full, self.base)
        except ValueError:  # another drive (Windows)
            rel = full
        return rel.replace(os.sep, "/")

    def scope(self, names) -> tuple[list[str], list[str]]:
        """(exact paths, folder prefixes) of the files table that PATHs cover."""
        exact, prefixes = [], []
        for name in names:
            k = self.key(name)
            if os.path.isdir(name):
                prefixes.append("" if k == "." else k.rstrip("/") + "/")
            else:
                exact.append(k)
        return exact, prefixes
