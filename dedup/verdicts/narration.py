"""The record's own words between its quotations, which are no one's quoted words.

In: the record's text between two passages a quotation joins. Out:
whether it is the record's narration: a few words with a verb of saying
(``“A,” Mr X told reporters. “B.”``), a longer narration that ends with one
and reports nothing said (``_attribution``), or the sentence that
introduces the record's next quotation after words of the speaker its
marks leave unquoted (``He added:``, ``speech_runs``). A quotation that
joins A and B across such words leaves out nothing and splices nothing.
"""

from __future__ import annotations

import bisect

from dedup import attribution
from dedup.matching import Reference
from dedup.verdicts.pieces import Passage


def speech_runs(ref: Reference, passage: Passage) -> list[tuple[int, int]]:
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
    narration = ref.text[ref.starts[opening] : ref.ends[hi - 1]]
    return opening if attribution.introduces(narration) else None


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
        if first - opening <= 2 * _ATTRIBUTION_WORDS and attribution.introduces(
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


def attribution_between(ref: Reference, before: Passage, after: Passage) -> bool:
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
    return attribution.says(text) if hi - lo <= _ATTRIBUTION_WORDS else attribution.introduces(text)
