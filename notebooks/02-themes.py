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
from analysis.outputs import catalogue
from analysis.outputs.analyse import analyse
from analysis.measure.codebook import codebook_table
from analysis.read.corpus import build_corpus

analysis = analyse(build_corpus(), include_topics=False)

# %% [markdown]
# ## What does the codebook count as evidence of each theme?

# %%
codebook_table(analysis.codebook)

# %% [markdown]
# ## Which province gives most attention to which theme?

# %%
catalogue.draw(analysis, "theme_heatmap")[0]

# %% [markdown]
# ## The same, with provinces as merged on 1 July 2025 (`province_2025`)

# %%
catalogue.draw(analysis, "theme_heatmap_province_2025")[0]

# %% [markdown]
# ## How do the featured themes compare across plans and issue years?

# %%
catalogue.draw(analysis, "theme_trajectories")[0]

# %% [markdown]
# ## How sure are we? Theme shares with 95% bootstrap intervals

# %%
catalogue.draw(analysis, "theme_shares")[0]

# %% [markdown]
# ## Where in each plan do the featured themes appear?

# %%
catalogue.draw(analysis, "theme_dispersion")[0]

# %% [markdown]
# ## The evidence for the chosen theme: every hit, with its section and context

# %%
analysis.tables["theme_evidence"].query("theme == @THEME")[["doc_id", "section_path", "left", "match", "right"]]

# %% [markdown]
# ## Codebook phrases that never matched (candidates to fix or remove)

# %%
analysis.tables["theme_unmatched_phrases"]
