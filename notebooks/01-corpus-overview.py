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
# # 01 · What is in the collection
#
# Sources, dates, lengths, the entities named most, syndicated copies, and every article that could not
# be read with the reason. Nothing is scored here: this is the reading layer (`stance.extract`).

# %% tags=["parameters"]
collection = ["../seeds", "../data/demo"]
year = 2024  # year for datelines such as 'Rabu (19/6)' when the metadata has no date
on_error = "skip"  # "skip": keep going and record why an article was skipped; "raise": stop at the first
duplicate_threshold = 0.8  # TF-IDF cosine at which two articles count as one story
n_entities = 20

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import stance
from stance.duplicates import find_duplicates
from stance.explore import corpus_overview, entity_counts, skipped_articles

pd.set_option("display.max_colwidth", 120)
corpus = stance.load_corpus(collection, year=year, on_error=on_error)
reading = stance.extract(corpus)
articles = reading["articles"]
print(f"{len(articles)} articles, {(articles.status == 'ok').sum()} read, {(articles.status != 'ok').sum()} skipped")

# %% [markdown]
# ## Sources and dates

# %%
display(corpus_overview(articles))
per_quarter = articles["date"].dropna().dt.to_period("Q").value_counts().sort_index()
ax = per_quarter.plot(kind="bar", figsize=(9, 3), color="#0072B2")
ax.set_ylabel("articles")
ax.set_title("Articles per quarter")
plt.show()

# %% [markdown]
# ## Lengths

# %%
display(articles["n_sentences"].describe().to_frame("sentences per article").T)

# %% [markdown]
# ## The entities named in most articles

# %%
entity_counts(reading["mentions"], n=n_entities)

# %% [markdown]
# ## Syndicated copies
# The same story from two outlets, or scraped twice: later aggregation counts each story once.

# %%
duplicates = find_duplicates(corpus, threshold=duplicate_threshold)
display(duplicates)

# %% [markdown]
# ## Articles not read, and why

# %%
skipped = skipped_articles(articles)
skipped if len(skipped) else "Every article was read."
