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
# # 05 · Briefing figures
#
# The figures and headline for a briefing. Set the parameters, then run all cells; re-run
# after adding new plans to `corpus/plans/`.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder
THEMES = None  # None: the themes marked `featured: true` in the codebook; or a list of theme ids
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
LANG = "en"  # "en" or "vi"

# %%
from analysis.outputs import briefing, catalogue
from analysis.outputs.analyse import analyse
from analysis.read.corpus import build_corpus

corpus = build_corpus(CORPUS_DIR).subset(provinces=PROVINCES)
analysis = analyse(corpus, include_topics=False, featured=THEMES)

# %% [markdown]
# ## Headline

# %%
briefing.headline(analysis, LANG)

# %% [markdown]
# ## Which province prioritises which theme?

# %%
catalogue.draw(analysis, "theme_heatmap", LANG)[0]

# %% [markdown]
# ## How do the featured themes compare across plans and years?

# %%
catalogue.draw(analysis, "theme_trajectories", LANG)[0]

# %% [markdown]
# ## The passages behind the headline numbers

# %%
briefing.evidence_quotes(analysis)
