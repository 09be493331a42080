"""What reading one file yields, cached per file content in parquet.

A ``ReadFile`` is everything about a file that depends only on its bytes (and an
encoding the user forced): how it decoded, its normalised text, its segments with each
segment's word tokens, the metadata detected in it and the signs that it is an official
document. plans.csv overrides and doc_ids are applied afterwards, so renaming a file or
editing plans.csv never invalidates the cache.

One parquet file per entry under ``<cache>/plans/<key>.parquet``: the segment table (one
row per segment, ``tokens`` a list column) with the rest in the file's key-value
metadata. The key (``analysis.cache.cache_key``) hashes the file's bytes (their SHA-256),
the forced encoding, ``CACHE_VERSION``, this package's version, the reading code and word
lists (``read/`` and ``data/``), the versions of the libraries that read and tokenise
(``READING_LIBRARIES``) and the reading limits in ``config`` (``ingest.reading_limits``),
so new code, another library or a changed limit never reads an old entry. Only files read
successfully are cached: a skip may depend on the machine (LibreOffice missing, a file a
worker could not open) and is tried again next run. Entries are written atomically; one
that fails to read, or whose recorded key differs, is rebuilt, never trusted. The cache
is disposable: delete ``.cache`` at any time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import cache
from analysis.read import ingest

# Bump when what reading a file yields changes (normalisation, segmentation, tokens, metadata).
CACHE_VERSION = "4"
_META_KEY = b"analysis.read_file"


@dataclass
class ReadFile:
    format: str
    encoding: str = ""
    reason: str = ""  # why the file cannot be used ("" when it can)
    sha256: str = ""
    text: str | None = None
    # segment.SEGMENT_COLUMNS without doc_id, plus ``tokens``; None in an entry of the folder's kept reading
    # (``kept_reading``: its rows are in that reading's tables)
    segments: pd.DataFrame | None = None
    detected: dict = field(default_factory=dict)
    signals: list[str] = field(default_factory=list)
    quality: dict = field(default_factory=dict)  # the reader's measures of the text (formats.Reading)
    # [start, end] of each reference in the text (citations.reference_spans: merged, sorted, apart), found
    # once, by the worker that read the file: themes and the vocabulary measures read them in every run.
    references: list = field(default_factory=list)
    # Seconds spent per step when the file was read now (empty from the cache; not stored).
    timings: dict = field(default_factory=dict)
    key: str = ""  # the key it is cached under (``cache_key``; set by ``files.read_files``, not stored)

    @property
    def ok(self) -> bool:
        return self.text is not None


# The library versions that change what reading yields: the PDF, Word and web-page readers, OCR's page
# images and Tesseract's wrapper, the tokenizer.
READING_LIBRARIES = ("pypdf", "python-docx", "lxml", "charset-normalizer", "pypdfium2", "pillow", "pytesseract",
                     "underthesea")


def cache_key(file_sha256: str, encoding: str | None) -> str:
    return cache.cache_key("plans", file_sha256, READING_LIBRARIES,
                           {"version": CACHE_VERSION, "encoding": encoding or "", "limits": ingest.reading_limits()},
                           code=("read", "data"))


def entry_path(cache_dir: Path, key: str) -> Path:
    return cache.entry_path(cache_dir, "plans", key, ".parquet")


def load(cache_dir: Path, key: str) -> ReadFile | None:
    """The cached entry, or None when there is none or it cannot be trusted."""
    return cache.load(entry_path(cache_dir, key), lambda path: _read_entry(path, key))


def _read_entry(path: Path, key: str) -> ReadFile | None:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    info = json.loads(table.schema.metadata[_META_KEY])
    if info.pop("key") != key:
        return None
    segments = table.to_pandas() if info.pop("has_segments") else None
    if segments is not None:
        segments["tokens"] = [list(t) for t in segments["tokens"]]
    return ReadFile(segments=segments, **info)


def described(entry: ReadFile) -> dict:
    """What is kept of ``entry`` beside its segments (``ReadFile(**described(entry))`` is it without them)."""
    return {"format": entry.format, "encoding": entry.encoding, "reason": entry.reason, "sha256": entry.sha256,
            "text": entry.text, "detected": entry.detected, "signals": entry.signals, "quality": entry.quality,
            "references": entry.references}


def save(cache_dir: Path, key: str, entry: ReadFile) -> None:
    """Store ``entry`` (atomically; a cache that cannot be written only costs time)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    info = {"key": key, **described(entry), "has_segments": entry.segments is not None}
    frame = entry.segments if entry.segments is not None else pd.DataFrame({"tokens": pd.Series([], dtype=object)})
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except pa.ArrowException:
        return
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           _META_KEY: json.dumps(info, ensure_ascii=False, default=str)})
    cache.save(entry_path(cache_dir, key), lambda temporary: pq.write_table(table, temporary))
