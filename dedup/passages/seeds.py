"""Step 1: seeds, runs of ``SEED_WORDS`` words found in two documents, and their hits.

In: ``Words``. Out: ``hits``, one row per pair of places of a seed in two
different documents (a seed in more than ``MAX_COPIES`` documents is no
evidence and is dropped). The keys (``run_key``) are mixed from the
words' numbers in compiled loops; the seeds seen once are dropped with
two bit tables before the rest are sorted, on both cores.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from dedup.jit import njit
from dedup.passages.words import Hits, Words


def seed_hits(
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


_SLOT_BITS = 26
"""Most bits of the slots that drop single seeds: 16 MB of tables (tests lower it)."""
