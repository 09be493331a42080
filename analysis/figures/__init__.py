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

from analysis.figures.commitments import plot_agency_theme_matrix, plot_commitment_timeline, plot_directive_matrix
from analysis.figures.save import save_figure, save_table
from analysis.figures.style import (OKABE_ITO, PROVINCE_PALETTE, STYLE, HouseFigure, province_colour,
                                    province_colours)
from analysis.figures.themes import (
                                     plot_theme_comparison,
                                     plot_theme_dispersion,
                                     plot_theme_heatmap,
                                     plot_theme_shares,
                                     plot_theme_trajectories,
)
from analysis.figures.topics import (plot_model_selection, plot_topic_effects, plot_topic_prevalence,
                                     plot_topic_terms, plot_topic_trends)
from analysis.figures.validation import plot_codebook_validation
from analysis.figures.vocabulary import plot_keyness, plot_similarity, plot_top_pairs, plot_top_terms

__all__ = [
    "OKABE_ITO", "PROVINCE_PALETTE", "STYLE", "HouseFigure", "province_colour", "province_colours", "save_figure",
    "save_table", "plot_theme_comparison", "plot_theme_heatmap", "plot_theme_trajectories", "plot_theme_shares", "plot_theme_dispersion",
    "plot_top_terms", "plot_keyness", "plot_similarity", "plot_top_pairs", "plot_topic_terms", "plot_topic_prevalence",
    "plot_topic_trends", "plot_model_selection", "plot_topic_effects",
    "plot_commitment_timeline", "plot_agency_theme_matrix", "plot_directive_matrix", "plot_codebook_validation",
]
