"""Where per-article scoring spends its time: a sampling profile of `stance.score`, by function.

Run: python benchmarks/profile_score.py [INPUT ...] [--top N]
Needs the bench extra (pyinstrument). Defaults to the seed and the demo collection. The models and the
gazetteer are loaded (and a few articles scored) before profiling starts, so only scoring is measured.
Prints two tables, as shares of the profiled time:
- stance functions by inclusive time (the function and what it calls; a recursive function counts once
  per call site, so shares of nested functions overlap),
- all functions by self time (the leaves where the time is actually spent: regexes, pandas, sklearn…).

A profiler of Python frames does not see inside the compiled modules (setup.py): with them, their time
shows as the compiled function that was called from Python. Run with STANCE_PURE=1 for the breakdown by
function (the same code as Python; shares close to the compiled run's, times about 1.4x longer), or
``perf record --call-graph dwarf`` for the compiled code itself (its C functions are named
``CPyDef_<module>___<function>``).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from pyinstrument import Profiler

from stance import load_corpus, load_gazetteer, score

ROOT = Path(__file__).resolve().parents[1]


def _walk(frame, inclusive, own, stack=()):
    """Add up, by file:function, inclusive time (once per path from the root) and self time (the
    frame's time minus its real children's; pyinstrument's synthetic ``[self]`` frames included)."""
    key = f"{frame.file_path_short or '?'}:{frame.function}"
    if key not in stack:
        inclusive[key] += frame.time
    own[key] += frame.total_self_time
    for child in frame.children:
        if not child.is_synthetic:
            _walk(child, inclusive, own, (*stack, key))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "seeds", ROOT / "data" / "demo"])
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    from stance.models import load_default_model, load_default_tone_model

    gazetteer, model, tone = load_gazetteer(), load_default_model(), load_default_tone_model()
    corpus = load_corpus(args.inputs, year=2024)
    score(corpus.head(3), gazetteer=gazetteer, model=model, tone_model=tone)
    profiler = Profiler(interval=0.001)
    profiler.start()
    score(corpus, gazetteer=gazetteer, model=model, tone_model=tone)
    session = profiler.stop()
    root = session.root_frame()
    total = root.time
    inclusive, own = defaultdict(float), defaultdict(float)
    _walk(root, inclusive, own)
    print(f"{len(corpus)} articles, {total:.2f} s profiled ({len(corpus) / total:.0f} articles/s under the profiler)")
    print("\nstance functions, inclusive time")
    ours = sorted(((t, k) for k, t in inclusive.items() if "stance/" in k and "benchmarks" not in k), reverse=True)
    for t, key in ours[: args.top]:
        print(f"  {t / total:6.1%}  {key}")
    print("\nall functions, self time")
    for t, key in sorted(((t, k) for k, t in own.items()), reverse=True)[: args.top]:
        print(f"  {t / total:6.1%}  {key}")


if __name__ == "__main__":
    main()
