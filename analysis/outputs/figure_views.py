"""What the figure catalogue (``outputs.catalogue``) calls for each figure: the rows it draws
(``*_rows``), plot calls that need more than the table (``*_plot``) and the facts its reading is
written from (``*_facts``), each taking a ``View``. Kept apart from the catalogue so that the
catalogue stays one readable list of figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import config, figures
from analysis.measure.vocabulary.keyness import keyness_extremes
from analysis.measure.commitments.passages import by_theme
from analysis.measure.groups import group_values, is_unknown_group, plan_attribute, unknown_group
from analysis.measure.themes.measures import theme_salience_order
from analysis.outputs.analyse import Analysis
from analysis.outputs.claim_wording import in_sentence
from analysis.resources import count, number, percent, text, year_span


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


def all_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table


def run_colours(analysis: Analysis) -> dict[str, str]:
    """Each province's colour in every figure of this run, assigned once from the run's provinces
    sorted by name (``figures.province_colours``; a plan with no province is ""), so Kon Tum has
    the same colour in the comparison, the trajectories and its keyness figure."""
    if "run_colours" not in analysis._cache:
        analysis._cache["run_colours"] = figures.province_colours(analysis.plans["province"].fillna(""))
    return analysis._cache["run_colours"]


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


def dated_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    """The groups of a by-year table that have a year: a time axis has no place for the
    plans whose year is unknown (the table keeps them)."""
    return table[pd.to_numeric(table["group"], errors="coerce").notna()]


def trajectory_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    """Featured themes for the provinces of the shown plans, else the provinces with most plans."""
    rows = featured_rows(view, table)
    # A line per province: plans that name none (a headerless repost) have no line to be on.
    rows = rows[rows["province"].fillna("").astype(str).str.strip().ne("")]
    plans = view.analysis.plans
    counts = plans[plans["province"].fillna("").astype(str).str.strip().ne("")].groupby("province").size()
    named = shown_plans(view.analysis) if view.analysis.shown is not None else []
    if named:
        provinces = set(view.analysis.plans.set_index("doc_id").loc[named, "province"])
    else:
        provinces = set(sorted(counts.index, key=lambda p: (-counts[p], p))[:config.FIGURE_MAX_LINES])
    return rows[rows["province"].isin(provinces)]


def top_pairs_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    pairs = table[table["doc_a"] < table["doc_b"]].sort_values(["cosine", "doc_a", "doc_b"],
                                                                ascending=[False, True, True])
    return pairs.head(config.FIGURE_TOP_PAIRS)


def featured_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table[table["theme"].isin(view.analysis.featured_themes)]


def featured_hits(view: View, hits: pd.DataFrame) -> pd.DataFrame:
    return featured_rows(view, hits)[["doc_id", "province", "province_2025", "year", "theme", "match", "position",
                                       "section_path"]]


def comparison_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return featured_rows(view, table)[["doc_id", "province", "year", "theme", "label_en", "label_vi", "hits",
                                        "n_tokens", "rate_per_1k", "ci_low", "ci_high", "short"]]


def comparison_plot(view: View, data: pd.DataFrame, source: str):
    order = [d for d in shown_plans(view.analysis) if d in set(data["doc_id"])]
    return figures.plot_theme_comparison(data, view.analysis.featured_themes, order, view.lang, source,
                                         view.analysis.plan_labels(), run_colours(view.analysis))


def comparison_facts(view: View, data: pd.DataFrame) -> dict:
    return {"level": percent(config.CONFIDENCE_LEVEL, view.lang), "n_plans": data["doc_id"].nunique(),
            "n_zero": int((data["hits"] == 0).sum())}


def group_name(attribute: str, value, lang: str) -> str:
    """A group's name as a reader sees it ("" is "unknown"; issuers in the page's language)."""
    if is_unknown_group(value):  # missing, or the tables' "unknown" in the run's language
        return unknown_group(lang)
    if attribute == "issuer":
        try:
            return text(f"issuer.{value}", lang)
        except KeyError:
            return str(value)
    return str(value)


def group_heatmap_plot(view: View, data: pd.DataFrame, source: str):
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    # Each group says how many plans it pools: a column of one plan reads differently from one of twenty.
    named = data.assign(group=[f"{group_name(attribute, g, view.lang)}\n"  # a second line: columns stay narrow
                               f"({count(n, 'plan', view.lang)})"
                               for g, n in zip(data["group"], data["n_plans"])])
    return figures.plot_theme_heatmap(
        named, theme_salience_order(view.analysis.tables["theme_measures"]), view.lang, source,
        title=text("figure.group_heatmap_title", view.lang, attribute=text(f"attribute.{attribute}", view.lang)))


def long_groups(view: View, groups: pd.DataFrame) -> set:
    """The groups of ``groups`` (``GROUP_COLUMNS``) holding a plan long enough to compare (not ``short``
    in theme_measures): only there is a rate, or a zero, something the plans said."""
    plans = view.analysis.tables["theme_measures"].drop_duplicates("doc_id")
    values = group_values(plan_attribute(plans, groups["group_by"].iloc[0], view.analysis.plans), view.lang)
    return set(values[~plans["short"].astype(bool).to_numpy()])


def _highest(view: View, groups: pd.DataFrame, long: set, key: str, name=str) -> str:
    """The highest rate among the groups in ``long``, as the sentence ``key``; none long enough: say so."""
    compared = groups[groups["group"].isin(long)]
    if compared.empty:
        return text("reading.no_plan_long_enough", view.lang, min_words=number(config.CLAIM_MIN_BODY_WORDS, view.lang),
                    min_passages=number(config.CLAIM_MIN_PASSAGES, view.lang))
    top = compared.sort_values(["rate_per_1k", "group"], ascending=[False, True]).iloc[0]
    return text(key, view.lang, theme=in_sentence(view.theme_label(top["theme"]), view.lang), group=name(top["group"]),
                rate=number(top["rate_per_1k"], view.lang, 1))


def group_heatmap_facts(view: View, groups: pd.DataFrame) -> dict:
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    return {"highest": _highest(view, groups, long_groups(view, groups), "reading.group_highest",
                                lambda g: group_name(attribute, g, view.lang)),
            "attribute": text(f"attribute.{attribute}", view.lang), "n_groups": groups["group"].nunique()}


def heatmap_facts(view: View, groups: pd.DataFrame) -> dict:
    """The highest rate among provinces with a plan long enough to compare, and the zero cells: a
    finding where such a plan is silent, mostly a short text where every plan is too short."""
    long = long_groups(view, groups)
    zeros = groups[groups["hits"] == 0]
    n_short = int((~zeros["group"].isin(long)).sum())
    fields = {"n_zero": number(len(zeros) - n_short, view.lang), "n_short": number(n_short, view.lang),
              "n_all": number(len(zeros), view.lang), "min_words": number(config.CLAIM_MIN_BODY_WORDS, view.lang),
              "min_passages": number(config.CLAIM_MIN_PASSAGES, view.lang)}
    if 2 * n_short > len(zeros):
        said = text("reading.zeros_short", view.lang, **fields)
    else:
        said = text("reading.zeros_finding", view.lang, **fields) + (
            " " + text("reading.zeros_also_short", view.lang, **fields) if n_short else "")
    return {"highest": _highest(view, groups, long, "reading.heatmap_highest"), "zeros": said}


def dispersion_facts(view: View, hits: pd.DataFrame) -> dict:
    sections = hits.assign(section=hits["section_path"].str.split(".").str[0]).groupby("section").size()
    where = ", ".join(text("reading.section_count", view.lang, section=s, n=n)
                      for s, n in sections.sort_values(ascending=False).items())
    return {"n_featured": len(view.analysis.featured_themes), "where": where or text("reading.none", view.lang)}


def level_facts(view: View, _=None) -> dict:
    return {"level": percent(config.CONFIDENCE_LEVEL, view.lang)}


def resamples_facts(view: View, _=None) -> dict:
    return {"n_boot": number(view.analysis.parameters["theme_bootstrap_resamples"], view.lang)}


# --- vocabulary ---------------------------------------------------------------------


def top_terms_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby("doc_id", sort=False).head(config.FIGURE_TOP_TERMS)


def top_terms_facts(view: View, table: pd.DataFrame) -> dict:
    top = table.groupby("doc_id", sort=False).head(config.READING_TOP_TERMS)
    parts = [f"{view.plan(d)}: {view.words(g['term'])}" for d, g in top.groupby("doc_id", sort=False)]
    return {"n": config.READING_TOP_TERMS, "parts": "; ".join(parts)}


def keyness_rows(view: View, table: pd.DataFrame) -> pd.DataFrame:
    return keyness_extremes(table[table["target"] == view.doc_id], config.FIGURE_KEYNESS_TOP)


def keyness_plot(view: View, data: pd.DataFrame, source: str):
    # The province's colour in every figure of the run.
    province = view.analysis.plans.set_index("doc_id")["province"].fillna("")[view.doc_id]
    colour = figures.province_colours([province], run_colours(view.analysis))[str(province)]
    return figures.plot_keyness(data, view.plan(view.doc_id), lang=view.lang, source=source, colour=colour)


def keyness_facts(view: View, data: pd.DataFrame) -> dict:
    n = config.READING_TOP_TERMS
    return {"plan": view.plan(view.doc_id), "over": view.words(data[data["G2"] > 0].head(n)["feature"]),
            "under": view.words(data[data["G2"] < 0].tail(n)["feature"][::-1]),
            "n_significant": number(int((data["p_adj"] < 0.05).sum()), view.lang)}


def similarity_facts(view: View, similarity: pd.DataFrame) -> dict:
    pairs = similarity[similarity["doc_a"] < similarity["doc_b"]].sort_values("cosine", ascending=False)
    best = pairs.iloc[0]
    return {"first": view.plan(best["doc_a"]), "second": view.plan(best["doc_b"]),
            "cosine": number(best["cosine"], view.lang, 2)}


# --- topics ---------------------------------------------------------------------------


def topic_model_facts(view: View, _=None) -> dict:
    model = view.analysis.topic_model
    return {"k": model.k, "method": model.method.upper()}


def prevalence_facts(view: View, prevalence: pd.DataFrame) -> dict:
    top = prevalence.sort_values(["prevalence", "topic"], ascending=[False, True]).groupby("doc_id", sort=False).head(1)
    parts = [text("reading.topic_part", view.lang, plan=view.plan(r.doc_id), topic=r.topic,
                  share=percent(r.prevalence, view.lang)) for r in top.itertuples()]
    return {"parts": "; ".join(parts)}


def selection_facts(view: View, selection: pd.DataFrame) -> dict:
    row = selection[selection["chosen"]].iloc[0]
    return {"k": int(row["k"]), "stability": number(row["stability"], view.lang, 2),
            "min_stability": number(config.TOPIC_MIN_STABILITY, view.lang, 2),
            "coherence": number(row["coherence"], view.lang, 3)}


def effects_facts(view: View, effects: pd.DataFrame) -> dict:
    attribute = view.analysis.parameters.get("group_by", config.GROUP_BY)
    return {"attribute": text(f"attribute.{attribute}", view.lang), "n_levels": effects["group"].nunique(),
            "level": percent(config.CONFIDENCE_LEVEL, view.lang)}


# --- commitments --------------------------------------------------------------------


def timeline_rows(view: View, commitments: pd.DataFrame) -> pd.DataFrame:
    """Dated commitments, one row per theme ("" for none); beyond ``config.FIGURE_MAX_PLANS``
    plans, counted per deadline year and theme (``n``): a mark per plan would be unreadable."""
    # The sentences are not drawn: they are in passages.csv, once (outputs.tables).
    rows = by_theme(commitments[commitments["deadline_year"].notna()]).drop(columns="text")
    if len(view.analysis.plans) <= config.FIGURE_MAX_PLANS:
        return rows
    return rows.groupby(["theme", "deadline_year"]).size().rename("n").reset_index()


def directive_rows(view: View, directives: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Every plan-document pair up to ``config.FIGURE_MAX_PLANS`` plans; beyond, per document
    (the ``top`` most named) the plans implementing it and the plans only citing it."""
    if len(view.analysis.plans) <= config.FIGURE_MAX_PLANS:
        return directives.drop(columns="text")  # not drawn: the sentence is in passages.csv
    counts = directives.pivot_table(index="directive", columns="relation", values="doc_id", aggfunc="nunique",
                                    fill_value=0).reindex(columns=["implements", "cites"], fill_value=0)
    counts = counts.rename(columns={"implements": "plans_implementing", "cites": "plans_citing"}).reset_index()
    counts["plans"] = counts["plans_implementing"] + counts["plans_citing"]
    return counts.sort_values(["plans", "directive"], ascending=[False, True], kind="mergesort").head(top)


def timeline_facts(view: View, _rows: pd.DataFrame) -> dict:
    dated = view.analysis.tables["commitments"]
    dated = dated[dated["deadline_year"].notna()]
    return {"n": len(dated), "commitments": count(len(dated), "commitment", view.lang),
            "years": year_span(dated["deadline_year"], view.lang), "n_targets": int((dated["kind"] == "target").sum())}


def agency_facts(view: View, counts: pd.DataFrame) -> dict:
    """The figure's own counts (``measure.commitments.agencies.lead_counts``): the agency leading most
    tasks, how many agencies lead, and the tasks they lead in all (generic sets left out); and, in 10, how many
    lead assignments the extractor found and how many of those were right on plans nobody tuned it for."""
    per_agency = counts.drop_duplicates("agency").set_index("agency")["agency_tasks"]
    first_pass = config.LEAD_AGENCIES_FIRST_PASS  # how far to trust the counts: found, and right, in 10
    return {"agency": per_agency.index[0], "n": int(per_agency.iloc[0]), "n_agencies": len(per_agency),
            "n_tasks": int(per_agency.sum()), "found_in_10": round(10 * first_pass["recall"]),
            "right_in_10": round(10 * first_pass["precision"])}


def validation_facts(view: View, scores: pd.DataFrame) -> dict:
    """The themes with the lowest recall and the lowest precision, with their values."""
    column = "label_vi" if view.lang == "vi" else "label_en"
    facts = {}
    for measure in ("recall", "precision"):
        known = scores.dropna(subset=[measure]).sort_values([measure, "theme"])
        facts[f"{measure}_theme"] = known[column].iloc[0] if len(known) else "—"
        facts[measure] = number(known[measure].iloc[0], view.lang, 2) if len(known) else "—"
    return facts


def no_facts(view: View, _=None) -> dict:
    return {}
