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
# # 02 · Score stance
#
# Who takes which position toward each target, how strongly, and which sentence shows it. The scoring
# is `stance.score` (the same as `stance score` on the command line); this notebook shows its tables.
# Change the parameters below to run it on your own collection.

# %% tags=["parameters"]
collection = ["../seeds", "../data/demo"]  # folders or files: .txt, .jsonl, .json, .csv, .parquet
year = 2024  # year for datelines such as 'Rabu (19/6)' when the metadata has no date
targets = "united_states,ukraine,china"
level = "person"  # "person" or "country"
model_path = ""  # a .skops file from `stance train`; empty: the shipped model
out_dir = ""  # write the SPEC tables here too; empty: do not write
n_top = 8

# %%
from pathlib import Path

import pandas as pd

import stance
from stance.explore import strongest_evidence, top_holders
from stance.models import load_model

pd.set_option("display.max_colwidth", 200)
model = load_model(model_path) if model_path else None
tables = stance.score(collection, targets=tuple(targets.split(",")), level=level, model=model, year=year)
articles, evidence, article_stance = tables["articles"], tables["evidence"], tables["article_stance"]
print(
    f"{len(articles)} articles ({(articles.status != 'ok').sum()} skipped), "
    f"{len(evidence)} evidence rows, {len(article_stance)} article stances"
)

# %% [markdown]
# ## Articles and their tone
# Every input article is here, scored or skipped with its reason.

# %%
articles[["article_id", "date", "source", "title", "status", "reason", "n_sentences", "tone"]].head(15)

# %% [markdown]
# ## Top holders per target
# Articles in which each holder is for, against or neutral toward the target, and the mean article score.

# %%
top_holders(article_stance, n=n_top)

# %% [markdown]
# ## The sentences behind the strongest positions

# %%
strongest_evidence(evidence, n=15)

# %% [markdown]
# ## Article-level stances
# One row per (article, holder, target): the score, its confidence and the number of evidence sentences.

# %%
article_stance.sort_values(["date", "article_id"]).head(20)

# %%
if out_dir:
    from stance.output import write_tables

    written = write_tables(tables, Path(out_dir))
    print("wrote", ", ".join(p.name for p in written))
