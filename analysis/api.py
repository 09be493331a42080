"""The public API: what a notebook or a script calls, named as a researcher would guess.

Every name is exported from the package top (``from analysis import read_corpus, analyse``),
lazily, so ``import analysis`` stays cheap. Like quanteda's verbs: one call builds an object
(``read_corpus`` a ``Corpus``, ``analyse`` an ``Analysis``), the others return a tidy table or
draw one figure. Table functions take an ``Analysis`` (its tables, computed once) or a
``Corpus`` (computed now); their parameters carry the CLI's option names (``group_by``,
``codebook_path``, ``show``, ``window``).

=================================  ==========================================================
read_corpus(folder, provinces)     the ``Corpus`` (``read.corpus``); ``.documents``: one row per file
analyse(corpus, ...)               the ``Analysis``: every table, the codebook, the topic model
run(folder, out_dir, ...)          write everything ``make figures`` writes; a ``RunResult``
figure(analysis, name, lang)       one catalogue figure, a matplotlib ``Figure``
figure_names(analysis)             the names ``figure`` draws for this analysis
kwic(corpus, phrase, window)       every match with ``window`` syllables each side (``KWIC_COLUMNS``)
themes(source, group_by)           plan x theme (``MEASURE_COLUMNS``), or pooled (``GROUP_COLUMNS``)
evidence(source, theme)            every theme hit with its passage (``HIT_COLUMNS``)
codebook(source)                   the codebook, one row per theme (``codebook_table``)
keyness(source, target, ...)       features over- and under-used (``KEYNESS_COLUMNS``)
topics(source, show)               a topic table: terms, prevalence, selection, segments, ...
topic_contrast(analysis, a, b)     topic prevalence of group a minus group b with 95% intervals
commitments(source, show)          targets and dated tasks, agencies or directives
structure(corpus)                  sections, items and lines per part of each plan
bottom_line(analysis, lang)        the briefing's first sentences, as plain text
plan_table(analysis, lang)         the briefing's table of the plans compared
evidence_quotes(analysis)          the passages behind the bottom line
write_explorer(analysis, path)     the offline explorer page
validate_sample(source, out, ...)  a coding sheet of sampled passages (.xlsx, .csv)
validate_score(source, sheets)     the codebook against filled sheets: a ``Validation``
read_table(path)                   a CSV a run wrote, text exactly as in the plans (formula guard undone)
=================================  ==========================================================
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config, csv_tables
from analysis.errors import UserError
from analysis.measure.themes import measures as theme_measures
from analysis.measure.themes.codebook import codebook_path as find_codebook
from analysis.measure.themes.codebook import codebook_table, load_codebook
from analysis.measure.vocabulary.keyness import keyness_between, keyness_comparisons
from analysis.measure.concordance.kwic import kwic as find_in_context
from analysis.outputs import briefing, catalogue, explorer
from analysis.outputs.analyse import Analysis, analyse, commitment_tables, theme_tables
from analysis.outputs.analyse import topic_contrast as contrast_topics
from analysis.measure.topics.analysis import topic_tables
from analysis.outputs import validation as codebook_validation
from analysis.outputs.write import RunResult, run_all
from analysis.read.corpus import Corpus, build_corpus
from analysis.read.segment import structure_summary

# What ``topics(show=...)`` and ``commitments(show=...)`` (and the CLI's --show) name -> table.
TOPIC_TABLES = {"terms": "topic_terms", "prevalence": "topic_prevalence", "selection": "topic_selection",
                "segments": "topic_representative_segments", "labels": "topic_labels", "effects": "topic_effects",
                "contrast": "topic_contrast", "names": "topic_names", "boilerplate": "topic_boilerplate"}
COMMITMENT_TABLES = {"targets": "commitments", "agencies": "agency_assignments", "directives": "directives"}


def read_corpus(folder: Path | str | None = None, provinces: list[str] | None = None,
                years: list[int] | None = None) -> Corpus:
    """Every plan file under ``folder`` (default: the project's ``corpus/``), read, segmented and
    tokenised; only the plans of ``provinces`` / ``years`` when given. Files that cannot be used
    are listed in ``corpus.documents`` with ``status`` and ``reason``."""
    corpus = build_corpus(folder)
    return corpus.subset(provinces=provinces, years=years) if provinces or years else corpus


def run(folder: Path | str | Corpus | None = None, out_dir: Path | str | None = None, **options) -> RunResult:
    """Write every table, figure, the workbook, the briefings, the explorer and the manifest into
    ``out_dir`` (default ``figures/``), as ``make figures`` does. ``folder``: a corpus folder or a
    ``Corpus``; ``options``: ``lang``, ``codebook_path``, ``seed``, ``topic_seed``, ``plans``,
    ``per_plan``, ``group_by``, ... (``outputs.write.RunOptions``)."""
    if isinstance(folder, Corpus):
        return run_all(out_dir=out_dir, corpus=folder, **options)
    return run_all(folder, out_dir, **options)


def figure(analysis: Analysis, name: str, lang: str = config.DEFAULT_LANG):
    """One figure of the catalogue (``figure_names``), drawn in ``lang``: a matplotlib ``Figure``."""
    return catalogue.figure(analysis, name, lang)


def figure_names(analysis: Analysis) -> list[str]:
    """The figures this analysis can draw, as ``run`` names their files."""
    return catalogue.figure_stems(analysis)


def _corpus(source: Analysis | Corpus) -> Corpus:
    return source.corpus if isinstance(source, Analysis) else source


def kwic(source: Analysis | Corpus, phrase: str, window: int = config.CONTEXT_WINDOW) -> pd.DataFrame:
    """Every match of ``phrase`` (``a | b``, ``xử lý *``, tone marks optional) with ``window``
    syllables of context each side: ``measure.concordance.kwic.KWIC_COLUMNS``."""
    return find_in_context(_corpus(source), phrase, window)


def _theme_tables(source: Analysis | Corpus, codebook_path) -> dict[str, pd.DataFrame]:
    if isinstance(source, Analysis):
        return source.tables
    return theme_tables(source, load_codebook(find_codebook(source.directory, codebook_path)))


def themes(source: Analysis | Corpus, group_by: str | None = None, codebook_path=None) -> pd.DataFrame:
    """Theme hits, rate per 1,000 words, share and 95% intervals, one row per plan and theme
    (``measure.themes.measures.MEASURE_COLUMNS``); with ``group_by`` (a plan attribute of
    ``config.GROUP_ATTRIBUTES``) pooled per group: ``group_by, group, theme, ...``
    (``GROUP_COLUMNS``). ``codebook_path`` applies to a ``Corpus`` (an ``Analysis`` has its own)."""
    measures = _theme_tables(source, codebook_path)["theme_measures"]
    if group_by is None:
        return measures
    if group_by not in config.GROUP_ATTRIBUTES:
        raise UserError(f"plans cannot be grouped by '{group_by}'; choose one of {', '.join(config.GROUP_ATTRIBUTES)}")
    return theme_measures.theme_groups(measures, group_by, _corpus(source).usable)


def evidence(source: Analysis | Corpus, theme: str | None = None, codebook_path=None) -> pd.DataFrame:
    """Every counted theme hit (of ``theme`` if given) with its section and context
    (``measure.themes.measures.HIT_COLUMNS``): the passages behind each number."""
    hits = _theme_tables(source, codebook_path)["theme_evidence"]
    return hits if theme is None else hits[hits["theme"] == theme].reset_index(drop=True)


def codebook(source: Analysis | Corpus | Path | str | None = None) -> pd.DataFrame:
    """The theme codebook, one row per theme: ``theme, label_en, label_vi, featured, n_phrases,
    phrases``. ``source``: an ``Analysis`` (the codebook it used), a ``Corpus`` (its folder's
    ``themes.yml``, else the shipped one), a codebook file, or None (the shipped one)."""
    if isinstance(source, Analysis):
        return codebook_table(source.codebook)
    path = find_codebook(source.directory) if isinstance(source, Corpus) else find_codebook(None, source)
    return codebook_table(load_codebook(path))


def keyness(source: Analysis | Corpus, target: str | int | None = None, reference: str | int | None = None,
            min_count: int = config.KEYNESS_MIN_COUNT, ngram: int = 1) -> pd.DataFrame:
    """Features (words or word n-grams up to ``ngram``, stopwords and boilerplate left out) that
    ``target`` (a doc_id, province or year) uses more or less than ``reference`` (default: every
    other plan), strongest first: ``measure.vocabulary.keyness.KEYNESS_COLUMNS``. Without a target: each plan
    against the rest (``target, target_label, reference`` lead the columns)."""
    if target is None:
        if isinstance(source, Analysis):
            return source.tables["keyness"]
        return keyness_comparisons(source, min_count=min_count)[0]
    try:
        return keyness_between(_corpus(source), target, reference, min_count=min_count, ngram=ngram)
    except LookupError as error:
        raise UserError(str(error)) from None


def topics(source: Analysis | Corpus, show: str = "terms", k: int | None = None,
           group_by: str = config.GROUP_BY) -> pd.DataFrame:
    """A topic-model table (``show``: terms, prevalence, selection, segments, labels, effects,
    names, boilerplate; columns in ``measure.topics.model``). From an ``Analysis``: its model. From a
    ``Corpus``: a model fitted now, at ``k`` topics if given (else k is chosen), with effects by
    ``group_by``."""
    if show not in TOPIC_TABLES or show == "contrast":
        raise UserError(f"show='{show}' is not a topic table; choose one of {', '.join(list(TOPIC_TABLES)[:-1])}")
    if isinstance(source, Analysis):
        if source.topic_model is None:
            raise UserError("this analysis has no topic model; run analyse() with include_topics=True")
        return source.tables[TOPIC_TABLES[show]]
    return topic_tables(source, k, group_by=group_by)[0][TOPIC_TABLES[show]]


def topic_contrast(analysis: Analysis, first: str, second: str, group_by: str | None = None) -> pd.DataFrame:
    """Do plans of group ``first`` give more weight to each topic than plans of ``second``
    (two values of ``group_by``, default the analysis's)? The difference per topic with its 95%
    interval (``measure.topics.effects.CONTRAST_COLUMNS``)."""
    return contrast_topics(analysis, first, second, group_by)


def commitments(source: Analysis | Corpus, show: str = "targets", codebook_path=None) -> pd.DataFrame:
    """What the plans promise, each row quoting its sentence. ``show``: ``targets`` (targets and
    dated tasks, ``COMMITMENT_COLUMNS``), ``agencies`` (who leads and coordinates,
    ``AGENCY_COLUMNS``) or ``directives`` (central documents implemented or cited)."""
    if show not in COMMITMENT_TABLES:
        raise UserError(f"show='{show}' is not a commitment table; choose one of {', '.join(COMMITMENT_TABLES)}")
    if isinstance(source, Analysis):
        return source.tables[COMMITMENT_TABLES[show]]
    # theme_hits leaves out phrases inside bare citations, as the analysis does: one rule, in measure.themes.measures.
    found = theme_measures.theme_hits(source, load_codebook(find_codebook(source.directory, codebook_path)))
    return commitment_tables(source, found)[COMMITMENT_TABLES[show]]


def structure(source: Analysis | Corpus) -> pd.DataFrame:
    """How each plan is built: ``doc_id, sections, items, subitems, bullets, paragraphs`` and the
    lines of each part (``header_lines, title_lines, body_lines, distribution_lines, signature_lines``)."""
    return structure_summary(_corpus(source).segments)


def bottom_line(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> list[str]:
    """The briefing's bottom line, three to five sentences of plain text."""
    return [sentence.striptags() for sentence in briefing.bottom_line(analysis, lang)]


def plan_table(analysis: Analysis, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """The plans compared, as the briefing lists them (headers in ``lang``)."""
    table = briefing.plan_table(analysis, lang)
    return pd.DataFrame(table["rows"], columns=table["columns"])


def evidence_quotes(analysis: Analysis) -> pd.DataFrame:
    """The passages the bottom line rests on: ``anchor, theme, doc_id, section, matches, text``."""
    columns = ["anchor", "theme", "doc_id", "section", "matches", "text"]
    return pd.DataFrame(briefing.evidence_quotes(analysis), columns=columns)


def write_explorer(analysis: Analysis, path: Path | str, lang: str = config.DEFAULT_LANG) -> Path:
    """The explorer (read and search every plan offline in a browser) as one HTML file at ``path``."""
    return explorer.write_explorer(analysis, Path(path), lang)


def _codebook_and_hits(source: Analysis | Corpus, codebook_path):
    if isinstance(source, Analysis):
        return source.codebook, source.tables["theme_evidence"]
    book = load_codebook(find_codebook(source.directory, codebook_path))
    return book, theme_measures.theme_hits(source, book)


def validate_sample(source: Analysis | Corpus, out: Path | str | None = None, themes: list[str] | None = None,
                    size: int = config.VALIDATION_SAMPLE_SIZE, seed: int = config.VALIDATION_SEED, coder: str = "",
                    unit: str = "passage", lang: str = config.DEFAULT_LANG, codebook_path=None) -> pd.DataFrame:
    """A coding sheet: ``size`` units (passages or sentences) sampled with ``seed``, stratified by
    what the codebook finds for ``themes`` (default: the featured ones), one row per unit
    (``measure.themes.validation.SAMPLE_COLUMNS`` + ``plan, section``). With ``out``, also written
    as .xlsx (drop-downs, instructions), .csv and .design.csv for a person to code."""
    book, hits = _codebook_and_hits(source, codebook_path)
    themes = book.theme_ids_named(themes, "themes") if themes else None
    day = briefing.run_date().isoformat()
    return codebook_validation.sample_sheet(_corpus(source), book, hits, Path(out) if out else None, themes, size,
                                            seed, coder, unit, lang, day)[0]


def validate_score(source: Analysis | Corpus, sheets: list[Path | str] | None = None,
                   codebook_path=None) -> codebook_validation.Validation:
    """The codebook against filled coding sheets (default: those in the corpus folder's
    ``validation/`` folder): a ``Validation`` with ``scores`` (per theme precision, recall, F1 with
    95% intervals, units coded, coders, Krippendorff's alpha), ``disagreements`` (each with its
    passage) and ``suggestions`` (YAML to paste into themes.yml)."""
    book, hits = _codebook_and_hits(source, codebook_path)
    corpus = _corpus(source)
    paths = [Path(p) for p in sheets] if sheets else codebook_validation.sheet_files(corpus.directory)
    return codebook_validation.validate(corpus, book, hits, paths)


def read_table(path: Path | str, **options) -> pd.DataFrame:
    """A CSV table a run wrote (``figures/*.csv``), with every text exactly as the plans have it.
    The files guard text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return first) with a single quote before it; this takes the guard off
    (``analysis.csv_tables``). ``options`` go to ``pandas.read_csv``."""
    return csv_tables.read_csv(path, **options)
