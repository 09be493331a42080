"""Every cache of the project keeps one rule: a result is found again only under a key that
holds everything that changes it, and only whole.

``cache_key(kind, content, libraries, settings, code=())`` -- the hex SHA-256 of: ``kind``
(which cache), ``content`` (the bytes or text the result is computed from, or their hash),
this package's version and code (``resources.code_digest(*code)``: the whole package, or
the folders named; ``MEASURES_CODE`` for what the measures compute), the installed version of each of ``libraries`` (distribution names,
e.g. "pypdf", "python-docx") and ``settings`` (JSON-able values such as limits in
``config``). New code, another library version or a changed limit never meets an old entry.

``directory(cache_dir)`` -- the folder an entry point uses: ``cache_dir``, else
``config.CACHE_DIR``. Only entry points (``build_corpus``, ``analyse``, ``topic_tables``,
``run_all``) call it; deeper functions and workers take the folder as an argument.

``entry_path(cache_dir, kind, key, suffix)`` -- ``<cache_dir>/<kind>/<key><suffix>``.
``folder_entry_path(cache_dir, kind, folder, suffix)`` -- the one entry of ``kind`` kept per corpus folder
(what its last run joined: read plans, measured tables); what it holds is used only under each plan's own key.
``load(path, read)`` -- ``read(path)``, or None when the entry is absent or damaged (any
error: a truncated file is rebuilt, never trusted). ``save(path, write)`` -- ``write`` to a
temporary file renamed over ``path`` (``atomic.replace_into``), so a killed run never leaves
half an entry; a cache that cannot be written only costs time.
``load_json`` / ``save_json`` -- the same for a JSON value.
``load_pickled(path, count)`` / ``save_pickled(path, *parts)`` -- the same for values pickled one after
another: pickle is the one format that gives back each column's dtype exactly (nullable integers, objects
holding numbers), and the cache folder is the researcher's own, as trusted as the code beside it; each part
pickled on its own, since one pickling of them all keeps its memo of every part until the end.

Callers cache successes only: a failure may depend on the machine (a missing program, a
file a worker could not see) and must be tried again next run.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, TypeVar

from analysis import __version__, atomic, config
from analysis.resources import code_digest

T = TypeVar("T")

# The package's files every measure is computed by: the layers that read and measure, the base modules and the
# data files (word lists, agencies, labels). tests/test_layout.py keeps read and measure from importing anything
# else, and checks this list against its own: a change to a figure or a page never measures every plan again.
MEASURES_CODE = ("read", "measure", "data", "__init__.py", "config.py", "resources.py", "errors.py", "atomic.py",
                 "parallel.py", "cache.py", "csv_tables.py", "memory.py")


@lru_cache(maxsize=None)
def library_version(name: str) -> str:
    """The installed version of the distribution ``name`` ("absent" when it is not installed)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def cache_key(kind: str, content: bytes | str, libraries: tuple[str, ...] = (), settings: dict | None = None,
              code: tuple[str, ...] = ()) -> str:
    """The key of a cached result; see the module docstring."""
    digest = hashlib.sha256()
    described = {
        "kind": kind,
        "analysis": __version__,
        "code": code_digest(*code),
        "libraries": {name: library_version(name) for name in libraries},
        "settings": settings or {},
    }
    # default=str: ranges, paths and numpy numbers are settings too.
    digest.update(json.dumps(described, sort_keys=True, default=str).encode("utf-8"))
    digest.update(b"\x00")
    digest.update(content if isinstance(content, bytes) else content.encode("utf-8"))
    return digest.hexdigest()


def directory(cache_dir: Path | str | None = None) -> Path:
    """``cache_dir``, else the configured cache folder (for entry points only)."""
    return config.CACHE_DIR if cache_dir is None else Path(cache_dir)


def entry_path(cache_dir: Path | str, kind: str, key: str, suffix: str) -> Path:
    return Path(cache_dir) / kind / f"{key}{suffix}"


def folder_entry_path(cache_dir: Path | str, kind: str, folder: Path | str, suffix: str) -> Path:
    return entry_path(cache_dir, kind, hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest(), suffix)


def load(path: Path, read: Callable[[Path], T]) -> T | None:
    """The entry ``read`` makes of ``path``, or None when it is absent or cannot be trusted."""
    if not Path(path).is_file():
        return None
    try:
        return read(Path(path))
    except Exception:  # noqa: BLE001 -- any damage (truncated, foreign format) means: rebuild
        return None


def save(path: Path, write: Callable[[str], None]) -> None:
    """Write an entry whole or not at all (``write`` gets a temporary file name)."""
    try:
        atomic.replace_into(Path(path), write)
    except Exception:  # noqa: BLE001 -- full disk, read-only folder, unpicklable value: only costs time
        pass


def load_json(path: Path) -> Any | None:
    return load(path, lambda p: json.loads(p.read_text(encoding="utf-8")))


def save_json(path: Path, value: Any) -> None:
    save(path, lambda temporary: Path(temporary).write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8"))


def load_pickled(path: Path, count: int) -> list | None:
    """The first ``count`` values pickled in ``path`` (``save_pickled``), or None as ``load`` says."""
    def read(p: Path) -> list:
        with open(p, "rb") as handle:
            return [pickle.load(handle) for _ in range(count)]
    return load(path, read)


def save_pickled(path: Path, *parts) -> None:
    """``parts`` pickled one after another, whole or not at all (``save``)."""
    def write(temporary: str) -> None:
        with open(temporary, "wb") as handle:
            for part in parts:
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
    save(path, write)
