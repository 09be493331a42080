"""Scans: page images read by OCR (Tesseract's Vietnamese model, through pytesseract).

``read_image(data, encoding=None, cache_dir=None)`` reads a ``.png``, ``.jpg``/``.jpeg`` or
(multi-page) ``.tif``/``.tiff`` and returns a ``Reading`` of format ``image-ocr``, pages joined
by form feeds. ``pdf_page_images(data, indices)`` renders PDF pages for ``formats.pdf`` (mixed
PDFs: only pages without a text layer are OCR'd) and ``ocr_pages(images, count, cache_dir)``
reads any page images; ``ocr_quality(pages)`` gives ``Reading.quality``:

====================  ====================================================================
ocr_pages             pages OCR'd (int)
ocr_confidence        Tesseract's mean word confidence over the OCR'd words (0-100)
non_vietnamese_share  share of the OCR'd words that are not Vietnamese syllables
                      (``ocr_quality.non_vietnamese_share``: not in underthesea's dictionary;
                      a clean plan scores 0.01-0.02, its abbreviations and Roman numerals)
ocr_corrections       syllables the post-correction changed (``ocr_quality.post_correct``)
====================  ====================================================================

Each page is turned to grey (coloured ink dropped, so a red stamp over the signature fades
out instead of breaking the text into noise), straightened (``skew_angle``), smoothed and
OCR'd; ``page_text`` is the one place the text of a page leaves this module. Pages are
OCR'd in threads (each thread waits on a ``tesseract`` process); reading already runs one file
per worker process (``analysis.parallel``), so a worker uses only its share of the cores
(``ocr_workers``). Each page's text is cached by the page image's bytes, the Tesseract version
and model and the settings (``analysis.cache.cache_key``; the code digest covers this module
alone), in ``<cache_dir>/ocr/``: a scan is OCR'd once, even after the rest of the code changes.
Without Tesseract or its ``vie`` model a scan is skipped with ``MISSING`` as the reason.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from analysis import cache, config, resources
from analysis.read.formats import Reading, SkipFile
from analysis.read.ocr_quality import non_vietnamese_share, post_correct

MISSING = ("is a scan without a text layer and Tesseract OCR with its Vietnamese model is not installed; install the "
           "Debian packages tesseract-ocr and tesseract-ocr-vie (apt-get install tesseract-ocr tesseract-ocr-vie) "
           "and run again")
# Tesseract's page segmentation: 3 = find the columns and blocks itself (the header's two columns stay apart).
PAGE_SEGMENTATION = 3
# What changes the text Tesseract returns for the same page image (part of each page's cache key).
LIBRARIES = ("pytesseract", "pillow", "numpy", "pypdfium2")


@dataclass
class OcrPage:
    """One page's OCR: its text, the words Tesseract recognised (with a letter or digit) and the sum
    of their confidences."""

    text: str
    words: int = 0
    confidence_sum: float = 0.0
    corrections: int = 0  # syllables the post-correction changed (read.ocr_correction)


# --- Tesseract --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _engine() -> str:
    """Tesseract's version and a digest of its Vietnamese model, or "" when either is missing."""
    try:
        import pytesseract

        version = str(pytesseract.get_tesseract_version())
        listed = subprocess.run([pytesseract.pytesseract.tesseract_cmd, "--list-langs"], capture_output=True,
                                text=True, timeout=60).stdout
    except (ImportError, OSError, subprocess.SubprocessError, Exception):  # noqa: BLE001 -- TesseractNotFoundError & co
        return ""
    lines = listed.splitlines()
    if config.OCR_LANGUAGE not in {line.strip() for line in lines[1:]}:
        return ""
    # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):'
    folder = lines[0].split('"')[1] if lines and lines[0].count('"') >= 2 else ""
    model = Path(folder) / f"{config.OCR_LANGUAGE}.traineddata"
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16] if model.is_file() else "unknown model"
    return f"tesseract {version}, {config.OCR_LANGUAGE} {digest}"


def ocr_available() -> bool:
    """True when Tesseract and its Vietnamese model are installed."""
    return bool(_engine())


def engine_description() -> str:
    """What OCR'd the pages ("tesseract 5.3.0, vie <model digest>"); raises ``SkipFile`` (MISSING) without it."""
    if not _engine():
        raise SkipFile(MISSING)
    return _engine()


def ocr_workers() -> int:
    """Threads OCR'ing pages at once. In a worker process of ``analysis.parallel`` (loky), joblib
    gives each worker its share of the cores in OMP_NUM_THREADS (cores // workers, joblib's guard
    against oversubscription): pages use that share, so files x pages never exceed the cores.
    In the main process (a corpus too small to start workers), OCR_JOBS (-1: every core)."""
    cores = os.cpu_count() or 1
    wanted = cores if config.OCR_JOBS in (None, -1) else max(1, config.OCR_JOBS)
    share = os.environ.get("OMP_NUM_THREADS", "")
    return max(1, min(wanted, int(share))) if share.isdigit() else wanted


# --- page images --------------------------------------------------------------------------------


def skew_angle(grey) -> float:
    """Degrees to rotate ``grey`` (a Pillow "L" image) by so that its lines of text are level.

    Projection profile: rotated by the right angle, text lines make the rows' ink sums jump
    between full (a line) and empty (the gap), so the squared differences of adjacent row sums
    peak. Searched on a small copy, coarse then fine, within OCR_DESKEW_MAX_DEGREES. Hand-written
    (30 lines of numpy) rather than pulling in scikit-image or OpenCV for a Hough transform;
    Tesseract's own OSD only finds quarter turns."""
    import numpy as np
    from PIL import Image

    factor = max(1, grey.width // 700)
    small = grey.reduce(factor) if factor > 1 else grey
    ink = small.point(lambda value: 255 if value < 160 else 0)  # ink bright on black: rotation fills black

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR), dtype=np.float64).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    limit, step = config.OCR_DESKEW_MAX_DEGREES, config.OCR_DESKEW_PRECISION
    coarse = np.arange(-limit, limit + 1e-9, 0.5)
    best = float(max(coarse, key=sharpness))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, step)
    best = float(max(fine, key=sharpness))
    return round(best, 2)


def _drop_colour(image):
    """Grey page with coloured ink turned to paper: a red stamp over the signer's title and a blue
    signature become white, while black text (grey: its channels equal) stays, even under the stamp."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    grey = np.asarray(image.convert("L")).copy()
    grey[rgb.max(axis=2) - rgb.min(axis=2) > config.OCR_INK_MAX_CHROMA] = 255
    return Image.fromarray(grey)


def prepare(image):
    """The page as Tesseract reads it best: grey without coloured ink (``_drop_colour``), at OCR_DPI
    when its resolution is known to be lower, smoothed and level."""
    from PIL import Image, ImageFilter

    grey = image.convert("L") if image.mode in ("1", "L", "I", "I;16", "F") else _drop_colour(image)
    dpi = image.info.get("dpi", (0, 0))[0] or 0
    if 0 < dpi < config.OCR_DPI * 0.9:  # a 200 dpi scan: Tesseract reads small letters better enlarged
        factor = config.OCR_DPI / dpi
        grey = grey.resize((round(grey.width * factor), round(grey.height * factor)), Image.Resampling.BICUBIC)
    angle = skew_angle(grey)
    if abs(angle) >= config.OCR_DESKEW_PRECISION:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    # A 3-pixel median smooths JPEG and toner noise: +0.01 to +0.02 character accuracy on the colour and
    # 200 dpi fixtures, -0.002 on the clean 300 dpi ones (tests/read/test_scan.py).
    return grey.filter(ImageFilter.MedianFilter(3))


def image_digest(image) -> str:
    """SHA-256 of a page image's pixels, size and mode: the same page gives the same digest whatever file holds it."""
    digest = hashlib.sha256(f"{image.mode} {image.size} {image.info.get('dpi', '')}".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


# --- OCR ----------------------------------------------------------------------------------------


def _settings() -> dict:
    return {"engine": engine_description(), "language": config.OCR_LANGUAGE, "dpi": config.OCR_DPI,
            "deskew": [config.OCR_DESKEW_MAX_DEGREES, config.OCR_DESKEW_PRECISION],
            "ink_chroma": config.OCR_INK_MAX_CHROMA, "psm": PAGE_SEGMENTATION}


def _tesseract(image) -> dict[str, list]:
    """One page through Tesseract: its words, with their place on the page and confidence (``_COLUMNS``)."""
    import pytesseract

    options = f"--psm {PAGE_SEGMENTATION} --dpi {config.OCR_DPI}"
    try:
        data = pytesseract.image_to_data(image, lang=config.OCR_LANGUAGE, config=options,
                                         output_type=pytesseract.Output.DICT, timeout=config.OCR_PAGE_TIMEOUT_SECONDS)
    except RuntimeError:  # pytesseract's timeout
        raise SkipFile(f"has a page that OCR did not finish in {config.OCR_PAGE_TIMEOUT_SECONDS} s; split the scan "
                       "or scan it again at 300 dpi") from None
    return {column: data[column] for column in _COLUMNS}


# The columns of Tesseract's words that the text is laid out from (what the cache keeps of a page).
_COLUMNS = ("level", "block_num", "par_num", "line_num", "left", "width", "height", "conf", "text")


def _lay_out(data: dict[str, list]) -> OcrPage:
    """Text from Tesseract's words (``image_to_data``'s columns): a line per Tesseract line, a blank
    line between blocks, a tab where a line jumps a column gap (the two-column header: normalisation
    makes it the " | " cell separator the header rules read). A mark with no letter or digit read
    with low confidence is a speck of dust, not a dash or a bullet, and is left out."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if data["level"][index] != 5 or not word.strip():
            continue
        confidence = float(data["conf"][index])
        if not any(c.isalnum() for c in word) and confidence < config.OCR_MIN_MARK_CONFIDENCE:
            continue
        lines.setdefault((data["block_num"][index], data["par_num"][index], data["line_num"][index]), []).append(index)
    text, words, confidence_sum, previous_block = [], 0, 0.0, None
    for (block, _, _), indices in lines.items():  # dicts keep Tesseract's reading order
        if previous_block is not None and block != previous_block:
            text.append("")
        previous_block = block
        height = max(data["height"][i] for i in indices)
        line = data["text"][indices[0]].strip()
        for before, index in zip(indices, indices[1:]):
            gap = data["left"][index] - data["left"][before] - data["width"][before]
            line += ("\t" if gap > config.OCR_COLUMN_GAP_LINES * height else " ") + data["text"][index].strip()
        text.append(line)
        for index in indices:
            if float(data["conf"][index]) >= 0 and any(c.isalnum() for c in data["text"][index]):
                words += 1
                confidence_sum += float(data["conf"][index])
    return OcrPage("\n".join(text), words, confidence_sum)


def page_text(page: OcrPage) -> OcrPage:
    """The one place the OCR'd text of a page leaves this module (cached or fresh): Unicode NFC, then
    Tesseract's systematic errors corrected (``ocr_quality.post_correct``), so quality and text agree.
    The cache keeps Tesseract's own words: a better corrector never needs a second OCR."""
    text, extra = post_correct(unicodedata.normalize("NFC", page.text))
    return OcrPage(text, page.words, page.confidence_sum, extra["ocr_corrections"])


def ocr_page(image, cache_dir: Path | None = None) -> OcrPage:
    """One page image's text. Tesseract's words are kept in ``cache_dir`` (when given) under the
    page's key and laid out again from there: the same page is never OCR'd twice."""
    path = None
    if cache_dir is not None:
        key = cache.cache_key("ocr", image_digest(image), LIBRARIES, _settings(), code=("read/formats/scan.py",))
        path = cache.entry_path(cache_dir, "ocr", key, ".json")
        words = cache.load_json(path)
        if isinstance(words, dict) and set(_COLUMNS) <= set(words):
            return page_text(_lay_out(words))
    words = _tesseract(prepare(image))
    if path is not None:
        cache.save_json(path, words)
    return page_text(_lay_out(words))


def ocr_pages(images: Iterable, count: int, cache_dir: Path | None = None) -> list[OcrPage]:
    """The text of each page image (``images`` may be a generator of ``count`` pages: pages are
    drawn a few at a time, so a 300-page scan never sits in memory whole); a bar per page on a
    terminal."""
    from joblib import Parallel, delayed
    from tqdm import tqdm

    engine_description()  # a missing Tesseract is said once, before any page is rendered
    workers = ocr_workers()
    results: list[OcrPage] = []
    pages = iter(images)
    with tqdm(total=count, desc=resources.text("progress.ocr"), unit="page", file=sys.stderr, leave=False,
              disable=None if count > 1 else True) as bar, \
            Parallel(n_jobs=workers, prefer="threads", return_as="generator") as parallel:
        # Chunks: images are made in this thread (PDFium is not thread-safe) and only a few held at once.
        while chunk := list(islice(pages, 2 * workers)):
            for page in parallel(delayed(ocr_page)(image, cache_dir) for image in chunk):
                results.append(page)
                bar.update(1)
    return results


def ocr_quality(pages: list[OcrPage]) -> dict:
    """``Reading.quality`` of OCR'd pages (see the module docstring)."""
    words = sum(page.words for page in pages)
    text = "\n".join(page.text for page in pages)
    return {"ocr_pages": len(pages),
            "ocr_confidence": round(sum(page.confidence_sum for page in pages) / words, 1) if words else 0.0,
            "non_vietnamese_share": round(non_vietnamese_share(text), 3),
            "ocr_corrections": sum(page.corrections for page in pages)}


# --- files --------------------------------------------------------------------------------------


def _open_image(data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        # Pillow warns about defects it works around (corrupt EXIF data); the skip reason, or the
        # OCR quality, says what matters to the researcher.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise SkipFile("is not an image that can be read (damaged, or another type under an image name); "
                       "scan or export it again as PNG, JPEG or TIFF") from None
    pixels = image.width * image.height
    if pixels > config.MAX_IMAGE_PIXELS:
        raise SkipFile(f"has pages of {pixels // 1_000_000} million pixels, more than the "
                       f"{config.MAX_IMAGE_PIXELS // 1_000_000} million limit; scan it again at 300 dpi")
    count = getattr(image, "n_frames", 1)
    if count > config.MAX_OCR_PAGES:
        raise SkipFile(f"has {count} pages, more than the {config.MAX_OCR_PAGES}-page limit for one scan; "
                       "split it into the plans it contains")
    return image, count


def _frames(image) -> Iterator:
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frame = image.copy()  # decodes the frame; a damaged one raises here, in the reading thread
        if frame.width * frame.height > config.MAX_IMAGE_PIXELS:
            raise SkipFile(f"has a page larger than the {config.MAX_IMAGE_PIXELS // 1_000_000} million pixel limit; "
                           "scan it again at 300 dpi")
        yield frame


def read_image(data: bytes, encoding: str | None = None, cache_dir: Path | None = None) -> Reading:
    """A scanned page or pages (PNG, JPEG, multi-page TIFF) read by OCR."""
    from PIL import Image

    image, count = _open_image(data)
    engine = engine_description()
    try:
        pages = ocr_pages(_frames(image), count, cache_dir)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise SkipFile("is a damaged or truncated image; scan or export it again as PNG, JPEG or TIFF") from None
    if not any(page.words for page in pages):
        raise SkipFile(f"is {'a scan' if count == 1 else f'a {count}-page scan'} in which OCR found no text "
                       "(a blank page or a photograph); check that it is the plan's scan")
    return Reading("\f".join(page.text for page in pages), f"OCR ({engine})", "image-ocr", ocr_quality(pages))


def pdf_page_images(data: bytes, indices: list[int]) -> Iterator:
    """The pages ``indices`` of a PDF (its bytes) rendered at OCR_DPI with PDFium (pypdfium2), one at a time."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for index in indices:
            page = document[index]
            image = page.render(scale=config.OCR_DPI / 72).to_pil()
            page.close()
            image.info["dpi"] = (config.OCR_DPI, config.OCR_DPI)
            yield image
    finally:
        document.close()
