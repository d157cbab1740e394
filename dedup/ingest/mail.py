"""E-mail files (``.eml``) -> their message's text and what its headers say of it.

In: the bytes of a saved e-mail (RFC 5322, as mail programs save a message:
"Save as", or dragged out of the inbox). Out: the text of its body and the
metadata its headers give (:class:`~dedup.ingest.records.Metadata`: the
subject as the title, the sender's name as the outlet, the day it was
sent), or :class:`~dedup.ingest.decode.Unreadable` saying in one line why
there is none.

Press offices send their releases and statements by e-mail, and a newsroom
keeps them so. The body is the message's plain-text part, or its HTML part
read as a page is (:func:`~dedup.ingest.html.html_text`) when it has no
plain one; attachments are left out (save a PDF attachment beside the
message to scan it too). Python's own ``email`` package decodes the
transfer encodings and character sets.

Offsets index this text, not the file's bytes (the document's ``encoding``
says ``eml``). The manifest, where it has a row for the file, says more
than the headers do: its title, outlet and date are kept.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from email.message import EmailMessage

from dedup.ingest.decode import Unreadable
from dedup.ingest.html import html_text
from dedup.ingest.records import Metadata, clean_string

__all__ = ["MAIL_SUFFIXES", "mail_text"]

MAIL_SUFFIXES = frozenset({".eml"})
"""Saved e-mail messages."""


def mail_text(data: bytes) -> tuple[str, Metadata]:
    r"""The body of a saved message and its headers' metadata (module docstring).

    Example:
        >>> text, about = mail_text(b"From: NATO Press <press@nato.int>\r\n"
        ...                         b"Subject: Statement\r\nDate: Tue, 05 Apr 2022 10:00:00 +0200"
        ...                         b"\r\n\r\nAllies stand with Ukraine.\r\n")
        >>> text, about.outlet, about.date
        ('Allies stand with Ukraine.\n', 'NATO Press', '2022-04-05')

    """
    try:
        return _read_message(data)
    except Unreadable:
        raise
    except RecursionError as error:  # the email package parses multiparts by recursion
        raise Unreadable("a message whose parts are nested too deeply to read") from error
    except Exception as error:  # noqa: BLE001 - the email package's errors on a damaged message
        # (an IndexError in an address, a NUL in a charset) skip this file only.
        raise Unreadable(f"not a readable e-mail message ({error or type(error).__name__})"
                         ) from error


def _read_message(data: bytes) -> tuple[str, Metadata]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise Unreadable("not an e-mail message (no headers)")
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise Unreadable("the message has no text (attachments only?): save an attached "
                         "PDF or Word file beside it to read that")
    try:
        content = body.get_content()
    except (LookupError, UnicodeError) as error:  # an unknown or wrong charset
        raise Unreadable(f"the message's text cannot be decoded ({error})") from error
    if not isinstance(content, str):
        raise Unreadable("the message's text part holds no text")
    text = html_text(content)[0] if body.get_content_subtype() == "html" else content
    return _lf(text), Metadata(title=clean_string(message.get("subject")),
                               outlet=_sender(message), date=_day(message))


def _lf(text: str) -> str:
    """Line breaks as LF: a message's lines end with CRLF on the wire."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sender(message: EmailMessage) -> str | None:
    """The sender's name (``NATO Press`` of ``NATO Press <press@nato.int>``), else the address."""
    name, address = email.utils.parseaddr(str(message.get("from", "")))
    return clean_string(name) or clean_string(address)


def _day(message: EmailMessage) -> str | None:
    """The day the message was sent, as its sender's clock gave it (``YYYY-MM-DD``)."""
    try:
        sent = email.utils.parsedate_to_datetime(str(message.get("date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return sent.date().isoformat()
