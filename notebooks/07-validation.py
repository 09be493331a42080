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
# # 07 · How well does the codebook read these plans?
#
# The themes are counted by a dictionary of phrases (`corpus/themes.yml`). Before trusting its
# numbers on new plans, a person reads a sample of passages and codes them; the codebook is then
# scored against that reading: **precision** (of the passages it finds, the share a reader agrees
# with) and **recall** (of the passages a reader codes to a theme, the share it finds), with 95%
# intervals. The steps: `validate_sample` draws the passages (`python -m analysis validate sample`
# writes them as a sheet with drop-downs), a person codes them, the filled sheet goes into the
# corpus folder's `validation/` folder, and every later run scores the codebook against it.
#
# The project ships one filled sheet for the three seed plans: every passage (151), coded by a
# project reader for the four featured themes, without looking at what the codebook finds.

# %% tags=["parameters"]
CORPUS_DIR = None  # None: the project's corpus folder; or a path such as "../my-plans"
LANG = "en"  # language of figures and readings: "en" or "vi"
SIZE = 60  # passages in a new sheet: half from passages with no hit (recall needs the misses)
CODER = ""  # the coder's name, written in the sheet

# %%
from analysis import analyse, figure, read_corpus, validate_sample, validate_score

study = analyse(read_corpus(CORPUS_DIR), include_topics=False)

# %% [markdown]
# ## A new sheet: passages sampled with a seed, stratified by what the codebook finds
#
# The `stratum` column is for the weights and is never shown to the coder (the sheet hides it); the
# rows come in reading order, so nothing says which passages the codebook found.

# %%
validate_sample(study, size=SIZE, coder=CODER, lang=LANG)[["unit_id", "plan", "section", "stratum", "text"]]

# %% [markdown]
# ## The codebook against the shipped reading of the seed plans

# %%
result = validate_score(study)
result.scores[["theme", "n_coded", "tp", "fp", "fn", "precision", "precision_low", "precision_high", "recall",
               "recall_low", "recall_high", "f1", "n_coders", "alpha"]]

# %%
figure(study, "codebook_validation", LANG)

# %% [markdown]
# ## Every disagreement, with its passage: the researcher's call
#
# The three Cà Mau passages on sea-level rise ("công trình phục vụ ứng phó biến đổi khí hậu và
# nước biển dâng", "mô hình nhà ở thích ứng với biến đổi khí hậu và nước biển dâng", and the
# update of the province's action plan on climate change and sea-level rise) are coded here as
# coastal protection, and the codebook counts them only under climate change. Whether they should
# count for the coast is a decision about what the theme means, not a bug: the table shows them.

# %%
result.disagreements[["theme", "kind", "doc_id", "section", "phrases", "text"]]

# %% [markdown]
# ## Suggested edits, never applied
#
# Phrases over-represented in the missed passages (keyness against every other passage), as YAML to
# paste under a theme's `phrases:`; for a false positive, the phrase responsible and a candidate
# `excludes:` rule. After an edit, `python -m analysis validate score` shows the change.

# %%
print(result.suggestions)
