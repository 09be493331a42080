"""Figures of theme measures (``themes`` tables): heatmap, trajectories, shares, dispersion."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from analysis import config
from analysis.figures.style import (OKABE_ITO, OTHER_PROVINCES_COLOUR, STYLE, _cells, _figure, _label_column, _plan_title,
                                    _source_line, province_colours)
from analysis.resources import collated, collation_key, group_sort_key, number, percent, text

_TEXT = TextToPath()  # measures text without drawing it


def plot_theme_heatmap(groups: pd.DataFrame, theme_order: list[str], lang: str = "en", source: str = "",
                       title_key: str = "figure.heatmap_title", max_columns: int = config.FIGURE_HEATMAP_MAX_COLUMNS,
                       title: str | None = None):
    """Themes (rows, in ``theme_order``) x groups (columns), coloured by rate per 1,000 words.

    ``groups``: a grouped theme table (``group_by, group, theme, label_en, label_vi, hits, rate_per_1k``). Each
    cell prints the rate and, under it, the count it rests on (a rate of 0.7 from one hit reads as such); zeros
    are printed as 0, so a theme a group never mentions reads as zero, not as missing. ``title`` replaces
    the title of ``title_key``.
    """
    with matplotlib.rc_context(STYLE):
        # groups in Vietnamese alphabetical order (a pivot would put every "Đ" province after "Yên Bái")
        order = sorted(groups["group"].unique(), key=group_sort_key)
        grid = groups.pivot(index="theme", columns="group", values="rate_per_1k").reindex(index=theme_order,
                                                                                      columns=order)
        counts = groups.pivot(index="theme", columns="group", values="hits").reindex(index=theme_order, columns=order)
        names = groups.drop_duplicates("theme").set_index("theme")[_label_column(lang)].reindex(theme_order)
        many = grid.shape[1] > max_columns  # dozens of provinces: provinces on rows, themes across
        if many:
            grid, counts = grid.T, counts.T
        values = grid.to_numpy(dtype=float)
        hits = counts.to_numpy(dtype=float)
        row_names = list(grid.index.astype(str)) if many else list(names)
        column_names = list(names) if many else list(grid.columns.astype(str))
        rate_note = text("figure.rate_with_count", lang) if not many else text("figure.rate", lang)
        heading = f"{title or text(title_key, lang)} ({rate_note})"
        width, height, heading = _heatmap_size(row_names, column_names, many, heading)
        figure = _figure(width, height)
        axes = figure.add_subplot()
        # The colour scale ends at the highest rate of a group with enough words to compare
        # (config.CLAIM_MIN_BODY_WORDS): one 20-word excerpt's 150 per 1,000 words would leave every
        # other cell dark. A cell beyond is drawn at full colour; its number says how high it is.
        words = groups.pivot(index="theme", columns="group", values="n_tokens").reindex(index=theme_order, columns=order) \
            if "n_tokens" in groups else None
        long_enough = (words.T if many else words).to_numpy(dtype=float) >= config.CLAIM_MIN_BODY_WORDS \
            if words is not None else np.ones(values.shape, dtype=bool)
        scale = values[long_enough & np.isfinite(values)]
        top = scale.max() if scale.size and scale.max() > 0 else None
        image = _cells(axes, values, cmap="viridis", vmin=0, vmax=top)
        axes.set_yticks(range(len(row_names)), row_names, fontsize=8.5 if many else None)
        axes.set_xticks(range(len(column_names)), column_names, rotation=50 if many else 0,
                        ha="left" if many else "center", rotation_mode="anchor", fontsize=8.5 if many else None)
        axes.xaxis.tick_top()
        high = top if top is not None else (np.nanmax(values) if np.isfinite(values).any() else 0)
        for (row, column), value in np.ndenumerate(values):
            written = "–" if np.isnan(value) else number(value, lang, 1)
            if not many and not np.isnan(value):
                written += f"\n({number(hits[row, column], lang)})"
            # in_layout=False: a cell's number sits inside the axes, so the layout need not measure
            # each of a thousand cells (half the time of the province heatmap at 300 plans; same pixels)
            axes.text(column, row, written, ha="center", va="center", linespacing=0.95, in_layout=False,
                      fontsize=7 if many else 9, color="white" if value < 0.6 * high else "black")
        axes.spines[:].set_visible(False)
        axes.tick_params(length=0)
        # A figure title, not an axes one: it may run over the row labels, as wide as the figure.
        figure.suptitle(heading, x=0.0, ha="left", fontweight="bold", fontsize=STYLE["axes.titlesize"])
        figure.colorbar(image, ax=axes, label=text("figure.rate", lang), shrink=0.6)
        _source_line(figure, source, lang)
        return figure


def _inches(strings, size: float, bold: bool = False) -> float:
    """Width in inches of the widest line of ``strings`` in the house font at ``size`` points."""
    font = FontProperties(family=STYLE["font.family"], size=size, weight="bold" if bold else "normal")
    lines = [line for string in strings for line in str(string).split("\n")]
    return max((_TEXT.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines), default=0) / 72


def _heatmap_size(row_names: list[str], column_names: list[str], many: bool, title: str) -> tuple[float, float, str]:
    """(width, height, title wrapped to that width) of a heatmap figure big enough for its labels: row
    labels, then columns as wide as their names (or as the printed cells), then the colour bar. A figure
    narrower than its labels leaves the cells no room at all (matplotlib's "axes sizes collapsed to zero")."""
    size = 8.5 if many else STYLE["font.size"]
    rows = _inches(row_names, size)
    if many:  # names written at 50 degrees: each column as wide as a line of cells
        width = max(3.0 + 0.55 * len(column_names), rows + 0.55 * len(column_names) + 1.6)
        height = 1.8 + 0.3 * len(row_names) + 0.77 * _inches(column_names, size)
    else:
        column = max(1.0, _inches(column_names, size) + 0.25)
        width = max(8.0, 5.5 + 1.5 * len(column_names), rows + column * len(column_names) + 1.8)
        height = 1.6 + 0.38 * len(row_names)
    # The title wraps to the width of the figure rather than widening it.
    per_line = max(20, int(len(title) * (width - 0.3) / max(_inches([title], STYLE["axes.titlesize"], True), 0.1)))
    heading = textwrap.fill(title, per_line)
    return width, height + 0.25 * heading.count("\n"), heading


def plot_theme_trajectories(measures: pd.DataFrame, themes: list[str], lang: str = "en", source: str = "",
                            colours: dict[str, str] | None = None):
    """One panel per theme: each plan a point at its issue year (a true time axis), with its
    bootstrap interval; plans of the same province are joined by a line.

    Province colours never repeat in the figure (``style.province_colours``: sorted names take
    the palette in order; beyond it, the rest are grey "other provinces"); ``colours``, a run's
    colours, keeps each province's colour the same in every figure of the run. Each panel's rate
    axis stops at ``config.FIGURE_CLIP_FACTOR`` x its highest rate (at least 1): an interval
    reaching above is cut there and marked with a caret, and a note under the figure says so.
    """
    with matplotlib.rc_context(STYLE):
        shown = measures[measures["theme"].isin(themes)]
        columns = min(2, len(themes))
        rows = int(np.ceil(len(themes) / columns))
        figure = _figure(5.2 * columns, 3.3 * rows + 0.6)
        axes_list = figure.subplots(rows, columns, sharex=True, squeeze=False).ravel()
        years = shown["year"].dropna().astype(int)
        colours = province_colours(shown["province"].dropna(), colours)
        clipped = False
        for axes, theme in zip(axes_list, themes):
            data = shown[shown["theme"] == theme].dropna(subset=["year"]).sort_values("year")
            clipped |= _trajectory_panel(axes, data, colours, lang)
            label = data[_label_column(lang)].iloc[0] if len(data) else theme
            axes.set_title(label, loc="left", fontsize=11)
            axes.set_ylabel(text("figure.rate", lang))
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        for axes in axes_list[len(themes):]:
            axes.set_visible(False)
        if len(years):
            span = range(years.min() - 1, years.max() + 2)
            for axes in axes_list:
                axes.set_xticks([y for y in span if (y - years.min()) % 2 == 0] if len(span) > 12 else list(span))
                axes.tick_params(axis="x", labelrotation=45)
        for axes in axes_list[-columns:]:
            axes.set_xlabel(text("figure.year", lang))
        legend = {}  # one entry per label, "other provinces" once, from every panel
        for axes in axes_list:
            for handle, name in zip(*axes.get_legend_handles_labels()):
                legend.setdefault(name, handle)
        figure.legend(list(legend.values()), list(legend), loc="outside upper right",
                      title=text("figure.province", lang), frameon=False)
        figure.suptitle(text("figure.trajectory_title", lang, level=percent(config.CONFIDENCE_LEVEL, lang)), x=0.0, ha="left", fontweight="bold", fontsize=13)
        if clipped:
            figure.text(0.0, -0.05, text("figure.clip_note", lang, factor=number(config.FIGURE_CLIP_FACTOR, lang, 0)),
                        ha="left", va="top", fontsize=8.5, color="#444444")
        _source_line(figure, source, lang)
        return figure


def _clip_limit(data: pd.DataFrame) -> float:
    """Where a panel's rate axis stops: ``config.FIGURE_CLIP_FACTOR`` x the highest rate of the plans
    long enough to compare (``short`` False), or the highest end of their intervals if that is
    further, at least 1: a 20-word excerpt's rate or interval (hundreds per 1,000 words from one
    hit) would otherwise flatten every other plan, while a long plan's interval is never cut.
    Without a ``short`` column (or no long plan), the highest rate of all plans sets it."""
    rates = data["rate_per_1k"].to_numpy(dtype=float)
    highest = np.nanmax(rates) if np.isfinite(rates).any() else 0.0
    if "short" in data:
        long = ~data["short"].fillna(False).astype(bool).to_numpy() & np.isfinite(rates)
        if long.any():
            highest = rates[long].max()
            reach = np.nanmax(data["ci_high"].to_numpy(dtype=float)[long])
            return max(1.0, config.FIGURE_CLIP_FACTOR * highest, reach if np.isfinite(reach) else 0.0)
    return max(1.0, config.FIGURE_CLIP_FACTOR * highest)


def _trajectory_panel(axes, data: pd.DataFrame, colours: dict[str, str], lang: str) -> bool:
    """Draw one theme's plans (``year, province, rate_per_1k, ci_low, ci_high``) on ``axes``,
    the axis stopped at the clip limit; whether an interval was cut."""
    limit = _clip_limit(data)
    clipped = False
    by_province = dict(tuple(data.groupby("province", sort=False)))
    for province in sorted(by_province, key=lambda name: collation_key(str(name))):  # legend in Vietnamese order
        plans = by_province[province]
        colour = colours[str(province)]
        name = text("figure.other_provinces", lang) if colour == OTHER_PROVINCES_COLOUR else province
        rate = plans["rate_per_1k"].clip(upper=limit)
        high = plans["ci_high"].clip(upper=limit)
        error = np.vstack([rate - plans["ci_low"].clip(upper=limit), high - rate])
        axes.errorbar(plans["year"].astype(int), rate, yerr=np.clip(error, 0, None),
                      fmt="-o", color=colour, capsize=3, label=name, markersize=6)
        cut = plans[plans["ci_high"] > limit]
        if len(cut):
            # A caret where the interval goes on beyond the axis (its end is in the table).
            axes.plot(cut["year"].astype(int), [limit] * len(cut), "^", color=colour, markersize=8,
                      clip_on=False, label="_nolegend_")
            clipped = True
    top = max(axes.get_ylim()[1], 1.0)
    top = min(top, limit * 1.04) if clipped or top > limit else top
    axes.set_ylim(-0.04 * top, top)  # zeros sit just above the axis, visible
    return clipped


def plot_theme_shares(measures: pd.DataFrame, theme_order: list[str], lang: str = "en", source: str = "",
                      labels: dict[str, str] | None = None, colours: dict[str, str] | None = None):
    """One panel per plan: each theme's share of the plan's theme hits, with its interval; each
    plan in its province's colour (``colours``, a run's, as in ``plot_theme_trajectories``)."""
    with matplotlib.rc_context(STYLE):
        plans = measures.drop_duplicates("doc_id").sort_values(["year", "province"], key=collated)
        figure = _figure(3.6 * len(plans) + 2.6, 0.34 * len(theme_order) + 2.2)
        axes_list = figure.subplots(1, len(plans), sharey=True, sharex=True, squeeze=False).ravel()
        positions = np.arange(len(theme_order))[::-1]
        colours = province_colours(plans["province"], colours)
        for axes, plan in zip(axes_list, plans.itertuples(index=False)):
            data = measures[measures["doc_id"] == plan.doc_id].set_index("theme").reindex(theme_order)
            colour = colours[str(plan.province)]
            error = np.vstack([data["share"] - data["share_ci_low"], data["share_ci_high"] - data["share"]])
            axes.barh(positions, data["share"], color=colour, alpha=0.85)
            for y, share in zip(positions, data["share"]):
                if share == 0:
                    axes.text(0.003, y, "0", va="center", fontsize=8, color="#777777")
            axes.errorbar(data["share"], positions, xerr=np.clip(np.nan_to_num(error), 0, None), fmt="none",
                          ecolor="#333333", capsize=2, linewidth=0.9)
            axes.set_title(_plan_title(plan, labels), loc="left", fontsize=11)
            axes.set_xlabel(text("figure.share", lang), fontsize=9)
            axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        labels = measures.drop_duplicates("theme").set_index("theme")[_label_column(lang)].reindex(theme_order)
        axes_list[0].set_yticks(positions, labels)
        figure.suptitle(text("figure.shares_title", lang, level=percent(config.CONFIDENCE_LEVEL, lang)), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_theme_dispersion(hits: pd.DataFrame, boundaries: pd.DataFrame, plans: pd.DataFrame, themes: list[str],
                          labels: dict[str, str], lang: str = "en", source: str = "",
                          plan_labels: dict[str, str] | None = None):
    """Lexical dispersion ("x-ray"): a tick where each theme is mentioned, along each plan.

    ``hits``: theme hit rows (``position`` 0..1); ``boundaries``: section starts
    (``doc_id, section, position``); ``plans``: ``doc_id, province, year`` in display order.
    """
    with matplotlib.rc_context(STYLE):
        figure = _figure(11, 1.05 * len(plans) * len(themes) * 0.42 + 2.0)
        axes_list = figure.subplots(len(plans), 1, sharex=True, squeeze=False).ravel()
        for axes, plan in zip(axes_list, plans.itertuples(index=False)):
            for row, theme in enumerate(themes):
                y = len(themes) - 1 - row
                positions = hits.loc[(hits["doc_id"] == plan.doc_id) & (hits["theme"] == theme), "position"]
                if len(positions):
                    axes.vlines(positions, y - 0.35, y + 0.35, color=OKABE_ITO[row % len(OKABE_ITO)], linewidth=1.6)
                else:
                    axes.text(0.005, y, text("figure.no_hits", lang), va="center", fontsize=8, color="#777777")
            for boundary in boundaries[boundaries["doc_id"] == plan.doc_id].itertuples(index=False):
                axes.axvline(boundary.position, color="#bbbbbb", linewidth=0.8, linestyle="--", zorder=0)
                axes.text(boundary.position + 0.004, len(themes) - 0.45, boundary.section, fontsize=8, color="#666666")
            axes.set_yticks(range(len(themes)), [labels[t] for t in reversed(themes)], fontsize=9)
            axes.set_ylim(-0.6, len(themes) - 0.2)
            axes.set_title(_plan_title(plan, plan_labels), loc="left", fontsize=11)
            axes.spines["left"].set_visible(False)
        axes_list[-1].set_xlim(0, 1)
        axes_list[-1].xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes_list[-1].set_xlabel(text("figure.position", lang))
        figure.suptitle(text("figure.dispersion_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_theme_comparison(measures: pd.DataFrame, themes: list[str], plan_order: list[str], lang: str = "en",
                          source: str = "", labels: dict[str, str] | None = None,
                          colours: dict[str, str] | None = None):
    """One panel per theme: each plan a row (oldest at the top, ``plan_order``), its rate per
    1,000 words with its bootstrap interval and the count it rests on.

    Plans are categories, never joined by a line: plans of different provinces and years are
    not a series. A zero count shows its interval too (``measure.themes.measures``).
    """
    with matplotlib.rc_context(STYLE):
        shown = measures[measures["theme"].isin(themes) & measures["doc_id"].isin(plan_order)]
        columns = min(2, len(themes))
        rows = int(np.ceil(len(themes) / columns))
        figure = _figure(5.4 * columns + 1.2, (0.42 * len(plan_order) + 1.1) * rows + 0.9)
        axes_list = figure.subplots(rows, columns, sharey=True, squeeze=False).ravel()
        positions = np.arange(len(plan_order))[::-1]
        names = [(labels or {}).get(d, d) for d in plan_order]
        colours = province_colours(shown["province"].fillna(""), colours)
        clipped = False
        for axes, theme in zip(axes_list, themes):
            data = shown[shown["theme"] == theme].set_index("doc_id").reindex(plan_order)
            clipped |= _comparison_panel(axes, data, positions, colours, lang)
            label = data[_label_column(lang)].dropna()
            axes.set_title(label.iloc[0] if len(label) else theme, loc="left", fontsize=11)
            axes.set_yticks(positions, names)
            axes.set_xlabel(text("figure.rate", lang), fontsize=9)
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        for axes in axes_list[len(themes):]:
            axes.set_visible(False)
        figure.suptitle(text("figure.comparison_title", lang, level=percent(config.CONFIDENCE_LEVEL, lang)), x=0.0,
                        ha="left", fontweight="bold", fontsize=13)
        if clipped:
            figure.text(0.0, -0.03, text("figure.clip_note", lang, factor=number(config.FIGURE_CLIP_FACTOR, lang, 0)),
                        ha="left", va="top", fontsize=8.5, color="#444444")
        _source_line(figure, source, lang)
        return figure


def _comparison_panel(axes, data: pd.DataFrame, positions, colours: dict[str, str], lang: str) -> bool:
    """One theme's plans (rows of ``data`` in plan order) as dots with interval lines, the axis
    stopped at ``_clip_limit`` (a cut interval or rate ends in a ▲ at the limit); whether one was cut."""
    limit = _clip_limit(data.dropna(subset=["rate_per_1k"]))
    provinces = data["province"].fillna("")
    clipped = False
    for y, (doc_id, row) in zip(positions, data.iterrows()):
        if pd.isna(row["rate_per_1k"]):
            continue
        rate, low, high = (min(row[c], limit) for c in ("rate_per_1k", "ci_low", "ci_high"))
        colour = colours[provinces[doc_id]]
        axes.plot([low, high], [y, y], color=colour, linewidth=2.2, solid_capstyle="butt")
        axes.plot([rate], [y], "o", color=colour, markersize=7, markerfacecolor="white" if row["hits"] == 0 else colour)
        if row["ci_high"] > limit:  # the interval (and perhaps the rate) goes on beyond the axis
            axes.plot([limit], [y], ">", color=colour, markersize=8, clip_on=False)
            clipped = True
        axes.annotate(f"{number(row['rate_per_1k'], lang, 1)} ({text('figure.hits_short', lang, n=int(row['hits']))})",
                      (high, y), xytext=(9 if row["ci_high"] > limit else 5, 0), textcoords="offset points",
                      va="center", fontsize=8.5, color="#333333")
    right = np.nanmax(data["ci_high"].to_numpy(dtype=float)) if data["ci_high"].notna().any() else 1.0
    axes.set_xlim(0, min(max(right, 1.0), limit) * 1.35)
    return clipped
