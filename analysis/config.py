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
AGENCIES_FILE = DATA_DIR / "agencies.csv"
TEMPLATES_DIR = PACKAGE_DIR / "outputs" / "templates"

CORPUS_DIR = PROJECT_DIR / "corpus"
FIGURES_DIR = PROJECT_DIR / "figures"
CODEBOOK_NAME = "themes.yml"
CODEBOOK_PATH = CORPUS_DIR / CODEBOOK_NAME
# The caches (analysis.cache) are disposable: delete the folder at any time, it is rebuilt.
# An empty ANALYSIS_CACHE_DIR is no setting: as Path("") it would be the folder the command runs in.
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR") or PROJECT_DIR / ".cache")

PLANS_TABLE_NAME = "plans.csv"
TOPIC_NAMES_FILE = "topic_names.yml"  # researchers' topic names (measure.topics.names)
# Files in the corpus folder that configure the analysis rather than being plans.
CORPUS_CONFIG_FILES = {PLANS_TABLE_NAME, "themes.yml", "themes.yaml", TOPIC_NAMES_FILE, "readme.md", "readme.txt"}
# Filled coding sheets (``validate sample``, then coded by hand) live in this folder of the corpus
# folder: every run scores the codebook against them (``outputs.validation``). Never read as plans.
VALIDATION_DIR_NAME = "validation"

# .doc, .odt and .rtf are read through LibreOffice when it is installed; the plans inside a .zip
# are read in place, each named archive.zip/inner-name (analysis.read.archives); images and scanned
# PDF pages through Tesseract OCR when it is installed (read.formats.scan).
PLAN_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".odt", ".rtf", ".zip", ".html", ".htm", ".mhtml", ".mht", ".png",
                 ".jpg", ".jpeg", ".tif", ".tiff"}
# A message about files not analysed names this many of each kind, then counts the rest (a national
# corpus would bury the sentence; every file's reason is printed above it).
MESSAGE_MAX_FILES = 5

# --- parallel steps (analysis.parallel) ---------------------------------------------------
# "loky": worker processes on this machine; "dask": a dask.distributed cluster (--scheduler).
PARALLEL_BACKEND = "loky"
PARALLEL_JOBS = -1  # -1: one worker per CPU core
# Fewer files (or fits) than this run in this process: starting workers costs more.
PARALLEL_MIN_ITEMS = 6
# Files a reading worker reads, then measures together, per task when a run measures as it reads
# (read.files._read_in_batches): one at a time, the measures cost twice as much.
READ_BATCH_FILES = 16
# The workbook and the briefings in the languages other than the run's are written by a second
# process (forked, so it shares the analysis without copying it) while this one draws the figures:
# at 300 plans they took a third of the time of adding one plan, and the two cores are otherwise
# idle then (analysis.outputs.background). False writes everything here, one file after another;
# the files are the same bytes either way. Without fork (Windows), they are always written here.
WRITE_IN_BACKGROUND = True
# A second process that has not finished after this many seconds is stopped and its files written here.
BACKGROUND_TIMEOUT_SECONDS = 3600
# On a dask cluster, tasks sent ahead per worker thread: enough that no worker waits for the next
# file, few enough that the files' bytes waiting on the scheduler stay a handful.
DASK_TASKS_PER_THREAD = 2
# Messages dask.distributed keeps per connection for debugging (its default, 1,000, holds the
# arguments of the last thousand tasks -- files' bytes -- in the client: analysis.parallel).
DASK_LOG_LENGTH = 10

# --- reading -----------------------------------------------------------------------------
# Limits that keep one hostile file from exhausting memory or time. A real provincial
# plan is 10-100 pages: tens of thousands of characters, a few MB as .docx or .pdf.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_DOCX_COMPRESSION_RATIO = 200  # zip bombs unpack thousands of times larger
MAX_PDF_PAGES = 1500
MAX_TEXT_CHARACTERS = 3_000_000  # about 1,000 pages of text
# Scans (read.formats.scan). A page takes Tesseract a few seconds on one core: a 300-page scan is
# minutes on two cores, so pages beyond MAX_OCR_PAGES (an hour or so) are not one plan but a bundle.
MAX_OCR_PAGES = 600
# One page image: A3 at 600 dpi is 70 million pixels; more is a damaged or hostile file
# (Pillow's own decompression-bomb limit is 89 million).
MAX_IMAGE_PIXELS = 80_000_000
# A page Tesseract has not finished by then is not a page of text (or the machine is stuck).
OCR_PAGE_TIMEOUT_SECONDS = 300
# Tesseract's model ("vie": Debian package tesseract-ocr-vie), the resolution PDF pages are rendered
# at and low-resolution images enlarged to (Tesseract's documentation: at least 300 dpi), and the
# search for the skew of a page: office scans lie within a few degrees of level.
OCR_LANGUAGE = "vie"
OCR_DPI = 300
OCR_DESKEW_MAX_DEGREES = 5.0
OCR_DESKEW_PRECISION = 0.1
# A pixel whose colour channels differ by more than this (of 255) is coloured ink -- a red stamp, a blue
# signature -- and is dropped before OCR; black text and grey scans differ by less than 30.
OCR_INK_MAX_CHROMA = 60
# Layout of the OCR'd text: a space wider than this many line heights inside a line is a column gap
# (header cells, 80-100 points apart; a word space is a third of a line); a mark with no letter or digit
# read with less confidence than this (0-100) is a speck of dust (dashes and bullets are read at 85-95).
OCR_COLUMN_GAP_LINES = 3.0
OCR_MIN_MARK_CONFIDENCE = 85
# Pages OCR'd at once (-1: one per core; in a parallel worker, its share of the cores).
OCR_JOBS = -1

# A scanned file is analysed but flagged (``ocr_low_quality`` in corpus.csv and commitments.csv, named in
# the run's summary and the briefing's annex: read.ocr_quality) when Tesseract's mean word confidence
# (0-100) is below OCR_MIN_CONFIDENCE, or more than OCR_MAX_NON_VIETNAMESE_SHARE of its syllables are
# no Vietnamese syllable. Clean text has almost none of those (the seed plans: 0.1-1.4%, abbreviations
# such as UBND), and misreading 30% of syllables by Tesseract's usual confusions (l as t, lost tone
# marks) raises the share only to 9% (tests/ocr_noise.py), since most misreadings are still syllables:
# above 15%, whole stretches were read as other characters (stamps, tables, handwriting, a faded copy).
# A crisp 300 dpi print scores a mean confidence in the high 80s or 90s; below 70 a large part of the
# words were guesses, and the numbers (targets, dates) read from them deserve a look at the scan.
OCR_MIN_CONFIDENCE = 70.0
OCR_MAX_NON_VIETNAMESE_SHARE = 0.15

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
# The most resample x passage counts a bootstrap holds at once (int64: 32 MB); beyond, the resamples are
# drawn in chunks from the same generator (the same draws). At 1,000 plans a group's topic prevalence
# resampled 1,000 x 40,000 passages at once: 0.3 GiB, the run's peak memory.
BOOTSTRAP_CHUNK_CELLS = 4_000_000

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
# False: a run fits at the k of the model the previous run on the corpus folder kept (unless the
# passages no longer allow it or changed too much, below); True searches k again. One default for notebooks
# (analyse) and `make figures` (RunOptions), so both choose the same k for the same corpus.
TOPIC_RESELECT = False
# The kept k is fitted again only while the passages changed little since its search: at most
# this share of topic units new or gone (a tenth: 30 plans added to 300). One plan added to 300
# changes about 0.3%: searching k again (a minute at 300 plans) would make adding a plan cost
# as much as a first run, and a tenth more text rarely moves the stability and coherence the
# choice rests on; past it, k is searched again on its own (``run --reselect-topics`` any time).
TOPIC_RESEARCH_CHANGE = 0.1
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

# Validating the codebook against human coding (``python -m analysis validate``,
# ``measure.themes.validation``). A sheet holds this many units by default: on a 3-plan corpus every
# passage, at scale enough hit passages per theme for a precision interval of about +-0.1.
VALIDATION_SAMPLE_SIZE = 200
# The sampling seed: any fixed number would do (this one is Cà Mau's plan date, 26 Feb 2020).
VALIDATION_SEED = 20200226
# Share of the sample drawn from passages with no hit of the themes coded: recall needs the misses,
# which hide thinly among them, so they get half the sheet (the hit strata share the rest).
VALIDATION_NO_HIT_SHARE = 0.5
VALIDATION_UNITS = ("passage", "sentence")
VALIDATION_SHEET_NAME = "coding_sheet"  # coding_sheet.xlsx, .csv and .design.csv
# F1's interval: a stratified bootstrap of the coded units (precision and recall use Wilson's).
VALIDATION_BOOTSTRAP = 2000
# Suggested phrases per theme (keyness of the missed passages against the others), and the
# fewest times a candidate must occur in them.
VALIDATION_SUGGESTIONS = 5
VALIDATION_SUGGEST_MIN_COUNT = 2

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
# Characters per line of a legend label that shares the axes with bars (the keyness figure: the left half).
FIGURE_LEGEND_WRAP = 44
# A trajectories panel's rate axis stops at this many times the highest rate it shows (at
# least 1 per 1,000 words): an interval above is cut there and marked with a caret, so the
# zero-hit interval of a tiny plan (205 per 1,000 for 18 words) cannot flatten every other plan.
FIGURE_CLIP_FACTOR = 2.0
# Pairs of plans in the "most similar pairs" figure that replaces the grid beyond FIGURE_MAX_PLANS.
FIGURE_TOP_PAIRS = 20
# Heatmaps with more groups than this put the groups on rows (they stay readable).
FIGURE_HEATMAP_MAX_COLUMNS = 12
# --- written tables (analysis.outputs.tables) ------------------------------------------------
# A passage's text is written once, in passages.csv; the tables whose rows sit in a passage
# (commitments, agency assignments, directives, representative passages) quote this many words
# of their sentence, enough to recognise it in a spreadsheet, and point to the passage by its id.
# Written whole, a sentence naming five agencies filled agency_assignments.csv five times over.
QUOTE_WORDS = 25
# Rows a workbook sheet holds; a longer table (theme evidence, passages, topic weights) shows its
# first rows, a note after them and in the "about" sheet naming the CSV file that holds every row.
# It bounds the workbook whatever the corpus: with every evidence row (50,000 at 300 generated
# plans) it weighed 7 MB at 300 plans and grew with each plan; the CSV files keep every row.
WORKBOOK_MAX_ROWS = 10_000
# The line under a figure lists plans by name up to FIGURE_MAX_PLANS; beyond, it counts them.
# Passages quoted in the briefing for each featured theme.
BRIEFING_QUOTES_PER_THEME = 2
BRIEFING_COMMITMENTS = 12  # targets and dated tasks the main page lists (every one is in commitments.csv)
# How well the extractor found lead agencies on real plans nobody tuned its rules for: measured once, at first
# pass, on the last held-out set (tests/data/commitments/real/measured/heldout-10-first-pass.txt, the tenth round's final set; the test of the
# real sets keeps this equal to the numbers it pins). The briefing says it beside the agency counts.
LEAD_AGENCIES_FIRST_PASS = {"precision": 0.73, "recall": 0.68}
# The bottom line at the top of the briefing: at most this many sentences.
BOTTOM_LINE_MAX_SENTENCES = 5
# Featured themes are marked in the codebook; a codebook that marks none features its
# most salient themes, this many.
FEATURED_THEMES_FALLBACK = 4
# Terms (or words each way) a reading under a figure quotes.
READING_TOP_TERMS = 3

# --- commitments: task tables -----------------------------------------------------------------
# Task tables ("STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
# Sản phẩm", one row per line after reading a .docx or web page): the words a column's header holds,
# by what the column holds, matched case- and tone-insensitively, first column kind first
# ("Thời gian thực hiện" is a deadline before "thực hiện" makes it the lead; "Cơ quan phối hợp"
# coordinates before "cơ quan" makes it lead). Headers seen in real plans' appendices.
TASK_TABLE_HEADERS = (
    ("number", ("stt", "tt", "số tt", "số thứ tự")),  # the whole header, not a part of it
    ("deadline", ("thời gian", "thời hạn", "tiến độ", "năm hoàn thành", "mốc hoàn thành")),
    ("coordinate", ("phối hợp",)),
    ("output", ("sản phẩm", "kết quả", "hình thức văn bản")),
    ("lead", ("chủ trì", "đầu mối")),
    # a yearly-values table's unit column (measure.commitments.value_tables), before "đơn vị" names a lead
    ("unit", ("đvt", "đơn vị tính")),
    ("task", ("nội dung", "nhiệm vụ", "công việc", "giải pháp", "hoạt động", "tên đề án", "tên dự án", "chỉ tiêu")),
    ("lead", ("thực hiện", "cơ quan", "đơn vị", "trách nhiệm")),
)
# A table needs at least these many columns, one of them the task and one the lead or the deadline.
TASK_TABLE_MIN_COLUMNS = 3
