"""Paths and defaults, in one place.

Everything a run reads or writes is located from here, and every number a researcher
may want to change (seeds, resamples, windows, ranges, thresholds) is defined here
once: stages take these as their defaults, the CLI shows them in ``--help``, and the
briefing's prose reads them from here rather than restating them. Importing this
module is cheap (no numpy, pandas or scikit-learn), so the CLI can read it at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

# --- paths -----------------------------------------------------------------------------
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
LABELS_FILE = DATA_DIR / "labels.yml"
PROVINCES_FILE = DATA_DIR / "provinces.csv"
PROVINCES_2025_FILE = DATA_DIR / "provinces_2025.csv"
DIRECTIVES_FILE = DATA_DIR / "directives.csv"
TEMPLATES_DIR = PACKAGE_DIR / "outputs" / "templates"

CORPUS_DIR = PROJECT_DIR / "corpus"
FIGURES_DIR = PROJECT_DIR / "figures"
CODEBOOK_NAME = "themes.yml"
CODEBOOK_PATH = CORPUS_DIR / CODEBOOK_NAME
# The caches (analysis.cache) are disposable: delete the folder at any time, it is rebuilt.
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR", PROJECT_DIR / ".cache"))

PLANS_TABLE_NAME = "plans.csv"
TOPIC_NAMES_FILE = "topic_names.yml"  # researchers' topic names (measure.topics.names)
# Files in the corpus folder that configure the analysis rather than being plans.
CORPUS_CONFIG_FILES = {PLANS_TABLE_NAME, "themes.yml", "themes.yaml", TOPIC_NAMES_FILE, "readme.md", "readme.txt"}

# .doc, .odt and .rtf are read through LibreOffice when it is installed; the plans inside a .zip
# are read in place, each named archive.zip/inner-name (analysis.read.archives).
PLAN_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".odt", ".rtf", ".zip"}
# A message about files not analysed names this many of each kind, then counts the rest (a national
# corpus would bury the sentence; every file's reason is printed above it).
MESSAGE_MAX_FILES = 5

# --- parallel steps (analysis.parallel) ---------------------------------------------------
# "loky": worker processes on this machine; "dask": a dask.distributed cluster (--scheduler).
PARALLEL_BACKEND = "loky"
PARALLEL_JOBS = -1  # -1: one worker per CPU core
# Fewer files (or fits) than this run in this process: starting workers costs more.
PARALLEL_MIN_ITEMS = 6

# --- reading -----------------------------------------------------------------------------
# Limits that keep one hostile file from exhausting memory or time. A real provincial
# plan is 10-100 pages: tens of thousands of characters, a few MB as .docx or .pdf.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_DOCX_COMPRESSION_RATIO = 200  # zip bombs unpack thousands of times larger
MAX_PDF_PAGES = 1500
MAX_TEXT_CHARACTERS = 3_000_000  # about 1,000 pages of text
# Zip archives of plans (analysis.read.archives): a portal's attachments are a few plans and
# annexes, tens of MB; an archive past these is skipped unopened. The total bounds the time an
# archive can take (each member is also held to MAX_FILE_BYTES); the ratio is the docx one.
MAX_ARCHIVE_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 1000
MAX_ARCHIVE_COMPRESSION_RATIO = MAX_DOCX_COMPRESSION_RATIO

# --- measures ----------------------------------------------------------------------------
# Syllables of context on each side of a match: KWIC lines and theme evidence alike.
CONTEXT_WINDOW = 8
# Syllables on each side that a codebook phrase's context rule (requires/excludes) looks at.
CODEBOOK_RULE_WINDOW = 4

# Theme intervals: percentile bootstrap over each plan's body segments. The seed is the
# date of the oldest seed plan (22 Dec 2016); any fixed number would do.
BOOTSTRAP_SEED = 20161222
BOOTSTRAP_RESAMPLES = 1000
CONFIDENCE_LEVEL = 0.95

# What a plan needs to enter the bottom line, the figures' readings and any "highest": shorter
# plans stay in every table, flagged ``short`` (theme_measures). A theme has about 3 hits per
# 1,000 body words on the seed plans' median theme, so a plan of 1,000 words expects about 3
# and its silence means something (no hit at all has probability e^-3 = 5%); at 100 words a
# zero or a single hit says almost nothing. The interval resamples passages: with fewer than
# 10 it takes few distinct values and is too narrow (one passage gives a single point).
CLAIM_MIN_BODY_WORDS = 1000
CLAIM_MIN_PASSAGES = 10
# The bottom line names at most this many plans lying clearly above the pooled rate, and
# counts the rest.
CLAIM_NAMED_PLANS = 3

# Keyness: a word seen fewer times in target + reference cannot be judged (quanteda's
# textstat_keyness has no minimum; 3 keeps hapaxes out of the charts).
KEYNESS_MIN_COUNT = 3
# Keyness p-values are adjusted for the hundreds of words tested in one comparison:
# "bh" (Benjamini-Hochberg, controls the share of false discoveries), "holm" (controls the
# chance of any false one; stricter), or "none".
KEYNESS_P_ADJUST = "bh"
# Keyness tables keep, per comparison, the features significant at 5% after adjustment
# and at least this many of the strongest each way: every feature of every plan against
# the rest would be millions of rows at a national corpus, nearly all of them noise.
KEYNESS_KEEP_TOP = 15
# Similarity: every pair of plans up to this many plans; beyond, each plan's most similar
# SIMILARITY_NEIGHBOURS plans (a 1,000-plan corpus has half a million pairs).
SIMILARITY_ALL_PAIRS_MAX = 60
SIMILARITY_NEIGHBOURS = 10
# Collocations: pairs seen at least this often in a plan; the top pairs per plan by G2.
COLLOCATION_MIN_COUNT = 2
COLLOCATION_TOP = 25
# TF-IDF: terms kept per plan (or group) in the table; word n-grams up to this length.
TFIDF_TOP_TERMS = 15
TFIDF_NGRAM_MAX = 3

# Topic models: the seed of the chosen model and the first of the selection seeds.
TOPIC_SEED = 2024
TOPIC_METHOD = "nmf"
TOPIC_K_RANGE = range(4, 13)
# False: a run warm-starts from the model the previous run on the corpus folder kept (same k
# unless the passages no longer allow it); True searches k again. One default for notebooks
# (analyse) and `make figures` (RunOptions), so both choose the same k for the same corpus.
TOPIC_RESELECT = False
# A chosen k at the top of the range searches on, TOPIC_K_STEP k at a time, up to one topic per
# TOPIC_UNITS_PER_TOPIC passages and never beyond TOPIC_K_MAX (a national corpus has room for
# more topics than three plans; a report cannot read a hundred).
TOPIC_K_STEP = 4
TOPIC_UNITS_PER_TOPIC = 10
TOPIC_K_MAX = 40
TOPIC_SELECTION_SEEDS = 5  # models fitted per k to measure stability
# Share of passages held out when scoring each k (NMF reconstruction error, LDA perplexity).
TOPIC_HELDOUT_SHARE = 0.2
# Mean best-match Jaccard a k needs to count as stable: 0.8, so that a topic reported is one whose
# top words mostly come back under another seed (0.7 let k = 11 through on the seeds, whose
# smaller topics came back only three times in four).
TOPIC_MIN_STABILITY = 0.8
TOPIC_TOP_TERMS = 10  # terms per topic compared for coherence and stability
# FREX (stm's labelTopics): weight of frequency against exclusivity in the harmonic mean.
TOPIC_FREX_WEIGHT = 0.5
# A topic is named after a codebook theme when at least this many of its top words
# (by weight and by FREX) are words of that theme's phrases; otherwise it is unnamed.
TOPIC_NAME_MIN_OVERLAP = 2
# Researchers' topic names (TOPIC_NAMES_FILE in the corpus folder): the share of the words written
# with a name that must be among a topic's top words for the topic to keep it.
TOPIC_NAME_KEEP_SHARE = 0.5
# A topic is flagged as procedural (about citing documents, not the environment) when at
# least this share of its top words are in data/procedural_vi.txt.
TOPIC_PROCEDURAL_SHARE = 0.3
# Boilerplate kept out of topic vocabularies (measure.topics.vocabulary): the hand-kept list and,
# from TOPIC_BOILERPLATE_MIN_PLANS plans in TOPIC_BOILERPLATE_MIN_PROVINCES provinces, the words
# this corpus uses evenly: in at least TOPIC_BOILERPLATE_MIN_PLAN_SHARE of its plans (and of each
# document type's) with Gries' DP across plans at most TOPIC_BOILERPLATE_MAX_DP. Below 20 plans,
# evenness cannot tell a shared theme ("nước_thải" in three plans) from boilerplate.
TOPIC_DROP_BOILERPLATE = True
TOPIC_BOILERPLATE_MIN_PLANS = 20
TOPIC_BOILERPLATE_MIN_PROVINCES = 3
TOPIC_BOILERPLATE_MIN_PLAN_SHARE = 0.9
TOPIC_BOILERPLATE_MAX_DP = 0.15
TOPIC_MIN_UNIT_TOKENS = 20  # shorter passages (headings) merge into the next
TOPIC_REPRESENTATIVE_PASSAGES = 3
# The search over k fits (k range x seeds) models: on at most this many passages, drawn
# with the topic seed (the chosen model is fitted on all of them).
TOPIC_SELECTION_MAX_UNITS = 4000
# Fewer passages than this fit in this process (a few seconds); more, in parallel workers.
TOPIC_PARALLEL_MIN_UNITS = 1000

# --- outputs -----------------------------------------------------------------------------
LANGUAGES = ("en", "vi")
# Plan attributes the theme tables can be grouped by (``--group-by``; quanteda's docvars), and the
# default: the central resolution a plan implements explains most differences between plans.
GROUP_ATTRIBUTES = ("province", "province_2025", "year", "doc_type", "issuer", "resolution")
GROUP_BY = "resolution"
DEFAULT_LANG = "en"
# The briefing says the date it was run on: --date, else this variable's UTC date (seconds since
# 1970, the reproducible-builds convention: https://reproducible-builds.org/specs/source-date-epoch/),
# else today.
SOURCE_DATE_VARIABLE = "SOURCE_DATE_EPOCH"
FIGURE_DPI = 150
# Bars drawn per panel / per direction: enough to read, few enough to stay legible.
FIGURE_TOP_TERMS = 12
FIGURE_KEYNESS_TOP = 15
FIGURE_TOPIC_TERMS = 8
# Figures with one panel, bar or row per plan (shares, dispersion, top terms, similarity
# grid, topic prevalence, keyness) are drawn for every plan up to this many plans; beyond,
# only for the plans named with --plans (or all, with --per-plan), and corpus-wide figures
# aggregate by province or year instead.
FIGURE_MAX_PLANS = 12
# Lines (provinces) drawn in a trajectories panel; beyond, the provinces with most plans
# (more lines cross each other too often to follow, and province colours start to repeat).
FIGURE_MAX_LINES = 4
# A trajectories panel's rate axis stops at this many times the highest rate it shows (at
# least 1 per 1,000 words): an interval above is cut there and marked with a caret, so the
# zero-hit interval of a tiny plan (205 per 1,000 for 18 words) cannot flatten every other plan.
FIGURE_CLIP_FACTOR = 2.0
# Pairs of plans in the "most similar pairs" figure that replaces the grid beyond FIGURE_MAX_PLANS.
FIGURE_TOP_PAIRS = 20
# Heatmaps with more groups than this put the groups on rows (they stay readable).
FIGURE_HEATMAP_MAX_COLUMNS = 12
# The line under a figure lists plans by name up to FIGURE_MAX_PLANS; beyond, it counts them.
# Passages quoted in the briefing for each featured theme.
BRIEFING_QUOTES_PER_THEME = 2
BRIEFING_COMMITMENTS = 12  # targets and dated tasks the main page lists (every one is in commitments.csv)
# The bottom line at the top of the briefing: at most this many sentences.
BOTTOM_LINE_MAX_SENTENCES = 5
# Featured themes are marked in the codebook; a codebook that marks none features its
# most salient themes, this many.
FEATURED_THEMES_FALLBACK = 4
# Terms (or words each way) a reading under a figure quotes.
READING_TOP_TERMS = 3
