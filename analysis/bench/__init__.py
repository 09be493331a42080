"""The benchmark: generated corpora and per-stage speed and memory (``make bench``)."""
