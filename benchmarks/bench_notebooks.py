"""How long the notebook suite takes on the demo collection: each notebook run headless, top to bottom.

Run: python benchmarks/bench_notebooks.py [--keep DIR]
Needs the notebooks extra (papermill). Every notebook runs with its own parameters (the seed and the
demo collection, the project's labels, five-fold cross-validation in 04), only its output paths moved
to a temporary folder. For 06 the benchmark first clicks through the ten least certain candidates the
way the buttons do (`LabellingSession.label`, taking the model's suggestion: the clicks are the
researcher's time, not the suite's), so the notebook's retraining step runs and is timed too.
Prints the wall time of each notebook (kernel start included) and of the whole suite, run one after
another as a researcher would.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import papermill

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _outputs(name: str, out: Path) -> dict:
    """Each notebook's output parameters, pointed into `out`."""
    return {
        "02-score-stance.ipynb": {"out_dir": str(out / "score")},
        "04-retrain-classifier.ipynb": {"out_dir": str(out / "model")},
        "05-evaluate.ipynb": {"pred_dir": str(out / "evaluate")},
        "06-annotate.ipynb": {"labels_out": str(out / "labels.csv"), "out_dir": str(out / "annotate")},
    }.get(name, {})


def _click_through(labels_out: Path, n: int = 10) -> None:
    """Label the `n` least certain demo candidates as the widget's buttons would."""
    from stance.annotate import candidates_to_label
    from stance.corpus import load_corpus
    from stance.models import load_default_model
    from stance.widgets import LabellingSession

    corpus = load_corpus([ROOT / "seeds", ROOT / "data" / "demo"], year=2024)
    sheet = candidates_to_label(corpus, model=load_default_model()).head(n)
    session = LabellingSession(sheet, labels_out)
    for suggestion in sheet["suggestion"]:
        session.label(suggestion)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the executed notebooks and their outputs here")
    args = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "agg")
    out = args.keep or Path(tempfile.mkdtemp(prefix="stance-notebooks-"))
    out.mkdir(parents=True, exist_ok=True)
    _click_through(out / "labels.csv")
    times = {}
    for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        start = time.perf_counter()
        papermill.execute_notebook(
            str(notebook),
            str(out / notebook.name),
            parameters=_outputs(notebook.name, out),
            cwd=str(NOTEBOOKS),
            kernel_name="python3",
            progress_bar=False,
        )
        times[notebook.stem] = time.perf_counter() - start
        print(f"{notebook.stem:<24} {times[notebook.stem]:6.1f} s", flush=True)
    print(f"{'suite':<24} {sum(times.values()):6.1f} s on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
