"""Words that name a topic: by weight, by FREX (as stm's ``labelTopics``), and a suggested name.

``frex_scores(components, weight)`` -- stm's FREX (``calcfrex``): for each topic and word,
the weighted harmonic mean of the word's rank in the topic by frequency and by
exclusivity, each as an empirical CDF over the vocabulary (rank / V, ties averaged as
``data.table::frank`` does)::

    beta[k, v]  = components[k, v] / sum_v components[k, v]      (topic-word distribution)
    excl[k, v]  = beta[k, v] / sum_k beta[k, v]                    (exclusivity)
    F[k, v]     = rank of beta[k, v] among topic k's words / V
    E[k, v]     = rank of excl[k, v] among topic k's words / V
    FREX[k, v]  = 1 / (weight / F[k, v] + (1 - weight) / E[k, v])   (weight 0.5 by default)

stm also shrinks exclusivity towards uniform by each word's corpus count (a James-Stein
estimate) when it labels a fitted model; we do not: with a few thousand passages the
shrinkage changes little and leaves the score a plain function of the fitted topics.

``topic_words(model, top)`` -- ``topic, rank, prob, frex`` (the top words by weight and by
FREX). ``procedural_share(model)`` -- per topic, the share of its top words about the
document itself (dates, numbering, sessions): a topic mostly made of them (at least
``config.TOPIC_PROCEDURAL_SHARE``) is flagged, since it describes how plans cite, not what
they plan. ``suggest_names(model, codebook)`` -- per topic, the codebook theme whose phrases
hold most of the topic's top words (at least ``config.TOPIC_NAME_MIN_OVERLAP``), else
"" (unnamed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from analysis import config
from analysis.read.tokenize import procedural_words


def _distribution(components: np.ndarray) -> np.ndarray:
    components = np.asarray(components, dtype=float)
    totals = components.sum(axis=1, keepdims=True)
    return np.divide(components, totals, out=np.full_like(components, 1.0 / components.shape[1]), where=totals > 0)


def frex_scores(components: np.ndarray, weight: float = config.TOPIC_FREX_WEIGHT) -> np.ndarray:
    """k x V FREX scores of a topic-word matrix; see the module docstring."""
    beta = _distribution(components)
    column = beta.sum(axis=0, keepdims=True)
    exclusivity = np.divide(beta, column, out=np.zeros_like(beta), where=column > 0)
    n_words = beta.shape[1]
    frequency_rank = np.vstack([rankdata(row, method="average") for row in beta]) / n_words
    exclusivity_rank = np.vstack([rankdata(row, method="average") for row in exclusivity]) / n_words
    return 1.0 / (weight / frequency_rank + (1.0 - weight) / exclusivity_rank)


def top_words(scores: np.ndarray, features, top: int) -> list[list[str]]:
    """The ``top`` features of each topic by ``scores`` (ties: vocabulary order)."""
    return [[str(features[j]) for j in np.argsort(-row, kind="stable")[:top]] for row in scores]


def topic_words(model, top: int = config.TOPIC_TOP_TERMS) -> pd.DataFrame:
    """``topic, rank, prob, frex``: each topic's top words by weight and by FREX."""
    by_prob = top_words(_distribution(model.components), model.features, top)
    by_frex = top_words(frex_scores(model.components), model.features, top)
    rows = [{"topic": k + 1, "rank": rank + 1, "prob": by_prob[k][rank], "frex": by_frex[k][rank]}
            for k in range(model.k) for rank in range(min(top, len(by_prob[k])))]
    return pd.DataFrame(rows, columns=["topic", "rank", "prob", "frex"])


def procedural_share(model, top: int = config.TOPIC_TOP_TERMS) -> list[float]:
    """Per topic, the share of its top words (by weight) that are about the document itself
    (``read.tokenize.procedural_words``: dates, numbering, sessions, issuing bodies)."""
    words = procedural_words()
    return [sum(w.lower() in words for w in terms) / max(1, len(terms))
            for terms in top_words(_distribution(model.components), model.features, top)]


def theme_words(codebook) -> dict[str, set[str]]:
    """Each theme's words as features are written ("nước_thải"), from its phrases' syllables:
    every run of consecutive syllables of a phrase, so a compound the segmenter kept whole matches."""
    words: dict[str, set[str]] = {}
    for theme, key in zip(codebook.phrases["theme"], codebook.phrases["key"]):
        syllables = list(key)
        found = words.setdefault(theme, set())
        for start in range(len(syllables)):
            for end in range(start + 1, min(len(syllables), start + 4) + 1):
                found.add("_".join(syllables[start:end]))
    return words


def suggest_names(model, codebook, top: int = config.TOPIC_TOP_TERMS,
                  min_overlap: int = config.TOPIC_NAME_MIN_OVERLAP) -> list[str]:
    """Per topic, the id of the codebook theme sharing most of its top words (by weight and FREX);
    "" when no theme shares ``min_overlap`` of them. Ties go to the codebook's order."""
    words_of = theme_words(codebook)
    by_prob = top_words(_distribution(model.components), model.features, top)
    by_frex = top_words(frex_scores(model.components), model.features, top)
    names = []
    for prob, frex in zip(by_prob, by_frex):
        words = {w.lower() for w in prob + frex}
        overlaps = [(len(words & words_of.get(theme, set())), -order, theme)
                    for order, theme in enumerate(codebook.theme_ids)]
        best = max(overlaps) if overlaps else (0, 0, "")
        names.append(best[2] if best[0] >= min_overlap else "")
    return names
