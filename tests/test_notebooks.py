"""Every notebook runs headless, top to bottom, on a small collection, and produces what it promises.

The pattern of scikit-hep/pyhf's notebook tests: papermill executes each notebook with its `parameters`
cell overridden, and we assert on the files and outputs it made, not merely that it did not crash.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

papermill = pytest.importorskip("papermill")
jupytext = pytest.importorskip("jupytext")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
REPORT_NOTEBOOK = ROOT / "src" / "stance" / "data" / "report" / "report.ipynb"  # run by tests/test_report.py


@pytest.fixture(scope="module")
def small_collection(tmp_path_factory) -> list[str]:
    """The seed and a handful of demo articles, spread over the years, one with a syndicated twin."""
    folder = tmp_path_factory.mktemp("collection")
    lines = []
    for part in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        lines += part.read_text(encoding="utf-8").splitlines()[:4]
    (folder / "small.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(ROOT / "seeds"), str(folder / "small.jsonl")]


def _run(name: str, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    out = tmp_path / name
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters,
        cwd=str(NOTEBOOKS),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(out, as_version=4)


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(json.dumps(output.get("data", {})))
    return "\n".join(parts)


@pytest.mark.parametrize("notebook", [*NOTEBOOK_FILES, REPORT_NOTEBOOK], ids=lambda p: p.stem)
def test_notebook_is_committed_clean_and_paired(notebook):
    nb = nbformat.read(notebook, as_version=4)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "one cell tagged 'parameters'"
    paired = jupytext.read(notebook.with_suffix(".py"))
    assert [c.source for c in paired.cells] == [c.source for c in nb.cells], "run: jupytext --sync " + notebook.name


def test_corpus_overview_notebook(small_collection, tmp_path):
    nb = _run("01-corpus-overview.ipynb", tmp_path, collection=small_collection)
    text = _outputs_text(nb)
    assert "n_articles" in text and "first_date" in text  # the sources table
    assert "image/png" in text  # the articles-per-quarter chart
    assert "vladimir_putin" in text  # the entity table


def test_stance_shift_notebook(small_collection, tmp_path):
    nb = _run("03-stance-shift.ipynb", tmp_path, collection=small_collection, period="quarter", n_boot=200)
    text = _outputs_text(nb)
    assert text.count("image/png") >= 2  # stance over time, evidence timeline
    assert "ci_low" in text and "mean_score" in text


def test_score_notebook(small_collection, tmp_path):
    nb = _run("02-score-stance.ipynb", tmp_path, collection=small_collection, out_dir=str(tmp_path / "run"))
    stances = pd.read_csv(tmp_path / "run" / "article_stance.csv")
    assert len(stances) > 0
    assert "vladimir_putin" in set(stances["holder"])
    assert "n_against" in _outputs_text(nb)  # the top-holders table was shown


def test_retrain_notebook(small_collection, tmp_path):
    labels = pd.read_csv(ROOT / "data" / "labels" / "stance_sentences.csv")
    subset = labels[labels["group"].isin(labels["group"].drop_duplicates().head(60))]
    subset.to_csv(tmp_path / "labels.csv", index=False)
    nb = _run(
        "04-retrain-classifier.ipynb",
        tmp_path,
        sentence_labels=str(tmp_path / "labels.csv"),
        context_labels="",
        folds=2,
        gold=str(ROOT / "data" / "gold" / "demo.csv"),
        gold_collection=small_collection,
        out_dir=str(tmp_path / "model"),
    )
    from stance.models import load_model, model_card

    model = load_model(tmp_path / "model" / "stance.skops")
    card = model_card(tmp_path / "model" / "stance.skops")
    assert {s["scorer"] for s in card["cross_validation"]["scores"]} >= {"dummy (stratified)", "rules", "classifier"}
    assert hasattr(model, "classifier_")
    text = _outputs_text(nb)
    assert "retrained" in text and "predicted" in text  # comparison with the shipped model; confusion matrix


def test_evaluate_notebook(small_collection, tmp_path):
    _run(
        "05-evaluate.ipynb",
        tmp_path,
        collection=small_collection,
        pred_dir=str(tmp_path / "run"),
        compare=False,
    )
    scores = pd.read_csv(tmp_path / "run" / "evaluation" / "scores_person.csv")
    assert scores.loc[scores["target"] == "all", "f_avg"].between(0, 1).all()
    assert (tmp_path / "run" / "evaluation" / "errors_country.csv").is_file()


def test_annotate_notebook_retrains_with_the_labels(small_collection, tmp_path):
    from stance.annotate import candidates_to_label
    from stance.corpus import load_corpus
    from stance.widgets import LabellingSession

    # The buttons call LabellingSession.label; click through a few candidates the same way.
    sheet = candidates_to_label(load_corpus(small_collection, year=2024)).head(6)
    session = LabellingSession(sheet, tmp_path / "labels.csv")
    for stance in ("against", "neutral", "favor", "neutral"):
        session.label(stance)
    session.skip()
    assert len(pd.read_csv(tmp_path / "labels.csv")) == 4

    labels = pd.read_csv(ROOT / "data" / "labels" / "stance_sentences.csv")
    labels[labels["group"].isin(labels["group"].drop_duplicates().head(40))].to_csv(
        tmp_path / "sentences.csv", index=False
    )
    nb = _run(
        "06-annotate.ipynb",
        tmp_path,
        collection=small_collection,
        n_candidates=5,
        labels_out=str(tmp_path / "labels.csv"),
        sentence_labels=str(tmp_path / "sentences.csv"),
        context_labels="",
        out_dir=str(tmp_path / "model"),
    )
    from stance.models import model_card

    card = model_card(tmp_path / "model" / "stance.skops")
    assert card["data"]["context_labels"] == 4
    assert "4 labels in" in _outputs_text(nb)


def test_labelling_session_keeps_the_latest_label(tmp_path):
    from stance.annotate import candidates_to_label
    from stance.widgets import LabellingSession

    sheet = candidates_to_label(str(ROOT / "seeds")).head(2)
    first = LabellingSession(sheet, tmp_path / "labels.csv")
    first.label("neutral")
    again = LabellingSession(sheet, tmp_path / "labels.csv")
    saved = again.label("against")  # the same candidate, corrected
    assert len(saved) == 1 and saved["stance"].iat[0] == "against"
    with pytest.raises(ValueError, match="stance must be"):
        again.label("maybe")
