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
# # 05 · Briefing
#
# The bottom line, the plans compared, the main figures and the passages behind the numbers,
# as `make figures` writes them into `briefing.en.html` and `briefing.vi.html`. Set the
# parameters, then run all cells; re-run after adding new plans to `corpus/plans/`.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder
THEMES = None  # None: the themes marked `featured: true` in the codebook; or a list of theme ids
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
LANG = "en"  # "en" or "vi"
GROUP_BY = "resolution"  # compare plans pooled by: province, province_2025, year, doc_type, issuer, resolution

# %%
from analysis import analyse, bottom_line, evidence_quotes, figure, plan_table, read_corpus

study = analyse(read_corpus(CORPUS_DIR, provinces=PROVINCES), include_topics=False, featured=THEMES, group_by=GROUP_BY)

# %% [markdown]
# ## Bottom line
# "Higher" only where intervals do not overlap; each number's passages are listed below.

# %%
print("\n\n".join(bottom_line(study, LANG)))

# %% [markdown]
# ## The plans compared

# %%
plan_table(study, LANG)

# %% [markdown]
# ## How do the featured themes compare across plans?

# %%
figure(study, "theme_comparison", LANG)

# %% [markdown]
# ## Pooled by the attribute chosen above

# %%
figure(study, "theme_heatmap_by_group", LANG)

# %% [markdown]
# ## The passages behind the numbers

# %%
evidence_quotes(study)[["theme", "doc_id", "section", "text"]]
