"""One file read: bytes decoded by kind (text, HTML, caption, PDF, office, e-mail, records).

In: an ``Entry``. Out: its texts and metadata, or a ``Skipped`` naming the
problem (unreadable, undecodable, a name that is no text, no text in it).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from pathlib import Path

from dedup.ingest.captions import CAPTION_SUFFIXES, caption_kind, caption_text
from dedup.ingest.decode import Unreadable, decode_bytes
from dedup.ingest.html import html_text
from dedup.ingest.mail import MAIL_SUFFIXES, mail_text
from dedup.ingest.office import OFFICE_SUFFIXES, office_text
from dedup.ingest.records import (
    Metadata,
    Text,
    read_records,
)
from dedup.ingest.walk import RECORD_SUFFIXES, Entry, cannot_read
from dedup.models import Skipped

_NO_HTML_TEXT = "no text after removing scripts, styles and navigation"


def read_entry(entry: Entry, max_file_size: int | None) -> tuple[list[Text], list[Skipped]]:
    """Decode one walked file into texts, or say why it cannot be used."""
    try:
        if entry.problem is not None:
            raise Unreadable(entry.problem)
        _check_name(entry.path)
        data = read_bytes(entry.location, max_file_size)
        suffix = entry.location.suffix.lower()
        found = Metadata()
        if suffix in OFFICE_SUFFIXES:
            text, encoding = office_text(data, suffix), suffix[1:]
        elif suffix in MAIL_SUFFIXES:
            (text, found), encoding = mail_text(data), suffix[1:]
        else:
            text, encoding = decode_bytes(data)
        if not text.strip():
            raise Unreadable("no text (the file holds only whitespace)")
    except Unreadable as problem:
        return [], [Skipped(_printable(entry.path), str(problem))]

    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in RECORD_SUFFIXES:
        return read_records(entry.path, suffix, text, encoding, sha256)
    if suffix in {".html", ".htm"}:
        body, page_title = html_text(text)
        if not body:
            return [], [Skipped(entry.path, _NO_HTML_TEXT)]
        return [Text(entry.path, entry.path, body, encoding, sha256,
                     found=Metadata(title=page_title))], []
    if suffix in CAPTION_SUFFIXES:
        try:
            text = caption_text(text, suffix)
        except Unreadable as problem:
            return [], [Skipped(entry.path, str(problem))]
    elif suffix == ".txt" and (kind := caption_kind(text)) is not None:
        # A caption file saved as text: its cue numbers and time codes are no words.
        with contextlib.suppress(Unreadable):  # not one after all: the whole file
            text = caption_text(text, kind)
    return [Text(entry.path, entry.path, text, encoding, sha256, found=found)], []


def _check_name(path: str) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Unreadable("file name is not valid UTF-8; rename the file") from error


def _printable(path: str) -> str:
    """The path with bytes that are not UTF-8 shown as U+FFFD, so reports can hold it."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_bytes(location: Path, max_file_size: int | None) -> bytes:
    """The file's bytes, or ``Unreadable`` saying why not (missing, a broken link, empty ...)."""
    try:
        status = location.stat()
    except FileNotFoundError as error:
        if location.is_symlink():
            target = os.readlink(location)
            message = f"broken symbolic link (points to {target!r}, which does not exist)"
            raise Unreadable(message) from error
        raise Unreadable(cannot_read(error)) from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("symbolic link loop (the link points back to itself)") from error
        raise Unreadable(cannot_read(error)) from error
    if not location.is_file():
        raise Unreadable("not a regular file (a pipe, socket or device), not read")
    if max_file_size is not None and status.st_size > max_file_size:
        raise Unreadable(
            f"file is {status.st_size:,} bytes, larger than --max-file-size {max_file_size:,}"
        )
    if status.st_size == 0:
        raise Unreadable("empty file")
    try:
        with location.open("rb") as stream:
            data = stream.read()
    except OSError as error:
        raise Unreadable(cannot_read(error)) from error
    if not data:
        raise Unreadable("empty file")
    return data
