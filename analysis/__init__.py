"""Comparative text analytics of Vietnamese provincial environment and climate plans.

Use it from Python through the public API (``analysis.api``, every name exported here)::

    from analysis import read_corpus, analyse, themes, figure
    study = analyse(read_corpus(), include_topics=False)
    themes(study)                               # plan x theme: hits, rate_per_1k, share, ci_low, ci_high
    figure(study, "theme_comparison", "en")     # a matplotlib Figure

The names are imported on first use (PEP 562), so ``import analysis`` and ``analysis.config``
(which the CLI reads at start-up) load neither pandas nor numpy.

The folders read as the data flow, and imports only point down it:
``read/`` (files -> ``Corpus``) -> ``measure/`` (tidy tables) -> ``figures/`` (draw a
table; imports neither of the above) -> ``outputs/`` (the analysis, the figure catalogue,
every file a run writes). ``config`` (every default), ``resources`` (labels.yml and the
province list) and ``atomic`` (safe file writes) sit below them all; ``cli`` parses
arguments and calls the stages, and ``api`` (this package's top) calls them for notebooks.
"""

import importlib

__version__ = "0.1.0"

# The public API (analysis.api), listed here so importing the package imports nothing heavy.
__all__ = ["read_corpus", "analyse", "run", "figure", "figure_names", "kwic", "themes", "evidence", "codebook",
           "keyness", "topics", "topic_contrast", "commitments", "structure", "bottom_line", "plan_table",
           "evidence_quotes", "write_explorer", "validate_sample", "validate_score", "read_table", "Analysis",
           "Corpus"]


def __getattr__(name: str):
    if name in __all__:
        value = getattr(importlib.import_module("analysis.api"), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module 'analysis' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
