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
# # 04 · Which themes emerge without a codebook (topic models)?
#
# Topics are fitted on the plans' passages (not whole plans, which are too few). The number
# of topics is chosen by coherence and by stability across seeds.

# %%
from analysis.outputs import catalogue
from analysis.outputs.analyse import analyse
from analysis.read.corpus import build_corpus

analysis = analyse(build_corpus())

# %% [markdown]
# ## How was the number of topics chosen?

# %%
analysis.tables["topic_selection"]

# %%
catalogue.draw(analysis, "topic_model_selection")[0]

# %% [markdown]
# ## What are the topics?

# %%
catalogue.draw(analysis, "topic_terms_bars")[0]

# %% [markdown]
# ## How much of each plan does each topic take up?

# %%
catalogue.draw(analysis, "topic_prevalence_bars")[0]

# %%
catalogue.draw(analysis, "topic_trends")[0]

# %% [markdown]
# ## Which passages are most typical of each topic?

# %%
analysis.tables["topic_representative_segments"][["topic", "label", "rank", "doc_id", "section_path", "text"]]
