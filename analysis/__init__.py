"""Comparative text analytics of Vietnamese provincial environment and climate plans.

Stages (one module each, data flows one way):
``ingest`` (files -> decoded text + status) -> ``normalize`` -> ``segment`` ->
``metadata`` -> ``tokenize`` -> measures (``kwic``, ...) ; ``corpus`` assembles the
stages into the corpus table and ``cli`` exposes them as ``python -m analysis``.
"""

__version__ = "0.1.0"
