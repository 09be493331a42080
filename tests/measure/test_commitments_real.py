"""The commitments extractor on real task sections of provincial plans, directives and regulations
(issue 27; tests/data/commitments/real, scored by tests/measure/real_commitments.py).

The dev split is what the rules were refined on: its numbers are pinned at what was measured (not
above), so a change that loses ground fails. The unseen split is kept out of development: its test
only prints its numbers, and runs only when asked (REAL_UNSEEN=1), so nobody refining the rules reads
them by accident; the lead sets its assertions after measuring it once.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from real_commitments import measure, report  # noqa: E402

# Measured on dev after the issue-27 fixes (first pass: deadlines 0.91 / 0.36, targets 0.50 / 1.00,
# lead 0.59 / 0.23, coordinate 0.58 / 0.24). Precision, recall.
DEV = {"deadlines": (1.00, 1.00), "targets": (1.00, 1.00), "lead": (0.96, 0.93), "coordinate": (0.72, 1.00)}


def test_dev_split_holds_its_measured_numbers():
    scores = measure("dev")
    print("\n" + report("dev", scores))
    for name, (precision, recall) in DEV.items():
        assert scores[name].precision >= precision - 0.005 and scores[name].recall >= recall - 0.005, name


@pytest.mark.skipif(os.environ.get("REAL_UNSEEN") != "1",
                    reason="unseen split: measured once by the lead (REAL_UNSEEN=1), not read during development")
def test_unseen_split_runs():
    scores = measure("unseen")
    print("\n" + report("unseen", scores))
    assert set(scores) == {"deadlines", "targets", "lead", "coordinate"}
