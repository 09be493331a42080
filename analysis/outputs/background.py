"""Outputs written by a second process while this one draws the figures (issue 28).

``start(jobs)`` forks one process that calls each job in turn (a function of no arguments that
writes files and returns their paths) and returns at once; ``Background.finish()`` waits for it
and returns the paths the jobs wrote, in the jobs' order. Forked, the process shares the run's
analysis as it is (nothing is pickled or copied until written), so a job is any closure over it.

The workbook and the briefings in the languages other than the run's own (whose figures are drawn
again in that language) need nothing the figures write, and at 300 plans they took a third of the
time of adding one plan to a run; the two cores are otherwise idle while this process draws.

Nothing depends on which process wrote a file: the jobs are the functions a run calls either way.
When the second process cannot be used (``config.WRITE_IN_BACKGROUND`` is False, the system cannot
fork) or does not succeed (an error, a crash, killed, past ``config.BACKGROUND_TIMEOUT_SECONDS``),
``finish`` runs every job here, so an error reads exactly as it would without a second process.
"""

from __future__ import annotations

import multiprocessing
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from analysis import config

Job = Callable[[], list[Path]]


def _child(jobs: list[Job], connection, lighten: Callable[[], None] | None = None) -> None:
    try:
        if lighten is not None:
            lighten()
        written = [str(path) for job in jobs for path in job()]
    except BaseException:  # noqa: BLE001 -- the parent writes again and raises the error in its own words
        connection.send(("failed", traceback.format_exc()))
        raise SystemExit(1)
    connection.send(("done", written))


@dataclass
class Background:
    jobs: list[Job]
    process: multiprocessing.Process | None = None
    connection: object = None
    failure: str = field(default="", repr=False)  # the child's traceback, when it failed (for debugging)

    def finish(self) -> list[Path]:
        """The paths the jobs wrote, in order; waits for the second process, or runs the jobs here."""
        outcome = self._wait() if self.process is not None else None
        if outcome is not None and outcome[0] == "done":
            return [Path(path) for path in outcome[1]]
        if outcome is not None:
            self.failure = outcome[1]
        return [path for job in self.jobs for path in job()]

    def _wait(self):
        outcome = None
        try:
            if self.connection.poll(config.BACKGROUND_TIMEOUT_SECONDS):
                outcome = self.connection.recv()
        except (EOFError, OSError):  # the process died without a word (killed, out of memory)
            outcome = None
        finally:
            self.process.join(timeout=5 if outcome is not None else 0)
            if self.process.is_alive():  # past the timeout: ours to stop
                self.process.kill()
                self.process.join()
            self.connection.close()
        if outcome is not None and outcome[0] == "done" and self.process.exitcode != 0:
            return None
        return outcome


def start(jobs: list[Job], lighten: Callable[[], None] | None = None) -> Background:
    """Run ``jobs`` in a forked process (see the module docstring); ``finish()`` collects them.

    ``lighten``, called in the forked process only, before the jobs: lets go of what the jobs never
    read. The process starts holding, resident, all that this one holds; what it lets go of is
    memory its jobs then allocate again instead of adding to the run's peak (issue 28)."""
    if not config.WRITE_IN_BACKGROUND or "fork" not in multiprocessing.get_all_start_methods() or not jobs:
        return Background(jobs)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(jobs, sending, lighten), daemon=True)
    try:
        process.start()
    except (AssertionError, OSError):  # a daemonic process may have no children; no memory to fork: write here
        sending.close(), receiving.close()
        return Background(jobs)
    sending.close()  # the parent's copy: a child that dies then reads as end-of-file
    return Background(jobs, process, receiving)
