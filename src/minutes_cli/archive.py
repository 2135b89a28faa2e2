"""Archives: many minutes files read as one, for `minutes decisions|actions|meetings`.

The library side of the query commands. It never prints and never exits:

- `find_files(paths)` expands PATHs: a file as given, a folder walked
  recursively for minutes-like files (hidden files and folders skipped), and
  `-` (standard input) kept as it is.
- `query(kind, paths, filters)` parses the files (in parallel with `jobs`),
  keeps the decisions, actions or meetings that pass the filters, and yields
  them as row dicts in a stable order: meeting date, then path (meetings
  with no known date last). A file that cannot be read is yielded as a
  `Failure` value, in the order the files were named, before any row.
  `registered` gives them with one name per person across the files (the
  people register, for `--owner` and an aliases file), each file parsed once.
- `Filters` holds the filters; `parse_period` and `due_end` are the date
  rules they use.
- `Limits` bounds what one file may cost (size, time); `parse_file` reads
  one file within them, `by_file` many (in parallel with `jobs`), each
  file's records in the order the files were named.

One bad file never costs the batch. Workers are plain processes, each given
one file at a time over its own pipe (`_pooled`): a worker that dies (killed,
out of memory) or runs past `Limits.timeout` is replaced and only its file
is reported; on Ctrl-C, SIGTERM or any other end of the run every worker is
killed, and a worker whose main process vanished (kill -9) ends by itself.

Order versus memory. Rows must come out sorted by meeting date, and the date
of the last file read may be the earliest, so nothing can be written before
every file has been parsed. The trade-off taken here: workers parse and
filter, and send back only the rows that passed (never the text or the whole
record); the main process appends each meeting's rows, pickled, to a spool
file (kept in memory up to `SPOOL_MEMORY` bytes, then on disk in a temporary
file that is deleted when the run ends) and holds only a small index entry per
meeting (date, path, offset). After the last file the index is sorted and
the rows are read back one meeting at a time. Memory therefore grows by a few
hundred bytes per meeting (plus the spool, up to its in-memory limit), not
with the size of the texts, and the output streams from the spool.
scripts/bench.py measures it.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .errors import shown

#: What a folder is searched for. Explicitly named files are read whatever their name; the reader decides.
MINUTES_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".docx", ".pdf", ".html", ".htm", ".odt"})
STDIN = "-"
STDIN_SOURCE = "<stdin>"
KINDS = ("decisions", "actions", "meetings")

#: The version of the row shape below; in every JSON row as `schema_version`.
ROW_SCHEMA_VERSION = "1.0"
#: Columns of `decisions` and `actions` (decisions leave owners and due empty, actions leave kind empty).
RECORD_COLUMNS = ("date", "body", "item_number", "item_title", "text", "kind", "owners", "due", "confidence",
                  "source", "line")
#: Columns of `meetings`.
MEETING_COLUMNS = ("date", "title", "place", "start", "end", "chair", "minutes_taker", "present", "absent", "items",
                   "decisions", "actions", "source")
COLUMNS = {"decisions": RECORD_COLUMNS, "actions": RECORD_COLUMNS, "meetings": MEETING_COLUMNS}

#: Bytes of filtered rows kept in memory before the spool moves to a temporary file.
SPOOL_MEMORY = 16 * 1024 * 1024


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Failure:
    """A file that could not be read (or met an internal error); the run goes on."""

    source: str
    reason: str
    internal: bool = False  # a bug in a stage rather than a problem with the file

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class Stats:
    """What a `query` run saw; filled in as the iterator is consumed."""

    files: int = 0  # files read (failed ones included)
    failed: int = 0
    meetings: int = 0  # meetings parsed (a file logging several meetings gives several)
    rows: int = 0  # rows yielded
    undated: int = 0  # rows left out by --since/--until because their meeting has no known date


_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_period(text: str) -> str:
    """Check a `--since`/`--until`/`--due-before` value: `2020`, `2020-09` or `2020-09-04`.

    Returns it stripped; raises ValueError with a one-line hint otherwise.
    """
    value = (text or "").strip()
    m = _PERIOD.fullmatch(value)
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        _dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as 2020, 2020-09 or 2020-09-04") from None
    return value


@lru_cache(maxsize=64)
def period_start(period: str) -> str:
    """The first day of a period, `YYYY-MM-DD`: `2020` -> `2020-01-01`."""
    p = parse_period(period)
    return p + "-01-01"[: 10 - len(p)] if len(p) < 10 else p


@lru_cache(maxsize=64)
def period_end(period: str) -> str:
    """The last day of a period, `YYYY-MM-DD`: `2020-02` -> `2020-02-29`."""
    p = parse_period(period)
    if len(p) == 4:
        return p + "-12-31"
    if len(p) == 7:
        return _month_end(int(p[:4]), int(p[5:7])).isoformat()
    return p


def _month_end(year: int, month: int) -> _dt.date:
    first_next = _dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - _dt.timedelta(days=1)


_DUE = re.compile(r"(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|Q([1-4])|W(\d{2})))?")


def due_end(due: str | None) -> str | None:
    """The last day a due value allows, `YYYY-MM-DD`; None when there is none or it is not understood.

    `2023-05-09` -> itself, `2023-05` -> `2023-05-31`, `2023-Q2` -> `2023-06-30`,
    `2023-W45` -> the Sunday of ISO week 45, `2023` -> `2023-12-31`.
    """
    m = _DUE.fullmatch(due or "")
    if not m:
        return None
    year = int(m[1])
    try:
        if m[3]:
            return _dt.date(year, int(m[2]), int(m[3])).isoformat()
        if m[2]:
            return _month_end(year, int(m[2])).isoformat()
        if m[4]:
            return _month_end(year, int(m[4]) * 3).isoformat()
        if m[5]:
            return _dt.date.fromisocalendar(year, int(m[5]), 7).isoformat()
        return f"{year:04d}-12-31"
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """Which rows a query keeps. Every filter that is None lets everything through.

    - `since`, `until`: `2020`, `2020-09` or `2020-09-04`, inclusive, by meeting
      date. A row whose meeting has no known date is left out (and counted in
      `Stats.undated`) when either is set.
    - `grep`: a regular expression searched, case-insensitively, in the text
      (for meetings: title, place, agenda item titles, decision and action texts).
    - `item`: an agenda item. Digits (`5`, `§ 12`, `5.`) match the item's
      number; anything else is a case-insensitive part of its title.
    - `owner` (actions): a name, matched case-insensitively at word boundaries
      in the owners as resolved and as written (`Erika` matches `Erika Lagergren`).
    - `due_before` (actions): a period as for `since`; keeps actions whose due
      date ends before the period starts (`2021-12` ends 2021-12-31). Actions
      with no due date are left out.
    - `min_confidence`: keeps records whose `confidence` is at least this.
    """

    since: str | None = None
    until: str | None = None
    grep: str | None = None
    item: str | None = None
    owner: str | None = None
    due_before: str | None = None
    min_confidence: float | None = None

    def __post_init__(self) -> None:  # fail early, in the caller's process, with a clear message
        for name in ("since", "until", "due_before"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_period(value))
        if self.grep is not None:
            _regex(self.grep)
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"{self.min_confidence} is not a confidence; give a number from 0 to 1")

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def date_ok(self, date: str | None) -> bool:
        if date is None:
            return not self.dated
        if self.since is not None and date < period_start(self.since):
            return False
        return self.until is None or date <= period_end(self.until)


#: Seconds one `--grep` search may take on one text: a pattern that backtracks without end, such as
#: `(a+)+$`, is stopped (the `regex` module's `timeout`) instead of running for hours.
GREP_TIMEOUT = 1.0


class GrepTimeout(Exception):
    """A `--grep` search ran over GREP_TIMEOUT on a text."""


@lru_cache(maxsize=32)
def _regex(pattern: str):
    import regex

    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except regex.error as e:
        raise ValueError(f"{pattern!r} is not a regular expression ({e})") from None


def _grep(compiled, text: str | None) -> bool:
    try:
        return bool(text) and compiled.search(text, timeout=GREP_TIMEOUT) is not None
    except TimeoutError:
        raise GrepTimeout(f"--grep {compiled.pattern!r} took over {GREP_TIMEOUT:g} s on one text of it; simplify the "
                          "expression (a nested repeat such as (a+)+ can take for ever)") from None


@lru_cache(maxsize=32)
def _name_pattern(query: str) -> re.Pattern:
    words = query.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


def owner_matches(query: str, names: Iterable[str], register: Any = None) -> bool:
    """Whether `query` names one of `names` (an action's owners, resolved and as written)."""
    names = [n for n in names if n]
    # ------------------------------------------------------------ REGISTER PLUG-IN POINT
    # The cross-document people register (minutes_cli.people, `build_register(docs)`)
    # knows every spelling of a person across the archive. When a register is given,
    # it decides; `Register.matches(query, name) -> bool`. This is the only place that
    # matches owners; `registered` (through `select_records`) passes the register down to here.
    if register is not None:
        return any(register.matches(query, name) for name in names)
    # ------------------------------------------------------------ without a register
    if not query.split():
        return False
    pattern = _name_pattern(query)
    return any(pattern.search(name) for name in names)


_ITEM_NUMBER = re.compile(r"§?\s*(\d+(?:\.\d+)*)\.?")


def item_matches(query: str, number: str | None, title: str | None) -> bool:
    q = query.strip()
    m = _ITEM_NUMBER.fullmatch(q)
    if m:
        n = _ITEM_NUMBER.fullmatch((number or "").strip())
        return bool(n) and n[1] == m[1]
    return q.casefold() in (title or "").casefold()


# ---------------------------------------------------------------- rows of one record


def _people_count(m, *statuses: str) -> int:
    return sum(1 for p in m.participants if p.status in statuses)


def meeting_row(m) -> dict:
    """The `meetings` row of one record (a `Minutes`)."""
    mt = m.meeting
    return {
        "date": mt.date,
        "title": mt.title,
        "place": mt.place,
        "start": mt.start,
        "end": mt.end,
        "chair": mt.chair,
        "minutes_taker": mt.minutes_taker,
        "present": _people_count(m, "present", "guest"),
        "absent": _people_count(m, "absent"),
        "items": len(m.items),
        "decisions": len(m.decisions),
        "actions": len(m.actions),
        "source": m.source,
    }


def _record_row(m, rec, items: dict, kind: str | None, owners: list | None, due: str | None) -> dict:
    it = items.get(rec.item)
    return {
        "date": m.meeting.date,
        "body": m.meeting.title,
        "item_number": it.number if it else None,
        "item_title": it.title if it else None,
        "text": rec.text,
        "kind": kind,
        "owners": owners,
        "due": due,
        "confidence": rec.confidence,
        "source": m.source,
        "line": rec.line,
        "id": rec.id,
    }


@dataclass
class Selection:
    """What one meeting contributes: its rows that passed, and how many were left out for want of a date."""

    date: str | None
    rows: list = field(default_factory=list)
    undated: int = 0


def select(m, kind: str, filters: Filters = Filters(), register: Any = None) -> Selection:
    """The rows of one record (a `Minutes`) for `kind` that pass `filters`."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    f = filters
    grep = _regex(f.grep) if f.grep is not None else None
    sel = Selection(m.meeting.date)
    if kind == "meetings":
        candidates = [meeting_row(m)]
        if grep is not None:
            texts = [m.meeting.title, m.meeting.place, *(i.title for i in m.items),
                     *(d.text for d in m.decisions), *(a.text for a in m.actions)]
            if not any(_grep(grep, t) for t in texts):
                candidates = []
    else:
        items = {i.id: i for i in m.items}
        records = m.decisions if kind == "decisions" else m.actions
        candidates = []
        for rec in records:
            if f.min_confidence is not None and rec.confidence < f.min_confidence:
                continue
            if grep is not None and not _grep(grep, rec.text):
                continue
            if f.item is not None:
                it = items.get(rec.item)
                if it is None or not item_matches(f.item, it.number, it.title):
                    continue
            if kind == "actions":
                if f.owner is not None and not owner_matches(f.owner, (*rec.owners, *rec.owners_raw), register):
                    continue
                if f.due_before is not None:
                    end = due_end(rec.due)
                    if end is None or end >= period_start(f.due_before):
                        continue
                candidates.append(_record_row(m, rec, items, None, list(rec.owners), rec.due))
            else:
                candidates.append(_record_row(m, rec, items, rec.kind, None, None))
    if f.date_ok(m.meeting.date):
        sel.rows = candidates
    elif m.meeting.date is None:
        sel.undated = len(candidates)
    return sel


# ---------------------------------------------------------------- files


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # ~$x.docx: Word's lock file


def is_minutes_like(name: str) -> bool:
    """Whether a folder walk takes this file name."""
    return not _hidden(name) and os.path.splitext(name)[1].lower() in MINUTES_SUFFIXES


def find_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Expand PATHs into the files to read, each once, in a stable order.

    A folder is walked recursively (sorted by name; hidden files and folders,
    symbolic links to folders and files that are not minutes-like skipped).
    Anything else, a missing path included, is kept as named so that reading
    it reports what is wrong; `-` stands for standard input.
    """
    out: dict[str, str] = {}  # identity -> name as it will be shown
    for path in paths:
        p = os.fspath(path)
        if p != STDIN and os.path.isdir(p):
            for name, real in _walk(p):
                out.setdefault(real, os.path.normpath(name))
        else:
            out.setdefault(p if p == STDIN else os.path.realpath(p), p)
    return list(out.values())


def _walk(folder: str) -> Iterator[tuple[str, str]]:
    """(path, real path) of the minutes-like files under folder: a folder's files by name, then its
    folders by name. One scandir per folder and one realpath per folder (per file only for a link)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    real = os.path.realpath(folder)
    folders = []
    for e in entries:
        try:
            if e.is_dir():
                if not _hidden(e.name) and not e.is_symlink():
                    folders.append(e.path)
            elif is_minutes_like(e.name) and e.is_file():
                yield e.path, os.path.realpath(e.path) if e.is_symlink() else os.path.join(real, e.name)
        except OSError:
            continue
    for sub in folders:
        yield from _walk(sub)


def default_archive(environ: dict | None = None) -> str:
    """Where the query commands look with no PATH: `$MINUTES_ARCHIVE`, else the current folder."""
    env = os.environ if environ is None else environ
    return env.get("MINUTES_ARCHIVE") or "."


# ---------------------------------------------------------------- parsing, in workers


#: Seconds one file may take to read and parse unless the caller says otherwise (`--timeout-per-file`);
#: minutes take a few milliseconds each, a file that takes a minute is not minutes or meets a bug.
TIMEOUT = 60.0
#: How long a worker gets past the timeout to report it itself before it is killed (it may be inside C code).
KILL_GRACE = 2.0
#: Files sent to a worker at once: the one it reads and the next, waiting in its pipe.
IN_FLIGHT = 2
#: Bytes of files under which, unless the caller asks for workers, they are parsed in this process: they
#: parse in less time than workers take to start (about 20 ms; 64 kB of minutes parse in about 40).
SMALL_INPUT = 64_000


@dataclass(frozen=True)
class Limits:
    """What one file may cost: `max_bytes` its size (and what a .docx or .odt unpacks to), `timeout` the
    seconds its reading and parsing may take; None for no limit."""

    max_bytes: int | None = None  # None here means read.MAX_BYTES; 0 means no limit
    timeout: float | None = TIMEOUT

    def bytes_limit(self) -> int | None:
        from .read import MAX_BYTES

        return MAX_BYTES if self.max_bytes is None else (self.max_bytes or None)


class FileTimeout(BaseException):
    """One file took longer than `Limits.timeout`. A BaseException, so that no stage's `except Exception`
    takes it for a damaged file."""


@dataclass(frozen=True)
class _Spec:
    kind: str
    filters: Filters
    reference_date: _dt.date | None
    limits: Limits = Limits()
    rules: tuple[str, ...] = ()  # rule files of the user's, loaded once in each worker


def _timeout_failure(source: str, seconds: float) -> Failure:
    return Failure(source, f"took longer than the time limit of {seconds:g} s (--timeout-per-file) and was left "
                           "out; read it alone with a higher limit, or save it as .txt")


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this thread after `seconds` (POSIX, main thread; elsewhere no limit here, and the
    pool's kill is the limit)."""
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def parse_file(name: str, *, reference_date: _dt.date | None = None, limits: Limits = Limits(),
               data: bytes | None = None, rules: tuple[str, ...] = ()) -> list | Failure:
    """Every meeting record of one file (`-` with `data`: standard input), or a `Failure` saying why it
    could not be read: missing, damaged, over a limit of `limits`, or an internal error."""
    return _work_one(name, _Spec(DOCUMENTS, Filters(), reference_date, limits, rules), data)


def _work_one(name: str, spec: _Spec, data: bytes | None = None):
    """Parse one file and select its rows: a list of `Selection`, or a `Failure`."""
    from .errors import MinutesError

    source = STDIN_SOURCE if name == STDIN else shown(name)
    try:
        with _time_limit(spec.limits.timeout):
            return _parse_select(name, spec, data)
    except FileTimeout:
        return _timeout_failure(source, spec.limits.timeout)
    except MinutesError as e:
        return Failure(e.source, e.reason)
    except GrepTimeout as e:
        return Failure(source, str(e))
    except Exception as e:  # a bug in a stage: name the file, go on with the others
        return Failure(source, f"internal error ({type(e).__name__}: {e}), please report", internal=True)


def _parse_select(name: str, spec: _Spec, data: bytes | None):
    from . import pipeline
    from .rules.engine import cached

    max_bytes, ref, rules = spec.limits.bytes_limit(), spec.reference_date, cached(spec.rules)
    actions = spec.kind != "decisions"  # the decisions' rows need no action looked for
    if name == STDIN:
        docs = pipeline.parse_bytes_all(data or b"", STDIN_SOURCE, reference_date=ref, max_bytes=max_bytes,
                                        rules=rules, actions=actions)
    else:
        docs = pipeline.parse_path_all(name, reference_date=ref, max_bytes=max_bytes, rules=rules, actions=actions)
    if spec.kind == DOCUMENTS:
        return docs
    return [select(m, spec.kind, spec.filters) for m in docs]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def parse_all(files: list[str], spec: _Spec, jobs: int | None = None,
              read_stdin: Callable[[], bytes] | None = None) -> Iterator[tuple[str, Any]]:
    """(name, list of Selection | Failure) for every file, in the order they finish.

    `jobs` 1 (or a single file) parses in this process; more uses that many
    worker processes, each reading one file at a time, the next one waiting (see `_Worker`). None: one
    per core, but none for files of less than SMALL_INPUT bytes in all.
    """
    if jobs is None:
        jobs = 1 if _small(files) else default_jobs()
    jobs = max(1, jobs)
    rest = []
    for name in files:
        if name == STDIN:  # the bytes are here already; parse them here
            try:
                data = read_stdin() if read_stdin is not None else _stdin_bytes()
            except OSError as e:
                yield name, Failure(STDIN_SOURCE, f"cannot be read ({e.strerror or e})")
                continue
            yield name, _work_one(name, spec, data)
        else:
            rest.append(name)
    if jobs == 1 or len(rest) < 2:
        for name in rest:
            yield name, _work_one(name, spec)
        return
    yield from _pooled(rest, spec, jobs)


def _small(files: list[str]) -> bool:
    """Do `files` hold less than SMALL_INPUT bytes in all? (Asks only as many as it takes to know; a file
    that cannot be asked counts nothing: reading it says why.)"""
    total = 0
    for name in files:
        try:
            total += os.stat(name).st_size
        except (OSError, ValueError):
            continue
        if total >= SMALL_INPUT:
            return False
    return True


def by_file(files: list[str], *, jobs: int | None = None, reference_date: _dt.date | None = None,
            read_stdin: Callable[[], bytes] | None = None, limits: Limits = Limits(),
            rules: tuple[str, ...] = ()) -> Iterator[tuple[str, list | Failure]]:
    """(name, its meeting records or the `Failure` saying why it could not be read) for each of `files`
    (names as given, `-` standard input), in their order, each as soon as the files before it are read:
    what `parse_file` gives for each, parsed by `jobs` workers (see `parse_all`)."""
    spec = _Spec(DOCUMENTS, Filters(), reference_date, limits, rules)
    return in_given_order(files, parse_all(files, spec, jobs, read_stdin))


def in_given_order(files: list[str], outcomes: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """The (name, outcome) pairs of `outcomes`, which come in the order the files finish, put back in the
    order of `files` (a name given twice: one outcome at each of its places), each as soon as all before
    it are in."""
    places: dict[str, list[int]] = {}  # each name's places, the first last (popped first)
    for i in range(len(files) - 1, -1, -1):
        places.setdefault(files[i], []).append(i)
    waiting: dict[int, tuple[str, Any]] = {}
    due = 0
    for name, outcome in outcomes:
        waiting[places[name].pop()] = (name, outcome)
        while due in waiting:
            yield waiting.pop(due)
            due += 1


def _stdin_bytes() -> bytes:
    import sys

    return sys.stdin.buffer.read()


def _serve(conn, spec: _Spec, parent: int) -> None:
    """A worker: read the files the main process sends, one at a time, and send back each outcome.

    Ctrl-C is left to the main process, which ends the workers. A worker ends when the main process is
    gone, even if it was killed without a word (kill -9): at once where the system can say so (Linux),
    else within a second of being idle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the main process's handler, inherited by fork
    _die_with_parent(parent)
    while True:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            name = conn.recv()
        except (EOFError, OSError):
            return
        if name is None:
            return
        conn.send((name, _work_one(name, spec)))


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


class _Worker:
    """One worker process, its end of the pipe to it, and the files sent to it: the first is the one it is
    reading (with its deadline), the next waits in the pipe, so that the worker need not wait for the main
    process to take in a result before it has its next file."""

    def __init__(self, ctx, spec: _Spec) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, spec, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.names: deque[str] = deque()
        self.deadline = 0.0

    @property
    def name(self) -> str | None:
        """The file it is reading, or None when it is idle."""
        return self.names[0] if self.names else None

    def give(self, name: str, timeout: float | None, now: float) -> bool:
        """Send it a file to read; False if it died while idle (killed from outside), and it cannot take it.
        Checked first: writing to a dead worker's pipe would raise SIGPIPE, which `minutes` leaves fatal."""
        if not self.alive:
            return False
        try:
            self.conn.send(name)
        except OSError:
            return False
        self.names.append(name)
        if len(self.names) == 1:
            self._start_clock(timeout, now)
        return True

    def _start_clock(self, timeout: float | None, now: float) -> None:
        self.deadline = now + timeout + KILL_GRACE if timeout else float("inf")

    def outcome(self, ready: list, now: float, timeout: float | None) -> Any:
        """The (name, outcome) of the file it was reading, if it has one now: its result, a Failure when the
        process died (killed, out of memory) or ran past its deadline; None while it is still reading. After
        a failure the files still waiting in its pipe are left in `names`, for another worker."""
        if self.conn in ready:
            try:
                result = self.conn.recv()
            except (EOFError, OSError):
                pass  # died while sending: as below
            else:
                self.names.popleft()
                self._start_clock(timeout, now)  # the next file's clock starts now
                return result
        elif self.proc.sentinel not in ready and now < self.deadline:
            return None
        self.stop()
        name = self.names.popleft()
        if now >= self.deadline and self.proc.exitcode in (None, -9):
            return name, _timeout_failure(shown(name), timeout)
        return name, Failure(shown(name), _death(self.proc.exitcode))

    @property
    def alive(self) -> bool:
        return self.proc.exitcode is None

    def stop(self) -> None:
        if self.proc.exitcode is None:
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def _death(code: int | None) -> str:
    import signal

    try:
        how = f"was killed ({signal.Signals(-code).name})" if code and code < 0 else f"ended (status {code})"
    except ValueError:
        how = f"ended (status {code})"
    return (f"the process reading it {how}, perhaps for want of memory, and it was left out; "
            "read it alone with --jobs 1 to see why")


def _assign(workers: list[_Worker], todo, new: Callable[[], _Worker], timeout: float | None, now: float) -> None:
    """Give each worker files until it has IN_FLIGHT (one to read, the next waiting), a file to each in turn;
    one that died while idle is replaced, and its file waits."""
    for depth in range(1, IN_FLIGHT + 1):
        for i, w in enumerate(workers):
            if len(w.names) < depth and todo:
                if w.give(todo[0], timeout, now):
                    todo.popleft()
                elif not w.names:
                    w.stop()
                    workers[i] = new()


def _pooled(files: list[str], spec: _Spec, jobs: int) -> Iterator[tuple[str, Any]]:
    """Files read by `jobs` worker processes, each reading one file at a time with the next one waiting
    (IN_FLIGHT); (name, outcome) as they finish.

    A worker that dies or runs past the time limit costs only the file it was reading: it is replaced
    and the run goes on. However the run ends (Ctrl-C, SIGTERM, the reader of the rows gone), every
    worker is killed before this returns."""
    import multiprocessing
    import time
    from multiprocessing.connection import wait

    from . import pipeline  # noqa: F401  (its patterns compiled once here: forked workers inherit them)
    from .rules.engine import cached

    cached(spec.rules)  # so are the rules
    ctx = multiprocessing.get_context()
    todo = deque(files)
    timeout = spec.limits.timeout
    workers: list[_Worker] = []
    try:
        workers = [_Worker(ctx, spec) for _ in range(min(jobs, len(files)))]
        while True:
            now = time.monotonic()
            _assign(workers, todo, lambda: _Worker(ctx, spec), timeout, now)
            busy = [w for w in workers if w.name is not None]
            if not busy:
                if todo:
                    continue
                return
            wait_for = min(w.deadline for w in busy) - now
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=None if wait_for == float("inf") else max(0.0, wait_for))
            now = time.monotonic()
            for i, w in enumerate(workers):
                got = w.outcome(ready, now, timeout) if w.name is not None else None
                if got is not None:
                    if not w.alive:
                        todo.extendleft(reversed(w.names))  # the files that waited in its pipe
                        workers[i] = _Worker(ctx, spec)
                    yield got
    finally:
        for w in workers:
            w.stop()


# ---------------------------------------------------------------- the query

DOCUMENTS = "documents"


def documents(files: list[str], *, jobs: int | None = None, reference_date: _dt.date | None = None,
              read_stdin: Callable[[], bytes] | None = None, limits: Limits = Limits(),
              rules: tuple[str, ...] = ()) -> Iterator[Any]:
    """Every meeting record of `files` (from `find_files`), or a `Failure` per file that could not be
    read, in the order of `files` whatever order the workers finish in: what `minutes people` builds the
    people register from, which is then the same whatever `jobs` is (a person listed with two
    organisations as often has the first met first)."""
    for _, outcome in by_file(files, jobs=jobs, reference_date=reference_date, read_stdin=read_stdin,
                              limits=limits, rules=rules):
        if isinstance(outcome, Failure):
            yield outcome
        else:
            yield from outcome


def query(kind: str, paths: Iterable[str | os.PathLike], filters: Filters = Filters(), *,
          jobs: int | None = None, reference_date: _dt.date | None = None,
          read_stdin: Callable[[], bytes] | None = None,
          progress: Callable[[int, int], None] | None = None, stats: Stats | None = None,
          limits: Limits = Limits(), ordered: bool = True, rules: tuple[str, ...] = ()) -> Iterator[dict | Failure]:
    """Rows of `kind` ("decisions", "actions" or "meetings") from every file under `paths`.

    Yields first a `Failure` for each file that could not be read (in the
    order the files were found), then the row dicts (see `COLUMNS`; decision
    and action rows also carry `id`) sorted by meeting date, then path, then
    position in the file; meetings with no known date come last.
    With `ordered=False` each file's rows (or its Failure) come as soon as it
    is read, files in the order they finish: the first rows at once, nothing
    spooled. `limits` bounds what one file may cost (`Limits`).
    `progress(done, total)` is called after each file. `stats`, when given,
    is filled in as the iterator runs. `rules`: rule files of the user's
    (validated by the caller). See the module doc for memory.
    """
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    stats = stats if stats is not None else Stats()
    files = find_files(paths)
    spec = _Spec(kind, filters, reference_date, limits, rules)
    outcomes = _counted(parse_all(files, spec, jobs, read_stdin), stats, progress, len(files))
    yield from (_sorted(outcomes, files, stats) if ordered else _as_read(outcomes, stats))


def registered(kind: str, files: list[str], filters: Filters = Filters(), aliases: Any = None, *,
               jobs: int | None = None, reference_date: _dt.date | None = None,
               read_stdin: Callable[[], bytes] | None = None, progress: Callable[[int, int], None] | None = None,
               stats: Stats | None = None, limits: Limits = Limits(), ordered: bool = True,
               rules: tuple[str, ...] = ()) -> Iterator[dict | Failure]:
    """`query`'s rows with one name per person across `files` (`--owner`, an aliases file): the people
    register of every record (with `aliases`, a people.Aliases) applied before the filters. Each file is
    parsed once and its records kept until the register is built from them all (as building it keeps
    them); `ordered=False` gives each file's rows then, in the order of `files`."""
    from .people import build_register

    outcomes = []
    for done, outcome in enumerate(by_file(files, jobs=jobs, reference_date=reference_date, read_stdin=read_stdin,
                                           limits=limits, rules=rules), 1):
        outcomes.append(outcome)
        if progress is not None:
            progress(done, len(files))
    docs = [m for _, ms in outcomes if not isinstance(ms, Failure) for m in ms]
    return select_records(outcomes, files, kind, filters, build_register(docs, aliases), stats, ordered)


def select_records(outcomes: Iterable[tuple[str, Any]], files: list[str], kind: str, filters: Filters,
                   register: Any = None, stats: Stats | None = None, in_order: bool = True) -> Iterator[dict | Failure]:
    """`query`'s rows of (name, records or Failure) for each of `files`, a people register applied; in
    query order, or (`in_order=False`) each file's in the order of `outcomes`."""
    from .people import apply_register

    def selections():
        for name, outcome in outcomes:
            if isinstance(outcome, Failure):
                yield name, outcome
                continue
            docs = [apply_register(m, register) for m in outcome] if register is not None else outcome
            yield name, [select(m, kind, filters, register) for m in docs]

    stats = stats if stats is not None else Stats()
    if not in_order:
        return _as_read(_counted(selections(), stats, None, len(files)), stats)
    return ordered(files, selections(), stats=stats)


def ordered(files: list[str], outcomes: Iterable[tuple[str, Any]], *,
            progress: Callable[[int, int], None] | None = None, stats: Stats | None = None) -> Iterator[dict | Failure]:
    """The `Failure`s, then the rows, of (name, list of Selection | Failure) for each of `files`, in query order."""
    stats = stats if stats is not None else Stats()
    return _sorted(_counted(iter(outcomes), stats, progress, len(files)), files, stats)


def _counted(outcomes: Iterator[tuple[str, Any]], stats: Stats, progress: Callable[[int, int], None] | None,
             total: int) -> Iterator[tuple[str, Any]]:
    for done, (name, outcome) in enumerate(outcomes, 1):
        stats.files += 1
        stats.failed += isinstance(outcome, Failure)
        if not isinstance(outcome, Failure):
            stats.meetings += len(outcome)
            stats.undated += sum(sel.undated for sel in outcome)
        yield name, outcome
        if progress is not None:
            progress(done, total)


def _as_read(outcomes: Iterator[tuple[str, Any]], stats: Stats) -> Iterator[dict | Failure]:
    for _, outcome in outcomes:
        if isinstance(outcome, Failure):
            yield outcome
            continue
        for sel in outcome:
            stats.rows += len(sel.rows)
            yield from sel.rows


def _sorted(outcomes: Iterator[tuple[str, Any]], files: list[str], stats: Stats) -> Iterator[dict | Failure]:
    import pickle  # (here: `minutes extract` spools nothing, and starts faster without them)
    import tempfile

    position = {name: n for n, name in enumerate(files)}
    failures: list[tuple[int, Failure]] = []
    index: list[tuple[tuple, int, int]] = []  # (sort key, offset, length) per meeting with rows
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, prefix="minutes-") as spool:
        for name, outcome in outcomes:
            if isinstance(outcome, Failure):
                failures.append((position[name], outcome))
                continue
            source = STDIN_SOURCE if name == STDIN else name
            for n, sel in enumerate(outcome):
                if sel.rows:
                    blob = pickle.dumps(sel.rows, pickle.HIGHEST_PROTOCOL)
                    index.append(((sel.date is None, sel.date or "", source, n), spool.tell(), len(blob)))
                    spool.write(blob)
        failures.sort(key=lambda f: f[0])
        for _, failure in failures:
            yield failure
        del failures
        index.sort(key=lambda e: e[0])
        for _, offset, length in index:
            spool.seek(offset)
            rows = pickle.loads(spool.read(length))
            stats.rows += len(rows)
            yield from rows
