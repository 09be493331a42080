"""Guided topics: NMF started on codebook themes (``fit_topics(..., guided=[theme ids])``).

``guided_start(matrix, k, guided, codebook, seed)`` returns NMF's starting W (passages x
topics) and H (topics x words) and, per guided topic, the words it starts on (its anchors):
the features that are a whole phrase of the theme, else the compounds inside its phrases.
The model only starts there; ``TopicModel.guided_kept`` says whether each topic still holds
one of its anchors after fitting (on the three seed plans, the small forests theme keeps one
in its top 10 in 17 of 24 starts over seeds 0-7 and k 5-7; climate change in 24 of 24).
"""

from __future__ import annotations

import numpy as np


def guided_start(matrix, k: int, guided: list[str], codebook, seed: int):
    """NMF start: each guided topic holds the words of its theme's phrases, and its passages are
    the ones that use them; the other topics start at random, as unguided NMF does.

    Starting only the topic-word side on the theme (and deriving every passage's weights from
    it) let coordinate descent carry a guided topic away in three of four random starts on the
    seed plans: the passages' side must start on the theme too."""
    rng = np.random.default_rng(seed)
    x = matrix.tfidf
    scale = np.sqrt(x.mean() / k)
    h = rng.uniform(0, scale, size=(k, len(matrix.features)))
    w = rng.uniform(0, scale, size=(x.shape[0], k))
    syllables = [tuple(f.replace("_", " ").split(" ")) for f in matrix.features]
    anchor_words = []
    for row, theme in enumerate(guided):
        phrases = [" ".join(key) for key in codebook.phrases.loc[codebook.phrases["theme"] == theme, "key"]]
        # A compound inside a phrase ("khí_hậu" in "biến đổi khí hậu") or a phrase that is one
        # syllable ("rừng"); lone syllables of longer phrases ("phát") are too vague.
        whole = [j for j, feature in enumerate(syllables) if " ".join(feature) in phrases]
        parts = [j for j, feature in enumerate(syllables) if j not in whole and len(feature) > 1
                 and any(f" {' '.join(feature)} " in f" {p} " for p in phrases)]
        h[row] = 0.01 * scale
        # A whole phrase says the theme; a compound inside one ("phát_triển" in "phát triển rừng")
        # may be any theme's word, so it weighs less and never chooses the topic's passages.
        h[row, parts] = scale
        h[row, whole] = 3 * scale
        anchors = whole or parts
        anchor_words.append(tuple(matrix.features[j] for j in anchors))
        if anchors:
            mass = np.asarray(x[:, anchors].sum(axis=1)).ravel()
            w[:, row] = mass / max(mass.max(), 1e-12) * 3 * scale
    return np.maximum(w, 1e-6), h, tuple(anchor_words)
