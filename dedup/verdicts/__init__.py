"""Quotations and their matched parts -> one verdict per quotation.

In: a media document, its quotations (:mod:`dedup.quotes`) and their
speakers (:mod:`dedup.attribution`), and a :class:`dedup.matching.Matcher`
over the reference documents. Out: one :class:`dedup.models.Quote` each.

Each fragment of a quotation is cut at its ellipses (``...``, ``…``,
``[...]``) into pieces, and each piece is located in the reference text
(:meth:`Matcher.locate`; a ``short`` quotation of one or two words only
where the same words stand in the same order, :meth:`Matcher.exact`).
Words two places hold equally well (a speech as prepared and as
delivered, in two references or one after the other in one; a release and
its correction) are taken from the place that continues the quotation's
other pieces, so a quotation of one version is no splice of two. A
record that holds no more than four of the quotation's words, where
another holds more, holds them by chance (``I strongly believe that``):
they are the quotation's own, an insertion, not a passage spliced in.
Consecutive parts that continue each other in the source (the next starts
where the previous ends) are one passage, and so are parts with words
between them that the matcher leaves out within one part (up to
``WINDOW`` words inside a sentence, or its end or its start, not at an
ellipsis): an omission, as inside one part. Two passages meet either at an
ellipsis, the second after the first in one record (the quotation marks
its omission: flag ``ellipsis``, no cost), or not (flag ``spliced``: the
quotation glues passages that are not adjacent in the record without
saying so, or puts them in another order, or takes them from two records,
which no ellipsis says).

Verdict. The quoted words (all pieces, in order) are scored against the
source words of the passages (in order) with :func:`dedup.fidelity.score`,
the formula of the scan, with ``context=False`` since the words between the
marks are all quotation: words the record does not have are ``insert``
edits. Each splice costs ``material_weight`` words more (an omission that
changes what was said as much as a material edit) and is listed as a
``delete`` edit of the source words it skips. Trimming is a flag, not a
cost: a quotation is scored against the source words it reproduces. The
words an ellipsis leaves out cost nothing either, unless leaving them out
is a material edit (``has … witnessed`` for ``has not witnessed``): then
they are a material ``delete``, at the scan's cost. A
record that quotes its speaker itself (a press release, agency copy: ``“A,”
Mr X told reporters. “B.”``) has its own words between two quotations; a
few with a verb of saying, or a longer narration that ends with one and
reports nothing said (:mod:`dedup.verdicts.narration`), are not the speaker's: a
quotation that joins A and B leaves out nothing and splices nothing. Nor
is the record's sentence that introduces its next quotation after words
of the speaker its marks leave unquoted (``He added:``).

* ``unsourced``: fewer than ``min(4, its words)`` words, or fewer than
  half of its words, were found in the turns of its speaker (or anywhere,
  for an unknown speaker), and no other speaker said them either;
* ``misattributed``: not found in its speaker's turns, but found
  (``verbatim``/``cosmetic``/``altered``) in the turn of another speaker
  (never for a ``short`` quotation: one or two words are said by many);
  or found in its speaker's turns with words the record does not have
  there, which a splice of another speaker's turn and the speaker's own
  reproduces better (a journalist's question glued to the answer; a
  transcript's turns only, not a record's own quotations);
* else the label of the score: ``verbatim``, ``cosmetic``, ``altered``
  (any costly edit, a splice included) or ``paraphrase``.

Flags: ``trimmed`` (a passage starts or ends inside a source sentence, not
where one of the record's own quotations opens or closes),
``joined`` (a passage runs over several source sentences), ``spliced``,
``ellipsis``. A record without sentence punctuation (automatic captions)
has no sentences to trim or join: neither flag.

The media documents are independent of each other: :func:`audit_documents`
audits runs of them in ``jobs`` worker processes, and numbers their
quotations in document order.

Always holds: ``quote.text == text[quote.start:quote.end]``; a source's
``text == reference.text[start:end]``; fidelity is None exactly when the
label is ``unsourced``.
"""


from dedup.verdicts.documents import audit_document, audit_documents, audit_media, numbered
from dedup.verdicts.pieces import Documents

__all__ = ["Documents", "audit_document", "audit_documents", "audit_media", "numbered"]
