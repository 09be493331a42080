"""The figure catalogue: every figure a run draws, declared once.

Each ``FigureEntry`` says which table a figure draws (``table``), which rows of it
(``select``: filtering and top-n only), how (``plot``: a call into ``analysis.figures``),
what the two sentences under it say (``facts``, filled into ``reading.<reading>`` of
labels.yml) and where it appears (``section`` of the briefing, ``notebook``). ``needs``
says when a figure exists at all (``topics``: a topic model was fitted; ``two_plans``: a
comparison needs another plan; ``merged_provinces``: some plan's province was merged on
1 July 2025); ``per_plan`` figures are drawn once per plan, their stem
ending in the plan's doc_id.

``figure_stems(analysis)``, ``draw(analysis, stem, lang)`` (the figure and exactly the
rows it draws: what the writer calls), ``figure(analysis, stem, lang)`` (the figure alone:
what notebooks call) and ``reading(analysis, stem, lang)``
are all read from ``FIGURES``; nothing else lists figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from analysis import config, figures
from analysis.measure.keyness import keyness_extremes
from analysis.measure.themes import section_boundaries, theme_salience_order
from analysis.outputs.analyse import Analysis
from analysis.resources import number, percent, text


@dataclass(frozen=True)
class View:
    """What a catalogue function sees: the analysis, the language, and the plan of a per-plan figure."""

    analysis: Analysis
    lang: str
    doc_id: str = ""

    def theme_label(self, theme: str) -> str:
        return self.analysis.codebook.labels(self.lang)[theme]

    def plan(self, doc_id: str) -> str:
        return self.analysis.plan_labels()[doc_id]

    def words(self, terms) -> str:
        """The plans' own words, quoted (“môi trường”, “bảo vệ”): a quotation in either language's page."""
        return ", ".join(f"“{str(t).replace('_', ' ')}”" for t in terms) or text("reading.none", self.lang)


def _all_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table


@dataclass(frozen=True)
class FigureEntry:
    stem: str
    table: str
    plot: Callable[[View, pd.DataFrame, str], object]
    facts: Callable[[View, pd.DataFrame], dict]
    section: str
    notebook: str
    select: Callable[[View, pd.DataFrame], pd.DataFrame] = _all_rows
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


# --- themes ---------------------------------------------------------------------------


def shown_plans(analysis: Analysis) -> list[str]:
    """The plans plan-by-plan figures show, oldest first: those named (``analysis.shown``),
    else every plan up to ``config.FIGURE_MAX_PLANS``, else none (the corpus-wide figures
    aggregate instead; tables, workbook and notebooks keep every plan)."""
    plans = list(analysis.plans["doc_id"])
    if analysis.shown is not None:
        named = set(analysis.shown)
        return [d for d in plans if d in named]
    return plans if len(plans) <= config.FIGURE_MAX_PLANS else []


def _rows(entry: "FigureEntry", view: View, table: pd.DataFrame) -> pd.DataFrame:
    """The rows a figure draws: its own selection, limited to the shown plans for plan-by-plan figures."""
    data = entry.select(view, table)
    if entry.plan_rows:
        shown = shown_plans(view.analysis)
        for column in ("doc_id", "doc_a", "doc_b"):
            if column in data:
                data = data[data[column].isin(shown)]
    return data


def _trajectory_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    """Featured themes for the provinces of the shown plans, else the provinces with most plans."""
    rows = _featured_rows(view, table)
    counts = view.analysis.plans.groupby("province").size()
    named = shown_plans(view.analysis) if view.analysis.shown is not None else []
    if named:
        provinces = set(view.analysis.plans.set_index("doc_id").loc[named, "province"])
    else:
        provinces = set(sorted(counts.index, key=lambda p: (-counts[p], p))[:config.FIGURE_MAX_LINES])
    return rows[rows["province"].isin(provinces)]


def _top_pairs_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    pairs = table[table["doc_a"] < table["doc_b"]].sort_values(["cosine", "doc_a", "doc_b"],
                                                                ascending=[False, True, True])
    return pairs.head(config.FIGURE_TOP_PAIRS)


def _featured_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table[table["theme"].isin(view.analysis.featured_themes)]


def _featured_hits(view: View, hits: pd.DataFrame) -> pd.DataFrame:
    return _featured_rows(view, hits)[["doc_id", "province", "province_2025", "year", "theme", "match", "position",
                                       "section_path"]]


def _comparison_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return _featured_rows(view, table)[["doc_id", "province", "year", "theme", "label_en", "label_vi", "hits",
                                        "n_tokens", "rate_per_1k", "ci_low", "ci_high"]]


def _comparison_plot(view: View, data: pd.DataFrame, source: str):
    order = [d for d in shown_plans(view.analysis) if d in set(data["doc_id"])]
    return figures.plot_theme_comparison(data, view.analysis.featured_themes, order, view.lang, source,
                                         view.analysis.plan_labels())


def _comparison_facts(view: View, data: pd.DataFrame) -> dict:
    return {"level": percent(config.CONFIDENCE_LEVEL, view.lang), "n_plans": data["doc_id"].nunique(),
            "n_zero": int((data["hits"] == 0).sum())}


def group_name(attribute: str, value, lang: str) -> str:
    """A group's name as a reader sees it ("" is "unknown"; issuers in the page's language)."""
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return text("attribute.unknown", lang)
    if attribute == "issuer":
        try:
            return text(f"issuer.{value}", lang)
        except KeyError:
            return str(value)
    return str(value)


def _group_heatmap_plot(view: View, data: pd.DataFrame, source: str):
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    # Each group says how many plans it pools: a column of one plan reads differently from one of twenty.
    named = data.assign(group=[f"{group_name(attribute, g, view.lang)}\n"  # a second line: columns stay narrow
                               f"({text('bottom.n_plans', view.lang, n=number(n, view.lang))})"
                               for g, n in zip(data["group"], data["n_plans"])])
    return figures.plot_theme_heatmap(
        named, theme_salience_order(view.analysis.tables["theme_measures"]), view.lang, source,
        title=text("figure.group_heatmap_title", view.lang, attribute=text(f"attribute.{attribute}", view.lang)))


def _group_heatmap_facts(view: View, groups: pd.DataFrame) -> dict:
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    top = groups.sort_values(["rate_per_1k", "group"], ascending=[False, True]).iloc[0]
    return {"theme": view.theme_label(top["theme"]), "group": group_name(attribute, top["group"], view.lang),
            "attribute": text(f"attribute.{attribute}", view.lang),
            "rate": number(top["rate_per_1k"], view.lang, 1), "n_groups": groups["group"].nunique()}


def _heatmap_facts(view: View, groups: pd.DataFrame) -> dict:
    top = groups.sort_values(["rate_per_1k", "group"], ascending=[False, True]).iloc[0]
    return {"theme": view.theme_label(top["theme"]), "province": top["group"],
            "rate": number(top["rate_per_1k"], view.lang, 1), "n_zero": int((groups["hits"] == 0).sum())}


def _dispersion_facts(view: View, hits: pd.DataFrame) -> dict:
    sections = hits.assign(section=hits["section_path"].str.split(".").str[0]).groupby("section").size()
    where = ", ".join(text("reading.section_count", view.lang, section=s, n=n)
                      for s, n in sections.sort_values(ascending=False).items())
    return {"n_featured": len(view.analysis.featured_themes), "where": where or text("reading.none", view.lang)}


def _level(view: View, _=None) -> dict:
    return {"level": percent(config.CONFIDENCE_LEVEL, view.lang)}


def _resamples(view: View, _=None) -> dict:
    return {"n_boot": number(view.analysis.parameters["theme_bootstrap_resamples"], view.lang)}


# --- vocabulary ---------------------------------------------------------------------


def _top_terms_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby("doc_id", sort=False).head(config.FIGURE_TOP_TERMS)


def _top_terms_facts(view: View, table: pd.DataFrame) -> dict:
    top = table.groupby("doc_id", sort=False).head(config.READING_TOP_TERMS)
    parts = [f"{view.plan(d)}: {view.words(g['term'])}" for d, g in top.groupby("doc_id", sort=False)]
    return {"n": config.READING_TOP_TERMS, "parts": "; ".join(parts)}


def _keyness_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return keyness_extremes(table[table["target"] == view.doc_id], config.FIGURE_KEYNESS_TOP)


def _keyness_plot(view: View, data: pd.DataFrame, source: str):
    province = view.analysis.corpus.usable.set_index("doc_id").at[view.doc_id, "province"]
    return figures.plot_keyness(data, view.plan(view.doc_id), lang=view.lang, source=source,
                                colour=figures.province_colour(province))


def _keyness_facts(view: View, data: pd.DataFrame) -> dict:
    n = config.READING_TOP_TERMS
    return {"plan": view.plan(view.doc_id), "over": view.words(data[data["G2"] > 0].head(n)["feature"]),
            "under": view.words(data[data["G2"] < 0].tail(n)["feature"][::-1]),
            "n_significant": number(int((data["p_adj"] < 0.05).sum()), view.lang)}


def _similarity_facts(view: View, similarity: pd.DataFrame) -> dict:
    pairs = similarity[similarity["doc_a"] < similarity["doc_b"]].sort_values("cosine", ascending=False)
    best = pairs.iloc[0]
    return {"first": view.plan(best["doc_a"]), "second": view.plan(best["doc_b"]),
            "cosine": number(best["cosine"], view.lang, 2)}


# --- topics ---------------------------------------------------------------------------


def _topic_model_facts(view: View, _=None) -> dict:
    model = view.analysis.topic_model
    return {"k": model.k, "method": model.method.upper()}


def _prevalence_facts(view: View, prevalence: pd.DataFrame) -> dict:
    top = prevalence.sort_values(["prevalence", "topic"], ascending=[False, True]).groupby("doc_id", sort=False).head(1)
    parts = [text("reading.topic_part", view.lang, plan=view.plan(r.doc_id), topic=r.topic,
                  share=percent(r.prevalence, view.lang)) for r in top.itertuples()]
    return {"parts": "; ".join(parts)}


def _selection_facts(view: View, selection: pd.DataFrame) -> dict:
    row = selection[selection["chosen"]].iloc[0]
    return {"k": int(row["k"]), "stability": number(row["stability"], view.lang, 2),
            "min_stability": number(config.TOPIC_MIN_STABILITY, view.lang, 2),
            "coherence": number(row["coherence"], view.lang, 3)}


def _timeline_rows(view: View, commitments: pd.DataFrame) -> pd.DataFrame:
    """Dated commitments, one row per theme ("" for none); beyond ``config.FIGURE_MAX_PLANS``
    plans, counted per deadline year and theme (``n``): a mark per plan would be unreadable."""
    dated = commitments[commitments["deadline_year"].notna()]
    themes = dated["themes"].fillna("").map(lambda s: [t for t in s.split("; ") if t] or [""])
    rows = dated.assign(theme=themes).explode("theme").drop(columns="themes")
    if len(view.analysis.plans) <= config.FIGURE_MAX_PLANS:
        return rows
    return rows.groupby(["theme", "deadline_year"]).size().rename("n").reset_index()


def _directive_rows(view: View, directives: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Every plan-document pair up to ``config.FIGURE_MAX_PLANS`` plans; beyond, per document
    (the ``top`` most named) the plans implementing it and the plans only citing it."""
    if len(view.analysis.plans) <= config.FIGURE_MAX_PLANS:
        return directives
    counts = directives.pivot_table(index="directive", columns="relation", values="doc_id", aggfunc="nunique",
                                    fill_value=0).reindex(columns=["implements", "cites"], fill_value=0)
    counts = counts.rename(columns={"implements": "plans_implementing", "cites": "plans_citing"}).reset_index()
    counts["plans"] = counts["plans_implementing"] + counts["plans_citing"]
    return counts.sort_values(["plans", "directive"], ascending=[False, True], kind="mergesort").head(top)


def _timeline_facts(view: View, _rows: pd.DataFrame) -> dict:
    dated = view.analysis.tables["commitments"]
    dated = dated[dated["deadline_year"].notna()]
    years = dated["deadline_year"].astype(int)
    return {"n": len(dated), "first": years.min(), "last": years.max(), "n_targets": int((dated["kind"] == "target").sum())}


def _agency_facts(view: View, leads: pd.DataFrame) -> dict:
    counts = leads["agency"].value_counts(sort=True)
    return {"agency": counts.index[0], "n": int(counts.iloc[0]), "n_agencies": len(counts), "n_tasks": len(leads)}


def _effects_facts(view: View, effects: pd.DataFrame) -> dict:
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    return {"attribute": text(f"attribute.{attribute}", view.lang), "n_levels": effects["level"].nunique(),
            "level": percent(config.CONFIDENCE_LEVEL, view.lang)}


def _no_facts(view: View, _=None) -> dict:
    return {}


# --- the catalogue ------------------------------------------------------------------

FIGURES: list[FigureEntry] = [
    FigureEntry(
        "theme_comparison", "theme_measures", section="themes", notebook="02-themes", codebook_source=True,
        plan_rows=True, briefing="main", select=_comparison_rows, plot=_comparison_plot, facts=_comparison_facts),
    FigureEntry(
        "theme_heatmap_by_group", "theme_by_group", section="themes", notebook="02-themes", codebook_source=True,
        needs="groups", briefing="main", plot=_group_heatmap_plot, facts=_group_heatmap_facts),
    FigureEntry(
        "theme_heatmap", "theme_by_province", section="themes", notebook="02-themes", codebook_source=True,
        briefing="main",
        plot=lambda v, data, source: figures.plot_theme_heatmap(
            data, theme_salience_order(v.analysis.tables["theme_measures"]), v.lang, source),
        facts=_heatmap_facts),
    FigureEntry(
        "theme_heatmap_province_2025", "theme_by_province_2025", section="themes", notebook="02-themes",
        codebook_source=True, needs="merged_provinces", reading="theme_heatmap",
        plot=lambda v, data, source: figures.plot_theme_heatmap(
            data, theme_salience_order(v.analysis.tables["theme_measures"]), v.lang, source,
            title_key="figure.heatmap_2025_title"),
        facts=_heatmap_facts),
    FigureEntry(
        "theme_trajectories", "theme_measures", section="themes", notebook="02-themes", codebook_source=True,
        select=_trajectory_rows,
        plot=lambda v, data, source: figures.plot_theme_trajectories(data, v.analysis.featured_themes, v.lang, source),
        facts=_level),
    FigureEntry(
        "theme_shares", "theme_measures", section="themes", notebook="02-themes", codebook_source=True, plan_rows=True,
        plot=lambda v, data, source: figures.plot_theme_shares(data, theme_salience_order(data), v.lang, source,
                                                              v.analysis.plan_labels()),
        facts=_resamples),
    FigureEntry(
        "theme_dispersion", "theme_evidence", section="themes", notebook="02-themes", codebook_source=True, plan_rows=True,
        select=_featured_hits,
        plot=lambda v, data, source: figures.plot_theme_dispersion(
            data, section_boundaries(v.analysis.corpus), v.analysis.plans, v.analysis.featured_themes,
            v.analysis.codebook.labels(v.lang), v.lang, source, v.analysis.plan_labels()),
        facts=_dispersion_facts),
    FigureEntry(
        "tfidf_top_terms_bars", "tfidf_top_terms", section="vocabulary", notebook="03-vocabulary", plan_rows=True,
        select=_top_terms_rows,
        plot=lambda v, data, source: figures.plot_top_terms(data, v.lang, source, labels=v.analysis.plan_labels()),
        facts=_top_terms_facts),
    FigureEntry(
        "keyness_{doc_id}", "keyness", section="vocabulary", notebook="03-vocabulary", needs="two_plans",
        per_plan=True, reading="keyness", select=_keyness_rows, plot=_keyness_plot, facts=_keyness_facts),
    FigureEntry(
        "similarity_heatmap", "similarity", section="vocabulary", notebook="03-vocabulary", needs="two_plans", plan_rows=True,
        plot=lambda v, data, source: figures.plot_similarity(data, v.analysis.similarity_order,
                                                             v.analysis.plan_labels(), v.lang, source),
        facts=_similarity_facts),
    FigureEntry(
        "similarity_top_pairs", "similarity", section="vocabulary", notebook="03-vocabulary", needs="many_plans",
        select=_top_pairs_rows, reading="similarity_heatmap",
        plot=lambda v, data, source: figures.plot_top_pairs(data, v.analysis.plan_labels(), v.lang, source),
        facts=_similarity_facts),
    FigureEntry(
        "topic_terms_bars", "topic_terms", section="topics", notebook="04-topics", needs="topics",
        plot=lambda v, data, source: figures.plot_topic_terms(data, v.analysis.topic_model.method, v.lang, source),
        facts=_topic_model_facts),
    FigureEntry(
        "topic_prevalence_bars", "topic_prevalence", section="topics", notebook="04-topics", needs="topics", plan_rows=True,
        plot=lambda v, data, source: figures.plot_topic_prevalence(data, v.analysis.plan_labels(), v.lang, source),
        facts=_prevalence_facts),
    FigureEntry(
        "topic_trends", "topic_prevalence_by_year", section="topics", notebook="04-topics", needs="topics",
        plot=lambda v, data, source: figures.plot_topic_trends(data, v.lang, source),
        facts=_no_facts),
    FigureEntry(
        "topic_effects_intervals", "topic_effects", section="topics", notebook="04-topics", needs="topics",
        reading="topic_effects",
        plot=lambda v, data, source: figures.plot_topic_effects(
            data, text(f"attribute.{v.analysis.parameters.get('group_by', config.GROUP_BY)}", v.lang), v.lang, source,
            {level: group_name(v.analysis.parameters.get("group_by", config.GROUP_BY), level, v.lang)
             for level in data["level"].unique()}),
        facts=_effects_facts),
    FigureEntry(
        "topic_model_selection", "topic_selection", section="topics", notebook="04-topics", needs="topics",
        plot=lambda v, data, source: figures.plot_model_selection(data, config.TOPIC_MIN_STABILITY, v.lang, source),
        facts=_selection_facts),
    # --- commitments ---------------------------------------------------------------------
    FigureEntry(
        "commitment_timeline", "commitments", section="commitments", notebook="06-commitments", needs="rows",
        select=_timeline_rows, briefing="main",
        plot=lambda v, data, source: figures.plot_commitment_timeline(
            data, v.analysis.plan_labels(), v.analysis.codebook.labels(v.lang), v.lang, source),
        facts=_timeline_facts),
    FigureEntry(
        "agency_theme_matrix", "agency_assignments", section="commitments", notebook="06-commitments", needs="rows",
        select=lambda v, t: t[t["role"] == "lead"],
        plot=lambda v, data, source: figures.plot_agency_theme_matrix(
            data, v.analysis.codebook.labels(v.lang), v.lang, source),
        facts=_agency_facts),
    FigureEntry(
        "directive_matrix", "directives", section="commitments", notebook="06-commitments", needs="rows",
        select=_directive_rows,
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
    return found.plot(view, data, analysis.source_line(lang, found.codebook_source)), data


def figure(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG):
    """The figure alone (what a notebook shows): ``catalogue.figure(study, "theme_comparison")``."""
    return draw(analysis, stem, lang)[0]


def reading(analysis: Analysis, stem: str, lang: str = config.DEFAULT_LANG) -> str:
    """The two sentences under a figure, from the rows it draws."""
    found, view = _lookup(analysis, stem, lang)
    data = _rows(found, view, analysis.tables[found.table])
    return text(found.reading_key, lang, **found.facts(view, data))
