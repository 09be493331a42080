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
# # 06 · What do the plans promise, by when, and who is to deliver it?
#
# Targets (a number with its unit and object, or a standard to reach), dated tasks and their
# deadlines, the agencies each task is assigned to, and the central documents each plan carries
# out. Every row quotes the sentence it comes from: read it before quoting the number.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
LANG = "en"  # language of figures and readings: "en" or "vi"
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
GROUP_BY = "resolution"  # pool plans by: province, province_2025, year, doc_type, issuer, resolution

# %%
from analysis import analyse, commitments, figure, read_corpus

study = analyse(read_corpus(CORPUS_DIR, provinces=PROVINCES), include_topics=False, group_by=GROUP_BY)

# %% [markdown]
# ## Targets and dated tasks, each with the sentence it comes from

# %%
commitments(study)[["doc_id", "kind", "themes", "value", "unit", "object", "deadline", "text"]]

# %% [markdown]
# ## When are they due?

# %%
figure(study, "commitment_timeline", LANG)

# %% [markdown]
# ## Who leads what? (`successor_2025`: the agency that took the tasks over in the 2025 reorganisation; `generic`: a set such as "các cấp, các ngành", left out of the counts below)

# %%
commitments(study, "agencies")[["doc_id", "agency", "agency_level", "generic", "successor_2025", "role", "themes", "text"]]

# %%
figure(study, "agency_theme_matrix", LANG)

# %% [markdown]
# ## Which central documents does each plan implement, and which does it only cite?

# %%
figure(study, "directive_matrix", LANG)
