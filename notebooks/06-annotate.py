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
# # 06 · Annotate: active learning
#
# The model is least sure about some candidate (holder, target) pairs in your collection. Label those
# first: each click is saved at once to a labels CSV (`article_id, sentence_idx, holder, target, stance`);
# then retrain with your labels added to the project's and see what changed. Rerun from the top for the
# next batch: the candidates are re-ranked by the retrained model when you point `model_path` at it.

# %% tags=["parameters"]
collection = ["../seeds", "../data/demo"]
year = 2024
model_path = ""  # the model that ranks candidates; empty: the shipped one
n_candidates = 25  # how many of the least certain candidates to show
labels_out = "../out/annotate/labels.csv"  # your labels are appended here
sentence_labels = "../data/labels/stance_sentences.csv"  # the project's labels, kept in training
context_labels = "../data/labels/context"
train_articles = "../data/train"
out_dir = "../out/annotate/model"  # the retrained model goes here

# %%
from pathlib import Path

import pandas as pd
from IPython.display import display

from stance.annotate import candidates_to_label, load_context_labels
from stance.corpus import load_corpus
from stance.models import load_default_model, load_model, save_model
from stance.train import train_stance
from stance.widgets import LabellingSession, labelling_widget

pd.set_option("display.max_colwidth", 200)
model = load_model(model_path) if model_path else load_default_model()
corpus = load_corpus(collection, year=year)
sheet = candidates_to_label(corpus, model=model).head(n_candidates)
sheet[["article_id", "sentence_idx", "holder_name", "target_name", "suggestion", "confidence", "sentence"]]

# %% [markdown]
# ## Label
# Read the sentence (and the one before it, in grey) and say what it shows about the holder toward the
# target: **favor**, **against**, or **neutral** (only mentioned, the victim, talks without taking a side,
# or the position belongs to someone else). Each click is saved to `labels_out`.

# %%
session = LabellingSession(sheet, labels_out)
labelling_widget(session)

# %% [markdown]
# ## Retrain with your labels
# Your labels join the project's labelled sets (the collection's articles are read again so each label
# meets exactly the candidate it was given for).

# %%
if Path(labels_out).is_file():
    mine = load_context_labels(labels_out)
    print(f"{len(mine)} labels in {labels_out}:", mine["stance"].value_counts().to_dict())
    context = [c for c in (context_labels, labels_out) if c]
    retrained, card = train_stance(
        sentence_labels, context_labels=context, articles=[train_articles, *collection], folds=0
    )
    saved = save_model(retrained, Path(out_dir) / "stance.skops", card)
    print("saved", saved)
    key = ["article_id", "sentence_idx", "holder", "target"]
    candidates = candidates_to_label(corpus, model=retrained).merge(mine, on=key, suffixes=("", "_label"))
    before = candidates_to_label(corpus, model=model).merge(mine, on=key, suffixes=("", "_label"))
    display(
        pd.DataFrame(
            {
                "model": ["before", "after"],
                "agrees with your labels (before, and after learning them)": [
                    (before["suggestion"] == before["stance"]).mean(),
                    (candidates["suggestion"] == candidates["stance"]).mean(),
                ],
            }
        )
    )
else:
    print("no labels yet: label some candidates above, then run this cell")
