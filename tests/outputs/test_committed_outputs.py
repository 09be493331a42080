"""The tables committed in figures/ are what the code produces from corpus/ today."""

import pandas as pd

from analysis.config import CORPUS_DIR, FIGURES_DIR


def test_committed_tables_are_current(seed_run):
    fresh = sorted(p.name for p in seed_run.out_dir.glob("*.csv"))
    committed = sorted(p.name for p in FIGURES_DIR.glob("*.csv"))
    assert committed == fresh, "figures/ is out of date: run `make figures` and commit it"
    for name in fresh:
        new = pd.read_csv(seed_run.out_dir / name, keep_default_na=False)
        old = pd.read_csv(FIGURES_DIR / name, keep_default_na=False)
        # Numbers may differ in the last printed digit between machines; nothing more.
        pd.testing.assert_frame_equal(old, new, check_exact=False, rtol=1e-5, obj=name)
    assert seed_run.analysis.corpus.directory == CORPUS_DIR
