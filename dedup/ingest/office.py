r"""PDF and Word files -> their text, as a reader of the printed page sees it.

In: the bytes of a ``.pdf`` or ``.docx`` file. Out: its text, or
:class:`~dedup.ingest.decode.Unreadable` saying in one line why there is none.

Official transcripts and press releases often come as PDFs or Word files.
A PDF's text is what PDFium (``pypdfium2``, Chrome's PDF engine) extracts,
page after page, each page ended by a form feed (``\f``), as ``pdftotext``
writes it, its typeset ligatures (``ﬁ``) as letters: the segmenter and
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
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise Unreadable("encrypted PDF: it needs a password to open") from error
        raise Unreadable(f"not a readable PDF ({_pdfium_reason(error)})") from error
    try:
        pages = [_page_text(document[index]) for index in range(len(document))]
    except pypdfium2.PdfiumError as error:
        raise Unreadable(f"not a readable PDF ({_pdfium_reason(error)})") from error
    finally:
        document.close()
    if not pages:
        raise Unreadable("a PDF with no pages")
    if not any(page.strip() for page in pages):
        raise Unreadable(f"no text in its {len(pages)} PDF page{'s' if len(pages) > 1 else ''}"
                         " (scanned images? run OCR on it first)")
    return "".join(page.rstrip("\n") + "\n\f" for page in pages).translate(_LIGATURES)


def _page_text(page: Any) -> str:
    r"""One page's text, its lines ended by line feeds as in a text file.

    PDFium ends lines with ``\r\n`` and joins a word hyphenated at a line
    end with ``\x02`` (``Indo\x02Pacific``): the hyphen and the line break
    it stands for are put back, for the segmenter's rule on such words.
    """
    text_page = page.get_textpage()
    try:
        text: str = text_page.get_text_bounded()
    finally:
        text_page.close()
        page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-\n")


def _pdfium_reason(error: Exception) -> str:
    """PDFium's reason, without the wrapper's words: ``Data format error``."""
    reason = str(error)
    return reason[reason.find("PDFium: ") + 8 :].rstrip(").") if "PDFium: " in reason else reason


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
