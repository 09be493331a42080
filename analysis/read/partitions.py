"""Reading on a cluster: the workers keep what they read on disk, the client keeps small records.

On a dask cluster (``parallel.on_cluster()``) ``corpus.read_files`` sends each file to
``read_and_keep``: the worker reads it (``corpus.read_file``), writes the result as
its plan-cache entry -- one parquet partition per plan, ``<cache>/plans/<key>.parquet``
(``plan_cache``): the segment table with each segment's tokens, the text in the file's
metadata -- and returns a ``PlanSummary``: everything the plan's corpus row needs (format,
encoding, hashes, detected metadata, the signs of an official document, the news-report lead,
body words) and the partition's path, a few hundred bytes where the text, segments and tokens
weigh a megabyte or more. The corpus built from summaries (``Corpus.partitions``) loads its
``texts``, ``segments`` and ``tokens`` the first time a measure asks for them
(``load_tables``), and ``plan_corpus`` gives one plan's corpus, loaded from its partition
alone: what a worker gets to measure one plan, so the client holds the corpus rows and the
per-plan results, never every plan's text.

The workers and this machine must see the same cache folder: on a ``LocalCluster`` that is this
machine's disk; on a real cluster a shared filesystem (NFS, a mounted bucket) given as the
cache folder (``ANALYSIS_CACHE_DIR`` or ``cache_dir``). A worker that cannot write the
partition returns the plan inline (``PlanSummary.inline``): slower and heavier, never wrong.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pandas as pd

from analysis.read import plan_cache
from analysis.read.metadata import news_lead
from analysis.read.plan_cache import ReadFile
from analysis.read.plans_table import CorpusError
from analysis.read.segment import SEGMENT_COLUMNS
from analysis.read.tokenize import TOKEN_COLUMNS, token_table


@dataclasses.dataclass
class PlanSummary:
    """What a worker returns for a file in place of its ``ReadFile``: the small part, and where the rest is."""

    format: str
    encoding: str = ""
    reason: str = ""
    sha256: str = ""
    detected: dict = dataclasses.field(default_factory=dict)
    signals: list[str] = dataclasses.field(default_factory=list)
    quality: dict = dataclasses.field(default_factory=dict)
    timings: dict = dataclasses.field(default_factory=dict)
    partition: str = ""  # the parquet file holding the plan's text and segments ("" when not read)
    text_sha256: str = ""
    lead: str | None = None  # metadata.news_lead of the text
    n_body_words: int = 0
    inline: ReadFile | None = None  # the whole entry, when no partition could be written

    @property
    def ok(self) -> bool:
        return bool(self.partition) or self.inline is not None


def summarise(entry: ReadFile, partition: Path | str | None, keep_inline: bool = False) -> PlanSummary:
    """The summary of a file read (``partition``: where its entry is stored, or None)."""
    summary = PlanSummary(format=entry.format, encoding=entry.encoding, reason=entry.reason, sha256=entry.sha256,
                          detected=entry.detected, signals=entry.signals, quality=entry.quality,
                          timings=entry.timings)
    if not entry.ok:
        return summary
    summary.text_sha256, summary.lead = text_facts(entry)
    tokens = token_table(entry.segments.assign(doc_id=""))
    summary.n_body_words = int((tokens["is_word"] & tokens["is_body"]).sum())  # corpus.n_tokens's rule
    if partition:
        summary.partition = str(partition)
    else:
        summary.inline = entry
    return summary


def text_facts(entry: ReadFile | PlanSummary) -> tuple[str, str | None]:
    """(SHA-256 of the normalised text, its news-report lead or None) of a file read: what the
    corpus row needs from the text, taken from a summary without loading its partition."""
    if isinstance(entry, PlanSummary):
        return entry.text_sha256, entry.lead
    return hashlib.sha256(entry.text.encode("utf-8")).hexdigest(), news_lead(entry.text, entry.signals)


def read_and_keep(read, job: tuple) -> PlanSummary:
    """On a worker: ``read(job)`` (``corpus.read_file``; ``job``: name, bytes, encoding, cache folder),
    stored as its plan-cache entry; returns its summary."""
    return keep(read(job), job[3], job[2])


def keep(entry: ReadFile, cache_dir: Path | None, encoding: str | None) -> PlanSummary:
    """Store ``entry`` as its plan-cache entry and return its summary."""
    if not entry.ok or cache_dir is None:
        return summarise(entry, None)
    key = plan_cache.cache_key(entry.sha256, encoding)  # the worker's hash of the bytes it got: always true
    plan_cache.save(cache_dir, key, entry)
    path = plan_cache.entry_path(cache_dir, key)
    return summarise(entry, path if path.exists() else None)


def load_plan(summary: PlanSummary | str) -> ReadFile:
    """The whole entry of a plan read on a worker (its partition, or the entry it came back with)."""
    if isinstance(summary, PlanSummary) and summary.inline is not None:
        return summary.inline
    path = Path(summary.partition if isinstance(summary, PlanSummary) else summary)
    entry = plan_cache.load(path.parent.parent, path.stem)
    if entry is None:
        raise CorpusError(f"a plan read on a dask worker was kept at {path}, which this machine cannot read; give "
                          "a cache folder that the workers and this machine share (ANALYSIS_CACHE_DIR)")
    return entry


def plan_frames(doc_id: str, summary: PlanSummary | str) -> tuple[str, pd.DataFrame]:
    """(text, segments with their ``tokens`` list column) of one plan, as ``build_corpus`` keeps them."""
    entry = load_plan(summary)
    return entry.text, entry.segments.assign(doc_id=doc_id)


def load_tables(partitions: dict) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """``(texts, segments, tokens)`` of the plans in ``partitions`` (doc_id -> summary or path),
    in that order: the tables a corpus read in one process holds (``corpus._keep_plans``)."""
    texts, frames = {}, []
    for doc_id, summary in partitions.items():
        texts[doc_id], segments = plan_frames(doc_id, summary)
        frames.append(segments)
    if not frames:
        return {}, pd.DataFrame(columns=SEGMENT_COLUMNS), pd.DataFrame(columns=TOKEN_COLUMNS)
    segments = pd.concat(frames, ignore_index=True)
    return texts, segments[SEGMENT_COLUMNS].reset_index(drop=True), token_table(segments)


class LoadedOnFirstUse:
    """What ``Corpus`` inherits: with ``partitions`` (a corpus read on a cluster), its ``texts``,
    ``segments`` and ``tokens`` are loaded from them the first time they are asked for."""

    def __post_init__(self):
        if self.partitions:
            del self.texts, self.segments, self.tokens  # __getattr__ loads them on first use

    def __getattr__(self, name: str):
        # Only called for attributes not set: the three tables of a corpus not yet loaded.
        if name in ("texts", "segments", "tokens") and self.__dict__.get("partitions"):
            self.texts, self.segments, self.tokens = load_tables(self.partitions)
            return self.__dict__[name]
        raise AttributeError(name)


def plan_corpus(corpus, doc_id: str):
    """The corpus of one usable plan of a corpus read on a cluster, its tables loaded from its
    partition on first use: small to send, what a worker gets to measure one plan."""
    documents = corpus.documents[corpus.documents["doc_id"] == doc_id].reset_index(drop=True)
    # texts, segments and tokens given: replace() would otherwise load the whole corpus's to copy them.
    return dataclasses.replace(corpus, documents=documents, texts={}, segments=pd.DataFrame(columns=SEGMENT_COLUMNS),
                               tokens=pd.DataFrame(columns=TOKEN_COLUMNS), partitions={doc_id: corpus.partitions[doc_id]},
                               warnings=[], timings={}, derived={})
