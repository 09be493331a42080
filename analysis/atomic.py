"""Write a file so that readers only ever see the old or the complete new version.

``replace_into(path, write)`` calls ``write(temporary_path)`` on a temporary file in the
same folder and renames it over ``path`` (atomic on one filesystem); if ``write`` fails,
``path`` is untouched and the temporary file removed. Every output and cache entry of the
project is written this way.

A whole set of outputs is written into ``staging_folder(out_dir)`` first and moved in when
complete. A run killed before that (kill -9, a power cut) cannot remove its folder, so the
next run does: ``remove_abandoned_staging(out_dir)`` deletes the staging folders whose run is
no longer alive (the folder's name carries the host and process id of the run that made it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Callable


def replace_into(path: Path, write: Callable[[str], None]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def write_bytes(path: Path, content: bytes) -> Path:
    return replace_into(path, lambda temporary: Path(temporary).write_bytes(content))


def write_text(path: Path, content: str) -> Path:
    return replace_into(path, lambda temporary: Path(temporary).write_text(content, encoding="utf-8"))


# A staging folder whose run cannot be checked (made on another host sharing the folder, or by a
# version that did not name its process) is abandoned once it is this old: no run takes a day.
ABANDONED_AFTER_SECONDS = 24 * 3600
_HOST = re.sub(r"[^A-Za-z0-9_.]", "_", socket.gethostname()) or "host"


def staging_folder(beside: Path) -> Path:
    """A new empty folder next to ``beside``, named after it, this host and this process."""
    beside = Path(beside)
    return Path(tempfile.mkdtemp(prefix=f".{beside.name}.staging-{_HOST}-{os.getpid()}-", dir=beside.parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_abandoned_staging(beside: Path) -> list[Path]:
    """Delete the staging folders next to ``beside`` left by runs that were killed; return them."""
    beside = Path(beside)
    removed = []
    if not beside.parent.is_dir():
        return removed
    own = re.compile(rf"\.{re.escape(beside.name)}\.staging-(?P<host>[A-Za-z0-9_.]+)-(?P<pid>\d+)-")
    for folder in beside.parent.glob(f".{beside.name}.staging-*"):
        match = own.match(folder.name)
        if match and match["host"] == _HOST:
            abandoned = not _alive(int(match["pid"]))
        else:
            try:
                abandoned = time.time() - folder.stat().st_mtime > ABANDONED_AFTER_SECONDS
            except OSError:
                continue
        if abandoned and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
