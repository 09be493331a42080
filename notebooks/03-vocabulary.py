# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · What does each plan say that the others don't?
#
# Dictionaries only find what we expect. TF-IDF, keyness and collocations show each plan's
# distinctive vocabulary; similarity shows which plans read alike. Change `TARGET` (a
# doc_id, province or year) and `REFERENCE` (or `None` for all other plans).

# %%
TARGET = "Cà Mau"
REFERENCE = None

# %%
from analysis.outputs import catalogue
from analysis.outputs.analyse import analyse
from analysis.read.corpus import build_corpus
from analysis.measure.keyness import keyness_between

corpus = build_corpus()
analysis = analyse(corpus, include_topics=False)

# %% [markdown]
# ## Which terms are most distinctive of each plan (TF-IDF)?

# %%
catalogue.draw(analysis, "tfidf_top_terms_bars")[0]

# %% [markdown]
# ## Which words does the target over- and under-use compared with the reference (keyness)?

# %%
keyness_between(corpus, TARGET, REFERENCE).head(20)

# %% [markdown]
# ## Which word pairs co-occur more than chance (collocations the codebook may be missing)?

# %%
analysis.tables["collocations"].groupby("doc_id").head(8)

# %% [markdown]
# ## How similar are the plans' vocabularies?

# %%
catalogue.draw(analysis, "similarity_heatmap")[0]

# %% [markdown]
# With many plans a grid of every pair cannot be read: the most similar pairs instead
# (what `run` draws beyond a dozen plans).

# %%
catalogue.draw(analysis, "similarity_top_pairs")[0]
