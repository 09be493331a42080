"""Measures on a ``Corpus``, each returning tidy tables with documented columns:
``codebook`` (the theme codebook) and ``themes``; ``kwic``; ``features`` (the scikit-learn
analyzer), ``vocabulary`` (TF-IDF, similarity), ``keyness``, ``collocations``;
``topics`` and ``topic_selection``. Grouped tables share one convention: ``group_by``
(the plan attribute) and ``group`` (its value) lead the columns."""
