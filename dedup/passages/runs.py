"""Steps 2 to 4: hits on a diagonal make runs, near runs join into passages, dense ones are kept.

In: the hits of ``dedup.passages.seeds``. Out: the rows of the passages
kept (``passage_table``), in compiled loops: hits sorted by pair and
diagonal (``by_diagonal``), runs joined within ``GAP_WORDS`` on near
diagonals (``join_runs``), each side's seed words counted once.
"""

from __future__ import annotations

import numpy as np

from dedup.jit import njit
from dedup.passages.words import Hits, Words


def by_diagonal(words: Words, hits: list[Hits]) -> tuple[Hits, Hits, Hits, Hits]:
    """The hits by pair, diagonal, then position.

    One sort of a single 64-bit code where pair, diagonal and position fit
    in it (they always do but for corpora of millions of long documents).
    ``hits`` (first and second document, then word in each) is emptied, so
    that each column is let go once it is in the code.
    """
    doc_a, doc_b, a, b = hits
    hits.clear()
    doc_bits = (len(words.offsets) - 2).bit_length()
    word_bits = int(np.diff(words.offsets).max()).bit_length()
    if 2 * doc_bits + 2 * word_bits + 1 >= _CODE_BITS:
        order = np.lexsort((a, b - a, doc_b, doc_a))
        return doc_a[order], doc_b[order], a[order], b[order]
    # pair | diagonal (shifted to be positive) | position in first, built in place
    code = doc_a.astype(np.int64)
    del doc_a
    code <<= doc_bits
    code |= doc_b
    del doc_b
    code <<= word_bits + 1
    code += b
    del b
    code += 1 << word_bits
    code -= a
    code <<= word_bits
    code |= a
    del a
    code.sort(kind="stable")  # faster than the default on these runs of pairs
    # Each part fits in 31 bits here: taken as int32, half the memory, through one scratch array.
    low = (1 << word_bits) - 1
    part = np.empty_like(code)
    a = np.bitwise_and(code, low, out=part).astype(np.int32)
    code >>= word_bits
    np.bitwise_and(code, (low << 1) | 1, out=part)
    part -= 1 << word_bits
    part += a
    b = part.astype(np.int32)
    code >>= word_bits + 1
    doc_b = np.bitwise_and(code, (1 << doc_bits) - 1, out=part).astype(np.int32)
    del part
    code >>= doc_bits
    return code.astype(np.int32), doc_b, a, b


_CODE_BITS = 63
"""Bits of the sort code (tests lower it to try the other sort)."""


@njit()
def join_runs(doc_a, doc_b, a, b, size, gap, min_words, min_density,  # type: ignore[no-untyped-def]
              index):
    """The kept passage of each hit (by pair, diagonal, position), -1 for none; how many are kept.

    Hits on one diagonal, each at most ``gap`` words after the last, are a
    run. A pair's runs, by their first word in ``first`` (then diagonal),
    join the latest open passage they are near in both documents and in
    diagonal; one that fits none opens a passage. A passage closes once a
    run starts more than ``gap`` words past its end. Numbers of hits, runs
    and passages are of the type of ``index``, words of that of ``a``.
    """
    hits = len(a)
    run = np.empty(hits, dtype=index.dtype)
    runs = 0
    for i in range(hits):
        if i == 0 or doc_a[i] != doc_a[i - 1] or doc_b[i] != doc_b[i - 1] \
                or b[i] - a[i] != b[i - 1] - a[i - 1] or a[i] - a[i - 1] > gap:
            runs += 1
        run[i] = runs - 1
    run_start = np.empty(runs + 1, dtype=index.dtype)
    covered = np.zeros(runs, dtype=a.dtype)
    for i in range(hits):
        if i == 0 or run[i] != run[i - 1]:
            run_start[run[i]] = i
        # A hit covers the words up to the next hit of its run.
        last = i + 1 == hits or run[i + 1] != run[i]
        covered[run[i]] += size if last else min(size, a[i + 1] - a[i])
    run_start[runs] = hits
    passage_of = np.full(runs, -1, dtype=index.dtype)
    lows = np.empty(runs, dtype=a.dtype)
    highs = np.empty(runs, dtype=a.dtype)
    b_lows = np.empty(runs, dtype=a.dtype)
    b_highs = np.empty(runs, dtype=a.dtype)
    matched = np.zeros(runs, dtype=a.dtype)
    diagonals = np.empty(runs, dtype=a.dtype)
    open_ = np.empty(runs, dtype=index.dtype)
    repeated = np.zeros(runs, dtype=np.bool_)
    passages = 0
    first_run = 0
    while first_run < runs:  # one pair of documents at a time
        first_hit = run_start[first_run]
        last_run = first_run + 1
        pair_covered = covered[first_run]
        while last_run < runs and doc_a[run_start[last_run]] == doc_a[first_hit] \
                and doc_b[run_start[last_run]] == doc_b[first_hit]:
            pair_covered += covered[last_run]
            last_run += 1
        # A pair whose runs cover fewer than ``min_words`` in all can hold
        # no passage (chance hits between unrelated documents).
        if pair_covered >= min_words:
            # The runs by first word (64-bit keys: one compiled sort for every caller).
            firsts = np.empty(last_run - first_run, dtype=np.int64)
            for r in range(first_run, last_run):
                firsts[r - first_run] = a[run_start[r]]
            opened = 0
            for by_first in np.argsort(firsts, kind="mergesort"):
                r = first_run + by_first
                lo, blo = a[run_start[r]], b[run_start[r]]
                hi, bhi = a[run_start[r + 1] - 1] + size, b[run_start[r + 1] - 1] + size
                still = 0
                for k in range(opened):
                    if lo - highs[open_[k]] <= gap:
                        open_[still] = open_[k]
                        still += 1
                opened = still
                target = -1
                for k in range(opened - 1, -1, -1):
                    p = open_[k]
                    if max(0, blo - b_highs[p], b_lows[p] - bhi,
                           abs(blo - lo - diagonals[p])) <= gap:
                        target = p
                        break
                if target < 0:
                    target = passages
                    passages += 1
                    lows[target], highs[target] = lo, hi
                    b_lows[target], b_highs[target] = blo, bhi
                    open_[opened] = target
                    opened += 1
                else:
                    # A run that takes words of the passage again, in either
                    # text (a phrase repeated near the copy), adds them once
                    # (below), not once per place.
                    if min(hi, highs[target]) > max(lo, lows[target]) \
                            or min(bhi, b_highs[target]) > max(blo, b_lows[target]):
                        repeated[target] = True
                    highs[target] = max(highs[target], hi)
                    b_lows[target] = min(b_lows[target], blo)
                    b_highs[target] = max(b_highs[target], bhi)
                diagonals[target] = blo - lo
                matched[target] += covered[r]
                passage_of[r] = target
        first_run = last_run
    _count_once(matched, repeated, passage_of, run, a, b, size,
                highs[:passages] - lows[:passages], b_highs[:passages] - b_lows[:passages],
                min_density)
    kept = np.empty(passages, dtype=index.dtype)
    number = 0
    for p in range(passages):
        span = max(highs[p] - lows[p], b_highs[p] - b_lows[p])
        # (A repeated passage's sides were each held to ``min_density`` of their own.)
        if matched[p] >= min_words and (repeated[p] or matched[p] >= min_density * span):
            kept[p] = number
            number += 1
        else:
            kept[p] = -1
    passage = np.empty(hits, dtype=index.dtype)
    for i in range(hits):
        p = passage_of[run[i]]
        passage[i] = -1 if p < 0 else kept[p]
    return passage, number


@njit()
def _count_once(matched, repeated, passage_of, run, a, b, size,  # type: ignore[no-untyped-def]
                spans_a, spans_b, min_density):
    """Set ``matched`` of each ``repeated`` passage to the words its seeds cover in both texts.

    The words of the union of its seeds' word ranges in each text, the
    fewer of the two: a phrase that one text repeats near the copy adds its
    words once, not once per place. Each side must be dense on its own
    (``min_density`` of its span, ``spans_a`` or ``spans_b``), else
    ``matched`` is 0. For the other passages, whose runs never share words,
    the sum of the runs' words is this count on both sides and ``join_runs``'s
    test of the longer side the same; only repeated ones are counted here.
    """
    chosen = 0
    for i in range(len(a)):
        p = passage_of[run[i]]
        if p >= 0 and repeated[p]:
            chosen += 1
    if chosen == 0:
        return
    owner = np.empty(chosen, dtype=np.int64)
    in_a = np.empty(chosen, dtype=np.int64)
    in_b = np.empty(chosen, dtype=np.int64)
    k = 0
    for i in range(len(a)):
        p = passage_of[run[i]]
        if p >= 0 and repeated[p]:
            owner[k], in_a[k], in_b[k] = p, a[i], b[i]
            k += 1
    fewest = np.full(len(matched), -1, dtype=np.int64)
    for side, spans in ((in_a, spans_a), (in_b, spans_b)):
        # By passage, then place: one sort of a single 64-bit key.
        stride = side.max() + 1
        order = np.argsort(owner * stride + side, kind="mergesort")
        at = 0
        while at < chosen:
            p = owner[order[at]]
            words, reach = 0, side[order[at]]
            while at < chosen and owner[order[at]] == p:
                place = side[order[at]]
                words += max(0, place + size - max(place, reach))
                reach = max(reach, place + size)
                at += 1
            if words < min_density * spans[p]:
                words = 0
            fewest[p] = words if fewest[p] < 0 else min(fewest[p], words)
    for p in range(len(matched)):
        if fewest[p] >= 0:
            matched[p] = fewest[p]


@njit()
def passage_table(passage, passages, doc_a, doc_b, a, b, offsets, starts,  # type: ignore[no-untyped-def]
                  ends, size):
    """The hit rows of each of the ``passages`` kept, by position in ``first`` (see ``Passage``).

    Returns the rows, where each passage's rows begin (and the end), its
    two documents and the words of ``first`` its seeds cover.
    """
    bounds = np.zeros(passages + 1, dtype=np.int64)
    for p in passage:
        if p >= 0:
            bounds[p + 1] += 1
    for p in range(passages):
        bounds[p + 1] += bounds[p]
    placed = bounds[:-1].copy()
    rows = np.empty(bounds[-1], dtype=passage.dtype)
    for i in range(len(passage)):
        p = passage[i]
        if p >= 0:
            rows[placed[p]] = i
            placed[p] += 1
    table = np.empty((bounds[-1], 8), dtype=starts.dtype)  # positions fit where spans do
    firsts = np.empty(passages, dtype=np.int64)
    seconds = np.empty(passages, dtype=np.int64)
    covered = np.zeros(passages, dtype=np.int64)
    for p in range(passages):
        lo, hi = bounds[p], bounds[p + 1]
        part = rows[lo:hi]
        positions = np.empty(hi - lo, dtype=np.int64)  # 64-bit: ``join_runs``'s compiled sort
        for k in range(hi - lo):
            positions[k] = a[part[k]]
        part = part[np.argsort(positions, kind="mergesort")]
        first, second = doc_a[part[0]], doc_b[part[0]]
        firsts[p], seconds[p] = first, second
        reach = a[part[0]]
        for k in range(hi - lo):
            i = part[k]
            stop_a = min(a[i] + size, offsets[first + 1] - offsets[first])
            stop_b = min(b[i] + size, offsets[second + 1] - offsets[second])
            row = table[lo + k]
            row[0], row[1] = a[i], stop_a
            row[2], row[3] = starts[offsets[first] + a[i]], ends[offsets[first] + stop_a - 1]
            row[4], row[5] = b[i], stop_b
            row[6], row[7] = starts[offsets[second] + b[i]], ends[offsets[second] + stop_b - 1]
            # Words of the union of the seeds' word ranges, which are by start.
            covered[p] += max(0, stop_a - max(a[i], reach))
            reach = max(reach, stop_a)
    return table, bounds, firsts, seconds, covered
