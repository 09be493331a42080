"""Which plans a researcher names with ``--plans``: ``resolve_plans(analysis, names, every, notes)``
returns their doc_ids (or None for the default policy of ``catalogue.shown_plans``).
"""

from __future__ import annotations

from analysis import config
from analysis.errors import UserError
from analysis.measure.plans import plans_named
from analysis.outputs.analyse import Analysis
from analysis.resources import matching_names, suggestion, text


def resolve_plans(analysis: Analysis, names: list[str] | None, every: bool = False, notes: list[str] | None = None,
                  lang: str = config.DEFAULT_LANG) -> list[str] | None:
    """The doc_ids that ``--plans`` names (``measure.plans.plans_named``: a doc_id, a plan's label, "Cà Mau
    2020" -- every plan of that province and year --, a province or a year); every plan with ``every``; None
    when neither is asked (the default policy). A name that is not a province but stands for several plans
    takes them all and says so in ``notes`` (their labels, numbers included), so the choice is never silent."""
    if every:
        return list(analysis.plans["doc_id"])
    if not names:
        return None
    plans, labels = analysis.plans, analysis.plan_labels()
    chosen = []
    for name in names:
        found = plans_named(plans, name)
        if not found:
            known = list(plans["doc_id"]) + list(labels.values()) + list(plans["province"])
            raise UserError(f"--plans: no plan called '{name}'; use a doc_id, 'Province year' or a province as listed "
                            "by 'python -m analysis corpus'." + suggestion(name, known))
        if len(found) > 1 and notes is not None and not matching_names(name, plans["province"].dropna()):
            notes.append(text("summary.plans_several", lang, name=name.strip(), n=len(found),
                              plans="; ".join(labels[doc_id] for doc_id in found)))
        chosen += found
    return list(dict.fromkeys(chosen))
