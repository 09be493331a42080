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
THEMES = ["wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"]
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
LANG = "en"  # "en" or "vi"

# %%
from analysis import pipeline, report
from analysis.corpus import build_corpus

corpus = build_corpus(CORPUS_DIR).subset(provinces=PROVINCES)
analysis = pipeline.analyse(corpus, include_topics=False, featured_themes=THEMES)

# %% [markdown]
# ## Headline

# %%
report.headline(analysis, LANG)

# %% [markdown]
# ## Which province prioritises which theme?

# %%
pipeline.draw(analysis, "theme_heatmap", LANG)[0]

# %% [markdown]
# ## How do the featured themes compare across plans and years?

# %%
pipeline.draw(analysis, "theme_trajectories", LANG)[0]

# %% [markdown]
# ## The passages behind the headline numbers

# %%
report.evidence_quotes(analysis)
