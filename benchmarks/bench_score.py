"""Throughput of `stance score` (reading, candidates, both scorers, tone, aggregation), one process.

Run: python benchmarks/bench_score.py [INPUT ...]
Defaults to ../shared/realnews/dev.jsonl (when present) and data/demo with the seed. Prints model load
time, then for each input the best of three runs after a warm-up.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from stance import load_corpus, load_gazetteer, score

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [[ROOT.parent / "shared" / "realnews" / "dev.jsonl"], [ROOT / "seeds", ROOT / "data" / "demo"]]
REPEATS = 3


def main(argv: list[str]) -> None:
    from stance.models import load_default_model, load_default_tone_model

    inputs = [[Path(a)] for a in argv] or [group for group in DEFAULTS if all(p.exists() for p in group)]
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {platform.system()}")
    start = time.perf_counter()
    gazetteer, model, tone = load_gazetteer(), load_default_model(), load_default_tone_model()
    print(f"gazetteer and models load: {time.perf_counter() - start:.2f} s")
    for group in inputs:
        corpus = load_corpus(group, year=2024)
        megabytes = corpus["text"].str.len().sum() / 1e6
        score(corpus.head(5), gazetteer=gazetteer, model=model, tone_model=tone)
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            score(corpus, gazetteer=gazetteer, model=model, tone_model=tone)
            times.append(time.perf_counter() - start)
        best = min(times)
        names = " + ".join(str(p) for p in group)
        print(f"{names}: {len(corpus)} articles, {megabytes:.2f} M chars, best of {REPEATS}: {best:.2f} s = "
              f"{len(corpus) / best:.0f} articles/s")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
