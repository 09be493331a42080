"""The figure of a codebook validation: each theme's precision and recall with their intervals."""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd

from analysis import config
from analysis.figures.style import OKABE_ITO, STYLE, _figure, _label_column, _source_line
from analysis.resources import percent, text


def plot_codebook_validation(scores: pd.DataFrame, lang: str = "en", source: str = ""):
    """One row per theme (``outputs.validation.VALIDATION_COLUMNS``): precision and recall as dots
    with their intervals, side by side, on a 0-1 axis; the passages coded at the right."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(9, 0.75 * len(scores) + 1.8)
        axes = figure.add_subplot()
        positions = np.arange(len(scores))[::-1]
        for offset, measure, colour in ((0.15, "precision", OKABE_ITO[0]), (-0.15, "recall", OKABE_ITO[1])):
            values = scores[measure].to_numpy(dtype=float)
            low = values - scores[f"{measure}_low"].to_numpy(dtype=float)
            high = scores[f"{measure}_high"].to_numpy(dtype=float) - values
            axes.errorbar(values, positions + offset, xerr=[low, high], fmt="o", color=colour, capsize=3,
                          label=text(f"briefing.validation_{measure}", lang))
        axes.set_yticks(positions, scores[_label_column(lang)])
        for y, n in zip(positions, scores["n_coded"]):
            axes.text(1.03, y, text("figure.validation_coded", lang, n=n), va="center", fontsize=9, color="#444444")
        axes.set_xlim(0, 1.02)
        axes.set_xlabel(text("figure.validation_axis", lang))
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2)
        title = text("figure.validation_title", lang, level=percent(config.CONFIDENCE_LEVEL, lang))
        axes.set_title(textwrap.fill(title, 70), loc="left")
        _source_line(figure, source, lang)
        return figure
