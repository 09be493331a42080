"""Researchers' names for topics, kept across runs by the words the topics are made of.

A topic has no identity beyond its words: topic 3 of one run may be topic 5 of the next,
or gone. So a name is written with the words the topic had when it was named, in
``topic_names.yml`` in the corpus folder (``config.TOPIC_NAMES_FILE``)::

    - name: Rừng ngập mặn và đê biển
      words: [rừng_ngập_mặn, đê_biển, bờ_biển, sạt_lở, ...]

Every run writes a ready-to-edit copy of this file beside its outputs, one entry per topic
with its current top words: fill in the names, put it in the corpus folder, and later runs
give each name to the topic whose top words (by weight) hold at least
``config.TOPIC_NAME_KEEP_SHARE`` of the words written with it. Names and topics are paired
one to one, the pairs sharing most words first (Hungarian assignment), so two names never
land on one topic. A name no topic matches any more is reported, not silently dropped.

``load_topic_names(path)`` -> (entries, problems): the entries ``{"name", "words"}`` and one
plain sentence per problem (a broken file is reported and ignored, never fatal).
``match_names(entries, model)`` -> ``NAME_COLUMNS``:

=======  =============================================================================
name     the researcher's name
topic    the topic it is given (empty when none matches)
shared   how many of its words are among that topic's top words (the best topic's,
         when none matches)
words    how many words were written with it
kept     True when the name is given: ``shared / words >= config.TOPIC_NAME_KEEP_SHARE``
=======  =============================================================================
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import linear_sum_assignment

from analysis import config

NAME_COLUMNS = ["name", "topic", "shared", "words", "kept"]


def load_topic_names(path: Path) -> tuple[list[dict], list[str]]:
    """The names in ``path`` (none when it does not exist); see the module docstring."""
    path = Path(path)
    if not path.exists():
        return [], []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        return [], [f"{path.name}{line} is not readable YAML, so no topic names were used; fix it or delete it"]
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [f"{path.name} must be a list of entries with 'name' and 'words'; no topic names were used"]
    entries, problems = [], []
    for number, entry in enumerate(raw, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        words = entry.get("words") if isinstance(entry, dict) else None
        if name is None or (isinstance(name, str) and not name.strip()):
            continue  # an entry left unnamed in the template: nothing to keep
        if not isinstance(name, (str, int, float)) or not isinstance(words, list) or not words:
            problems.append(f"{path.name}: entry {number} needs a 'name' and a list of 'words'; it was skipped")
            continue
        entries.append({"name": str(name).strip(), "words": [str(w).strip().lower().replace(" ", "_") for w in words]})
    return entries, problems


def match_names(entries: list[dict], model, top: int = config.TOPIC_TOP_TERMS,
                keep_share: float = config.TOPIC_NAME_KEEP_SHARE) -> pd.DataFrame:
    """Pair names with topics by shared top words; see the module docstring."""
    if not entries:
        return pd.DataFrame(columns=NAME_COLUMNS).astype({"topic": "Int64"})
    topic_words = [{str(w).lower() for w in terms} for terms in model.top_terms(top)]
    shared = np.array([[len(set(e["words"]) & words) for words in topic_words] for e in entries])
    rows_, cols_ = linear_sum_assignment(-shared)
    assigned = dict(zip(rows_, cols_))
    rows = []
    for i, entry in enumerate(entries):
        j = assigned.get(i, int(np.argmax(shared[i])))
        kept = i in assigned and shared[i, j] / len(entry["words"]) >= keep_share
        rows.append({"name": entry["name"], "topic": j + 1 if kept else pd.NA,
                     "shared": int(shared[i, j] if kept else shared[i].max()),
                     "words": len(entry["words"]), "kept": bool(kept)})
    return pd.DataFrame(rows, columns=NAME_COLUMNS).astype({"topic": "Int64"})


def topic_names(model, matched: pd.DataFrame) -> list[str]:
    """Per topic, the researcher's name it was given ("" when none)."""
    names = [""] * model.k
    for row in matched[matched["kept"]].itertuples(index=False):
        names[int(row.topic) - 1] = row.name
    return names


def template(model, names: list[str], top: int = config.TOPIC_TOP_TERMS) -> list[dict]:
    """The entries of a ready-to-edit names file: each topic's name (or "") and top words."""
    return [{"name": name, "words": list(map(str, terms))} for name, terms in zip(names, model.top_terms(top))]
