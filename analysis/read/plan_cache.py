"""What reading one file yields, cached per file content in parquet.

A ``ReadFile`` is everything about a file that depends only on its bytes (and an
encoding the user forced): how it decoded, its normalised text, its segments with each
segment's word tokens, the metadata detected in it and the signs that it is an official
document. plans.csv overrides and doc_ids are applied afterwards, so renaming a file or
editing plans.csv never invalidates the cache.

One parquet file per entry under ``<cache>/plans/<key>.parquet``: the segment table (one
row per segment, ``tokens`` a list column) with the rest in the file's key-value
metadata. The key hashes the file's bytes, the forced encoding, ``CACHE_VERSION``, this
package's version, the reading code's bytes and underthesea's version, so new code never reads
an old entry. An entry
that fails to read, or whose recorded key differs, is rebuilt, never trusted. The cache
is disposable: delete ``.cache`` at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import __version__

# Bump when what reading a file yields changes (normalisation, segmentation, tokens, metadata).
CACHE_VERSION = "3"
_META_KEY = b"analysis.read_file"


@dataclass
class ReadFile:
    format: str
    encoding: str = ""
    reason: str = ""  # why the file cannot be used ("" when it can)
    sha256: str = ""
    text: str | None = None
    segments: pd.DataFrame | None = None  # segment.SEGMENT_COLUMNS without doc_id, plus ``tokens``
    detected: dict = field(default_factory=dict)
    signals: list[str] = field(default_factory=list)
    # Seconds spent per step when the file was read now (empty from the cache; not stored).
    timings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.text is not None


@lru_cache(maxsize=1)
def _versions() -> str:
    # The reading code's own bytes too: a fix to normalisation or metadata detection must
    # never be hidden by an entry written by the code before it (the version may not change).
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + sorted((Path(__file__).parent.parent / "data").glob("*")):
        code.update(path.name.encode("utf-8") + path.read_bytes())
    return (f"cache={CACHE_VERSION};analysis={__version__};underthesea={metadata.version('underthesea')};"
            f"code={code.hexdigest()}")


def cache_key(file_sha256: str, encoding: str | None) -> str:
    return hashlib.sha256(f"{_versions()};encoding={encoding or ''};file={file_sha256}".encode()).hexdigest()


def entry_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / "plans" / f"{key}.parquet"


def load(cache_dir: Path, key: str) -> ReadFile | None:
    """The cached entry, or None when there is none or it cannot be trusted."""
    path = entry_path(cache_dir, key)
    if not path.exists():
        return None
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        info = json.loads(table.schema.metadata[_META_KEY])
        if info.pop("key") != key:
            return None
        segments = table.to_pandas() if info.pop("has_segments") else None
        if segments is not None:
            segments["tokens"] = [list(t) for t in segments["tokens"]]
        return ReadFile(segments=segments, **info)
    except Exception:  # noqa: BLE001 -- any damage (truncated file, foreign schema) means: rebuild
        return None


def save(cache_dir: Path, key: str, entry: ReadFile) -> None:
    """Store ``entry``; a cache that cannot be written only costs time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = entry_path(cache_dir, key)
    info = {"key": key, "format": entry.format, "encoding": entry.encoding, "reason": entry.reason,
            "sha256": entry.sha256, "text": entry.text, "detected": entry.detected, "signals": entry.signals,
            "has_segments": entry.segments is not None}
    frame = entry.segments if entry.segments is not None else pd.DataFrame({"tokens": pd.Series([], dtype=object)})
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               _META_KEY: json.dumps(info, ensure_ascii=False, default=str)})
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a run killed midway never leaves half an entry.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except (OSError, pa.ArrowException):
        pass
