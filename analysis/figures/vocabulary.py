"""Figures of distinctive vocabulary: TF-IDF top terms, keyness, similarity."""

from __future__ import annotations

import textwrap

import matplotlib
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
import numpy as np
import pandas as pd

from analysis import config
from analysis.figures.style import STYLE, _cells, _display, _figure, _plan_title, _source_line, province_colours
from analysis.resources import number, text


def plot_top_terms(top_terms: pd.DataFrame, lang: str = "en", source: str = "", top: int = config.FIGURE_TOP_TERMS,
                   labels: dict[str, str] | None = None, colours: dict[str, str] | None = None):
    """One panel per plan: its ``top`` terms by TF-IDF (``vocabulary.tfidf_top_terms``), in its
    province's colour (``colours``, a run's: ``style.province_colours``)."""
    with matplotlib.rc_context(STYLE):
        plans = top_terms.drop_duplicates("doc_id")
        figure = _figure(4.3 * len(plans) + 0.5, 0.32 * top + 1.9)
        axes_list = figure.subplots(1, len(plans), squeeze=False).ravel()
        colours = province_colours(plans["province"], colours)
        for axes, plan in zip(axes_list, plans.itertuples(index=False)):
            data = top_terms[top_terms["doc_id"] == plan.doc_id].head(top)
            positions = np.arange(len(data))[::-1]
            axes.barh(positions, data["tfidf"], color=colours[str(plan.province)])
            axes.set_yticks(positions, [_display(t) for t in data["term"]], fontsize=10)
            axes.set_title(_plan_title(plan, labels), loc="left", fontsize=11)
            axes.set_xlabel(text("figure.tfidf", lang), fontsize=9)
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.suptitle(text("figure.top_terms_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_keyness(table: pd.DataFrame, target: str, reference: str = "", lang: str = "en", source: str = "",
                 top: int = config.FIGURE_KEYNESS_TOP, colour: str = "#0072B2"):
    """Top ``top`` features in each direction of a keyness table (``keyness.keyness``), drawn as
    quanteda's ``textplot_keyness``: target and reference named in the title and legend, the
    two directions in two colours, features not significant after adjustment (``p_adj``)
    paler, and the |G2| beyond which adjusted p < 0.05 marked by dashed lines."""
    with matplotlib.rc_context(STYLE):
        over = table[table["G2"] > 0].head(top)
        under = table[table["G2"] < 0].tail(top)
        shown = pd.concat([over, under])
        figure = _figure(9, 0.27 * len(shown) + 2.4)
        axes = figure.add_subplot()
        positions = np.arange(len(shown))[::-1]
        reference = reference or text("figure.reference", lang)
        significant = (shown["p_adj"] < 0.05).to_numpy() if "p_adj" in shown else np.ones(len(shown), bool)
        colours = [colour if g > 0 else "#777777" for g in shown["G2"]]
        axes.barh(positions, shown["G2"], color=colours, alpha=1.0, edgecolor=colours)
        for y, value, strong in zip(positions, shown["G2"], significant):
            if not strong:  # repaint the bar pale: not significant once the tests are adjusted
                axes.barh([y], [value], color="white", alpha=0.6, edgecolor="none")
        for y, value, feature in zip(positions, shown["G2"], shown["feature"]):
            axes.text(value + (0.3 if value > 0 else -0.3), y, _display(feature), va="center", fontsize=9,
                      ha="left" if value > 0 else "right")
        axes.set_yticks([])
        axes.axvline(0, color="black", linewidth=0.8)
        limit = float(np.abs(shown["G2"]).max()) * 1.6 if len(shown) else 1.0
        axes.set_xlim(-limit, limit)
        handles = [Patch(color=colour, label=text("figure.keyness_more_in", lang, name=target)),
                   Patch(color="#777777", label=text("figure.keyness_more_in", lang, name=reference)),
                   Patch(facecolor="#cccccc", edgecolor="#999999", alpha=0.5,
                         label=text("figure.keyness_not_significant", lang))]
        # Adjusted p falls as |G2| grows, so the line sits at the smallest significant |G2|; drawn
        # only when a bar shown is not significant (otherwise the true threshold lies off the chart).
        if significant.any() and not significant.all():
            threshold = float(shown.loc[significant, "G2"].abs().min())
            for side in (-threshold, threshold):
                axes.axvline(side, color="#444444", linewidth=0.8, linestyle="--")
            handles.append(Line2D([], [], color="#444444", linewidth=0.8, linestyle="--",
                                  label=text("figure.keyness_threshold", lang, g2=number(threshold, lang, 1))))
        # Over-used bars sit top right: the legend takes the top left, its labels wrapped to the left
        # half of the axes (unwrapped, the Vietnamese "not significant" line ran over the first bar).
        for handle in handles:
            handle.set_label(textwrap.fill(handle.get_label(), config.FIGURE_LEGEND_WRAP))
        axes.legend(handles=handles, loc="upper left", fontsize=8.5, frameon=False)
        axes.set_xlabel(text("figure.keyness", lang))
        axes.spines["left"].set_visible(False)
        axes.set_title(text("figure.keyness_title", lang, target=target, reference=reference), loc="left")
        _source_line(figure, source, lang)
        return figure


def plot_similarity(similarity: pd.DataFrame, order: list[str], labels: dict[str, str], lang: str = "en",
                    source: str = ""):
    """Plans x plans cosine similarity (``vocabulary.plan_similarity``), in the clustered ``order``."""
    with matplotlib.rc_context(STYLE):
        grid = similarity.pivot(index="doc_a", columns="doc_b", values="cosine").reindex(index=order, columns=order)
        values = grid.to_numpy(dtype=float)
        size = 2.2 + 1.3 * len(order)
        figure = _figure(size + 1.5, size)
        axes = figure.add_subplot()
        image = _cells(axes, values, cmap="viridis", vmin=0, vmax=1)
        axes.set_aspect("equal")  # square cells, as imshow's
        names = [labels.get(d, d) for d in order]
        axes.set_xticks(range(len(order)), names, rotation=30, ha="right", rotation_mode="anchor")
        axes.set_yticks(range(len(order)), names)
        for (row, column), value in np.ndenumerate(values):  # "–": a pair the table does not hold
            axes.text(column, row, "–" if np.isnan(value) else number(value, lang, 2), ha="center", va="center",
                      color="white" if value < 0.6 else "black", in_layout=False)  # inside: not measured
        axes.spines[:].set_visible(False)
        figure.colorbar(image, ax=axes, label=text("figure.similarity", lang), shrink=0.8)
        axes.set_title(text("figure.similarity_title", lang), loc="left", fontsize=12)
        _source_line(figure, source, lang)
        return figure


def plot_top_pairs(pairs: pd.DataFrame, labels: dict[str, str], lang: str = "en", source: str = ""):
    """The most similar pairs of plans as bars (``doc_a, doc_b, cosine``), most similar on top:
    what replaces the plans x plans grid when there are too many plans to read one."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(10, 0.3 * len(pairs) + 1.6)
        axes = figure.add_subplot()
        positions = np.arange(len(pairs))[::-1]
        axes.barh(positions, pairs["cosine"], color="#0072B2")
        names = [f"{labels.get(a, a)} — {labels.get(b, b)}" for a, b in zip(pairs["doc_a"], pairs["doc_b"])]
        axes.set_yticks(positions, names, fontsize=9)
        for y, value in zip(positions, pairs["cosine"]):
            axes.text(value + 0.005, y, number(value, lang, 2), va="center", fontsize=8.5)
        axes.set_xlim(0, 1.08)
        axes.set_xlabel(text("figure.similarity", lang))
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_title(text("figure.top_pairs_title", lang, n=len(pairs)), loc="left", fontsize=12)
        _source_line(figure, source, lang)
        return figure
