"""Assemble the corpus: ingest -> normalize -> segment -> metadata -> tokenize.

``build_corpus(corpus_dir)`` returns a ``Corpus`` with four tables:

``documents`` -- one row per file found (``CORPUS_COLUMNS``):

===============  ========================================================================
doc_id           short identifier: the file name without extension (made unique)
path             path relative to the corpus folder; a plan inside a zip archive is
                 ``archive.zip/inner-name`` (read in place, never unpacked)
format           the reading the file got (``formats.Reading.format``): txt | docx | doc | pdf-text | pdf-mixed
                 | pdf-ocr (scanned pages OCR'd) | image-ocr | html | ...
encoding         how the file was decoded ("utf-8", "cp1258", "latin-1 bytes, TCVN3 ...")
status           ``ok`` (a plan measures compare) | ``duplicate`` | ``no_body`` (not one body
                 word: only a header, title or signature, e.g. a decision issuing a plan kept
                 in another file) | ``skipped`` (unreadable, or not an official document)
reason           one sentence: why skipped or not compared and what to do, or which plan
                 it duplicates
duplicate_of     doc_id of the plan with the same normalised text ("" otherwise); of equal
                 texts, the file plans.csv describes is the plan, else the first by path
province_2025    the unit the province belongs to since 1 July 2025 (``resources.province_2025``)
province, year,  metadata (``metadata.detect_metadata`` with ``plans.csv`` overrides);
date, number,    each has a ``<field>_source`` column saying how it was found
issuer,
directives,
title
implements       the central documents the plan implements: those its title names, then
                 the resolutions they continue (``metadata.implemented_directives``)
resolution       the resolution at the root of ``implements`` (56-KL/TW and 81-KL/TW plans
                 both implement 24-NQ/TW): what ``--by resolution`` groups by
n_tokens         word tokens in the plan's body (header, title, distribution list
                 and signature excluded; punctuation and numbers not counted); 0 for ``no_body``
ocr_pages        pages read by OCR (``read.ocr_quality``); this and the next three are empty
                 for files not read by OCR
ocr_confidence   Tesseract's mean word confidence (0-100)
non_vietnamese_  share of the syllables that are no Vietnamese syllable (0-1)
share
ocr_corrections  syllables the post-correction changed (``read.ocr_correction``)
ocr_low_quality  True for OCR text below ``config.OCR_MIN_CONFIDENCE`` or above
                 ``config.OCR_MAX_NON_VIETNAMESE_SHARE``: analysed, but flagged (False otherwise)
file_sha256      hash of the file's bytes (provenance)
text_sha256      hash of the normalised text (what duplicates are judged by)
===============  ========================================================================

``texts`` (doc_id -> normalised text), ``segments`` (``segment.SEGMENT_COLUMNS`` for
every usable plan) and ``tokens`` (``tokenize.TOKEN_COLUMNS``). Duplicates, files with no
body and skipped files have no segments or tokens, so each text counts once and ``usable``
(status ``ok``) is every count of compared plans.

Files in the corpus folder are only read (``plans.csv`` by ``read.plans_table``). ``warnings`` collects problems with
``plans.csv`` that did not stop the run.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

import pandas as pd
from tqdm import tqdm

from analysis import cache, config, memory, parallel, resources
from analysis.read import ingest, kept_reading, partitions
from analysis.read.files import read_file, read_files
from analysis.read.metadata import (
    METADATA_FIELDS,
    apply_overrides,
    canonical_province,
    implemented_directives,
    root_resolutions,
)
from analysis.read.ocr_quality import OCR_COLUMNS, corpus_values, typed
from analysis.read.plans_table import CorpusError, match_row, read_plans_table  # CorpusError: plans.csv's and the corpus's
from analysis.read.segment import SEGMENT_COLUMNS
from analysis.read.plan_cache import ReadFile
from analysis.read.tokenize import TOKEN_COLUMNS
from analysis.resources import collation_key, matching_names, province_2025, suggestion

CORPUS_COLUMNS = (
    ["doc_id", "path", "format", "encoding", "status", "reason", "duplicate_of", "province", "province_2025"]
    + [f for f in METADATA_FIELDS if f != "province"]
    + ["implements", "resolution", "n_tokens", *OCR_COLUMNS, "file_sha256", "text_sha256"]
    + [f"{f}_source" for f in METADATA_FIELDS]
)
NOT_OFFICIAL = ("does not look like an official document (no title such as KẾ HOẠCH, no number, no place-date line, "
                "no numbered sections), perhaps a news report; give it a row in plans.csv to analyse it anyway")
NEWS_REPORT = ("reads as a news report about a document (it opens as news does, '{lead}', and has no title, "
               "number or place-date line of its own); add the document's own text, or give it a row in plans.csv "
               "to analyse it anyway")
NO_BODY = ("has no body text, only a header, title or signature (perhaps a decision that issues a plan kept in "
           "another file), so it is not compared; add the plan's own file to the corpus folder")


@dataclass
class Corpus(partitions.LoadedOnFirstUse):
    directory: Path
    documents: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    segments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SEGMENT_COLUMNS))
    tokens: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOKEN_COLUMNS))
    warnings: list[str] = field(default_factory=list)
    # Seconds per reading step summed over the files read now (cached files cost none): the benchmark's.
    timings: dict = field(default_factory=dict, repr=False, compare=False)
    # Views derived once per corpus (per-plan slices, segment word lists): measures ask for
    # them per plan, and filtering a million-row table once per plan is quadratic.
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    # doc_id -> where a plan read on a cluster is kept (``read.partitions``): texts, segments and
    # tokens are then loaded when a measure first asks for them, not held from the start.
    partitions: dict = field(default_factory=dict, repr=False, compare=False)
    # doc_id -> (starts, ends) of the references in its text, as the worker that read it found them
    # (``ReadFile.references``); a plan without them has them found when first asked for
    # (``measure.measured_words.reference_spans_by_plan``).
    references: dict = field(default_factory=dict, repr=False, compare=False)

    def per_plan(self, table: str) -> dict[str, pd.DataFrame]:
        """doc_id -> that plan's rows of ``segments`` or ``tokens`` (only plans that have rows)."""
        key = ("per_plan", table)
        if key not in self.derived:
            frame = getattr(self, table)
            self.derived[key] = {doc_id: rows for doc_id, rows in frame.groupby("doc_id", sort=False)}
        return self.derived[key]

    def segment_words(self) -> pd.Series:
        """Body tokens of each segment as a list, indexed by (doc_id, order) in text order."""
        if "segment_words" not in self.derived:
            body = self.tokens[self.tokens["is_body"]]
            self.derived["segment_words"] = body.groupby(["doc_id", "order"], sort=False)["token"].agg(list)
        return self.derived["segment_words"]

    @property
    def usable(self) -> pd.DataFrame:
        """Rows of the plans that measures analyse (status ``ok``)."""
        return self.documents[self.documents["status"] == "ok"]

    def no_plans_message(self) -> str:
        """Why nothing can be analysed, one sentence: the folder has no plan files (and which types
        are read), or how many files were found and, by status, which ones."""
        if self.documents.empty:
            return (f"the folder {self.directory} has no plan files; put plans there (subfolders too) as "
                    f"{', '.join(sorted(config.PLAN_SUFFIXES))} files")
        listed = []
        for status, paths in self.documents.groupby("status", sort=False)["path"]:
            more = len(paths) - config.MESSAGE_MAX_FILES
            listed.append(f"{status}: {', '.join(list(paths)[:config.MESSAGE_MAX_FILES])}" + f" and {more} more" * (more > 0))
        n = len(self.documents)
        return (f"no usable plan was found in {self.directory}: {n} file{'s' * (n != 1)} found "
                f"({'; '.join(listed)}); each reason is given above")

    def subset(self, provinces=None, years=None) -> "Corpus":
        """The same corpus restricted to some provinces and/or issue years (others are left out)."""
        keep = self.documents["status"].eq("ok")
        if provinces:
            present = set(self.usable["province"].dropna()) - {""}  # provinces of plans, not of files left out
            # The one rule for typed names (resources.matching_names: case, and tone marks when none are
            # typed, optional), then any spelling of provinces.csv ("Thanh Hoá").
            names = [(matching_names(p, present) or [canonical_province(p) or p])[0] for p in provinces]
            for typed, name in zip(provinces, names):
                if name not in present:  # an empty analysis would say nothing about why
                    raise CorpusError(f"no plan in {self.directory} is from the province '{typed}'."
                                      + (suggestion(typed, present) or f" The provinces are: {', '.join(sorted(present, key=collation_key))}."))
            keep &= self.documents["province"].isin(names)
        if years:
            keep &= self.documents["year"].isin([int(y) for y in years])
        ids = set(self.documents.loc[keep, "doc_id"])
        documents = self.documents[keep | self.documents["status"].ne("ok")].reset_index(drop=True)
        return Corpus(self.directory, documents, {d: t for d, t in self.texts.items() if d in ids},
                      self.segments[self.segments["doc_id"].isin(ids)].reset_index(drop=True),
                      self.tokens[self.tokens["doc_id"].isin(ids)].reset_index(drop=True), list(self.warnings))


def _unique_ids(relatives: list[str]) -> list[str]:
    """The file name without extension; the whole path, "/" as "--", where two would be equal."""
    stems = [PurePosixPath(r).stem for r in relatives]
    return [stem if stems.count(stem) == 1 else relative.replace("/", "--")  # same name in two folders or formats
            for relative, stem in zip(relatives, stems)]


def read_and_measure(then, corpus_dir: Path, jobs: list[tuple]) -> list[ReadFile]:
    """``read_file`` of each job's first four fields, then, in the same worker, ``then`` applied to the corpus
    of these plans (each job's last three fields: its doc_id, path in the corpus folder and plans.csv row):
    their own measures computed while other workers still segment (issue 28's overlap). ``then`` keeps what
    it measures in the cache (``measure.plan_tables.MeasureEachPlan``); the main process finds it there under
    the key it computes itself, and measures anew any plan whose key differs (one found a duplicate, say)."""
    entries = [read_file(job[:4]) for job in jobs]
    start = time.perf_counter()
    try:
        batch = _batch_corpus(corpus_dir, entries, [job[4:] for job in jobs])
        if batch is not None:
            then(batch)
    except Exception:  # noqa: BLE001 -- only time is lost: the main process measures these plans again and says what failed
        pass
    if entries:
        entries[0].timings["measured_in_workers"] = time.perf_counter() - start
    return entries


def _batch_corpus(corpus_dir: Path, entries: list[ReadFile], described: list[tuple]) -> "Corpus | None":
    """The corpus of some files read, as ``build_corpus`` describes them when no other file has the same
    text; None when none is a usable plan."""
    read = [(entry, *fields) for entry, fields in zip(entries, described) if entry.ok]
    records = [_describe(doc_id, relative, entry, row) for entry, doc_id, relative, row in read]
    texts, segments, tokens, _ = _keep_plans(records, [r[0] for r in read], [r[3] for r in read])
    if not texts:
        return None
    return Corpus(corpus_dir, _documents_table(records), texts, segments[SEGMENT_COLUMNS].reset_index(drop=True),
                  tokens, references=_references(records, [r[0] for r in read], texts))


def _describe(doc_id: str, relative: str, entry: ReadFile, row: dict | None) -> dict:
    """The corpus record of one file: its metadata with plans.csv applied, or why it is skipped."""
    record = {c: "" for c in CORPUS_COLUMNS}
    record.update(doc_id=doc_id, path=relative, format=entry.format, encoding=entry.encoding,
                  file_sha256=entry.sha256, **corpus_values(entry.quality))
    if not entry.ok:
        record.update(status="skipped", reason=entry.reason)
        return record
    text_sha256, lead = partitions.text_facts(entry)
    lead = lead if row is None else None
    if row is None and (not entry.signals or lead):
        record.update(status="skipped", reason=NEWS_REPORT.format(lead=lead) if lead else NOT_OFFICIAL)
        return record
    meta = apply_overrides(dict(entry.detected), row)
    record.update({k: ("" if v is None else v) for k, v in meta.items()})
    record["province_2025"] = province_2025(record["province"])
    implemented = implemented_directives(record["title"])
    record["implements"] = "; ".join(implemented)
    record["resolution"] = "; ".join(root_resolutions(implemented))
    record["text_sha256"] = text_sha256
    return record


def _keep_plans(records: list[dict], entries: list, rows: list, kept: "kept_reading.Kept | None" = None
                ) -> tuple[dict, pd.DataFrame, pd.DataFrame, dict]:
    """Give each described record (status "") its status -- ``ok``, ``duplicate`` or ``no_body`` --
    and its ``n_tokens``; return the texts, segments and tokens of the ``ok`` ones (the rows of plans found in
    ``kept``, the folder's last reading, taken from it), or, for summaries of plans read on a cluster,
    doc_id -> summary (``Corpus.partitions``) and empty tables."""
    # Of equal texts, the one plans.csv describes is the plan (else the first by path); others are duplicates.
    candidates = [(record, entry, row is not None) for record, entry, row in zip(records, entries, rows)
                  if record["status"] == ""]
    originals: dict[str, str] = {}
    for record, _, described in sorted(candidates, key=lambda c: not c[2]):  # stable: path order kept
        originals.setdefault(record["text_sha256"], record["doc_id"])
    texts, plans, summaries = {}, [], {}
    for record, entry, _ in candidates:
        original = originals[record["text_sha256"]]
        if original != record["doc_id"]:
            record.update(status="duplicate", duplicate_of=original, reason=f"same text as {original}; counted once")
            continue
        record["status"] = "ok"
        if isinstance(entry, partitions.PlanSummary):
            summaries[record["doc_id"]] = entry
            continue
        texts[record["doc_id"]] = entry.text
        plans.append((record["doc_id"], entry))
    segments, tokens = kept_reading.tables(plans, kept)
    body_words = tokens[tokens["is_word"] & tokens["is_body"]].groupby("doc_id").size().to_dict()
    body_words.update({doc_id: summary.n_body_words for doc_id, summary in summaries.items()})
    for record in [r for r in records if r["status"] == "ok"]:
        record["n_tokens"] = int(body_words.get(record["doc_id"], 0))
        if record["n_tokens"] == 0:  # nothing to compare: counted as a plan, it would be an empty one
            record.update(status="no_body", reason=NO_BODY)
            (summaries if record["doc_id"] in summaries else texts).pop(record["doc_id"])
    return (texts, segments[segments["doc_id"].isin(texts)], tokens[tokens["doc_id"].isin(texts)].reset_index(drop=True),
            summaries)


def build_corpus(
    corpus_dir: Path | str | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
    then=None,
) -> Corpus:
    """Read every file under ``corpus_dir`` (see the module docstring); ``progress``: a bar on a terminal;
    ``cache_dir``: where what reading a file yields is kept (default: the configured cache); ``then``: a
    picklable function the workers apply to each plan's own corpus once they have read it
    (``read_and_measure``; what it returns is not kept)."""
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    memory.one_arena()  # the threads that take the workers' results allocate from this process's pool (memory.py)
    if not corpus_dir.is_dir():
        raise CorpusError(f"the corpus folder {corpus_dir} does not exist; create it and put plan files in it")
    warnings: list[str] = []
    plan_rows = read_plans_table(corpus_dir, warnings)
    files = ingest.discover(corpus_dir)
    relatives = [f.relative for f in files]
    ids = _unique_ids(relatives)
    names = [r.rsplit("/", 1)[-1] for r in relatives]
    for listed in plan_rows:
        if listed not in relatives and names.count(listed.rsplit("/", 1)[-1]) != 1:
            warnings.append(f"{config.PLANS_TABLE_NAME} lists '{listed}', which is not in the corpus folder; fix the file name or remove the row")

    rows = [match_row(relative, plan_rows) for relative in relatives]
    # disable=None: tqdm draws only on a terminal, so logs and tests stay clean.
    with tqdm(total=len(files), desc=resources.text("progress.reading"), unit="file", file=sys.stderr, leave=False,
              disable=None if progress else True) as bar:
        # what the folder's last run read, in one file (not on a cluster: its workers keep what they read)
        kept = None if parallel.on_cluster() else kept_reading.load(cache.directory(cache_dir), corpus_dir)
        with memory.collector_paused():  # the plans' tables are millions of objects and no cycles
            entries = read_files([(f, (row or {}).get("encoding") or None) for f, row in zip(files, rows)],
                                 cache.directory(cache_dir), bar, then and partial(read_and_measure, then, corpus_dir),
                                 list(zip(ids, relatives, rows)), kept.entries if kept else None)
    records = [_describe(*args) for args in zip(ids, relatives, entries, rows)]

    with memory.collector_paused():  # the token table: millions of objects, no cycles
        texts, segments, tokens, summaries = _keep_plans(records, entries, rows, kept)

    # A year not from an issue date is an estimate: say which files rest on one (plans.csv years are the user's own).
    warnings += [f"{r['path']}: no issue date found; year {r['year'] or 'unknown'}"
                 + (f" from the {r['year_source']}" if r["year_source"] else "")
                 for r in records if r["status"] == "ok" and not r["date"] and not r["year_source"].startswith("plans.csv")]
    documents = _documents_table(records)
    segments = segments[SEGMENT_COLUMNS].reset_index(drop=True)
    if not parallel.on_cluster():
        kept_reading.save(cache.directory(cache_dir), corpus_dir, records, entries, segments, tokens, kept)
    timings = sum((Counter(entry.timings) for entry in entries), Counter())
    return Corpus(corpus_dir, documents, texts, segments, tokens, warnings, timings=dict(timings), partitions=summaries,
                  references=_references(records, entries, texts))


def _references(records: list[dict], entries: list, texts: dict) -> dict:
    """doc_id -> (starts, ends) of each plan's references as read (``Corpus.references``)."""
    return {record["doc_id"]: ([a for a, _ in entry.references], [b for _, b in entry.references])
            for record, entry in zip(records, entries) if record["doc_id"] in texts and isinstance(entry, ReadFile)}


def _documents_table(records: list[dict]) -> pd.DataFrame:
    """The corpus table of the described records, each column of its type."""
    documents = pd.DataFrame(records, columns=CORPUS_COLUMNS)
    documents["year"] = pd.to_numeric(documents["year"], errors="coerce").astype("Int64")
    documents["n_tokens"] = pd.to_numeric(documents["n_tokens"], errors="coerce").astype("Int64")
    return typed(documents)
