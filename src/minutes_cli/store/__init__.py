"""The archive database: one SQLite file that holds the parsed records of an archive.

- `Store(path)` opens (or creates) it; `default_path(names)` is where it is
  looked for: `minutes.sqlite` in the folder the PATHs share.
- `update(store, names, files)` brings it up to date with the files
  (`minutes index`; the query commands do it too, cheaply).
- `query` and `records` (with `archive.select_records` for a people register) answer the query commands from it,
  `search` ranks decisions and actions for `minutes search`.

The library never prints and never exits; a database that cannot be used
raises `StoreError`. docs/database.md describes the tables.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from .read import SEARCH_COLUMNS, match_query, query, records, search
from .schema import StoreError, Store, tool_version
from .write import Report, storable, update

DB_NAME = "minutes.sqlite"

__all__ = ["DB_NAME", "SEARCH_COLUMNS", "Report", "Store", "StoreError", "default_path", "match_query", "query",
           "records", "search", "storable", "tool_version", "update"]


def default_path(names: Iterable[str]) -> str:
    """`minutes.sqlite` in the folder the PATHs share (a file counts by its folder)."""
    folders = [os.path.normpath(n if os.path.isdir(n) else os.path.dirname(n) or ".") for n in names if n != "-"]
    folders = folders or ["."]
    try:
        common = os.path.commonpath(folders)
    except ValueError:  # relative and absolute paths mixed, or several drives
        try:
            common = os.path.commonpath([os.path.abspath(f) for f in folders])
        except ValueError:
            common = folders[0]
    return os.path.join(common, DB_NAME)
