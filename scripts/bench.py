#!/usr/bin/env python3
"""Benchmark parsing: MB per CPU-second and files per second, by number of workers, and how the cost grows.

Builds an archive of N minutes files (default 2000) in a temporary folder by
varying the seed minutes: every file shifts the years (so the dates differ),
gives the participants other names (consistently within the file, first names
included) and shuffles the order of the agenda items. Then it runs
`minutes decisions ARCHIVE --format csv` (`--kind actions` or `meetings`: that
query, which parses in full as `extract` does; `decisions` looks for no action)
through the library (`archive.query` and `export.write_rows`, output to
/dev/null, the process set up as the command's) with 1 worker, 2 workers and
one per core, each in a fresh process so that its peak memory is its own.

For each run it reports wall seconds, files/s, the CPU seconds of the run
(the main process and its workers), MB of minutes per CPU-second, and the
peak resident memory (getrusage ru_maxrss) of the main process and of the
largest worker; with --scale it also runs the largest job count on N/4
files, so that the main process's memory can be compared across archive
sizes (it should stay flat: rows are spooled, only a small index per meeting
is held). --tracemalloc adds the main process's peak Python heap
(tracemalloc) to each run with workers (with one process it would trace, and
slow down, the parsing itself).

--scaling (instead of the runs above) shows that the cost per MB stays flat:
one file holding the same minutes 1, 10, 100 and 1000 times (--repeats), and
archives of 100, 1000 and 10000 files (--sizes; 10000 takes minutes), each
parsed with one worker in a fresh process; the last column is the cost per MB
relative to the first row of its kind (1.00 = flat; the aim is within 0.75-1.25).

Not a test: nothing is asserted. Run from the repository root:

    .venv/bin/python scripts/bench.py                  # 2000 files
    .venv/bin/python scripts/bench.py -n 500 --seeds ../shared/corpus/seeds --keep /tmp/archive
    .venv/bin/python scripts/bench.py --scaling --sizes 100,1000
    .venv/bin/python scripts/bench.py --db --copies 210   # the archive database, about 10,000 files
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
FALLBACK_SEEDS = ROOT / "tests" / "fixtures"  # seed_00N.txt, copies of the seeds

FIRST = ["Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Ingrid", "Emma", "Malin", "Johanna", "Sofia",
         "Lars", "Mikael", "Anders", "Johan", "Per", "Karl", "Erik", "Peter", "Jonas", "Magnus", "Fredrik", "Stefan",
         "Åsa", "Ulla", "Birgitta", "Örjan", "Göran", "Håkan", "Linnéa", "Elin", "Ida", "Oskar", "Viktor", "Hanna"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
        "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Axelsson", "Berg", "Bergström", "Lundberg",
        "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ström"]

YEAR = re.compile(r"\b(20[0-3]\d)\b")
HEADING = re.compile(r"^(## |\d{1,2}\.\s+\S|§\s*\d)", re.M)


def seed_texts(folder: Path) -> list[tuple[str, list[str]]]:
    """(text, participant names) of every seed."""
    sys.path.insert(0, str(ROOT / "src"))
    from minutes_cli import parse_path

    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and not p.name.startswith("."))
    out = []
    for p in files:
        names = [x.raw for x in parse_path(p).participants if len(x.raw.split()) >= 2]
        out.append((p.read_text(encoding="utf-8"), names))
    if not out:
        raise SystemExit(f"bench: no seed minutes in {folder}")
    return out


def vary(text: str, names: list[str], rnd: random.Random) -> str:
    """One variant: years shifted, people renamed, agenda items shuffled."""
    shift = rnd.randint(-12, 6)
    text = YEAR.sub(lambda m: str(int(m[1]) + shift), text)
    for full in sorted(set(names), key=lambda n: (-len(n), n)):  # longest first: "Anna Berg Ek" before "Anna Berg"
        # (and in one order: a set's order changes from run to run, and the archive with it)
        parts = full.split()
        new_first, new_last = rnd.choice(FIRST), rnd.choice(LAST)
        text = text.replace(full, f"{new_first} {new_last}")
        text = re.sub(rf"\b{re.escape(parts[0])}\b", new_first, text)
    # the agenda items: every heading section but the first (which may be the title and the header)
    starts = [m.start() for m in HEADING.finditer(text)][1:]
    if len(starts) > 2:
        head, sections = text[: starts[0]], [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
        sections = [s if s.endswith("\n") else s + "\n" for s in sections]
        rnd.shuffle(sections)
        text = head + "".join(sections)
    return text


def build(folder: Path, n: int, seeds: list[tuple[str, list[str]]], rnd: random.Random) -> int:
    """Write n variants into folder (in subfolders of 250, as an archive by year would be); return bytes."""
    total = 0
    for i in range(n):
        text, names = seeds[i % len(seeds)]
        sub = folder / f"del-{i // 250:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = vary(text, names, rnd).encode("utf-8")
        (sub / f"protokoll-{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(folder: str, jobs: int, trace: bool, warm: list[str] = (), kind: str = "decisions") -> dict:
    """One measured run, in this (fresh) process; the `warm` files are parsed first, off the clock. The
    process is set up as the command's is (cli.py): the package's patterns come compiled (pattern_cache)."""
    sys.path.insert(0, str(ROOT / "src"))
    from minutes_cli import pattern_cache

    pattern_cache.install_when_loaded()
    from minutes_cli import archive, pipeline
    from minutes_cli.output import export  # noqa: F401  (imported, and compiled, before the clock)

    for path in warm:
        pipeline.parse_path_all(path)

    trace = trace and jobs > 1  # in one process tracemalloc would trace (and slow) the parsing itself
    if trace:
        import tracemalloc

        initializer = archive._ignore_sigint

        def untraced_worker() -> None:  # forked workers would inherit tracing, and crawl
            tracemalloc.stop()
            initializer()

        archive._ignore_sigint = untraced_worker
        tracemalloc.start()
    files = archive.find_files([folder])
    size = sum(os.path.getsize(f) for f in files)
    stats = archive.Stats()
    cpu, start = _cpu(), time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8", newline="") as out:
        rows = (r for r in archive.query(kind, files, jobs=jobs, stats=stats) if isinstance(r, dict))
        export.write_rows(rows, archive.COLUMNS[kind], "csv", out)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    result = {
        "files": len(files),
        "mb": round(size / 1e6, 2),
        "failed": stats.failed,
        "meetings": stats.meetings,
        "rows": stats.rows,
        "seconds": round(seconds, 2),
        "files_per_s": round(len(files) / seconds, 1),
        "cpu_s": round(cpu, 2),
        "mb_per_cpu_s": round(size / 1e6 / cpu, 2),
        # Linux: kilobytes
        "main_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    if trace:
        result["main_peak_heap_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
    return result


def run_file(path: str) -> dict:
    """Parse one file, in this (fresh) process, often enough to measure (at least half a CPU-second)."""
    sys.path.insert(0, str(ROOT / "src"))
    from minutes_cli.pipeline import parse_path_all

    parse_path_all(path)  # the first parse compiles what is compiled on first use
    size, rounds, cpu = os.path.getsize(path), 0, 0.0
    while cpu < 0.5:
        start = time.process_time()
        parse_path_all(path)
        cpu += time.process_time() - start
        rounds += 1
    return {"mb": round(size / 1e6, 3), "rounds": rounds, "cpu_s": round(cpu / rounds, 4),
            "ms_per_mb": round(cpu / rounds / (size / 1e6) * 1000, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_distinct(corpus: str, kind: str) -> dict:
    """Every file of the corpus folders once, with one worker, after the invented fixtures (not the copies
    of the seeds) are parsed off the clock, which compiles what is compiled on first use. No text of one
    file stands in another as it does in the varied archive, where answers kept per text are found again:
    this is the cost of minutes of many bodies, the figure to judge parsing speed by."""
    warm = sorted(str(p) for p in FALLBACK_SEEDS.iterdir() if p.suffix in (".txt", ".md") and not p.name.startswith("seed_"))
    return run_one(corpus, 1, False, warm, kind)


def measure(folder: Path, jobs: int, trace: bool, kind: str = "decisions") -> dict:
    cmd = [sys.executable, __file__, "--run", str(folder), "--jobs", str(jobs), "--kind", kind] \
        + (["--tracemalloc"] if trace else [])
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def measure_file(path: Path) -> dict:
    p = subprocess.run([sys.executable, __file__, "--run-file", str(path)], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def _sizes(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole numbers separated by commas, as 1,10,100") from None


def scaling(base: Path, seeds: list[tuple[str, list[str]]], repeats: list[int], sizes: list[int], seed: int) -> None:
    """Cost per MB of one file of the same minutes repeated, and of archives of more and more files."""
    text = max(seeds, key=lambda s: len(s[0]))[0]  # the largest seed
    print(f"{'one file':>10} {'MB':>8} {'ms/MB':>8} {'MB/CPU-s':>9} {'peak RSS MB':>12} {'vs first':>9}")
    first = None
    for n in repeats:
        path = base / f"repeated-{n}.txt"
        path.write_text("\n\n".join([text.rstrip("\n")] * n) + "\n", encoding="utf-8")
        r = measure_file(path)
        first = first or r["ms_per_mb"]
        print(f"{str(n) + 'x':>10} {r['mb']:>8} {r['ms_per_mb']:>8} {round(1000 / r['ms_per_mb'], 2):>9} "
              f"{r['peak_rss_mb']:>12} {r['ms_per_mb'] / first:>9.2f}", flush=True)
    print(f"{'archive':>10} {'MB':>8} {'ms/MB':>8} {'MB/CPU-s':>9} {'peak RSS MB':>12} {'vs first':>9}")
    first = None
    for n in sizes:
        folder = base / f"archive-{n}"
        build(folder, n, seeds, random.Random(seed))
        r = measure(folder, 1, False)
        ms_per_mb = round(r["cpu_s"] / r["mb"] * 1000, 1)
        first = first or ms_per_mb
        print(f"{str(n) + ' files':>10} {r['mb']:>8} {ms_per_mb:>8} {r['mb_per_cpu_s']:>9} "
              f"{r['main_peak_rss_mb']:>12} {ms_per_mb / first:>9.2f}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the archive database

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def copy_corpus(dest: Path, corpus: Path, copies: int) -> tuple[int, int]:
    """The corpus folders copied `copies` times into dest/kopia-NNNN/; (files, bytes) of minutes-like files."""
    sys.path.insert(0, str(ROOT / "src"))
    from minutes_cli import archive

    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    for i in range(copies):
        for folder in folders:
            shutil.copytree(folder, dest / f"kopia-{i:04d}" / folder.name, ignore=shutil.ignore_patterns("minutes.sqlite*"))
    files = archive.find_files([dest])
    return len(files), sum(os.path.getsize(f) for f in files)


def run_cmd(cmd: list[str]) -> dict:
    """Run one command as this process's only child: its wall time, CPU time and peak memory (its workers included)."""
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - start
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"status": p.returncode, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
            "peak_rss_mb": ru.ru_maxrss / 1024, "stderr": p.stderr[-300:]}


def bench_db(corpus: Path, copies: int, keep: Path | None, direct: bool) -> None:
    """Cold `minutes index`, warm `minutes index`, `minutes decisions --since 2020` and `minutes search`
    from the database."""
    base = keep or Path(tempfile.mkdtemp(prefix="minutes-bench-db-"))
    folder = base / "arkiv"
    try:
        print(f"copying {corpus} {copies} times into {folder} ...", file=sys.stderr)
        n, size = copy_corpus(folder, corpus, copies)
        mb = size / 2**20
        print(f"archive: {n} files, {mb:.1f} MB; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
        minutes = [sys.executable, "-m", "minutes_cli"]
        runs = [("index, cold", [*minutes, "index", str(folder)]),
                ("index, warm (nothing changed)", [*minutes, "index", str(folder)]),
                ("decisions --since 2020, from the database",
                 [*minutes, "decisions", str(folder), "--since", "2020", "-f", "csv"]),
                ("search 'budget*' --limit 0, from the database",
                 [*minutes, "search", "budget*", str(folder), "--limit", "0", "-f", "csv"])]
        if direct:
            runs.append(("decisions --since 2020, --no-db",
                         [*minutes, "decisions", str(folder), "--since", "2020", "-f", "csv", "--no-db"]))
        print(f"{'run':<48} {'wall s':>8} {'CPU s':>8} {'MB/CPU-s':>9} {'files/s':>9} {'peak RSS MB':>12}")
        walls = {}
        for name, cmd in runs:
            out = subprocess.run([sys.executable, __file__, "--run-cmd", *cmd], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout)
            if r["status"] not in (0,):
                print(f"  ({name}: exit status {r['status']}: {r['stderr'].strip()})")
            walls[name] = r["wall"]
            print(f"{name:<48} {r['wall']:>8.3f} {r['cpu']:>8.3f} {mb / max(r['cpu'], 1e-9):>9.2f} "
                  f"{n / max(r['wall'], 1e-9):>9.0f} {r['peak_rss_mb']:>12.1f}", flush=True)
        cold, warm = walls["index, cold"], walls["index, warm (nothing changed)"]
        print(f"warm index {cold / warm:.0f}x faster than cold (wall time)")
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--files", type=int, default=2000, help="files in the archive (default 2000)")
    ap.add_argument("--seeds", type=Path, default=None, help=f"seed minutes (default {DEFAULT_SEEDS})")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the variations")
    ap.add_argument("--scale", action=argparse.BooleanOptionalAction, default=True,
                    help="also run the most workers on N/4 files, to compare memory (default on)")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the main process's peak Python heap")
    ap.add_argument("--keep", type=Path, default=None, help="build the archive here and keep it")
    ap.add_argument("--scaling", action="store_true", help="instead: the cost per MB as files and archives grow")
    ap.add_argument("--repeats", type=_sizes, default=[1, 10, 100, 1000],
                    help="with --scaling: times the minutes are repeated in one file (default 1,10,100,1000)")
    ap.add_argument("--sizes", type=_sizes, default=[100, 1000, 10000],
                    help="with --scaling: files in each archive (default 100,1000,10000)")
    ap.add_argument("--run", help=argparse.SUPPRESS)  # internal: one measured run
    ap.add_argument("--run-file", help=argparse.SUPPRESS)  # internal: one measured file
    ap.add_argument("--run-distinct", help=argparse.SUPPRESS)  # internal: one measured run of --distinct
    ap.add_argument("--jobs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db", action="store_true",
                    help="the archive database instead: a cold index, a warm index and a query answered from it, "
                    "over the corpus folders copied --copies times")
    ap.add_argument("--copies", type=int, default=20, help="with --db: copies of the corpus folders (default 20)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"with --db: (default {DEFAULT_CORPUS})")
    ap.add_argument("--direct", action="store_true", help="with --db: also the query with --no-db (parses all)")
    ap.add_argument("--distinct", action="store_true",
                    help="instead: every file of --corpus once, no text repeated (the figure to judge parsing by)")
    ap.add_argument("--kind", choices=("decisions", "actions", "meetings"), default="decisions",
                    help="the query run (default decisions, which looks for no action; actions and meetings parse "
                    "in full, as extract does)")
    ap.add_argument("--run-cmd", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)  # internal: one measured command
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.jobs, args.tracemalloc, kind=args.kind)))
        return
    if args.run_file:
        print(json.dumps(run_file(args.run_file)))
        return
    if args.run_distinct:
        print(json.dumps(run_distinct(args.run_distinct, args.kind)))
        return
    if args.run_cmd:
        print(json.dumps(run_cmd(args.run_cmd)))
        return
    if args.distinct:
        distinct(args.corpus)
        return
    if args.db:
        bench_db(args.corpus, args.copies, args.keep, args.direct)
        return

    seeds_dir = args.seeds or (DEFAULT_SEEDS if DEFAULT_SEEDS.is_dir() else FALLBACK_SEEDS)
    seeds = seed_texts(seeds_dir)
    base = args.keep or Path(tempfile.mkdtemp(prefix="minutes-bench-"))
    try:
        if args.scaling:
            print(f"scaling: {len(seeds)} seeds; Python {sys.version.split()[0]}; cost in CPU time, one worker")
            scaling(base, seeds, args.repeats, args.sizes, args.seed)
        else:
            runs_by_jobs(base, seeds, args)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


def distinct(corpus: Path) -> None:
    """Parsing where no text recurs: the corpus folders, each file once, median of three fresh processes each
    for `decisions` (no action looked for) and `actions` (the full parse, as extract's)."""
    print(f"distinct minutes: {corpus}, each file once, one worker; Python {sys.version.split()[0]}")
    print(f"{'query':>9} {'files':>6} {'MB':>5} {'CPU s':>7} {'MB/CPU-s':>9} {'files/s':>8} {'rows':>6}   "
          f"(median of 3; the others)")
    for kind in ("decisions", "actions"):
        cmd = [sys.executable, __file__, "--run-distinct", str(corpus), "--kind", kind]
        runs = sorted((json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
                       for _ in range(3)), key=lambda r: r["cpu_s"])
        r = runs[1]
        print(f"{kind:>9} {r['files']:>6} {r['mb']:>5} {r['cpu_s']:>7} {r['mb_per_cpu_s']:>9} {r['files_per_s']:>8} "
              f"{r['rows']:>6}   ({runs[0]['mb_per_cpu_s']}, {runs[2]['mb_per_cpu_s']})", flush=True)


def runs_by_jobs(base: Path, seeds: list[tuple[str, list[str]]], args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    workers = list(dict.fromkeys([1, 2, cores]))
    rnd = random.Random(args.seed)
    print(f"building {args.files} files from {len(seeds)} seeds in {base} ...", file=sys.stderr)
    size = build(base / "full", args.files, seeds, rnd)
    runs = [(base / "full", j) for j in workers]
    if args.scale and args.files >= 8:
        build(base / "quarter", args.files // 4, seeds, random.Random(args.seed))
        runs.append((base / "quarter", workers[-1]))
    print(f"archive: {args.files} files, {size / 1e6:.1f} MB; {cores} cores (the default --jobs); "
          f"Python {sys.version.split()[0]}; minutes {args.kind}")
    header = f"{'files':>6} {'jobs':>4} {'seconds':>8} {'files/s':>8} {'CPU s':>7} {'MB/CPU-s':>9} {'rows':>7} " \
             f"{'main RSS MB':>12} {'worker RSS MB':>14}" + (f" {'main heap MB':>13}" if args.tracemalloc else "")
    print(header)
    for folder, jobs in runs:
        r = measure(folder, jobs, args.tracemalloc, args.kind)
        line = f"{r['files']:>6} {jobs:>4} {r['seconds']:>8} {r['files_per_s']:>8} {r['cpu_s']:>7} " \
               f"{r['mb_per_cpu_s']:>9} {r['rows']:>7} {r['main_peak_rss_mb']:>12} " \
               f"{r['worker_peak_rss_mb'] if jobs > 1 else '-':>14}"
        if args.tracemalloc:
            line += f" {r.get('main_peak_heap_mb', '-'):>13}"
        print(line, flush=True)
        if r["failed"]:
            print(f"  ({r['failed']} files failed)")


if __name__ == "__main__":
    main()
