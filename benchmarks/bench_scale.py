"""Throughput and peak memory of `stance score` on large synthetic collections, beside a floor.

Run: python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--jobs 1,2] [--work DIR]
Needs the bench extra (pip install -e '.[bench]': psutil measures the memory of the process tree).

For each size it makes a collection from the demo articles (`make_collection.py`, files of 10,000
articles, kept in WORK for the next run), then
- the floor: in this process, read every article (JSON lines) and find every gazetteer alias with one
  compiled regular expression: the least any scorer of these texts must do;
- `stance score` as a real command in a fresh process, for each --jobs: wall time from launch to exit
  (model load included), articles/s, MB/s of input, CPU time of every process of the run (user +
  system: what the run cost, whatever else the machine was doing), and the peak memory of the whole
  process tree (the sum of the processes' PSS, sampled every 0.1 s: shared pages counted once).
  `load` is the machine's 1-minute load average at the start of the run: above the core count, other
  work was competing and the wall times are longer than the code alone would take.
Prints a table and the targets, met or not. Figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_collection import write_collection

from stance import native

TARGETS = {"jobs1": 500, "jobs2": 1000, "floor_ratio": 4.0, "time_100k_over_10k": 11.0, "mem_100k_over_10k": 1.2}


def alias_pattern() -> re.Pattern:
    """One regular expression for every gazetteer alias: exact-case ones as written, the others in any
    case. The alternatives are folded into a trie (``Ru(?:sia|…)``), as a plain alternation of 2,000
    aliases makes Python's engine try each one at every position."""
    from stance import load_gazetteer

    aliases = load_gazetteer().aliases
    exact = [a for a, case in zip(aliases["alias"], aliases["case"], strict=True) if case == "exact"]
    anycase = [a.lower() for a, case in zip(aliases["alias"], aliases["case"], strict=True) if case != "exact"]
    return re.compile(r"\b(?:" + _trie_regex(exact) + "|(?i:" + _trie_regex(anycase) + r"))\b")


def _trie_regex(words: list[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    branches = [re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in node else body


def floor(files: list[Path], pattern: re.Pattern) -> tuple[float, int]:
    """Seconds to read the collection and find every alias; the number of hits."""
    start, hits = time.perf_counter(), 0
    for path in files:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    hits += sum(1 for _ in pattern.finditer(json.loads(line)["text"]))
    return time.perf_counter() - start, hits


def run_score(inputs: Path, out: Path, jobs: int, chunk_size: int | None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, every process of the tree) and peak tree memory (MB)
    of one `stance score` run."""
    command = [sys.executable, "-m", "stance.cli", "score", str(inputs), "--out", str(out), "--jobs", str(jobs), "-q"]
    if chunk_size:
        command += ["--chunk-size", str(chunk_size)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, _tree_memory(root))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes the workers the command waited for
    if proc.returncode:
        raise SystemExit(f"stance score failed ({proc.returncode}): {' '.join(command)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, peak / 1e6


def _lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def _tree_memory(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in processes:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="collection sizes (articles)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to run")
    parser.add_argument("--chunk-size", type=int, help="--chunk-size for stance score (default: its own)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stance-bench"), help="collections and outputs")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    print(f"machine: {platform.machine()}, {psutil.cpu_count()} cores, python {platform.python_version()}, "
          f"load average {', '.join(f'{x:.1f}' for x in psutil.getloadavg())}", flush=True)  # fmt: skip
    print(f"scoring modules: {native.status()}", flush=True)  # STANCE_PURE=1 runs the Python sources
    pattern = alias_pattern()
    rows = []
    for n in sizes:
        folder = args.work / f"collection-{n}"
        files = sorted(folder.glob("*.jsonl"))
        if not files or sum(_lines(f) for f in files) != n:
            files = write_collection(n, folder)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        floor_s, hits = min((floor(files, pattern) for _ in range(3)), key=lambda f: f[0])  # best of 3
        print(f"{n} articles, {megabytes:.1f} MB: floor {floor_s:.2f} s ({hits} alias hits)", flush=True)
        for jobs in jobs_list:
            load = psutil.getloadavg()[0]
            seconds, cpu, peak = run_score(folder, args.work / f"out-{n}-j{jobs}", jobs, args.chunk_size)
            rows.append({"articles": n, "jobs": jobs, "seconds": seconds, "articles/s": n / seconds,
                         "MB/s": megabytes / seconds, "CPU s": cpu, "articles/CPU-s": n / cpu, "peak MB": peak,
                         "floor s": floor_s, "x floor": seconds / floor_s, "load": load})  # fmt: skip
            shown = (f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[-1].items())
            print("  " + "  ".join(shown), flush=True)
    _report(rows)


def _report(rows: list[dict]) -> None:
    import pandas as pd

    table = pd.DataFrame(rows)
    print("\n" + table.to_string(index=False, float_format=lambda x: f"{x:,.2f}"))
    print("\ntargets:")
    by = {(r["articles"], r["jobs"]): r for r in rows}
    for jobs, key in ((1, "jobs1"), (2, "jobs2")):
        for r in (r for r in rows if r["jobs"] == jobs):
            _check(f"{r['articles']} articles, --jobs {jobs}: {r['articles/s']:,.0f} articles/s >= {TARGETS[key]}",
                   r["articles/s"] >= TARGETS[key])  # fmt: skip
    for r in rows:
        text = f"{r['articles']} articles, --jobs {r['jobs']}: {r['x floor']:.1f}x the floor"
        _check(f"{text} <= {TARGETS['floor_ratio']}", r["x floor"] <= TARGETS["floor_ratio"])
    for jobs in sorted({r["jobs"] for r in rows}):
        big, small = by.get((100_000, jobs)), by.get((10_000, jobs))
        if big and small:
            ratio, mem = big["seconds"] / small["seconds"], big["peak MB"] / small["peak MB"]
            _check(f"--jobs {jobs}: 100k time / 10k time = {ratio:.2f} <= {TARGETS['time_100k_over_10k']}",
                   ratio <= TARGETS["time_100k_over_10k"])  # fmt: skip
            _check(f"--jobs {jobs}: 100k peak / 10k peak = {mem:.2f} <= {TARGETS['mem_100k_over_10k']}",
                   mem <= TARGETS["mem_100k_over_10k"])  # fmt: skip


def _check(text: str, ok: bool) -> None:
    print(f"  [{'met' if ok else 'NOT met'}] {text}")


if __name__ == "__main__":
    main()
