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
reports nothing said (:func:`_attribution`), are not the speaker's: a
quotation that joins A and B leaves out nothing and splices nothing. Nor
is the record's sentence that introduces its next quotation after words
of the speaker its marks leave unquoted (``He added:``, :func:`_speech_runs`).

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

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from dedup.attribution import Turn, introduces, same_speaker, says, speakers
from dedup.fidelity import fidelity_of, score, spelling_key
from dedup.layout import page_furniture
from dedup.matching import MIN_PART, WINDOW, Allowed, Matcher, Part, Reference, crosses
from dedup.models import (
    SPLICE_ELSEWHERE,
    AuditLabel,
    Document,
    Edit,
    Flag,
    Quote,
    QuoteSource,
    Token,
)
from dedup.prepare import bounds_of_sizes, workers
from dedup.quotes import Quotation, extract
from dedup.shingle import tokenize

_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|(?:\.\s?){2}\.|…")
_FOUND = ("verbatim", "cosmetic", "altered")
# What a platform writes after the ellipsis of a post it shows cut short.
_SEE_MORE = frozenset(
    {("more",), ("see", "more"), ("show", "more"), ("read", "more"), ("view", "more")}
    | {("continue", "reading"), ("show", "this", "thread")}
)
_MIN_WORDS = 4
Documents = Sequence[Document] | Mapping[int, Document]
"""The documents, or the reference documents alone, by index: a verdict names its record's id."""
_SENTENCE_END = frozenset(".!?…")


@dataclass(frozen=True)
class _Piece:
    """Quoted words between marks and ellipses: ``text[start:end]``."""

    start: int
    end: int
    keys: tuple[str, ...]
    after_ellipsis: bool


@dataclass(frozen=True)
class _Verdict:
    source: QuoteSource | None
    fidelity: float | None
    label: AuditLabel
    flags: tuple[Flag, ...]
    edits: tuple[Edit, ...]
    speaker: str | None
    speakers: tuple[tuple[str | None, str | None], ...] = ()
    """Whose turn each passage outside the record's own quotations is in:
    the speaker's identity and label."""
    passages: tuple[QuoteSource, ...] = ()


def audit_documents(
    media: Sequence[int],
    matcher: Matcher,
    documents: Sequence[Document],
    *,
    material_weight: float,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Quote]:
    """The verdicts on the quotations of the documents numbered ``media``, numbered q1, q2, ...

    Each media document's quotations, their speakers and their verdicts
    depend on nothing but it and the references, so with ``jobs`` above 1
    runs of media documents are audited in that many processes (which
    receive the matcher once, as they start), and their quotations are
    numbered in document order here: the quotes are the same for any number
    of jobs. ``progress`` is told how many documents are done.
    """
    bounds = bounds_of_sizes([len(documents[index].text) for index in media], jobs)
    batches = [list(media[lo:hi]) for lo, hi in bounds]
    quotes: list[Quote] = []
    if jobs <= 1 or len(batches) <= 1:
        _number((_audit_batch(batch, matcher, documents, material_weight) for batch in batches),
                quotes, progress)
        return quotes
    with workers(max_workers=min(jobs, len(batches)), initializer=_receive,
                 initargs=(matcher, documents, material_weight)) as pool:
        _number(pool.map(_audit_shared, batches), quotes, progress)
    return quotes


def numbered(found: Iterable[Sequence[Quote]]) -> list[Quote]:
    """Each media document's quotes, in document order, numbered q1, q2, ... across them all.

    As :func:`audit_documents` numbers them: for an engine that audits the
    documents elsewhere (``dedup.engines.spark``).
    """
    quotes: list[Quote] = []
    _number(iter([list(found)]), quotes, None)
    return quotes


def _number(batches: Iterator[Sequence[Sequence[Quote]]], quotes: list[Quote],
            progress: Callable[[int], None] | None) -> None:
    """Append each document's quotes to ``quotes``, numbered on from those before."""
    done = 0
    for batch in batches:
        for found in batch:
            first = len(quotes) + 1
            quotes.extend(replace(quote, id=f"q{first + number}")
                          for number, quote in enumerate(found))
            done += 1
            if progress is not None:
                progress(done)


_shared: tuple[Matcher, Sequence[Document], float] | None = None
"""In a worker: the matcher, the documents and the material weight (``audit_documents``)."""


def _receive(matcher: Matcher, documents: Sequence[Document], material_weight: float) -> None:
    global _shared
    _shared = (matcher, documents, material_weight)


def _audit_shared(batch: list[int]) -> list[list[Quote]]:
    """In a worker: ``_audit_batch`` with what the worker received as it started."""
    if _shared is None:
        raise RuntimeError("the worker was started without the matcher")
    return _audit_batch(batch, *_shared)


def _audit_batch(
    batch: list[int], matcher: Matcher, documents: Sequence[Document], material_weight: float
) -> list[list[Quote]]:
    """The quotes of each document of ``batch``, each document's numbered from q1."""
    return [audit_media(documents[index], matcher, documents, material_weight=material_weight)
            for index in batch]


def audit_media(doc: Document, matcher: Matcher, documents: Documents, *,
                material_weight: float) -> list[Quote]:
    """The quotes of one media document: its quotations, their speakers, their verdicts.

    Numbered from q1. ``documents`` need hold only the reference
    documents, by their index (the matcher's ``Reference.doc``).
    """
    quotations = extract(doc.text)
    return audit_document(doc, quotations, speakers(doc.text, quotations), matcher, documents,
                          material_weight=material_weight)


def audit_document(
    doc: Document,
    quotations: Sequence[Quotation],
    speakers: Sequence[str | None],
    matcher: Matcher,
    documents: Documents,
    *,
    material_weight: float,
    first_id: int = 1,
) -> list[Quote]:
    """The verdict on every quotation of one media document, numbered from ``first_id``."""
    quotes = []
    furniture = page_furniture(doc.text) if quotations else []
    second_hand = {inner.start for quotation in quotations for inner in quotation.within}
    for number, (quotation, speaker) in enumerate(zip(quotations, speakers, strict=True)):
        if quotation.within and _on_record(doc.text, quotation, matcher, furniture):
            # The speaker's own words are on record: so are the words they
            # quote, and the whole quotation is judged (the quotation within
            # is judged on its own too). Else those words are all the
            # speaker's, and on no record.
            quotation = quotation.whole()
        verdict = _judge(doc.text, quotation, speaker, matcher, documents, material_weight,
                         furniture, quotation.start in second_hand)
        quotes.append(Quote(
            id=f"q{first_id + number}",
            doc=doc.id,
            start=quotation.start,
            end=quotation.end,
            text=doc.text[quotation.start : quotation.end],
            speaker=speaker,
            short=quotation.short,
            fragments=quotation.fragments,
            source=verdict.source,
            fidelity=verdict.fidelity,
            label=verdict.label,
            flags=verdict.flags,
            edits=verdict.edits,
            passages=verdict.passages,
        ))
    return quotes


def _judge(
    text: str,
    quotation: Quotation,
    speaker: str | None,
    matcher: Matcher,
    documents: Documents,
    weight: float,
    furniture: Sequence[tuple[int, int]] = (),
    second_hand: bool = False,
) -> _Verdict:
    """Verdict in the speaker's turns; else misattributed if another said it.

    A ``second_hand`` quotation (one within another: "Stoltenberg said:
    “Zelensky told me ‘...’”") is found in anyone's turns: its speaker
    is whom the outer speaker names, and the record holding it is that
    speaker's turn (Stoltenberg's, quoting Zelensky).
    """
    pieces = _pieces(text, quotation, furniture)

    def theirs(turn: Turn) -> bool:
        return same_speaker(speaker, turn.identity)

    own = _verdict(text, quotation, pieces, matcher, documents, weight, theirs)
    if speaker is None or quotation.short or own.label in _FOUND and _inserted(
            own.edits) < MIN_PART:
        return own
    anyone = _verdict(text, quotation, pieces, matcher, documents, weight, lambda turn: True)
    if own.label in _FOUND:
        # Words of the quotation its speaker never said may be someone
        # else's: a journalist's question spliced to the answer. Then the
        # quotation is no altered copy of the answer but misattributed,
        # if the reading in anyone's turns is the better one.
        others = [(who, label) for who, label in anyone.speakers
                  if not same_speaker(speaker, who)]
        if (anyone.label in _FOUND and others and anyone.source is not None
                and anyone.fidelity is not None and own.fidelity is not None
                and anyone.fidelity > own.fidelity):
            who, label = others[0]
            return _Verdict(replace(anyone.source, speaker=label), anyone.fidelity,
                            "misattributed", anyone.flags, anyone.edits, who, anyone.speakers,
                            anyone.passages)
        return own
    if second_hand and anyone.label != "unsourced":
        return anyone
    if anyone.label in _FOUND and not same_speaker(speaker, anyone.speaker):
        return _Verdict(anyone.source, anyone.fidelity, "misattributed", anyone.flags,
                        anyone.edits, anyone.speaker, anyone.speakers, anyone.passages)
    return own


def _inserted(edits: Sequence[Edit]) -> int:
    """How many quoted words the record does not have (costly insertions)."""
    return sum(len(tokenize(edit.variant)) for edit in edits
               if edit.op == "insert" and not edit.cosmetic)


def _on_record(
    text: str, quotation: Quotation, matcher: Matcher, furniture: Sequence[tuple[int, int]]
) -> bool:
    """Whether some of a quotation's own words are in a reference, whoever said them.

    As many as a quotation must have found not to be ``unsourced``:
    ``min(_MIN_WORDS, its words)``.
    """
    pieces = _pieces(text, quotation, furniture)
    found = _located(quotation, pieces, matcher, lambda turn: True)
    words = sum(len(piece.keys) for piece in pieces)
    return sum(part.matched for _, part in found) >= min(_MIN_WORDS, words)


def _pieces(
    text: str, quotation: Quotation, furniture: Sequence[tuple[int, int]] = ()
) -> list[_Piece]:
    """The fragments of a quotation cut at their ellipses, with their words' keys.

    Hashtags and handles that end the quotation (``“... must be established
    #Bucha #NATO”``) are the post's tags, not quoted words; nor is the link
    a platform puts after the ellipsis where it cuts a long post (``“... until
    a few... See more``, ``mili…more``); nor are the page number and running
    header of a PDF's page break inside it (``furniture``, the document's).
    """
    pieces = []
    last = quotation.fragments[-1]
    for fragment in quotation.fragments:
        cuts = list(_ELLIPSIS.finditer(text, fragment.start, fragment.end))
        starts = [(fragment.start, False)] + [(cut.end(), True) for cut in cuts]
        ends = [cut.start() for cut in cuts] + [fragment.end]
        through = [cut.end() for cut in cuts] + [fragment.end]  # with the ellipsis after
        pending = False
        for (low, cut_before), high, past in zip(starts, ends, through, strict=True):
            pending = pending or cut_before
            tokens = tokenize(text, low, high)
            if furniture and tokens:
                tokens = _outside(tokens, furniture)
            if fragment is last and high == fragment.end:
                while len(tokens) > 1 and text[tokens[-1].start - 1] in "#@":
                    tokens.pop()
                if cut_before and tokens and _see_more(text, quotation, tokens):
                    tokens = []  # the platform's link after the cut, not quoted
            if tokens:
                keys = tuple(spelling_key(t.norm) for t in tokens)
                # An ellipsis touching the last word stays with it: it may
                # cut that word ("... by the Russian mili…"), a trim.
                end = past if tokens[-1].end == high < past else tokens[-1].end
                pieces.append(_Piece(tokens[0].start, end, keys, pending))
                pending = False
    return pieces


def _outside(tokens: list[Token], spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The tokens that lie in none of the sorted ``spans``."""
    starts = [start for start, _ in spans]
    kept = []
    for token in tokens:
        at = bisect.bisect_right(starts, token.start) - 1
        if at < 0 or token.start >= spans[at][1]:
            kept.append(token)
    return kept


def _see_more(text: str, quotation: Quotation, tokens: Sequence[Token]) -> bool:
    """Whether the words after a quotation's last ellipsis are a platform's ``See more``.

    Only where no mark closes the quotation and nothing follows the words,
    as a platform prints it: ``… See more``, ``…more``; not the speaker's
    ``“We need to do… more.”``.
    """
    closing_mark = text[quotation.end : quotation.closes].strip()
    if closing_mark or text[tokens[-1].end : quotation.end].strip():
        return False
    return tuple(t.norm for t in tokens) in _SEE_MORE


@dataclass(frozen=True)
class _Passage:
    """Consecutive parts that continue each other in one reference."""

    ref: int
    src_lo: int
    src_hi: int
    pieces: tuple[int, ...]


def _verdict(
    text: str,
    quotation: Quotation,
    pieces: Sequence[_Piece],
    matcher: Matcher,
    documents: Documents,
    weight: float,
    allowed: Allowed,
) -> _Verdict:
    """Locate the pieces in the allowed turns and score the quotation against them."""
    found = _located(quotation, pieces, matcher, allowed)
    breaks = _breaks(found, pieces)
    if breaks and not quotation.short:
        # Two versions of one speech (as prepared and as delivered, a release
        # and its correction, in two records or one) share most words: a
        # fragment in both is found in the first, and a quotation of the
        # other would glue passages of two versions, a splice. So ties go,
        # in turn, to the place of each part found; the reading with the
        # fewest breaks wins (the first on a tie), where it finds as many words.
        matched = sum(part.matched for _, part in found)
        for _, part in list(found):
            again = _located(quotation, pieces, matcher, allowed, (part.ref, part.src_lo))
            if (_breaks(again, pieces) < breaks
                    and sum(other.matched for _, other in again) >= matched):
                found, breaks = again, _breaks(again, pieces)
    found = _without_chance(found)
    words = sum(len(p.keys) for p in pieces)
    matched = sum(part.matched for _, part in found)
    if not found or matched < min(_MIN_WORDS, words) or 2 * matched < words:
        return _Verdict(None, None, "unsourced", (), (), None)
    refs = matcher.references
    passages: list[_Passage] = []
    splices: list[tuple[_Passage, _Passage]] = []
    cuts: list[tuple[_Passage, _Passage]] = []  # passages an ellipsis joins
    ellipsis = any(p.after_ellipsis for p in pieces) or bool(
        _ELLIPSIS.search(text, quotation.start, quotation.end)
    )
    for index, part in found:
        marked = bool(passages) and index != passages[-1].pieces[-1] and pieces[
            index].after_ellipsis
        if passages:
            last = passages[-1]
            if last.ref == part.ref and (
                    last.src_hi - 1 <= part.src_lo <= last.src_hi
                    or not marked and _omission(refs[part.ref], last.src_hi, part.src_lo)):
                passages[-1] = _Passage(last.ref, last.src_lo, max(last.src_hi, part.src_hi),
                                        (*last.pieces, index))
                continue
        passage = _Passage(part.ref, part.src_lo, part.src_hi, (index,))
        # An ellipsis marks words left out, in order: the words after it
        # from before the words it follows, or from another record, are
        # glued on, a splice all the same.
        if passages and marked and passages[-1].ref == part.ref and (
                passages[-1].src_hi <= part.src_lo):
            cuts.append((passages[-1], passage))
        elif passages:
            splices.append((passages[-1], passage))
        passages.append(passage)
    # The record's own words between two of its quotations ("``A,'' he said.
    # ``B''") are its reporter's, not the speaker's: the quotation that leaves
    # them out neither drops them nor splices.
    splices = [(before, after) for before, after in splices
               if not _attribution_between(refs[before.ref], before, after)]
    runs = [(p, lo, hi) for p in passages for lo, hi in _speech_runs(refs[p.ref], p)]
    source_texts = [_span_text(refs[p.ref], lo, hi, words_only=True)
                    for p, lo, hi in runs]
    quoted = "\n".join(text[p.start : p.end] for p in pieces)
    scored = score("\n".join(t for _, _, t in source_texts), quoted, material_weight=weight,
                   context=False)
    first = passages[0]
    ref = refs[first.ref]
    same = [(lo, hi) for p, lo, hi in runs if p.ref == first.ref]
    start, end, source_text = _span_text(ref, min(lo for lo, _ in same),
                                         max(hi for _, hi in same))
    # What an ellipsis leaves out costs nothing, unless it changes what was
    # said (``has … witnessed`` for ``has not witnessed``): no ellipsis
    # excuses a material edit.
    cut_edits: list[Edit] = []
    cut_cost = 0.0
    cut_words = 0
    for before, after in cuts:
        found_cut = _material_cut(refs[before.ref], before, after, weight)
        if found_cut is None:
            continue
        edits_here, cost_here = found_cut
        # The edits' source offsets are into the record's text: make them
        # the source passage's, when the cut is in its record.
        source_at = _Joined([(0 if before.ref == first.ref else None, len(ref.text))],
                            shift=-start)
        point = pieces[after.pieces[0]].start - quotation.start
        cut_edits.extend(replace(edit, source_start=source_at(edit.source_start),
                                 source_end=source_at(edit.source_end),
                                 variant_start=point, variant_end=point)
                         for edit in edits_here)
        cut_cost += cost_here
        cut_words += after.src_lo - before.src_hi
    source_words = sum(hi - lo for _, lo, hi in runs) + cut_words
    fidelity = fidelity_of(scored.cost + weight * len(splices) + cut_cost, source_words)
    label: AuditLabel = scored.fidelity.label
    if (splices or cut_edits) and label in ("verbatim", "cosmetic"):
        label = "altered"
    # The edits' offsets are into the joined texts scored above: put them
    # back into the quotation's text and the source passage's.
    variant_at = _Joined([(p.start - quotation.start, p.end - p.start) for p in pieces],
                         shift=scored.start)
    source_at = _Joined([(at - start if p.ref == first.ref else None, len(words))
                         for (p, _, _), (at, _, words) in zip(runs, source_texts, strict=True)])
    edits = [replace(edit,
                     source_start=source_at(edit.source_start),
                     source_end=source_at(edit.source_end),
                     variant_start=variant_at(edit.variant_start),
                     variant_end=variant_at(edit.variant_end))
             for edit in scored.fidelity.edits]
    edits.extend(cut_edits)
    for before, after in splices:
        if before.ref == after.ref and before.src_hi <= after.src_lo:
            skipped_in = refs[before.ref]  # not ``ref``: the source's record, named below
            skipped = _span_text(skipped_in, before.src_hi, after.src_lo)[2]
        else:
            skipped = SPLICE_ELSEWHERE  # the passages are in another order, or documents
        edits.append(Edit("delete", _abridged(skipped), ""))
    flags: list[Flag] = []
    # Or it cuts a word at an ellipsis ("... away from Ky…"): the passage ends
    # with the sentence, but not all of its last word is quoted.
    # A record without sentence punctuation (automatic captions) has its
    # sentences cut by time: a quotation neither trims nor joins them.
    if scored.fidelity.trimmed or any(refs[p.ref].punctuated and _trimmed(refs[p.ref], p)
                                      for p in passages):
        flags.append("trimmed")
    if any(refs[p.ref].punctuated and _joined(refs[p.ref].sentence_starts, p)
           for p in passages):
        flags.append("joined")
    if splices:
        flags.append("spliced")
    if ellipsis:
        flags.append("ellipsis")
    turn = ref.turn_at(first.src_lo)
    source = QuoteSource(documents[ref.doc].id, start, end, source_text, turn.speaker)
    # Who speaks in a record that quotes its speakers (agency copy: ``Mr
    # Dodd carried on: “...”``) is told by its reporter's words, which
    # turns do not follow: only a transcript's labelled turns say whose
    # words a passage is.
    speakers = tuple((at.identity, at.speaker) for p in passages
                     if not any(refs[p.ref].quoted[p.src_lo : p.src_hi])
                     for at in [refs[p.ref].turn_at(p.src_lo)])
    return _Verdict(source, fidelity, label, tuple(flags), tuple(edits), turn.identity,
                    speakers, _located_passages(passages, runs, refs, documents))


def _located_passages(passages: Sequence[_Passage], runs: Sequence[tuple[_Passage, int, int]],
                      refs: Sequence[Reference], documents: Documents) -> tuple[QuoteSource, ...]:
    """Each passage's words in its record, in the quotation's order.

    Where each piece of a splice comes from: ``source``, the first record's
    span, cannot say it for another record's.
    """
    located = []
    for passage in passages:
        spans = [(lo, hi) for p, lo, hi in runs if p is passage]
        if not spans:
            continue
        ref = refs[passage.ref]
        start, end, words = _span_text(ref, min(lo for lo, _ in spans), max(hi for _, hi in spans))
        located.append(QuoteSource(documents[ref.doc].id, start, end, words,
                                   ref.turn_at(passage.src_lo).speaker))
    return tuple(located)


_MAX_CUT = WINDOW
"""Most source words an ellipsis leaves out that are checked for a material edit.

A material omission holds little besides the negation, number, modal or
name it drops (``not``, ``will``): a longer cut is a clause left out."""
_CUT_CONTEXT = 3
"""Source words on either side of a cut that it is scored between."""


def _material_cut(
    ref: Reference, before: _Passage, after: _Passage, weight: float
) -> tuple[list[Edit], float] | None:
    """The material edit of the source words an ellipsis leaves out between two passages.

    The words of the record around the cut, with and without the words it
    leaves out, are scored as the scan scores a variant with an ellipsis
    (:func:`dedup.fidelity.score`): a cut is a trim, free here, unless it
    drops a negation, number, modal or name that the words around it need
    (``has … witnessed`` for ``has not witnessed``). Returns the material
    edits (source offsets into ``ref.text``) and their cost; None for a cut
    that is no material edit, or not a cut of one record's words in order.
    """
    lo, hi = before.src_hi, after.src_lo
    if before.ref != after.ref or not 0 < hi - lo <= _MAX_CUT:
        return None
    starts, ends, text = ref.starts, ref.ends, ref.text
    left, right = max(before.src_lo, lo - _CUT_CONTEXT), min(after.src_hi, hi + _CUT_CONTEXT)
    at = starts[left]
    source = text[at : ends[right - 1]]
    variant = text[at : ends[lo - 1]] + " … " + text[starts[hi] : ends[right - 1]]
    scored = score(source, variant, material_weight=weight, context=False)
    edits = [replace(edit, source_start=at + (edit.source_start or 0),
                     source_end=at + (edit.source_end or 0))
             for edit in scored.fidelity.edits if edit.material]
    if not edits:
        return None
    return edits, scored.cost


def _omission(ref: Reference, gap_lo: int, gap_hi: int) -> bool:
    """Whether the source words ``[gap_lo, gap_hi)`` two passages skip are an omission, no splice.

    As within one passage (:func:`dedup.matching.crosses`): up to ``WINDOW``
    words left out inside a sentence, or the end or the start of one
    (``saw two dead bodies [partially covered by clothing.] “The full
    horror``), are an omission; skipping a sentence boundary is a splice,
    and so is a longer stretch (a run-on sentence of speech holds several
    remarks). Where one of the record's own quotations closes in the words
    skipped (or right after them), the record's words after it are its
    reporter's (``families.'' The consultant ... added: “I am``), judged as
    such (:func:`_attribution_between`), not as the speaker's omission.
    """
    if not 0 < gap_hi - gap_lo <= WINDOW or crosses(ref.sentence_starts, gap_lo, gap_hi):
        return False
    quoted = ref.quoted
    return not (quoted and quoted[gap_lo - 1] and not all(quoted[gap_lo : gap_hi + 1]))


_CHANCE_WORDS = MIN_PART + 1
"""Most words of a quotation one record may hold by chance when another holds more."""


def _without_chance(found: list[tuple[int, Part]]) -> list[tuple[int, Part]]:
    """The parts found, without the few words another record holds by chance.

    A leftover of a reworded quotation is looked up on its own, and three or
    four common words (``it was not``, ``for the jury``, ``there was a case
    where``) stand somewhere in a large record by chance: a record that holds
    no more than ``_CHANCE_WORDS`` of the quotation's words, where another
    holds more, is no source of them. Those words are the quotation's own
    (an insertion), not a passage spliced in from another story.
    """
    held: dict[int, int] = {}
    for _, part in found:
        held[part.ref] = held.get(part.ref, 0) + part.matched
    if len(held) < 2:
        return found
    most = max(held.values())
    return [(index, part) for index, part in found
            if not held[part.ref] <= _CHANCE_WORDS < most]


def _located(
    quotation: Quotation,
    pieces: Sequence[_Piece],
    matcher: Matcher,
    allowed: Allowed,
    near: tuple[int, int] | None = None,
) -> list[tuple[int, Part]]:
    """Each piece's parts, by piece, found in the allowed turns (ties nearest ``near``).

    A piece an ellipsis cuts off that is not found on its own, too short to
    look up (``“I will … be specific”``) or with no chain that holds enough
    of it, is looked for word for word
    just after the words before the ellipsis were found, or just before
    the words after it.
    """
    by_piece: list[list[Part]] = []
    for piece in pieces:
        if quotation.short:
            parts = matcher.exact(piece.keys, allowed)
        else:
            parts = matcher.locate(piece.keys, allowed, near)
        previous = next((found[-1] for found in reversed(by_piece) if found), None)
        if (_by_chance(piece, parts) and previous is not None and piece.after_ellipsis
                and not _continues(previous, parts)):
            # Words after an ellipsis: the words it skips are few.
            parts = (matcher.exact_after(piece.keys, previous.ref, previous.src_hi, allowed)
                     or parts)
        by_piece.append(parts)
    for index in range(len(pieces) - 2, -1, -1):
        after, parts = by_piece[index + 1], by_piece[index]
        before = next((found[-1] for found in reversed(by_piece[:index]) if found), None)
        if (_by_chance(pieces[index], parts) and after and pieces[index + 1].after_ellipsis
                and not (parts and _precedes(parts[-1], after[0]))
                and not (before is not None and _continues(before, parts))):
            by_piece[index] = matcher.exact_before(pieces[index].keys, after[0].ref,
                                                   after[0].src_lo, allowed) or parts
    return [(index, part) for index, parts in enumerate(by_piece) for part in parts]


def _by_chance(piece: _Piece, parts: Sequence[Part]) -> bool:
    """Whether a piece is not found, or found only as a few words that may stand anywhere.

    A piece of up to ``_CHANCE_WORDS`` words an ellipsis cuts off (``“When
    it comes … the different partners are able to provide”``) is located
    on its own at the first place its words stand in the record, which
    may be pages away from the rest of the quotation: the same words just
    before or after the piece beside it, across the ellipsis, are where
    they come from.
    """
    return not parts or len(piece.keys) <= _CHANCE_WORDS


def _precedes(part: Part, following: Part) -> bool:
    """Whether ``part`` ends within ``WINDOW`` words before ``following`` in its record."""
    return part.ref == following.ref and (
        following.src_lo - WINDOW <= part.src_hi <= following.src_lo)


def _continues(previous: Part, parts: Sequence[Part]) -> bool:
    """Whether ``parts`` start within ``WINDOW`` words after ``previous`` in its record."""
    return bool(parts) and parts[0].ref == previous.ref and (
        previous.src_hi <= parts[0].src_lo <= previous.src_hi + WINDOW)


def _breaks(found: Sequence[tuple[int, Part]], pieces: Sequence[_Piece]) -> int:
    """How often the next part does not continue the one before in its record.

    A part after an ellipsis that follows the one before in the record,
    words later, continues it: the ellipsis marks the words left out.
    """
    return sum(
        after.ref != before.ref
        or not (before.src_hi - 1 <= after.src_lo <= before.src_hi
                or at != at_before and pieces[at].after_ellipsis and before.src_hi <= after.src_lo)
        for (at_before, before), (at, after) in zip(found, found[1:], strict=False))


class _Joined:
    """Offsets into texts joined by line breaks -> offsets where each text came from.

    ``parts`` are ``(where, length)`` per text, ``where`` None for a text
    from elsewhere (another reference than the source's); an offset at a
    text's end (an insertion point) belongs to that text.
    """

    def __init__(self, parts: Sequence[tuple[int | None, int]], shift: int = 0) -> None:
        self._parts = parts
        self._shift = shift

    def __call__(self, offset: int | None) -> int | None:
        if offset is None:
            return None
        offset += self._shift
        low = 0
        for where, length in self._parts:
            if offset <= low + length:
                return None if where is None or offset < low else where + offset - low
            low += length + 1
        return None


def _speech_runs(ref: Reference, passage: _Passage) -> list[tuple[int, int]]:
    r"""The passage's words without the record's attribution between two of its quotations.

    The words between two of the record's quotations go when they say who
    spoke (:func:`_attribution`); else, when the sentence they end with
    introduces the next quotation (:func:`dedup.attribution.introduces`),
    that sentence goes: a record whose marks leave some of the speaker's
    words unquoted (``“I have the right to say what I believe.\nI have a
    lot of support.<\nHe added: “Let Prince Philip sue me``) keeps them,
    but not its reporter's ``He added``, which no quotation holds.
    """
    quoted = ref.quoted
    if not quoted or all(quoted[passage.src_lo : passage.src_hi]) or not any(
        quoted[passage.src_lo : passage.src_hi]
    ):
        return [(passage.src_lo, passage.src_hi)]
    runs: list[tuple[int, int]] = []
    lo, hi = _inside_attributions(ref, passage.src_lo, passage.src_hi)
    at = lo
    seen_quoted = False  # a quotation of the record's opened in the passage before ``at``
    while at < hi:
        if quoted[at] or not seen_quoted:
            seen_quoted = seen_quoted or bool(quoted[at])
            at += 1
            continue
        gap_end = at
        while gap_end < hi and not quoted[gap_end]:
            gap_end += 1
        if gap_end < hi and _attribution(ref, at, gap_end):
            runs.append((lo, at))
            lo = gap_end
        elif gap_end < hi:
            opening = _introduction(ref, at, gap_end)
            if opening is not None:
                runs.append((lo, opening))
                lo = gap_end
        at = gap_end
    runs.append((lo, hi))
    return runs


def _introduction(ref: Reference, lo: int, hi: int) -> int | None:
    """Where the last sentence of the record's words ``[lo, hi)`` starts, if it introduces ``hi``.

    The sentence must start after ``lo`` (the words all one introduction
    are :func:`_attribution`'s) and be a reporter's narration ending with a
    verb of saying, of at most ``2 * _ATTRIBUTION_WORDS`` words.
    """
    sentences = ref.sentence_starts
    at = bisect.bisect_right(sentences, hi - 1) - 1
    if at < 0 or not lo < sentences[at] or hi - sentences[at] > 2 * _ATTRIBUTION_WORDS:
        return None
    opening = sentences[at]
    return opening if introduces(ref.text[ref.starts[opening] : ref.ends[hi - 1]]) else None


def _inside_attributions(ref: Reference, lo: int, hi: int) -> tuple[int, int]:
    """Words ``[lo, hi)`` without the record's own words that introduce or attribute its quotation.

    A passage aligned from a quotation's first or last words can reach
    into the agency copy's ``He told the jury: “`` or ``”, he said.``: the
    reporter's words, which no quotation of the speaker holds, so scoring
    them would make edits of them (``He added My father`` for ``He``). The
    words before the record's first quoted word, from its sentence's start
    (or a quotation before in it), go when they end with a verb of saying;
    those after its last, to its sentence's end (or a quotation after in
    it), when they are a few with one.
    """
    quoted, sentences = ref.quoted, ref.sentence_starts
    first = next(at for at in range(lo, hi) if quoted[at])
    sentence_of = bisect.bisect_right
    if first > lo and sentence_of(sentences, lo) == sentence_of(sentences, first):
        # Back to the sentence's start, or to the end of a quotation before in it.
        sentence = sentences[max(0, sentence_of(sentences, lo) - 1)] if sentences else 0
        opening = lo
        while opening > sentence and not quoted[opening - 1]:
            opening -= 1
        if first - opening <= 2 * _ATTRIBUTION_WORDS and introduces(
                ref.text[ref.starts[opening] : ref.ends[first - 1]]):
            lo = first
    last = next(at for at in range(hi - 1, lo - 1, -1) if quoted[at]) + 1
    if last < hi and sentence_of(sentences, last - 1) == sentence_of(sentences, last):
        # On to the sentence's end, or to the start of a quotation after in it.
        closing = sentence_of(sentences, last)
        sentence_end = sentences[closing] if closing < len(sentences) else len(ref.keys)
        end = last
        while end < sentence_end and not quoted[end]:
            end += 1
        if end - last <= _ATTRIBUTION_WORDS and _attribution(ref, last, end):
            hi = last
    return lo, hi


def _attribution_between(ref: Reference, before: _Passage, after: _Passage) -> bool:
    """Whether the words a splice skips are the record's own, between two of its quotations."""
    quoted = ref.quoted
    if not quoted or before.ref != after.ref or not before.src_hi < after.src_lo:
        return False
    return (bool(quoted[before.src_hi - 1] and quoted[after.src_lo])
            and not any(quoted[before.src_hi : after.src_lo])
            and _attribution(ref, before.src_hi, after.src_lo))


_ATTRIBUTION_WORDS = 12


def _attribution(ref: Reference, lo: int, hi: int) -> bool:
    """Whether the record's words ``[lo, hi)`` between two of its quotations say who spoke.

    A few words with a verb of saying (``Mr Stoltenberg told reporters on
    Tuesday``): not a sentence a quotation's marks were misread around; or
    up to twice as many that end with one and report nothing said (``The
    consultant anaesthetist fought back tears as, head bowed, he composed
    himself and added``: :func:`dedup.attribution.introduces`).
    """
    if hi - lo > 2 * _ATTRIBUTION_WORDS:
        return False
    text = ref.text[ref.starts[lo] : ref.ends[hi - 1]]
    return says(text) if hi - lo <= _ATTRIBUTION_WORDS else introduces(text)


def _span_text(ref: Reference, lo: int, hi: int,
               words_only: bool = False) -> tuple[int, int, str]:
    """Offsets and text of the reference's words ``[lo, hi)``, with a sentence stop after the last.

    With ``words_only``, the words of a reference that are no one's (its
    page furniture, time codes: :func:`dedup.matching.reference` leaves
    them out of its words) are spaces, for scoring: a quotation that runs
    on across a PDF's page break leaves out no words where it leaves out
    the running header.
    """
    if hi <= lo:
        return 0, 0, ""
    text, starts, ends = ref.text, ref.starts, ref.ends
    start = starts[lo]
    end = ends[hi - 1]
    while end < len(text) and text[end] in _SENTENCE_END:
        end += 1
    if not words_only:
        return start, end, text[start:end]
    pieces = [text[start : ends[lo]]]
    for after in range(lo + 1, hi):
        gap = _NOTE_WORD.sub(lambda word: " " * len(word.group()),
                             text[ends[after - 1] : starts[after]])
        pieces += [gap, text[starts[after] : ends[after]]]
    return start, end, "".join(pieces) + text[ends[hi - 1] : end]


# A word between two tokens: one left out of them as no one's words.
_NOTE_WORD = re.compile(r"\w+")


def _abridged(words: str, keep: int = 6) -> str:
    """The skipped source words, first and last ``keep`` of them when many."""
    parts = words.split()
    if len(parts) <= 2 * keep + 1:
        return " ".join(parts)
    return " ".join(parts[:keep]) + " … " + " ".join(parts[-keep:])


def _trimmed(ref: Reference, passage: _Passage) -> bool:
    """Whether a passage starts or ends inside a source sentence.

    In a record that quotes its speaker (a press release: ``“A,” chairman
    Richard Parsons said.``), the speaker's words are the quotation, not
    the sentence around it: a passage that starts where one of the
    record's quotations opens, or ends where one closes, does not start or
    end inside the sentence there.
    """
    size, quoted = len(ref.keys), ref.quoted
    starts = set(ref.sentence_starts) | {size}
    opens = passage.src_lo in starts or (
        bool(quoted) and quoted[passage.src_lo]
        and (passage.src_lo == 0 or not quoted[passage.src_lo - 1]))
    closes = passage.src_hi in starts or (
        bool(quoted) and quoted[passage.src_hi - 1]
        and (passage.src_hi == size or not quoted[passage.src_hi]))
    return not (opens and closes)


def _joined(sentence_starts: Sequence[int], passage: _Passage) -> bool:
    """Whether a passage runs over a sentence boundary."""
    return any(passage.src_lo < s < passage.src_hi for s in sentence_starts)
