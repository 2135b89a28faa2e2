"""`minutes decisions|actions|meetings`: filters, formats, exit codes, stdin, output files, order.

The expected rows are computed from the library (`parse_path`) on the seed
minutes (tests/fixtures/seed_00N.txt, copies of ../shared/corpus/seeds), so
these tests check the query layer, not extraction quality.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli import archive, parse_path
from minutes_cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FILES = sorted(FIXTURES.glob("seed_00*.txt"))
SHARED_SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seeds"
RECORD_COLUMNS = ["date", "body", "item_number", "item_title", "text", "kind", "owners", "due", "confidence",
                  "source", "line"]
MEETING_COLUMNS = ["date", "title", "place", "start", "end", "chair", "minutes_taker", "present", "absent", "items",
                   "decisions", "actions", "source"]
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb", "COLUMNS": "200", "MINUTES_ARCHIVE": None}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=ENV)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A folder holding the five seed minutes and nothing else."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for f in SEED_FILES:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def records() -> dict:
    """file name -> Minutes, from the library."""
    return {f.name: parse_path(f) for f in SEED_FILES}


def run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def csv_rows(text: str, delimiter: str = ",") -> list[dict]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    assert reader.fieldnames is not None
    return rows


def header(text: str, delimiter: str = ",") -> list[str]:
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def texts(rows: list[dict]) -> list[str]:
    return [r["text"] for r in rows]


def expected_decisions(records: dict, keep=lambda m: True) -> list[str]:
    ordered = sorted(records.items(), key=lambda kv: (kv[1].meeting.date is None, kv[1].meeting.date or "", kv[0]))
    return [d.text for _, m in ordered if keep(m) for d in m.decisions]


# ---------------------------------------------------------------- the issue's own checks, on the seeds


def test_decisions_since_2020_are_those_of_the_four_later_meetings(runner, seeds, records) -> None:
    result = run(runner, "decisions", seeds, "--since", "2020", "--format", "csv", "-j", "1")
    assert result.exit_code == 0, result.output
    assert header(result.stdout) == RECORD_COLUMNS
    rows = csv_rows(result.stdout)
    assert texts(rows) == expected_decisions(records, lambda m: m.meeting.date >= "2020")
    assert {r["date"] for r in rows} == {m.meeting.date for m in records.values() if m.meeting.date >= "2020"}
    assert len({r["date"] for r in rows}) == 4
    assert not [r for r in rows if r["date"].startswith("2019")]


def test_decisions_until_2019_are_the_reverse(runner, seeds, records) -> None:
    result = run(runner, "decisions", seeds, "--until", "2019", "-f", "csv", "-j", "1")
    assert result.exit_code == 0
    rows = csv_rows(result.stdout)
    assert texts(rows) == expected_decisions(records, lambda m: m.meeting.date <= "2019-12-31")
    assert {r["date"] for r in rows} == {"2019-02-15"}
    since = csv_rows(run(runner, "decisions", seeds, "--since", "2020", "-j", "1").stdout)
    everything = csv_rows(run(runner, "decisions", seeds, "-j", "1").stdout)
    assert len(rows) + len(since) == len(everything)


def test_actions_of_erika_as_json_with_due_dates(runner, seeds, records) -> None:
    result = run(runner, "actions", seeds, "--owner", "Erika", "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    want = [(m.meeting.date, a.text, a.due) for m in sorted(records.values(), key=lambda m: m.meeting.date)
            for a in m.actions if any("Erika" in o for o in (*a.owners, *a.owners_raw))]
    assert [(r["date"], r["text"], r["due"]) for r in rows] == want
    assert rows and all("Erika Lagergren" in r["owners"] for r in rows)
    from_2021 = [r for r in rows if r["date"].startswith("2021")]
    assert from_2021 and any(r["due"] for r in from_2021)
    assert {"2022-02-04", "2021-12"} <= {r["due"] for r in from_2021}


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="needs ../shared/corpus/seeds beside the repository")
@pytest.mark.skipif(os.name != "posix", reason="sh and wc")
def test_in_the_seeds_folder_wc_counts_decisions_plus_a_header(records) -> None:
    minutes = Path(sys.executable).parent / "minutes"
    cmd = f"'{minutes}' decisions --since 2020 | wc -l" if minutes.exists() else \
        f"'{sys.executable}' -m minutes_cli decisions --since 2020 | wc -l"
    p = subprocess.run(["sh", "-c", cmd], cwd=SHARED_SEEDS, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "MINUTES_ARCHIVE": ""})
    assert p.stderr == ""
    assert int(p.stdout.strip()) == len(expected_decisions(records, lambda m: m.meeting.date >= "2020")) + 1


# ---------------------------------------------------------------- filters


def test_since_and_until_are_inclusive_and_take_months_and_days(runner, seeds, records) -> None:
    def dates(*args):
        out = run(runner, "meetings", seeds, "-f", "csv", "-j", "1", *args).stdout
        return [r["date"] for r in csv_rows(out)]

    assert dates("--since", "2020-09-04", "--until", "2021-04-09") == ["2020-09-04", "2021-04-09"]
    assert dates("--since", "2020-09") == ["2020-09-04", "2021-04-09", "2021-11-05"]
    assert dates("--until", "2020-04") == ["2019-02-15", "2020-04-03"]
    assert dates("--since", "2021", "--until", "2021") == ["2021-04-09", "2021-11-05"]
    assert dates("--since", "2022") == []


def test_undated_records_are_left_out_by_a_date_filter_with_a_note(runner, seeds) -> None:
    (seeds / "odaterad.txt").write_text("Anteckningar\n\nBeslut: Vi beslutade att köpa kaffe.\n", encoding="utf-8")
    plain = run(runner, "decisions", seeds, "-j", "1")
    assert plain.exit_code == 0 and plain.stderr == ""
    assert csv_rows(plain.stdout)[-1]["date"] == ""  # included, last, without a date filter
    filtered = run(runner, "decisions", seeds, "--since", "2019", "-j", "1")
    assert filtered.exit_code == 0
    assert "köpa kaffe" not in filtered.stdout
    assert filtered.stderr.strip() == "minutes: note: 1 decision left out by --since/--until: the meeting has no known date"


def test_grep_is_a_case_insensitive_regex_over_the_text(runner, seeds, records) -> None:
    result = run(runner, "decisions", seeds, "--grep", "HANDLINGSPLAN(EN)?", "-j", "1")
    assert result.exit_code == 0
    rows = csv_rows(result.stdout)
    want = [t for t in expected_decisions(records) if re.search("handlingsplan", t, re.I)]
    assert rows and texts(rows) == want


def test_grep_on_meetings_searches_titles_items_and_records(runner, seeds) -> None:
    rows = csv_rows(run(runner, "meetings", seeds, "--grep", "digitalplattform", "-j", "1").stdout)
    assert [r["date"] for r in rows] == ["2021-11-05"]


def test_item_by_number_and_by_title(runner, seeds, records) -> None:
    by_number = csv_rows(run(runner, "decisions", seeds, "--item", "6", "-j", "1").stdout)
    assert by_number and {r["item_number"] for r in by_number} == {"6"}
    by_title = csv_rows(run(runner, "actions", seeds, "--item", "digitalplattform", "-j", "1").stdout)
    assert by_title and all("digitalplattform" in r["item_title"].lower() for r in by_title)


def test_owner_matches_whole_words_case_insensitively(runner, seeds) -> None:
    def owners(name):
        return [r["owners"] for r in csv_rows(run(runner, "actions", seeds, "--owner", name, "-j", "1").stdout)]

    assert owners("erika") == owners("Erika Lagergren") == owners("ERIKA  lagergren")
    assert owners("Erika")
    assert owners("Lager") == []  # part of a word is not a name
    assert owners("Magnus Frithiof") and all("Magnus Frithiof" in o for o in owners("Magnus Frithiof"))


def test_a_query_through_the_register_reads_each_file_once(runner, seeds, monkeypatch) -> None:
    """`--owner` (or an aliases file) needs one name per person across the archive: the register is built
    from the records the query's rows come from, not from a pass of its own over the files; `--stream`
    then gives each file's rows in the order of the files."""
    from minutes_cli import pipeline

    parsed: list[str] = []
    real = pipeline.parse_source_all

    def counted(src, *args, **kw):
        parsed.append(src.source)
        return real(src, *args, **kw)

    monkeypatch.setattr(pipeline, "parse_source_all", counted)
    rows = csv_rows(run(runner, "actions", seeds, "--owner", "Erika", "-j", "1", "--no-db").stdout)
    assert rows and sorted(parsed) == sorted(set(parsed)) and len(parsed) == len(list(seeds.iterdir()))
    streamed = csv_rows(run(runner, "actions", seeds, "--owner", "Erika", "-j", "1", "--no-db", "--stream").stdout)
    assert sorted(map(str, streamed)) == sorted(map(str, rows))
    assert [r["source"] for r in streamed] == sorted((r["source"] for r in streamed), key=lambda s: s.split("/")[-1])


def test_due_before_counts_a_month_by_its_last_day(runner, seeds, records) -> None:
    rows = json.loads(run(runner, "actions", seeds, "--due-before", "2022", "-f", "json", "-j", "1").stdout)
    dues = [r["due"] for r in rows]
    assert dues and None not in dues
    assert "2021-12" in dues and "2022-02-04" not in dues
    assert all(archive.due_end(d) < "2022-01-01" for d in dues)
    dec = json.loads(run(runner, "actions", seeds, "--due-before", "2021-12-15", "-f", "json", "-j", "1").stdout)
    assert "2021-12" not in [r["due"] for r in dec]  # December may end after the 15th


def test_min_confidence_drops_records_below_it(runner, seeds, records) -> None:
    everything = json.loads(run(runner, "decisions", seeds, "-f", "json", "-j", "1").stdout)
    cut = sorted({r["confidence"] for r in everything})[1]
    kept = json.loads(run(runner, "decisions", seeds, "-f", "json", "-j", "1", "--min-confidence", cut).stdout)
    assert kept and len(kept) < len(everything)
    assert kept == [r for r in everything if r["confidence"] >= cut]


# ---------------------------------------------------------------- formats


def test_csv_is_the_default_when_piped_and_follows_rfc_4180(runner, seeds, records) -> None:
    result = run(runner, "actions", seeds, "-j", "1")
    assert result.exit_code == 0
    out = result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF
    assert out.startswith(",".join(RECORD_COLUMNS) + "\r\n")
    assert out.endswith("\r\n")
    rows = csv_rows(out)
    assert len(rows) == sum(len(m.actions) for m in records.values())
    several = [r for r in rows if ";" in r["owners"]]
    assert several and all("; " in r["owners"] for r in several)
    assert all(r["kind"] == "" for r in rows)


def test_tsv(runner, seeds) -> None:
    out = run(runner, "decisions", seeds, "-f", "tsv", "-j", "1").stdout
    lines = out.splitlines()
    assert lines[0].split("\t") == RECORD_COLUMNS
    assert all(len(line.split("\t")) == len(RECORD_COLUMNS) for line in lines)


def test_json_rows_have_the_columns_the_id_and_the_schema_version(runner, seeds) -> None:
    rows = json.loads(run(runner, "decisions", seeds, "-f", "json", "-j", "1").stdout)
    assert rows
    for r in rows:
        assert list(r) == ["schema_version", *RECORD_COLUMNS, "id"]
        assert r["schema_version"] == archive.ROW_SCHEMA_VERSION
        assert isinstance(r["line"], int) and isinstance(r["confidence"], float)
        assert r["owners"] is None and r["kind"]
        assert re.fullmatch(r"d\d+", r["id"])


def test_jsonl_is_one_object_per_line_like_json(runner, seeds) -> None:
    as_json = json.loads(run(runner, "actions", seeds, "-f", "json", "-j", "1").stdout)
    out = run(runner, "actions", seeds, "-f", "jsonl", "-j", "1").stdout
    assert [json.loads(line) for line in out.splitlines()] == as_json
    assert all(isinstance(r["owners"], list) for r in as_json)


def test_meetings_rows(runner, seeds, records) -> None:
    out = run(runner, "meetings", seeds, "-j", "1").stdout
    assert header(out) == MEETING_COLUMNS
    rows = csv_rows(out)
    assert [r["date"] for r in rows] == sorted(m.meeting.date for m in records.values())
    for r in rows:
        m = records[Path(r["source"]).name]
        assert r["chair"] == (m.meeting.chair or "")
        assert int(r["decisions"]) == len(m.decisions) and int(r["actions"]) == len(m.actions)
        assert int(r["items"]) == len(m.items)
        assert int(r["absent"]) == sum(p.status == "absent" for p in m.participants)


def test_markdown_table(runner, seeds) -> None:
    out = run(runner, "meetings", seeds, "-f", "md", "-j", "1").stdout
    lines = out.splitlines()
    assert lines[0] == "| " + " | ".join(MEETING_COLUMNS) + " |"
    assert set(lines[1]) <= {"|", "-"}
    assert len(lines) == 2 + len(SEED_FILES)
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:])


def test_markdown_escapes_pipes() -> None:
    from minutes_cli.output import export

    out = io.StringIO()
    export.to_markdown([{"a": "x | y", "b": "rad 1\nrad 2"}], ["a", "b"], out)
    assert out.getvalue().splitlines()[2] == "| x \\| y | rad 1 rad 2 |"


def test_table_format(runner, seeds) -> None:
    result = run(runner, "decisions", seeds, "-f", "table", "-j", "1")
    assert result.exit_code == 0
    out = result.stdout
    assert "Date" in out and "Decision" in out and "2021-11-05" in out
    assert re.search(r"\d+ decisions", out)
    assert "\x1b[" not in out


def test_excel_csv_has_a_bom_semicolons_and_decimal_commas(runner, seeds, tmp_path) -> None:
    target = tmp_path / "beslut.csv"
    result = run(runner, "decisions", seeds, "--excel", "-o", target, "-j", "1")
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate;body;item_number;")
    text = data.decode("utf-8-sig")
    rows = csv_rows(text, delimiter=";")
    assert rows and all(re.fullmatch(r"[01](,\d+)?", r["confidence"]) for r in rows)
    assert "ä" in text  # UTF-8, not escaped


def test_excel_with_another_format_is_a_usage_error(runner, seeds) -> None:
    result = run(runner, "decisions", seeds, "--excel", "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize("suffix,check", [
    (".json", lambda t: isinstance(json.loads(t), list)),
    (".jsonl", lambda t: all(json.loads(x) for x in t.splitlines())),
    (".tsv", lambda t: "\t" in t.splitlines()[0]),
    (".md", lambda t: t.startswith("| date")),
    (".csv", lambda t: t.startswith("date,body")),
    (".txt", lambda t: t.startswith("date,body")),
])
def test_output_format_follows_the_suffix(runner, seeds, tmp_path, suffix, check) -> None:
    target = tmp_path / f"ut{suffix}"
    assert run(runner, "decisions", seeds, "-o", target, "-j", "1").exit_code == 0
    assert check(target.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- paths


def test_standard_input(runner, records) -> None:
    seed = SEED_FILES[4]
    result = run(runner, "actions", "-", "-f", "json", input=seed.read_bytes())
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows] == [a.text for a in records[seed.name].actions]
    assert {r["source"] for r in rows} == {"<stdin>"}


def test_standard_input_with_files(runner, seeds) -> None:
    result = run(runner, "meetings", "-", seeds / SEED_FILES[0].name, "-j", "1", input=SEED_FILES[1].read_bytes())
    assert result.exit_code == 0
    assert sorted(r["source"] for r in csv_rows(result.stdout)) == sorted(["<stdin>", str(seeds / SEED_FILES[0].name)])


def test_folder_walk_is_recursive_and_skips_hidden_and_other_files(runner, tmp_path) -> None:
    top = tmp_path / "arkiv"
    (top / "2021" / "vår").mkdir(parents=True)
    (top / ".git").mkdir()
    shutil.copy(SEED_FILES[0], top / "a.txt")
    shutil.copy(SEED_FILES[1], top / "2021" / "vår" / "b.md")
    shutil.copy(SEED_FILES[2], top / "2021" / "c.MARKDOWN")
    shutil.copy(SEED_FILES[3], top / ".dold.txt")
    shutil.copy(SEED_FILES[3], top / ".git" / "d.txt")
    shutil.copy(SEED_FILES[3], top / "e.csv")
    shutil.copy(SEED_FILES[3], top / "~$f.docx")
    found = archive.find_files([top])
    assert found == [str(top / "a.txt"), str(top / "2021" / "c.MARKDOWN"), str(top / "2021" / "vår" / "b.md")]
    # a file named on the command line is read whatever its name; a file named twice is read once
    assert archive.find_files([top / "e.csv", top / "a.txt", top]) [:2] == [str(top / "e.csv"), str(top / "a.txt")]
    assert len(archive.find_files([top, top / "a.txt"])) == 3
    result = run(runner, "meetings", top, "-j", "1")
    assert result.exit_code == 0
    assert len(csv_rows(result.stdout)) == 3


def test_no_path_reads_the_archive_variable_or_the_current_folder(runner, seeds, tmp_path, monkeypatch) -> None:
    via_env = CliRunner(env={**ENV, "MINUTES_ARCHIVE": str(seeds)}).invoke(app, ["meetings", "-j", "1"])
    assert via_env.exit_code == 0
    assert len(csv_rows(via_env.stdout)) == len(SEED_FILES)
    monkeypatch.chdir(seeds)
    here = run(runner, "meetings", "-j", "1")
    assert here.exit_code == 0
    assert sorted(r["source"] for r in csv_rows(here.stdout)) == sorted(f.name for f in SEED_FILES)


def test_an_empty_folder_gives_a_header_and_a_note(runner, tmp_path) -> None:
    result = run(runner, "decisions", tmp_path)
    assert result.exit_code == 0
    assert result.stdout_bytes == (",".join(RECORD_COLUMNS) + "\r\n").encode()
    assert "no minutes files" in result.stderr


# ---------------------------------------------------------------- failures and exit codes


def test_a_file_that_cannot_be_read_is_named_and_the_others_go_on(runner, seeds) -> None:
    (seeds / "tom.txt").write_text("  \n", encoding="utf-8")
    missing = seeds.parent / "saknas.txt"
    result = run(runner, "decisions", seeds, missing, "-j", "2")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"minutes: error: {seeds / 'tom.txt'}: is empty; there are no minutes to read",
                     f"minutes: error: {missing}: no such file; check the path"]
    assert len({r["date"] for r in csv_rows(result.stdout)}) == len(SEED_FILES)
    assert "Traceback" not in result.output


def test_internal_error_in_one_file_names_it(runner, seeds, monkeypatch) -> None:
    import minutes_cli.pipeline as pipeline

    real = pipeline.parse_path_all

    def flaky(path, reference_date=None, **kw):
        if str(path).endswith(SEED_FILES[0].name):
            raise ZeroDivisionError("division by zero")
        return real(path, reference_date=reference_date, **kw)

    monkeypatch.setattr(pipeline, "parse_path_all", flaky)
    result = run(runner, "meetings", seeds, "-j", "1")
    assert result.exit_code == 1
    assert SEED_FILES[0].name in result.stderr and "internal error" in result.stderr
    assert len(csv_rows(result.stdout)) == len(SEED_FILES) - 1


@pytest.mark.parametrize("args", [
    ["--since", "2020-13"], ["--since", "förra året"], ["--until", "20200904"], ["--grep", "(unclosed"],
    ["--min-confidence", "1.5"], ["--jobs", "0"], ["--format", "xml"], ["--owner", "Erika"], ["--nope"],
])
def test_usage_errors_exit_2(runner, seeds, args) -> None:
    result = run(runner, "decisions", seeds, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_due_before_is_checked(runner, seeds) -> None:
    result = run(runner, "actions", seeds, "--due-before", "snart")
    assert result.exit_code == 2 and "--due-before" in result.stderr


# ---------------------------------------------------------------- output files


def test_output_is_written_whole_with_usual_permissions(runner, seeds, tmp_path) -> None:
    target = tmp_path / "ut.csv"
    result = run(runner, "decisions", seeds, "-o", target, "-j", "1")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == run(runner, "decisions", seeds, "-j", "1").stdout
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert not list(tmp_path.glob(".*.part"))


def test_a_failure_in_mid_write_leaves_the_old_file(runner, seeds, tmp_path, monkeypatch) -> None:
    target = tmp_path / "beslut.csv"
    target.write_text("den gamla filen\n", encoding="utf-8")
    real = archive.query

    def breaks_halfway(*args, **kwargs):
        for n, row in enumerate(real(*args, **kwargs)):
            if n == 3:
                raise RuntimeError("disk on fire")
            yield row

    monkeypatch.setattr(archive, "query", breaks_halfway)
    result = run(runner, "decisions", seeds, "-o", target, "-j", "1")
    assert result.exit_code == 1
    assert "internal error" in result.stderr and "disk on fire" in result.stderr
    assert target.read_text(encoding="utf-8") == "den gamla filen\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beslut.csv", "seeds"]


def test_an_interrupt_in_mid_write_leaves_the_old_file(seeds, tmp_path, monkeypatch) -> None:
    from minutes_cli.output import export

    target = tmp_path / "beslut.json"
    target.write_text("[]\n", encoding="utf-8")

    def interrupted(rows, columns, stream):
        stream.write("[\n  {")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with export.atomic_write(target) as fh:
            interrupted(None, None, fh)
    assert target.read_text(encoding="utf-8") == "[]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beslut.json", "seeds"]


def test_an_input_file_is_never_overwritten(runner, seeds) -> None:
    victim = seeds / SEED_FILES[0].name
    before = victim.read_bytes()
    result = run(runner, "decisions", seeds, "-o", victim)
    assert result.exit_code == 2
    assert "input" in result.stderr and "--output" in result.stderr
    assert victim.read_bytes() == before
    named = run(runner, "actions", victim, "-o", seeds / ".." / "seeds" / victim.name)
    assert named.exit_code == 2
    assert victim.read_bytes() == before


def test_output_to_a_folder_or_a_missing_folder_is_a_usage_error(runner, seeds, tmp_path) -> None:
    assert run(runner, "decisions", seeds, "-o", tmp_path).exit_code == 2
    assert run(runner, "decisions", seeds, "-o", tmp_path / "finns-inte" / "x.csv").exit_code == 2


# ---------------------------------------------------------------- order and parallel parsing


def test_order_is_by_date_then_path_whatever_the_number_of_jobs(runner, tmp_path) -> None:
    top = tmp_path / "arkiv"
    top.mkdir()
    for n in range(3):  # the same meetings under several names: ties on date are broken by path
        for f in SEED_FILES:
            shutil.copy(f, top / f"{2 - n}-{f.name}")
    one = run(runner, "decisions", top, "-j", "1")
    two = run(runner, "decisions", top, "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    rows = csv_rows(one.stdout)
    keys = [(r["date"], r["source"]) for r in rows]
    assert keys == sorted(keys)
    meetings = csv_rows(run(runner, "meetings", top, "-j", "2").stdout)
    assert [(r["date"], r["source"]) for r in meetings] == sorted((r["date"], r["source"]) for r in meetings)


def test_a_file_logging_several_meetings_gives_a_row_per_meeting(runner) -> None:
    result = run(runner, "meetings", FIXTURES / "logg_flera_moten.md")
    assert [r["date"] for r in csv_rows(result.stdout)] == ["2023-03-03", "2023-03-10", "2023-03-24"]


def test_query_streams_failures_first_then_rows_and_fills_stats(seeds) -> None:
    (seeds / "tom.txt").write_text("", encoding="utf-8")
    stats = archive.Stats()
    seen = []
    out = list(archive.query("meetings", [seeds], jobs=2, stats=stats, progress=lambda d, t: seen.append((d, t))))
    assert isinstance(out[0], archive.Failure) and out[0].source.endswith("tom.txt")
    assert all(isinstance(r, dict) for r in out[1:])
    assert stats.files == len(SEED_FILES) + 1 and stats.failed == 1 and stats.rows == len(SEED_FILES)
    assert seen[-1] == (len(SEED_FILES) + 1, len(SEED_FILES) + 1)


def test_rows_are_spooled_to_disk_beyond_the_memory_limit(seeds, monkeypatch) -> None:
    monkeypatch.setattr(archive, "SPOOL_MEMORY", 100)
    small = list(archive.query("decisions", [seeds], jobs=1))
    monkeypatch.undo()
    assert small == list(archive.query("decisions", [seeds], jobs=1))


# ---------------------------------------------------------------- the library's date and name rules


@pytest.mark.parametrize("period,start,end", [
    ("2020", "2020-01-01", "2020-12-31"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2021-12", "2021-12-01", "2021-12-31"),
    ("2020-09-04", "2020-09-04", "2020-09-04"),
])
def test_periods(period, start, end) -> None:
    assert archive.period_start(period) == start and archive.period_end(period) == end


@pytest.mark.parametrize("bad", ["20", "2020-9", "2020-00", "2021-02-29", "2020/09", "i fjol", ""])
def test_bad_periods(bad) -> None:
    with pytest.raises(ValueError):
        archive.parse_period(bad)


@pytest.mark.parametrize("due,end", [
    ("2023-05-09", "2023-05-09"), ("2023-05", "2023-05-31"), ("2023-Q1", "2023-03-31"), ("2023-Q4", "2023-12-31"),
    ("2023-W45", "2023-11-12"), ("2023", "2023-12-31"), (None, None), ("snart", None),
])
def test_due_end(due, end) -> None:
    assert archive.due_end(due) == end


@pytest.mark.parametrize("query,names,hit", [
    ("Erika", ["Erika Lagergren"], True),
    ("erika lagergren", ["Erika Lagergren"], True),
    ("Lagergren", ["tvärgrupp barn", "Erika Lagergren"], True),
    ("Lager", ["Erika Lagergren"], False),
    ("Eva", ["Eva-Lena Ek"], True),  # a hyphen is a word boundary
    ("Åsa", ["Åsa Karlsson"], True),
    ("Ås", ["Åsa Karlsson"], False),
    ("", ["Erika Lagergren"], False),
])
def test_owner_matches(query, names, hit) -> None:
    assert archive.owner_matches(query, names) is hit


def test_owner_matching_defers_to_a_register() -> None:
    class Register:
        def matches(self, query, name):
            return (query, name) == ("EL", "Erika Lagergren")

    assert archive.owner_matches("EL", ["Erika Lagergren"], register=Register())
    assert not archive.owner_matches("Erika", ["Erika Lagergren"], register=Register())


@pytest.mark.parametrize("query,number,title,hit", [
    ("5", "5", "Budget", True), ("5.", "5", "Budget", True), ("§ 12", "§ 12", "Val", True), ("12", "§ 12", "Val", True),
    ("1", "12", "Val", False), ("budget", "5", "Budget 2025", True), ("5", None, "Budget 2025", False),
])
def test_item_matches(query, number, title, hit) -> None:
    assert archive.item_matches(query, number, title) is hit


def test_filters_reject_bad_values() -> None:
    with pytest.raises(ValueError):
        archive.Filters(grep="[")
    with pytest.raises(ValueError):
        archive.Filters(min_confidence=2)
    with pytest.raises(ValueError):
        archive.Filters(since="2020-13")


# ---------------------------------------------------------------- as a real process


def minutes_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "minutes_cli", *map(str, args)]


@pytest.fixture
def big_archive(tmp_path: Path) -> Path:
    top = tmp_path / "stort"
    top.mkdir()
    for n in range(40):
        for f in SEED_FILES:
            shutil.copy(f, top / f"{n:03d}-{f.name}")
    return top


@pytest.mark.skipif(os.name != "posix", reason="SIGPIPE and sh are POSIX")
def test_closed_pipe_ends_quietly(big_archive) -> None:
    cmd = " ".join(f"'{a}'" for a in minutes_cmd("decisions", big_archive, "-j", "2")) + " | head -n 2"
    p = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0
    assert len(p.stdout.splitlines()) == 2
    assert p.stderr == ""


@pytest.mark.skipif(os.name != "posix", reason="SIGINT as Ctrl-C sends it")
def _wait_for_workers(p: subprocess.Popen, limit: float = 30.0) -> None:
    """Until the run has forked its workers (Linux: /proc), or one second where that cannot be seen."""
    children = f"/proc/{p.pid}/task/{p.pid}/children"
    if not os.path.exists(children):
        time.sleep(1.0)
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and p.poll() is None:
        with open(children) as fh:
            if fh.read().split():
                time.sleep(0.2)  # and a moment for them to take files
                return
        time.sleep(0.02)


def test_ctrl_c_in_a_parallel_run_exits_130_quietly_and_leaves_no_file(big_archive, tmp_path) -> None:
    target = tmp_path / "ut.csv"
    p = subprocess.Popen(minutes_cmd("decisions", big_archive, "-j", "2", "-o", target),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for_workers(p)  # Ctrl-C while the run parses, not while Python starts
        if p.poll() is not None:
            pytest.skip("the run ended before it could be interrupted")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=120)
    finally:
        p.kill()
    assert p.returncode == 130
    assert out == b"" and err == b""
    assert sorted(x.name for x in tmp_path.iterdir()) == ["stort"]


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_only(big_archive, tmp_path) -> None:
    import pty

    # the bar's delay set to nothing, so that however fast the run, it shows (the delay: the test below)
    at_once = [sys.executable, "-c", "import sys; from minutes_cli import cli; cli._Progress.DELAY = 0.0; cli.main()"]
    controller, terminal = pty.openpty()
    try:
        p = subprocess.run(at_once + ["meetings", str(big_archive), "-j", "2", "-o", str(tmp_path / "m.csv")],
                           stderr=terminal, stdout=subprocess.PIPE, timeout=300)
        os.set_blocking(controller, False)
        shown = b""
        with pytest.raises(BlockingIOError):
            while True:
                shown += os.read(controller, 65536)
    finally:
        os.close(terminal)
        os.close(controller)
    assert p.returncode == 0
    assert b"minutes: reading [" in shown and b"files" in shown
    assert shown.endswith(b"\r\x1b[K")  # cleared at the end
    piped = subprocess.run(at_once + ["meetings", str(big_archive), "-j", "2"], capture_output=True, timeout=300)
    assert piped.stderr == b""


def test_the_progress_bar_waits_before_it_shows_and_is_cleared_at_the_end() -> None:
    import io

    from minutes_cli import cli

    clock = [100.0]
    stream = io.StringIO()
    bar = cli._Progress(stream)
    bar._time, bar.start = (lambda: clock[0]), clock[0]
    bar(1, 10)
    assert stream.getvalue() == ""  # a short run never sees it
    clock[0] += cli._Progress.DELAY + 0.01
    bar(5, 10)
    assert stream.getvalue().startswith("\rminutes: reading [") and "5/10 files" in stream.getvalue()
    bar(10, 10)
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_appears_only_after_a_moment() -> None:
    from minutes_cli.cli import _Progress

    out = io.StringIO()
    bar = _Progress(out)
    bar(1, 10)
    assert out.getvalue() == ""  # a short run never sees it
    bar.start -= 10
    bar(5, 10)
    assert "5/10 files" in out.getvalue()
    bar(10, 10)
    assert out.getvalue().endswith("\r\x1b[K")
