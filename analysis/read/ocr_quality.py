"""How far the text of a scanned file can be trusted, as data that travels with the file.

The OCR reader (``formats.scan``) puts ``QUALITY_KEYS`` into ``Reading.quality``; through
``ingest.Decoded``, ``plan_cache.ReadFile`` (cached with the text) and ``corpus._describe`` they
reach one row per file of ``corpus.csv`` (``OCR_COLUMNS``), the run's manifest, the briefing's
annex and, as ``ocr_low_quality``, every row of ``commitments.csv`` that comes from a flagged plan.

==========================  =================================================================
``ocr_pages``               pages read by OCR (a mixed PDF: only its scanned pages)
``ocr_confidence``          Tesseract's mean word confidence, 0-100
``non_vietnamese_share``    share of the text's syllables that are no Vietnamese syllable, 0-1
                            (``non_vietnamese_share``)
``ocr_corrections``         syllables the post-correction changed (``post_correct``)
``ocr_low_quality``         the text is analysed but flagged: confidence below
                            ``config.OCR_MIN_CONFIDENCE`` or non-Vietnamese share above
                            ``config.OCR_MAX_NON_VIETNAMESE_SHARE`` (reasons in config)
==========================  =================================================================

Files read without OCR have these columns empty and ``ocr_low_quality`` False. The flag is
computed when the corpus is built, not when the file is read, so a changed threshold needs no
new reading. ``post_correct(text)`` -> (corrected text, {"ocr_corrections": n}): what the OCR
reader calls after Tesseract (``read.ocr_correction``). ``low_quality(quality)`` -> bool.
``corpus_values(quality)`` -> the row's values; ``typed(documents)`` gives the columns their types.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis import config
from analysis.read.normalize import fold
from analysis.read.ocr_correction import correct_ocr_text, lexicon

QUALITY_KEYS = ("ocr_pages", "ocr_confidence", "non_vietnamese_share", "ocr_corrections")
OCR_COLUMNS = [*QUALITY_KEYS, "ocr_low_quality"]
_WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")


def non_vietnamese_share(text: str) -> float:
    """Share of the words of ``text`` (runs of letters) that are no Vietnamese syllable (0 when none)."""
    words = [fold(word) for word in _WORD.findall(text)]
    if not words:
        return 0.0
    syllables = lexicon()[0]
    return sum(word not in syllables for word in words) / len(words)


def post_correct(text: str) -> tuple[str, dict]:
    """The OCR text corrected (``ocr_correction.correct_ocr_text``) and the quality entry it adds."""
    corrected, changes = correct_ocr_text(text)
    return corrected, {"ocr_corrections": len(changes)}


def is_ocr(quality: dict) -> bool:
    return any(key in (quality or {}) for key in QUALITY_KEYS)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def low_quality(quality: dict) -> bool:
    """True for OCR text below the thresholds in config (a measure that is missing does not flag)."""
    if not is_ocr(quality):
        return False
    confidence = _number(quality.get("ocr_confidence"))
    share = _number(quality.get("non_vietnamese_share"))
    return ((confidence is not None and confidence < config.OCR_MIN_CONFIDENCE)
            or (share is not None and share > config.OCR_MAX_NON_VIETNAMESE_SHARE))


def corpus_values(quality: dict) -> dict:
    """``OCR_COLUMNS`` of one file's corpus row: the measures (None when not OCR'd) and the flag."""
    quality = quality or {}
    values = {key: _number(quality.get(key)) if is_ocr(quality) else None for key in QUALITY_KEYS}
    return {**values, "ocr_low_quality": low_quality(quality)}


def typed(documents: pd.DataFrame) -> pd.DataFrame:
    """The corpus table with whole numbers as Int64, measures as floats and the flag as bool
    (empty cells in CSV for files not OCR'd)."""
    for column, kind in (("ocr_pages", "Int64"), ("ocr_corrections", "Int64"), ("ocr_confidence", "Float64"),
                         ("non_vietnamese_share", "Float64")):
        documents[column] = pd.to_numeric(documents[column], errors="coerce").astype(kind)
    documents["ocr_low_quality"] = documents["ocr_low_quality"].fillna(False).astype(bool)
    return documents
