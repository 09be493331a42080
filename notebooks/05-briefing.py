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
import pandas as pd

from analysis.outputs import briefing, catalogue
from analysis.outputs.analyse import analyse
from analysis.read.corpus import build_corpus

corpus = build_corpus(CORPUS_DIR).subset(provinces=PROVINCES)
study = analyse(corpus, include_topics=False, featured=THEMES, group_by=GROUP_BY)

# %% [markdown]
# ## Bottom line
# "Higher" only where intervals do not overlap; each number's passages are listed below.

# %%
print("\n\n".join(sentence.striptags() for sentence in briefing.bottom_line(study, LANG)))

# %% [markdown]
# ## The plans compared

# %%
table = briefing.plan_table(study, LANG)
pd.DataFrame(table["rows"], columns=table["columns"])

# %% [markdown]
# ## How do the featured themes compare across plans?

# %%
catalogue.figure(study, "theme_comparison", LANG)

# %% [markdown]
# ## Pooled by the attribute chosen above

# %%
catalogue.figure(study, "theme_heatmap_by_group", LANG)

# %% [markdown]
# ## The passages behind the numbers

# %%
pd.DataFrame(briefing.evidence_quotes(study))[["theme", "doc_id", "section", "text"]]
