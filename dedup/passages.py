"""Documents -> passages of words two documents share, by seed and extend.

Sentence units match when their word pairs overlap by half, so a short
verbatim piece inside a long sentence, a copied passage glued to the text
before it (``use.Exclusive``, no space after the full stop, so no sentence
boundary) and a rewrite that keeps runs of the source's words go unseen.
This stage finds such reuse from the words alone, as text-alignment systems
do (seeding, extension, filtering; Potthast et al., PAN 2013 overview):

1. **Seeds.** Every run of ``SEED_WORDS`` normalised words is hashed. A seed
   found at most ``MAX_COPIES`` times in the corpus gives a hit for each
   pair of its places in two different documents (its position in one, its
   position in the other). Seeds common across the corpus are no evidence
   of reuse and would make the hits quadratic. A seed repeated inside a
   document (press-agency copy repeats its lead in each update) gives one
   hit per copy, each on its own diagonal.
2. **Diagonal runs.** The hits of a pair of documents that lie on one
   diagonal (the same offset between their positions), each at most
   ``GAP_WORDS`` words after the previous one, form a run: a stretch copied
   word for word, or with single words changed.
3. **Passages.** Runs of a pair that lie at most ``GAP_WORDS`` apart in both
   documents, on diagonals at most ``GAP_WORDS`` apart, join (a rewrite
   inserts or drops words, which moves the diagonal a little); a run that
   fits no open passage opens one. A phrase repeated inside a copy also
   pairs its first place in one text with its second place in the other,
   on a far diagonal: such runs stay out of the copy's passage, whose
   sides would otherwise stretch over words that are not the copy.
4. **Kept** are the passages whose seeds cover at least ``MIN_WORDS`` words
   and at least ``MIN_DENSITY`` of the passage's longer side. A phrase one
   text repeats a few words away pairs both its places with the other
   text's one place, on near diagonals: such runs join the passage, but
   the words they share are counted once in each text (the fewer of the
   two counts), and each side must be ``MIN_DENSITY`` covered on its own;
   a phrase of six words said twice is no passage of twelve.

Each passage keeps its hits, so the cluster stage can leave out the words
that sentence matches already explain (:func:`dedup.cluster.choose`).

Always holds: work is linear in the words plus the hits (at most
``MAX_COPIES ** 2`` per seed), besides sorting the repeated seeds and the
hits; the loops are compiled with numba; passages are in the order of
their pair ``(first, second)``, ``first < second``, then of their first
hit; the same texts give the same passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.candidates import Hashes
from dedup.jit import njit
from dedup.shingle import Normalised, token_columns

SEED_WORDS = 4
"""Words per seed: shorter seeds find more rewrites, and more chance hits."""
GAP_WORDS = 8
"""Most words between two hits of one passage, on either side."""
MIN_WORDS = 8
"""Fewest words a passage's seeds cover."""
MIN_DENSITY = 0.7
"""Least share of the passage's longer side that its seeds cover."""
MAX_COPIES = 16
"""Most documents a seed may occur in and still count as evidence."""

Hits = npt.NDArray[np.signedinteger[Any]]
"""One row per hit: first's word start, word end, char start, char end, then second's."""


@dataclass(frozen=True)
class Passage:
    """Words document ``first`` shares with document ``second``, as the seed hits found them.

    ``hits`` rows are ordered by their position in ``first``; columns: in
    ``first``, the seed's first word, the word after its last, its character
    start and end; then the same four in ``second``.
    """

    first: int
    second: int
    hits: Hits
    words: int
    """Words of ``first`` the seeds cover."""


@dataclass(frozen=True)
class Words:
    """The words of all documents, one after the other.

    ``ids`` are 64-bit hashes of the normalised words (equal words, equal
    ids, in any process), ``starts`` and ``ends`` their character spans in
    their document, ``offsets[d]`` where document ``d``'s words begin.
    """

    ids: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]
    starts: npt.NDArray[np.signedinteger]
    ends: npt.NDArray[np.signedinteger]

    @classmethod
    def join(
        cls,
        ids: list[npt.NDArray[np.uint64]],
        starts: list[npt.NDArray[np.signedinteger]],
        ends: list[npt.NDArray[np.signedinteger]],
        counts: list[npt.NDArray[np.int64]],
    ) -> Words:
        """The words of runs of documents, in order (``counts``: words per document).

        Each list is emptied once joined, so its parts go before the next
        list is joined (at a million sentences each list is 80 to 160 MB).
        """
        joined = []
        for parts, dtype in ((counts, np.int64), (ids, np.uint64), (starts, np.int32),
                             (ends, np.int32)):
            joined.append(np.concatenate([np.empty(0, dtype=dtype), *parts]))
            parts.clear()
        sizes, *columns = joined
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return cls(columns[0], offsets, columns[1], columns[2])

    def then(self, other: Words) -> Words:
        """These documents' words, then those of ``other``'s: as ``words_of`` gives them all."""
        return Words.join([self.ids, other.ids], [self.starts, other.starts],
                          [self.ends, other.ends],
                          [np.diff(self.offsets), np.diff(other.offsets)])


def find_passages(
    texts: Sequence[str],
    *,
    seed_words: int = SEED_WORDS,
    gap_words: int = GAP_WORDS,
    min_words: int = MIN_WORDS,
    min_density: float = MIN_DENSITY,
    max_copies: int = MAX_COPIES,
) -> list[Passage]:
    """The passages that pairs of ``texts`` share (see the module docstring).

    Example:
        >>> a = "The court heard the lorry was stopped on the M6 for a check."
        >>> b = "Yesterday the lorry was stopped on the M6 near Birmingham."
        >>> [(p.first, p.second, p.words) for p in find_passages([a, b], min_words=6)]
        [(0, 1, 7)]

    """
    return passages_of(words_of(texts), seed_words=seed_words, gap_words=gap_words,
                       min_words=min_words, min_density=min_density, max_copies=max_copies)


def passages_of(
    words: Words,
    *,
    seed_words: int = SEED_WORDS,
    gap_words: int = GAP_WORDS,
    min_words: int = MIN_WORDS,
    min_density: float = MIN_DENSITY,
    max_copies: int = MAX_COPIES,
    jobs: int = 1,
) -> list[Passage]:
    """:func:`find_passages` over words already found (as the scan's workers find them).

    ``jobs`` threads find the repeated seeds; the passages are the same for any number.
    """
    hits = _hits(words, seed_words, max_copies, jobs)
    if not len(hits[0]):
        return []
    columns = list(hits)
    del hits  # the columns are let go as they are used (``_by_diagonal`` empties the list)
    doc_a, doc_b, a, b = _by_diagonal(words, columns)
    # Hit and run numbers as int32 where they fit, like the word numbers: half the memory.
    index = np.empty(0, dtype=np.int32 if len(a) < 2**31 else np.int64)
    passage, kept = _join_runs(doc_a, doc_b, a, b, seed_words, gap_words, min_words,
                               min_density, index)
    table, bounds, firsts, seconds, covered = _passage_table(
        passage, kept, doc_a, doc_b, a, b, words.offsets, words.starts, words.ends, seed_words)
    del passage, doc_a, doc_b, a, b
    return [Passage(first, second, table[lo:hi], words_covered)
            for first, second, lo, hi, words_covered in zip(
                firsts.tolist(), seconds.tolist(), bounds[:-1].tolist(), bounds[1:].tolist(),
                covered.tolist(), strict=True)]


def covered_words(lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64]) -> int:
    """Words inside the union of the word ranges ``[lo, hi)`` (sorted by ``lo``)."""
    if not len(lo):
        return 0
    reach = np.maximum.accumulate(hi)
    previous = np.concatenate([[lo[0]], reach[:-1]])
    return int(np.sum(np.maximum(0, hi - np.maximum(lo, previous))))


def span_type(texts: Sequence[str]) -> type[np.signedinteger]:
    """32-bit character offsets where every text allows: half the memory."""
    return np.int32 if max(map(len, texts), default=0) < 2**31 else np.int64


def words_of(texts: Sequence[str]) -> Words:
    """Every document's words with their spans (the scan gets them from its workers).

    Kept compact (32-bit spans where the values fit): at a million
    sentences the corpus has tens of millions of words.
    """
    known = Normalised()
    ids = Hashes()
    spans = span_type(texts)
    # One document's columns at a time, made compact before the next is read.
    hashed, starts, ends, counts = [], [], [], []
    for text in texts:
        first, last, norms = token_columns(text, known)
        hashed.append(np.fromiter(map(ids.__getitem__, norms), dtype=np.uint64,
                                  count=len(norms)))
        starts.append(first.astype(spans))
        ends.append(last.astype(spans))
        counts.append(len(norms))
    return Words.join(hashed, starts, ends, [np.array(counts, dtype=np.int64)])


def _hits(
    words: Words, size: int, max_copies: int, jobs: int = 1
) -> tuple[Hits, Hits, Hits, Hits]:
    """Pairs of places, in two documents, that start one seed.

    Both documents (the first's number lower) and the word numbers in them.
    """
    # Most seeds occur once: a table of counts by the key's low bits drops
    # them before the sort (a clash only keeps a seed, never drops one).
    bits = max(6, min(_SLOT_BITS, len(words.ids).bit_length() + 1))
    keys, starts, docs = _repeated_seeds(words.ids, words.offsets, size, bits, jobs)
    # Buckets of about a hundred seeds by their keys' top bits. One column
    # taken in that order at a time, its unsorted copy let go before the next.
    order = _key_order(keys, max(1, min(24, len(keys).bit_length() - 7)))
    keys = keys[order]
    starts = starts[order]
    docs = docs[order]
    del order
    # Word numbers in a document as int32 where every document allows: half the memory.
    position = np.int32 if int(np.diff(words.offsets).max(initial=0)) < 2**31 else np.int64
    hits: tuple[Hits, Hits, Hits, Hits] = _seed_pairs(keys, starts, docs, words.offsets,
                                                      max_copies, np.empty(0, dtype=position))
    return hits


@njit()
def _mix(value):  # type: ignore[no-untyped-def]
    """SplitMix64's finaliser: spreads the bits of a running seed hash."""
    value = (value ^ (value >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    value = (value ^ (value >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return value ^ (value >> np.uint64(31))


@njit()
def run_key(ids, start, size):  # type: ignore[no-untyped-def]
    """The hash of the ``size`` words from ``start`` (``dedup.overlap`` keys words and pairs so)."""
    key = np.uint64(0)
    for k in range(size):
        key = _mix(key ^ (ids[start + k] + np.uint64(1)))
    return key


def _repeated_seeds(
    ids: npt.NDArray[np.uint64], offsets: npt.NDArray[np.int64], size: int, bits: int, jobs: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Keys, first words and documents of the seeds whose key's slot is shared.

    Seeds are runs of ``size`` words inside one document; a key's slot is
    its low ``bits``. Slots are bits (seen once, seen again), so the table
    stays in the cache. The documents are cut into ``jobs`` runs of about
    as many words, each marked and then gathered by a thread (the
    compiled loops let go of the GIL); a slot seen once in two runs is
    seen again.
    """
    runs = _document_runs(offsets, jobs)
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        tables = list(pool.map(lambda run: _seen_slots(ids, offsets, size, bits, run[0], run[1]),
                               runs))
        seen, again = tables[0]
        for once, twice in tables[1:]:
            again = again | twice | (seen & once)
            seen = seen | once
        del tables

        def gather(run: tuple[int, int], keys: npt.NDArray[np.uint64],
                   starts: npt.NDArray[np.int64], docs: npt.NDArray[np.int32], at: int) -> int:
            count: int = _gather_seeds(ids, offsets, size, bits, again, run[0], run[1], keys,
                                       starts, docs, at)
            return count

        no_room = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64),
                   np.empty(0, dtype=np.int32))
        counts = list(pool.map(lambda run: gather(run, *no_room, 0), runs))
        keys = np.empty(sum(counts), dtype=np.uint64)
        starts = np.empty(len(keys), dtype=np.int64)
        docs = np.empty(len(keys), dtype=np.int32)
        firsts = np.cumsum([0, *counts[:-1]]).tolist()
        list(pool.map(lambda run, at: gather(run, keys, starts, docs, at), runs, firsts))
    return keys, starts, docs


def _document_runs(offsets: npt.NDArray[np.int64], jobs: int) -> list[tuple[int, int]]:
    """``jobs`` runs ``(first, past)`` of whole documents with about as many words each."""
    documents = len(offsets) - 1
    targets = np.linspace(0, offsets[-1], max(1, jobs) + 1)[1:-1]
    cuts = np.searchsorted(offsets[:-1], targets).tolist()
    edges = [0, *sorted(set(cuts) - {0, documents}), documents]
    return list(zip(edges[:-1], edges[1:], strict=True))


@njit()
def _seen_slots(ids, offsets, size, bits, first, past):  # type: ignore[no-untyped-def]
    """The slots of the seeds of documents ``[first, past)``: seen once, seen again (bits)."""
    low = np.uint64((1 << bits) - 1)
    six, bit_of = np.uint64(6), np.uint64(63)
    once = np.zeros(1 << (bits - 6), dtype=np.uint64)
    again = np.zeros(1 << (bits - 6), dtype=np.uint64)
    for doc in range(first, past):
        for start in range(offsets[doc], offsets[doc + 1] - size + 1):
            slot = run_key(ids, start, size) & low
            bit = np.uint64(1) << (slot & bit_of)
            if once[slot >> six] & bit:
                again[slot >> six] |= bit
            else:
                once[slot >> six] |= bit
    return once, again


@njit()
def _gather_seeds(ids, offsets, size, bits, again, first, past,  # type: ignore[no-untyped-def]
                  keys, starts, docs, at):
    """How many seeds of documents ``[first, past)`` have a slot seen again.

    Given room (arrays that are not empty), also writes their keys, first
    words and documents there, from ``at`` on. (Not a flag: each literal
    value would be compiled apart.)
    """
    low = np.uint64((1 << bits) - 1)
    six, bit_of = np.uint64(6), np.uint64(63)
    fill = len(keys) > 0
    total = 0
    for doc in range(first, past):
        for start in range(offsets[doc], offsets[doc + 1] - size + 1):
            key = run_key(ids, start, size)
            if again[(key & low) >> six] & (np.uint64(1) << (key & bit_of)):
                if fill:
                    keys[at + total], starts[at + total], docs[at + total] = key, start, doc
                total += 1
    return total


@njit()
def _key_order(keys, bits):  # type: ignore[no-untyped-def]
    """The order of the seeds by key, those of one key in their order: a stable sort.

    A pass into buckets by the keys' top ``bits``, then each bucket sorted
    where it fits in the cache (faster than a stable sort of the whole).
    """
    shift = np.uint64(64 - bits)
    bounds = np.zeros((1 << bits) + 1, dtype=np.int64)
    for key in keys:
        bounds[(key >> shift) + 1] += 1
    for bucket in range(1 << bits):
        bounds[bucket + 1] += bounds[bucket]
    placed = bounds[:-1].copy()
    order = np.empty(len(keys), dtype=np.int64)
    for i in range(len(keys)):
        bucket = keys[i] >> shift
        order[placed[bucket]] = i
        placed[bucket] += 1
    for bucket in range(1 << bits):
        part = order[bounds[bucket] : bounds[bucket + 1]]
        # The keys of a bucket share their top bit, so as int64 they sort
        # alike (and share one compiled sort with the other callers).
        ranked = part[np.argsort(keys[part].view(np.int64), kind="mergesort")]
        for k in range(len(part)):  # no slice assignment: its error path compiles str()
            part[k] = ranked[k]
    return order


@njit()
def _seed_pairs(keys, starts, docs, offsets, max_copies, like):  # type: ignore[no-untyped-def]
    """Each two places, in two documents, of a seed found at most ``max_copies`` times.

    ``keys`` are sorted, with the ``starts`` of one key in increasing order.
    The word numbers in the documents are of the type of ``like``.
    """
    doc_a = np.empty(0, dtype=np.int32)
    doc_b = np.empty(0, dtype=np.int32)
    a = np.empty(0, dtype=like.dtype)
    b = np.empty(0, dtype=like.dtype)
    count = 0
    for fill in range(2):  # count, then fill
        if fill:
            doc_a = np.empty(count, dtype=np.int32)
            doc_b = np.empty(count, dtype=np.int32)
            a = np.empty(count, dtype=like.dtype)
            b = np.empty(count, dtype=like.dtype)
            count = 0
        lo = 0
        while lo < len(keys):
            hi = lo + 1
            while hi < len(keys) and keys[hi] == keys[lo]:
                hi += 1
            if hi - lo <= max_copies:
                for i in range(lo, hi):
                    for j in range(i + 1, hi):
                        if docs[i] != docs[j]:
                            if fill:
                                doc_a[count], doc_b[count] = docs[i], docs[j]
                                a[count] = starts[i] - offsets[docs[i]]
                                b[count] = starts[j] - offsets[docs[j]]
                            count += 1
            lo = hi
    return doc_a, doc_b, a, b


def _by_diagonal(words: Words, hits: list[Hits]) -> tuple[Hits, Hits, Hits, Hits]:
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
_SLOT_BITS = 26
"""Most bits of the slots that drop single seeds: 16 MB of tables (tests lower it)."""


@njit()
def _join_runs(doc_a, doc_b, a, b, size, gap, min_words, min_density,  # type: ignore[no-untyped-def]
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
    the sum of the runs' words is this count on both sides and ``_join_runs``'s
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
def _passage_table(passage, passages, doc_a, doc_b, a, b, offsets, starts,  # type: ignore[no-untyped-def]
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
        positions = np.empty(hi - lo, dtype=np.int64)  # 64-bit: ``_join_runs``'s compiled sort
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
