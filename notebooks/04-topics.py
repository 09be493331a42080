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
# # 04 · Which themes emerge without a codebook (topic models)?
#
# Topics are fitted on the plans' passages (not whole plans, which are too few). The number
# of topics is chosen by coherence and by stability across seeds.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
LANG = "en"  # language of figures and readings: "en" or "vi"
PROVINCES = None  # e.g. ["Cà Mau", "Thanh Hóa"]; None: every province
GROUP_BY = "resolution"  # pool plans by: province, province_2025, year, doc_type, issuer, resolution
CONTRAST = ("24-NQ/TW", "41-NQ/TW")  # two values of GROUP_BY to compare topic by topic

# %%
from analysis import analyse, figure, read_corpus, topic_contrast, topics

study = analyse(read_corpus(CORPUS_DIR, provinces=PROVINCES), group_by=GROUP_BY)

# %% [markdown]
# ## How was the number of topics chosen?

# %%
topics(study, "selection")

# %%
figure(study, "topic_model_selection", LANG)

# %% [markdown]
# ## What are the topics?

# %%
figure(study, "topic_terms_bars", LANG)

# %% [markdown]
# ## How much of each plan does each topic take up?

# %%
figure(study, "topic_prevalence_bars", LANG)

# %%
figure(study, "topic_trends", LANG)

# %% [markdown]
# ## Which passages are most typical of each topic?

# %%
topics(study, "segments")[["topic", "label", "rank", "doc_id", "section_path", "text"]]

# %% [markdown]
# ## What is each topic about? Words by weight and by FREX (frequent and exclusive), and the codebook theme it resembles

# %%
topics(study, "labels")

# %% [markdown]
# ## Naming topics
# Each run writes `topic_names.yml` beside its outputs: fill in a name for any topic, copy the file into the
# corpus folder, and later runs keep each name on the topic that still holds at least half of its words.
# Below: your names and the topics they match now (empty until the file is in the corpus folder), then the
# words kept out of topic vocabularies as boilerplate.

# %%
topics(study, "names")

# %%
topics(study, "boilerplate")

# %% [markdown]
# ## How much of each group's text does each topic take (with 95% intervals)?

# %%
figure(study, "topic_effects_intervals", LANG)

# %% [markdown]
# ## Do plans of the first group give more weight to a topic than plans of the second?
# An interval (`ci_low` to `ci_high`) that excludes 0 is a difference the passages support.

# %%
topic_contrast(study, *CONTRAST)
