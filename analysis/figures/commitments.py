"""Figures of commitments (``measure.commitments.targets``, ``agencies``, ``directives``): when targets
and tasks are due, who leads what, which central documents each plan carries out."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from analysis.figures.style import OKABE_ITO, STYLE, _cells, _figure, _source_line
from analysis.resources import text

_MARKERS = {"target": "o", "standard": "s", "task": "^"}


def plot_commitment_timeline(commitments: pd.DataFrame, plan_labels: dict[str, str], theme_labels: dict[str, str],
                             lang: str = "en", source: str = ""):
    """Deadline year x theme. Rows with ``doc_id``: one mark per target or dated task, shaped by
    kind and coloured by plan; rows with ``n`` (many plans): one disc per year and theme, its
    area and label the number of commitments. Marks are never joined: different plans promise
    different things."""
    with matplotlib.rc_context(STYLE):
        no_theme = text("figure.no_theme", lang)
        themes = sorted(commitments["theme"].unique(), key=lambda t: (t == "", theme_labels.get(t, t)))
        figure = _figure(10, 0.42 * len(themes) + 2.4)
        axes = figure.add_subplot()
        rows = {theme: i for i, theme in enumerate(themes[::-1])}
        if "n" in commitments:
            _discs(axes, commitments, rows)
        else:
            _marks(axes, commitments, rows, plan_labels, lang)
        axes.set_yticks(list(rows.values()), [theme_labels.get(t, t) if t else no_theme for t in rows])
        years = commitments["deadline_year"].astype(int)
        axes.set_xticks(range(years.min(), years.max() + 1, max(1, (years.max() - years.min()) // 12 + 1)))
        axes.set_xlim(years.min() - 0.8, years.max() + 0.8)
        axes.set_xlabel(text("figure.deadline_year", lang))
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.suptitle(text("figure.commitment_timeline_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def _marks(axes, data: pd.DataFrame, rows: dict, plan_labels: dict[str, str], lang: str) -> None:
    plans = list(dict.fromkeys(data.sort_values(["year", "doc_id"])["doc_id"]))
    for p, doc_id in enumerate(plans):
        mine = data[data["doc_id"] == doc_id]
        offset = (p - (len(plans) - 1) / 2) * min(0.18, 0.6 / max(1, len(plans)))
        for kind, marker in _MARKERS.items():
            rows_of = mine[mine["kind"] == kind]
            axes.scatter(rows_of["deadline_year"].astype(float), [rows[t] + offset for t in rows_of["theme"]],
                         marker=marker, s=46, color=OKABE_ITO[p % len(OKABE_ITO)], edgecolor="white", linewidth=0.6,
                         zorder=3)
    _legends(axes, plans, plan_labels, lang)


def _discs(axes, data: pd.DataFrame, rows: dict) -> None:
    sizes = 40 + 460 * data["n"] / data["n"].max()
    axes.scatter(data["deadline_year"].astype(float), [rows[t] for t in data["theme"]], s=sizes, color=OKABE_ITO[0],
                 alpha=0.75, edgecolor="white", zorder=3)
    for row in data.itertuples(index=False):
        axes.annotate(str(row.n), (float(row.deadline_year), rows[row.theme]), xytext=(0, 9), textcoords="offset points",
                      ha="center", fontsize=7.5, color="#333333")


def _legends(axes, plans: list[str], plan_labels: dict[str, str], lang: str) -> None:
    """Colour = plan, shape = kind: two legends outside the plot."""
    from matplotlib.lines import Line2D

    colours = [Line2D([], [], marker="o", linestyle="", color=OKABE_ITO[p % len(OKABE_ITO)],
                      label=plan_labels.get(d, d)) for p, d in enumerate(plans)]
    shapes = [Line2D([], [], marker=m, linestyle="", color="#555555", label=text(f"figure.kind_{k}", lang))
              for k, m in _MARKERS.items()]
    first = axes.legend(handles=colours, frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes.add_artist(first)
    axes.legend(handles=shapes, frameon=False, fontsize=8.5, loc="lower left", bbox_to_anchor=(1.01, 0.0))


def plot_agency_theme_matrix(agencies: pd.DataFrame, theme_labels: dict[str, str], lang: str = "en", source: str = "",
                             top: int = 15):
    """Counts of lead tasks per agency and theme (``measure.commitments.agencies.lead_counts``:
    ``agency, theme`` ("" for none), ``tasks``, ``agency_tasks``): agency (as the plans name it) x
    theme, each cell the number of tasks the agency leads on the theme; the ``top`` agencies
    leading most tasks, first."""
    with matplotlib.rc_context(STYLE):
        no_theme = text("figure.no_theme", lang)
        order = agencies.drop_duplicates("agency").sort_values("agency_tasks", ascending=False, kind="mergesort")
        shown = list(order["agency"].head(top))
        grid = agencies[agencies["agency"].isin(shown)].pivot_table(index="agency", columns="theme", values="tasks",
                                                                    aggfunc="sum", fill_value=0).loc[shown]
        columns = sorted(grid.columns, key=lambda t: (t == "", -grid[t].sum(), theme_labels.get(t, t)))
        grid = grid[columns]
        figure = _figure(max(8, 0.55 * len(columns) + 5), 0.42 * len(grid) + 3.0)
        axes = figure.add_subplot()
        counts = grid.to_numpy()
        _cells(axes, counts.astype(float), cmap="Blues", vmin=0)
        high = counts.max()
        for (i, j), value in np.ndenumerate(counts):
            if value:
                dark = value > high * 0.6
                axes.text(j, i, str(value), ha="center", va="center", fontsize=8, in_layout=False,  # inside: not measured
                          color="white" if dark else "#222222")
        axes.set_xticks(range(len(columns)), [theme_labels.get(t, t) if t else no_theme for t in columns], rotation=45,
                        ha="right",
                        fontsize=8.5)
        axes.set_yticks(range(len(grid)), list(grid.index), fontsize=8.5)
        figure.suptitle(text("figure.agency_matrix_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_directive_matrix(directives: pd.DataFrame, plan_labels: dict[str, str], lang: str = "en", source: str = "",
                          top: int = 15):
    """Plans x central documents: a filled mark where the plan implements the document (its
    title names it), an open one where it only cites it; the ``top`` documents most plans name.
    Rows with ``plans_implementing`` (many plans): a bar per document, plans implementing it and
    plans only citing it."""
    if "plans_implementing" in directives:
        return _directive_bars(directives, lang, source)
    with matplotlib.rc_context(STYLE):
        order = directives.groupby("directive")["doc_id"].nunique().sort_values(ascending=False, kind="mergesort")
        documents = list(order.index[:top])
        plans = list(dict.fromkeys(directives.sort_values(["year", "doc_id"])["doc_id"]))
        figure = _figure(max(7, 0.5 * len(documents) + 4), 0.4 * len(plans) + 2.8)
        axes = figure.add_subplot()
        rows = {doc_id: i for i, doc_id in enumerate(plans[::-1])}
        shown = directives[directives["directive"].isin(documents)]
        for relation, face in (("implements", OKABE_ITO[0]), ("cites", "white")):
            part = shown[shown["relation"] == relation]
            axes.scatter([documents.index(d) for d in part["directive"]], [rows[d] for d in part["doc_id"]], s=90,
                         facecolor=face, edgecolor=OKABE_ITO[0], linewidth=1.4, zorder=3,
                         label=text(f"figure.relation_{relation}", lang))
        axes.set_xticks(range(len(documents)), documents, rotation=45, ha="right", fontsize=8.5)
        axes.set_yticks(list(rows.values()), [plan_labels.get(d, d) for d in rows], fontsize=9)
        axes.set_xlim(-0.6, len(documents) - 0.4)
        axes.grid(color="#eeeeee", linewidth=0.6)
        axes.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        figure.suptitle(text("figure.directive_matrix_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def _directive_bars(counts: pd.DataFrame, lang: str, source: str):
    with matplotlib.rc_context(STYLE):
        figure = _figure(10, 0.36 * len(counts) + 2.2)
        axes = figure.add_subplot()
        positions = np.arange(len(counts))[::-1]
        axes.barh(positions, counts["plans_implementing"], color=OKABE_ITO[0],
                  label=text("figure.relation_implements", lang))
        axes.barh(positions, counts["plans_citing"], left=counts["plans_implementing"], color="white",
                  edgecolor=OKABE_ITO[0], label=text("figure.relation_cites", lang))
        axes.set_yticks(positions, counts["directive"], fontsize=9)
        axes.set_xlabel(text("figure.plans_count", lang))
        axes.legend(frameon=False, fontsize=9, loc="lower right")
        figure.suptitle(text("figure.directive_matrix_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure
