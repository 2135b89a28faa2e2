"""The command line: `minutes extract FILE...`.

This module only turns arguments into library calls. It is kept light so
that `minutes --help` is fast: the pipeline, the serialisers and the rich
view are imported inside the command, never here. Never import click
directly; Typer re-exports what is needed.

Exit status: 0 all files read, 1 at least one file failed, 2 usage error,
130 interrupted.
"""
import contextlib
import enum
import os
import sys
from typing import Annotated, Iterator, List, Optional

import typer

PROG = "minutes"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXAMPLE = "examples/exempel.txt"  # inside the minutes_cli package


class Format(str, enum.Enum):
    view = "view"
    json = "json"
    jsonl = "jsonl"


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


def _error(message: str) -> None:
    """One line on standard error."""
    typer.echo(f"{PROG}: error: {message}", err=True)


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
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: keeps --help fast and rich out of it
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Read Swedish meeting minutes and list their decisions, action items, agenda and attendance.

    Runs offline: nothing is sent anywhere and nothing is kept.
    """


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
    reference_date: Annotated[
        Optional[str],
        typer.Option(
            "--reference-date",
            metavar="YYYY-MM-DD",
            callback=_parse_reference_date,  # the command gets a datetime.date
            help="Reference date for dates the text leaves incomplete (no year, relative phrases); "
            "fix it for reproducible output.",
            show_default=False,
        ),
    ] = None,
    example: Annotated[
        bool,
        typer.Option("--example", help="Run on the example minutes shipped with the tool (try this first)."),
    ] = False,
) -> None:
    """Extract meeting data, participants, agenda items, decisions and action items.

    FILE is a minutes file (.txt, .md); give as many as you like. '-' reads
    standard input; with no FILE, standard input is read unless it is a
    terminal. Errors go to standard error, one line per file; the other files
    are still read. Exit status: 0 all read, 1 a file failed, 2 usage error.
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
    if fmt is None:
        fmt = Format.view if _isatty(sys.stdout) else Format.json

    failures: List[str] = []
    with contextlib.ExitStack() as stack:
        if example:
            from importlib import resources

            # as_file: a real path even when the package is installed zipped
            path = stack.enter_context(resources.as_file(resources.files("minutes_cli").joinpath(EXAMPLE)))
            names = [str(path)]
        _emit(fmt, _records(names, ref, failures))
    if failures:
        raise typer.Exit(EXIT_FAILED)


def _emit(fmt: Format, records: Iterator) -> None:
    if fmt is Format.view:
        from . import view

        view.render(records, sys.stdout)
        return
    from . import export

    _utf8(sys.stdout)
    if fmt is Format.json:
        export.to_json(records, sys.stdout)
    else:
        export.to_jsonl(records, sys.stdout)


def _records(names: List[str], reference_date, failures: List[str]) -> Iterator:
    """Parse one file at a time and yield its record, so output streams.

    A file that fails is reported on standard error (one line, no traceback),
    added to `failures`, and skipped; the other files go on.
    """
    from . import pipeline
    from .errors import InputError, MinutesError

    for name in names:
        source = "<stdin>" if name == "-" else name
        try:
            if name == "-":
                try:
                    data = typer.get_binary_stream("stdin").read()
                except OSError as e:
                    raise InputError(source, f"cannot be read ({e.strerror or e})") from None
                record = pipeline.parse_bytes(data, source, reference_date=reference_date)
            else:
                record = pipeline.parse_path(name, reference_date=reference_date)
        except MinutesError as e:
            failures.append(source)
            _error(_one_line(str(e)))
            continue
        except Exception as e:  # a bug in a stage: name the file, go on with the others
            failures.append(source)
            _error(_one_line(f"{source}: internal error ({type(e).__name__}: {e}), please report"))
            continue
        yield record


def _utf8(stream) -> None:
    """JSON is UTF-8 (RFC 8259), whatever the console's code page."""
    try:
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError, OSError):
        pass


def main() -> None:
    """Console script entry point (`minutes`)."""
    import signal

    if hasattr(signal, "SIGPIPE"):  # POSIX: `minutes ... | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app(prog_name=PROG)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (no SIGPIPE on this platform). Point stdout at
        # devnull so the interpreter's final flush does not complain.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":  # pragma: no cover
    main()
