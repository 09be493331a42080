"""``manifest.json``: what a run read and wrote, for provenance.

``write_manifest(analysis, outputs, path, lang)`` records each corpus file (hash, format,
status, reason and, for a file read by OCR, its quality: ``ocr``, with the thresholds that flag it
in ``ocr_thresholds``), the codebook (hash, themes), the parameters and seeds, package
versions, and each output's hash with the corpus files and codebook it came from. No
timestamps, so two runs on the same inputs write the same manifest.
``previous_outputs(path)`` reads back the file names a previous run recorded (so a new
run can remove the ones it no longer writes).
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import __version__, config
from analysis.atomic import write_bytes
from analysis.read.ocr_quality import QUALITY_KEYS

PACKAGES = ["pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "underthesea", "python-docx", "pypdf",
            "pyyaml", "openpyxl", "jinja2"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "analysis": __version__}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def previous_outputs(manifest_path: Path) -> set[str]:
    """File names a previous run recorded in its manifest (empty if none or unreadable)."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        return {Path(o["file"]).name for o in manifest.get("outputs", []) if isinstance(o, dict) and "file" in o}
    except (OSError, ValueError, TypeError, AttributeError):
        return set()


def up_to_date(manifest_path: Path, fingerprint: str) -> bool:
    """True when the manifest's run had the same inputs (``inputs_fingerprint``) and every
    output it recorded is still there unchanged in size: the outputs need not be redrawn."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        if manifest.get("parameters", {}).get("inputs_fingerprint") != fingerprint:
            return False
        folder = Path(manifest_path).parent
        return all((folder / o["file"]).stat().st_size == o["bytes"] for o in manifest["outputs"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def _ocr_quality(row) -> dict:
    """``{"ocr": {...}}``: a file read by OCR's measures (``read.ocr_quality``) and its flag; {} for others."""
    measures = {key: getattr(row, key) for key in QUALITY_KEYS if not pd.isna(getattr(row, key))}
    if not measures:
        return {}
    measures = {key: value.item() if hasattr(value, "item") else value for key, value in measures.items()}
    return {"ocr": {**measures, "ocr_low_quality": bool(row.ocr_low_quality)}}


def write_manifest(analysis, outputs: list[Path], path: Path, lang: str) -> Path:
    documents = analysis.corpus.documents
    corpus_files = [
        {"path": row.path, "doc_id": row.doc_id, "sha256": row.file_sha256, "format": row.format,
         "status": row.status, "reason": row.reason, "duplicate_of": row.duplicate_of, **_ocr_quality(row)}
        for row in documents.itertuples()
    ]
    used = sorted(f["path"] for f in corpus_files if f["status"] == "ok")
    used_sha256 = hashlib.sha256("\n".join(used).encode("utf-8")).hexdigest()
    codebook = {"path": Path(analysis.codebook.path).name, "sha256": analysis.codebook.sha256,
                "themes": analysis.codebook.theme_ids}
    manifest = {
        "corpus_files": corpus_files,
        "used_files": used,
        "codebook": codebook,
        "parameters": {**analysis.parameters, "lang": lang},
        "ocr_thresholds": {"min_confidence": config.OCR_MIN_CONFIDENCE,
                           "max_non_vietnamese_share": config.OCR_MAX_NON_VIETNAMESE_SHARE},
        "omitted": analysis.omitted,
        "versions": versions(),
        # Every output comes from the same plans (``used_files``, by the hash of that list) and
        # codebook; each says so without repeating a thousand file names per output.
        "outputs": [
            {"file": p.name, "sha256": sha256(p), "bytes": p.stat().st_size, "used_files_sha256": used_sha256,
             "codebook_sha256": analysis.codebook.sha256}
            for p in sorted(outputs, key=lambda p: p.name) if p.name != path.name
        ],
    }
    content = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
    return write_bytes(path, content.encode("utf-8"))
