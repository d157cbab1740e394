"""Step 2: a piece aligned to a region's words, and the best chain of equal blocks.

``best_chain`` aligns the piece to the region with rapidfuzz's ``Indel``
on spelling keys and chains the equal blocks left to right, never across
a sentence boundary, realigning before and after the sentences when the
region's alignment pairs words with a copy in a sentence nearby; the
edge words left over stand for the source words beside them.
``crosses`` says whether a span of source words holds a sentence start.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from dedup.matching.record import MIN_PART, Reference

_MAX_LEFT_OUT = 4
"""Most source words a quotation's first or last words may leave out to join its chain."""


@dataclass(frozen=True)
class Chain:
    """Equal blocks chained: their worth (words matched, less what the gaps cost) and their spans.

    ``matched`` words of the piece's ``[var_lo, var_hi)`` against the
    reference's ``[src_lo, src_hi)``.
    """

    value: float
    matched: int
    src_lo: int
    src_hi: int
    var_lo: int
    var_hi: int


def best_chain(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``.

    The longest common subsequence over a whole region may pair the
    piece's words with copies in another sentence than the one that holds
    them all: "we need to" of "And we need to put our support" with "But
    we need to do even more." before "And we need to put our support on
    ...", so the chain is "But we need to" and the rest a second part, a
    splice. A chain that leaves words of the piece out is therefore
    aligned again in the region's words before and after its sentences,
    and the best of the three is kept (see also :func:`_chain_near`).
    """
    chain = _chain_near(ref, lo, hi, keys)
    if chain is None or chain.matched >= len(keys):
        return chain
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo) - 1
    first = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, chain.src_hi - 1)
    last = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    for other_lo, other_hi in ((lo, first), (last, hi)):
        if other_hi - other_lo < min(MIN_PART, len(keys)):
            continue
        other = _chain_near(ref, other_lo, other_hi, keys)
        if other is not None and other.value > chain.value:
            chain = other
    return chain


def _chain_near(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> Chain | None:
    """Best chain in ``ref.keys[lo:hi]``, aligned again within the sentences it lies in.

    The longest common subsequence over a whole region may pair the
    piece's first words with copies in an earlier sentence ("We will" of
    "We will recognise" with "We have ... will deliver" before "We will
    never recognise"): blocks that cannot chain across the sentence
    boundary, so the chain would start later, with "We" an insertion. The
    chain is therefore aligned again within the sentences it lies in,
    widened by the piece's words left over on either side, and the better
    of the two is kept.
    """
    chain = _chain_in(ref, lo, hi, keys)
    if chain is None:
        return None
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo - chain.var_lo) - 1
    near_lo = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, chain.src_hi + len(keys) - chain.var_hi - 1)
    near_hi = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    if (near_lo, near_hi) == (lo, hi) or near_lo >= near_hi:
        return chain
    near = _chain_in(ref, near_lo, near_hi, keys)
    return near if near is not None and near.value > chain.value else chain


def _chain_in(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``.

    A chain that starts with a few words at the end of a sentence and runs
    on into the next gives way to one that starts with that next sentence,
    when that is as good: "Bennett told the jury ..." quoted from "...
    heading straight for Bennett. Bennett told the jury ...", or "She said
    she considered ..." from "..., she said. She said she considered ...".
    The longest common subsequence may pair the quotation's first words
    with the copies that end the sentence before, and the chain then takes
    them from there, leaving out the same words where the next sentence
    opens with them: the quotation's source would start in the sentence
    before (``trimmed``) with its first words left out as a stutter.
    """
    chain = _chain_from(ref, lo, hi, keys)
    if chain is None:
        return None
    at = bisect.bisect_right(ref.sentence_starts, chain.src_lo)
    if at < len(ref.sentence_starts):
        opens = ref.sentence_starts[at]  # the next sentence
        if chain.src_lo < opens < chain.src_hi and opens - chain.src_lo <= _MAX_SENTENCE_END:
            after = _chain_from(ref, opens, hi, keys)
            if after is not None and after.value >= chain.value:
                return after
    return chain


_MAX_SENTENCE_END = 3
"""Most words at the end of a sentence a chain may start with and still give way (``_chain_in``)."""


def _chain_from(ref: Reference, lo: int, hi: int, keys: Sequence[str]) -> Chain | None:
    """Best left-to-right chain of equal blocks between ``ref.keys[lo:hi]`` and ``keys``."""
    ids: dict[str, int] = {}
    src = [ids.setdefault(k, len(ids)) for k in ref.keys[lo:hi]]
    var = [ids.setdefault(k, len(ids)) for k in keys]
    blocks = [(op.src_start + lo, op.src_end + lo, op.dest_start, op.dest_end)
              for op in Indel.opcodes(src, var) if op.tag == "equal"]
    if not blocks:
        return None
    values: list[float] = []
    links: list[int] = []
    chained: list[int] = []  # the words of each block's chain
    for j, (s0, s1, v0, _) in enumerate(blocks):
        value, link = float(s1 - s0), -1
        for i in range(j):
            p0, p1, q0, q1 = blocks[i]
            if s0 > p1 and crosses(ref.sentence_starts, p1, s0):
                continue
            candidate = values[i] + (s1 - s0) - max(s0 - p1, v0 - q1)
            # A tie chains: one changed word between two runs is an edit.
            if candidate > value or (candidate == value and link == -1):
                value, link = candidate, i
        values.append(value)
        links.append(link)
        chained.append(s1 - s0 + (chained[link] if link != -1 else 0))
    # A chain that gains nothing by its last block still ends with it ("these
    # children" for "these young children" drops "young", it does not put
    # "children" for it).
    end = max(range(len(blocks)), key=lambda j: (values[j], chained[j], -j))
    start, matched = end, 0
    at = end
    while at != -1:
        matched += blocks[at][1] - blocks[at][0]
        start = at
        at = links[at]
    src_lo, src_hi, var_lo, var_hi = blocks[start][0], blocks[end][1], blocks[start][2], \
        blocks[end][3]
    # LCS may have paired an edge word ("in the") with a copy outside the
    # chain; take the words right next to the chain when they are equal.
    while src_lo > lo and var_lo > 0 and ref.keys[src_lo - 1] == keys[var_lo - 1]:
        src_lo, var_lo, matched = src_lo - 1, var_lo - 1, matched + 1
    while src_hi < hi and var_hi < len(keys) and ref.keys[src_hi] == keys[var_hi]:
        src_hi, var_hi, matched = src_hi + 1, var_hi + 1, matched + 1
    # Quoted words left before or after the chain stand for as many source
    # words next to it, in its sentence ("worth a few euros" for "worth 188
    # million euros"): a changed first or last word is a replacement, as in
    # a scan, not an insertion beside a trimmed source.
    at = bisect.bisect_right(ref.sentence_starts, src_lo) - 1
    sentence_start = max(lo, ref.sentence_starts[at] if at >= 0 else 0)
    at = bisect.bisect_right(ref.sentence_starts, src_hi - 1)
    sentence_end = min(hi, ref.sentence_starts[at] if at < len(ref.sentence_starts) else hi)
    # Unless they are words of the sentence a few words before (or after) the
    # chain: then the source words between are left out ("We recognise" for
    # "We shall never recognise" drops "shall never", it does not put "We"
    # for "never").
    # A few words: a word or two of the quotation's edge found further
    # away in a long sentence are there by chance ("And" of "And that's the
    # only way" is not the sentence's first word, 19 words before "that's").
    head = tuple(keys[:var_lo])
    for at in range(src_lo - var_lo - 1, max(sentence_start, src_lo - var_lo - _MAX_LEFT_OUT) - 1,
                    -1) if head else ():
        if ref.keys[at : at + var_lo] == head:
            src_lo, matched, var_lo = at, matched + len(head), 0
            break
    tail = tuple(keys[var_hi:])
    for at in range(src_hi + 1, min(sentence_end - len(tail), src_hi + _MAX_LEFT_OUT) + 1
                    ) if tail else ():
        if ref.keys[at : at + len(tail)] == tail:
            src_hi, matched, var_hi = at + len(tail), matched + len(tail), len(keys)
            break
    before = min(var_lo, src_lo - sentence_start)
    after = min(len(keys) - var_hi, sentence_end - src_hi)
    # Words enough to be looked for on their own (``MIN_PART``) stand for
    # the source words beside the chain only when they reword them, holding
    # half of those words ("professional and personal credibility" for
    # "personal and professional integrity"); else they are located again
    # (``Matcher.locate``): "It was a hanging committee" before "so to
    # speak" stands for no "1994, after attending what was" before it.
    if before >= MIN_PART and not _rewords(keys[:var_lo], ref.keys[src_lo - before : src_lo]):
        before = 0
    if after >= MIN_PART and not _rewords(keys[var_hi:], ref.keys[src_hi : src_hi + after]):
        after = 0
    # A word or two left over whose outermost word stands a few words further
    # on in the sentence ("he would succeed" for "he was going to succeed",
    # "throw a punch" for "throw the first punch") stand for the source
    # words up to it, not for as many as they are: the source ends with the
    # quotation's last word, and "would" replaces "was going to".
    # So does an edge word that is two source words written as one ("is
    # notacceptable" for "is not acceptable"): the source takes both.
    lead, trail = before, after
    if 0 < var_lo < MIN_PART and before == var_lo:
        for at in range(src_lo - before, max(sentence_start, src_lo - before - _MAX_LEFT_OUT) - 1,
                        -1):
            if at < src_lo - before and ref.keys[at] == keys[0]:
                lead = src_lo - at
                break
            if at > sentence_start and ref.keys[at - 1] + ref.keys[at] == keys[0]:
                lead = src_lo - at + 1
                break
    if 0 < len(keys) - var_hi < MIN_PART and after == len(keys) - var_hi:
        for at in range(src_hi + after - 1, min(sentence_end, src_hi + after + _MAX_LEFT_OUT)):
            if at >= src_hi + after and ref.keys[at] == keys[-1]:
                trail = at + 1 - src_hi
                break
            if at + 1 < sentence_end and ref.keys[at] + ref.keys[at + 1] == keys[-1]:
                trail = at + 2 - src_hi
                break
    return Chain(values[end] + matched, matched, src_lo - lead, src_hi + trail,
                 var_lo - before, var_hi + after)


def _rewords(quoted: Sequence[str], source: Sequence[str]) -> bool:
    """Whether at least half of the source words are among the quoted words."""
    words = set(quoted)
    return 2 * sum(key in words for key in source) >= len(source)


def crosses(sentence_starts: Sequence[int], gap_lo: int, gap_hi: int) -> bool:
    """Whether skipped source words ``[gap_lo, gap_hi)`` hold a sentence boundary.

    A sentence starts inside them, or they are whole sentences. The end of a
    sentence left out (``what was happening [to her]. She would``) is an
    omission, as its start is (``we expect. [So] this is``): no splice.
    """
    at = bisect.bisect_right(sentence_starts, gap_lo)
    if at < len(sentence_starts) and sentence_starts[at] < gap_hi:
        return True
    return is_start(sentence_starts, gap_lo) and is_start(sentence_starts, gap_hi)


def is_start(sentence_starts: Sequence[int], token: int) -> bool:
    """Whether a sentence starts at ``token``."""
    at = bisect.bisect_left(sentence_starts, token)
    return at < len(sentence_starts) and sentence_starts[at] == token
