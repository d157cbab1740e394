"""Quoted words -> the stretches of reference text they come from.

In: the reference documents (tokens, sentence starts, transcript turns) and
one piece of a quotation (its words between marks and ellipses). Out:
:class:`Part` s, each a run of the piece's words matched to a run of one
reference document's words.

0. **Words.** A reference's time codes (on a line of their own, as in a
   caption file, or in brackets) and the furniture of its printed pages
   (page numbers, running headers and footers, footnote markers glued to a
   word's full stop or comma: :mod:`dedup.layout`) are no
   words of it: left out, the words on either side of a caption's timing
   or a page break are next to each other.
1. **Candidates.** Each reference document is cut into overlapping windows
   of ``WINDOW`` words (step ``WINDOW // 2``, so any ``WINDOW // 2`` words lie
   inside one window), and the windows' word-bigram sets go into a
   containment index that answers as datasketch's MinHash LSH Ensemble
   (:func:`dedup.candidates.containment_index`).
   The piece is queried in sub-windows of ``WINDOW // 2`` words: a window
   that holds at least ``containment`` of a sub-window's bigrams is a
   candidate, however long the window's sentence is. Candidate windows of
   one document that touch or lie close are merged into a region, widened
   by the piece's length on each side, and cut to the turns of the allowed
   speakers.
2. **Local alignment.** The piece is aligned to each region word by word
   (rapidfuzz ``Indel`` opcodes on spelling keys, as the fidelity stage
   does); the equal blocks are chained left to right, each gap costing
   its larger side in words (a chain that gains nothing by a block still
   takes it), and the best chain is the matched stretch.
   Two blocks never chain across source words that hold a sentence
   boundary (a sentence start, or whole sentences; the end or the start of
   one sentence left out is an omission): skipping a sentence is a splice,
   found as two parts. A chain that leaves words of the piece out is
   aligned again in the region's words before and after its sentences
   (the region's alignment may pair words with a copy in the sentence
   before the one that holds them all), and a chain that starts with a
   few words ending a sentence gives way to one that starts with the next
   sentence when that is as good.
   Words of the piece left over at either edge of a chain (fewer than
   ``MIN_PART``) stand for as many source words beside it, in its
   sentence, or, when the outermost of them stands a few words further on
   (``he would succeed`` for ``he was going to succeed``), or is two of
   them written as one (``is notacceptable`` for ``is not acceptable``),
   for the source words up to it.
   Of regions whose best chains are as good (two versions of a speech),
   the one nearest a given place wins (the quotation's other pieces:
   :mod:`dedup.verdicts`), then one whose chain is whole sentences, then
   the first.
3. **The rest.** Words of the piece left over on either side (at least
   ``MIN_PART``) are looked up again the same way, so a piece glued from
   two passages gives two parts.
4. **At an ellipsis.** A piece after an ellipsis that is not found on its
   own (fewer than ``MIN_PART`` words, ``“... do even… more.”``, or more that
   no chain holds) is looked for word for word in the ``WINDOW``
   words after the piece before it (:meth:`Matcher.exact_after`), and one
   before an ellipsis in the ``WINDOW`` words before the piece after it
   (:meth:`Matcher.exact_before`, ``“I will… be specific”``).

Always holds: parts of one piece do not overlap in the piece and are
returned in piece order; every part has at least ``MIN_PART`` matched words
(or all the words of a shorter piece, matched exactly).
"""


from dedup.matching.chains import crosses
from dedup.matching.matcher import Matcher
from dedup.matching.record import MIN_PART, WINDOW, Allowed, Part, Reference, reference

__all__ = ["MIN_PART", "WINDOW", "Allowed", "Matcher", "Part", "Reference", "crosses", "reference"]
