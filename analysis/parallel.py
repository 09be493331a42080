"""Where the parallel steps run: local processes (joblib's loky) or a dask.distributed cluster.

``map_items(function, items)`` applies a picklable ``function`` to every item and returns
the results in order. Segmentation (``read.corpus``) and topic-model fits
(``measure.topics.selection``) go through it, so ``use_backend("dask", address)`` (the CLI's
``--backend dask --scheduler ADDRESS``) moves both to a cluster with no other change.

Few items run in this process: starting worker processes and loading underthesea's
model in each costs about two seconds, more than segmenting a handful of plans.

On a cluster (``on_cluster()``) the client sends at most ``config.DASK_TASKS_PER_THREAD`` tasks
per worker thread ahead and lets go of each result's task as it arrives, so neither the
items (files' bytes) nor the scheduler's records of finished tasks pile up with the number
of items: what the client keeps is the results, and the reading makes those small
(``read.partitions``).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from analysis import config

_settings = {"backend": config.PARALLEL_BACKEND, "scheduler": None, "n_jobs": config.PARALLEL_JOBS,
             "min_items": config.PARALLEL_MIN_ITEMS}


def use_backend(backend: str = config.PARALLEL_BACKEND, scheduler: str | None = None,
                n_jobs: int | None = None, min_items: int | None = None) -> None:
    """Run later parallel steps on ``backend`` ("loky", "dask" or "serial"); ``scheduler`` is a
    dask address; ``min_items`` the fewest items worth sending to workers."""
    if backend not in ("loky", "dask", "serial"):
        raise ValueError("backend must be loky, dask or serial")
    _settings.update(backend=backend, scheduler=scheduler, n_jobs=n_jobs or config.PARALLEL_JOBS,
                     min_items=config.PARALLEL_MIN_ITEMS if min_items is None else min_items)


@contextmanager
def backend(name: str, scheduler: str | None = None, n_jobs: int | None = None, min_items: int | None = None):
    """The same as ``use_backend`` for the duration of a ``with`` block."""
    saved = dict(_settings)
    use_backend(name, scheduler, n_jobs, min_items)
    try:
        yield
    finally:
        _settings.update(saved)


def n_workers() -> int:
    jobs = _settings["n_jobs"]
    return max(1, os.cpu_count() or 1) if jobs in (None, -1) else max(1, jobs)


def on_cluster() -> bool:
    """True when parallel steps run on a dask cluster: workers then write what they make
    to disk and return small records (``read.partitions``)."""
    return _settings["backend"] == "dask"


def _short_logs():
    """dask.distributed keeps, per connection, its last ``low-level-log-length`` messages (1,000 by default)
    for debugging, each task with its arguments: a file's bytes, a plan's row. In this process
    (the client, and a LocalCluster's scheduler) that is memory growing with the first thousand
    tasks; ``config.DASK_LOG_LENGTH`` keeps a few."""
    import dask

    return dask.config.set({"distributed.admin.low-level-log-length": config.DASK_LOG_LENGTH})


@contextmanager
def local_cluster(workers: int = 2):
    """A dask ``LocalCluster`` of ``workers`` processes (one thread each) in this process, which later
    parallel steps use until the block ends (a notebook's way to try the cluster path on one machine)."""
    from distributed import LocalCluster

    with _short_logs(), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster:  # ":0": any free port
        with backend("dask", cluster.scheduler_address):
            yield cluster


def _dask_client(scheduler: str | None):
    try:
        from distributed import Client, get_client
    except ImportError:
        raise RuntimeError("the dask backend needs dask.distributed: pip install 'dask[distributed]'") from None
    if scheduler:  # ours: closed after use, so nothing keeps talking to the cluster
        with _short_logs():
            return Client(scheduler), True
    try:
        return get_client(), False  # one already running in this process (a LocalCluster in a notebook)
    except ValueError:
        raise RuntimeError("the dask backend needs a scheduler address (--scheduler tcp://host:8786)") from None


def map_items(function, items, progress=None, count: int | None = None) -> list:
    """``[function(item) for item in items]``, run in parallel when there are enough items.

    ``progress`` (a tqdm bar or None) is advanced as results arrive. ``items`` may be a
    generator when ``count`` says how many it yields: it is then drawn as workers are free
    (joblib dispatches a few ahead), so items holding a file's bytes are never all in memory.
    """
    if count is None:
        items = list(items)
        count = len(items)
    name = _settings["backend"]
    if name == "serial" or count < _settings["min_items"] or (name == "loky" and n_workers() == 1):
        results = []
        for item in items:
            results.append(function(item))
            if progress is not None:
                progress.update(1)
        return results
    if name == "dask":
        return _map_on_dask(function, items, count, progress)
    # Imported here: joblib is only needed when something runs in parallel.
    from joblib import Parallel, delayed

    runner = Parallel(n_jobs=n_workers(), backend="loky", return_as="generator", batch_size=1)
    results = []
    for result in runner(delayed(function)(item) for item in items):
        results.append(result)
        if progress is not None:
            progress.update(1)
    return results


class _Sealed:
    """An item dask sends as it is. Dask looks inside the lists, dicts and dataclasses it is given
    for collections of its own and rebuilds a dataclass from its fields: it would load, in the
    client, the tables of a corpus whose tables wait on disk (``read.partitions``)."""

    __slots__ = ("item",)

    def __init__(self, item):
        self.item = item


def _call(function, sealed: _Sealed):
    return function(sealed.item)


def _map_on_dask(function, items, count: int, progress) -> list:
    """``map_items`` on the cluster: a window of tasks in flight, results kept in item order.
    Hand-written rather than joblib's dask backend: that one returns nothing until every task is
    done and gives no say over how many items (each a file's bytes) wait on the scheduler."""
    from distributed import as_completed

    client, owned = _dask_client(_settings["scheduler"])
    try:
        window = max(1, config.DASK_TASKS_PER_THREAD * sum(client.nthreads().values()))
        items = iter(items)
        results: list = [None] * count
        where: dict[str, int] = {}
        running = as_completed()

        def submit(index: int) -> None:
            # pure=False: hashing every item (a file's bytes) for a key would cost more than the key saves
            future = client.submit(_call, function, _Sealed(next(items)), pure=False)
            where[future.key] = index
            running.add(future)

        submitted = 0
        while submitted < min(window, count):
            submit(submitted)
            submitted += 1
        for future in running:
            results[where.pop(future.key)] = future.result()
            future.release()  # the scheduler forgets the task: its record does not grow with the items
            if progress is not None:
                progress.update(1)
            if submitted < count:
                submit(submitted)
                submitted += 1
        return results
    finally:
        if owned:
            client.close()
