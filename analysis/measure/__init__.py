"""Measures on a ``Corpus``, each returning tidy tables with documented columns, one
sub-package per question a researcher asks:

``themes/`` (how much each plan says about each theme: ``codebook``, ``phrases``, ``measures``),
``concordance/`` (where a phrase occurs: ``kwic``, ``search``), ``vocabulary/`` (what words
distinguish plans: ``tfidf`` with similarity, ``keyness``, ``collocations``), ``topics/`` (topic
models: ``model``, ``selection``, ``labels``, ``names``, ``vocabulary``, ``effects`` and
``analysis``, the topic part of a run with its kept model), ``commitments/`` (what plans
promise: ``targets``, ``agencies``, ``directives``, ``passages``).

What several questions share sits here, written once: ``features`` (the analyzer and the one
document-feature matrix per corpus), ``statistics`` (bootstrap, intervals, seeding),
``groups`` (the missing-value policy of grouped tables), ``plans`` (plan labels). Grouped
tables share one convention: ``group_by`` (the plan attribute) and ``group`` (its value)
lead the columns."""
