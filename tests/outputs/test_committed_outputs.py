"""The tables committed in figures/ are what the code produces from corpus/ today."""

import pandas as pd

from analysis.config import CORPUS_DIR, FIGURES_DIR
from analysis.outputs import write


def test_committed_tables_are_current(tmp_path, seed_corpus):
    result = write.run_all(out_dir=tmp_path, corpus=seed_corpus)
    fresh = sorted(p.name for p in tmp_path.glob("*.csv"))
    committed = sorted(p.name for p in FIGURES_DIR.glob("*.csv"))
    assert committed == fresh, "figures/ is out of date: run `make figures` and commit it"
    for name in fresh:
        new = pd.read_csv(tmp_path / name, keep_default_na=False)
        old = pd.read_csv(FIGURES_DIR / name, keep_default_na=False)
        # Numbers may differ in the last printed digit between machines; nothing more.
        pd.testing.assert_frame_equal(old, new, check_exact=False, rtol=1e-5, obj=name)
    assert result.analysis.corpus.directory == CORPUS_DIR
