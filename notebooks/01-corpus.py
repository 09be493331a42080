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
# # 01 · What is in the corpus?
#
# Every file under `corpus/` is read (never modified): decoded, normalised, split into its
# parts and given its metadata. This notebook shows what was found, what was skipped and
# why, and how each plan is structured. Re-run it after adding plans to `corpus/plans/`.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province

# %%
from analysis import analyse, kwic, read_corpus, structure, write_explorer

corpus = read_corpus(CORPUS_DIR, provinces=PROVINCES)

# %% [markdown]
# ## Which plans are in the corpus, and which files could not be used?
# `status` is `ok`, `duplicate` (same text as another file, counted once) or `skipped`
# (with the reason and what to do).

# %%
corpus.documents[["doc_id", "status", "province", "year", "date", "number", "issuer", "n_tokens", "reason"]]

# %% [markdown]
# ## How was each metadata field found?
# `plans.csv` wins over detection; where they differ, the detected value is kept in the source.

# %%
corpus.documents[["doc_id", "province_source", "date_source", "year_source", "number_source", "issuer_source"]]

# %% [markdown]
# ## Which central directives does each plan implement?

# %%
corpus.documents[["doc_id", "directives", "title"]]

# %% [markdown]
# ## How is each plan structured?
# Only the body (preamble and roman-numbered sections) is measured; the header, title,
# distribution list ("Nơi nhận") and signature are not.

# %%
structure(corpus)

# %% [markdown]
# ## Problems with `plans.csv` (if any)

# %%
corpus.warnings

# %% [markdown]
# ## Where do the plans say it? Every occurrence in context
# The search language of `python -m analysis kwic` and the explorer: `a | b` for either, `xử lý *` for any
# next syllable, `nhựa*` for syllables beginning so, `nước_thải` as keyness prints it; typed without tone marks
# (`rac thai nhua`), tone marks are ignored. `left` and `right` are syllables of context (`window=` sets how many on each side).

# %%
kwic(corpus, "rac thai nhua | túi ni lông")[["doc_id", "section", "left", "match", "right"]]

# %% [markdown]
# ## Read and search these plans in the browser
# The explorer is one page that opens offline (from a USB stick too): search with `a | b`, `xử lý *` or
# without tone marks, read each plan with its theme hits, see where a word falls. `make figures` writes it
# for the whole corpus as `figures/explorer.html`; the cell below writes it for the plans chosen above.

# %%
write_explorer(analyse(corpus, include_topics=False), "explorer-output/explorer.html")  # beside this notebook
