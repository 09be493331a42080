"""The commitments extractor on real task sections of provincial plans, directives and regulations
(issue 27; tests/data/commitments/real, scored by tests/measure/real_commitments.py).

Three splits, each drawn by document (``sources.csv``):

- ``dev``: what the rules were refined on. Its numbers are pinned at what was measured (not above), so a
  change that loses ground fails.
- ``heldout-1``: kept out of development for the first round and measured once after it (29 Nov 2026:
  deadlines 1.00 / 0.41, lead 0.83 / 0.53, coordinate 0.42 / 0.25); then, being measured, it became
  development text for the second round, and is pinned like dev.
- ``final``: annotated in the second round by a coder who never read the extractor, and measured once,
  at the end of that round: those first-pass numbers are pinned as a floor, the honest estimate on text
  nobody tuned for.

It runs in every ``make test``.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from real_commitments import measure, report, splits  # noqa: E402

# Precision, recall. Dev after the first round's fixes (first pass: deadlines 0.91 / 0.36, targets
# 0.50 / 1.00, lead 0.59 / 0.23, coordinate 0.58 / 0.24), then the second round's.
DEV = {"deadlines": (1.00, 1.00), "targets": (1.00, 1.00), "lead": (0.96, 0.93), "coordinate": (1.00, 1.00)}
# heldout-1 after the second round (developed on it; its first measurement is in the module docstring).
HELDOUT_1 = {"deadlines": (1.00, 0.94), "targets": (0.50, 1.00), "lead": (1.00, 0.98), "coordinate": (0.95, 1.00)}
PINNED = {"dev": DEV, "heldout-1": HELDOUT_1}


@pytest.mark.parametrize("split", sorted(PINNED))
def test_a_split_holds_its_measured_numbers(split):
    scores = measure(split)
    print("\n" + report(split, scores))
    for name, (precision, recall) in PINNED[split].items():
        assert scores[name].precision >= precision - 0.005 and scores[name].recall >= recall - 0.005, name


def test_every_passage_belongs_to_a_known_split():
    assert set(splits().values()) <= {"dev", "heldout-1", "heldout-2", "final"}
