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
# # 02 · How much does each plan say about each environmental theme?
#
# Theme hits come from the editable codebook `corpus/themes.yml`; every number can be
# traced to the passages behind it. Change `THEME` to look at another theme's evidence.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
LANG = "en"  # language of figures and readings: "en" or "vi"
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
GROUP_BY = "resolution"  # pool plans by: province, province_2025, year, doc_type, issuer, resolution
THEME = "wastewater"  # a theme id from the codebook: whose evidence to list

# %%
from analysis import analyse, codebook, evidence, figure, read_corpus, themes

study = analyse(read_corpus(CORPUS_DIR, provinces=PROVINCES), include_topics=False, group_by=GROUP_BY)

# %% [markdown]
# ## How do the featured themes compare across plans (with intervals and counts)?

# %%
figure(study, "theme_comparison", LANG)

# %% [markdown]
# The numbers behind it: hits, rate per 1,000 words, share and intervals, one row per plan and theme

# %%
themes(study)

# %% [markdown]
# ## The plans pooled by the attribute chosen above

# %%
figure(study, "theme_heatmap_by_group", LANG)

# %%
themes(study, group_by=GROUP_BY)

# %% [markdown]
# ## What does the codebook count as evidence of each theme?

# %%
codebook(study)

# %% [markdown]
# ## Which province gives most attention to which theme?

# %%
figure(study, "theme_heatmap", LANG)

# %% [markdown]
# ## The same, with provinces as merged on 1 July 2025 (`province_2025`)

# %%
figure(study, "theme_heatmap_province_2025", LANG)

# %% [markdown]
# ## How do the featured themes compare across plans and issue years?

# %%
figure(study, "theme_trajectories", LANG)

# %% [markdown]
# ## How sure are we? Theme shares with 95% bootstrap intervals

# %%
figure(study, "theme_shares", LANG)

# %% [markdown]
# ## Where in each plan do the featured themes appear?

# %%
figure(study, "theme_dispersion", LANG)

# %% [markdown]
# ## The evidence for the chosen theme: every hit, with its section and context

# %%
evidence(study, THEME)[["doc_id", "section_path", "left", "match", "right"]]

# %% [markdown]
# ## Codebook phrases that never matched (candidates to fix or remove)

# %%
study.tables["theme_unmatched_phrases"]
