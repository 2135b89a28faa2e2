"""The `minutes` command as a user meets it: output, errors, exit codes."""
from __future__ import annotations

import json
import time
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli import parse_path
from minutes_cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed_000.txt"
SEED2 = FIXTURES / "seed_001.txt"
KEYS = ("schema_version", "source", "meeting", "participants", "items", "decisions", "actions")

# No colour and a known width, whatever the environment running the tests.
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb", "COLUMNS": "100"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=ENV)


def run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    return runner.invoke(app, list(args), input=input)


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_record(obj: dict, source: str | None = None) -> None:
    for key in KEYS:
        assert key in obj, f"missing key {key!r}"
    assert obj["schema_version"] == "1.0"
    if source is not None:
        assert obj["source"] == source


# ---------------------------------------------------------------- help and version


def test_help_lists_extract(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    assert "extract" in result.stdout


def test_extract_help_lists_options(runner: CliRunner) -> None:
    result = run(runner, "extract", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--reference-date", "--example", "--output", "--min-confidence"):
        assert option in result.stdout


def test_version(runner: CliRunner) -> None:
    from minutes_cli import __version__

    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"minutes {__version__}"


# ---------------------------------------------------------------- formats


def test_json_for_one_file(runner: CliRunner) -> None:
    result = run(runner, "extract", "--format", "json", str(SEED))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert_record(data[0], source=str(SEED))
    assert result.stderr == ""


def test_json_is_the_default_when_stdout_is_not_a_terminal(runner: CliRunner) -> None:
    result = run(runner, "extract", str(SEED))
    assert result.exit_code == 0
    assert_record(json.loads(result.stdout)[0])


def test_json_matches_the_library(runner: CliRunner) -> None:
    result = run(runner, "extract", "-f", "json", str(SEED))
    assert json.loads(result.stdout) == [_registered(parse_path(str(SEED))).to_dict()]


def _registered(m):
    """What extract prints for one file: the record with names made one per person."""
    from minutes_cli.people import apply_register, build_register

    return apply_register(m, build_register([m]))


def test_json_keeps_swedish_letters_unescaped(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "möte.txt"
    doc.write_text("Protokoll för styrgruppen\n\nBeslut: Dagordningen godkändes.\n", encoding="utf-8")
    result = run(runner, "extract", "-f", "json", str(doc))
    assert result.exit_code == 0
    assert "möte.txt" in result.stdout and "\\u00f6" not in result.stdout


def test_jsonl_gives_one_object_per_line(runner: CliRunner) -> None:
    result = run(runner, "extract", "--format", "jsonl", str(SEED), str(SEED2))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == [str(SEED), str(SEED2)]
    for r in records:
        assert_record(r)


def test_two_files_give_a_list_of_two_in_order(runner: CliRunner) -> None:
    result = run(runner, "extract", "-f", "json", str(SEED), str(SEED2))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [str(SEED), str(SEED2)]


def test_format_is_case_insensitive(runner: CliRunner) -> None:
    result = run(runner, "extract", "-f", "JSONL", str(SEED))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_view_names_the_file_and_shows_the_sections(runner: CliRunner) -> None:
    result = run(runner, "extract", "--format", "view", str(SEED))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "seed_000.txt" in out
    assert "Participants" in out and "Agenda items" in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_view_shows_what_the_record_holds(runner: CliRunner) -> None:
    """Whatever extraction finds, the view shows it: date, times, items, lines."""
    record = parse_path(str(SEED))
    out = run(runner, "extract", "-f", "view", str(SEED)).stdout
    m = record.meeting
    for value in (m.date, m.start, m.end, m.chair, m.minutes_taker):
        if value:
            assert value in out
    for person in record.participants:
        assert person.name in out
    for item in record.items:
        assert item.title.split()[0] in out
    for d in record.decisions:
        assert f"L{d.line}" in out


def test_example_runs_on_a_fresh_install(runner: CliRunner) -> None:
    result = run(runner, "extract", "--example", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 1
    assert_record(data[0])
    assert data[0]["source"].endswith("exempel.txt")


def test_example_in_the_view(runner: CliRunner) -> None:
    result = run(runner, "extract", "--example", "-f", "view")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "exempel.txt" in out
    assert "2023-03-14" in out  # the meeting date, from "Tisdagen den 14 mars 2023"
    assert "Participants" in out and "Agenda items" in out
    assert "Eva Lindqvist" in out


def test_example_with_a_file_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "extract", "--example", str(SEED))
    assert result.exit_code == 2
    assert result.stdout == ""


def test_extract_min_confidence_drops_records_below_it(runner: CliRunner) -> None:
    full = json.loads(run(runner, "extract", "-f", "json", str(SEED)).stdout)[0]
    confidences = sorted({d["confidence"] for d in full["decisions"]} | {a["confidence"] for a in full["actions"]})
    cut = confidences[len(confidences) // 2]
    kept = json.loads(run(runner, "extract", "-f", "json", "--min-confidence", str(cut), str(SEED)).stdout)[0]
    assert kept["decisions"] == [d for d in full["decisions"] if d["confidence"] >= cut]
    assert kept["actions"] == [a for a in full["actions"] if a["confidence"] >= cut]
    assert len(kept["decisions"]) + len(kept["actions"]) < len(full["decisions"]) + len(full["actions"])
    assert kept["participants"] == full["participants"]
    assert run(runner, "extract", "--min-confidence", "-0.1", str(SEED)).exit_code == 2


def _finishes_last(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file whose name ends with `name` takes 0.3 s more to parse (forked workers inherit this)."""
    from minutes_cli import pipeline

    real = pipeline.parse_source_all

    def slow(src, *args, **kw):
        if src.source.endswith(name):
            time.sleep(0.3)
        return real(src, *args, **kw)

    monkeypatch.setattr(pipeline, "parse_source_all", slow)


def test_extract_in_parallel_gives_what_one_process_gives_in_the_order_named(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`extract -j 2` parses in worker processes; its records (one name per person across the files, as
    ever) and its error lines are those of `-j 1`, in the order the files were named, though the first file
    finishes last here, one file is named twice and one is missing."""
    _finishes_last(monkeypatch, "seed_000.txt")
    names = [str(SEED), str(SEED2), str(tmp_path / "missing.txt"), str(FIXTURES / "seed_003.txt"), str(SEED2)]
    serial, parallel = (run(runner, "extract", "-f", "json", "-j", jobs, *names) for jobs in ("1", "2"))
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stdout == serial.stdout and parallel.stderr == serial.stderr
    assert [Path(r["source"]).name for r in json.loads(parallel.stdout)] == \
        ["seed_000.txt", SEED2.name, "seed_003.txt", SEED2.name]
    assert stderr_lines(parallel) == [f"minutes: error: {tmp_path / 'missing.txt'}: no such file; check the path"]


def test_the_people_register_is_the_same_whatever_order_workers_finish_in(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`minutes people -j 2` gives what `-j 1` gives though the first file finishes last: Karin Holm is listed
    once with each of two organisations, and the one met first in the files' order comes first."""
    for name, org in (("a.md", "Vindelns"), ("b.md", "Umeå")):
        (tmp_path / name).write_text(f"Protokoll fört vid styrelsemöte 2024-0{len(org) - 4}-01\n\nNärvarande:\n\n"
                                     f"- Karin Holm, {org} kommun\n- Per Ek, Umeå kommun\n\n## 1. Öppnande\n\n"
                                     "Ordföranden öppnade mötet.\n", encoding="utf-8")
    _finishes_last(monkeypatch, "a.md")
    serial, parallel = (run(runner, "people", str(tmp_path), "-f", "json", "--no-db", "-j", jobs) for jobs in "12")
    assert parallel.exit_code == serial.exit_code == 0 and parallel.stdout == serial.stdout
    karin = next(p for p in json.loads(parallel.stdout) if p["name"] == "Karin Holm")
    assert karin["organisations"] == ["Vindeln", "Umeå"]


def test_a_few_small_files_are_parsed_without_workers(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers take longer to start than a few small files take to parse: by default, files of less than
    archive.SMALL_INPUT bytes in all are parsed in this process; more of them, or --jobs given, start workers."""
    from minutes_cli import archive

    started: list[int] = []
    real = archive._pooled

    def pooled(files, spec, jobs):
        started.append(jobs)
        return real(files, spec, jobs)

    monkeypatch.setattr(archive, "_pooled", pooled)
    monkeypatch.setattr(archive, "default_jobs", lambda: 2)  # as on two cores, wherever the test runs
    names = [str(SEED), str(SEED2)]
    assert run(runner, "extract", "-f", "json", *names).exit_code == 0
    assert run(runner, "decisions", "-f", "csv", "--no-db", *names).exit_code == 0
    assert started == []
    assert run(runner, "extract", "-f", "json", "-j", "2", *names).exit_code == 0 and started == [2]
    monkeypatch.setattr(archive, "SMALL_INPUT", SEED.stat().st_size + 1)  # the two files hold more than this
    assert run(runner, "extract", "-f", "json", *names).exit_code == 0 and started == [2, 2]


def test_extract_output_writes_the_file_atomically(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "register.jsonl"
    result = run(runner, "extract", str(SEED), str(SEED2), "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    lines = target.read_text(encoding="utf-8").splitlines()  # jsonl, from the suffix
    assert [json.loads(x)["source"] for x in lines] == [str(SEED), str(SEED2)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.jsonl"]


def test_extract_output_is_left_as_it_was_when_writing_fails(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import minutes_cli.output.export as export

    target = tmp_path / "register.json"
    target.write_text("[]\n", encoding="utf-8")

    def disk_full(records, stream):
        stream.write("[\n  {")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "to_json", disk_full)
    result = run(runner, "extract", "-f", "json", str(SEED), "-o", str(target))
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"minutes: error: {target}: cannot be written (No space left on device); "
                                    "it was left as it was"]
    assert target.read_text(encoding="utf-8") == "[]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.json"]


def test_extract_refuses_to_overwrite_an_input(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "möte.txt"
    doc.write_bytes(SEED.read_bytes())
    result = run(runner, "extract", str(doc), "-o", str(doc))
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr
    assert doc.read_bytes() == SEED.read_bytes()


# ---------------------------------------------------------------- standard input


def test_dash_reads_standard_input_as_bytes(runner: CliRunner) -> None:
    data = SEED.read_bytes()
    result = run(runner, "extract", "-f", "json", "-", input=data)
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert_record(record, source="<stdin>")
    # the same record as from the file, but named <stdin> (also in the warnings)
    from_file = json.dumps(_registered(parse_path(str(SEED))).to_dict(), ensure_ascii=False)
    assert record == json.loads(from_file.replace(json.dumps(str(SEED))[1:-1], "<stdin>"))


def test_no_file_reads_piped_standard_input(runner: CliRunner) -> None:
    result = run(runner, "extract", "-f", "jsonl", input=SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_cp1252_standard_input_is_read_with_a_warning(runner: CliRunner) -> None:
    data = "Protokoll\n\nNärvarande\nÅsa Öberg, Region\n".encode("cp1252")
    result = run(runner, "extract", "-f", "json", "-", input=data)
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert any("Windows-1252" in w for w in record["warnings"])


def test_empty_standard_input_fails(runner: CliRunner) -> None:
    result = run(runner, "extract", "-", input=b"")
    assert result.exit_code == 1
    assert stderr_lines(result) == ["minutes: error: <stdin>: is empty; there are no minutes to read"]


# ---------------------------------------------------------------- errors


def assert_one_error_naming(result, name: str) -> None:
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("minutes: error: ")
    assert name in lines[0]
    assert "Traceback" not in result.output


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "finns-inte.txt")
    result = run(runner, "extract", missing)
    assert result.exit_code == 1
    assert_one_error_naming(result, missing)
    assert "no such file" in result.stderr


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "extract", str(tmp_path))
    assert result.exit_code == 1
    assert_one_error_naming(result, str(tmp_path))
    assert "directory" in result.stderr


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "protokoll.docx"
    doc.write_bytes(b"PK\x03\x04\x00\x00\x00binary\x00\x00data")
    result = run(runner, "extract", str(doc))
    assert result.exit_code == 1
    assert_one_error_naming(result, str(doc))
    assert "binary" in result.stderr


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "tom.txt"
    doc.write_text("  \n\n", encoding="utf-8")
    result = run(runner, "extract", str(doc))
    assert result.exit_code == 1
    assert_one_error_naming(result, str(doc))
    assert "empty" in result.stderr


def test_good_file_is_still_written_when_another_fails(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "saknas.txt")
    result = run(runner, "extract", "-f", "json", missing, str(SEED))
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # still a valid JSON list
    assert [d["source"] for d in data] == [str(SEED)]
    assert_one_error_naming(result, missing)


def test_every_failing_file_gets_its_own_line(runner: CliRunner, tmp_path: Path) -> None:
    a, b = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    result = run(runner, "extract", "-f", "jsonl", a, str(SEED), b)
    assert result.exit_code == 1
    lines = stderr_lines(result)
    assert len(lines) == 2 and a in lines[0] and b in lines[1]
    assert len(result.stdout.splitlines()) == 1


def test_all_files_failing_still_prints_valid_json(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "extract", "-f", "json", str(tmp_path / "x.txt"))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_internal_error_names_the_file_and_goes_on(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import minutes_cli.pipeline as pipeline

    real = pipeline.parse_path_all

    def flaky(path, reference_date=None, **kw):
        if str(path).endswith("seed_000.txt"):
            raise ZeroDivisionError("division by zero")
        return real(path, reference_date=reference_date, **kw)

    monkeypatch.setattr(pipeline, "parse_path_all", flaky)
    result = run(runner, "extract", "-f", "json", str(SEED), str(SEED2))
    assert result.exit_code == 1
    assert [d["source"] for d in json.loads(result.stdout)] == [str(SEED2)]
    assert_one_error_naming(result, str(SEED))
    assert "internal error" in result.stderr and "please report" in result.stderr


def test_reference_date_is_passed_to_the_library(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime

    import minutes_cli.pipeline as pipeline

    seen = []
    real = pipeline.parse_path_all

    def spy(path, reference_date=None, **kw):
        seen.append(reference_date)
        return real(path, reference_date=reference_date, **kw)

    monkeypatch.setattr(pipeline, "parse_path_all", spy)
    result = run(runner, "extract", "--reference-date", "2023-03-14", str(SEED))
    assert result.exit_code == 0
    assert seen == [datetime.date(2023, 3, 14)]


@pytest.mark.parametrize("bad", ["2023-13-01", "14 mars 2023", "20230314", "igår"])
def test_bad_reference_date_is_a_usage_error(runner: CliRunner, bad: str) -> None:
    result = run(runner, "extract", "--reference-date", bad, str(SEED))
    assert result.exit_code == 2
    assert "--reference-date" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    result = run(runner, "extract", "--format", "xml", str(SEED))
    assert result.exit_code == 2
    assert result.stdout == ""


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    assert run(runner, "extract", "--nope", str(SEED)).exit_code == 2


# ---------------------------------------------------------------- as a real process


def minutes_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "minutes_cli", *args]


def test_python_m_minutes_cli_help() -> None:
    p = subprocess.run(minutes_cmd("--help"), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0
    assert "extract" in p.stdout


def test_process_exit_codes_and_streams(tmp_path: Path) -> None:
    missing = str(tmp_path / "saknas.txt")
    p = subprocess.run(minutes_cmd("extract", str(SEED), missing), capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert json.loads(p.stdout)[0]["source"] == str(SEED)  # json by default when piped
    assert p.stderr.strip().splitlines() == [f"minutes: error: {missing}: no such file; check the path"]


@pytest.mark.skipif(os.name != "posix", reason="SIGPIPE and sh are POSIX")
def test_closed_pipe_ends_quietly() -> None:
    files = " ".join([f"'{SEED}'"] * 300)  # more than a pipe buffer holds
    cmd = f"'{sys.executable}' -m minutes_cli extract -f json {files} | head -n 1"
    p = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0
    assert len(p.stdout.splitlines()) == 1
    assert p.stderr == ""


@pytest.mark.skipif(os.name != "posix", reason="SIGINT as Ctrl-C sends it")
def test_ctrl_c_exits_130_quietly() -> None:
    import signal

    p = subprocess.Popen(
        minutes_cmd("extract", "-f", "json", "-"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(1.5)  # running, and waiting for standard input
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 130
    assert err == b""


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_no_file_on_a_terminal_is_a_usage_error() -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        p = subprocess.run(minutes_cmd("extract"), stdin=terminal, capture_output=True, text=True, timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    assert p.returncode == 2
    assert p.stdout == ""
    assert "no FILE given" in p.stderr and "terminal" in p.stderr


def _modules_after(code: str) -> set[str]:
    p = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(p.stdout))


def test_importing_the_cli_does_not_import_rich() -> None:
    loaded = _modules_after("import minutes_cli.cli")
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}
    assert "click" not in loaded  # Typer's own copy only
    assert "minutes_cli.output.view" not in loaded and "minutes_cli.output.export" not in loaded


def test_importing_the_cli_does_not_import_the_pipeline() -> None:
    loaded = _modules_after("import minutes_cli.cli")
    assert "minutes_cli.pipeline" not in loaded
    assert "minutes_cli.archive" not in loaded
    assert "concurrent.futures" not in loaded and "multiprocessing" not in loaded


def test_help_is_fast() -> None:
    """`minutes --help` loads no heavy module; a generous bound, for slow CI machines."""
    import time

    start = time.perf_counter()
    p = subprocess.run(minutes_cmd("--help"), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0
    assert time.perf_counter() - start < 2.0


# ---------------------------------------------------------------- documentation

ROOT = Path(__file__).parent.parent


def _commands_and_options() -> dict[str, list[str]]:
    """Every command of the Typer app (with "" for the tool itself) and its long options."""
    from typer.main import get_command

    root = get_command(app)
    out = {"": [o for p in root.params for o in getattr(p, "opts", []) if o.startswith("--")]}
    for name, cmd in root.commands.items():
        out[name] = [o for p in cmd.params for o in getattr(p, "opts", []) if o.startswith("--")]
    return out


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands_and_options()
    assert {"extract", "decisions", "actions", "meetings"} <= set(commands)
    missing = []
    for name, options in commands.items():
        if name and f"`minutes {name}" not in readme:
            missing.append(f"the command {name}")
        missing += [f"{opt} of {name or 'minutes'}" for opt in options if opt != "--help" and f"`{opt}" not in readme]
    assert not missing, f"README.md does not document {missing}"


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for name in _commands_and_options():
        result = run(runner, *([name] if name else []), "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"minutes {name} --help shows no example"
        assert f"minutes {name}".strip() in result.stdout.split("Example", 1)[1]


def test_shell_completion_is_offered_and_completes_commands_and_formats() -> None:
    help_text = subprocess.run(minutes_cmd("--help"), capture_output=True, text=True, timeout=60).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text

    def complete(words: str, cword: int) -> list[str]:
        env = {**os.environ, "_MINUTES_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        # the completion protocol keys on the program name, as the console script `minutes` runs it
        code = "import sys; sys.argv[0] = 'minutes'; from minutes_cli.cli import main; main()"
        p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        return p.stdout.split()

    assert "decisions" in complete("minutes dec", 1)
    assert complete("minutes decisions --format ", 3) == ["table", "csv", "tsv", "json", "jsonl", "md"]
    assert "--owner" in complete("minutes actions --ow", 2)


def test_schema_doc_names_every_key() -> None:
    from minutes_cli.model import Action, Decision, Item, Meeting, Minutes, NextMeeting, Participant

    full = Minutes(
        source="x.txt",
        meeting=Meeting(next_meeting=NextMeeting("2023-05-09", "09:00", "11:00", "Nästa möte", 3)),
        participants=(Participant("Eva Ek", "Eva Ek", "present"),),
        items=(Item("i1", "1", "Öppnande", 1, 2),),
        decisions=(Decision("d1", "Beslut: ja.", "decision", "Beslut:", 0.9, "i1", 2, 2),),
        actions=(Action("a1", "Eva återkommer.", ("Eva Ek",), ("Eva",), None, None, "återkommer", 0.8, "i1", 2, 2),),
    ).to_dict()
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")

    def keys(obj):
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield k
                yield from keys(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from keys(v)

    missing = sorted({k for k in keys(full) if f"`{k}`" not in doc})
    assert not missing, f"docs/schema.md does not describe {missing}"
    assert f'`"{full["schema_version"]}"`' in doc or f"schema {full['schema_version']}" in doc


# ---------------------------------------------------------------- the view, on a record made by hand


def test_view_layout_of_a_full_record() -> None:
    import io

    from minutes_cli.output import view
    from minutes_cli.model import Action, Decision, Item, Meeting, Minutes, NextMeeting, Participant

    record = Minutes(
        source="möte.txt",
        meeting=Meeting(
            title="Styrgruppsmöte",
            date="2023-03-14",
            date_source="text",
            start="09:00",
            end="11:00",
            place="Lärken",
            chair="Eva Ek",
            minutes_taker="Per Lund",
            next_meeting=NextMeeting("2023-05-09", "09:00", "11:00", "Nästa möte den 9 maj", 40),
            line=3,
        ),
        participants=(
            Participant("Eva Ek", "Eva Ek", "present", "Norrbäcke kommun", "chair", None, 6),
            Participant("Ola Berg", "Ola Berg", "guest", "Länsstyrelsen", None, "punkt 2", 8),
            Participant("Ida Sund", "Ida Sund", "absent", "Polisen", None, None, 10),
        ),
        items=(Item("i1", "1", "Budget [utkast]", 12, 20), Item("i2", "§ 12", "Val av justerare", 21, 25)),
        decisions=(
            Decision("d1", "Styrgruppen beslutade att anta budgeten.", "decision", "beslutade", 0.9, "i1", 12, 14),
            Decision("d2", "Dagordningen godkändes.", "approval", "godkändes", 0.85, None, 5, 5),
        ),
        actions=(
            Action("a1", "Eva återkommer i maj.", ("Eva Ek",), ("Eva",), "2023-05", "i maj", "återkommer", 0.8, "i1", 15, 15),
            Action("a2", "Alla läser planen.", (), (), None, None, "läser", 0.5, None, 30, 31),
        ),
        warnings=("möte.txt: 'Roger' could be any of two people; kept as written",),
    )
    out = io.StringIO()
    assert view.render([record], out) == 1
    text = out.getvalue()

    def in_order(*parts: str) -> None:
        pos = 0
        for part in parts:
            found = text.find(part, pos)
            assert found >= 0, f"{part!r} not found after position {pos} in the view:\n{text}"
            pos = found + len(part)

    # header, then people by status, then items with their entries, then the rest, then warnings
    in_order("möte.txt", "Styrgruppsmöte", "2023-03-14", "09:00\u201311:00", "Lärken", "Eva Ek", "Per Lund", "2023-05-09")
    in_order("Present (1)", "Eva Ek", "Norrbäcke kommun, chair", "Guests (1)", "Ola Berg", "punkt 2", "Absent (1)", "Ida Sund")
    in_order("Agenda items (2)", "1. Budget [utkast]", "L12-20", "[decision]", "Styrgruppen beslutade", "L12-14",
             "Eva Ek", "due 2023-05", "Eva återkommer i maj.", "§ 12 Val av justerare", "L21-25")
    in_order("§ 12 Val av justerare", "Outside any agenda item", "Dagordningen godkändes.", "L5",
             "no owner named", "Alla läser planen.", "Warnings", "'Roger' could be any")


def test_view_of_an_empty_record_says_nothing_was_found() -> None:
    import io

    from minutes_cli.output import view
    from minutes_cli.model import Minutes

    out = io.StringIO()
    view.render([Minutes(source="tom.txt")], out)
    text = out.getvalue()
    assert "tom.txt" in text and "not stated" in text and "none found" in text
    assert "No decisions or action items found." in text
