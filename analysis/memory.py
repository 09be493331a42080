"""Memory a stage of a run no longer uses, given back to the system: ``release()``.

A run's peak memory is what the benchmark measures (issue 28: at most 1.5 GiB at 1,000 plans,
the resident size of the run's process and of the process it forks to write the workbook). What
a stage frees stays with the process: Python's and the C library's allocators keep freed memory
for their next allocations, and Arrow (the text columns of pandas' tables) keeps its own pool.
Kept memory a later stage allocates from another pool is memory twice, and a process forked to
write while the figures are drawn (``outputs.background``) starts with all of it resident. So a
run calls ``release()`` where a large stage ends: it collects unreachable objects, empties
Arrow's pool of what no table holds and returns the C library's free memory (``malloc_trim``,
glibc only; elsewhere a no-op: nothing it does changes a result).

``one_arena()``: the C library's allocations of every thread from one pool. A second thread (the topic
model's, ``outputs.analyse``) otherwise gets a pool of its own, and what it frees there no other thread
reuses: at 1,000 plans the figures' peak rose from 1.44 to 1.54 GiB (the environment's
``MALLOC_ARENA_MAX=1`` gave 1.47 for the whole run).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from contextlib import contextmanager
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    """glibc (no wrapper for ``malloc_trim`` or ``mallopt`` in the standard library or a kept package), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or None."""
    return getattr(_libc(), "malloc_trim", None)  # another C library (musl) has none


M_ARENA_MAX = -8  # glibc's malloc.h


@lru_cache(maxsize=1)
def one_arena() -> bool:
    """Every thread's allocations from one pool from now on (see the module docstring); False where the C
    library has no ``mallopt`` (nothing changes but memory)."""
    mallopt = getattr(_libc(), "mallopt", None)
    return bool(mallopt(M_ARENA_MAX, 1)) if mallopt is not None else False


def release() -> None:
    """Give back to the system the memory nothing holds any more; see the module docstring."""
    gc.collect()
    try:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    except (ImportError, AttributeError):  # an older pyarrow keeps its pool: only the rest is given back
        pass
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def collector_paused():
    """Python's cycle collector off for a block that makes millions of small objects and no cycles (a tuple
    per word of every plan, the rows of a thousand kept tables): each collection would walk every object
    alive, the corpus's too, and at 300 plans they took as long as the matching itself; at 1,000 plans
    loading the kept per-plan tables took 4.7 s instead of 1.5."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
