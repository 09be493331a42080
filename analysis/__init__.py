"""Comparative text analytics of Vietnamese provincial environment and climate plans.

The folders read as the data flow, and imports only point down it:
``read/`` (files -> ``Corpus``) -> ``measure/`` (tidy tables) -> ``figures/`` (draw a
table; imports neither of the above) -> ``outputs/`` (the analysis, the figure catalogue,
every file a run writes). ``config`` (every default), ``resources`` (labels.yml and the
province list) and ``atomic`` (safe file writes) sit below them all; ``cli`` parses
arguments and calls the stages.
"""

__version__ = "0.1.0"
