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

Tokens are cached as JSON in ``config.CACHE_DIR`` under a key made of the segment
texts' hash, this module's ``TOKENIZER_VERSION`` and underthesea's version: a re-run
only segments new or changed plans. A cache entry that fails to parse or whose key
does not match is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import __version__, config
from analysis.atomic import write_text

TOKEN_COLUMNS = ["doc_id", "order", "position", "token", "lower", "is_word", "is_body"]
# Bump when the way tokens are produced changes, so old cache entries are not reused.
TOKENIZER_VERSION = "1"


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
    letters = [c for c in line if c.isalpha()]
    shouting = len(letters) > 3 and all(c.isupper() for c in letters)
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


def _cache_key(texts: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(f"tokenizer={TOKENIZER_VERSION};underthesea={underthesea_version()};analysis={__version__}\n".encode())
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _read_cache(path: Path, key: str, n_segments: int) -> list[list[str]] | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload["key"] != key or len(payload["tokens"]) != n_segments:
            return None
        tokens = payload["tokens"]
        if not all(isinstance(seg, list) and all(isinstance(t, str) for t in seg) for seg in tokens):
            return None
        return tokens
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, key: str, tokens: list[list[str]]) -> None:
    try:
        write_text(path, json.dumps({"key": key, "tokens": tokens}, ensure_ascii=False))
    except OSError:
        pass  # a cache we cannot write only costs time


def segment_tokens(texts: list[str], cache_dir: Path | None = None) -> list[list[str]]:
    """Tokens for each text, read from the cache when the same texts were seen before."""
    cache_dir = config.CACHE_DIR if cache_dir is None else cache_dir
    key = _cache_key(texts)
    path = cache_dir / "tokens" / f"{key}.json"
    cached = _read_cache(path, key, len(texts))
    if cached is not None:
        return cached
    tokens = [tokenize_line(text) for text in texts]
    _write_cache(path, key, tokens)
    return tokens


def tokenize_segments(segments: pd.DataFrame, cache_dir: Path | None = None) -> pd.DataFrame:
    """One row per token of one plan's segments; see the module docstring."""
    per_segment = segment_tokens(list(segments["text"]), cache_dir)
    rows = []
    position = 0
    for (doc_id, order, is_body), tokens in zip(segments[["doc_id", "order", "is_body"]].itertuples(index=False), per_segment):
        for token in tokens:
            rows.append((doc_id, order, position, token, token.lower(), any(c.isalpha() for c in token), is_body))
            position += 1
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


# --- word lists ----------------------------------------------------------------------


def _read_word_list(name: str) -> frozenset[str]:
    words = set()
    for line in (config.DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.lower().replace(" ", "_"))
    return frozenset(words)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Vietnamese function words (``data/stopwords_vi.txt``), in "_"-joined form."""
    return _read_word_list("stopwords_vi.txt")


@lru_cache(maxsize=1)
def boilerplate() -> frozenset[str]:
    """Administrative boilerplate (``data/boilerplate_vi.txt``) that analyses may drop."""
    return _read_word_list("boilerplate_vi.txt")
