"""Vietnamese word segmentation with underthesea, cached by content hash.

``tokenize_segments(segments)`` takes a segment table (``segment.segment_text``) and
returns one row per token:

=========  ==================================================================
doc_id     the plan
order      the segment's ``order``
position   0, 1, 2, ... token position within the plan
token      the word as segmented, syllables joined with "_" ("nước_thải")
lower      ``token`` in lower case: the form vectorizers and counts use
is_word    True when the token contains a letter (not punctuation or a number)
is_body    copied from the segment: measures count body tokens only
=========  ==================================================================

underthesea is kept behind ``_segment_words`` only: importing it reconfigures the root
logger, and its ``fixed_words`` argument leaks between calls, so we never pass it.
``word_tokenize`` and the CRF model it loads are bundled in the wheel and need no
network. The CRF is case-sensitive and segments all-caps headings badly, so all-caps
lines are segmented in sentence case and the original casing is restored.

Tokens are cached with the rest of what reading a file yields (``read.plan_cache``):
a re-run only segments new or changed files.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import config

TOKEN_COLUMNS = ["doc_id", "order", "position", "token", "lower", "is_word", "is_body"]


@lru_cache(maxsize=1)
def _underthesea():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # Imported here, once, so that its logging set-up can be undone right after (see the docstring).
    import underthesea
    from underthesea import word_tokenize

    # Undo the logging.basicConfig that importing underthesea performs.
    root.handlers[:] = handlers
    root.setLevel(level)
    return word_tokenize, underthesea.__version__


def underthesea_version() -> str:
    return _underthesea()[1]


def _segment_words(line: str) -> list[str]:
    word_tokenize, _ = _underthesea()
    shouting = line.isupper() and sum(c.isalpha() for c in line) > 3
    source = line.capitalize() if shouting else line
    words = word_tokenize(source)
    if shouting:
        # Map back to the original casing: segmentation never changes the characters'
        # count, only where word boundaries fall.
        restored, cursor = [], 0
        upper = line
        for word in words:
            start = source.find(word, cursor)
            if start < 0:
                restored.append(word.upper())
                continue
            restored.append(upper[start: start + len(word)])
            cursor = start + len(word)
        words = restored
    return [w.replace(" ", "_") for w in words]


# underthesea's CRF holds features for a whole line: very long lines (a file without line
# breaks) are segmented in pieces cut at spaces, so memory and time stay proportional.
MAX_PIECE_CHARACTERS = 2000


def _pieces(line: str) -> list[str]:
    pieces, start = [], 0
    while len(line) - start > MAX_PIECE_CHARACTERS:
        cut = line.rfind(" ", start, start + MAX_PIECE_CHARACTERS)
        cut = cut if cut > start else start + MAX_PIECE_CHARACTERS
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def tokenize_line(line: str) -> list[str]:
    """Segment one line of normalised text into words joined with "_"."""
    return [w for piece in _pieces(line) if piece.strip() for w in _segment_words(piece)]


def segment_tokens(texts: list[str]) -> list[list[str]]:
    """Tokens for each text (segment) of a plan."""
    return [tokenize_line(text) for text in texts]


def token_table(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per token (``TOKEN_COLUMNS``) of segments that carry a ``tokens`` list column.

    Built column-wise (explode, vectorised string tests): at a thousand plans the token
    table has millions of rows, too many to build one Python tuple at a time.
    """
    if segments.empty:
        return pd.DataFrame(columns=TOKEN_COLUMNS)
    exploded = segments[["doc_id", "order", "is_body", "tokens"]].explode("tokens", ignore_index=True)
    exploded = exploded[exploded["tokens"].notna()].rename(columns={"tokens": "token"}).reset_index(drop=True)
    exploded["token"] = exploded["token"].astype(str)
    exploded["position"] = exploded.groupby("doc_id", sort=False).cumcount()
    # Each distinct word tested once (a corpus has a few tens of thousands among millions of tokens).
    codes, words = pd.factorize(exploded["token"])
    exploded["lower"] = words.str.lower().take(codes).array
    exploded["is_word"] = np.asarray(words.str.contains(r"[^\W\d_]", regex=True), dtype=bool)[codes]  # has a letter
    exploded["order"] = exploded["order"].astype(int)
    exploded["is_body"] = exploded["is_body"].astype(bool)
    return exploded[TOKEN_COLUMNS]


def tokenize_segments(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per token of one plan's segments; see the module docstring."""
    return token_table(segments.assign(tokens=segment_tokens(list(segments["text"]))))


# --- word lists ----------------------------------------------------------------------


def _read_word_list(name: str) -> frozenset[str]:
    words = set()
    for line in (config.DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower().replace(" ", "_"))
    return frozenset(words)


@lru_cache(maxsize=1)
def fragments() -> frozenset[str]:
    """Syllables that, standing alone, are a segmentation leftover, not a word (``data/fragments_vi.txt``)."""
    return _read_word_list("fragments_vi.txt")


@lru_cache(maxsize=1)
def procedural_words() -> frozenset[str]:
    """Words about the document itself (numbering, dates, sessions, issuing bodies): ``data/procedural_vi.txt``."""
    return _read_word_list("procedural_vi.txt")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Vietnamese function words (``data/stopwords_vi.txt``), in "_"-joined form."""
    return _read_word_list("stopwords_vi.txt")


@lru_cache(maxsize=1)
def boilerplate() -> frozenset[str]:
    """Administrative boilerplate (``data/boilerplate_vi.txt``) that analyses may drop."""
    return _read_word_list("boilerplate_vi.txt")
