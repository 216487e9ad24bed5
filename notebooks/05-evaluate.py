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
# # 05 · Evaluate against gold labels
#
# Precision, recall and F1 for favor and for against, and F_avg (their mean, the SemEval-2016 Task 6
# measure), per target and per level; the confusion matrix; and every miss and false alarm with its
# sentence. `stance evaluate --gold GOLD --pred DIR` does the same from the command line.

# %% tags=["parameters"]
collection = ["../seeds", "../data/demo"]
year = 2024
gold = "../data/gold/demo.csv"  # columns of article_stance.csv plus level (and optional)
labelled_articles = ""  # CSV of the article ids that were labelled; empty: GOLD_articles.csv if any, else all
model_path = ""  # empty: the shipped model
pred_dir = "../out/evaluate"  # the scored run and its evaluation are written here
compare = True  # also score the dummy baseline, the rules alone and the classifier alone
sentence_labels = "../data/labels/stance_sentences.csv"  # class shares for the stratified dummy

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

import stance
from stance.models import load_model
from stance.output import write_tables

pd.set_option("display.max_colwidth", 220)
model = load_model(model_path) if model_path else None
tables = stance.score(collection, year=year, model=model)
write_tables(tables, Path(pred_dir))
result = stance.evaluate_run(gold, pred_dir, articles=labelled_articles or None)

# %% [markdown]
# ## Scores per target, at person and country level

# %%
for level, scores in result["scores"].items():
    print(level, "level")
    display(scores.round(3))

# %% [markdown]
# ## Confusion matrices (rows gold, columns predicted; neutral = no favor/against pair)

# %%
for level, matrix in result["confusion"].items():
    print(level, "level")
    display(matrix)

# %% [markdown]
# ## Misses and false alarms, with the sentence the scorer relied on

# %%
errors = result["errors"]["person"]
display(errors["error"].value_counts())
errors.head(25)

# %% [markdown]
# ## Beside the baselines

# %%
if compare:
    side_by_side = stance.compare_scorers(
        collection, gold, year=year, articles=labelled_articles or None, labels=sentence_labels
    )
    display(side_by_side.pivot(index="scorer", columns="level", values="f_avg").round(3))
