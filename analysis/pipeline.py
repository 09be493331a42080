"""Run every measure on a corpus; draw and write every table and figure.

``analyse(corpus, ...)`` computes every table once and returns an ``Analysis``: its
``tables`` (name -> tidy DataFrame, the name each is saved under) and the objects behind
them (codebook, topic model, similarity order). ``draw(analysis, stem, lang)`` returns
one figure and the table it draws -- what notebooks call. ``FIGURES`` lists the stems.

``run_all(corpus_dir, out_dir, ...)`` (``python -m analysis run``) writes every table as
CSV, every figure as PNG + SVG + CSV, the Excel workbook, ``manifest.json`` and
``briefing.html`` (``report``). Everything is written to a staging folder first and moved
into place only when the whole run has succeeded, so a run that fails midway leaves the
previous outputs intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import config, figures, report, themes, topic_selection, topics
from analysis.codebook import Codebook, load_codebook
from analysis.corpus import CORPUS_COLUMNS, Corpus, build_corpus
from analysis.features import VietnameseAnalyzer, document_term_matrix
from analysis.keyness import collocations, keyness_extremes, keyness_vs_rest
from analysis.vocabulary import plan_similarity, tfidf_top_terms

NAMED_THEMES = ["wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"]
TOPIC_K_RANGE = range(4, 13)


@dataclass
class Analysis:
    corpus: Corpus
    codebook: Codebook
    tables: dict[str, pd.DataFrame]
    topic_model: topics.TopicModel | None
    similarity_order: list[str]
    parameters: dict = field(default_factory=dict)
    featured_themes: list[str] = field(default_factory=lambda: list(NAMED_THEMES))

    @property
    def plans(self) -> pd.DataFrame:
        """``doc_id, province, year`` of the analysed plans, oldest first."""
        return self.corpus.usable.sort_values(["year", "province", "doc_id"])[["doc_id", "province", "year"]]

    def plan_labels(self) -> dict[str, str]:
        return {p.doc_id: f"{p.province} {p.year}" for p in self.plans.itertuples()}

    def named_themes(self) -> list[str]:
        """The themes featured in the trajectory and dispersion figures (default: the four named ones)."""
        return [t for t in self.featured_themes if t in self.codebook.theme_ids]


def source_line(corpus: Corpus, codebook_name: str = "", lang: str = "en") -> str:
    """The plans (and codebook) a figure is drawn from, for the line under it."""
    plans = corpus.usable.sort_values(["year", "province"])
    listed = ", ".join(f"{p.province} {p.year}" for p in plans.itertuples())
    if lang == "vi":
        tail = f"; bộ mã chủ đề {codebook_name}" if codebook_name else ""
        return f"{len(plans)} kế hoạch cấp tỉnh ({listed}){tail}"
    tail = f"; codebook {codebook_name}" if codebook_name else ""
    return f"{len(plans)} provincial plans ({listed}){tail}"


# --- tables --------------------------------------------------------------------------


def theme_tables(corpus: Corpus, codebook: Codebook, seed: int = themes.DEFAULT_SEED,
                 n_boot: int = themes.DEFAULT_BOOTSTRAP) -> dict[str, pd.DataFrame]:
    hits = themes.theme_hits(corpus, codebook)
    measures = themes.theme_measures(corpus, hits, codebook, n_boot=n_boot, seed=seed)
    return {
        "theme_measures": measures,
        "theme_by_province": themes.theme_groups(measures, "province"),
        "theme_by_year": themes.theme_groups(measures, "year"),
        "theme_evidence": hits,
        "theme_unmatched_phrases": themes.unmatched_phrases(codebook, hits),
    }


def keyness_tables(corpus: Corpus, min_count: int = 3) -> pd.DataFrame:
    """Each plan against all the others, and the latest issue year against earlier ones, in one table."""
    matrix, features, documents = document_term_matrix(corpus, analyzer=VietnameseAnalyzer(remove_boilerplate=True))
    if len(documents) < 2:
        return pd.DataFrame()
    comparisons = [(plan.doc_id, plan.doc_id, "rest", f"{plan.province} {plan.year}")
                   for plan in documents.itertuples(index=False)]
    years = sorted(documents["year"].dropna().unique())
    if len(years) > 1:
        earlier = [y for y in years if y < years[-1]]
        comparisons.append((str(years[-1]), f"year {years[-1]}", f"years {earlier[0]}-{earlier[-1]}",
                            f"plans of {years[-1]}"))
    parts = []
    for target, target_name, reference_name, label in comparisons:
        table = keyness_vs_rest(matrix, features, documents, target, min_count=min_count)
        table.insert(0, "reference", reference_name)
        table.insert(0, "target_label", label)
        table.insert(0, "target", target_name)
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def vocabulary_tables(corpus: Corpus, codebook: Codebook | None = None) -> tuple[dict[str, pd.DataFrame], list[str]]:
    similarity, order = plan_similarity(corpus)
    return {
        "tfidf_top_terms": tfidf_top_terms(corpus, "doc_id"),
        "tfidf_top_terms_by_year": tfidf_top_terms(corpus, "year"),
        "keyness": keyness_tables(corpus),
        "collocations": collocations(corpus, codebook=codebook),
        "similarity": similarity,
    }, order


def topic_tables(corpus: Corpus, k: int | None = None, k_range=TOPIC_K_RANGE, method: str = "nmf",
                 seed: int = topics.DEFAULT_SEED, guided: list[str] | None = None,
                 codebook: Codebook | None = None) -> tuple[dict[str, pd.DataFrame], topics.TopicModel]:
    """Model selection (unless ``k`` is given), the chosen model and every topic table."""
    units = topics.topic_units(corpus)
    matrix = topics.unit_matrix(units)
    selection = topic_selection.select_k(matrix, [k] if k else k_range, method, seed=seed)
    chosen = int(selection.loc[selection["chosen"], "k"].iloc[0])
    model = topics.fit_topics(matrix, chosen, method, seed, guided=guided, codebook=codebook)
    return {
        "topic_selection": selection,
        "topic_terms": topics.topic_terms(model),
        "topic_segments": topics.segment_topics(model, units),
        "topic_prevalence": topics.topic_prevalence(model, units, "doc_id"),
        "topic_prevalence_by_province": topics.topic_prevalence(model, units, "province"),
        "topic_prevalence_by_year": topics.topic_prevalence(model, units, "year"),
        "topic_representative_segments": topics.representative_segments(model, units),
    }, model


def topic_summary(selection: pd.DataFrame, model: topics.TopicModel) -> str:
    """One line for the run output: the chosen k and how stable it is."""
    row = selection[selection["chosen"]].iloc[0]
    searched = f"chosen over k = {selection['k'].min()}-{selection['k'].max()}" if len(selection) > 1 else "given"
    return (f"topics: {model.method.upper()} k = {model.k} ({searched}); coherence (NPMI) {row['coherence']:.3f}, "
            f"stability {row['stability']:.2f} (mean best-match Jaccard of top-10 terms over "
            f"{topic_selection.N_SEEDS} seeds)")


def analyse(corpus: Corpus, codebook_path=None, seed: int = themes.DEFAULT_SEED,
            topic_seed: int = topics.DEFAULT_SEED, topic_k_range=TOPIC_K_RANGE,
            n_boot: int = themes.DEFAULT_BOOTSTRAP, include_topics: bool = True,
            featured_themes: list[str] | None = None) -> Analysis:
    """Every table for the usable plans of ``corpus``; see the module docstring.

    ``include_topics=False`` skips the topic models (the slowest step) for quick looks;
    ``featured_themes`` replaces the four named themes in the trajectory and dispersion figures.
    """
    codebook = load_codebook(codebook_path)
    featured = list(featured_themes or NAMED_THEMES)
    unknown = set(featured) - set(codebook.theme_ids)
    if unknown:
        raise ValueError(f"unknown theme(s) {', '.join(sorted(unknown))}; use ids from {codebook.path}")
    tables = {"corpus": corpus.documents[CORPUS_COLUMNS]}
    tables.update(theme_tables(corpus, codebook, seed=seed, n_boot=n_boot))
    vocabulary, order = vocabulary_tables(corpus, codebook)
    tables.update(vocabulary)
    parameters = {
        "theme_bootstrap_seed": seed, "theme_bootstrap_resamples": n_boot, "keyness_min_count": 3,
        "kwic_window": config.KWIC_WINDOW, "featured_themes": featured,
    }
    model = None
    if include_topics:
        topic, model = topic_tables(corpus, k_range=topic_k_range, seed=topic_seed)
        tables.update(topic)
        parameters.update({
            "topic_seed": topic_seed, "topic_method": model.method,
            "topic_k_range": [min(topic_k_range), max(topic_k_range)], "topic_k_chosen": model.k,
            "topic_seeds_for_stability": topic_selection.N_SEEDS, "topic_min_stability": topic_selection.MIN_STABILITY,
        })
    return Analysis(corpus, codebook, tables, model, order, parameters, featured)


# --- figures -------------------------------------------------------------------------


def _theme_heatmap(a: Analysis, lang: str, source: str):
    data = a.tables["theme_by_province"]
    order = themes.theme_salience_order(a.tables["theme_measures"])
    return figures.plot_theme_heatmap(data, order, lang, source), data


def _theme_trajectories(a: Analysis, lang: str, source: str):
    measures = a.tables["theme_measures"]
    data = measures[measures["theme"].isin(a.named_themes())]
    return figures.plot_theme_trajectories(data, a.named_themes(), lang, source), data


def _theme_shares(a: Analysis, lang: str, source: str):
    data = a.tables["theme_measures"]
    return figures.plot_theme_shares(data, themes.theme_salience_order(data), lang, source), data


def _theme_dispersion(a: Analysis, lang: str, source: str):
    hits = a.tables["theme_evidence"]
    data = hits[hits["theme"].isin(a.named_themes())][["doc_id", "province", "year", "theme", "match", "position",
                                                         "section_path"]]
    labels = {t.id: t.label(lang) for t in a.codebook.themes}
    figure = figures.plot_theme_dispersion(data, themes.section_boundaries(a.corpus), a.plans, a.named_themes(),
                                           labels, lang, source)
    return figure, data


def _tfidf_top_terms(a: Analysis, lang: str, source: str):
    data = a.tables["tfidf_top_terms"].groupby("doc_id", sort=False).head(12)
    return figures.plot_top_terms(data, lang, source), data


def _keyness_for(doc_id: str) -> Callable:
    def draw(a: Analysis, lang: str, source: str):
        keyness = a.tables["keyness"]
        table = keyness[keyness["target"] == doc_id]
        data = keyness_extremes(table, 15)
        province = a.corpus.usable.set_index("doc_id").at[doc_id, "province"]
        figure = figures.plot_keyness(data, a.plan_labels()[doc_id], lang=lang, source=source,
                                      colour=figures.province_colour(province))
        return figure, data
    return draw


def _similarity_heatmap(a: Analysis, lang: str, source: str):
    data = a.tables["similarity"]
    return figures.plot_similarity(data, a.similarity_order, a.plan_labels(), lang, source), data


def _topic_terms(a: Analysis, lang: str, source: str):
    data = a.tables["topic_terms"]
    return figures.plot_topic_terms(data, a.topic_model.method, lang, source), data


def _topic_prevalence(a: Analysis, lang: str, source: str):
    data = a.tables["topic_prevalence"]
    return figures.plot_topic_prevalence(data, a.plan_labels(), lang, source), data


def _topic_trends(a: Analysis, lang: str, source: str):
    data = a.tables["topic_prevalence_by_year"]
    return figures.plot_topic_trends(data, lang, source), data


def _topic_model_selection(a: Analysis, lang: str, source: str):
    data = a.tables["topic_selection"]
    return figures.plot_model_selection(data, topic_selection.MIN_STABILITY, lang, source), data


FIGURES: dict[str, Callable] = {
    "theme_heatmap": _theme_heatmap,
    "theme_trajectories": _theme_trajectories,
    "theme_shares": _theme_shares,
    "theme_dispersion": _theme_dispersion,
    "tfidf_top_terms_bars": _tfidf_top_terms,
    "similarity_heatmap": _similarity_heatmap,
    "topic_terms_bars": _topic_terms,
    "topic_prevalence_bars": _topic_prevalence,
    "topic_trends": _topic_trends,
    "topic_model_selection": _topic_model_selection,
}


def figure_stems(analysis: Analysis) -> list[str]:
    """Every figure of this analysis: the fixed ones and one keyness figure per plan."""
    stems = [s for s in FIGURES if s != "similarity_heatmap" or len(analysis.plans) > 1]
    if analysis.topic_model is None:
        stems = [s for s in stems if not s.startswith("topic_")]
    if len(analysis.plans) > 1:
        stems[stems.index("similarity_heatmap"):stems.index("similarity_heatmap")] = [
            f"keyness_{d}" for d in analysis.plans["doc_id"]]
    return stems


def draw(analysis: Analysis, stem: str, lang: str = "en"):
    """One figure and the table it draws (for notebooks and ``run_all``)."""
    if stem.startswith("keyness_"):
        drawer = _keyness_for(stem[len("keyness_"):])
    elif stem in FIGURES:
        drawer = FIGURES[stem]
    else:
        raise KeyError(f"no figure called {stem!r}; choose one of {', '.join(figure_stems(analysis))}")
    codebook_name = Path(analysis.codebook.path).name if stem.startswith("theme_") else ""
    return drawer(analysis, lang, source_line(analysis.corpus, codebook_name, lang))


# --- the whole run -------------------------------------------------------------------


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


def run_all(corpus_dir=None, out_dir=None, lang: str = "en", codebook_path=None,
            seed: int = themes.DEFAULT_SEED, corpus: Corpus | None = None,
            topic_seed: int = topics.DEFAULT_SEED, topic_k_range=TOPIC_K_RANGE,
            progress: Callable[[str], None] | None = None) -> RunResult:
    """Build the corpus (unless given) and write every output; see the module docstring.

    Everything is first written to a staging folder beside ``out_dir``; only when the whole
    run has succeeded are the files moved into ``out_dir`` (each by an atomic rename). A run
    that fails midway leaves ``out_dir`` exactly as it was.
    """
    corpus = corpus if corpus is not None else build_corpus(corpus_dir)
    out_dir = Path(out_dir) if out_dir else config.FIGURES_DIR
    result = RunResult(corpus, out_dir)
    if corpus.usable.empty:
        return result
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
    try:
        staged = _write_outputs(result, staging, lang, codebook_path, seed, topic_seed, topic_k_range,
                                progress or (lambda message: None))
        previous = report.previous_outputs(out_dir / "manifest.json")
        result.written = []
        for path in staged:  # the manifest comes last: it describes a complete set
            target = out_dir / path.name
            os.replace(path, target)
            result.written.append(target)
        # Outputs of an earlier run that this run did not write (e.g. the keyness figure of a
        # plan since removed) would be stale: remove them, and only them.
        for name in sorted(previous - {p.name for p in result.written}):
            (out_dir / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _write_outputs(result: RunResult, folder: Path, lang, codebook_path, seed, topic_seed, topic_k_range,
                   step: Callable[[str], None]) -> list[Path]:
    step("measuring themes, vocabulary and topics")
    analysis = analyse(result.corpus, codebook_path, seed=seed, topic_seed=topic_seed, topic_k_range=topic_k_range)
    result.analysis = analysis
    result.summary.append(topic_summary(analysis.tables["topic_selection"], analysis.topic_model))
    written = [figures.save_table(table, folder / f"{name}.csv") for name, table in analysis.tables.items()]
    figure_files = {}
    for stem in figure_stems(analysis):
        step(f"drawing {stem}")
        figure, data = draw(analysis, stem, lang)
        figure_files[stem] = figures.save_figure(figure, data, stem, folder)
        written += figure_files[stem]
    step("writing the workbook, briefing and manifest")
    written.append(report.write_workbook(analysis.tables, folder / "tables.xlsx"))
    written.append(report.write_briefing(analysis, figure_files, folder / "briefing.html", lang))
    written.append(report.write_manifest(analysis, written, folder / "manifest.json", lang))
    names = [p.name for p in written]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:  # a figure's data must never overwrite a table of the same name
        raise RuntimeError(f"two outputs share a file name: {', '.join(clashes)}")
    return written
