"""A quotation someone read or heard -> a media document for the audit to check.

In: the text a fact-checker pastes (a quotation alone, or a passage that
quotes someone between quotation marks) and, optionally, who is said to
have said it. Out: a media :class:`~dedup.models.Document` the audit reads
as it reads a news article, so the verdict, source and edits are the
audit's own (``dedup check``, :func:`dedup.check`).

A text with no quotation in it is one quotation a paragraph (a list of
claims, a blank line apart; a hard-wrapped quotation's lines stay one):
each is put between marks, after ``SPEAKER said:`` when a speaker is given,
so the audit looks for the words in that speaker's turns of the record
(and says ``misattributed`` when someone else said them). A text that
opens with its quotation gets the speaker the same way, unless it names
one after (``“A,” said Gray.``); a text that quotes further in names its
speakers itself. A speaker given with such a text is refused rather than
guessed at.
"""

from __future__ import annotations

import hashlib
import re

from dedup import attribution
from dedup.errors import ConfigError
from dedup.models import Document
from dedup.quotes import extract

__all__ = ["CHECKED_PATH", "checked_document", "has_words"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
CHECKED_PATH = "(checked text)"
"""The path of the checked text in the report: it comes from no file."""


def has_words(text: str) -> bool:
    """Whether ``text`` has a word to check (a letter or a digit): marks alone have none."""
    return any(char.isalnum() for char in text)


def checked_document(text: str, speaker: str | None, doc_id: str) -> Document:
    """The text to check as a media document, quoted and attributed as news would print it.

    Example:
        >>> checked_document(" Targeting civilians is a war crime. ", "Stoltenberg", "d9").text
        'Stoltenberg said: “Targeting civilians is a war crime.”'

    """
    body = text.strip()
    if not has_words(body):
        raise ConfigError("no words to check: give the quotation (or - to read standard input)")
    who = " ".join(speaker.split()) if speaker else ""
    quotations = [quotation for quotation in extract(body) if not quotation.short]
    said = f"{who} said: " if who else ""
    if not quotations:  # each paragraph a quotation: a list of claims, a blank line apart
        body = "\n\n".join(f"{said}“{paragraph.strip()}”"
                           for paragraph in _PARAGRAPH_BREAK.split(body) if paragraph.strip())
    elif who and (any(char.isalnum() for char in body[:quotations[0].fragments[0].start])
                  or any(attribution.speakers(body, tuple(quotations)))):
        raise ConfigError("a speaker is given for a quotation without its attribution; this "
                          "text quotes after other words, or names who said it: check it "
                          "without --speaker, or give the quotation alone")
    else:
        body = said + body
    return Document(id=doc_id, path=CHECKED_PATH, text=body, role="media",
                    sha256=hashlib.sha256(body.encode("utf-8")).hexdigest())
