"""HTML -> main text: the readable blocks of a page and its ``<title>``.

In: decoded HTML markup. Out: the page's main text, one block per paragraph,
and its ``<title>`` or None.

Always holds: the text has no leading or trailing whitespace and never two
blank lines in a row; scripts, styles, navigation, the page's header (not an
article's: its headline), footers, forms, buttons, menus, dialogs, a video's
or audio's fallback text, the ``<head>``, elements whose ``role`` is one of
these (``role="navigation"``, a cookie banner's ``role="dialog"``) and
``hidden`` ones contribute no text; whitespace runs collapse to one space
except inside ``<pre>``; a ``<q>`` has the quotation marks a browser shows
around it, and so has each paragraph of a ``<blockquote>`` (or the whole
of one without paragraphs) unless the page typed marks in it; the parser
is event-driven, so deeply nested markup never hits the recursion limit;
the text is empty when the page has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["html_text"]

_HTML_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "header", "footer"}
    | {"aside", "form", "iframe", "head"}
    # Controls and dialogs outside a form: "Accept all", "Share", a language menu.
    | {"button", "select", "textarea", "dialog", "search"}
    # Fallback text a browser shows only when it cannot play or draw the element:
    # "Your browser does not support the video tag."
    | {"video", "audio", "canvas", "object"}
)
# An element a page marks as one of the dropped ones by its role ("<div
# role="navigation">", a cookie banner's role="dialog"), or hides.
_DROPPED_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "form", "dialog"}
    | {"alertdialog", "menu", "menubar", "toolbar"}
)
# Sectioning elements: a <header> inside one is theirs (a headline), not the page's.
_SECTIONS = frozenset({"article", "main", "section"})
# What a <head> holds; any other element starts the body.
_HEAD_CONTENT = frozenset(
    {"title", "meta", "link", "style", "script", "noscript", "base", "template"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param", "keygen"}
)
_HTML_BLOCKS = frozenset(
    {"address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt"}
    | {"fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li"}
    | {"main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th"}
    | {"thead", "tr", "ul"}
    # Blocks by a browser's default style too: two <center> lines are not one word.
    | {"center", "hgroup", "legend", "menu", "dir", "listing", "xmp", "plaintext"}
)
# Marks a page may type inside a <q> itself (then the browser's are hidden by its style).
_QUOTE_MARKS = frozenset("\"'“”‘’„«»‹›「」")
# The marks of those that are never an apostrophe.
_DOUBLE_MARKS = frozenset("\"“”„«»‹›「」")
_SPACES = re.compile(r"[^\S\n]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass
class _Cited:
    """An open ``<blockquote>``: where its text starts in ``pieces``, and its paragraphs."""

    start: int
    paragraph: int | None = None
    """Where its open paragraph's text starts (also in ``_quotes``), or None."""
    had_paragraph: bool = False


class _HtmlTextParser(HTMLParser):
    """Collects the readable text of a page: event-driven, so never recursive."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title: str | None = None
        self._title_pieces: list[str] | None = None
        self._dropped: list[str] = []
        self._pre_depth = 0
        self._quotes: list[int] = []  # where each open <q>'s text starts in ``pieces``
        self._sections = 0  # open <article>, <main> and <section> elements
        self._cited: list[_Cited] = []  # the open <blockquote> elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" or tag in _HTML_BLOCKS:
            self._end_title()  # a block cannot be inside <title>: it was left open
        if tag == "body" or (self._dropped == ["head"] and tag not in _HEAD_CONTENT):
            # <body>, or an element that cannot be in the head (both tags may
            # be left out), closes an unclosed <head>.
            self._dropped.clear()
        if tag in _SECTIONS and not self._dropped:
            self._sections += 1
        if tag == "header" and self._sections and not self._dropped:
            pass  # an article's own header: its headline and standfirst, not the page's banner
        elif tag in _HTML_DROPPED or (tag not in _VOID and (
                tag in self._dropped or _hidden_or_chrome(attrs))):
            # One of the same name inside a dropped element is pushed too,
            # so that its end tag does not end the dropped one.
            self._dropped.append(tag)
        elif tag == "title" and self.title is None and "svg" not in self._dropped:
            self._title_pieces = []
        if tag == "pre":
            self._pre_depth += 1
        if tag == "q" and not self._dropped:
            self._quotes.append(len(self.pieces))
        if tag == "blockquote" and not self._dropped:
            self._break(tag)
            self._cited.append(_Cited(len(self.pieces)))
            return
        if tag in _HTML_BLOCKS and self._cited and not self._dropped:
            self._end_cited_paragraph()
        self._break(tag)
        if tag == "p" and self._cited and not self._dropped:
            # A paragraph of a block quotation is a quotation: the marks a
            # reader of the page takes from the indented block.
            self._cited[-1].paragraph = len(self.pieces)
            self._cited[-1].had_paragraph = True
            self._quotes.append(len(self.pieces))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # ``<br/>`` is ``<br>`` (one line break), not ``<br></br>`` (two: a
        # blank line, a paragraph end that cut sentences and quotations).
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SECTIONS and self._sections and not self._dropped:
            self._sections -= 1
        if tag in self._dropped:
            while self._dropped.pop() != tag:
                pass
        elif tag == "title":
            self._end_title()
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        if tag == "q" and self._quotes and not self._dropped:
            self._quote(self._quotes.pop())
        if tag in _HTML_BLOCKS and self._cited and not self._dropped:
            self._end_cited_paragraph()
            if tag == "blockquote":
                cited = self._cited.pop()
                if not cited.had_paragraph:
                    self._quote(cited.start, whole=True)
        self._break(tag)

    def _end_cited_paragraph(self) -> None:
        """Put the marks around the open paragraph of the innermost ``<blockquote>``."""
        paragraph = self._cited[-1].paragraph
        if paragraph is not None and paragraph in self._quotes:
            self._quotes.remove(paragraph)
            self._quote(paragraph, whole=True)
        self._cited[-1].paragraph = None

    def handle_data(self, data: str) -> None:
        if self._title_pieces is not None:
            self._title_pieces.append(data)
        elif not self._dropped:
            self.pieces.append(data if self._pre_depth else _WHITESPACE.sub(" ", data))

    def _quote(self, start: int, whole: bool = False) -> None:
        """Put the marks a browser shows around a ``<q>`` (``‘ ’`` inside another).

        Its words are a quotation only with them; not when the page typed its
        own marks inside. A ``whole`` block (a block quotation's paragraph)
        has them next to its words, inside the space around them; one that
        opens with a quotation mark or holds a double one is left as the
        page wrote it (an apostrophe, ``NATO's``, is no mark).
        """
        words = "".join(self.pieces[start:]).strip()
        if not words or (words[0] in _QUOTE_MARKS and words[-1] in _QUOTE_MARKS):
            return
        opening, closing = ("‘", "’") if len(self._quotes) % 2 else ("“", "”")
        if not whole:
            self.pieces.insert(start, opening)
            self.pieces.append(closing)
            return
        if words[0] in _QUOTE_MARKS or _DOUBLE_MARKS.intersection(words):
            return  # the page's own marks (an apostrophe, "NATO's", is none)
        block = "".join(self.pieces[start:])
        lead = block[: len(block) - len(block.lstrip())]
        trail = block[len(block.rstrip()) :]
        self.pieces[start:] = [lead + opening + words + closing + trail]

    def _end_title(self) -> None:
        if self._title_pieces is not None:
            self.title = _WHITESPACE.sub(" ", "".join(self._title_pieces)).strip() or None
            self._title_pieces = None

    def _break(self, tag: str) -> None:
        if tag == "br":
            self.pieces.append("\n")
        elif tag in _HTML_BLOCKS:
            self.pieces.append("\n\n")


def _hidden_or_chrome(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element is hidden (``hidden``) or says it is page chrome by its ``role``."""
    for name, value in attrs:
        if name == "hidden" or (name == "role" and value is not None
                                and value.strip().lower() in _DROPPED_ROLES):
            return True
    return False


def html_text(markup: str) -> tuple[str, str | None]:
    """Extract the main text of a page, one block per paragraph, and its <title>."""
    parser = _HtmlTextParser()
    parser.feed(markup)
    parser.close()
    lines: list[str] = []
    for raw_line in "".join(parser.pieces).split("\n"):
        line = _SPACES.sub(" ", raw_line).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip(), parser.title
