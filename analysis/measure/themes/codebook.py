"""Load and validate the theme codebook (``corpus/themes.yml``), edited by researchers.

``load_codebook(path)`` returns a ``Codebook``: its themes in file order and a flat
table of phrase entries (``codebook.phrases``, one row per phrase):

=========  ==============================================================
theme      theme id (``wastewater``)
phrase     the phrase as written in the codebook ("hệ thống xử lý nước thải")
key        its folded syllables as a tuple (what the matcher compares)
requires   context phrases of which one must occur within ``window`` syllables
           before or after a match (empty: no condition)
excludes   context phrases whose presence within ``window`` syllables cancels a match
window     syllables of context the rules look at (default ``config.CODEBOOK_RULE_WINDOW``)
=========  ==============================================================

A YAML mistake, an unknown key, a theme without phrases, or a phrase listed in two
themes where neither entry has a context rule is a ``CodebookError`` with one sentence
saying where and what to change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.errors import UserError
from analysis.read.normalize import fold
from analysis.resources import matching_names, suggestion

_TOP_KEYS = {"version", "description", "themes"}
_THEME_KEYS = {"id", "label_en", "label_vi", "description", "featured", "coastal", "phrases"}
_PHRASE_KEYS = {"phrase", "requires", "excludes", "window", "note"}
_WORD = re.compile(r"[^\W_]+")


class CodebookError(UserError):
    """The codebook cannot be used; the message names the file and what to change."""


@dataclass(frozen=True)
class Theme:
    id: str
    label_en: str
    label_vi: str
    description: str = ""
    featured: bool = False
    coastal: bool = False  # about the sea coast: a hit in an inland province is flagged for review

    def label(self, lang: str = "en") -> str:
        return self.label_vi if lang == "vi" else self.label_en


@dataclass
class Codebook:
    path: Path
    themes: list[Theme]
    phrases: pd.DataFrame
    sha256: str

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    @property
    def featured(self) -> list[str]:
        """Ids of the themes marked ``featured: true``: those the briefing and figures follow closely."""
        return [t.id for t in self.themes if t.featured]

    def theme_ids_named(self, names: list[str], option: str) -> list[str]:
        """The theme ids that ``names`` (given with ``option``, e.g. "--guided") name: ids or labels, case and
        tone marks optional (``resources.matching_names``); a UserError with a suggestion for one that names none."""
        choices = {name: t.id for t in self.themes for name in (t.id, t.label_en, t.label_vi)}
        ids = []
        for name in names:
            found = matching_names(name, choices)
            if not found:
                raise UserError(f"{option} names no theme '{name}'; use ids from {self.path}."
                                + suggestion(name, self.theme_ids))
            ids.append(choices[found[0]])
        return ids

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def labels(self, lang: str = "en") -> dict[str, str]:
        """Theme id -> label in ``lang``."""
        return {t.id: t.label(lang) for t in self.themes}


def syllables(text: str) -> tuple[str, ...]:
    """Folded syllables of a phrase: the unit codebook phrases are matched by."""
    return tuple(_WORD.findall(fold(text)))


def _phrase_list(value, where: str, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and syllables(v) for v in value):
        raise CodebookError(f"{path}: {where} must be a list of words or phrases")
    return value


def _parse_phrase(entry, theme_id: str, path: Path) -> dict:
    where = f"theme '{theme_id}'"
    if isinstance(entry, str):
        entry = {"phrase": entry}
    if not isinstance(entry, dict):
        raise CodebookError(f"{path}: {where} has a phrase that is neither text nor 'phrase: ...'; write it as text")
    unknown = set(entry) - _PHRASE_KEYS
    if unknown:
        raise CodebookError(f"{path}: {where} phrase '{entry.get('phrase', '?')}' has unknown key(s) "
                            f"{', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(_PHRASE_KEYS))}")
    phrase = entry.get("phrase")
    if not isinstance(phrase, str) or not syllables(phrase):
        raise CodebookError(f"{path}: {where} has an empty phrase; remove it or write the words")
    window = entry.get("window", config.CODEBOOK_RULE_WINDOW)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 30:
        raise CodebookError(f"{path}: {where} phrase '{phrase}' has window {window!r}; use a whole number from 1 to 30")
    return {
        "theme": theme_id,
        "phrase": phrase.strip(),
        "key": syllables(phrase),
        "requires": tuple(syllables(p) for p in _phrase_list(entry.get("requires"), f"{where} '{phrase}' requires", path)),
        "excludes": tuple(syllables(p) for p in _phrase_list(entry.get("excludes"), f"{where} '{phrase}' excludes", path)),
        "window": window,
    }


def codebook_path(corpus_dir: Path | str | None = None, path: Path | str | None = None) -> Path:
    """Which codebook a run uses: ``path`` if given, else the corpus folder's own ``themes.yml``
    (a researcher's edits travel with their corpus), else the shipped ``corpus/themes.yml``."""
    if path:
        return Path(path)
    if corpus_dir:
        for name in (config.CODEBOOK_NAME, "themes.yaml"):
            if (Path(corpus_dir) / name).exists():
                return Path(corpus_dir) / name
    return config.CODEBOOK_PATH


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read and validate a codebook; see the module docstring."""
    path = Path(path) if path else config.CODEBOOK_PATH
    try:
        raw_bytes = path.read_bytes()
    except OSError:
        raise CodebookError(f"the codebook {path} could not be read; check the path (default: {config.CODEBOOK_PATH})") from None
    try:
        data = yaml.safe_load(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError:
        raise CodebookError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark else ""
        raise CodebookError(f"{path} is not valid YAML{line}; check the indentation and quotes there") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise CodebookError(f"{path} has no 'themes:' list; start from the shipped corpus/themes.yml")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise CodebookError(f"{path} has unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}; "
                            f"allowed: {', '.join(sorted(_TOP_KEYS))}")
    themes, rows, seen_ids = [], [], set()
    for number, theme in enumerate(data["themes"], start=1):
        if not isinstance(theme, dict) or not isinstance(theme.get("id"), str) or not theme["id"].strip():
            raise CodebookError(f"{path}: theme number {number} has no 'id'; give each theme a short id such as wastewater")
        theme_id = theme["id"].strip()
        unknown = set(theme) - _THEME_KEYS
        if unknown:
            raise CodebookError(f"{path}: theme '{theme_id}' has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                                f"allowed: {', '.join(sorted(_THEME_KEYS))}")
        if theme_id in seen_ids:
            raise CodebookError(f"{path}: theme id '{theme_id}' is used twice; give each theme its own id")
        seen_ids.add(theme_id)
        for label in ("label_en", "label_vi"):
            if not isinstance(theme.get(label), str) or not theme[label].strip():
                raise CodebookError(f"{path}: theme '{theme_id}' has no {label}; add one")
        entries = theme.get("phrases") or []
        if not isinstance(entries, list) or not entries:
            raise CodebookError(f"{path}: theme '{theme_id}' has no phrases; add at least one or remove the theme")
        featured, coastal = (_flag(theme, key, theme_id, path) for key in ("featured", "coastal"))
        themes.append(Theme(theme_id, theme["label_en"].strip(), theme["label_vi"].strip(),
                            str(theme.get("description") or "").strip(), featured, coastal))
        rows.extend(_parse_phrase(entry, theme_id, path) for entry in entries)
    phrases = pd.DataFrame(rows)
    _check_shared_phrases(phrases, path)
    phrases = phrases.drop_duplicates(subset=["theme", "key", "requires", "excludes", "window"]).reset_index(drop=True)
    return Codebook(path, themes, phrases, hashlib.sha256(raw_bytes).hexdigest())


def _flag(theme: dict, key: str, theme_id: str, path: Path) -> bool:
    value = theme.get(key, False)
    if not isinstance(value, bool):
        raise CodebookError(f"{path}: theme '{theme_id}' has {key}: {value!r}; write {key}: true or leave it out")
    return value


def _check_shared_phrases(phrases: pd.DataFrame, path: Path) -> None:
    for _, group in phrases.groupby("key"):
        if group["theme"].nunique() < 2:
            continue
        unruled = group[(group["requires"].str.len() == 0) & (group["excludes"].str.len() == 0)]
        if len(unruled):
            themes = ", ".join(sorted(group["theme"].unique()))
            raise CodebookError(
                f"{path}: the phrase '{group['phrase'].iloc[0]}' is in themes {themes} without a context rule; "
                "keep it in one theme or give each entry 'requires:' or 'excludes:' words"
            )


def codebook_table(codebook: Codebook) -> pd.DataFrame:
    """One row per theme: ``theme, label_en, label_vi, featured, n_phrases, phrases`` (rules in brackets)."""
    rows = []
    for theme in codebook.themes:
        entries = codebook.phrases[codebook.phrases["theme"] == theme.id]
        shown = []
        for entry in entries.itertuples(index=False):
            rule = ""
            if entry.requires:
                rule = " [near " + " / ".join(" ".join(p) for p in entry.requires) + "]"
            if entry.excludes:
                rule += " [not near " + " / ".join(" ".join(p) for p in entry.excludes) + "]"
            shown.append(entry.phrase + rule)
        rows.append({"theme": theme.id, "label_en": theme.label_en, "label_vi": theme.label_vi,
                     "featured": theme.featured, "n_phrases": len(entries), "phrases": "; ".join(shown)})
    return pd.DataFrame(rows)
