"""Write a file so that readers only ever see the old or the complete new version.

``replace_into(path, write)`` calls ``write(temporary_path)`` on a temporary file in the
same folder and renames it over ``path`` (atomic on one filesystem); if ``write`` fails,
``path`` is untouched and the temporary file removed. Every output and cache entry of the
project is written this way.
"""

from __future__ import annotations

import os
import tempfile
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
