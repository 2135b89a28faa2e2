"""Answering from the database: the query commands' rows, `minutes search`, and whole records.

`query` gives the same rows, in the same order, as `archive.query` over the
same files: the date and confidence filters run in SQL (indexed), and the
others call the very predicates `archive.select` uses (registered as SQL
functions), so there is one definition of each filter. With a people
register (`--owner`, an aliases file) the records are rebuilt from the
tables (`records`) and go through `archive.select` itself.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .. import archive
from ..model import Action, Decision, Item, Meeting, Minutes, NextMeeting, Participant
from .schema import Store
from .write import COLUMNS, MEETING_COLUMNS, NEXT_MEETING_COLUMNS, Report

#: Columns of `minutes search`.
SEARCH_COLUMNS = ("rank", "score", "kind", "date", "body", "text", "source", "line")

_ORDER = "m.date IS NULL, m.date, q.name, m.position"


def _files_table(store: Store, report: Report, files: list[str]) -> None:
    """The temporary table q(file_id, name): the files of this query, named as they were found."""
    con = store.con
    con.execute("CREATE TEMP TABLE IF NOT EXISTS q(file_id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    con.execute("DELETE FROM q")
    con.executemany("INSERT OR IGNORE INTO q(file_id, name) VALUES (?, ?)",
                    [(report.ids[name], name) for name in files if name in report.ids])


def _truth(f):
    return lambda *args: 1 if f(*args) else 0


def _functions(store: Store, flt: archive.Filters) -> None:
    """The filters that are Python predicates, as SQL functions of this connection."""
    con = store.con
    if flt.grep is not None:
        rx = archive._regex(flt.grep)
        con.create_function("minutes_grep", 1, _truth(lambda t: t and rx.search(t)), deterministic=True)
    if flt.item is not None:
        con.create_function("minutes_item", 2, _truth(lambda n, t: archive.item_matches(flt.item, n, t)),
                            deterministic=True)
    if flt.owner is not None:
        con.create_function("minutes_owner", 2, _truth(
            lambda o, r: archive.owner_matches(flt.owner, (*json.loads(o), *json.loads(r)))), deterministic=True)
    if flt.due_before is not None:
        start = archive.period_start(flt.due_before)
        con.create_function("minutes_due", 1, _truth(lambda d: (e := archive.due_end(d)) is not None and e < start),
                            deterministic=True)


def _date_condition(flt: archive.Filters) -> tuple[list[str], list]:
    if not flt.dated:
        return [], []
    since = archive.period_start(flt.since) if flt.since else ""
    until = archive.period_end(flt.until) if flt.until else "9999-12-31"
    return ["(m.date IS NULL OR (m.date >= ? AND m.date <= ?))"], [since, until]


def _record_sql(kind: str, flt: archive.Filters) -> tuple[str, list]:
    where, params = _date_condition(flt)
    if flt.min_confidence is not None:
        where.append("r.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.grep is not None:
        where.append("minutes_grep(r.text)")
    if flt.item is not None:
        where.append("i.id IS NOT NULL AND minutes_item(i.number, i.title)")
    if kind == "actions":
        extra = "NULL, r.owners, r.due"
        if flt.owner is not None:
            where.append("minutes_owner(r.owners, r.owners_raw)")
        if flt.due_before is not None:
            where.append("minutes_due(r.due)")
    else:
        extra = "r.kind, NULL, NULL"
    sql = (f"SELECT m.date, m.title, i.number, i.title, r.text, {extra}, r.confidence, q.name, r.line, r.id "
           f"FROM q JOIN meetings m ON m.file_id = q.file_id JOIN {kind} r ON r.meeting_id = m.id "
           "LEFT JOIN items i ON i.meeting_id = r.meeting_id AND i.id = r.item "
           f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {_ORDER}, r.position")
    return sql, params


def _count(table: str, extra: str = "") -> str:
    return f"(SELECT count(*) FROM {table} x WHERE x.meeting_id = m.id{extra})"


def _meeting_sql(flt: archive.Filters) -> tuple[str, list]:
    where, params = _date_condition(flt)
    if flt.grep is not None:
        inside = " OR ".join(f"EXISTS (SELECT 1 FROM {t} x WHERE x.meeting_id = m.id AND minutes_grep(x.{c}))"
                             for t, c in (("items", "title"), ("decisions", "text"), ("actions", "text")))
        where.append(f"(minutes_grep(m.title) OR minutes_grep(m.place) OR {inside})")
    sql = ('SELECT m.date, m.title, m.place, m.start, m."end", m.chair, m.minutes_taker, '
           f"{_count('participants', ' AND x.status IN (?, ?)')}, {_count('participants', ' AND x.status = ?')}, "
           f"{_count('items')}, {_count('decisions')}, {_count('actions')}, q.name "
           f"FROM q JOIN meetings m ON m.file_id = q.file_id {'WHERE ' + ' AND '.join(where) if where else ''} "
           f"ORDER BY {_ORDER}")
    return sql, ["present", "guest", "absent", *params]


def _record_row(r: tuple) -> dict:
    row = dict(zip(archive.RECORD_COLUMNS, r[:11]))
    if row["owners"] is not None:
        row["owners"] = json.loads(row["owners"])
    row["id"] = r[11]
    return row


def query(store: Store, report: Report, files: list[str], kind: str, filters: archive.Filters = archive.Filters(),
          stats: archive.Stats | None = None) -> Iterator[dict | archive.Failure]:
    """What `archive.query(kind, files, filters)` yields, from the database brought up to date by `report`.

    Without a register only: with one, give `records` to `archive.select_records`.
    """
    if kind not in archive.KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(archive.KINDS)}")
    stats = stats if stats is not None else archive.Stats()
    stats.files = len(files)
    for failure in report.failures:
        stats.failed += 1
        yield failure
    _files_table(store, report, files)
    _functions(store, filters)
    stats.meetings = store.con.execute("SELECT count(*) FROM q JOIN meetings m ON m.file_id = q.file_id").fetchone()[0]
    if kind == "meetings":
        sql, params = _meeting_sql(filters)
        make = lambda r: dict(zip(archive.MEETING_COLUMNS, r))  # noqa: E731
    else:
        sql, params = _record_sql(kind, filters)
        make = _record_row
    dated = filters.dated
    for r in store.con.execute(sql, params):
        if dated and r[0] is None:
            stats.undated += 1
            continue
        stats.rows += 1
        yield make(r)


# ---------------------------------------------------------------- whole records


def _grouped(store: Store, table: str, cols: tuple[str, ...]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    quoted = ", ".join(f'x."{c}"' for c in cols)
    sql = (f"SELECT x.meeting_id, {quoted} FROM q JOIN meetings m ON m.file_id = q.file_id "
           f"JOIN {table} x ON x.meeting_id = m.id ORDER BY x.meeting_id, x.position")
    for r in store.con.execute(sql):
        out.setdefault(r[0], []).append(r[1:])
    return out


def _build(cls, cols: tuple[str, ...], values: tuple, lists: tuple[str, ...] = ()):
    kw = dict(zip(cols, values))
    for c in lists:
        kw[c] = tuple(json.loads(kw[c]))
    return cls(**kw)


def _meeting(values: tuple) -> Meeting:
    kw = dict(zip(MEETING_COLUMNS, values))
    nm = values[len(MEETING_COLUMNS):]
    if nm[3] is not None:  # next_meeting_text: there is a next meeting
        kw["next_meeting"] = NextMeeting(**dict(zip(NEXT_MEETING_COLUMNS, nm)))
    return Meeting(**kw)


def records(store: Store, report: Report, files: list[str]) -> list[tuple[str, Any]]:
    """(name, list of Minutes | Failure) for each of `files`, in their order: the records as parsed."""
    _files_table(store, report, files)
    parts = {t: _grouped(store, t, COLUMNS[t]) for t in COLUMNS}
    cols = ", ".join(f'm."{c}"' for c in (*MEETING_COLUMNS, *(f"next_meeting_{c}" for c in NEXT_MEETING_COLUMNS)))
    docs: dict[str, list] = {}
    sql = (f"SELECT q.name, m.id, m.source, m.warnings, {cols} FROM q JOIN meetings m ON m.file_id = q.file_id "
           "ORDER BY q.file_id, m.position")
    for name, mid, source, warnings, *meeting in store.con.execute(sql):
        docs.setdefault(name, []).append(Minutes(
            source=name,
            meeting=_meeting(tuple(meeting)),
            participants=tuple(_build(Participant, COLUMNS["participants"], v) for v in parts["participants"].get(mid, ())),
            items=tuple(_build(Item, COLUMNS["items"], v) for v in parts["items"].get(mid, ())),
            decisions=tuple(_build(Decision, COLUMNS["decisions"], v, ("reservations",))
                            for v in parts["decisions"].get(mid, ())),
            actions=tuple(_build(Action, COLUMNS["actions"], v, ("owners", "owners_raw"))
                          for v in parts["actions"].get(mid, ())),
            warnings=tuple(_renamed(w, source, name) for w in json.loads(warnings)),
        ))
    failed = {f.source: f for f in report.failures}
    return [(name, failed.get(name) or docs.get(name, [])) for name in files if name in failed or name in docs]


def _renamed(warning: str, indexed: str, name: str) -> str:
    """A warning names the file as it was named when indexed; name it as it is named now."""
    return name + warning[len(indexed):] if indexed != name and warning.startswith(indexed + ":") else warning


# ---------------------------------------------------------------- search

_TOKEN = re.compile(r'"[^"]*"\*?|\S+')
_WORD = re.compile(r"\w+")


def match_query(text: str) -> str:
    """A search as the user writes it, as an FTS5 query: words (all must occur), `word*` for every word
    that begins so, `"a phrase"`, and OR / NOT between them. Raises ValueError when it has no word."""
    out = []
    for token in _TOKEN.findall(text):
        if token in ("OR", "NOT", "AND"):
            if out and out[-1] not in ("OR", "NOT", "AND"):
                out.append(token)
            continue
        prefix = token.endswith("*")
        words = _WORD.findall(token)
        if words:
            out.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
    while out and out[-1] in ("OR", "NOT", "AND"):
        out.pop()
    if not out:
        raise ValueError(f"{text!r} has no word to search for")
    return " ".join(out)


def search(store: Store, report: Report, files: list[str], text: str, limit: int | None = 50) -> Iterator[dict]:
    """Decisions and actions of `files` whose text matches `text` (see `match_query`), most relevant first.

    Relevance is FTS5's bm25, given as `score` (higher is better); ties go by meeting date, file and line.
    """
    fts = match_query(text)
    _files_table(store, report, files)
    part = ("SELECT '{k}' AS kind, -bm25({t}_fts) AS score, r.meeting_id, r.id, r.text, r.line, r.position "
            "FROM {t}_fts JOIN {t} r ON r.pk = {t}_fts.rowid WHERE {t}_fts MATCH ?")
    sql = (f"SELECT s.score, s.kind, m.date, m.title, s.text, q.name, s.line, s.id FROM ("
           f"{part.format(k='decision', t='decisions')} UNION ALL {part.format(k='action', t='actions')}) s "
           f"JOIN meetings m ON m.id = s.meeting_id JOIN q ON q.file_id = m.file_id "
           f"ORDER BY s.score DESC, {_ORDER}, s.line, s.kind LIMIT ?")
    for n, r in enumerate(store.con.execute(sql, (fts, fts, -1 if not limit else limit)), 1):
        yield {"rank": n, "score": round(r[0], 3), "kind": r[1], "date": r[2], "body": r[3], "text": r[4],
               "source": r[5], "line": r[6], "id": r[7]}
