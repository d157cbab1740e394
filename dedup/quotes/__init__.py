"""Media text -> the quotations in it, with exact character spans.

In: a document's text. Out: a tuple of :class:`Quotation`, each one or more
fragments (the quoted words between the marks, whitespace-trimmed), in text
order. Read over the whole text, mark by mark:

* Marks: straight and curly double quotes, ``„ “``, guillemets ``« »`` (either
  way round), ``‟`` and ``″`` (a double prime typed for a closing mark),
  press-agency ````...''``, and single marks ``‘ ’`` and ``'`` used as
  quotation marks (British style). A single mark between letters
  (``NATO’s``, ``don't``) is an apostrophe, and so is a straight one that
  opens an elision (``rock 'n' roll``, ``the '60s``) or ends a plural's
  possessive (``the nurses' union``) inside a quotation the next straight
  mark of the paragraph closes; a ``’`` or a straight mark that closes
  closes only a single quotation, and a straight one that neither opens
  nor closes by its surroundings is no mark. Inside a double quotation,
  single marks are a quotation within it (and the other way round, but
  for a double mark that closes with none opened inside: it closes a
  mismatched pair, ``'A," he said``). A quotation within of more than
  ``SHORT_WORDS`` words is someone else's words that the speaker repeats
  (``“Putin told me ‘we have no plans to invade’ and I believed him”``):
  it is a quotation of its own, and the words around it, without its
  marks, are the outer quotation's. A shorter one (``“they called it
  ‘honoured’”``) stays in the outer quotation's words.
* A mark opens or closes by its surroundings first (space before and a word
  after opens), since writers and OCR mix up the glyphs (``justice,“ he
  said`` closes); by its glyph when the surroundings say nothing; a straight
  ``"`` that says nothing either way toggles.
* A PDF's page break (the page's number, a form feed, the next page's
  running header: :func:`dedup.layout.page_furniture`) and the blank lines
  around it end no paragraph, unless the page's last line does (a sentence
  end) or the next page opens with a mark: a quotation runs on across it.
* A quotation still open at the end of a paragraph stops there; when the
  next paragraph opens with a mark, it is the news convention for a
  quotation running over several paragraphs and both are fragments of one
  quotation. Otherwise the unclosed mark was stray.
* An opening mark while a quotation is open in the same paragraph: the
  earlier mark was never closed; its quotation ends at the last sentence
  end before the new mark.
* A closing mark with nothing open closes a quotation whose opening mark is
  missing (a snippet cut mid-quote): it runs from the start of its sentence.
* ``“A”, he said, “B.”``: two quotations separated only by a short
  attribution that does not end a sentence, the first broken off by a
  comma or dash, are two fragments of one (``called it “A” and said:
  “B”`` is two quotations).

Always holds: fragments never overlap, lie inside one paragraph and are in
text order; every fragment has a word; a stray or odd mark never makes a
quotation run past its paragraph. A quotation of one or two words (a scare
quote, ``“honoured”``) is ``short``.
"""


from dedup.quotes.quotations import (
    SHORT_WORDS,
    Quotation,
    closed_blanks,
    extract,
    lf_line_breaks,
)

__all__ = ["SHORT_WORDS", "Quotation", "closed_blanks", "extract", "lf_line_breaks"]
