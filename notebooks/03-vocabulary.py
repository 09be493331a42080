# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
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

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
LANG = "en"  # language of figures and readings: "en" or "vi"
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
GROUP_BY = "resolution"  # pool plans by: province, province_2025, year, doc_type, issuer, resolution
TARGET = "Cà Mau"  # a doc_id, province or year
REFERENCE = None  # the same, or None for every other plan

# %%
from analysis import analyse, figure, keyness, read_corpus

study = analyse(read_corpus(CORPUS_DIR, provinces=PROVINCES), include_topics=False, group_by=GROUP_BY)

# %% [markdown]
# ## Which terms are most distinctive of each plan (TF-IDF)?

# %%
figure(study, "tfidf_top_terms_bars", LANG)

# %% [markdown]
# ## Which features does the target over- and under-use compared with the reference (keyness)?
# A feature is a word (an underthesea token such as `nước_thải`) kept after stopwords and boilerplate.

# %%
keyness(study, TARGET, REFERENCE).head(20)

# %% [markdown]
# ## Which word pairs co-occur more than chance (collocations the codebook may be missing)?

# %%
study.tables["collocations"].groupby("doc_id").head(8)

# %% [markdown]
# ## How similar are the plans' vocabularies?

# %%
figure(study, "similarity_heatmap", LANG)

# %% [markdown]
# With many plans a grid of every pair cannot be read: the most similar pairs instead
# (what `run` draws beyond a dozen plans).

# %%
figure(study, "similarity_top_pairs", LANG)
