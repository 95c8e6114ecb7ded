"""PDF to text through pypdf, one page after another with a form feed between pages.

Page boundaries stay visible ("\\n\\f\\n") so cleaning can find running headers and page numbers.
pypdf logs and warns freely about the many slightly broken PDFs in the wild; that noise is
kept out of the user's terminal, and real failures become ReadError with the reason.
"""

from __future__ import annotations

import io
import logging
import warnings
from contextlib import contextmanager

from stemma.ingest.decode import ReadError, normalise_newlines

PAGE_BREAK = "\n\f\n"


@contextmanager
def _quiet():
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def extract_pdf(raw: bytes) -> str:
    """The text of every page, pages joined with PAGE_BREAK; ReadError when there is none."""
    from pypdf import PdfReader  # imported here: only PDF input pays for it

    if not raw.lstrip()[:5] == b"%PDF-":
        raise ReadError("not a PDF (no %PDF- header)")
    truncated = b"%%EOF" not in raw[-2048:]
    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReadError("encrypted PDF: a password is needed to read it")
            pages = [page.extract_text() or "" for page in reader.pages]
        except ReadError:
            raise
        except Exception as exc:  # pypdf raises many kinds on hostile input
            raise ReadError(_failure(truncated, exc)) from exc
    text = PAGE_BREAK.join(normalise_newlines(p).strip("\n") for p in pages)
    if not text.strip():
        if truncated:
            raise ReadError("truncated PDF: no end-of-file marker and no readable page")
        raise ReadError("PDF has no extractable text (a scanned image?)")
    return text


def _failure(truncated: bool, exc: Exception) -> str:
    detail = str(exc) or type(exc).__name__
    if truncated:
        return f"truncated PDF: no end-of-file marker ({detail})"
    if "decrypt" in detail.lower() or "crypt" in type(exc).__name__.lower():
        return f"encrypted PDF: {detail}"
    return f"corrupt PDF: {detail}"
