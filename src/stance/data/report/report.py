# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Stance report
#
# Who takes which position toward each target in this collection, how it shifts over time, and the
# sentences that show it. Made by `stance report`; every table and figure below is also in the report
# folder (`*.csv`, `figures/*.png`), with `manifest.json` recording the inputs, parameters and versions.

# %% tags=["parameters"]
run_dir = "."  # the folder `stance report` scored the collection into
inputs = []  # the collection, read again for near-duplicate detection
year = 0  # year for datelines without one (0: none)
period = "month"  # day, week, month or quarter
n_pairs = 4  # holder -> target series to draw over time
n_boot = 1000  # bootstrap resamples for the intervals
duplicate_threshold = 0.8  # TF-IDF cosine at which two articles are one story

# %%
import json
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display

from stance import load_corpus, plots
from stance.duplicates import find_duplicates
from stance.explore import corpus_overview, skipped_articles, strongest_evidence, top_holders
from stance.over_time import stance_over_time
from stance.shifts import evidence_around, find_shifts

pd.set_option("display.max_colwidth", 160)
run = Path(run_dir)
figures = run / "figures"
figures.mkdir(parents=True, exist_ok=True)
manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
read = {"dtype": {"article_id": str}}
articles = pd.read_csv(run / "articles.csv", parse_dates=["date"], **read)
evidence = pd.read_csv(run / "evidence.csv", parse_dates=["date"], keep_default_na=False, na_values=[""], **read)
sentences = pd.read_csv(run / "sentences.csv", **read)
article_stance = pd.read_csv(run / "article_stance.csv", parse_dates=["date"], **read)
tables = {"articles": articles, "evidence": evidence, "article_stance": article_stance}


def show(ax, name: str) -> None:
    """Save the figure as figures/<name>.png and show that file, so the page and the folder match."""
    fig = ax.figure
    fig.savefig(figures / f"{name}.png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    display(Image(filename=str(figures / f"{name}.png")))


# %% [markdown]
# ## The run

# %%
parameters = manifest.get("parameters", {})
run_table = pd.DataFrame(
    {
        "value": [
            ", ".join(i["path"] for i in manifest.get("inputs", [])),
            len(articles),
            int((articles["status"] == "ok").sum()),
            int((articles["status"] != "ok").sum()),
            len(evidence),
            len(article_stance),
            ", ".join(parameters.get("targets", [])),
            parameters.get("level", ""),
            Path(str(parameters.get("model") or "shipped")).name,
            manifest.get("package_version", ""),
            manifest.get("created", ""),
        ]
    },
    index=[
        "inputs",
        "articles",
        "scored",
        "skipped",
        "evidence sentences",
        "article stances",
        "targets",
        "level",
        "model",
        "stance version",
        "created",
    ],
)
display(run_table)

# %% [markdown]
# ## The collection
# Articles per source, and every article that was not scored with the reason.

# %%
display(corpus_overview(articles))
skipped = skipped_articles(articles)
display(skipped if len(skipped) else "Every article was scored.")

# %% [markdown]
# ## Syndicated copies
# The same story from two outlets, or scraped twice, is counted once in everything over time below.

# %%
corpus = load_corpus(inputs, year=year or None, on_error="skip") if inputs else None
duplicates = find_duplicates(corpus, threshold=duplicate_threshold) if corpus is not None else None
display(duplicates if duplicates is not None and len(duplicates) else "No near-duplicate articles found.")

# %% [markdown]
# ## Who stands where
# Mean article score of each holder toward each target (−1 against … +1 in favour); the number in a
# cell is how many evidence sentences it rests on.

# %%
if len(article_stance):
    show(plots.stance_heatmap(article_stance), "heatmap")
    display(top_holders(article_stance, n=6))
else:
    print("No holder takes a position toward the targets in this collection.")

# %% [markdown]
# ## Stance over time
# Mean article score per period with a bootstrap interval (articles resampled), the number of articles
# underneath, and change points where the level shifts.

# %%
over_time = stance_over_time(tables, period=period, n_boot=n_boot, duplicates=duplicates)
over_time.to_csv(run / "over_time.csv", index=False)
volume = over_time.groupby(["holder", "target"])["n_articles"].sum()
pairs = volume.sort_values(ascending=False).head(n_pairs).index.tolist()
shift_tables = [find_shifts(over_time, holder, target) for holder, target in pairs]
shifts = pd.concat(shift_tables, ignore_index=True) if shift_tables else pd.DataFrame()
shifts.to_csv(run / "shifts.csv", index=False)
if pairs:
    show(plots.stance_over_time(over_time, pairs=pairs, shifts=shifts), "over_time")
display(shifts if len(shifts) else "No change point in the series drawn.")

# %% [markdown]
# ### The sentences around each change point

# %%
if len(shifts):
    around = evidence_around(evidence, shifts, duplicates=duplicates)
    display(around)

# %% [markdown]
# ## The evidence, sentence by sentence
# Each point is one sentence, by date and score; the labelled ones are listed below the figure.

# %%
if pairs and len(evidence):
    holder, target = pairs[0]
    show(plots.evidence_timeline(evidence, holder=holder, target=target), "evidence_timeline")
    display(plots.evidence_keys(evidence, holder=holder, target=target))
display(strongest_evidence(evidence, n=10))

# %% [markdown]
# ## Stance and tone
# Tone is about the words, stance about a holder and a target: a favourable stance in a negative
# sentence is common (support for a country under attack), and the two should not be read as one.

# %%
if len(evidence):
    show(plots.stance_vs_tone(evidence, sentences), "stance_vs_tone")
    disagree = plots.stance_tone_table(evidence, sentences)
    display(
        disagree[disagree["disagree"]].head(10)[
            ["article_id", "sentence_idx", "holder", "target", "stance", "tone", "sentence"]
        ]
    )
