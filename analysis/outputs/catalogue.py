"""The figure catalogue: every figure a run draws, declared once.

Each ``FigureEntry`` says which table a figure draws (``table``), which rows of it
(``select``: filtering and top-n only), how (``plot``: a call into ``analysis.figures``),
what the two sentences under it say (``facts``, filled into ``reading.<reading>`` of
labels.yml) and where it appears (``section`` of the briefing, ``notebook``). ``needs``
says when a figure exists at all (``topics``: a topic model was fitted; ``two_plans``: a
comparison needs another plan; ``merged_provinces``: some plan's province was merged on
1 July 2025); ``per_plan`` figures are drawn once per plan, their stem
ending in the plan's doc_id.

Each province has one colour in every figure of a run (``figure_views.run_colours``: assigned
once from the run's provinces sorted by name, passed to every figure that colours provinces).

``figure_stems(analysis)``, ``draw(analysis, stem, lang)`` (the figure and exactly the
rows it draws: what the writer calls), ``figure(analysis, stem, lang)`` (the figure alone:
what notebooks call) and ``reading(analysis, stem, lang)``
are all read from ``FIGURES``; nothing else lists figures. The functions entries call
(selections, readings' facts) are in ``outputs.figure_views``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from analysis import config, figures
from analysis.measure.commitments.agencies import lead_counts
from analysis.measure.groups import in_language
from analysis.measure.themes.measures import section_boundaries, theme_salience_order
from analysis.outputs.analyse import Analysis
from analysis.outputs.figure_views import (  # noqa: F401  (shown_plans, group_name: part of this API)
    View,
    agency_facts,
    all_rows,
    comparison_facts,
    comparison_plot,
    comparison_rows,
    dated_rows,
    directive_rows,
    dispersion_facts,
    effects_facts,
    featured_hits,
    group_heatmap_facts,
    group_heatmap_plot,
    group_name,
    heatmap_facts,
    keyness_facts,
    keyness_plot,
    keyness_rows,
    level_facts,
    no_facts,
    prevalence_facts,
    resamples_facts,
    run_colours,
    selection_facts,
    shown_plans,
    similarity_facts,
    timeline_facts,
    timeline_rows,
    top_pairs_rows,
    top_terms_facts,
    top_terms_rows,
    topic_model_facts,
    trajectory_rows,
    validation_facts,
)
from analysis.resources import text


@dataclass(frozen=True)
class FigureEntry:
    stem: str
    table: str
    plot: Callable[[View, pd.DataFrame, str], object]
    facts: Callable[[View, pd.DataFrame], dict]
    section: str
    notebook: str
    select: Callable[[View, pd.DataFrame], pd.DataFrame] = all_rows
    needs: str = ""
    per_plan: bool = False
    plan_rows: bool = False  # one panel, bar or row per plan: drawn for the shown plans only
    codebook_source: bool = False
    reading: str = ""
    # Where the briefing shows it: "main" (what a reader takes in) or "annex" (method and detail).
    briefing: str = "annex"

    @property
    def reading_key(self) -> str:
        return f"reading.{self.reading or self.stem}"


def _rows(entry: "FigureEntry", view: View, table: pd.DataFrame) -> pd.DataFrame:
    """The rows a figure draws: its own selection, limited to the shown plans for plan-by-plan figures."""
    data = entry.select(view, table)
    if entry.plan_rows:
        shown = shown_plans(view.analysis)
        for column in ("doc_id", "doc_a", "doc_b"):
            if column in data:
                data = data[data[column].isin(shown)]
    return data


# --- the catalogue ------------------------------------------------------------------

FIGURES: list[FigureEntry] = [
    FigureEntry(
        "theme_comparison", "theme_measures", section="themes", notebook="02-themes", codebook_source=True,
        plan_rows=True, briefing="main", select=comparison_rows, plot=comparison_plot, facts=comparison_facts),
    FigureEntry(
        "theme_heatmap_by_group", "theme_by_group", section="themes", notebook="02-themes", codebook_source=True,
        needs="groups", briefing="main", plot=group_heatmap_plot, facts=group_heatmap_facts),
    FigureEntry(
        "theme_heatmap", "theme_by_province", section="themes", notebook="02-themes", codebook_source=True,
        briefing="main",
        plot=lambda v, data, source: figures.plot_theme_heatmap(
            data, theme_salience_order(v.analysis.tables["theme_measures"]), v.lang, source),
        facts=heatmap_facts),
    FigureEntry(
        "theme_heatmap_province_2025", "theme_by_province_2025", section="themes", notebook="02-themes",
        codebook_source=True, needs="merged_provinces", reading="theme_heatmap",
        plot=lambda v, data, source: figures.plot_theme_heatmap(
            data, theme_salience_order(v.analysis.tables["theme_measures"]), v.lang, source,
            title_key="figure.heatmap_2025_title"),
        facts=heatmap_facts),
    FigureEntry(
        "theme_trajectories", "theme_measures", section="themes", notebook="02-themes", codebook_source=True,
        select=trajectory_rows,
        plot=lambda v, data, source: figures.plot_theme_trajectories(data, v.analysis.featured_themes, v.lang, source,
                                                                      run_colours(v.analysis)),
        facts=level_facts),
    FigureEntry(
        "theme_shares", "theme_measures", section="themes", notebook="02-themes", codebook_source=True, plan_rows=True,
        plot=lambda v, data, source: figures.plot_theme_shares(data, theme_salience_order(data), v.lang, source,
                                                              v.analysis.plan_labels(), run_colours(v.analysis)),
        facts=resamples_facts),
    FigureEntry(
        "theme_dispersion", "theme_evidence", section="themes", notebook="02-themes", codebook_source=True, plan_rows=True,
        select=featured_hits,
        plot=lambda v, data, source: figures.plot_theme_dispersion(
            data, section_boundaries(v.analysis.corpus), v.analysis.plans, v.analysis.featured_themes,
            v.analysis.codebook.labels(v.lang), v.lang, source, v.analysis.plan_labels()),
        facts=dispersion_facts),
    FigureEntry(
        "codebook_validation", "validation", section="themes", notebook="07-validation", needs="rows",
        plot=lambda v, data, source: figures.plot_codebook_validation(data, v.lang, source), facts=validation_facts),
    FigureEntry(
        "tfidf_top_terms_bars", "tfidf_top_terms", section="vocabulary", notebook="03-vocabulary", plan_rows=True,
        select=top_terms_rows,
        plot=lambda v, data, source: figures.plot_top_terms(data, v.lang, source, labels=v.analysis.plan_labels(),
                                                            colours=run_colours(v.analysis)),
        facts=top_terms_facts),
    FigureEntry(
        "keyness_{doc_id}", "keyness", section="vocabulary", notebook="03-vocabulary", needs="two_plans",
        per_plan=True, reading="keyness", select=keyness_rows, plot=keyness_plot, facts=keyness_facts),
    FigureEntry(
        "similarity_heatmap", "similarity", section="vocabulary", notebook="03-vocabulary", needs="two_plans", plan_rows=True,
        plot=lambda v, data, source: figures.plot_similarity(data, v.analysis.similarity_order,
                                                             v.analysis.plan_labels(), v.lang, source),
        facts=similarity_facts),
    FigureEntry(
        "similarity_top_pairs", "similarity", section="vocabulary", notebook="03-vocabulary", needs="many_plans",
        select=top_pairs_rows, reading="similarity_heatmap",
        plot=lambda v, data, source: figures.plot_top_pairs(data, v.analysis.plan_labels(), v.lang, source),
        facts=similarity_facts),
    FigureEntry(
        "topic_terms_bars", "topic_terms", section="topics", notebook="04-topics", needs="topics",
        plot=lambda v, data, source: figures.plot_topic_terms(data, v.analysis.topic_model.method, v.lang, source),
        facts=topic_model_facts),
    FigureEntry(
        "topic_prevalence_bars", "topic_prevalence", section="topics", notebook="04-topics", needs="topics", plan_rows=True,
        plot=lambda v, data, source: figures.plot_topic_prevalence(data, v.analysis.plan_labels(), v.lang, source),
        facts=prevalence_facts),
    FigureEntry(
        "topic_trends", "topic_prevalence_by_year", section="topics", notebook="04-topics", needs="topics",
        select=dated_rows,
        plot=lambda v, data, source: figures.plot_topic_trends(data, v.lang, source),
        facts=no_facts),
    FigureEntry(
        "topic_effects_intervals", "topic_effects", section="topics", notebook="04-topics", needs="topics",
        reading="topic_effects",
        plot=lambda v, data, source: figures.plot_topic_effects(
            data, text(f"attribute.{v.analysis.parameters.get('group_by', config.GROUP_BY)}", v.lang), v.lang, source,
            {level: group_name(v.analysis.parameters.get("group_by", config.GROUP_BY), level, v.lang)
             for level in data["group"].unique()}),
        facts=effects_facts),
    FigureEntry(
        "topic_model_selection", "topic_selection", section="topics", notebook="04-topics", needs="topics",
        plot=lambda v, data, source: figures.plot_model_selection(data, config.TOPIC_MIN_STABILITY, v.lang, source),
        facts=selection_facts),
    # --- commitments ---------------------------------------------------------------------
    FigureEntry(
        "commitment_timeline", "commitments", section="commitments", notebook="06-commitments", needs="rows",
        select=timeline_rows, briefing="main",
        plot=lambda v, data, source: figures.plot_commitment_timeline(
            data, v.analysis.plan_labels(), v.analysis.codebook.labels(v.lang), v.lang, source),
        facts=timeline_facts),
    FigureEntry(
        "agency_theme_matrix", "agency_assignments", section="commitments", notebook="06-commitments", needs="rows",
        select=lambda v, t: lead_counts(t),  # counts per agency and theme: what agency_theme_matrix.csv holds
        plot=lambda v, data, source: figures.plot_agency_theme_matrix(
            data, v.analysis.codebook.labels(v.lang), v.lang, source),
        facts=agency_facts),
    FigureEntry(
        "directive_matrix", "directives", section="commitments", notebook="06-commitments", needs="rows",
        select=directive_rows,
        plot=lambda v, data, source: figures.plot_directive_matrix(data, v.analysis.plan_labels(), v.lang, source),
        facts=lambda v, _: {"n_implemented": int((v.analysis.tables["directives"]["relation"] == "implements").sum()),
                            "n_cited": int((v.analysis.tables["directives"]["relation"] == "cites").sum())}),
]
SECTIONS = ["themes", "commitments", "vocabulary", "topics"]


def _available(entry: FigureEntry, analysis: Analysis) -> bool:
    if entry.needs == "topics":
        return analysis.topic_model is not None
    if entry.needs == "two_plans":
        return len(analysis.plans) > 1
    if entry.needs == "groups":  # a heatmap of one column compares nothing
        return analysis.tables["theme_by_group"]["group"].nunique() > 1
    if entry.needs == "many_plans":
        return len(analysis.plans) > config.FIGURE_MAX_PLANS
    if entry.needs == "rows":  # a commitments figure of nothing says nothing
        return bool(len(entry.select(View(analysis, config.DEFAULT_LANG), analysis.tables[entry.table])))
    if entry.needs == "merged_provinces":  # the 2025 map changes nothing for these plans: one heatmap is enough
        plans = analysis.plans
        return bool((plans["province_2025"] != plans["province"]).any())
    return True


def _plans_of(entry: FigureEntry, analysis: Analysis) -> list[str]:
    """The plans a per-plan figure is drawn for: those its table has rows for (oldest first)."""
    shown = shown_plans(analysis)
    key = ("plans_of", entry.stem, tuple(shown))
    if key not in analysis._cache:  # looked up once per per-plan figure: never rebuild it per stem
        present = set(analysis.tables[entry.table]["target"])
        analysis._cache[key] = [doc_id for doc_id in shown if doc_id in present]
    return analysis._cache[key]


def figure_stems(analysis: Analysis) -> list[str]:
    """Every figure of this analysis, in catalogue order (per-plan figures oldest plan first).

    A figure with nothing to draw (e.g. top terms when no plan has a countable word) is left out.
    """
    stems = []
    for entry in FIGURES:
        if not _available(entry, analysis):
            continue
        if entry.per_plan:
            candidates = [(entry.stem.format(doc_id=d), View(analysis, config.DEFAULT_LANG, d))
                          for d in _plans_of(entry, analysis)]
        else:
            candidates = [(entry.stem, View(analysis, config.DEFAULT_LANG))]
        stems += [stem for stem, view in candidates if not _rows(entry, view, analysis.tables[entry.table]).empty]
    return stems


def _lookup(analysis: Analysis, stem: str, lang: str) -> tuple[FigureEntry, View]:
    for entry in FIGURES:
        if not entry.per_plan and entry.stem == stem:
            return entry, View(analysis, lang)
        prefix = entry.stem.split("{")[0]
        if entry.per_plan and stem.startswith(prefix) and stem[len(prefix):] in set(_plans_of(entry, analysis)):
            return entry, View(analysis, lang, stem[len(prefix):])
    raise KeyError(f"no figure called {stem!r}; choose one of {', '.join(figure_stems(analysis))}")


def entry(analysis: Analysis, stem: str) -> FigureEntry:
    """The catalogue entry of a figure stem (per-plan stems included)."""
    return _lookup(analysis, stem, config.DEFAULT_LANG)[0]


def figure_data(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """Exactly the rows the figure draws."""
    found, view = _lookup(analysis, stem, lang)
    return _rows(found, view, analysis.tables[found.table])


def draw(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG):
    """One figure and the table it draws (for notebooks and the writer)."""
    found, view = _lookup(analysis, stem, lang)
    data = _rows(found, view, analysis.tables[found.table])
    if "group" in data:  # the tables name the unknown group in the run's language; the figure, in its own
        data = data.assign(group=in_language(data["group"], lang))
    # The line under a figure names the plans it draws, no more (a plan-by-plan figure may show a few).
    drawn = set(data["doc_id"]) if "doc_id" in data and len(data) else None
    return found.plot(view, data, analysis.source_line(lang, found.codebook_source, drawn)), data


def figure(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG):
    """The figure alone (what a notebook shows): ``catalogue.figure(study, "theme_comparison")``."""
    return draw(analysis, stem, lang)[0]


def reading(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG) -> str:
    """The two sentences under a figure, from the rows it draws."""
    found, view = _lookup(analysis, stem, lang)
    data = _rows(found, view, analysis.tables[found.table])
    return text(found.reading_key, lang, **found.facts(view, data))
