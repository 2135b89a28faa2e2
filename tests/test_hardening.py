"""Issue 12, hardening: one bad file never costs the batch, output is safe to open.

Every case builds its files at test time (a non-UTF-8 name, a zip bomb, a
FIFO, a device, a killed worker, a file that never ends, formula cells) and
checks what a user sees: the one error line, the exit status, and the rows of
the good files. Most run in-process with Typer's CliRunner; signals, a full
disk and a closed standard output need a real process.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from minutes_cli import archive, pipeline
from minutes_cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_000.txt"  # 3 decisions
SEED_DUE = FIXTURES / "seed_003.txt"  # an action due 2021-06
ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX files, signals and devices")


@pytest.fixture(scope="module")
def good_rows() -> int:
    """How many decision rows the good file gives on its own."""
    return len(list(archive.query("decisions", [SEED], jobs=1)))


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if text.startswith("\ufeff") else ","))


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# ---------------------------------------------------------------- files built at test time


def zip_bomb(path: Path, part: str, size: int) -> Path:
    """A .docx (part word/document.xml) or .odt (content.xml) whose body unpacks to `size` bytes."""
    para = b"<w:p><w:r><w:t>Styrelsen beslutade att anta budgeten.</w:t></w:r></w:p>"
    body = para * (size // len(para))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if part == "content.xml":
            z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, b"<document><body>" + body + b"</body></document>")
    return path


def slow_or_killed(monkeypatch: pytest.MonkeyPatch, block_alarm: bool = False) -> None:
    """Parsing a file named slow* takes a minute, one named kill-me* kills the process parsing it (a worker
    killed by the kernel for want of memory). Worker processes are forked, so they inherit this."""
    real = pipeline.parse_source_all

    def parse(src, *args, **kw):
        if "kill-me" in src.source:
            os.kill(os.getpid(), signal.SIGKILL)
        if "slow" in src.source:
            if block_alarm:  # stuck where no signal gets through (C code): only killing it ends it
                signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(60)
        return real(src, *args, **kw)

    monkeypatch.setattr(pipeline, "parse_source_all", parse)


# ---------------------------------------------------------------- the table of cases run in-process


@dataclass
class Case:
    name: str
    build: Callable[[Path], list]  # files made in tmp_path; returns the command's arguments
    exit: int
    errors: list = field(default_factory=list)  # one error line per entry, containing it (or each of a tuple)
    good: int = 1  # how many copies of the good file's rows must be in the output
    setup: Callable[[pytest.MonkeyPatch], None] | None = None
    check: Callable[[Path, "object"], None] | None = None  # more to check on the files or output


def _nonutf8(tmp: Path, *extra: str) -> list:
    (tmp / "good.txt").write_bytes(SEED.read_bytes())
    with open(os.fsencode(tmp) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(SEED.read_bytes())
    return ["decisions", str(tmp), "-j", "1", *extra]


def _check_nonutf8_out(tmp: Path, result) -> None:
    text = (tmp / "out.csv").read_bytes().decode("utf-8")  # valid UTF-8, or this raises
    assert any(r["source"].endswith("caf\\xe9.txt") for r in csv_rows(text))


def _with_good(tmp: Path, *bad: Path, args=("decisions", "-j", "1")) -> list:
    (tmp / "good.txt").write_bytes(SEED.read_bytes())
    return [*args, *map(str, bad), str(tmp / "good.txt")]


def _big_text(tmp: Path) -> list:
    big = tmp / "big.txt"
    big.write_bytes(SEED.read_bytes() * 20)
    return _with_good(tmp, big) + ["--max-file-size", "10k"]


def _fifo(tmp: Path) -> list:
    os.mkfifo(tmp / "fifo.txt")
    return _with_good(tmp, tmp / "fifo.txt")


def _escape_name(tmp: Path) -> list:
    (tmp / "x\x1b[2J\x1b[31mred.txt").write_bytes(b"")
    return _with_good(tmp, tmp / "x\x1b[2J\x1b[31mred.txt")


def _slow(tmp: Path, jobs: str, command: str = "decisions") -> list:
    (tmp / "slow.txt").write_bytes(SEED.read_bytes())
    (tmp / "good2.txt").write_bytes(SEED.read_bytes())
    return _with_good(tmp, tmp / "slow.txt", tmp / "good2.txt", args=(command, "-j", jobs)) + \
        ["--timeout-per-file", "0.3"]


def _killed_extract(tmp: Path) -> list:
    """`extract` names its files: the killed one first, so the next file sent to its worker waits in its pipe."""
    names = ["kill-me.txt", "good0.txt", "good1.txt", "good2.txt"]
    for name in names:
        (tmp / name).write_bytes(SEED.read_bytes())
    return ["extract", "-f", "json", "-j", "2", *(str(tmp / n) for n in names)]


def _extracted(*names: str) -> Callable[[Path, object], bool]:
    """`extract` gave one record for each of `names`, in that order (the order the files were named)."""
    return lambda tmp, result: [Path(r["source"]).name for r in json.loads(result.stdout)] == list(names)


def _killed(tmp: Path) -> list:
    (tmp / "kill-me.txt").write_bytes(SEED.read_bytes())
    for n in range(3):
        (tmp / f"good{n}.txt").write_bytes(SEED.read_bytes())
    return ["decisions", "-j", "2", str(tmp)]


def _killed_first(tmp: Path) -> list:
    """The killed file is the first a worker reads, so the next file sent to it waits in its pipe."""
    (tmp / "a-kill-me.txt").write_bytes(SEED.read_bytes())
    for n in range(3):
        (tmp / f"good{n}.txt").write_bytes(SEED.read_bytes())
    return ["decisions", "-j", "2", str(tmp)]


def _grep(tmp: Path) -> list:
    text = "Protokoll 2021-03-01\n\n## 1. Budget\n\nStyrelsen beslutade att " + "a" * 40 + "b.\n"
    (tmp / "aaa.txt").write_text(text, encoding="utf-8")
    return _with_good(tmp, tmp / "aaa.txt") + ["--grep", "(a|aa)+$|ö"]


def _output(tmp: Path, make: Callable[[Path], None], *extra: str) -> list:
    (tmp / "in.txt").write_bytes(SEED.read_bytes())
    make(tmp / "out.csv")
    return ["decisions", str(tmp / "in.txt"), "-o", str(tmp / "out.csv"), *extra]


def _read_only(path: Path) -> None:
    path.write_text("old\n")
    path.chmod(0o444)


def _symlink(path: Path) -> None:
    (path.parent / "target.csv").write_text("old\n")
    path.symlink_to("target.csv")


def _check_output_kept(tmp: Path, result) -> None:
    assert (tmp / "out.csv").read_text() == "old\n"
    assert not [p for p in tmp.iterdir() if p.name.endswith(".part")]


def _check_read_only_replaced(tmp: Path, result) -> None:
    assert len(csv_rows((tmp / "out.csv").read_text())) == 3
    assert stat.S_IMODE((tmp / "out.csv").stat().st_mode) == 0o444


def _check_symlink(tmp: Path, result) -> None:
    assert (tmp / "out.csv").is_symlink()
    assert len(csv_rows((tmp / "target.csv").read_text())) == 3


def _aliases_output(tmp: Path) -> list:
    (tmp / "in.txt").write_bytes(SEED.read_bytes())
    (tmp / "minutes-aliases.toml").write_text("[people]\n")
    return ["decisions", str(tmp), "-o", str(tmp / "minutes-aliases.toml")]


def _check_no_formula(tmp: Path, result) -> None:
    cells = [c for row in csv_rows(result.stdout) for c in row.values()]
    assert "'=HYPERLINK(1).txt" in cells and "'=cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def _formula(tmp: Path, *extra: str) -> list:
    (tmp / "=HYPERLINK(1).txt").write_bytes(SEED.read_bytes())
    (tmp / "m.txt").write_text("Protokoll 2021-03-01\n\n## 1. =cmd|' /C calc'!A0\n\nBeslut: =1+2 antas.\n\n"
                               "Styrelsen beslutade att +anta budgeten.\n", encoding="utf-8")
    os.chdir(tmp)  # the file names as given start with '='
    return ["decisions", "=HYPERLINK(1).txt", "m.txt", "-f", "csv", *extra]


def _check_excel_text(tmp: Path, result) -> None:
    due = [r["due"] for r in csv_rows(result.stdout) if r["due"]]
    assert '="2021-06"' in due


CASES = [
    Case("non-UTF-8 name, -o", lambda t: _nonutf8(t, "-o", str(t / "out.csv")), 0, good=0,
         check=_check_nonutf8_out),
    Case("non-UTF-8 name, --excel -o", lambda t: _nonutf8(t, "--excel", "-o", str(t / "out.csv")), 0, good=0,
         check=_check_nonutf8_out),
    Case("non-UTF-8 name, to stdout", _nonutf8, 0,
         check=lambda t, r: [row["source"] for row in csv_rows(r.stdout)].count(str(t / "caf\\xe9.txt")) == 3),
    Case("non-UTF-8 name, extract -o", lambda t: ["extract", os.fsdecode(_nonutf8(t)[1].encode() + b"/caf\xe9.txt"),
                                                 "-o", str(t / "out.json")], 0, good=0,
         check=lambda t, r: json.loads((t / "out.json").read_text("utf-8"))[0]["source"].endswith("caf\\xe9.txt")),
    Case("zip bomb .docx, --max-file-size", lambda t: _with_good(t, zip_bomb(t / "bomb.docx", "word/document.xml",
                                                                             20 << 20)) + ["--max-file-size", "1M"],
         1, ["bomb.docx: unpacks to 20 MB, more than the size limit of 1 MB (--max-file-size)"]),
    Case("zip bomb .docx, default limits", lambda t: _with_good(t, zip_bomb(t / "bomb.docx", "word/document.xml",
                                                                            20 << 20)),
         1, [("bomb.docx: unpacks its part word/document.xml from", "more than 100 times its size: a zip bomb")]),
    Case("zip bomb .odt", lambda t: _with_good(t, zip_bomb(t / "bomb.odt", "content.xml", 20 << 20)),
         1, [("bomb.odt: unpacks its part content.xml from", "a zip bomb")]),
    Case("file over --max-file-size", _big_text, 1, ["big.txt: is 76 kB, more than the size limit of 10 kB "
                                                     "(--max-file-size); if it really is minutes, raise the limit"]),
    Case("a file that never ends, -j 1", lambda t: _slow(t, "1"), 1,
         ["slow.txt: took longer than the time limit of 0.3 s (--timeout-per-file)"], good=2,
         setup=slow_or_killed),
    Case("a file that never ends, -j 2", lambda t: _slow(t, "2"), 1,
         ["slow.txt: took longer than the time limit of 0.3 s (--timeout-per-file)"], good=2,
         setup=slow_or_killed),
    Case("a worker stuck where no signal gets in, -j 2", lambda t: _slow(t, "2"), 1,
         ["slow.txt: took longer than the time limit of 0.3 s (--timeout-per-file)"], good=2,
         setup=lambda mp: (slow_or_killed(mp, block_alarm=True), mp.setattr(archive, "KILL_GRACE", 0.2))),
    Case("extract: a file that never ends, -j 2", lambda t: _slow(t, "2", "extract"), 1,
         ["slow.txt: took longer than the time limit of 0.3 s (--timeout-per-file)"], good=0,
         setup=slow_or_killed, check=_extracted("good2.txt", "good.txt")),
    Case("extract: a worker killed, -j 2", _killed_extract, 1,
         ["kill-me.txt: the process reading it was killed (SIGKILL), perhaps for want of memory"], good=0,
         setup=slow_or_killed, check=_extracted("good0.txt", "good1.txt", "good2.txt")),
    Case("a worker killed (out of memory)", _killed, 1,
         ["kill-me.txt: the process reading it was killed (SIGKILL), perhaps for want of memory"], good=3,
         setup=slow_or_killed),
    Case("a file waiting behind a killed one is read by another worker", _killed_first, 1,
         ["a-kill-me.txt: the process reading it was killed (SIGKILL), perhaps for want of memory"], good=3,
         setup=slow_or_killed),
    Case("a FIFO named as a file", _fifo, 1, ["fifo.txt: is a named pipe (FIFO), not a file"]),
    Case("escape sequences in a file name", _escape_name, 1, ["x\\x1b[2J\\x1b[31mred.txt: is empty"]),
    Case("--grep that backtracks without end", _grep, 1, ["aaa.txt: --grep '(a|aa)+$|ö' took over "
                                                          "0.2 s"],
         setup=lambda mp: mp.setattr(archive, "GREP_TIMEOUT", 0.2)),
    Case("formula cells in csv", _formula, 0, good=0, check=_check_no_formula),
    Case("formula cells in --excel", lambda t: _formula(t, "--excel"), 0, good=0, check=_check_no_formula),
    Case("--excel keeps 2021-06 as text", lambda t: ["actions", str(SEED_DUE), "--excel"], 0, good=0,
         check=_check_excel_text),
    Case("-o onto a FIFO", lambda t: _output(t, os.mkfifo), 2, ["is a device, pipe or socket, not a regular file"],
         good=0, check=lambda t, r: stat.S_ISFIFO(os.lstat(t / "out.csv").st_mode) or pytest.fail("replaced")),
    Case("-o onto a read-only file", lambda t: _output(t, _read_only), 2,
         ["out.csv' is read-only; give --force to replace it (it stays read-only)"], good=0,
         check=_check_output_kept),
    Case("-o onto a read-only file, --force", lambda t: _output(t, _read_only, "--force"), 0, good=0,
         check=_check_read_only_replaced),
    Case("-o onto a symlink", lambda t: _output(t, _symlink), 0, good=0, check=_check_symlink),
    Case("-o onto an input", lambda t: _output(t, lambda p: None)[:3] + [str(t / "in.txt")], 2,
         ["is one of the input files; refusing to overwrite it"], good=0),
    Case("-o onto the aliases file", _aliases_output, 2, ["is the aliases file; refusing to overwrite it"],
         good=0, check=lambda t, r: (t / "minutes-aliases.toml").read_text() == "[people]\n" or pytest.fail()),
    Case("-f xlsx", lambda t: ["decisions", str(SEED), "-f", "xlsx"], 2,
         ["'xlsx' is not a format minutes writes; choose one of table, csv, tsv, json, jsonl, md"], good=0),
]


@POSIX
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_rows: int) -> None:
    monkeypatch.chdir(tmp_path)
    if case.setup is not None:
        case.setup(monkeypatch)
    args = case.build(tmp_path)
    started = time.monotonic()
    result = CliRunner(env=ENV).invoke(app, args)
    assert time.monotonic() - started < 5, "a limit did not stop the file in time"
    assert result.exit_code == case.exit, result.output
    errors = error_lines(result.stderr)
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert "\x1b" not in result.stderr and "\x1b" not in result.stdout
    if case.exit == 2:
        assert case.errors[0] in " ".join(result.stderr.split())
    else:
        wanted = [e if isinstance(e, tuple) else (e,) for e in case.errors]
        assert len(errors) == len(wanted) and all(f in line for w, line in zip(wanted, errors) for f in w), errors
    if case.good:
        sources = [r["source"] for r in csv_rows(result.stdout)]
        assert len([s for s in sources if "good" in s]) == case.good * good_rows
    if case.check is not None:
        assert case.check(tmp_path, result) is not False


def test_device_as_output_is_refused_and_left_a_device(tmp_path: Path) -> None:
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device here (needs root)")
    result = CliRunner(env=ENV).invoke(app, ["decisions", str(SEED), "-o", str(dev)])
    assert result.exit_code == 2
    assert "is a device, pipe or socket, not a regular file" in " ".join(result.stderr.split())
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_stream_writes_the_first_rows_before_the_last_file_is_read(tmp_path: Path, monkeypatch) -> None:
    for n in range(3):
        (tmp_path / f"m{n}.txt").write_bytes(SEED.read_bytes())
    parsed = []
    real = pipeline.parse_source_all
    monkeypatch.setattr(pipeline, "parse_source_all", lambda src, *a, **k: parsed.append(src.source) or real(src, *a, **k))
    rows = archive.query("decisions", [tmp_path], jobs=1, ordered=False)
    next(rows)
    assert len(parsed) == 1  # the first file's rows are out while the others wait
    rows = archive.query("decisions", [tmp_path], jobs=1)
    parsed.clear()
    next(rows)
    assert len(parsed) == 3  # sorted by date: every file first
    result = CliRunner(env=ENV).invoke(app, ["decisions", str(tmp_path), "--stream", "-j", "1", "-f", "csv"])
    assert result.exit_code == 0 and len(csv_rows(result.stdout)) == 9
    result = CliRunner(env=ENV).invoke(app, ["decisions", str(tmp_path), "--stream", "-f", "table"])
    assert result.exit_code == 2


def test_help_names_every_format_and_no_missing_doc() -> None:
    runner = CliRunner(env=ENV)
    text = runner.invoke(app, ["extract", "--help"]).stdout
    assert all(s in text for s in (".txt", ".md", ".docx", ".pdf", ".html", ".odt"))
    for command in ("extract", "decisions", "actions", "meetings", "people"):
        assert "docs/people.md" not in runner.invoke(app, [command, "--help"]).stdout


# ---------------------------------------------------------------- in a real process: signals, stdout

DRIVER = """
import os, sys, time
sys.argv[0] = 'minutes'
from minutes_cli import pipeline
real = pipeline.parse_source_all
def parse(src, *a, **k):
    if 'slow' in src.source:
        with open(os.environ['BUSY'], 'a') as fh:
            fh.write(f'{os.getpid()}\\n')
        time.sleep(60)
    return real(src, *a, **k)
pipeline.parse_source_all = parse
from minutes_cli.cli import main
main()
"""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -9)],
                         ids=["SIGTERM", "Ctrl-C", "kill -9"])
def test_signal_to_main_ends_every_worker_and_leaves_no_part(tmp_path: Path, sig, status) -> None:
    (tmp_path / "slow.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    busy = tmp_path / "busy"
    busy.write_text("")
    p = subprocess.Popen([sys.executable, "-c", DRIVER, "decisions", "-j", "2", str(tmp_path), "-o", str(out),
                          "--timeout-per-file", "0"], env={**os.environ, "BUSY": str(busy)},
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not busy.read_text().strip() and time.monotonic() < deadline:
            time.sleep(0.02)
        workers = [int(w) for w in Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()]
        assert len(workers) == 2 and int(busy.read_text()) in workers
        p.send_signal(sig)
        _, err = p.communicate(timeout=5)
    finally:
        p.kill()
    assert p.returncode == status
    assert b"Traceback" not in err
    deadline = time.monotonic() + 3
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers)), "a worker outlived the main process"
    assert out.read_text() == "old\n"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["busy", "good.txt", "out.csv", "slow.txt"]  # no .part


def minutes_process(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "minutes_cli", *args], capture_output=False, timeout=60,
                          stderr=subprocess.PIPE, text=True, **kw)


@POSIX
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", [["decisions", str(SEED)], ["extract", "-f", "json", str(SEED)]])
def test_stdout_on_a_full_disk_is_one_line(args) -> None:
    with open("/dev/full", "w") as full:
        p = minutes_process(*args, stdout=full)
    assert p.returncode == 1
    assert error_lines(p.stderr) == ["minutes: error: standard output cannot be written (No space left on device); "
                                     "the output is incomplete"]


@POSIX
@pytest.mark.parametrize("command", ["decisions", "extract"])
def test_stdout_closed_is_one_line(command: str) -> None:
    code = f"'{sys.executable}' -m minutes_cli {command} '{SEED}' >&-"
    p = subprocess.run(["sh", "-c", code], stderr=subprocess.PIPE, text=True, timeout=60)
    assert p.returncode == 1
    assert error_lines(p.stderr) == ["minutes: error: standard output is closed; give --output FILE, or redirect it "
                                     "to a file"]
