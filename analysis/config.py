"""Paths and defaults, in one place.

Everything a run reads or writes is located from here, so notebooks and the CLI
never hold a path string of their own.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"

CORPUS_DIR = PROJECT_DIR / "corpus"
FIGURES_DIR = PROJECT_DIR / "figures"
# The token cache is disposable: delete it at any time, it is rebuilt.
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR", PROJECT_DIR / ".cache"))

PLANS_TABLE_NAME = "plans.csv"
# Files in the corpus folder that configure the analysis rather than being plans.
CORPUS_CONFIG_FILES = {"plans.csv", "themes.yml", "themes.yaml", "readme.md", "readme.txt"}

PLAN_SUFFIXES = {".txt", ".docx", ".pdf", ".doc"}

# Limits that keep one hostile file from exhausting memory or time. A real provincial
# plan is 10-100 pages: tens of thousands of characters, a few MB as .docx or .pdf.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_DOCX_COMPRESSION_RATIO = 200  # zip bombs unpack thousands of times larger
MAX_PDF_PAGES = 1500
MAX_TEXT_CHARACTERS = 3_000_000  # about 1,000 pages of text

KWIC_WINDOW = 8
