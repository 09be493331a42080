"""The whole run: every table, figure, the workbook, the briefing and the manifest, on disk.

``run_all(corpus_dir, out_dir, ...)`` (``python -m analysis run``, ``make figures``) builds
the corpus (unless given one), analyses it and writes every table as CSV, every figure of
the catalogue as PNG + SVG + the CSV of what it draws, ``tables.xlsx``, the briefing in
every language (``briefing.en.html``, ``briefing.vi.html``) and ``manifest.json``. It returns a ``RunResult`` (the corpus, the analysis, the files
written, summary lines for the CLI: each file with no body text, each plan read by OCR with low quality, the codebook, the topics, what
was left out).

The workbook and the briefings in the languages other than the run's are written by a second
process while this one draws the figures (``outputs.background``); the files are the same bytes either way.

Everything is first written to a staging folder beside ``out_dir``; only when the whole
run has succeeded are the files moved into ``out_dir`` (each by an atomic rename), so a
run that fails midway leaves ``out_dir`` exactly as it was; the staging folder of a run that
was killed is removed by the next run (``atomic.remove_abandoned_staging``). Outputs a previous run
recorded in its manifest and this run did not write (e.g. the keyness figure of a plan
since removed) are deleted; other files in the folder are never touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import yaml
from tqdm import tqdm

from analysis import atomic, cache, config, memory
from analysis.figures import save_figure, save_table
from analysis.measure.topics import names as topic_names
from analysis.measure.themes.codebook import codebook_path
from analysis.outputs import background, catalogue
from analysis.outputs.analyse import Analysis, analyse, measuring_while_reading, topic_summary
from analysis.outputs.plan_selection import resolve_plans
from analysis.outputs.tables import written_tables
from analysis.outputs.briefing import briefing_name, run_date, write_briefings
from analysis.outputs.coding_sheet import sheet_files
from analysis.outputs.explorer import write_explorer
from analysis.outputs.manifest import previous_outputs, up_to_date, write_manifest
from analysis.outputs.workbook import write_workbook
from analysis.read.corpus import Corpus, build_corpus
from analysis.resources import number, percent, text


@dataclass
class RunResult:
    corpus: Corpus
    out_dir: Path
    analysis: Analysis | None = None
    written: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return self.analysis.tables if self.analysis else {}


# The libraries whose versions change what a run writes: the models, the numbers, the drawing.
OUTPUT_LIBRARIES = ("scikit-learn", "numpy", "scipy", "pandas", "matplotlib", "underthesea", "xlsxwriter", "jinja2")


@dataclass
class RunOptions:
    """What a run may be asked to change; every default comes from ``config``."""

    lang: str = config.DEFAULT_LANG
    codebook_path: Path | None = None
    seed: int = config.BOOTSTRAP_SEED
    topic_seed: int = config.TOPIC_SEED
    topic_k_range: range = config.TOPIC_K_RANGE
    progress: bool = False  # a progress bar on stderr when it is a terminal
    plans: list[str] | None = None  # plans that plan-by-plan figures show (names as in --plans)
    per_plan: bool = False  # plan-by-plan figures for every plan
    reselect_topics: bool = config.TOPIC_RESELECT  # search k again even when a previous fit could be warm-started
    group_by: str = config.GROUP_BY  # the plan attribute the pooled comparison groups by (--by)
    # The date the briefings say they were run on (--date, ISO); None: SOURCE_DATE_EPOCH's, else today's.
    # Not part of the fingerprint: it says when the outputs were written, not what they depend on.
    date: str | None = None
    fingerprint_value: str = ""  # set by run_all: recorded in the manifest
    cache_dir: Path | None = None  # where read files and topic models are kept (None: config's)

    def fingerprint(self, corpus: Corpus) -> str:
        """A hash of everything the outputs depend on: the plans (bytes and metadata), plans.csv
        and the codebook (through the corpus and codebook files), the topic names file, the coding
        sheets in the corpus folder's validation/ folder, these
        options, the code and the libraries that draw and compute (``analysis.cache.cache_key``)."""
        documents = corpus.documents.astype(str).to_csv(index=False)
        codebook = codebook_path(corpus.directory, self.codebook_path)
        options = {k: (list(v) if isinstance(v, range) else v) for k, v in vars(self).items()
                   if k not in ("progress", "codebook_path", "reselect_topics", "fingerprint_value", "cache_dir", "date")}
        names = Path(corpus.directory) / config.TOPIC_NAMES_FILE  # researchers' topic names label the outputs
        sheets = [p.read_bytes() for p in sheet_files(corpus.directory)]  # coding sheets: the validation
        content = b"\x00".join([documents.encode("utf-8"), codebook.read_bytes() if codebook.exists() else b"",
                                names.read_bytes() if names.exists() else b"", *sheets])
        return cache.cache_key("outputs", content, OUTPUT_LIBRARIES, options)


def run_all(corpus_dir=None, out_dir=None, corpus: Corpus | None = None, **options) -> RunResult:
    """Build the corpus (unless given) and write every output; see the module docstring.

    ``options`` are the fields of ``RunOptions`` (``lang``, ``codebook_path``, ``seed``,
    ``topic_seed``, ``topic_k_range``, ``progress``, ``date``, ...).
    """
    settings = RunOptions(**options)
    day = run_date(settings.date)  # a bad SOURCE_DATE_EPOCH stops the run before any work
    corpus = corpus if corpus is not None else read_for_run(corpus_dir, settings)
    out_dir = Path(out_dir) if out_dir else config.FIGURES_DIR
    atomic.remove_abandoned_staging(out_dir)  # a killed run could not remove its own
    result = RunResult(corpus, out_dir)
    # Named here too: the reading step's lines scroll away, and such a file is easily taken for a plan.
    result.summary += [text("summary.no_body", settings.lang, path=path)
                       for path in corpus.documents.loc[corpus.documents["status"] == "no_body", "path"]]
    result.summary += low_quality_lines(corpus.documents, settings.lang)
    if corpus.usable.empty:
        return result
    fingerprint = settings.fingerprint(corpus)
    # Nothing changed: nothing to redraw (unless the topic search is asked for again).
    if not settings.reselect_topics and up_to_date(out_dir / "manifest.json", fingerprint):
        result.summary.append(text("summary.up_to_date", settings.lang, out=out_dir))
        return result
    settings.fingerprint_value = fingerprint
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = atomic.staging_folder(out_dir)
    try:
        staged = _write_outputs(result, staging, settings, day)
        previous = previous_outputs(out_dir / "manifest.json")
        result.written = []
        for path in staged:  # the manifest comes last: it describes a complete set
            target = out_dir / path.name
            os.replace(path, target)
            result.written.append(target)
        for name in sorted(previous - {p.name for p in result.written}):
            (out_dir / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def read_for_run(corpus_dir=None, settings: RunOptions | None = None, progress: bool = False) -> Corpus:
    """``build_corpus`` for a run with ``settings``: its workers measure each plan as they read it
    (``analyse.measuring_while_reading``), so the run finds those measures done."""
    settings = settings or RunOptions()
    then = measuring_while_reading(corpus_dir, settings.codebook_path, settings.seed, cache_dir=settings.cache_dir)
    return build_corpus(corpus_dir, cache_dir=settings.cache_dir, progress=progress, then=then)


def low_quality_lines(documents: pd.DataFrame, lang: str) -> list[str]:
    """One line per plan read by OCR below the quality thresholds (``read.ocr_quality``): analysed, but flagged."""
    flagged = documents[documents["ocr_low_quality"] & documents["status"].eq("ok")]
    return [text("summary.ocr_low_quality", lang, path=row.path,
                 confidence="—" if pd.isna(row.ocr_confidence) else number(row.ocr_confidence, lang, 1),
                 share="—" if pd.isna(row.non_vietnamese_share) else percent(row.non_vietnamese_share, lang, 1))
            for row in flagged.itertuples(index=False)]


def write_names_template(model, path: Path, lang: str) -> Path:
    """A ``topic_names.yml`` to fill in and copy into the corpus folder (``measure.topics.names``):
    each topic with its current name and top words, a commented header saying what to do."""
    header = "".join(f"# {line}\n" for line in textwrap.wrap(text("summary.names_file_header", lang), 96))
    entries = topic_names.template(model, list(model.names) or [""] * model.k)
    # One dump per entry, so each can carry a comment with its topic number in this run.
    body = "".join(f"# {text('briefing.topic_column', lang)} {number}\n" +
                   yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
                   for number, entry in enumerate(entries, start=1))
    path.write_text(header + body, encoding="utf-8")
    return path


def _side_jobs(analysis: Analysis, tables: dict[str, pd.DataFrame], stems: list[str], folder: Path, lang: str,
               day: date) -> list[background.Job]:
    """The workbook, then the briefings in the languages other than ``lang`` (their figures are
    drawn again in their language, so they need only the stems)."""
    others = tuple(other for other in config.LANGUAGES if other != lang)
    return [lambda: [write_workbook(tables, folder / "tables.xlsx", lang, analysis.tables["theme_measures"])],
            lambda: write_briefings(analysis, {stem: [] for stem in stems}, folder, lang, day, languages=others)]


def _without_tokens(corpus: Corpus) -> None:
    """In the forked writer only (``background.start``'s ``lighten``): the workbook and the briefings
    never read the token table, at 1,000 plans a fifth of what the run holds."""
    corpus.tokens = corpus.tokens.iloc[:0]
    corpus.derived.clear()
    memory.release()


def _in_run_order(side: list[Path], briefings: list[Path], explorer: Path) -> list[Path]:
    """The workbook, the briefings in ``config.LANGUAGES`` order, the explorer: the order the
    manifest lists them in, whichever process wrote them."""
    workbook = [p for p in side if p.name == "tables.xlsx"]
    pages = sorted([p for p in side if p.name != "tables.xlsx"] + briefings,
                   key=lambda p: [briefing_name(code) for code in config.LANGUAGES].index(p.name))
    return workbook + pages + [explorer]


def _analyse(corpus: Corpus, settings: RunOptions) -> Analysis:
    """``analyse`` with the run's options. Every measure is then computed: the views of the token table
    the measures shared (token lists, the document-feature matrix) are dropped, rebuilt if asked for
    again, so that neither this process nor the one it forks carries them while writing (issue 28)."""
    analysis = analyse(corpus, settings.codebook_path, seed=settings.seed, topic_seed=settings.topic_seed,
                       topic_k_range=settings.topic_k_range, reselect_topics=settings.reselect_topics,
                       group_by=settings.group_by, lang=settings.lang, cache_dir=settings.cache_dir)
    corpus.derived.clear()
    memory.release()
    return analysis


def _write_outputs(result: RunResult, folder: Path, settings: RunOptions, day: date) -> list[Path]:
    lang = settings.lang
    # disable=None: tqdm draws only on a terminal, so logs and tests stay clean.
    with tqdm(total=3, file=sys.stderr, leave=False, disable=None if settings.progress else True) as bar:
        bar.set_description(text("progress.measuring", lang))
        analysis = _analyse(result.corpus, settings)
        analysis.shown = resolve_plans(analysis, settings.plans, settings.per_plan, result.summary, lang)
        analysis.parameters["inputs_fingerprint"] = settings.fingerprint_value
        result.analysis = analysis
        result.summary.append(text("summary.codebook", lang, path=analysis.codebook.path,
                                   n=len(analysis.codebook.themes)))
        if analysis.topic_model is not None:
            result.summary.append(topic_summary(analysis.tables["topic_selection"], analysis.topic_model, lang,
                                                analysis.tables.get("topic_names")))
        result.summary += [text("summary.omitted", lang, measure=o["measure"], plan=o["doc_id"] or "—",
                                reason=o["reason"]) for o in analysis.omitted]
        tables = written_tables(analysis.tables, analysis.corpus)
        stems = catalogue.figure_stems(analysis)
        # The workbook and the other languages' briefings need nothing the tables' files or the figures
        # write: a second process writes them meanwhile (outputs.background), started before the tables'
        # files are written so its work overlaps theirs too; they go last in the list, as before.
        memory.release()  # the forked process starts with what this one holds
        side = background.start(_side_jobs(analysis, tables, stems, folder, lang, day),
                                lighten=lambda: _without_tokens(analysis.corpus))
        written = [save_table(table, folder / f"{name}.csv") for name, table in tables.items()]
        if analysis.topic_model is not None:
            written.append(write_names_template(analysis.topic_model, folder / config.TOPIC_NAMES_FILE, lang))
        if len(analysis.tables["validation"]):  # suggested codebook edits: a file to read, never applied
            written.append(folder / "validation_suggestions.yml")
            written[-1].write_text(analysis.validation_suggestions, encoding="utf-8")
        bar.total += len(stems)
        bar.update(1)
        figure_files = {}
        start = time.perf_counter()
        for stem in stems:
            bar.set_description(text("progress.drawing", lang, stem=stem))
            figure, data = catalogue.draw(analysis, stem, lang)
            figure_files[stem] = save_figure(figure, data, stem, folder)
            written += figure_files[stem]
            bar.update(1)
        analysis.timings["figures"] = time.perf_counter() - start
        start = time.perf_counter()
        bar.set_description(text("progress.writing", lang))
        briefings = write_briefings(analysis, figure_files, folder, lang, day, languages=(lang,))
        explorer = write_explorer(analysis, folder / "explorer.html", lang)
        written += _in_run_order(side.finish(), briefings, explorer)
        written.append(write_manifest(analysis, written, folder / "manifest.json", lang))
        analysis.timings["report"] = time.perf_counter() - start
        bar.update(2)
    names = [p.name for p in written]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:  # a figure's data must never overwrite a table of the same name
        raise RuntimeError(f"two outputs share a file name: {', '.join(clashes)}")
    return written
