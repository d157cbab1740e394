"""The verdict on one quotation: its passages, its score, its label and its flags.

In: one quotation, its speaker, the ``Matcher`` and the references. Out:
a ``dedup.models.Quote``. ``judge_quotation`` locates the pieces in the
speaker's turns (or anywhere, for an unknown speaker, and in another
speaker's turns for ``misattributed``), joins consecutive parts into
passages, scores the quoted words against the passages' words with
``dedup.fidelity.score``, adds each splice's cost and edit, and sets
the flags (``trimmed``, ``joined``, ``spliced``, ``ellipsis``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dedup.attribution import Turn, same_speaker
from dedup.fidelity import fidelity_of, score
from dedup.matching import MIN_PART, WINDOW, Allowed, Matcher, Part, Reference, crosses
from dedup.models import (
    SPLICE_ELSEWHERE,
    AuditLabel,
    Edit,
    Flag,
    QuoteSource,
)
from dedup.quotes import Quotation
from dedup.verdicts.narration import attribution_between, speech_runs
from dedup.verdicts.pieces import (
    ELLIPSIS,
    FOUND,
    MIN_WORDS,
    Documents,
    Passage,
    Piece,
    cut_into_pieces,
    inserted,
    locate_pieces,
    without_chance,
)

_SENTENCE_END = frozenset(".!?…")


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


def judge_quotation(
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
    pieces = cut_into_pieces(text, quotation, furniture)

    def theirs(turn: Turn) -> bool:
        return same_speaker(speaker, turn.identity)

    own = _verdict(text, quotation, pieces, matcher, documents, weight, theirs)
    if speaker is None or quotation.short or own.label in FOUND and inserted(
            own.edits) < MIN_PART:
        return own
    anyone = _verdict(text, quotation, pieces, matcher, documents, weight, lambda turn: True)
    if own.label in FOUND:
        # Words of the quotation its speaker never said may be someone
        # else's: a journalist's question spliced to the answer. Then the
        # quotation is no altered copy of the answer but misattributed,
        # if the reading in anyone's turns is the better one.
        others = [(who, label) for who, label in anyone.speakers
                  if not same_speaker(speaker, who)]
        if (anyone.label in FOUND and others and anyone.source is not None
                and anyone.fidelity is not None and own.fidelity is not None
                and anyone.fidelity > own.fidelity):
            who, label = others[0]
            return _Verdict(replace(anyone.source, speaker=label), anyone.fidelity,
                            "misattributed", anyone.flags, anyone.edits, who, anyone.speakers,
                            anyone.passages)
        return own
    if second_hand and anyone.label != "unsourced":
        return anyone
    if anyone.label in FOUND and not same_speaker(speaker, anyone.speaker):
        return _Verdict(anyone.source, anyone.fidelity, "misattributed", anyone.flags,
                        anyone.edits, anyone.speaker, anyone.speakers, anyone.passages)
    return own


def _verdict(
    text: str,
    quotation: Quotation,
    pieces: Sequence[Piece],
    matcher: Matcher,
    documents: Documents,
    weight: float,
    allowed: Allowed,
) -> _Verdict:
    """Locate the pieces in the allowed turns and score the quotation against them."""
    found = locate_pieces(quotation, pieces, matcher, allowed)
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
            again = locate_pieces(quotation, pieces, matcher, allowed, (part.ref, part.src_lo))
            if (_breaks(again, pieces) < breaks
                    and sum(other.matched for _, other in again) >= matched):
                found, breaks = again, _breaks(again, pieces)
    found = without_chance(found)
    words = sum(len(p.keys) for p in pieces)
    matched = sum(part.matched for _, part in found)
    if not found or matched < min(MIN_WORDS, words) or 2 * matched < words:
        return _Verdict(None, None, "unsourced", (), (), None)
    refs = matcher.references
    passages: list[Passage] = []
    splices: list[tuple[Passage, Passage]] = []
    cuts: list[tuple[Passage, Passage]] = []  # passages an ellipsis joins
    ellipsis = any(p.after_ellipsis for p in pieces) or bool(
        ELLIPSIS.search(text, quotation.start, quotation.end)
    )
    for index, part in found:
        marked = bool(passages) and index != passages[-1].pieces[-1] and pieces[
            index].after_ellipsis
        if passages:
            last = passages[-1]
            if last.ref == part.ref and (
                    last.src_hi - 1 <= part.src_lo <= last.src_hi
                    or not marked and _omission(refs[part.ref], last.src_hi, part.src_lo)):
                passages[-1] = Passage(last.ref, last.src_lo, max(last.src_hi, part.src_hi),
                                       (*last.pieces, index))
                continue
        passage = Passage(part.ref, part.src_lo, part.src_hi, (index,))
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
               if not attribution_between(refs[before.ref], before, after)]
    runs = [(p, lo, hi) for p in passages for lo, hi in speech_runs(refs[p.ref], p)]
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


def _located_passages(passages: Sequence[Passage], runs: Sequence[tuple[Passage, int, int]],
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
    ref: Reference, before: Passage, after: Passage, weight: float
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
    such (:func:`attribution_between`), not as the speaker's omission.
    """
    if not 0 < gap_hi - gap_lo <= WINDOW or crosses(ref.sentence_starts, gap_lo, gap_hi):
        return False
    quoted = ref.quoted
    return not (quoted and quoted[gap_lo - 1] and not all(quoted[gap_lo : gap_hi + 1]))


def _breaks(found: Sequence[tuple[int, Part]], pieces: Sequence[Piece]) -> int:
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


def _trimmed(ref: Reference, passage: Passage) -> bool:
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


def _joined(sentence_starts: Sequence[int], passage: Passage) -> bool:
    """Whether a passage runs over a sentence boundary."""
    return any(passage.src_lo < s < passage.src_hi for s in sentence_starts)
