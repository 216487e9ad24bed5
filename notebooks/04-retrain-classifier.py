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
# # 04 · Retrain the stance classifier
#
# Train the stance scorer on the project's labelled sets (or your own CSV in the same columns), look at
# grouped cross-validation beside the baselines, the confusion matrix and the features that drive each
# class, compare it with the shipped model on gold labels, and save it with its model card.
# `stance train --out DIR` does the same from the command line.

# %% tags=["parameters"]
sentence_labels = "../data/labels/stance_sentences.csv"  # text, holder, target, stance, group
context_labels = "../data/labels/context"  # candidates labelled in their articles ("" for none)
train_articles = "../data/train"  # the articles those candidates are in
folds = 5  # grouped cross-validation folds (0: none)
gold = "../data/gold/demo.csv"  # gold labels to compare on ("" to skip)
gold_collection = ["../seeds", "../data/demo"]
year = 2024
out_dir = "../out/model"  # where stance.skops and its card go

# %%
from pathlib import Path

from IPython.display import display

from stance.models import save_model
from stance.report_eval import compare_scorers
from stance.train import cv_confusion_table, cv_table, train_stance

model, card = train_stance(sentence_labels, context_labels=context_labels or None, articles=train_articles, folds=folds)
print({k: v for k, v in card["data"].items() if k not in ("files", "sha256", "path")})

# %% [markdown]
# ## Train, with grouped cross-validation beside the baselines
# Folds are grouped by story, so no story sits on both sides of a split. The dummy baselines and the
# rules-only scorer are scored on the same folds.

# %%
display(cv_table(card) if folds else "no cross-validation")

# %% [markdown]
# ## Confusion matrix (out-of-fold predictions of the trained scorer)

# %%
confusion = cv_confusion_table(card)
display(confusion if folds else "no cross-validation")

# %% [markdown]
# ## The features that drive each class
# The classifier's largest weights toward each class: masked context words (`HOLDER`, `TARGET`), cue and
# quote structure, lexicon signals.

# %%
features = model.classifier_.top_features(12)
features.pivot_table(index=features.groupby("class").cumcount(), columns="class", values="feature", aggfunc="first")

# %% [markdown]
# ## Compared with the shipped model on gold labels

# %%
if gold:
    comparison = compare_scorers(gold_collection, gold, year=year, labels=sentence_labels, models={"retrained": model})
    display(comparison.pivot(index="scorer", columns="level", values="f_avg").round(3))

# %% [markdown]
# ## Save

# %%
saved = save_model(model, Path(out_dir) / "stance.skops", card)
print("saved", saved, "— use it with: stance score INPUT --model", saved)
