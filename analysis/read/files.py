"""Reading the files: each file's bytes to a ``ReadFile`` (decoded, normalised, segmented, tokenised,
described), in parallel, from the per-file cache (``plan_cache``) where the same bytes were read before.
``corpus.build_corpus`` makes the corpus of what these return."""

from __future__ import annotations

import hashlib
import time
from functools import partial
from itertools import islice
from pathlib import Path, PurePosixPath

from analysis import config, parallel
from analysis.read import ingest, partitions, plan_cache
from analysis.read.archives import PlanFile
from analysis.read.citations import reference_spans
from analysis.read.formats import SkipFile
from analysis.read.metadata import detect_metadata, official_signals
from analysis.read.normalize import normalize_text
from analysis.read.plan_cache import ReadFile
from analysis.read.segment import segment_text
from analysis.read.tokenize import segment_tokens


def read_file(job: tuple[str, bytes | None, str | None, Path | None]) -> ReadFile:
    """Decode, normalise, segment, tokenise and describe one file (what the cache stores).

    ``job`` is (file name, the file's bytes, forced encoding or None, the cache folder where
    OCR keeps scanned pages' text, or None). Runs in worker
    processes, perhaps on machines that cannot see the corpus folder: it gets the bytes, never
    a path to open, and returns only picklable values. Bytes None: the file at that path is
    opened here (the main process does so for files too large to hold or unreadable).
    """
    name, data, encoding, cache_dir = job
    clock = time.perf_counter()
    decoded = ingest.read_plan(name, encoding=encoding, data=data, cache_dir=cache_dir)
    entry = ReadFile(format=decoded.format, encoding=decoded.encoding, reason=decoded.reason, sha256=decoded.sha256,
                     quality=decoded.quality)

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        entry.timings[step] = now - clock
        clock = now

    lap("read")
    if not decoded.ok:
        return entry
    entry.text = normalize_text(decoded.text)
    entry.references = [list(span) for span in reference_spans(entry.text)]
    lap("normalise")
    segments = segment_text("", entry.text)
    entry.detected = detect_metadata(segments)
    entry.signals = official_signals(entry.detected, segments)
    lap("segment")
    segments["tokens"] = segment_tokens(list(segments["text"]))
    entry.segments = segments.drop(columns="doc_id")
    lap("tokenise")
    return entry


def _file_bytes(source: PlanFile) -> bytes | None:
    """The file's bytes; None when it is too large to hold (never read into memory) or cannot be read.
    A member of an archive: its bytes, or ``SkipFile`` when the archive cannot give them."""
    if source.member:
        return source.read_member()
    try:
        if source.path.stat().st_size > config.MAX_FILE_BYTES:
            return None
        return source.path.read_bytes()
    except OSError:
        return None


def read_files(jobs: list[tuple[PlanFile, str | None]], cache_dir: Path, bar=None, then=None,
               described: list[tuple] | None = None, kept: dict[str, ReadFile] | None = None) -> list[ReadFile]:
    """``read_file`` for each (file, forced encoding), from the cache in ``cache_dir`` where the
    same bytes were read before; the others in parallel (``analysis.parallel``), sent as
    (name, bytes, encoding): a member of a zip archive is unpacked here, in memory, never on disk.
    Only files read successfully are cached: a skip may depend on this machine and is retried.
    On a dask cluster the workers store what they read and return summaries (``read.partitions``).
    ``then``: what the workers run in place of ``read_file``, given a batch of jobs, each with the fields
    of ``described`` after it (``corpus.read_and_measure``: each file's doc_id, path and plans.csv row);
    not on a cluster. ``kept``: {key: entry} of the corpus folder's last reading (``kept_reading``), looked in
    first. Each entry read or found carries its cache key (``ReadFile.key``)."""
    small = parallel.on_cluster()
    entries: list[ReadFile | None] = [None] * len(jobs)
    keys: dict[int, str] = {}
    digests: dict[int, str] = {}
    for index, (source, encoding) in enumerate(jobs):
        entries[index] = _unread(source)
        if entries[index] is None:
            try:
                data = _file_bytes(source)
            except SkipFile as skip:
                data, entries[index] = None, ReadFile(format=_format(source), reason=str(skip))
            if data is None and entries[index] is None:  # refused or unreadable: the reader says why, here
                entries[index] = read_file((str(source.path), None, encoding, cache_dir))
            elif data is not None:
                digests[index] = hashlib.sha256(data).hexdigest()
                keys[index] = plan_cache.cache_key(digests[index], encoding)
                entries[index] = (kept or {}).get(keys[index]) or plan_cache.load(cache_dir, keys[index])
                if entries[index] is not None:
                    entries[index].key = keys[index]
                if small and entries[index] is not None:  # only its summary is kept from here on
                    entries[index] = partitions.summarise(entries[index], plan_cache.entry_path(cache_dir, keys[index]))
        if entries[index] is not None and bar is not None:
            bar.update(1)
    work = [index for index, entry in enumerate(entries) if entry is None]
    # The bytes are read again as workers take them, not held for every file at once (a national
    # corpus is gigabytes); a file changed in between is read but not cached under the old key.
    sent = ((jobs[i][0].name, _bytes_again(jobs[i][0]), jobs[i][1], cache_dir) for i in work)
    worker = partial(partitions.read_and_keep, read_file) if small else read_file
    read = parallel.map_items(worker, sent, progress=bar, count=len(work)) if then is None or small else \
        _read_in_batches(then, ((*job, *described[i]) for i, job in zip(work, sent)), len(work), bar)
    for index, entry in zip(work, read):
        entries[index] = entry
        if not small and entry.ok and entry.sha256 == digests[index]:
            plan_cache.save(cache_dir, keys[index], entry)
            entry.key = keys[index]
    # Read here (refused, unreadable, from an archive that cannot be used): summarised like the rest.
    return [partitions.summarise(e, None) if small and isinstance(e, ReadFile) else e for e in entries]


def _read_in_batches(then, jobs, count: int, bar) -> list[ReadFile]:
    """``then`` (``corpus.read_and_measure``) on batches of jobs, the files' entries in the jobs' order. In
    batches: measuring plans one at a time cost twice the time of measuring them together (pandas' cost per
    call on a small table), while ``config.READ_BATCH_FILES`` files hold only a few megabytes of bytes."""
    # At least 4 batches per worker; files too few to send to workers are read, then measured, all together here.
    size = max(1, count) if count < config.PARALLEL_MIN_ITEMS else \
        max(1, min(config.READ_BATCH_FILES, -(-count // (4 * parallel.n_workers()))))
    batches = (list(islice(jobs, size)) for _ in range(-(-count // size)))
    sizes = [min(size, count - start) for start in range(0, count, size)]
    progress = _BatchProgress(bar, sizes) if bar is not None else None
    return [entry for batch in parallel.map_items(then, batches, progress=progress, count=len(sizes)) for entry in batch]


class _BatchProgress:
    """A progress bar advanced by a batch's files each time a batch is done (results come in order)."""

    def __init__(self, bar, sizes: list[int]):
        self.bar, self.sizes = bar, iter(sizes)

    def update(self, _done: int = 1) -> None:
        self.bar.update(next(self.sizes, 0))


def _format(source: PlanFile) -> str:
    return PurePosixPath(source.name).suffix.lower().lstrip(".")


def _unread(source: PlanFile) -> ReadFile | None:
    """The record of a file skipped before reading (an archive that cannot be used, or a member
    that cannot be read: ``PlanFile.reason``); None for a file to read. An archive's hash is its own."""
    if not source.reason:
        return None
    digest = ""
    if not source.member:
        try:
            with open(source.path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            pass
    return ReadFile(format=_format(source), reason=source.reason, sha256=digest)


def _bytes_again(source: PlanFile) -> bytes:
    try:
        return _file_bytes(source) or b""
    except SkipFile:
        return b""


