"""analysis.memory: what a run gives back, and the one pool every thread allocates from."""

import gc
import platform
import sys

import pytest

from analysis import memory


def test_the_collector_is_paused_only_inside_the_block_and_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with memory.collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("inside")
    assert gc.isenabled()


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_one_arena_is_set_on_glibc_and_release_trims():
    assert memory.one_arena() is True
    assert memory.one_arena() is True  # once per process; asking again changes nothing
    assert memory._malloc_trim() is not None
    memory.release()
