"""The command line: `minutes extract FILE...` and the query commands
`minutes decisions|actions|meetings [PATH...]`.

This module only turns arguments into library calls (`pipeline` for
extract, `archive` for the queries, `export` and `view` for output). It is
kept light so that `minutes --help` is fast: the pipeline, the archive, the
serialisers and the rich view are imported inside the commands, never here.
Never import click directly; Typer re-exports what is needed.

The options the commands share are written once, as `Annotated` types below
(`RowFormatOpt`, `ExcelOpt`, `OutputOpt`, `SinceOpt`, ...), and every command
lists the ones it takes.

Exit status: 0 all files read, 1 at least one file failed (or the output
could not be written), 2 usage error, 130 interrupted, 143 terminated (SIGTERM).
"""
import gc

# a run makes objects for good (modules, compiled patterns, the records kept for the register) and few cycles:
# the garbage collector looks less often, from the loading of what the command line uses on (see main and
# _few_collections)
FEW_COLLECTIONS = (50_000, 20, 100)
gc.set_threshold(*FEW_COLLECTIONS)
import contextlib
import copy
import enum
import os
import sys
from typing import Annotated, Callable, Iterator, List, Optional

from . import pattern_cache

pattern_cache.install_when_loaded()  # this process is the command's: the package's patterns come compiled
import typer

from . import _typer_light

_typer_light.install()  # no pydantic at start-up for the option values this tool takes
from .errors import shown

PROG = "minutes"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 128 + 15  # SIGTERM
EXAMPLE = "examples/exempel.txt"  # inside the minutes_cli package


class Format(str, enum.Enum):
    """--format of extract."""

    view = "view"
    json = "json"
    jsonl = "jsonl"


class RowFormat(str, enum.Enum):
    """--format of the query commands (export.ROW_FORMATS)."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    md = "md"


# --output FILE with no --format: the format its name suggests, else CSV
_SUFFIX_FORMATS = {".json": RowFormat.json, ".jsonl": RowFormat.jsonl, ".ndjson": RowFormat.jsonl,
                   ".tsv": RowFormat.tsv, ".tab": RowFormat.tsv, ".md": RowFormat.md, ".markdown": RowFormat.md}


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


def _parse_reference_date(value: Optional[str]):
    """--reference-date: YYYY-MM-DD to datetime.date (a usage error otherwise)."""
    if value is None:
        return None
    import datetime

    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":  # 3.11 would also take 20230314
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-03-14") from None


def _parse_period(value: Optional[str]) -> Optional[str]:
    """--since, --until, --due-before: 2020, 2020-09 or 2020-09-04 (a usage error otherwise)."""
    if value is None:
        return None
    from .archive import parse_period

    try:
        return parse_period(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None


def _parse_regex(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from .archive import Filters

    try:
        Filters(grep=value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    return value


def _parse_size(value: Optional[str]) -> Optional[int]:
    """--max-file-size: bytes, or with k, M or G (1024-based); 0 for no limit."""
    if value is None:
        return None
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", value, re.IGNORECASE)
    if not m:
        raise typer.BadParameter(f"{value!r} is not a size; write it as 500k, 20M or 1G (0 for no limit)")
    return int(float(m[1]) * 1024 ** " kmg".index(m[2].lower() or " "))


def _parse_row_format(value: Optional[str]) -> Optional["RowFormat"]:
    """--format of the query commands, with our own word for a format we do not write."""
    if value is None:
        return None
    try:
        return RowFormat(value.lower())
    except ValueError:
        names = ", ".join(f.value for f in RowFormat)
        raise typer.BadParameter(f"{value!r} is not a format minutes writes; choose one of {names} "
                                 "(for Excel: --excel, a CSV that Excel opens)") from None


def _error(message: str) -> None:
    """One line on standard error; control characters (an escape sequence in a file name) never reach the
    terminal raw."""
    typer.echo(f"{PROG}: error: {shown(message)}", err=True)


def _note(message: str) -> None:
    typer.echo(f"{PROG}: note: {shown(message)}", err=True)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


app = typer.Typer(
    name=PROG,
    add_completion=True,  # --install-completion, --show-completion
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: keeps --help fast and rich out of it
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ---------------------------------------------------------------- options, written once

ReferenceDateOpt = Annotated[
    Optional[str],
    typer.Option(
        "--reference-date",
        metavar="YYYY-MM-DD",
        callback=_parse_reference_date,  # the command gets a datetime.date
        help="Reference date for dates the text leaves incomplete (no year, relative phrases); "
        "fix it for reproducible output.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Optional[str],
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of standard output. FILE is replaced only when the run ends "
        "(written to a temporary file, then renamed), never left half written; an input file is never "
        "overwritten.",
        show_default=False,
    ),
]
MinConfidenceOpt = Annotated[
    Optional[float],
    typer.Option(
        "--min-confidence",
        metavar="FLOAT",
        min=0.0,
        max=1.0,
        help="Leave out decisions and actions whose confidence is below this (0 to 1).",
        show_default=False,
    ),
]
AliasesOpt = Annotated[
    Optional[str],
    typer.Option(
        "--aliases",
        metavar="FILE",
        help="People aliases, a TOML file: [people] \"Canonical Name\" = [\"variant\", ...] fixes a name and its "
        "spellings, [distinct] people = [[\"A\", \"B\"]] forbids a merge (also [organisations], "
        "[abbreviations] of organisations). "
        "Default: minutes-aliases.toml in the folder read, when there is one.",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    Optional[str],
    typer.Option(
        "--rules",
        metavar="FILE",
        help="Rules of your own, a TOML file: phrasings of decisions and tasks your organisation uses, each "
        "[[rule]] with an id, finds, kind, pattern, weight, examples and counter_examples (see the README, "
        "'Rules of your own'). Default: minutes-rules.toml in the folder read, when there is one.",
        show_default=False,
    ),
]
ExplainOpt = Annotated[
    bool,
    typer.Option("--explain", help="Say on standard error why spellings were taken as one person."),
]
PathsArg = Annotated[
    Optional[List[str]],
    typer.Argument(metavar="PATH", show_default=False, hidden=True),  # described in each command's help
]
RowFormatOpt = Annotated[
    Optional[str],  # the command gets a RowFormat (see the parser), our own message for a format we do not write
    typer.Option(
        "--format",
        "-f",
        metavar="[table|csv|tsv|json|jsonl|md]",
        parser=_parse_row_format,
        autocompletion=lambda incomplete: [f.value for f in RowFormat if f.value.startswith(incomplete)],
        help="Output format. Default: table on a terminal, otherwise CSV (with --output FILE: "
        "from its suffix, .json .jsonl .tsv .md, else CSV).",
        show_default=False,
    ),
]
ExcelOpt = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="CSV for Excel with Swedish settings: UTF-8 with BOM, ';' between fields, decimal comma.",
    ),
]
JobsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Files parsed in parallel. Default: the number of cores (files of less than 64 kB in all: 1); "
             "1 parses in this process.",
        show_default=False,
    ),
]
SinceOpt = Annotated[
    Optional[str],
    typer.Option("--since", metavar="DATE", callback=_parse_period, show_default=False,
                 help="Meetings on or after DATE: 2020, 2020-09 or 2020-09-04. Leaves out meetings with no known date."),
]
UntilOpt = Annotated[
    Optional[str],
    typer.Option("--until", metavar="DATE", callback=_parse_period, show_default=False,
                 help="Meetings on or before DATE (2019 means up to 2019-12-31). Leaves out meetings with no known "
                 "date."),
]
GrepOpt = Annotated[
    Optional[str],
    typer.Option("--grep", metavar="REGEX", callback=_parse_regex, show_default=False,
                 help="Only records whose text matches REGEX (a Python regular expression, case-insensitive)."),
]
ItemOpt = Annotated[
    Optional[str],
    typer.Option("--item", metavar="ITEM", show_default=False,
                 help="Only records under this agenda item: a number ('5', '§ 12') or part of its title."),
]
OwnerOpt = Annotated[
    Optional[str],
    typer.Option("--owner", metavar="NAME", show_default=False,
                 help="Only actions owned by NAME, as resolved or as written, case-insensitive, whole words "
                 "('Erika' matches 'Erika Lagergren')."),
]
DueBeforeOpt = Annotated[
    Optional[str],
    typer.Option("--due-before", metavar="DATE", callback=_parse_period, show_default=False,
                 help="Only actions due before DATE (2020, 2020-09 or 2020-09-04); a due month or week counts by its "
                 "last day. Leaves out actions with no due date."),
]
MaxFileSizeOpt = Annotated[
    Optional[str],
    typer.Option("--max-file-size", metavar="SIZE", callback=_parse_size, show_default=False,
                 help="Refuse (and report) a file larger than SIZE, or a .docx/.odt that unpacks to more: 500k, "
                 "20M, 1G; 0 for no limit. Default: 100M."),
]
TimeoutOpt = Annotated[
    Optional[float],
    typer.Option("--timeout-per-file", metavar="SECONDS", min=0.0, show_default=False,
                 help="Give up on (and report) a file that takes longer than SECONDS to read; the other files go on. "
                 "0 for no limit. Default: 60."),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="With --output: replace a read-only FILE (it stays read-only)."),
]
StreamOpt = Annotated[
    bool,
    typer.Option("--stream", help="Write each file's rows as soon as it is read, files in the order they finish, "
                 "instead of all rows by date at the end (not with --format table)."),
]


def _limits(max_file_size: Optional[int], timeout: Optional[float]):
    """What one file may cost: --max-file-size (None: the library's default, 0: none), --timeout-per-file."""
    from .archive import TIMEOUT, Limits

    return Limits(max_bytes=max_file_size, timeout=TIMEOUT if timeout is None else (timeout or None))

DbOpt = Annotated[
    Optional[str],
    typer.Option("--db", metavar="FILE", show_default=False,
                 help="The archive database (see minutes index). Default: minutes.sqlite in the folder read, "
                 "used when it is there; brought up to date first (only changed files are parsed)."),
]
NoDbOpt = Annotated[
    bool,
    typer.Option("--no-db", help="Parse the files even when there is an archive database."),
]


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Read Swedish meeting minutes and list their decisions, action items, agenda and attendance.

    Runs offline: nothing is sent anywhere and nothing is kept.

    \b
    Examples:
      minutes extract --example
      minutes decisions --since 2020 > beslut.csv
      minutes actions arkiv/ --owner Erika --format json
    """


# ---------------------------------------------------------------- extract


@app.command()
def extract(
    files: Annotated[
        Optional[List[str]],
        typer.Argument(metavar="FILE", show_default=False, hidden=True),
    ] = None,
    fmt: Annotated[
        Optional[Format],
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output: 'view' (readable, for the terminal), 'json' (a list, one object per file) "
            "or 'jsonl' (one object per line). Default: view on a terminal, json otherwise.",
            show_default=False,
        ),
    ] = None,
    reference_date: ReferenceDateOpt = None,
    min_confidence: MinConfidenceOpt = None,
    output: OutputOpt = None,
    aliases: AliasesOpt = None,
    explain: ExplainOpt = False,
    example: Annotated[
        bool,
        typer.Option("--example", help="Run on the example minutes shipped with the tool (try this first)."),
    ] = False,
    jobs: JobsOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    timeout_per_file: TimeoutOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
) -> None:
    """Extract meeting data, participants, agenda items, decisions and action items.

    FILE is a minutes file (.txt, .md, .docx, .pdf with a text layer, .html,
    .odt); give as many as you like. '-' reads
    standard input; with no FILE, standard input is read unless it is a
    terminal. A file that logs several meetings gives one record per meeting.
    Names are made one per person across the files read together (see
    --aliases). Errors go to standard error, one line per file; the other
    files are still read. Exit status: 0 all read, 1 a file failed, 2 usage
    error.

    \b
    Examples:
      minutes extract --example
      minutes extract -f json möten/*.md -o register.json
    """
    ref = reference_date  # already a datetime.date (or None), see the callback
    names = list(files or [])
    if example and names:
        raise typer.BadParameter("--example reads the shipped example only; drop the FILE arguments", param_hint="--example")
    if not example and not names:
        if _isatty(sys.stdin):
            _error("no FILE given and standard input is a terminal; name a file, pipe minutes in, or try --example")
            raise typer.Exit(EXIT_USAGE)
        names = ["-"]
    to_file = output not in (None, "-")
    if fmt is None:
        if to_file:
            fmt = Format.jsonl if os.path.splitext(output)[1].lower() in (".jsonl", ".ndjson") else Format.json
        else:
            fmt = Format.view if _isatty(sys.stdout) else Format.json
    _check_output(output, names, force, _aliases_path(aliases, names))

    failures: List[str] = []
    with contextlib.ExitStack() as stack:
        if example:
            from importlib import resources

            # as_file: a real path even when the package is installed zipped
            path = stack.enter_context(resources.as_file(resources.files("minutes_cli").joinpath(EXAMPLE)))
            names = [str(path)]
        from .people import apply_register, build_register

        # one name per person across the files read together: the register needs them all first
        stack.enter_context(_few_collections())
        docs = list(_records(names, ref, failures, jobs, _limits(max_file_size, timeout_per_file), _rules(rules, names)))
        register = build_register(docs, _aliases(aliases, names))
        if explain:
            _explain(register)
        records = (_confident(apply_register(d, register), min_confidence) for d in docs)
        _write_output(output, lambda stream: _emit(fmt, records, stream))
    if failures:
        raise typer.Exit(EXIT_FAILED)


def _emit(fmt: Format, records: Iterator, stream) -> None:
    if fmt is Format.view:
        from .output import view

        view.render(records, stream)
        return
    from .output import export

    if fmt is Format.json:
        export.to_json(records, stream)
    else:
        export.to_jsonl(records, stream)


def _confident(record, min_confidence: Optional[float]):
    """The record without the decisions and actions below --min-confidence."""
    if min_confidence is None:
        return record
    from dataclasses import replace

    return replace(record, decisions=tuple(d for d in record.decisions if d.confidence >= min_confidence),
                   actions=tuple(a for a in record.actions if a.confidence >= min_confidence))


def _aliases_path(option: Optional[str], inputs: List[str]) -> Optional[str]:
    """The aliases file named by --aliases, else minutes-aliases.toml beside the first input; None if neither."""
    from .people import find_aliases

    if option is not None:
        return option
    return next((found for name in inputs if name != "-" for found in [find_aliases(name)] if found), None)


def _aliases(option: Optional[str], inputs: List[str]):
    """The aliases of the aliases file (`_aliases_path`); None if there is none."""
    from .errors import MinutesError
    from .people import load_aliases

    path = _aliases_path(option, inputs)
    if path is None:
        return None
    try:
        return load_aliases(path)
    except MinutesError as e:
        if option is None:  # found beside the inputs, not asked for: the run goes on without it
            typer.echo(f"{PROG}: warning: {_one_line(str(e))}; skipped, the names are merged without it", err=True)
            return None
        _error(_one_line(str(e)))
        raise typer.Exit(EXIT_USAGE) from None


def _rules(option: Optional[str], inputs: List[str]) -> tuple:
    """The user's rule files: the one named by --rules, else minutes-rules.toml beside the first input;
    checked here (one line and exit 2 for a bad file), then loaded once by each process that parses."""
    from .rules.engine import RULES_FILE, RuleError, cached

    path = option
    if path is None:
        path = next((str(found) for name in inputs if name != "-" for found in [_beside(name, RULES_FILE)] if found),
                    None)
    if path is None:
        return ()
    try:
        cached((path,))
    except RuleError as e:
        _error(_one_line(str(e)))
        raise typer.Exit(EXIT_USAGE) from None
    return (path,)


def _beside(name: str, filename: str) -> Optional[str]:
    """`filename` in the folder `name` is, or in the folder holding the file `name`; None if not there."""
    folder = name if os.path.isdir(name) else os.path.dirname(name) or "."
    found = os.path.join(folder, filename)
    return found if os.path.isfile(found) else None


def _explain(register) -> None:
    """--explain: one line on standard error for each spelling taken as another person's."""
    for row in register.people_rows():
        for variant in row["variants"]:
            why = register.explain(variant)
            _note(f"{variant} -> {row['name']}" + (f": {why}" if why else ""))


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Parsing makes many objects that reference counting frees and few cycles, while the records kept
    for the register only grow: the garbage collector is told to look less often, and to leave alone
    what was loaded before (modules, compiled patterns)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*FEW_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _records(names: List[str], reference_date, failures: List[str], jobs: Optional[int], limits,
             rules: tuple = ()) -> Iterator:
    """The records of each file (one per meeting it logs), the files parsed by `jobs` workers and their
    records in the order the files were named.

    A file that fails (unreadable, over a limit, an internal error) is reported
    on standard error (one line, no traceback), added to `failures`, and
    skipped; the other files go on.
    """
    from . import archive

    for _, outcome in archive.by_file(names, jobs=jobs, reference_date=reference_date, limits=limits, rules=rules,
                                      read_stdin=_stdin_once()):
        if isinstance(outcome, archive.Failure):
            failures.append(outcome.source)
            _error(_one_line(str(outcome)))
            continue
        yield from outcome


# ---------------------------------------------------------------- output, shared by every command


def _check_output(output: Optional[str], inputs: List[str], force: bool = False, aliases: Optional[str] = None) -> None:
    """--output must name a regular file (a symbolic link: the file it points to) in an existing folder, none
    of the inputs nor the aliases file, and not read-only unless --force (usage errors). Standard output must
    be open."""
    if output in (None, "-"):
        if sys.stdout is None:  # started with standard output closed (>&-)
            _error("standard output is closed; give --output FILE, or redirect it to a file")
            raise typer.Exit(EXIT_FAILED)
        return
    from .output.export import output_target

    hint = "--output"
    if os.path.isdir(output):
        raise typer.BadParameter(f"{output!r} is a folder; name a file", param_hint=hint)
    try:
        target = output_target(output)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint=hint) from None
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise typer.BadParameter(f"the folder of {output!r} does not exist", param_hint=hint)
    try:
        out = os.stat(target)
    except OSError:
        return  # a new file cannot be an input
    for name in [*inputs, aliases] if aliases else inputs:
        if name == "-":
            continue
        try:
            st = os.stat(name)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            what = "the aliases file" if name == aliases else "one of the input files"
            raise typer.BadParameter(f"{output!r} is {what}; refusing to overwrite it", param_hint=hint)
    if not force and (not out.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise typer.BadParameter(f"{output!r} is read-only; give --force to replace it (it stays read-only)",
                                 param_hint=hint)


def _write_output(output: Optional[str], write: Callable) -> None:
    """Run `write(stream)` on standard output, or on FILE written atomically."""
    if output in (None, "-"):
        _utf8(sys.stdout)
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as e:  # a full disk, a device error: the system's word, not a traceback
            _error(f"standard output cannot be written ({e.strerror or e}); the output is incomplete")
            _stdout_to_devnull()
            raise typer.Exit(EXIT_FAILED) from None
        return
    from .output import export

    try:
        with export.atomic_write(output, encoding="utf-8", newline="") as fh:
            write(fh)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:
        _error(_one_line(f"{output}: cannot be written ({getattr(e, 'strerror', None) or e}); it was left as it was"))
        raise typer.Exit(EXIT_FAILED) from None


def _stdout_to_devnull() -> None:
    """Point standard output at the null device, so that the interpreter's final flush of what is left in
    its buffer does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _utf8(stream) -> None:
    """Output is UTF-8 (RFC 8259, RFC 4180 as used here), whatever the console's code page;
    line ends are written as the writers give them (CSV: CRLF)."""
    try:
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")
        stream.reconfigure(newline="")
    except (AttributeError, ValueError, OSError):
        pass


class _Progress:
    """A one-line progress bar on standard error: only on a terminal, and only once a run has taken a while."""

    DELAY = 0.7  # seconds before it appears; short runs never see it
    WIDTH = 28

    def __init__(self, stream) -> None:
        import time

        self._time = time.monotonic
        self.stream = stream
        self.start = self._time()
        self.last = 0.0
        self.shown = False

    @classmethod
    def maybe(cls) -> Optional["_Progress"]:
        return cls(sys.stderr) if _isatty(sys.stderr) else None

    def __call__(self, done: int, total: int) -> None:
        if done >= total:
            self.clear()
            return
        now = self._time()
        if now - self.start < self.DELAY or now - self.last < 0.1:
            return
        self.last, self.shown = now, True
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{PROG}: reading [{bar}] {done}/{total} files")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


# ---------------------------------------------------------------- the query commands


def _stdin_once() -> Callable[[], bytes]:
    """Standard input, read once however many passes ask for it."""
    data: List[bytes] = []

    def read() -> bytes:
        if not data:
            data.append(typer.get_binary_stream("stdin").read())
        return data[0]

    return read


def _row_format(fmt: Optional["RowFormat"], excel: bool, output: Optional[str]) -> "RowFormat":
    if excel and fmt not in (None, RowFormat.csv):
        raise typer.BadParameter("--excel writes CSV; drop --format or give --format csv", param_hint="--excel")
    if fmt is None:
        if excel:
            fmt = RowFormat.csv
        elif output not in (None, "-"):
            fmt = _SUFFIX_FORMATS.get(os.path.splitext(output)[1].lower(), RowFormat.csv)
        else:
            fmt = RowFormat.table if _isatty(sys.stdout) else RowFormat.csv
    return fmt


def _query(kind: str, paths: Optional[List[str]], fmt: Optional[RowFormat], excel: bool, output: Optional[str],
           jobs: Optional[int], reference_date, aliases: Optional[str] = None, run: Optional[dict] = None,
           db: Optional[str] = None, no_db: bool = False, **filters) -> None:
    """What every query command does: expand the PATHs, run the archive query, write the rows.

    With --owner or an aliases file, the people register is built from every record before the rows
    are chosen (archive.registered), so that an owner is found under every spelling and rows carry one
    name per person. `run` holds the options of the run
    itself: limits, force, stream (see `_run_options`)."""
    from . import archive

    run = _run_options(**(run or {}))
    fmt = _row_format(fmt, excel, output)
    if run["stream"] and fmt is RowFormat.table:
        raise typer.BadParameter("a table is sized from all its rows; give --format csv, tsv, json, jsonl or md",
                                 param_hint="--stream")
    try:
        flt = archive.Filters(**filters)
    except ValueError as e:  # the callbacks check each option; this is the library's word on the whole
        raise typer.BadParameter(str(e)) from None
    names = list(paths) if paths else [archive.default_archive()]
    files = archive.find_files(names)
    _check_output(output, files, run["force"], _aliases_path(aliases, names))
    if not files:
        _note(f"no minutes files ({', '.join(sorted(archive.MINUTES_SUFFIXES))}) found in {', '.join(names)}")

    stats = archive.Stats()
    failed: List[str] = []
    progress = _Progress.maybe()
    read_stdin = _stdin_once()
    alias = _aliases(aliases, names)
    limits = run["limits"]
    rules = _rules(run["rules"], names)
    database = None if no_db else _database(db, names, files, reference_date, jobs, progress, rules)
    common = dict(jobs=jobs, reference_date=reference_date, read_stdin=read_stdin, progress=progress, stats=stats,
                  limits=limits, ordered=not run["stream"], rules=rules)
    if database is not None:
        results = _db_results(database, kind, files, flt, alias, stats)
    elif flt.owner or alias:  # one name per person: the people register of every record first
        results = archive.registered(kind, files, flt, alias, **common)
    else:
        results = archive.query(kind, files, flt, **common)

    def rows() -> Iterator[dict]:
        for row in results:
            if isinstance(row, archive.Failure):
                failed.append(row.source)
                _error(_one_line(str(row)))
            else:
                yield row

    def write(stream) -> None:
        if fmt is RowFormat.table:
            from .output import view

            view.render_rows(rows(), kind, stream)
        else:
            from .output import export

            export.write_rows(rows(), archive.COLUMNS[kind], fmt.value, stream, excel=excel,
                              schema_version=archive.ROW_SCHEMA_VERSION)

    try:
        _write_output(output, write)
    except (BrokenPipeError, KeyboardInterrupt, typer.Exit):
        raise
    except Exception as e:  # a bug: one line, no traceback; an --output file is left as it was
        _error(_one_line(f"internal error ({type(e).__name__}: {e}), please report"))
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        if progress is not None:
            progress.clear()
        if database is not None:
            database[0].close()
    if stats.undated:
        what = kind if stats.undated != 1 else kind[:-1]
        _note(f"{stats.undated} {what} left out by --since/--until: the meeting has no known date")
    if failed:
        raise typer.Exit(EXIT_FAILED)


def _run_options(max_file_size: Optional[int] = None, timeout_per_file: Optional[float] = None, force: bool = False,
                 stream: bool = False, rules: Optional[str] = None) -> dict:
    """The options of a query run that are not filters: the limits of one file, --force, --stream, --rules."""
    return {"limits": _limits(max_file_size, timeout_per_file), "force": force, "stream": stream, "rules": rules}


def _database(db: Optional[str], names: List[str], files: List[str], reference_date, jobs: Optional[int], progress,
              rules: tuple = ()):
    """(store, report) when the archive database answers the query, brought up to date; else None.

    It answers when --db names it or minutes.sqlite is in the folder read, unless standard input,
    --reference-date or rules of the user's are read (the database holds the files parsed as they are). A database that
    cannot be used is noted on standard error and the files are parsed instead.
    """
    import sqlite3

    from . import store

    path = db if db is not None else store.default_path(names)
    if db is None and not os.path.isfile(path):
        return None
    if "-" in files or reference_date is not None or rules or not all(map(store.storable, files)):
        if db is not None:
            _note(f"{path} is not used with standard input, --reference-date, --rules or a file name that is "
                  "not UTF-8; the files are parsed")
        return None
    opened = None
    try:
        opened = store.Store(path)
        return opened, store.update(opened, names, files, jobs=jobs, progress=progress)
    except (sqlite3.Error, store.StoreError, OSError) as e:  # the files still answer
        if opened is not None:
            opened.close()
        _note(_one_line(f"{e if isinstance(e, store.StoreError) else f'{path}: {e}'}; the files are parsed instead"))
        return None


def _db_results(database, kind: str, files: List[str], flt, alias, stats) -> Iterator:
    """The query's rows (and failures) from the database; with --owner or aliases, through the people register."""
    from . import archive, store
    from .people import build_register

    opened, report = database
    if not (flt.owner or alias):
        return store.query(opened, report, files, kind, flt, stats=stats)
    outcomes = store.records(opened, report, files)
    docs = [m for _, ms in outcomes if not isinstance(ms, archive.Failure) for m in ms]
    return archive.select_records(outcomes, files, kind, flt, build_register(docs, alias), stats=stats)


@app.command()
def decisions(
    paths: PathsArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    grep: GrepOpt = None,
    item: ItemOpt = None,
    min_confidence: MinConfidenceOpt = None,
    fmt: RowFormatOpt = None,
    excel: ExcelOpt = False,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    reference_date: ReferenceDateOpt = None,
    aliases: AliasesOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    timeout_per_file: TimeoutOpt = None,
    force: ForceOpt = False,
    stream: StreamOpt = False,
    rules: RulesOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
) -> None:
    """List the decisions of many minutes, one row each, oldest meeting first.

    PATH is a file, a folder (read recursively: .txt .md .markdown .text .docx
    .pdf .html .htm .odt; hidden files skipped) or '-' for standard input;
    with no PATH, $MINUTES_ARCHIVE if set, else the current folder.
    Columns: date, body, item_number, item_title, text, kind, owners, due,
    confidence, source, line. Exit status: 0 all read, 1 a file failed, 2
    usage error.

    \b
    Examples:
      minutes decisions --since 2020 > beslut.csv
      minutes decisions arkiv/ --grep budget --format md
      minutes decisions arkiv/ --until 2019 --excel -o beslut.csv
    """
    _query("decisions", paths, fmt, excel, output, jobs, reference_date, aliases,
           dict(max_file_size=max_file_size, timeout_per_file=timeout_per_file, force=force, stream=stream,
                rules=rules), db, no_db,
           since=since, until=until, grep=grep, item=item, min_confidence=min_confidence)


@app.command()
def actions(
    paths: PathsArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    grep: GrepOpt = None,
    item: ItemOpt = None,
    owner: OwnerOpt = None,
    due_before: DueBeforeOpt = None,
    min_confidence: MinConfidenceOpt = None,
    fmt: RowFormatOpt = None,
    excel: ExcelOpt = False,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    reference_date: ReferenceDateOpt = None,
    aliases: AliasesOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    timeout_per_file: TimeoutOpt = None,
    force: ForceOpt = False,
    stream: StreamOpt = False,
    rules: RulesOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
) -> None:
    """List the action items of many minutes, one row each, oldest meeting first.

    PATH is a file, a folder (read recursively; hidden files skipped) or '-'
    for standard input; with no PATH, $MINUTES_ARCHIVE if set, else the
    current folder. Columns as for decisions; owners are joined with
    '; '. Exit status: 0 all read, 1 a file failed, 2 usage error.

    \b
    Examples:
      minutes actions arkiv/ --owner Erika --format json
      minutes actions --due-before 2022 --since 2021 > att-gora.csv
    """
    _query("actions", paths, fmt, excel, output, jobs, reference_date, aliases,
           dict(max_file_size=max_file_size, timeout_per_file=timeout_per_file, force=force, stream=stream,
                rules=rules), db, no_db,
           since=since, until=until, grep=grep, item=item, owner=owner, due_before=due_before,
           min_confidence=min_confidence)


@app.command()
def meetings(
    paths: PathsArg = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    grep: GrepOpt = None,
    fmt: RowFormatOpt = None,
    excel: ExcelOpt = False,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    reference_date: ReferenceDateOpt = None,
    aliases: AliasesOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    timeout_per_file: TimeoutOpt = None,
    force: ForceOpt = False,
    stream: StreamOpt = False,
    rules: RulesOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
) -> None:
    """List the meetings, one row each: date, body, place, chair and counts.

    PATH is a file, a folder (read recursively; hidden files skipped) or '-'
    for standard input; with no PATH, $MINUTES_ARCHIVE if set, else the
    current folder. Columns: date, title, place, start, end, chair,
    minutes_taker, present, absent, items, decisions, actions, source.
    --grep searches the title, place, agenda items, decisions and actions.
    Exit status: 0 all read, 1 a file failed, 2 usage error.

    \b
    Examples:
      minutes meetings arkiv/
      minutes meetings --since 2021 --format jsonl | jq .chair
    """
    _query("meetings", paths, fmt, excel, output, jobs, reference_date, aliases,
           dict(max_file_size=max_file_size, timeout_per_file=timeout_per_file, force=force, stream=stream,
                rules=rules), db, no_db,
           since=since, until=until, grep=grep)


class PeopleBy(str, enum.Enum):
    person = "person"
    organisation = "organisation"


#: Columns of `minutes people`.
PEOPLE_COLUMNS = ("name", "variants", "organisations", "roles", "present", "absent", "actions_owned", "meetings")


@app.command()
def people(
    paths: PathsArg = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="Attendance per meeting instead: one row per person, one column per meeting.")
    ] = False,
    by: Annotated[
        PeopleBy, typer.Option("--by", case_sensitive=False, help="With --matrix: rows per person or per organisation.")
    ] = PeopleBy.person,
    aliases: AliasesOpt = None,
    explain: ExplainOpt = False,
    fmt: RowFormatOpt = None,
    excel: ExcelOpt = False,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
    reference_date: ReferenceDateOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    timeout_per_file: TimeoutOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    db: DbOpt = None,
    no_db: NoDbOpt = False,
) -> None:
    """List the people of many minutes, one row per person under one name.

    Spellings of one person (Magnus Fritihof, Magnus Frithiof) are merged on
    the evidence a careful secretary would accept; an aliases file fixes a
    name, adds a variant or forbids a merge (see --aliases). Columns: name,
    variants, organisations, roles, present, absent, actions_owned, meetings.
    PATH as for decisions. Exit status: 0 all read, 1 a file failed, 2 usage
    error.

    \b
    Examples:
      minutes people arkiv/
      minutes people arkiv/ --matrix --by organisation --excel -o närvaro.csv
      minutes people arkiv/ --explain --format json
    """
    from . import archive
    from .people import flatten

    fmt = _row_format(fmt, excel, output)
    names = list(paths) if paths else [archive.default_archive()]
    files = archive.find_files(names)
    _check_output(output, files, force, _aliases_path(aliases, names))
    failed: List[str] = []
    read_stdin = _stdin_once()
    docs = []
    limits = _limits(max_file_size, timeout_per_file)
    for d in _documents(db, no_db, names, files, jobs, reference_date, read_stdin, limits, _rules(rules, names)):
        if isinstance(d, archive.Failure):
            failed.append(d.source)
            _error(_one_line(str(d)))
        else:
            docs.append(d)
    from .people import build_register

    register = build_register(docs, _aliases(aliases, names))
    if explain:
        _explain(register)
    if matrix:
        columns, rows = register.matrix(by.value)
    else:
        columns = PEOPLE_COLUMNS
        rows = register.people_rows()
        if fmt not in (RowFormat.json, RowFormat.jsonl):
            rows = [flatten(r) for r in rows]

    def write(stream) -> None:
        if fmt is RowFormat.table:
            from .output import view

            view.render_table(rows, columns, stream, caption=f"{len(rows)} {'people' if by is PeopleBy.person or not matrix else 'organisations'}")
        else:
            from .output import export

            export.write_rows(rows, columns, fmt.value, stream, excel=excel, schema_version=archive.ROW_SCHEMA_VERSION)

    _write_output(output, write)
    if failed:
        raise typer.Exit(EXIT_FAILED)


def _terminated(signum, frame) -> None:
    raise SystemExit(EXIT_TERMINATED)


@app.command()
def index(
    paths: PathsArg = None,
    db: DbOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Parse an archive into one database file, reading only what changed since the last run.

    PATH is a file or a folder (read recursively, as for decisions); with no
    PATH, $MINUTES_ARCHIVE if set, else the current folder. The database is
    --db FILE, by default minutes.sqlite in the folder read; the query
    commands and minutes search then answer from it. A file unchanged since
    the last run is not parsed again, a removed file's rows are deleted, a
    changed file's rows replaced, each file in a transaction of its own.
    Prints a summary on standard error. Exit status: 0 all read, 1 a file
    failed or the database cannot be written, 2 usage error.

    \b
    Examples:
      minutes index arkiv/
      minutes index arkiv/ --db ~/arkiv.sqlite
      sqlite3 arkiv/minutes.sqlite 'select date, text from decisions join meetings m on m.id = meeting_id'
    """
    import sqlite3

    from . import archive, store

    names = list(paths) if paths else [archive.default_archive()]
    if "-" in names:
        raise typer.BadParameter("the database holds files; name them instead of '-'", param_hint="PATH")
    files = archive.find_files(names)
    path = db if db is not None else store.default_path(names)
    if os.path.isdir(path):
        raise typer.BadParameter(f"{path!r} is a folder; name a file", param_hint="--db")
    if not files:
        _note(f"no minutes files ({', '.join(sorted(archive.MINUTES_SUFFIXES))}) found in {', '.join(names)}")
    progress = _Progress.maybe()
    try:
        with store.Store(path) as opened:
            report = store.update(opened, names, files, jobs=jobs, progress=progress)
    except (sqlite3.Error, store.StoreError, OSError) as e:
        _error(_one_line(str(e) if isinstance(e, store.StoreError) else f"{path}: cannot be written ({e})"))
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        if progress is not None:
            progress.clear()
    for failure in report.failures:
        _error(_one_line(str(failure)))
    typer.echo(f"{PROG}: {path}: parsed {report.parsed}, unchanged {report.unchanged}, removed {report.removed}, "
               f"errors {report.errors}", err=True)
    if report.failures:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def search(
    text: Annotated[str, typer.Argument(metavar="QUERY", show_default=False)],
    paths: PathsArg = None,
    db: DbOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=0, help="At most N rows, the most relevant; 0 for all.")
    ] = 50,
    fmt: RowFormatOpt = None,
    excel: ExcelOpt = False,
    output: OutputOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Find decisions and action items by their words, the most relevant first.

    QUERY is words that must all occur (case-insensitive; å, ä, ö are
    letters of their own), 'word*' for every word beginning so
    (skolskjuts* finds skolskjutsen), "a phrase" in quotes, OR and NOT
    between them. Answers from the archive database (see minutes index),
    brought up to date first. PATH as for decisions. Columns: rank, score,
    kind, date, body, text, source, line. Exit status: 0 all read, 1 a
    file failed or there is no database, 2 usage error.

    \b
    Examples:
      minutes search skolskjuts*
      minutes search 'budget OR ekonomi' arkiv/ --limit 10
      minutes search '"detaljplan för" Norra*' --format json
    """
    from . import archive, store

    fmt = _row_format(fmt, excel, output)
    try:
        store.match_query(text)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="QUERY") from None
    names = list(paths) if paths else [archive.default_archive()]
    if "-" in names:
        raise typer.BadParameter("search reads the archive database; name files or folders, not '-'", param_hint="PATH")
    files = archive.find_files(names)
    _check_output(output, files)
    if db is None and not os.path.isfile(store.default_path(names)):
        _error(f"no archive database {store.default_path(names)}; run 'minutes index' on the archive first, "
               "or name one with --db")
        raise typer.Exit(EXIT_FAILED)
    progress = _Progress.maybe()
    database = _database(db, names, files, None, jobs, progress)
    if progress is not None:
        progress.clear()
    if database is None:
        raise typer.Exit(EXIT_FAILED)
    opened, report = database
    for failure in report.failures:
        _error(_one_line(str(failure)))
    try:
        _write_output(output, lambda stream: _write_search(store.search(opened, report, files, text, limit), fmt,
                                                            excel, stream))
    finally:
        opened.close()
    if report.failures:
        raise typer.Exit(EXIT_FAILED)


def _write_search(rows: Iterator[dict], fmt: "RowFormat", excel: bool, stream) -> None:
    from . import archive, store

    if fmt is RowFormat.table:
        from .output import view

        found = list(rows)
        view.render_table(found, store.SEARCH_COLUMNS, stream, caption=f"{len(found)} found")
    else:
        from .output import export

        export.write_rows(rows, store.SEARCH_COLUMNS, fmt.value, stream, excel=excel,
                          schema_version=archive.ROW_SCHEMA_VERSION)


def _documents(db: Optional[str], no_db: bool, names: List[str], files: List[str], jobs: Optional[int], reference_date,
               read_stdin, limits=None, rules: tuple = ()) -> Iterator:
    """Every meeting record of `files`, or a Failure per file: from the archive database when it answers."""
    from . import archive, store

    database = None if no_db else _database(db, names, files, reference_date, jobs, None, rules)
    if database is None:
        yield from archive.documents(files, jobs=jobs, reference_date=reference_date, read_stdin=read_stdin,
                                     limits=limits or archive.Limits(), rules=rules)
        return
    try:
        for _, outcome in store.records(*database, files):
            yield from [outcome] if isinstance(outcome, archive.Failure) else outcome
    finally:
        database[0].close()


def main() -> None:
    """Console script entry point (`minutes`)."""
    import signal

    gc.set_threshold(*FEW_COLLECTIONS)  # a command first loads what it uses (the pipeline, the rules)
    if hasattr(signal, "SIGPIPE"):  # POSIX: `minutes ... | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # SIGTERM (kill, a service manager) ends the run as Ctrl-C does: the workers are killed, an --output
    # file is left as it was, no temporary file stays behind
    signal.signal(signal.SIGTERM, _terminated)
    try:
        _app_for(sys.argv)(prog_name=PROG)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (no SIGPIPE on this platform).
        _stdout_to_devnull()
        sys.exit(EXIT_FAILED)
    finally:
        _ending()


def _app_for(argv: list[str]) -> typer.Typer:
    """The app, with the command `minutes COMMAND ...` names alone in it: Typer reads every command's options
    from its signature before it runs one (~6 ms of a small run). The tool's help, a mistyped command and
    shell completion see them all."""
    name, name_of = argv[1] if len(argv) > 1 else None, getattr(typer.main, "get_command_name", None)
    if name_of is None or f"_{PROG.upper()}_COMPLETE" in os.environ:  # (another Typer: as it always ran)
        return app
    named = [c for c in app.registered_commands if (c.name or name_of(c.callback.__name__)) == name]
    if len(named) != 1:
        return app
    alone = copy.copy(app)
    alone.registered_commands = named
    return alone


def _ending() -> None:
    """The run is over and the process ends: the garbage collector's last pass at exit would visit every
    object loaded (modules, compiled patterns; ~15 ms of a small run) to find no garbage worth the time.
    Objects are still freed and files closed as the interpreter ends."""
    gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
