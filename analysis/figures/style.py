"""House style shared by every figure: palettes, fonts, one colour per province, the
source line, and ``HouseFigure`` (a bare matplotlib Figure that shows itself in Jupyter).
Words come from ``resources.text`` (labels.yml), in English or Vietnamese."""

from __future__ import annotations

import io

import matplotlib
import matplotlib.ticker  # noqa: F401  (PercentFormatter, used by the plot modules)
import numpy as np
from matplotlib.figure import Figure

from analysis import config
from analysis.resources import collation_key, province_names, text

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
    "savefig.dpi": config.FIGURE_DPI,
    "savefig.bbox": "tight",
    "svg.hashsalt": "vn-plans",  # fixed ids: identical SVGs from identical data
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

# Provinces beyond the palette, in a figure showing more provinces than it has colours.
OTHER_PROVINCES_COLOUR = "#BBBBBB"


def province_colours(provinces, run: dict[str, str] | None = None) -> dict[str, str]:
    """{province: colour} for the provinces one figure shows, no colour twice.

    Without ``run``: sorted by name, they take the palette in order; beyond the palette, the
    first ones take all colours but one and the rest share ``OTHER_PROVINCES_COLOUR`` (a figure
    says "other provinces" for them). With ``run`` (this function applied once to every province
    of a run, as the figure catalogue does), each province keeps its run colour in every figure;
    a province the run had no colour left for takes, in this figure, a palette colour no other
    province shown holds, by the same rule."""
    names = sorted({str(p) for p in provinces}, key=collation_key)
    if run is None:
        return _in_order(names, PROVINCE_PALETTE)
    own = {name: run[name] for name in names if run.get(name, OTHER_PROVINCES_COLOUR) != OTHER_PROVINCES_COLOUR}
    free = [colour for colour in PROVINCE_PALETTE if colour not in own.values()]
    return {**own, **_in_order([name for name in names if name not in own], free)}


def _in_order(names: list[str], palette: list[str]) -> dict[str, str]:
    """Sorted ``names`` take ``palette`` in order; when there are more, all colours but one, the
    rest ``OTHER_PROVINCES_COLOUR``."""
    if len(names) <= len(palette):
        return dict(zip(names, palette))
    own = len(palette) - 1
    return {name: palette[i] if i < own else OTHER_PROVINCES_COLOUR for i, name in enumerate(names)}


def province_colour(province: str) -> str:
    """The same colour for a province in every figure and every run; two provinces may share
    one (the index runs modulo the palette), so a figure showing several uses ``province_colours``."""
    names = province_names()
    index = names.index(province) if province in names else sum(map(ord, str(province)))
    return PROVINCE_PALETTE[index % len(PROVINCE_PALETTE)]


class HouseFigure(Figure):
    """A bare Figure, not pyplot's: nothing opens a window, nothing is shown twice in a
    notebook, and a figure is freed as soon as it is no longer used. It shows itself in
    Jupyter whatever the backend (``_repr_png_``)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return HouseFigure(figsize=(width, height), layout="constrained")


def _cells(axes, values: np.ndarray, **colours):
    """A grid of coloured cells as ``imshow`` draws one (row 0 at the top, cell (row, column) centred on
    (column, row), a missing value left blank), drawn as quads: ``imshow`` resamples its image to the size
    saved, which for the province heatmap at 150 dpi held 0.2 GiB for a moment. ``colours``: ``cmap``,
    ``vmin``, ``vmax``. Returns what a colour bar is made from."""
    rows, columns = values.shape
    mesh = axes.pcolormesh(np.arange(columns + 1) - 0.5, np.arange(rows + 1) - 0.5, np.ma.masked_invalid(values),
                           **colours)
    axes.set_xlim(-0.5, columns - 0.5)
    axes.set_ylim(rows - 0.5, -0.5)
    return mesh


def _source_line(figure, source: str, lang: str) -> None:
    if source:
        figure.text(0.0, -0.01, f"{text('figure.source', lang)}: {source}", ha="left", va="top", fontsize=8.5, color="#444444")


def _plan_title(plan, labels: dict[str, str] | None) -> str:
    """A plan's panel title: its unique label when given ("Bến Tre 2021 (7822/KH-UBND)"), else province and year."""
    return (labels or {}).get(plan.doc_id, f"{plan.province} {plan.year}")


def _label_column(lang: str) -> str:
    return "label_vi" if lang == "vi" else "label_en"


def _display(term: str) -> str:
    """Words are shown with spaces, as Vietnamese is written; "_" only joins syllables."""
    return term.replace("_", " ")


def _topic_colours(n: int) -> list:
    # tab20 keeps up to 20 topics apart; topics are not provinces, so a separate palette.
    colours = matplotlib.colormaps["tab20"].colors
    return [colours[(2 * i) % 20 + (i // 10) % 2] for i in range(n)]
