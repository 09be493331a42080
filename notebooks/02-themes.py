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
# # 02 · How much does each plan say about each environmental theme?
#
# Theme hits come from the editable codebook `corpus/themes.yml`; every number can be
# traced to the passages behind it. Change `THEME` to look at another theme's evidence.

# %%
THEME = "wastewater"

# %%
from analysis import pipeline
from analysis.codebook import codebook_table
from analysis.corpus import build_corpus

analysis = pipeline.analyse(build_corpus(), include_topics=False)

# %% [markdown]
# ## What does the codebook count as evidence of each theme?

# %%
codebook_table(analysis.codebook)

# %% [markdown]
# ## Which province gives most attention to which theme?

# %%
pipeline.draw(analysis, "theme_heatmap")[0]

# %% [markdown]
# ## How do the four named themes compare across plans and issue years?

# %%
pipeline.draw(analysis, "theme_trajectories")[0]

# %% [markdown]
# ## How sure are we? Theme shares with 95% bootstrap intervals

# %%
pipeline.draw(analysis, "theme_shares")[0]

# %% [markdown]
# ## Where in each plan do the named themes appear?

# %%
pipeline.draw(analysis, "theme_dispersion")[0]

# %% [markdown]
# ## The evidence for the chosen theme: every hit, with its section and context

# %%
analysis.tables["theme_evidence"].query("theme == @THEME")[["doc_id", "section_path", "left", "match", "right"]]

# %% [markdown]
# ## Codebook phrases that never matched (candidates to fix or remove)

# %%
analysis.tables["theme_unmatched_phrases"]
