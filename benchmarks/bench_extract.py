"""Throughput of the reading layer (`stance.extract`): articles/s and MB/s on real and demo text.

Run: python benchmarks/bench_extract.py [INPUT ...]
Defaults to ../shared/realnews/dev.jsonl (when present), the seed, and data/demo (when present).
Prints one line per input; the best of three runs, after one warm-up run that loads the resources.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from stance import extract, load_corpus, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [ROOT.parent / "shared" / "realnews" / "dev.jsonl", ROOT / "seeds", ROOT / "data" / "demo"]
REPEATS = 3


def main(argv: list[str]) -> None:
    inputs = [Path(a) for a in argv] or [p for p in DEFAULTS if p.exists()]
    start = time.perf_counter()
    gazetteer = load_gazetteer()
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {platform.system()}")
    print(f"gazetteer load: {time.perf_counter() - start:.3f} s ({len(gazetteer.entities)} entities)")
    for path in inputs:
        corpus = load_corpus(path)
        megabytes = corpus["text"].str.len().sum() / 1e6
        extract(corpus.head(5), gazetteer=gazetteer)  # warm-up: word lists and patterns compiled once
        best = min(_timed(corpus, gazetteer) for _ in range(REPEATS))
        print(
            f"{path}: {len(corpus)} articles, {megabytes:.2f} M chars, best of {REPEATS}: {best:.3f} s = "
            f"{len(corpus) / best:.0f} articles/s, {megabytes / best:.2f} M chars/s"
        )


def _timed(corpus, gazetteer) -> float:
    start = time.perf_counter()
    extract(corpus, gazetteer=gazetteer)
    return time.perf_counter() - start


if __name__ == "__main__":
    main(sys.argv[1:])
