"""The archive database: `minutes index`, the query commands answering from it, `minutes search`.

Each test builds its archive in a temporary folder (a database is never
written beside the shared corpus), and checks what a user would see: the
summary line, the rows, the search hits, and what is left after a run that
was killed.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minutes_cli import archive, pipeline, store
from minutes_cli.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb", "COLUMNS": "200", "MINUTES_ARCHIVE": None}

FORENING = """Protokoll från styrelsemöte i Föreningen Ängen

Datum: 2023-02-10
Närvarande: Anna Berg (ordförande), Olle Ek (sekreterare), Åsa Lund

§ 1 Årsmöte
Styrelsen beslutade att kalla till Årsmöte den 20 mars.
Åsa Lund ansvarar för att boka lokal till årsmötet.

§ 2 Skolskjuts
Styrelsen beslutade att skriva till kommunen om skolskjutsen.
Olle Ek återkommer om skolskjutsar till nästa möte.

§ 3 Ekonomi
Styrelsen beslutade att budgeten för år 2023 antas.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env=ENV)


def run(runner: CliRunner, *args):
    return runner.invoke(app, [str(a) for a in args])


N = sum(f.suffix in (".txt", ".md") for f in FIXTURES.iterdir())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An archive of the golden fixtures' minutes (N files, one logging several meetings)."""
    out = tmp_path / "arkiv"
    out.mkdir()
    for f in FIXTURES.iterdir():
        if f.suffix in (".txt", ".md"):
            shutil.copy(f, out / f.name)
    return out


def summary(result) -> str:
    return [line for line in result.stderr.splitlines() if "parsed" in line][-1]


def db_rows(db: Path, sql: str) -> list:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def same_rows(paths: list, kinds=archive.KINDS) -> None:
    """Every query kind, under several filters: the database's rows are the parsed rows."""
    files = archive.find_files(paths)
    with store.Store(store.default_path(paths)) as st:
        report = store.update(st, paths, files, jobs=1)
        assert report.parsed == 0, "the database was not up to date"
        for kind in kinds:
            for flt in FILTERS[kind]:
                got_stats, want_stats = archive.Stats(), archive.Stats()
                got = list(store.query(st, report, files, kind, flt, stats=got_stats))
                want = list(archive.query(kind, files, flt, jobs=1, stats=want_stats))
                assert got == want, (kind, flt)
                assert got_stats.undated == want_stats.undated
        for name, outcome in store.records(st, report, files):
            if not isinstance(outcome, archive.Failure):
                assert [m.to_dict() for m in outcome] == [m.to_dict() for m in pipeline.parse_path_all(name)]


_COMMON = [archive.Filters(), archive.Filters(since="2020"), archive.Filters(until="2021-06", grep="budget|ekonomi")]
FILTERS = {
    "decisions": _COMMON + [archive.Filters(item="3"), archive.Filters(item="val", min_confidence=0.8)],
    "actions": _COMMON + [archive.Filters(item="3"), archive.Filters(owner="Erika"),
                          archive.Filters(due_before="2022-01", since="2021"), archive.Filters(min_confidence=0.8)],
    "meetings": _COMMON,
}


# ---------------------------------------------------------------- index: incremental


def test_a_warm_index_parses_nothing_and_says_so(runner, folder) -> None:
    first = run(runner, "index", folder, "-j", "1")
    assert first.exit_code == 0, first.output
    assert summary(first).endswith(f"parsed {N}, unchanged 0, removed 0, errors 0")
    assert first.stdout == ""
    second = run(runner, "index", folder, "-j", "1")
    assert summary(second).endswith(f"parsed 0, unchanged {N}, removed 0, errors 0")
    assert (folder / "minutes.sqlite").is_file()


def test_a_touched_but_unchanged_file_is_hashed_not_parsed(runner, folder) -> None:
    run(runner, "index", folder, "-j", "1")
    later = time.time() + 60
    os.utime(folder / "seed_001.txt", (later, later))
    assert summary(run(runner, "index", folder, "-j", "1")).endswith(f"parsed 0, unchanged {N}, removed 0, errors 0")


def test_a_changed_a_removed_and_a_new_file_are_each_reflected(runner, folder) -> None:
    run(runner, "index", folder, "-j", "1")
    seed = folder / "seed_002.txt"
    text = seed.read_text(encoding="utf-8")
    old = pipeline.parse_path(seed).decisions[0].text
    assert old.endswith("2023.")
    seed.write_text(text.replace(old, old.replace("2023.", "2024, enhälligt."), 1), encoding="utf-8")
    (folder / "brf_styrelsemote.txt").unlink()
    (folder / "ny").mkdir()
    (folder / "ny" / "forening.txt").write_text(FORENING, encoding="utf-8")

    result = run(runner, "index", folder, "-j", "1")
    assert summary(result).endswith(f"parsed 2, unchanged {N - 2}, removed 1, errors 0")
    decisions = [t for (t,) in db_rows(folder / "minutes.sqlite", "SELECT text FROM decisions")]
    assert old.replace("2023.", "2024, enhälligt.") in decisions and old not in decisions
    assert "Styrelsen beslutade att kalla till Årsmöte den 20 mars." in decisions
    paths = [p for (p,) in db_rows(folder / "minutes.sqlite", "SELECT path FROM files")]
    assert "brf_styrelsemote.txt" not in paths and "ny/forening.txt" in paths
    same_rows([str(folder)])


def test_a_file_that_cannot_be_read_is_an_error_line_and_exit_1_every_run(runner, folder) -> None:
    (folder / "tom.txt").write_bytes(b"")
    for _ in range(2):
        result = run(runner, "index", folder, "-j", "1")
        assert result.exit_code == 1
        assert "tom.txt: is empty" in result.stderr
        assert summary(result).endswith("errors 1")


def _kill_after(n: int, where: str, folder: Path) -> subprocess.CompletedProcess:
    """`minutes index -j 1 folder` in a process that kills itself (SIGKILL) at the n-th `where`."""
    code = f"""
import os, signal, sys
from minutes_cli.store import write
calls = [0]
original = getattr(write, {where!r})
def hooked(*args, **kwargs):
    out = original(*args, **kwargs)
    calls[0] += 1
    if calls[0] == {n}:
        os.kill(os.getpid(), signal.SIGKILL)
    return out
setattr(write, {where!r}, hooked)
from minutes_cli.cli import main
sys.argv = ["minutes", "index", "-j", "1", {str(folder)!r}]
main()
"""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("where, kept", [("replace_file", 5), ("insert_doc", 4)])
def test_a_killed_index_leaves_a_good_database_that_the_next_run_completes(runner, folder, where, kept) -> None:
    """Killed between two files (after the 5th commit), or inside one (its meeting written, not committed)."""
    p = _kill_after(5, where, folder)
    assert p.returncode == -signal.SIGKILL
    db = folder / "minutes.sqlite"
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert db_rows(db, "PRAGMA foreign_key_check") == []
    assert db_rows(db, "SELECT count(*) FROM files") == [(kept,)]
    orphans = "SELECT count(*) FROM decisions WHERE meeting_id NOT IN (SELECT id FROM meetings)"
    assert db_rows(db, orphans) == [(0,)]
    result = run(runner, "index", folder, "-j", "1")
    assert summary(result).endswith(f"parsed {N - kept}, unchanged {kept}, removed 0, errors 0")
    same_rows([str(folder)])


# ---------------------------------------------------------------- the query commands answer from it


def test_the_rows_from_the_database_are_the_parsed_rows(runner, folder) -> None:
    run(runner, "index", folder, "-j", "1")
    same_rows([str(folder)])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the repository")
def test_the_rows_from_the_database_are_the_parsed_rows_on_the_corpus(runner, tmp_path) -> None:
    archive_dir = tmp_path / "korpus"
    for sub in sorted(CORPUS.iterdir()):
        if sub.is_dir():
            shutil.copytree(sub, archive_dir / sub.name)
    assert run(runner, "index", archive_dir).exit_code == 0
    same_rows([str(archive_dir)])


def test_an_indexed_archive_is_answered_without_parsing(runner, folder, monkeypatch) -> None:
    run(runner, "index", folder, "-j", "1")
    want = run(runner, "actions", folder, "--since", "2020", "-f", "json", "-j", "1", "--no-db").stdout

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although the database is up to date")

    monkeypatch.setattr(pipeline, "parse_path_all", no_parsing)
    result = run(runner, "actions", folder, "--since", "2020", "-f", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == want and json.loads(want)


def test_every_format_and_the_register_give_the_same_output_from_the_database(runner, folder) -> None:
    run(runner, "index", folder, "-j", "1")
    for args in (["decisions", "--until", "2022", "-f", "csv"], ["actions", "--owner", "Erika", "-f", "json"],
                 ["meetings", "--grep", "budget", "-f", "md"], ["decisions", "--item", "3", "-f", "tsv"],
                 ["people", "-f", "json"]):
        direct = run(runner, *args, folder, "-j", "1", "--no-db")
        from_db = run(runner, *args, folder, "-j", "1")
        assert (from_db.exit_code, from_db.stdout, from_db.stderr) == (direct.exit_code, direct.stdout, direct.stderr)


def test_a_query_brings_the_database_up_to_date_first(runner, folder) -> None:
    run(runner, "index", folder, "-j", "1")
    (folder / "forening.txt").write_text(FORENING, encoding="utf-8")
    result = run(runner, "decisions", folder, "--grep", "Årsmöte", "-f", "csv", "-j", "1")
    assert "Styrelsen beslutade att kalla till Årsmöte den 20 mars." in result.stdout
    assert ("forening.txt",) in db_rows(folder / "minutes.sqlite", "SELECT path FROM files")


def test_db_names_a_database_anywhere_and_a_subfolder_query_uses_only_its_files(runner, folder, tmp_path) -> None:
    db = tmp_path / "elsewhere.sqlite"
    (folder / "ny").mkdir()
    (folder / "ny" / "forening.txt").write_text(FORENING, encoding="utf-8")
    assert run(runner, "index", folder, "--db", db, "-j", "1").exit_code == 0
    assert not (folder / "minutes.sqlite").exists()
    result = run(runner, "meetings", folder / "ny", "--db", db, "-f", "csv")
    assert result.stdout.count("\n") == 2 and "forening.txt" in result.stdout
    assert db_rows(db, "SELECT count(*) FROM files") == [(N + 1,)]  # the rest of the archive is kept


def test_a_database_that_is_not_ours_is_refused_by_index_and_passed_over_by_queries(runner, folder) -> None:
    con = sqlite3.connect(folder / "minutes.sqlite")
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    result = run(runner, "index", folder)
    assert result.exit_code == 1
    assert "another program's SQLite database" in result.stderr and "Traceback" not in result.output
    query = run(runner, "decisions", folder, "-f", "csv", "-j", "1")
    assert query.exit_code == 0 and "the files are parsed instead" in query.stderr
    assert query.stdout == run(runner, "decisions", folder, "-f", "csv", "-j", "1", "--no-db").stdout
    assert db_rows(folder / "minutes.sqlite", "SELECT name FROM sqlite_master") == [("mine",)]


# ---------------------------------------------------------------- search


@pytest.fixture
def indexed(runner, folder) -> Path:
    (folder / "forening.txt").write_text(FORENING, encoding="utf-8")
    assert run(runner, "index", folder, "-j", "1").exit_code == 0
    return folder


def hits(runner, folder: Path, query: str, *args) -> list[dict]:
    result = run(runner, "search", query, folder, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_search_for_arsmote_finds_Arsmote_and_ar_does_not_find_ar(runner, indexed) -> None:
    found = hits(runner, indexed, "årsmöte")
    assert [h["text"] for h in found] == ["Styrelsen beslutade att kalla till Årsmöte den 20 mars."]
    assert found[0]["kind"] == "decision" and found[0]["line"] == 7 and found[0]["date"] == "2023-02-10"
    assert found[0]["source"].endswith("forening.txt") and found[0]["id"] == "d1"
    one = indexed / "forening.txt"  # a file as PATH: only its hits
    assert [h["text"] for h in hits(runner, one, "år")] == ["Styrelsen beslutade att budgeten för år 2023 antas."]
    assert [h["text"] for h in hits(runner, one, "ÅR")] == ["Styrelsen beslutade att budgeten för år 2023 antas."]
    assert not hits(runner, one, "ar")
    assert not hits(runner, indexed, "arsmote")


def test_a_prefix_finds_the_inflected_forms_ranked_with_source_and_line(runner, indexed) -> None:
    found = hits(runner, indexed, "skolskjuts*")
    assert {(h["kind"], h["line"]) for h in found} == {("decision", 11), ("action", 12)}
    assert [h["rank"] for h in found] == [1, 2] and found[0]["score"] >= found[1]["score"]
    assert not hits(runner, indexed, "skolskjuts")  # without the star, only the word itself
    assert sorted(h["line"] for h in hits(runner, indexed / "forening.txt", "årsmöte*")) == [7, 8]


def test_search_ranks_the_closest_match_first_and_limits(runner, indexed) -> None:
    found = hits(runner, indexed, "budget* OR skolskjuts*", "--limit", "2")
    assert len(found) == 2
    assert [h["score"] for h in found] == sorted((h["score"] for h in found), reverse=True)
    csv_out = run(runner, "search", "Årsmöte", indexed, "-f", "csv").stdout
    assert csv_out.splitlines()[0] == ",".join(store.SEARCH_COLUMNS)


def test_search_without_a_database_says_what_to_do(runner, folder) -> None:
    result = run(runner, "search", "budget", folder)
    assert result.exit_code == 1
    assert "minutes index" in result.stderr and "Traceback" not in result.output
    assert run(runner, "search", "-- !", folder).exit_code == 2


def test_the_database_opens_in_sqlite3_with_its_full_text_index(runner, indexed) -> None:
    rows = db_rows(indexed / "minutes.sqlite",
                   "SELECT d.text FROM decisions_fts f JOIN decisions d ON d.pk = f.rowid "
                   "WHERE decisions_fts MATCH 'årsmöte' ORDER BY rank")
    assert rows == [("Styrelsen beslutade att kalla till Årsmöte den 20 mars.",)]
    tables = {t for (t,) in db_rows(indexed / "minutes.sqlite", "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"files", "meetings", "participants", "items", "decisions", "actions", "action_owners"} <= tables


def test_standard_input_and_reference_date_are_parsed_not_read_from_the_database(runner, folder) -> None:
    db = folder / "minutes.sqlite"
    run(runner, "index", folder, "-j", "1")
    dated = run(runner, "decisions", folder, "--db", db, "--reference-date", "2023-01-01", "-f", "csv", "-j", "1")
    assert dated.exit_code == 0 and "is not used with standard input, --reference-date" in dated.stderr
    text = (folder / "seed_000.txt").read_text(encoding="utf-8")
    piped = runner.invoke(app, ["decisions", "-", "-f", "csv"], input=text)
    assert piped.exit_code == 0 and "<stdin>" in piped.stdout
    assert run(runner, "index", "-").exit_code == 2


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes")
def test_a_file_name_that_is_not_utf8_is_an_error_line_for_index_and_parsed_by_queries(runner, folder) -> None:
    shutil.copy(folder / "seed_000.txt", os.fsdecode(bytes(folder / "m") + b"\xf6te.txt"))
    result = run(runner, "index", folder, "-j", "1")
    assert result.exit_code == 1 and "not valid UTF-8" in result.stderr and "Traceback" not in result.output
    assert summary(result).endswith(f"parsed {N}, unchanged 0, removed 0, errors 1")
    query = run(runner, "meetings", folder, "-f", "tsv", "-j", "1")
    direct = run(runner, "meetings", folder, "-f", "tsv", "-j", "1", "--no-db")
    assert (query.exit_code, query.stdout) == (direct.exit_code, direct.stdout)
    assert "Traceback" not in query.output
