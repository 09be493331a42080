"""Zip archives of plans (portals ship attachments zipped), read in place: nothing is unpacked.

``plan_files(path, relative)`` lists what a file in the corpus folder contributes to the
corpus: the file itself, or, for a ``.zip``, each member as a ``PlanFile`` named
``archive.zip/inner-name`` (its ``relative``: the ``path`` of corpus.csv and the ``file`` of
plans.csv). An archive that cannot be used (damaged, password-protected, empty, holding no
plan file, or past a limit below) is one ``PlanFile`` with its ``reason``. A member that
cannot be read (password-protected, too large, itself a zip) carries its own ``reason``;
members of unsupported types are read like any file, which reports them as unsupported.

Limits (``config``; an archive past one is skipped whole, unopened): its size and the
total size its members declare (``MAX_ARCHIVE_UNPACKED_BYTES``; zipfile never unpacks a
member past its declared size, so the declared total bounds the work), its number of
members (``MAX_ARCHIVE_MEMBERS``) and how much larger than the archive its members unpack
(``MAX_ARCHIVE_COMPRESSION_RATIO``: zip bombs). Archives inside archives are not opened
(none: one level would double every limit for no plan seen in practice). Member names
such as ``../../etc/passwd`` are only labels (nothing is written), cleaned to a relative
posix path.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis import config
from analysis.read.formats import SkipFile, supported_types, too_large

SUFFIX = ".zip"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
               NotImplementedError, RuntimeError)
_UNPACK = "unpack it into the corpus folder instead"


@dataclass(frozen=True)
class PlanFile:
    """A file that may be a plan: ``path`` on disk (the archive, for a member), ``relative`` its
    name in the corpus, ``member`` its name inside the archive ("" for a file), ``reason`` why
    it is skipped unread ("" when it is to be read), ``size`` of a member unpacked."""

    path: Path
    relative: str
    member: str = ""
    reason: str = ""
    size: int = 0

    @property
    def name(self) -> str:
        """The file's own name (its type and the messages come from it)."""
        return PurePosixPath(self.relative).name

    def read_member(self) -> bytes:
        """A member's bytes; raises ``SkipFile`` when the archive cannot give them."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                return archive.read(self.member)
        except _ZIP_ERRORS as error:
            raise SkipFile(f"could not be unpacked from {self.path.name} ({type(error).__name__}: damaged); "
                           f"download the archive again or {_UNPACK}") from None


def hidden(parts) -> bool:
    """Lock files, hidden files and folders (``.DS_Store``, ``__MACOSX``, ``~$plan.docx``) are no plans."""
    return any(part.startswith((".", "~$", "__MACOSX")) for part in parts)


def plan_files(path: Path, relative: str) -> list[PlanFile]:
    """What the file at ``path`` (``relative`` to the corpus folder) contributes; see the module docstring."""
    if path.suffix.lower() != SUFFIX:
        return [PlanFile(path, relative)]
    try:
        if path.stat().st_size > config.MAX_ARCHIVE_UNPACKED_BYTES:
            return [PlanFile(path, relative, reason=_too_large(path.stat().st_size))]
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
    except _ZIP_ERRORS:
        return [PlanFile(path, relative, reason="is a damaged or incomplete zip archive; download it again or "
                                                 f"{_UNPACK}")]
    members = [(info, _clean_name(info)) for info in infos]
    members = [(info, name) for info, name in members if name and not hidden(name.split("/"))]
    reason = _archive_problem(members)
    if reason:
        return [PlanFile(path, relative, reason=reason)]
    return [PlanFile(path, f"{relative}/{name}", info.filename, _member_problem(info, name, path.name), info.file_size)
            for info, name in members]


def _archive_problem(members: list[tuple[zipfile.ZipInfo, str]]) -> str:
    """Why the whole archive is skipped ("" when its members, (info, clean name), are to be read)."""
    infos = [info for info, _ in members]
    unpacked = sum(info.file_size for info in infos)
    # Ratio per member: one bomb among real plans would hide in the archive's total.
    ratio = max((info.file_size / max(1, info.compress_size) for info in infos if info.file_size > 1_000_000),
                default=0)
    if not infos:
        return "is a zip archive with no files in it; download it again or remove it"
    if len(infos) > config.MAX_ARCHIVE_MEMBERS:
        return (f"is a zip archive of {len(infos):,} files, more than the {config.MAX_ARCHIVE_MEMBERS:,} limit; "
                f"{_UNPACK}")
    if ratio > config.MAX_ARCHIVE_COMPRESSION_RATIO:
        return (f"is a zip archive with a file that unpacks to {ratio:.0f} times its size, which only damaged or "
                f"malicious files do; download it again or remove it")
    if unpacked > config.MAX_ARCHIVE_UNPACKED_BYTES:
        return _too_large(unpacked)
    if all(info.flag_bits & 0x1 for info in infos):
        return f"is a password-protected zip archive; {_UNPACK} with its password"
    suffixes = {PurePosixPath(name).suffix.lower() or "none" for _, name in members}
    if not suffixes & (config.PLAN_SUFFIXES - {SUFFIX}):
        kinds = sorted(suffixes)
        return (f"is a zip archive with no plan file in it (only {', '.join(kinds)}); put the plans in the corpus "
                f"folder as {supported_types(without=frozenset({SUFFIX}))} files")
    return ""


def _member_problem(info: zipfile.ZipInfo, name: str, archive: str) -> str:
    """Why one member is skipped unread ("" when it is to be read)."""
    if info.flag_bits & 0x1:
        return f"is password-protected inside {archive}; {_UNPACK} with its password"
    if PurePosixPath(name).suffix.lower() == SUFFIX:
        return f"is a zip archive inside {archive}, and archives inside archives are not opened; {_UNPACK}"
    if info.file_size > config.MAX_FILE_BYTES:
        return str(too_large(info.file_size))
    return ""


def _too_large(size: int) -> str:
    return (f"is a zip archive of {size // 2**20} MB unpacked, more than the "
            f"{config.MAX_ARCHIVE_UNPACKED_BYTES // 2**20} MB limit; {_UNPACK}")


def _clean_name(info: zipfile.ZipInfo) -> str:
    """The member's name as a relative posix path: backslashes (zips made on Windows) become
    slashes and "..", "." and empty parts go. Names zip tools wrote without the UTF-8 flag are in
    the maker's code page; Vietnamese Windows tools write UTF-8 there more often than cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return "/".join(part for part in name.replace("\\", "/").split("/") if part not in ("", ".", ".."))


def read(data: bytes, encoding: str | None = None):
    """``ingest.READERS``'s reader for a .zip given alone: an archive is many files, not one plan."""
    raise SkipFile("is a zip archive, which holds files rather than a plan; read the corpus folder holding it "
                   "(build_corpus reads each plan inside, named archive.zip/inner-name) or unpack it")
