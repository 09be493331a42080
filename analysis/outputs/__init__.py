"""Turn measures into what researchers read: tables, figures, workbook, manifest, briefing.

``analyse`` (an ``Analysis``: every named table and the models behind them) ->
``catalogue`` (the one list of figures: what each draws and says, where it appears) ->
``write`` (``run_all``: everything into the output folder, atomically), with
``workbook``, ``manifest`` and ``briefing`` as the writers of single files.
"""
