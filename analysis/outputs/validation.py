"""Validating the codebook on one's own plans: a coding sheet out, filled sheets in, scores.

Where the sheets live: ``<corpus folder>/validation/`` (``config.VALIDATION_DIR_NAME``). Every
``.xlsx`` and ``.csv`` there (``coding_sheet.sheet_files``) is a filled sheet, one per coder; every
run reads them (they are part of its fingerprint) and scores the codebook it uses against them.
``validate sample`` writes a new sheet elsewhere (nothing in the corpus folder is ever written);
the researcher codes it and copies it into that folder. ``validate score SHEET ...`` scores any
sheets, wherever they are.

``sample_sheet(corpus, codebook, hits, out, ...)`` -> (the sample, the files written): the units
(``measure.themes.validation.sample_units``) with ``plan`` (its label) and ``section``.

``validate(corpus, codebook, hits, sheets, ...)`` -> ``Validation``: ``scores``
(``VALIDATION_COLUMNS``: ``theme, label_en, label_vi`` then ``validation_scores.SCORE_COLUMNS``,
then ``sampled_on`` (the latest sheet's sampling date), ``codebook`` (file name),
``codebook_sha256`` (first 12 hex digits), ``sheets`` (file names); only themes some sheet codes; only units of this corpus's plans count: a subset validates its own),
``disagreements`` (``validation_scores.DISAGREEMENT_COLUMNS`` + ``doc_id, section, text``: the
unit as the sheet shows it), ``suggestions`` (YAML, ``validation_suggestions``), ``notes`` (what a
reader should know: units no longer in the corpus, unreadable answers).

``validation_tables(corpus, codebook, hits, lang)`` -> the run's ``validation`` and
``validation_disagreements`` tables (empty with their columns when the folder has no sheet), the
suggestions and what was skipped (a sheet that cannot be read is left out with its reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.measure.plans import plan_labels
from analysis.measure.themes import validation as units_of
from analysis.measure.themes import validation_suggestions as suggest
from analysis.measure.themes.codebook import Codebook
from analysis.measure.themes.validation_scores import DISAGREEMENT_COLUMNS, SCORE_COLUMNS, score_codes
from analysis.outputs.coding_sheet import SheetError, read_sheet, sheet_files, write_sheet  # noqa: F401 (sheet_files: API)
from analysis.resources import text

VALIDATION_COLUMNS = ["theme", "label_en", "label_vi"] + SCORE_COLUMNS[1:] + ["sampled_on", "codebook",
                                                                             "codebook_sha256", "sheets"]
DISAGREEMENT_TABLE_COLUMNS = DISAGREEMENT_COLUMNS + ["doc_id", "section", "text"]


@dataclass
class Validation:
    scores: pd.DataFrame
    disagreements: pd.DataFrame
    suggestions: str = ""
    notes: list[str] = field(default_factory=list)
    sheets: list[Path] = field(default_factory=list)


def empty() -> Validation:
    return Validation(pd.DataFrame(columns=VALIDATION_COLUMNS), pd.DataFrame(columns=DISAGREEMENT_TABLE_COLUMNS))


def sample_sheet(corpus, codebook: Codebook, hits: pd.DataFrame, out: Path, themes: list[str] | None = None,
                 size: int = config.VALIDATION_SAMPLE_SIZE, seed: int = config.VALIDATION_SEED, coder: str = "",
                 unit: str = "passage", lang: str = config.DEFAULT_LANG, day: str = "") -> tuple[pd.DataFrame, list[Path]]:
    """Draw a sample and write its sheet to ``out`` (.xlsx, .csv, .design.csv); see the module docstring."""
    themes = themes or codebook.featured or codebook.theme_ids
    units = units_of.coding_units(corpus, unit)
    sample = units_of.sample_units(units, units_of.unit_hits(units, hits), themes, size, seed)
    labels = plan_labels(corpus.usable)
    sample.insert(1, "plan", sample["doc_id"].map(labels))
    sample.insert(2, "section", [" ".join(p for p in (path, title) if p) for path, title
                                 in zip(sample["section_path"].fillna(""), sample["section_title"].fillna(""))])
    described = [{"id": t, "label": codebook.theme(t).label(lang), "description": codebook.theme(t).description}
                 for t in themes]
    about = {"unit": unit, "seed": seed, "sampled_on": day, "codebook_sha256": codebook.sha256[:12]}
    written = write_sheet(sample, out, described, coder, lang, about) if out else []
    return sample, written


def _names(codebook: Codebook) -> dict[str, str]:
    return {name: t.id for t in codebook.themes for name in (t.id, t.label_en, t.label_vi)}


def validate(corpus, codebook: Codebook, hits: pd.DataFrame, sheets: list[Path], seed: int = config.VALIDATION_SEED,
             lang: str = config.DEFAULT_LANG) -> Validation:
    """Score the codebook against filled ``sheets`` (one-sentence ``SheetError`` for a bad one)."""
    read = [read_sheet(path, _names(codebook)) for path in sheets]
    if not read:
        return empty()
    codes = pd.concat([s.codes for s in read], ignore_index=True).drop_duplicates(["coder", "unit_id", "theme"],
                                                                                  keep="last")
    # Units of plans this corpus does not hold (a subset, a plan since removed) validate other plans.
    plans = set(corpus.usable["doc_id"])
    ours = codes["unit_id"].str.split(":").str[0].isin(plans)
    codes = codes[ours]
    shown = pd.concat([s.units for s in read], ignore_index=True).drop_duplicates("unit_id", keep="last")
    designs = [s.design for s in read if s.design is not None]
    design = pd.concat(designs).drop_duplicates("unit_id", keep="last") if designs else None
    units = units_of.coding_units(corpus, _unit(design))
    found = units_of.unit_hits(units, hits)
    shown = shown[shown["unit_id"].isin(codes["unit_id"])]
    gone = shown[~shown["unit_id"].isin(units["unit_id"])]
    if len(gone):  # a sheet from an older corpus: those units are read by the codebook from their text
        found = pd.concat([found, units_of.text_hits(gone.set_index("unit_id")["text"], codebook)], ignore_index=True)
    themes = [t for t in codebook.theme_ids if t in set(codes["theme"])]
    scores, disagreements = score_codes(codes, found, design, themes, seed)
    notes = [n for s in read for n in s.notes]
    if len(gone):
        notes.append(text("validation.note_gone", lang, n=len(gone)))
    result = Validation(_described(scores, codebook, design, read), _with_units(disagreements, shown), "", notes,
                        [s.path for s in read])
    result.suggestions = _suggestions(corpus, codebook, result.disagreements, found, shown, units, lang)
    return result


def _unit(design: pd.DataFrame | None) -> str:
    if design is not None and "unit" in design and design["unit"].isin(config.VALIDATION_UNITS).any():
        return design.loc[design["unit"].isin(config.VALIDATION_UNITS), "unit"].iloc[0]
    return "passage"


def _described(scores: pd.DataFrame, codebook: Codebook, design, read) -> pd.DataFrame:
    labels = {t.id: (t.label_en, t.label_vi) for t in codebook.themes}
    dates = [d for d in (design["sampled_on"] if design is not None and "sampled_on" in design else []) if d == d and d]
    return scores.assign(label_en=scores["theme"].map(lambda t: labels[t][0]),
                         label_vi=scores["theme"].map(lambda t: labels[t][1]),
                         sampled_on=max(dates) if dates else "", codebook=Path(codebook.path).name,
                         codebook_sha256=codebook.sha256[:12],
                         sheets="; ".join(s.path.name for s in read))[VALIDATION_COLUMNS]


def _with_units(disagreements: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    table = disagreements.merge(shown, on="unit_id", how="left")
    return table[DISAGREEMENT_TABLE_COLUMNS]


def _suggestions(corpus, codebook, disagreements, found, shown, units, lang) -> str:
    """Phrases for the misses, context rules for the false positives (``validation_suggestions``)."""
    phrases = []
    missed_all = disagreements[disagreements["kind"] == "false_negative"]
    for theme, missed in missed_all.groupby("theme", sort=True):
        located = missed[["unit_id"]].merge(units[["unit_id", "doc_id", "order"]], on="unit_id", how="left")
        features, others = suggest.passage_features(corpus, located, shown.set_index("unit_id")["text"])
        phrases.append(suggest.phrase_suggestions(features, others, codebook, theme))
    false = disagreements[disagreements["kind"] == "false_positive"][["theme", "unit_id"]]
    false_hits = found.merge(false, on=["theme", "unit_id"])
    true_hits = found.merge(false, on=["theme", "unit_id"], how="left", indicator=True)
    true_hits = true_hits[true_hits["_merge"] == "left_only"]
    rules = suggest.context_rules(false_hits, true_hits)
    table = pd.concat(phrases, ignore_index=True) if phrases else pd.DataFrame(columns=suggest.SUGGESTION_COLUMNS)
    return suggest.suggestions_yaml(table, rules, lang, Path(codebook.path).name)


def validation_tables(corpus, codebook: Codebook, hits: pd.DataFrame, lang: str = config.DEFAULT_LANG,
                      omitted: list[dict] | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """The run's validation tables and suggestions from the corpus folder's sheets; see the module docstring."""
    sheets = []
    for path in sheet_files(corpus.directory):
        try:
            read_sheet(path, _names(codebook))
            sheets.append(path)
        except SheetError as error:
            if omitted is not None:
                omitted.append({"measure": "validation", "doc_id": "", "reason": str(error)})
    result = validate(corpus, codebook, hits, sheets, lang=lang) if sheets else empty()
    return {"validation": result.scores, "validation_disagreements": result.disagreements}, result.suggestions
