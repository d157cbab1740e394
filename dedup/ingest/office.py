r"""PDF, Word and OpenDocument files -> their text, as a reader of the printed page sees it.

In: the bytes of a ``.pdf``, ``.docx`` or ``.odt`` file. Out: its text, or
:class:`~dedup.ingest.decode.Unreadable` saying in one line why there is none.

Official transcripts and press releases often come as PDFs or Word files.
A PDF's text is what PDFium (``pypdfium2``, Chrome's PDF engine) extracts,
page after page, each page ended by a form feed (``\f``), as ``pdftotext``
writes it, its typeset ligatures (``ﬁ``) as letters: the segmenter and
:mod:`dedup.layout` then read page numbers and running headers as no one's
words, and a sentence runs on across a page break. A Word file's text is its
body's paragraphs and table cells in order (``python-docx``), a blank line
between paragraphs; headers, footers and comments are left out. So is an
OpenDocument text file's (``.odt``, LibreOffice's and many European
administrations' format), read from its ``content.xml`` with the standard
library: its headings, paragraphs, lists and table cells in order, its
notes, annotations and tracked deletions left out.

Offsets index this text, not the file's bytes: a report's ``start``/``end``
point into the text dedup read from it (the document's ``encoding`` says
``pdf`` or ``docx``), and its words are found in the file by a viewer's
search.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from dedup.ingest.decode import Unreadable

OFFICE_SUFFIXES = frozenset({".pdf", ".docx", ".odt"})
"""File kinds read through a library rather than decoded as text."""

# Word processors' files that dedup cannot read, and what to do about it.
UNREADABLE_SUFFIXES = {
    ".doc": "a Word 97-2003 file, which dedup cannot read: save it as .docx, .pdf or .txt",
    ".rtf": "a Rich Text file, which dedup cannot read: save it as .docx, .pdf or .txt",
    ".pages": "a Pages file, which dedup cannot read: export it as .docx, .pdf or .txt",
}


# A PDF's typeset ligatures ("ﬁrst") as the letters a copy types ("first").
_LIGATURES = str.maketrans({chr(code): unicodedata.normalize("NFKC", chr(code))
                            for code in range(0xFB00, 0xFB07)})


def office_text(data: bytes, suffix: str) -> str:
    """The text of a ``.pdf``, ``.docx`` or ``.odt`` file's bytes (module docstring)."""
    if suffix == ".pdf":
        return _pdf_text(data)
    return _docx_text(data) if suffix == ".docx" else _odt_text(data)


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


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
# Not the body's words: a footnote's or endnote's text, a reviewer's
# comment, the deleted text tracked changes keep, declarations.
_LEFT_OUT = frozenset({_TEXT + "note", _OFFICE + "annotation", _OFFICE + "annotation-end",
                       _TEXT + "tracked-changes", _TEXT + "sequence-decls",
                       _TEXT + "variable-decls", _TEXT + "user-field-decls"})
_MAX_SPACES = 1000
"""Most spaces one ``text:s`` stands for (its count is the file's to say)."""
_MAX_CONTENT = 512 * 1024 * 1024
"""Largest ``content.xml`` read: a few kB of zip can inflate to gigabytes."""


def _odt_text(data: bytes) -> str:
    """The body of an OpenDocument text file: a blank line between paragraphs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.getinfo("content.xml")
            if content.file_size > _MAX_CONTENT:
                raise Unreadable(f"an OpenDocument file whose text would take "
                                 f"{content.file_size // 2**20} MB")
            xml = archive.read(content)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, zlib.error
            ) as error:  # a damaged archive, its text missing, encrypted or corrupt
        raise Unreadable(f"not a readable OpenDocument .odt file ({error})") from error
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        # ODF declares no entities: one that does may expand without end.
        raise Unreadable("not a readable OpenDocument .odt file (a document type declaration)")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise Unreadable(f"not a readable OpenDocument .odt file ({error})") from error
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    blocks = _odt_blocks(body) if body is not None else iter(())
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text:
        raise Unreadable("no text in the OpenDocument file's body")
    return text + "\n"


def _odt_blocks(body: ElementTree.Element) -> Iterator[str]:
    """The paragraphs and headings under ``body``, in order (lists, tables, sections).

    The tree is walked with a stack of its own: a document nested 20,000
    levels deep does not reach Python's recursion limit.
    """
    stack = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in _PARAGRAPHS:
            yield _odt_paragraph(child)
        elif child.tag not in _LEFT_OUT:
            stack.append(iter(child))


def _odt_paragraph(paragraph: ElementTree.Element) -> str:
    """A paragraph's text: spans and links as their words, ``text:s`` as its spaces."""
    parts = [paragraph.text or ""]
    stack: list[tuple[Iterator[ElementTree.Element], str]] = [(iter(paragraph), "")]
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)  # the words after the element whose words are done
            continue
        if child.tag == _TEXT + "s":
            count = child.get(_TEXT + "c") or "1"
            spaces = int(count) if count.isascii() and count.isdigit() else 1
            parts.append(" " * min(spaces, _MAX_SPACES))
        elif child.tag == _TEXT + "tab":
            parts.append("\t")
        elif child.tag == _TEXT + "line-break":
            parts.append("\n")
        elif child.tag not in _LEFT_OUT:
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
            continue
        parts.append(child.tail or "")
    return "".join(parts)
