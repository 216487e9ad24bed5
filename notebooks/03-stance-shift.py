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
# # 03 · How stance shifts over time
#
# Mean article score per period for holder → target pairs, with bootstrap intervals (articles
# resampled, seeded), the number of articles underneath, change points, and the sentences around each
# change. Syndicated copies are counted once.

# %% tags=["parameters"]
collection = ["../seeds", "../data/demo"]
year = 2024
targets = "united_states,ukraine,china"
level = "country"  # "person" or "country"
period = "quarter"  # day, week, month or quarter
pairs = []  # e.g. [["north_korea", "ukraine"]]; empty: the pairs with most articles
n_pairs = 3
model_path = ""  # empty: the shipped model
n_boot = 1000

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import stance
from stance import plots
from stance.duplicates import find_duplicates
from stance.models import load_model
from stance.over_time import stance_over_time
from stance.shifts import evidence_around, find_shifts

pd.set_option("display.max_colwidth", 200)
corpus = stance.load_corpus(collection, year=year)
model = load_model(model_path) if model_path else None
tables = stance.score(corpus, targets=tuple(targets.split(",")), level=level, model=model)
duplicates = find_duplicates(corpus)
over_time = stance_over_time(tables, period=period, n_boot=n_boot, duplicates=duplicates)
chosen = [tuple(p) for p in pairs] or (
    over_time.groupby(["holder", "target"])["n_articles"]
    .sum()
    .sort_values(ascending=False)
    .head(n_pairs)
    .index.tolist()
)
over_time.head()

# %% [markdown]
# ## Change points

# %%
shift_tables = [find_shifts(over_time, holder, target) for holder, target in chosen]
shifts = pd.concat(shift_tables, ignore_index=True)
display(shifts)

# %% [markdown]
# ## Stance over time

# %%
plots.stance_over_time(over_time, pairs=chosen, shifts=shifts)
plt.show()

# %% [markdown]
# ## The sentences around each change point

# %%
if len(shifts):
    display(evidence_around(tables["evidence"], shifts, duplicates=duplicates))

# %% [markdown]
# ## Every evidence sentence of the first pair, by date and score

# %%
holder, target = chosen[0]
plots.evidence_timeline(tables["evidence"], holder=holder, target=target)
plt.show()
plots.evidence_keys(tables["evidence"], holder=holder, target=target)
