"""Where compiled scoring spends its time, below Python: shares by library and by compiled function.

Run: python benchmarks/profile_native.py [INPUT ...] [--top N]
Needs Linux `perf` (Debian: apt-get install linux-perf) and the scoring modules compiled (`pip install`,
see setup.py). A Python profiler (benchmarks/profile_score.py) sees a compiled function as one call;
perf samples the machine code, so it shows what the compiled code spends its time on: its own C
functions (``CPyDef_<module>___<function>``), CPython's (regular expressions, dicts, allocation),
numpy and scipy, and the kernel. Defaults to the seed and the demo collection; the models and the
gazetteer are loaded and a few articles scored before sampling counts, but perf samples the whole
process, so give it enough articles (a synthetic collection from benchmarks/make_collection.py) for
loading to be a small part.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from stance import native

ROOT = Path(__file__).resolve().parent.parent

_SCORE = """
import sys, warnings
warnings.filterwarnings("ignore")
from stance import load_corpus, load_gazetteer, score
from stance.models import load_default_model, load_default_tone_model
gazetteer, model, tone = load_gazetteer(), load_default_model(), load_default_tone_model()
corpus = load_corpus(sys.argv[1:])
score(corpus, gazetteer=gazetteer, model=model, tone_model=tone)
"""


def _report(data: Path, sort: str) -> list[tuple[float, str]]:
    """(share %, name) rows of `perf report` sorted by `sort` (dso or symbol), self time only."""
    command = ["perf", "report", "-i", str(data), "--no-children", "--sort", sort, "--stdio", "-g", "none"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith("%") and not line.startswith("#"):
            name = parts[2] if parts[1] in ("[.]", "[k]") and len(parts) > 2 else parts[1]
            rows.append((float(parts[0].rstrip("%")), name))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "seeds"), str(ROOT / "data" / "demo")])
    parser.add_argument("--top", type=int, default=15, help="rows of each table")
    args = parser.parse_args()
    if shutil.which("perf") is None:
        raise SystemExit("perf is not installed (Debian: apt-get install linux-perf)")
    if native.status() != "compiled (mypyc)":
        raise SystemExit(f"the scoring modules are not compiled here: {native.status()}")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "perf.data"
        command = ["perf", "record", "-q", "-F", "999", "-o", str(data), "--", sys.executable, "-c", _SCORE]
        subprocess.run([*command, *args.inputs], check=True)
        libraries = _report(data, "dso")
        functions = _report(data, "symbol")
    print(f"scoring modules: {native.status()}; inputs: {' '.join(args.inputs)}")
    print("\nshare of samples by library (the compiled modules are stance_native__mypyc):")
    for share, name in libraries[: args.top]:
        print(f"  {share:6.2f} %  {name}")
    ours = [(share, name) for share, name in functions if name.startswith("CPyDef_")]
    total = sum(share for share, _ in ours)
    print(f"\nstance's compiled functions, self time ({total:.1f} % in all; the rest of the library's share is")
    print("mypyc's run-time helpers and the Python-facing wrappers):")
    for share, name in ours[: args.top]:
        print(f"  {share:6.2f} %  {name.removeprefix('CPyDef_')}")
    print("\nall functions, self time:")
    for share, name in functions[: args.top]:
        print(f"  {share:6.2f} %  {name}")


if __name__ == "__main__":
    main()
