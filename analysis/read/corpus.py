"""Assemble the corpus: ingest -> normalize -> segment -> metadata -> tokenize.

``build_corpus(corpus_dir)`` returns a ``Corpus`` with four tables:

``documents`` -- one row per file found (``CORPUS_COLUMNS``):

===============  ========================================================================
doc_id           short identifier: the file name without extension (made unique)
path             path relative to the corpus folder
format           txt | docx | pdf | doc | ...
encoding         how the file was decoded ("utf-8", "cp1258", "latin-1 bytes, TCVN3 ...")
status           ``ok`` | ``duplicate`` | ``skipped``
reason           one sentence: why skipped, or which plan it duplicates
duplicate_of     doc_id of the plan with the same normalised text ("" otherwise); of equal
                 texts, the file plans.csv describes is the plan, else the first by path
province_2025    the unit the province belongs to since 1 July 2025 (``resources.province_2025``)
province, year,  metadata (``metadata.detect_metadata`` with ``plans.csv`` overrides);
date, number,    each has a ``<field>_source`` column saying how it was found
issuer,
directives,
title
n_tokens         word tokens in the plan's body (header, title, distribution list
                 and signature excluded; punctuation and numbers not counted)
file_sha256      hash of the file's bytes (provenance)
text_sha256      hash of the normalised text (what duplicates are judged by)
===============  ========================================================================

``texts`` (doc_id -> normalised text), ``segments`` (``segment.SEGMENT_COLUMNS`` for
every usable plan) and ``tokens`` (``tokenize.TOKEN_COLUMNS``). Duplicates and skipped
files have no segments or tokens, so each text counts once.

Files in the corpus folder are only read. ``warnings`` collects problems with
``plans.csv`` that did not stop the run.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from analysis import config, resources
from analysis.errors import UserError
from analysis.read import ingest
from analysis.read.metadata import (
    METADATA_FIELDS,
    apply_overrides,
    canonical_province,
    detect_metadata,
    official_signals,
)
from analysis.read.normalize import normalize_text
from analysis.read.segment import SEGMENT_COLUMNS, segment_text
from analysis.read.tokenize import TOKEN_COLUMNS, tokenize_segments
from analysis.resources import province_2025

CORPUS_COLUMNS = (
    ["doc_id", "path", "format", "encoding", "status", "reason", "duplicate_of", "province", "province_2025"]
    + [f for f in METADATA_FIELDS if f != "province"]
    + ["n_tokens", "file_sha256", "text_sha256"]
    + [f"{f}_source" for f in METADATA_FIELDS]
)
PLANS_TABLE_COLUMNS = ["file", "province", "date", "year", "number", "doc_type", "issuer", "title", "encoding"]
NOT_OFFICIAL = ("does not look like an official document (no title such as KẾ HOẠCH, no number, no place-date line, "
                "no numbered sections), perhaps a news report; give it a row in plans.csv to analyse it anyway")


class CorpusError(UserError):
    """A problem that stops the whole run; the message is one sentence for the user."""


@dataclass
class Corpus:
    directory: Path
    documents: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    segments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SEGMENT_COLUMNS))
    tokens: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TOKEN_COLUMNS))
    warnings: list[str] = field(default_factory=list)

    @property
    def usable(self) -> pd.DataFrame:
        """Rows of the plans that measures analyse (status ``ok``)."""
        return self.documents[self.documents["status"] == "ok"]

    def subset(self, provinces=None, years=None) -> "Corpus":
        """The same corpus restricted to some provinces and/or issue years (others are left out)."""
        keep = self.documents["status"].eq("ok")
        if provinces:
            names = [canonical_province(p) or p for p in provinces]
            keep &= self.documents["province"].isin(names)
        if years:
            keep &= self.documents["year"].isin([int(y) for y in years])
        ids = set(self.documents.loc[keep, "doc_id"])
        documents = self.documents[keep | self.documents["status"].ne("ok")].reset_index(drop=True)
        return Corpus(self.directory, documents, {d: t for d, t in self.texts.items() if d in ids},
                      self.segments[self.segments["doc_id"].isin(ids)].reset_index(drop=True),
                      self.tokens[self.tokens["doc_id"].isin(ids)].reset_index(drop=True), list(self.warnings))


def read_plans_table(corpus_dir: Path, warnings: list[str]) -> dict[str, dict[str, str]]:
    """Rows of ``plans.csv`` keyed by the file path they describe (relative, posix)."""
    path = corpus_dir / config.PLANS_TABLE_NAME
    if not path.exists():
        return {}
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise CorpusError(f"{path} could not be read as CSV ({error.__class__.__name__}); save it as UTF-8 CSV with a header row") from None
    table.columns = [c.strip().lower() for c in table.columns]
    if "file" not in table.columns:
        raise CorpusError(f"{path} has no 'file' column; its first row must name the columns: {', '.join(PLANS_TABLE_COLUMNS)}")
    unknown = [c for c in table.columns if c not in PLANS_TABLE_COLUMNS]
    if unknown:
        warnings.append(f"{path.name}: ignored unknown column(s) {', '.join(unknown)}; known columns are {', '.join(PLANS_TABLE_COLUMNS)}")
    rows = {}
    for number, row in enumerate(table.to_dict("records"), start=2):
        row = {k: str(v).strip() for k, v in row.items()}
        where = f"{path.name} line {number}"
        if row.get("province") and canonical_province(row["province"]) is None:
            warnings.append(f"{where}: unknown province '{row['province']}', using the detected one; spell it as in analysis/data/provinces.csv")
            row["province"] = ""
        elif row.get("province"):
            row["province"] = canonical_province(row["province"])
        if row.get("year") and not row["year"].isdigit():
            warnings.append(f"{where}: year '{row['year']}' is not a number, using the detected one; write it like 2024")
            row["year"] = ""
        if row.get("date"):
            try:
                row["date"] = pd.Timestamp(row["date"]).date().isoformat()
            except ValueError:
                warnings.append(f"{where}: date '{row['date']}' is not a date, using the detected one; write it like 2020-02-26")
                row["date"] = ""
        if row.get("file"):
            rows[row["file"].replace("\\", "/").lstrip("./")] = row
    return rows


def _unique_ids(paths: list[Path], corpus_dir: Path) -> list[str]:
    stems = [p.stem for p in paths]
    ids = []
    for path, stem in zip(paths, stems):
        if stems.count(stem) == 1:
            ids.append(stem)
        else:  # same name in two folders or formats: spell out the path
            ids.append(path.relative_to(corpus_dir).as_posix().replace("/", "--"))
    return ids


def _match_row(relative: str, rows: dict[str, dict[str, str]]) -> dict[str, str] | None:
    if relative in rows:
        return rows[relative]
    name = relative.rsplit("/", 1)[-1]
    matches = [row for key, row in rows.items() if key.rsplit("/", 1)[-1] == name]
    return matches[0] if len(matches) == 1 else None


def _describe_file(doc_id: str, path: Path, relative: str, row: dict | None):
    """Decode, normalise, segment and describe one file: its corpus record, and (record, text,
    segments, described by plans.csv) when it is usable."""
    decoded = ingest.read_plan(path, encoding=(row or {}).get("encoding") or None)
    record = {c: "" for c in CORPUS_COLUMNS}
    record.update(doc_id=doc_id, path=relative, format=decoded.format, encoding=decoded.encoding,
                  file_sha256=decoded.sha256)
    if not decoded.ok:
        record.update(status="skipped", reason=decoded.reason)
        return record, None
    text = normalize_text(decoded.text)
    segments = segment_text(doc_id, text)
    detected = detect_metadata(segments)
    if row is None and not official_signals(detected, segments):
        record.update(status="skipped", reason=NOT_OFFICIAL)
        return record, None
    meta = apply_overrides(detected, row)
    record.update({k: ("" if v is None else v) for k, v in meta.items()})
    record["province_2025"] = province_2025(record["province"])
    record["text_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return record, (record, text, segments, row is not None)


def build_corpus(
    corpus_dir: Path | str | None = None,
    cache_dir: Path | None = None,
    progress: bool = False,
) -> Corpus:
    """Read every file under ``corpus_dir``; see the module docstring.

    ``progress`` shows a bar over the files on stderr when it is a terminal.
    """
    corpus_dir = Path(corpus_dir or config.CORPUS_DIR)
    if not corpus_dir.is_dir():
        raise CorpusError(f"the corpus folder {corpus_dir} does not exist; create it and put plan files in it")
    warnings: list[str] = []
    plan_rows = read_plans_table(corpus_dir, warnings)
    paths = ingest.discover(corpus_dir)
    ids = _unique_ids(paths, corpus_dir)
    relatives = [p.relative_to(corpus_dir).as_posix() for p in paths]
    names = [r.rsplit("/", 1)[-1] for r in relatives]
    for listed in plan_rows:
        if listed not in relatives and names.count(listed.rsplit("/", 1)[-1]) != 1:
            warnings.append(f"{config.PLANS_TABLE_NAME} lists '{listed}', which is not in the corpus folder; fix the file name or remove the row")

    files = tqdm(list(zip(ids, paths, relatives)), desc=resources.text("progress.reading"), unit="file", file=sys.stderr,
                 leave=False, disable=None if progress else True)  # None: draw only on a terminal
    records, candidates = [], []
    for doc_id, path, relative in files:
        row = _match_row(relative, plan_rows)
        record, candidate = _describe_file(doc_id, path, relative, row)
        records.append(record)
        if candidate:
            candidates.append(candidate)

    # Of files with the same text, the one plans.csv describes is the plan (else the first
    # in path order); the others are duplicates, counted once. Only the plans are tokenised.
    originals: dict[str, str] = {}
    for record, _, _, described in sorted(candidates, key=lambda c: not c[3]):  # stable: path order kept
        originals.setdefault(record["text_sha256"], record["doc_id"])
    texts, all_segments, all_tokens = {}, [], []
    for record, text, segments, _ in candidates:
        original = originals[record["text_sha256"]]
        if original != record["doc_id"]:
            record.update(status="duplicate", duplicate_of=original, reason=f"same text as {original}; counted once")
            continue
        tokens = tokenize_segments(segments, cache_dir)
        record.update(status="ok", n_tokens=int((tokens["is_word"] & tokens["is_body"]).sum()))
        texts[record["doc_id"]] = text
        all_segments.append(segments)
        all_tokens.append(tokens)

    # A year not from an issue date is an estimate: say which files rest on one (plans.csv years are the user's own).
    warnings += [f"{r['path']}: no issue date found; year {r['year'] or 'unknown'}"
                 + (f" from the {r['year_source']}" if r["year_source"] else "")
                 for r in records if r["status"] == "ok" and not r["date"] and not r["year_source"].startswith("plans.csv")]
    documents = pd.DataFrame(records, columns=CORPUS_COLUMNS)
    documents["year"] = pd.to_numeric(documents["year"], errors="coerce").astype("Int64")
    documents["n_tokens"] = pd.to_numeric(documents["n_tokens"], errors="coerce").astype("Int64")
    segments = pd.concat(all_segments, ignore_index=True) if all_segments else pd.DataFrame(columns=SEGMENT_COLUMNS)
    tokens = pd.concat(all_tokens, ignore_index=True) if all_tokens else pd.DataFrame(columns=TOKEN_COLUMNS)
    return Corpus(corpus_dir, documents, texts, segments, tokens, warnings)
