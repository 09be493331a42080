"""Reading and measuring in batches (read.files._read_in_batches): every job once, in order, batches no
larger than config.READ_BATCH_FILES, and the progress bar advanced by each batch's files."""

from __future__ import annotations

from analysis import config, parallel
from analysis.read.files import _read_in_batches


class Bar:
    def __init__(self):
        self.n = 0

    def update(self, n=1):
        self.n += n


def test_batches_keep_every_job_once_in_order_and_advance_the_bar_by_files():
    batches, bar = [], Bar()

    def then(batch):
        batches.append(list(batch))
        return [f"read {job}" for job in batch]
    with parallel.backend("serial"):
        read = _read_in_batches(then, iter(range(203)), 203, bar)
    assert read == [f"read {job}" for job in range(203)]
    assert max(map(len, batches)) <= config.READ_BATCH_FILES and len(batches) >= 4 * parallel.n_workers()
    assert bar.n == 203


def test_files_too_few_for_workers_are_measured_together():
    batches = []
    with parallel.backend("serial"):
        _read_in_batches(lambda batch: batches.append(batch) or batch, iter(range(3)), 3, None)
    assert batches == [[0, 1, 2]]


def test_nothing_to_read_is_no_batch():
    """Every file read before (all from the cache): nothing is sent."""
    assert _read_in_batches(lambda batch: batch, iter(()), 0, Bar()) == []


def test_each_plans_references_are_found_once_when_it_is_read_and_kept(seed_corpus):
    """The reading workers find each plan's references (citations.reference_spans) and the cache keeps
    them, so theme matching in a notebook does not look for them again (issue 28: theme matching + KWIC)."""
    from analysis.read.citations import reference_spans

    assert set(seed_corpus.references) == set(seed_corpus.texts)
    for doc_id, text in seed_corpus.texts.items():
        spans = reference_spans(text)
        assert spans and seed_corpus.references[doc_id] == ([a for a, _ in spans], [b for _, b in spans])
