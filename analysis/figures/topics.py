"""Figures of topic models: top terms, prevalence, trends, model selection."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from analysis import config
from analysis.figures.style import OKABE_ITO, STYLE, _display, _figure, _source_line, _topic_colours
from analysis.resources import text


def plot_topic_terms(terms: pd.DataFrame, method: str, lang: str = "en", source: str = "", top: int = config.FIGURE_TOPIC_TERMS):
    """One small panel per topic: its ``top`` terms by weight (``topics.topic_terms``)."""
    with matplotlib.rc_context(STYLE):
        topics = sorted(terms["topic"].unique())
        columns = min(4, len(topics))
        rows = int(np.ceil(len(topics) / columns))
        figure = _figure(3.7 * columns, 2.5 * rows + 0.8)
        axes_list = figure.subplots(rows, columns, squeeze=False).ravel()
        colours = _topic_colours(len(topics))
        for axes, topic in zip(axes_list, topics):
            data = terms[(terms["topic"] == topic) & (terms["rank"] <= top)]
            positions = np.arange(len(data))[::-1]
            axes.barh(positions, data["weight"], color=colours[topic - 1])
            axes.set_yticks(positions, [_display(t) for t in data["term"]], fontsize=9)
            guided = data["guided_theme"].iloc[0] if "guided_theme" in data and len(data) else ""
            axes.set_title(f"{topic}. {data['label'].iloc[0]}" + (f" [{guided}]" if guided else ""),
                           loc="left", fontsize=9.5)
            axes.tick_params(axis="x", labelsize=8)
        for axes in axes_list[len(topics):]:
            axes.set_visible(False)
        for axes in axes_list[-columns:]:
            axes.set_xlabel(text("figure.topic_weight", lang), fontsize=9)
        figure.suptitle(text("figure.topic_terms_title", lang, method=method.upper(), k=len(topics)), x=0.0,
                        ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_topic_prevalence(prevalence: pd.DataFrame, plan_labels: dict[str, str], lang: str = "en", source: str = ""):
    """Stacked horizontal bars: each plan's text divided among the topics (sums to 1)."""
    with matplotlib.rc_context(STYLE):
        grid = prevalence.pivot(index="doc_id", columns="topic", values="prevalence")
        grid = grid.reindex([d for d in plan_labels if d in grid.index])
        labels = prevalence.drop_duplicates("topic").set_index("topic")["label"]
        figure = _figure(11, 1.2 + 0.7 * len(grid) + 0.25 * len(labels))
        axes = figure.add_subplot()
        colours = _topic_colours(grid.shape[1])
        left = np.zeros(len(grid))
        positions = np.arange(len(grid))[::-1]
        for i, topic in enumerate(grid.columns):
            values = grid[topic].to_numpy(dtype=float)
            axes.barh(positions, values, left=left, color=colours[i], label=f"{topic}. {labels[topic]}")
            for y, x0, value in zip(positions, left, values):
                if value >= 0.06:
                    axes.text(x0 + value / 2, y, str(topic), ha="center", va="center", fontsize=9, color="white")
            left += values
        axes.set_yticks(positions, [plan_labels[d] for d in grid.index])
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes.set_xlabel(text("figure.prevalence", lang))
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncol=2, frameon=False, fontsize=9)
        axes.set_title(text("figure.prevalence_title", lang), loc="left")
        _source_line(figure, source, lang)
        return figure


def plot_topic_trends(prevalence: pd.DataFrame, lang: str = "en", source: str = ""):
    """Prevalence per issue year (``group_by`` = year, ``group`` = the year), years on a true time axis.

    Points, never lines: the plans of one year are not those of the next (other provinces),
    so joining years would draw a trend the corpus does not show. Topics sit side by side
    within each year so that equal values stay visible."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(10, 5.5)
        axes = figure.add_subplot()
        n_topics = prevalence["topic"].nunique()
        colours = _topic_colours(n_topics)
        for i, (topic, data) in enumerate(prevalence.sort_values("group").groupby("topic", sort=True)):
            dodge = (i - (n_topics - 1) / 2) * min(0.08, 0.7 / max(1, n_topics))
            axes.plot(data["group"].astype(int) + dodge, data["prevalence"], "o", color=colours[i],
                      label=f"{topic}. {data['label'].iloc[0]}")
        years = sorted(prevalence["group"].dropna().astype(int).unique())
        if years:
            axes.set_xticks(range(years[0], years[-1] + 1))
            axes.tick_params(axis="x", labelrotation=45)
        # decimals=None: ticks every 2.5% read "2.5%", not a rounded "2%"
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=None))
        axes.set_xlabel(text("figure.year", lang))
        axes.set_ylabel(text("figure.prevalence", lang))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False, fontsize=9)
        axes.set_title(text("figure.trend_title", lang), loc="left")
        _source_line(figure, source, lang)
        return figure


def plot_model_selection(selection: pd.DataFrame, threshold: float, lang: str = "en", source: str = ""):
    """Coherence, stability and held-out error against k (``topic_selection.select_k``), the
    chosen k marked; the held-out panel only when the table has the column."""
    with matplotlib.rc_context(STYLE):
        panels = [("coherence", text("figure.coherence", lang)), ("stability", text("figure.stability", lang))]
        if "heldout" in selection and selection["heldout"].notna().any():
            panels.append(("heldout", text(f"figure.heldout_{selection['method'].iloc[0]}", lang)))
        figure = _figure(5 * len(panels), 4.2)
        all_axes = figure.subplots(1, len(panels))
        right = all_axes[1]
        chosen = selection[selection["chosen"]]
        for axes, (column, label) in zip(all_axes, panels):
            axes.plot(selection["k"], selection[column], "-o", color="#0072B2")
            axes.plot(chosen["k"], chosen[column], "o", markersize=13, markerfacecolor="none", markeredgecolor="#D55E00",
                      markeredgewidth=2, label=f"{text('figure.chosen', lang)}: k = {int(chosen['k'].iloc[0])}")
            axes.set_xlabel(text("figure.topics_k", lang))
            axes.set_ylabel(label)
            axes.set_xticks(selection["k"])
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        right.axhline(threshold, color="#999999", linestyle="--", linewidth=1, label=text("figure.threshold", lang))
        right.set_ylim(0, 1.05)
        right.legend(frameon=False, fontsize=9, loc="lower left")
        figure.suptitle(text("figure.selection_title", lang, method=selection["method"].iloc[0].upper()), x=0.0,
                        ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_topic_effects(effects: pd.DataFrame, attribute_name: str, lang: str = "en", source: str = "",
                       level_names: dict | None = None):
    """Coefficient-style: each topic a row, each group of plans (``group``) a dot with its 95%
    interval (``topic_effects.topic_effects``); groups side by side within a topic, never joined."""
    with matplotlib.rc_context(STYLE):
        topics = effects.drop_duplicates("topic").sort_values("topic")
        levels = list(dict.fromkeys(effects["group"]))  # in the table's order: known groups sorted, unknown last
        figure = _figure(10, 0.55 * len(topics) * max(1, len(levels)) ** 0.5 + 2.0)
        axes = figure.add_subplot()
        positions = np.arange(len(topics))[::-1]
        colours = OKABE_ITO
        for i, level in enumerate(levels):
            rows = effects[effects["group"] == level].set_index("topic").reindex(topics["topic"])
            dodge = (i - (len(levels) - 1) / 2) * min(0.25, 0.8 / max(1, len(levels)))
            error = np.vstack([rows["prevalence"] - rows["ci_low"], rows["ci_high"] - rows["prevalence"]])
            name = (level_names or {}).get(level, level)
            axes.errorbar(rows["prevalence"], positions + dodge, xerr=np.clip(np.nan_to_num(error), 0, None), fmt="o",
                          color=colours[i % len(colours)], capsize=2, markersize=5, label=name)
        axes.set_yticks(positions, [f"{t.topic}. {t.label}" for t in topics.itertuples()], fontsize=9)
        axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=None))
        axes.set_xlabel(text("figure.prevalence", lang))
        axes.set_xlim(left=0)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.legend(title=attribute_name, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False, fontsize=9)
        axes.set_title(text("figure.effects_title", lang, attribute=attribute_name), loc="left")
        _source_line(figure, source, lang)
        return figure
