"""Saved e-mail messages (``.eml``): a press office's release as it reached the newsroom."""

from __future__ import annotations

import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import input_path

import dedup
from dedup.ingest import load_corpus
from dedup.ingest.decode import Unreadable
from dedup.ingest.mail import mail_text

STATEMENT = input_path("000").read_text(encoding="utf-8")
# A message's text ends with a line break.
RELEASE = input_path("003").read_text(encoding="utf-8").rstrip("\n") + "\n"
SUBJECT = ("Press conference by NATO Secretary General Jens Stoltenberg following the Meeting "
           "of NATO Ministers of Foreign Affairs, Bucharest")


def release(body: str, *, html: bool = False, charset: str = "utf-8",
            sent: str = "Wed, 30 Nov 2022 06:06:00 +0100") -> bytes:
    """A press office's message as a mail program saves it: CRLF lines, quoted-printable."""
    message = EmailMessage()
    message["From"] = "NATO Press Office <press@hq.nato.int>"
    message["To"] = "newsdesk@example.org"
    message["Subject"] = SUBJECT
    message["Date"] = sent
    if html:
        paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n\n"))
        message.set_content(f"<html><body>{paragraphs}</body></html>", subtype="html",
                            charset=charset, cte="quoted-printable")
    else:
        message.set_content(body, charset=charset, cte="quoted-printable")
    return message.as_bytes(policy=policy.SMTP)


def test_a_saved_release_is_its_body_with_the_headers_as_title_outlet_and_date() -> None:
    data = release(RELEASE)
    assert b"\r\n" in data and b"=\r\n" in data  # lines folded as sent
    text, about = mail_text(data)
    assert text == RELEASE
    assert (about.title, about.outlet, about.date) == (SUBJECT, "NATO Press Office", "2022-11-30")


def test_an_html_message_is_read_as_a_page_is() -> None:
    text, _ = mail_text(release(RELEASE, html=True))
    assert "We have just concluded important meetings of NATO Foreign Ministers." in text
    assert "<p>" not in text


def test_a_message_in_latin_1_is_decoded_by_its_charset() -> None:
    body = "Le Secrétaire général a salué les Alliés.\n"
    assert mail_text(release(body, charset="iso-8859-1"))[0] == body


def test_a_message_with_only_an_attachment_is_unreadable_saying_why() -> None:
    message = EmailMessage()
    message["From"] = "press@hq.nato.int"
    message["Subject"] = SUBJECT
    message.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf",
                           filename="release.pdf")
    with pytest.raises(Unreadable, match="attachments only"):
        mail_text(bytes(message))


def test_a_file_that_is_no_message_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="not an e-mail message"):
        mail_text(RELEASE.encode("utf-8"))


def test_a_damaged_message_is_skipped_saying_why_never_a_crash(tmp_path: Path) -> None:
    # The email package's own errors: a sender cut short raises IndexError
    # in its address parser, parts nested 3,000 deep exceed its recursion.
    cut = release(RELEASE).replace(b"From: NATO Press Office <press@hq.nato.int>",
                                   b"From: NATO Press Office <press@")
    (tmp_path / "cut.eml").write_bytes(cut)
    depth = 3000
    nested = ["From: press@hq.nato.int\nSubject: Statement\nMIME-Version: 1.0\n"
              'Content-Type: multipart/mixed; boundary="b0"\n\n']
    nested += [f'--b{level - 1}\nContent-Type: multipart/mixed; boundary="b{level}"\n\n'
               for level in range(1, depth)]
    nested += [f"--b{depth - 1}\nContent-Type: text/plain\n\n{RELEASE}"]
    nested += [f"--b{level}--\n" for level in range(depth - 1, -1, -1)]
    (tmp_path / "nested.eml").write_text("".join(nested), encoding="utf-8")
    shutil.copy(input_path("001"), tmp_path)
    corpus = load_corpus(tmp_path)
    assert [document.path for document in corpus.documents] == [input_path("001").name]
    assert {item.path: item.reason.split(" (")[0] for item in corpus.skipped} == {
        "cut.eml": "not a readable e-mail message",
        "nested.eml": "a message whose parts are nested too deeply to read",
    }


def test_a_manifest_row_says_more_than_the_headers(tmp_path: Path) -> None:
    (tmp_path / "bucharest.eml").write_bytes(release(RELEASE))
    (tmp_path / "manifest.csv").write_text("path,role,outlet\nbucharest.eml,reference,NATO\n",
                                           encoding="utf-8")
    (document,) = load_corpus(tmp_path).documents
    assert (document.role, document.outlet, document.title, document.date) == (
        "reference", "NATO", SUBJECT, "2022-11-30")
    assert (document.encoding, document.text) == ("eml", RELEASE)


def test_quotations_are_checked_against_a_statement_that_came_by_e_mail(
        inputs_dir: Path, tmp_path: Path) -> None:
    shutil.copy(input_path("001"), tmp_path / input_path("001").name)
    (tmp_path / "statement.eml").write_bytes(release(STATEMENT, sent="Tue, 5 Apr 2022 12:00 +0200"))
    by_mail = dedup.audit(tmp_path, reference_globs=("*.eml",))
    by_file = dedup.audit(inputs_dir)
    article = {d.id for d in by_file.documents if d.path == input_path("001").name}

    def verdicts(report: dedup.Report, doc: set[str]) -> list[tuple[object, ...]]:
        return [(q.text, q.label, q.fidelity, q.source and q.source.text)
                for q in report.quotes if q.doc in doc]

    mailed = {d.id for d in by_mail.documents if d.path.endswith(".txt")}
    assert len(verdicts(by_mail, mailed)) == 6
    assert verdicts(by_mail, mailed) == verdicts(by_file, article)


def test_a_message_in_a_character_set_nobody_knows_is_unreadable() -> None:
    data = release(RELEASE).replace(b'charset="utf-8"', b'charset="x-unknown"')
    assert b'charset="x-unknown"' in data
    with pytest.raises(Unreadable, match="cannot be decoded .unknown encoding: x-unknown"):
        mail_text(data)
