r"""PDF and Word files -> their text, as a reader of the printed page sees it.

In: the bytes of a ``.pdf`` or ``.docx`` file. Out: its text, or
:class:`~dedup.ingest.decode.Unreadable` saying in one line why there is none.

Official transcripts and press releases often come as PDFs or Word files.
A PDF's text is what `pypdf` extracts, page after page, each page ended by a
form feed (``\f``), as ``pdftotext`` writes it, its typeset ligatures
(``ﬁ``) as letters: the segmenter and
:mod:`dedup.layout` then read page numbers and running headers as no one's
words, and a sentence runs on across a page break. A Word file's text is its
body's paragraphs and table cells in order (``python-docx``), a blank line
between paragraphs; headers, footers and comments are left out.

Offsets index this text, not the file's bytes: a report's ``start``/``end``
point into the text dedup read from it (the document's ``encoding`` says
``pdf`` or ``docx``), and its words are found in the file by a viewer's
search.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from dedup.ingest.decode import Unreadable

OFFICE_SUFFIXES = frozenset({".pdf", ".docx"})
"""File kinds read through a library rather than decoded as text."""

# Word processors' files that dedup cannot read, and what to do about it.
UNREADABLE_SUFFIXES = {
    ".doc": "a Word 97-2003 file, which dedup cannot read: save it as .docx, .pdf or .txt",
    ".rtf": "a Rich Text file, which dedup cannot read: save it as .docx, .pdf or .txt",
    ".odt": "an OpenDocument text file, which dedup cannot read: save it as .docx, .pdf or .txt",
    ".pages": "a Pages file, which dedup cannot read: export it as .docx, .pdf or .txt",
}


# A PDF's typeset ligatures ("ﬁrst") as the letters a copy types ("first").
_LIGATURES = str.maketrans({chr(code): unicodedata.normalize("NFKC", chr(code))
                            for code in range(0xFB00, 0xFB07)})


def office_text(data: bytes, suffix: str) -> str:
    """The text of a ``.pdf`` or ``.docx`` file's bytes (module docstring)."""
    return _pdf_text(data) if suffix == ".pdf" else _docx_text(data)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    # pypdf logs what it repairs in a damaged file as warnings; the report
    # says what matters (no text, or unreadable), so keep stderr for dedup's own.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted PDF: it needs a password to open")
        pages = [_lines(page.extract_text(extraction_mode="layout") or "")
                 for page in reader.pages]
    except Unreadable:
        raise
    except (FileNotDecryptedError, NotImplementedError) as error:
        raise Unreadable(f"encrypted PDF that cannot be opened ({error})") from error
    except Exception as error:  # noqa: BLE001 - any damage pypdf meets skips this file only
        raise Unreadable(f"not a readable PDF ({error or type(error).__name__})") from error
    if not pages:
        raise Unreadable("a PDF with no pages")
    if not any(page.strip() for page in pages):
        raise Unreadable(f"no text in its {len(pages)} PDF page{'s' if len(pages) > 1 else ''}"
                         " (scanned images? run OCR on it first)")
    return "".join(page.rstrip("\n") + "\n\f" for page in pages).translate(_LIGATURES)


def _lines(page: str) -> str:
    """A page laid out as printed, each line's run of spaces closed up to one.

    The layout keeps a page's blank lines between paragraphs and its header
    and footer at its top and bottom, where :mod:`dedup.layout` looks for
    them, but pads a line with spaces to place its words across the page.
    """
    return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in page.split("\n"))


_SPACES = re.compile(r"[ \t]{2,}")


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n\n".join(block for block in _blocks(document) if block.strip())
    except Exception as error:  # noqa: BLE001 - any damage python-docx meets skips this file only
        raise Unreadable(f"not a readable Word .docx file ({error or type(error).__name__})"
                         ) from error
    if not text:
        raise Unreadable("no text in the Word file's body")
    return text + "\n"


def _blocks(container: Any) -> Iterator[str]:
    """The paragraphs of a document's body or a table cell, tables' cells in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if not isinstance(block, Table):
            yield block.text
            continue
        for row in block.rows:
            merged = None
            for cell in row.cells:
                if cell._tc is not merged:  # a merged cell is listed once per column it spans
                    yield from _blocks(cell)
                merged = cell._tc
