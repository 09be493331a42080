"""Files -> a ``Corpus``: ``ingest`` (decode, never raises) -> ``normalize`` -> ``segment``
(parts, sections, items) -> ``metadata`` -> ``tokenize`` (underthesea, cache) -> ``corpus``.
``legacy_fonts`` converts TCVN3 and VNI text for ``ingest``."""
