"""Draw tidy tables; save each figure with the data it shows.

``plot_*`` functions take a tidy table (and display options), return a matplotlib
``Figure`` and compute nothing beyond choosing what to show. ``save_figure`` writes
``<stem>.png`` (150 dpi), ``<stem>.svg`` and ``<stem>.csv`` (exactly the rows drawn)
into the output folder, each through a temporary file renamed into place, with fixed
metadata so that two runs write identical files.

House style: DejaVu Sans (ships with matplotlib and covers every Vietnamese letter),
text readable at slide size, the Okabe-Ito colour-blind-safe palette, one colour per
province everywhere (from the province's place in ``data/provinces.csv``), a title
that names the subject, axis labels with units and a source line under each figure.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.metadata import provinces

# Okabe-Ito: colour-blind safe; used for themes within a figure.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
# Paul Tol's "muted" scheme (colour-blind safe, 9 colours): one per province.
PROVINCE_PALETTE = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "vn-plans",  # fixed ids: identical SVGs from identical data
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

TEXT = {
    "en": {
        "rate": "hits per 1,000 words",
        "share": "share of the plan's theme hits",
        "year": "issue year",
        "theme": "theme",
        "province": "province",
        "position": "position in the plan (start → end)",
        "source": "Source",
        "heatmap_title": "Theme salience by province",
        "trajectory_title": "Four named themes by plan and issue year, with 95% bootstrap intervals",
        "shares_title": "Theme shares per plan, with 95% bootstrap intervals",
        "dispersion_title": "Where each plan mentions the four named themes",
        "no_hits": "no hits",
        "tfidf": "TF-IDF weight",
        "top_terms_title": "Most distinctive terms of each plan (TF-IDF)",
        "keyness": "keyness (signed G², log-likelihood)",
        "keyness_title": "Words over-used in {target} compared with {reference}",
        "reference": "the other plans",
        "similarity_title": "How similar the plans' vocabularies are (cosine of TF-IDF vectors)",
        "similarity": "cosine similarity",
        "topic_terms_title": "Topics found in the plans' passages: top terms ({method}, k = {k})",
        "topic_weight": "weight in topic",
        "prevalence": "share of the plan's text",
        "prevalence_title": "Topic prevalence per plan (length-weighted passages)",
        "trend_title": "Topic prevalence across issue years",
        "selection_title": "Choosing the number of topics ({method})",
        "coherence": "coherence (NPMI)",
        "stability": "stability (Jaccard across seeds)",
        "topics_k": "number of topics k",
        "chosen": "chosen",
        "threshold": "stability threshold",
    },
    "vi": {
        "rate": "số lần xuất hiện / 1.000 từ",
        "share": "tỷ trọng trong các lần xuất hiện chủ đề của kế hoạch",
        "year": "năm ban hành",
        "theme": "chủ đề",
        "province": "tỉnh",
        "position": "vị trí trong kế hoạch (đầu → cuối)",
        "source": "Nguồn",
        "heatmap_title": "Mức độ quan tâm các chủ đề theo tỉnh",
        "trajectory_title": "Bốn chủ đề chính theo kế hoạch và năm ban hành, khoảng tin cậy 95%",
        "shares_title": "Tỷ trọng chủ đề trong mỗi kế hoạch, khoảng tin cậy 95% (bootstrap)",
        "dispersion_title": "Vị trí bốn chủ đề chính trong từng kế hoạch",
        "no_hits": "không có",
        "tfidf": "trọng số TF-IDF",
        "top_terms_title": "Các từ đặc trưng nhất của từng kế hoạch (TF-IDF)",
        "keyness": "mức độ đặc trưng (G² có dấu)",
        "keyness_title": "Các từ dùng nhiều hơn trong {target} so với {reference}",
        "reference": "các kế hoạch khác",
        "similarity_title": "Mức độ tương đồng từ vựng giữa các kế hoạch (cosin TF-IDF)",
        "similarity": "độ tương đồng cosin",
        "topic_terms_title": "Các chủ đề ẩn trong các đoạn văn: từ tiêu biểu ({method}, k = {k})",
        "topic_weight": "trọng số trong chủ đề",
        "prevalence": "tỷ trọng trong văn bản kế hoạch",
        "prevalence_title": "Tỷ trọng các chủ đề ẩn trong từng kế hoạch",
        "trend_title": "Tỷ trọng các chủ đề ẩn theo năm ban hành",
        "selection_title": "Chọn số chủ đề ({method})",
        "coherence": "độ mạch lạc (NPMI)",
        "stability": "độ ổn định (Jaccard giữa các seed)",
        "topics_k": "số chủ đề k",
        "chosen": "được chọn",
        "threshold": "ngưỡng ổn định",
    },
}


def text(key: str, lang: str = "en") -> str:
    return TEXT.get(lang, TEXT["en"])[key]


def province_colour(province: str) -> str:
    """The same colour for a province in every figure and every run."""
    names = list(dict.fromkeys(provinces().values()))
    index = names.index(province) if province in names else sum(map(ord, str(province)))
    return PROVINCE_PALETTE[index % len(PROVINCE_PALETTE)]


class HouseFigure(Figure):
    """A bare Figure, not pyplot's: nothing opens a window, nothing is shown twice in a
    notebook, and a figure is freed as soon as it is no longer used. It shows itself in
    Jupyter whatever the backend (``_repr_png_``)."""

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return HouseFigure(figsize=(width, height), layout="constrained")


def _source_line(figure, source: str, lang: str) -> None:
    if source:
        figure.text(0.0, -0.01, f"{text('source', lang)}: {source}", ha="left", va="top", fontsize=8.5, color="#444444")


def _label_column(lang: str) -> str:
    return "label_vi" if lang == "vi" else "label_en"


def plot_theme_heatmap(groups: pd.DataFrame, theme_order: list[str], lang: str = "en", source: str = ""):
    """Themes (rows, in ``theme_order``) x provinces (columns), coloured by rate per 1,000 words.

    ``groups``: ``themes.theme_groups(measures, "province")``. Zeros are printed as 0,
    so a theme a province never mentions reads as zero, not as missing.
    """
    with matplotlib.rc_context(STYLE):
        grid = groups.pivot(index="theme", columns="group", values="rate_per_1k").reindex(index=theme_order)
        labels = groups.drop_duplicates("theme").set_index("theme")[_label_column(lang)].reindex(theme_order)
        values = grid.to_numpy(dtype=float)
        figure = _figure(max(8.0, 5.5 + 1.5 * grid.shape[1]), 1.6 + 0.38 * len(theme_order))
        axes = figure.add_subplot()
        image = axes.imshow(values, cmap="viridis", aspect="auto")
        axes.set_yticks(range(len(theme_order)), labels)
        axes.set_xticks(range(grid.shape[1]), grid.columns)
        axes.xaxis.tick_top()
        high = np.nanmax(values) if values.size else 0
        for (row, column), value in np.ndenumerate(values):
            axes.text(column, row, "–" if np.isnan(value) else f"{value:.1f}", ha="center", va="center", fontsize=9.5,
                      color="white" if value < 0.6 * high else "black")
        axes.spines[:].set_visible(False)
        axes.tick_params(length=0)
        axes.set_title(f"{text('heatmap_title', lang)} ({text('rate', lang)})", loc="left", pad=12)
        figure.colorbar(image, ax=axes, label=text("rate", lang), shrink=0.6)
        _source_line(figure, source, lang)
        return figure


def plot_theme_trajectories(measures: pd.DataFrame, themes: list[str], lang: str = "en", source: str = ""):
    """One panel per theme: each plan a point at its issue year (a true time axis), with its
    bootstrap interval; plans of the same province are joined by a line."""
    with matplotlib.rc_context(STYLE):
        shown = measures[measures["theme"].isin(themes)]
        columns = min(2, len(themes))
        rows = int(np.ceil(len(themes) / columns))
        figure = _figure(5.2 * columns, 3.3 * rows + 0.6)
        axes_list = figure.subplots(rows, columns, sharex=True, squeeze=False).ravel()
        years = shown["year"].dropna().astype(int)
        for axes, theme in zip(axes_list, themes):
            data = shown[shown["theme"] == theme].dropna(subset=["year"]).sort_values("year")
            for province, plans in data.groupby("province", sort=True):
                colour = province_colour(province)
                error = np.vstack([plans["rate_per_1k"] - plans["ci_low"], plans["ci_high"] - plans["rate_per_1k"]])
                axes.errorbar(plans["year"].astype(int), plans["rate_per_1k"], yerr=np.clip(error, 0, None),
                              fmt="-o", color=colour, capsize=3, label=province, markersize=6)
            label = data[_label_column(lang)].iloc[0] if len(data) else theme
            axes.set_title(label, loc="left", fontsize=11)
            axes.set_ylabel(text("rate", lang))
            top = max(axes.get_ylim()[1], 1.0)
            axes.set_ylim(-0.04 * top, top)  # zeros sit just above the axis, visible
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        for axes in axes_list[len(themes):]:
            axes.set_visible(False)
        if len(years):
            span = range(years.min() - 1, years.max() + 2)
            for axes in axes_list:
                axes.set_xticks([y for y in span if (y - years.min()) % 2 == 0] if len(span) > 12 else list(span))
                axes.tick_params(axis="x", labelrotation=45)
        for axes in axes_list[-columns:]:
            axes.set_xlabel(text("year", lang))
        handles, labels = axes_list[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside upper right", title=text("province", lang), frameon=False)
        figure.suptitle(text("trajectory_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_theme_shares(measures: pd.DataFrame, theme_order: list[str], lang: str = "en", source: str = ""):
    """One panel per plan: each theme's share of the plan's theme hits, with its interval."""
    with matplotlib.rc_context(STYLE):
        plans = measures.drop_duplicates("doc_id").sort_values(["year", "province"])
        figure = _figure(3.6 * len(plans) + 2.6, 0.34 * len(theme_order) + 2.2)
        axes_list = figure.subplots(1, len(plans), sharey=True, sharex=True, squeeze=False).ravel()
        positions = np.arange(len(theme_order))[::-1]
        for axes, plan in zip(axes_list, plans.itertuples(index=False)):
            data = measures[measures["doc_id"] == plan.doc_id].set_index("theme").reindex(theme_order)
            colour = province_colour(plan.province)
            error = np.vstack([data["share"] - data["share_ci_low"], data["share_ci_high"] - data["share"]])
            axes.barh(positions, data["share"], color=colour, alpha=0.85)
            for y, share in zip(positions, data["share"]):
                if share == 0:
                    axes.text(0.003, y, "0", va="center", fontsize=8, color="#777777")
            axes.errorbar(data["share"], positions, xerr=np.clip(np.nan_to_num(error), 0, None), fmt="none",
                          ecolor="#333333", capsize=2, linewidth=0.9)
            axes.set_title(f"{plan.province} {plan.year}", loc="left", fontsize=11)
            axes.set_xlabel(text("share", lang), fontsize=9)
            axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        labels = measures.drop_duplicates("theme").set_index("theme")[_label_column(lang)].reindex(theme_order)
        axes_list[0].set_yticks(positions, labels)
        figure.suptitle(text("shares_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_theme_dispersion(hits: pd.DataFrame, boundaries: pd.DataFrame, plans: pd.DataFrame, themes: list[str],
                          labels: dict[str, str], lang: str = "en", source: str = ""):
    """Lexical dispersion ("x-ray"): a tick where each theme is mentioned, along each plan.

    ``hits``: ``themes.theme_hits`` rows (``position`` 0..1); ``boundaries``: section starts
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
                    axes.text(0.005, y, text("no_hits", lang), va="center", fontsize=8, color="#777777")
            for boundary in boundaries[boundaries["doc_id"] == plan.doc_id].itertuples(index=False):
                axes.axvline(boundary.position, color="#bbbbbb", linewidth=0.8, linestyle="--", zorder=0)
                axes.text(boundary.position + 0.004, len(themes) - 0.45, boundary.section, fontsize=8, color="#666666")
            axes.set_yticks(range(len(themes)), [labels[t] for t in reversed(themes)], fontsize=9)
            axes.set_ylim(-0.6, len(themes) - 0.2)
            axes.set_title(f"{plan.province} {plan.year}", loc="left", fontsize=11)
            axes.spines["left"].set_visible(False)
        axes_list[-1].set_xlim(0, 1)
        axes_list[-1].xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes_list[-1].set_xlabel(text("position", lang))
        figure.suptitle(text("dispersion_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def _display(term: str) -> str:
    """Words are shown with spaces, as Vietnamese is written; "_" only joins syllables."""
    return term.replace("_", " ")


def plot_top_terms(top_terms: pd.DataFrame, lang: str = "en", source: str = "", top: int = 12):
    """One panel per plan: its ``top`` terms by TF-IDF (``vocabulary.tfidf_top_terms``)."""
    with matplotlib.rc_context(STYLE):
        plans = top_terms.drop_duplicates("doc_id")
        figure = _figure(4.3 * len(plans) + 0.5, 0.32 * top + 1.9)
        axes_list = figure.subplots(1, len(plans), squeeze=False).ravel()
        for axes, plan in zip(axes_list, plans.itertuples(index=False)):
            data = top_terms[top_terms["doc_id"] == plan.doc_id].head(top)
            positions = np.arange(len(data))[::-1]
            axes.barh(positions, data["tfidf"], color=province_colour(plan.province))
            axes.set_yticks(positions, [_display(t) for t in data["term"]], fontsize=10)
            axes.set_title(f"{plan.province} {plan.year}", loc="left", fontsize=11)
            axes.set_xlabel(text("tfidf", lang), fontsize=9)
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.suptitle(text("top_terms_title", lang), x=0.0, ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def plot_keyness(table: pd.DataFrame, target: str, reference: str = "", lang: str = "en", source: str = "",
                 top: int = 15, colour: str = "#0072B2"):
    """Top ``top`` features in each direction of a keyness table (``keyness.keyness``)."""
    with matplotlib.rc_context(STYLE):
        over = table[table["G2"] > 0].head(top)
        under = table[table["G2"] < 0].tail(top)
        shown = pd.concat([over, under])
        figure = _figure(9, 0.27 * len(shown) + 2.0)
        axes = figure.add_subplot()
        positions = np.arange(len(shown))[::-1]
        colours = [colour if g > 0 else "#999999" for g in shown["G2"]]
        axes.barh(positions, shown["G2"], color=colours)
        for y, (value, feature) in enumerate(zip(shown["G2"][::-1], shown["feature"][::-1])):
            axes.text(value + (0.3 if value > 0 else -0.3), y, _display(feature), va="center", fontsize=9,
                      ha="left" if value > 0 else "right")
        axes.set_yticks([])
        axes.axvline(0, color="black", linewidth=0.8)
        limit = float(np.abs(shown["G2"]).max()) * 1.6 if len(shown) else 1.0
        axes.set_xlim(-limit, limit)
        axes.set_xlabel(text("keyness", lang))
        axes.spines["left"].set_visible(False)
        reference = reference or text("reference", lang)
        axes.set_title(text("keyness_title", lang).format(target=target, reference=reference), loc="left")
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
        image = axes.imshow(values, cmap="viridis", vmin=0, vmax=1)
        names = [labels.get(d, d) for d in order]
        axes.set_xticks(range(len(order)), names, rotation=30, ha="right", rotation_mode="anchor")
        axes.set_yticks(range(len(order)), names)
        for (row, column), value in np.ndenumerate(values):
            axes.text(column, row, f"{value:.2f}", ha="center", va="center", color="white" if value < 0.6 else "black")
        axes.spines[:].set_visible(False)
        figure.colorbar(image, ax=axes, label=text("similarity", lang), shrink=0.8)
        axes.set_title(text("similarity_title", lang), loc="left", fontsize=12)
        _source_line(figure, source, lang)
        return figure


def _topic_colours(n: int) -> list:
    # tab20 keeps up to 20 topics apart; topics are not provinces, so a separate palette.
    colours = matplotlib.colormaps["tab20"].colors
    return [colours[(2 * i) % 20 + (i // 10) % 2] for i in range(n)]


def plot_topic_terms(terms: pd.DataFrame, method: str, lang: str = "en", source: str = "", top: int = 8):
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
            axes.set_xlabel(text("topic_weight", lang), fontsize=9)
        figure.suptitle(text("topic_terms_title", lang).format(method=method.upper(), k=len(topics)), x=0.0,
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
        axes.set_xlabel(text("prevalence", lang))
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncol=2, frameon=False, fontsize=9)
        axes.set_title(text("prevalence_title", lang), loc="left")
        _source_line(figure, source, lang)
        return figure


def plot_topic_trends(prevalence: pd.DataFrame, lang: str = "en", source: str = ""):
    """Prevalence per issue year (``topics.topic_prevalence(by="year")``), years on a true time axis."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(10, 5.5)
        axes = figure.add_subplot()
        colours = _topic_colours(prevalence["topic"].nunique())
        for i, (topic, data) in enumerate(prevalence.sort_values("year").groupby("topic", sort=True)):
            axes.plot(data["year"].astype(int), data["prevalence"], "-o", color=colours[i],
                      label=f"{topic}. {data['label'].iloc[0]}")
        years = sorted(prevalence["year"].dropna().astype(int).unique())
        if years:
            axes.set_xticks(range(years[0], years[-1] + 1))
            axes.tick_params(axis="x", labelrotation=45)
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        axes.set_xlabel(text("year", lang))
        axes.set_ylabel(text("prevalence", lang))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False, fontsize=9)
        axes.set_title(text("trend_title", lang), loc="left")
        _source_line(figure, source, lang)
        return figure


def plot_model_selection(selection: pd.DataFrame, threshold: float, lang: str = "en", source: str = ""):
    """Coherence and stability against k (``topic_selection.select_k``), the chosen k marked."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(10, 4.2)
        left, right = figure.subplots(1, 2)
        chosen = selection[selection["chosen"]]
        for axes, column, label in ((left, "coherence", text("coherence", lang)),
                                    (right, "stability", text("stability", lang))):
            axes.plot(selection["k"], selection[column], "-o", color="#0072B2")
            axes.plot(chosen["k"], chosen[column], "o", markersize=13, markerfacecolor="none", markeredgecolor="#D55E00",
                      markeredgewidth=2, label=f"{text('chosen', lang)}: k = {int(chosen['k'].iloc[0])}")
            axes.set_xlabel(text("topics_k", lang))
            axes.set_ylabel(label)
            axes.set_xticks(selection["k"])
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        right.axhline(threshold, color="#999999", linestyle="--", linewidth=1, label=text("threshold", lang))
        right.set_ylim(0, 1.05)
        right.legend(frameon=False, fontsize=9, loc="lower left")
        figure.suptitle(text("selection_title", lang).format(method=selection["method"].iloc[0].upper()), x=0.0,
                        ha="left", fontweight="bold", fontsize=13)
        _source_line(figure, source, lang)
        return figure


def _replace_into(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def save_table(table: pd.DataFrame, path: Path) -> Path:
    """Write a CSV atomically with a fixed float format (byte-identical across runs)."""
    _replace_into(path, lambda tmp: table.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n"))
    return path


def save_figure(figure, data: pd.DataFrame, stem: str, out_dir: Path) -> list[Path]:
    """Write ``<stem>.png``, ``<stem>.svg`` and ``<stem>.csv`` (the data drawn) to ``out_dir``."""
    out_dir = Path(out_dir)
    safe = Path(stem).name  # a stem never names a folder: outputs stay in out_dir
    paths = [out_dir / f"{safe}.png", out_dir / f"{safe}.svg", out_dir / f"{safe}.csv"]
    with matplotlib.rc_context(STYLE):
        _replace_into(paths[0], lambda tmp: figure.savefig(tmp, format="png", metadata={"Software": None}))
        _replace_into(paths[1], lambda tmp: figure.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None}))
    save_table(data, paths[2])
    return paths
