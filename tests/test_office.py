"""PDF and Word files are read as their text; the ones that cannot be say why.

The PDF fixture is ``inputs/004`` (the Brussels press conference) printed to
PDF by Chromium, with the browser's running header (date, time, title) and
footer (the page's address, ``1/6``) on each of its six pages.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from conftest import input_path
from pypdf import PdfWriter

import dedup
from dedup.ingest import load_corpus
from dedup.report.json_writer import report_json, report_to_dict

PRINTED = Path(__file__).parent / "fixtures" / "004_nato_brussels_2024-04-04_printed.pdf"


def _members(report: dedup.Report, path: str) -> list[dedup.Member]:
    ids = {document.id for document in report.documents if document.path == path}
    return [member for cluster in report.clusters for member in cluster.members
            if member.doc in ids]


def test_a_pdf_is_its_pages_text_each_page_ended_by_a_form_feed(tmp_path: Path) -> None:
    shutil.copy(PRINTED, tmp_path / "brussels.pdf")
    (document,) = load_corpus(tmp_path).documents
    assert document.encoding == "pdf"
    assert document.text.count("\f") == 6 and document.text.endswith("\n\f")
    assert "Thank you. We'll go to Andrew Gray from Reuters." in document.text
    # The typeset ligature of the footer's "file:///" is two letters again.
    assert "\ufb01" not in document.text and "file:///" in document.text


def test_a_printed_transcript_copies_its_text_file_across_page_breaks(tmp_path: Path) -> None:
    shutil.copy(PRINTED, tmp_path / "brussels.pdf")
    shutil.copy(input_path("004"), tmp_path)
    report = dedup.scan(tmp_path, reference_globs=["*.txt"])
    printed = _members(report, "brussels.pdf")
    assert printed
    # Page 2 ends "We have the", page 3 opens "Multilateral Capability
    # Coalition."; the footer and header between are no one's words.
    across = [m for m in printed if "We have the\n" in m.text and "Multilateral" in m.text]
    assert across and all(m.label == "verbatim" and not m.edits for m in across)
    # Every copy is verbatim, and no running header is a passage of its own.
    assert all(m.label in ("verbatim", "cosmetic") for m in printed)
    assert not any(m.text.startswith(("11/27/26", "file:///")) for m in printed)
    # Offsets index the PDF's text, furniture and all.
    text = next(d.text for d in load_corpus(tmp_path).documents if d.path == "brussels.pdf")
    assert all(text[m.start : m.end] == m.text for m in printed)


def test_a_quotation_across_a_printed_transcripts_page_break_is_verbatim(tmp_path: Path) -> None:
    shutil.copy(PRINTED, tmp_path / "brussels.pdf")
    (tmp_path / "story.txt").write_text(
        "Jens Stoltenberg said allies had many ways to help. “We have the Multilateral "
        "Capability Coalition. So there are many ways we can provide support while we are "
        "waiting for a more robust, predictable NATO structure,” he said.\n", encoding="utf-8")
    report = dedup.audit(tmp_path, reference_globs=["*.pdf"])
    (quote,) = report.quotes
    assert quote.label == "verbatim" and not quote.edits
    # The source passage is the PDF's text as it is, its running header between.
    assert quote.source is not None and "3:04 PM" in quote.source.text
    (written,) = report_to_dict(report)["quotes"]
    assert "page" not in written and written["source"]["page"] == 2


def test_a_pdfs_passages_carry_their_page_in_the_report(tmp_path: Path) -> None:
    shutil.copy(PRINTED, tmp_path / "brussels.pdf")
    shutil.copy(input_path("004"), tmp_path)
    report = dedup.scan(tmp_path, reference_globs=["*.txt"])
    data = report_to_dict(report)
    assert json.loads("".join(report_json(report))) == data
    paths = {d["id"]: d["path"] for d in data["documents"]}
    text = next(d.text for d in report.documents if d.path == "brussels.pdf")
    members = [m for c in data["clusters"] for m in c["members"]]
    printed = [m for m in members if paths[m["doc"]] == "brussels.pdf"]
    assert {m["page"] for m in printed} == {1, 2, 3, 4, 5, 6}
    assert all(m["page"] == text.count("\f", 0, m["start"]) + 1 for m in printed)
    # A text file has no pages: its members have no "page".
    assert all("page" not in m for m in members if paths[m["doc"]].endswith(".txt"))


def _word_file(paragraphs: list[str], table: list[list[str]]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, cells in zip(grid.rows, table, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    grid.cell(0, 0).merge(grid.cell(0, 1))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_a_word_file_is_its_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    release = input_path("000").read_text(encoding="utf-8")
    paragraphs = [" ".join(block.split()) for block in release.split("\n\n") if block.strip()]
    (tmp_path / "release.docx").write_bytes(
        _word_file(paragraphs, [["Media contact", ""], ["NATO Press Office", "press@hq.nato.int"]]))
    shutil.copy(input_path("001"), tmp_path)
    corpus = load_corpus(tmp_path)
    word = next(document for document in corpus.documents if document.path == "release.docx")
    assert word.encoding == "docx"
    assert word.text == "\n\n".join([*paragraphs, "Media contact", "NATO Press Office",
                                     "press@hq.nato.int"]) + "\n"
    # The article's copies of the release are found in the Word file as in its text.
    as_word = dedup.scan(tmp_path, reference_globs=["*.docx"])
    (tmp_path / "release.docx").unlink()
    (tmp_path / "release.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    as_text = dedup.scan(tmp_path, reference_globs=["release.txt"])
    assert len(as_word.clusters) >= 5
    assert ([sorted(m.text for m in c.members) for c in as_word.clusters]
            == [sorted(m.text for m in c.members) for c in as_text.clusters])


_ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def _open_document(prologue: str, blocks: list[str]) -> bytes:
    """An .odt file as LibreOffice writes it: a zip with its mimetype and content.xml."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<office:document-content {_ODF}>'
               f'<office:body><office:text>{"".join(blocks)}</office:text></office:body>'
               '</office:document-content>')
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return stream.getvalue()


def test_an_opendocument_file_is_its_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    release = input_path("000").read_text(encoding="utf-8")
    paragraphs = [" ".join(block.split()) for block in release.split("\n\n") if block.strip()]
    first, second = paragraphs[0].split(" ", 1)
    blocks = [
        # LibreOffice writes a run of spaces as one and a text:s, words in spans.
        f'<text:h text:outline-level="1"><text:span>{escape(first)}</text:span>'
        f'<text:s text:c="2"/>{escape(second)}</text:h>',
        *(f"<text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs[1:]),
        # A footnote's text and a reviewer's comment are not the body's words.
        '<text:p>Media contact<text:note text:note-class="footnote"><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>Office hours only.</text:p>"
        "</text:note-body></text:note><office:annotation><text:p>check the address</text:p>"
        "</office:annotation></text:p>",
        "<table:table><table:table-row><table:table-cell><text:p>NATO Press Office</text:p>"
        "</table:table-cell><table:table-cell><text:p>press@hq.nato.int<text:tab/>"
        "<text:line-break/>Brussels</text:p></table:table-cell></table:table-row></table:table>",
    ]
    (tmp_path / "release.odt").write_bytes(_open_document("", blocks))
    shutil.copy(input_path("001"), tmp_path)
    corpus = load_corpus(tmp_path)
    odt = next(document for document in corpus.documents if document.path == "release.odt")
    assert odt.encoding == "odt"
    assert odt.text == "\n\n".join([f"{first}  {second}", *paragraphs[1:], "Media contact",
                                     "NATO Press Office", "press@hq.nato.int\t\nBrussels"]) + "\n"
    # The article's copies of the release are found in it as in its text.
    as_odt = dedup.scan(tmp_path, reference_globs=["*.odt"])
    (tmp_path / "release.odt").unlink()
    (tmp_path / "release.txt").write_text(odt.text, encoding="utf-8")
    as_text = dedup.scan(tmp_path, reference_globs=["release.txt"])
    assert len(as_odt.clusters) >= 5
    assert ([sorted((m.text, m.start) for m in c.members) for c in as_odt.clusters]
            == [sorted((m.text, m.start) for m in c.members) for c in as_text.clusters])


def test_a_hostile_opendocument_file_is_read_or_skipped_never_a_crash(tmp_path: Path) -> None:
    words = "Targeting and murdering civilians is a war crime."
    (tmp_path / "deep.odt").write_bytes(_open_document("", [
        "<text:section>" * 20_000 + f"<text:p>{'<text:span>' * 20_000}{words}"
        f"{'</text:span>' * 20_000}</text:p>" + "</text:section>" * 20_000]))
    (tmp_path / "spaces.odt").write_bytes(_open_document("", [
        '<text:p>A<text:s text:c="x"/>B<text:s text:c="²"/>C<text:s text:c="99999999999"/>D'
        "</text:p>"]))
    sound = _open_document("", [f"<text:p>{words}</text:p>"])
    at = sound.index(b"content.xml", sound.index(b"content.xml") + 1) - 40  # inside the data
    (tmp_path / "corrupt.odt").write_bytes(
        sound[:40] + bytes(byte ^ 0x55 for byte in sound[40:at]) + sound[at:])
    corpus = load_corpus(tmp_path)
    texts = {document.path: document.text for document in corpus.documents}
    assert texts["deep.odt"] == words + "\n"
    assert texts["spaces.odt"] == "A B C" + " " * 1000 + "D\n"
    assert [item.path for item in corpus.skipped] == ["corrupt.odt"]
    assert corpus.skipped[0].reason.startswith("not a readable OpenDocument .odt file (")


def _pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(password)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("scanned.pdf", _pdf(), "no text in its 1 PDF page (scanned images? run OCR on it first)"),
    ("locked.pdf", _pdf("secret"), "encrypted PDF: it needs a password to open"),
    ("cut.pdf", PRINTED.read_bytes()[:4000], "not a readable PDF (Data format error)"),
    ("renamed.docx", b"PK\x03\x04 not really a zip", "not a readable Word .docx file"),
    ("minutes.doc", b"\xd0\xcf\x11\xe0 Word 97", "a Word 97-2003 file, which dedup cannot read: "
     "save it as .docx, .pdf or .txt"),
    ("notes.odt", b"PK\x03\x04", "not a readable OpenDocument .odt file"),
    ("laughs.odt", _open_document('<!DOCTYPE lol [<!ENTITY lol "lol">]>', []),
     "not a readable OpenDocument .odt file (a document type declaration)"),
    ("empty.odt", _open_document("", []), "no text in the OpenDocument file's body"),
])
def test_a_file_dedup_cannot_read_is_skipped_saying_why(
        tmp_path: Path, name: str, data: bytes, reason: str,
        capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / name).write_bytes(data)
    shutil.copy(input_path("001"), tmp_path)
    corpus = load_corpus(tmp_path)
    assert [document.path for document in corpus.documents] == [input_path("001").name]
    (skipped,) = corpus.skipped
    assert skipped.path == name and skipped.reason.startswith(reason)
    # The PDF and Word libraries print nothing of their own about a damaged file.
    assert capfd.readouterr().err == ""
