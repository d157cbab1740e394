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
   and at least ``MIN_DENSITY`` of the passage's longer side.

Each passage keeps its hits, so the cluster stage can leave out the words
that sentence matches already explain (:func:`dedup.cluster.choose`).

Always holds: work is linear in the words plus the hits (at most
``MAX_COPIES ** 2`` per seed), all of it vectorised except one pass over the
diagonal runs; passages are in the order of their pair ``(first, second)``,
``first < second``, then of their first hit; the same texts give the same
passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dedup.candidates import Hashes
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

Hits = npt.NDArray[np.int64]
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
    doc: npt.NDArray[np.int32]
    offsets: npt.NDArray[np.int64]
    starts: npt.NDArray[np.signedinteger]
    ends: npt.NDArray[np.signedinteger]

    @classmethod
    def join(
        cls,
        ids: Sequence[npt.NDArray[np.uint64]],
        starts: Sequence[npt.NDArray[np.signedinteger]],
        ends: Sequence[npt.NDArray[np.signedinteger]],
        counts: Sequence[npt.NDArray[np.int64]],
    ) -> Words:
        """The words of runs of documents, in order (``counts``: words per document)."""
        sizes = np.concatenate([np.empty(0, dtype=np.int64), *counts])
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return cls(
            np.concatenate([np.empty(0, dtype=np.uint64), *ids]),
            np.repeat(np.arange(len(sizes), dtype=np.int32), sizes),
            offsets,
            np.concatenate([np.empty(0, dtype=np.int32), *starts]),
            np.concatenate([np.empty(0, dtype=np.int32), *ends]),
        )


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
) -> list[Passage]:
    """:func:`find_passages` over words already found (as the scan's workers find them)."""
    first, second = _hits(words, seed_words, max_copies)
    if not len(first):
        return []
    ndocs = len(words.offsets) - 1
    doc_a, doc_b = words.doc[first], words.doc[second]
    pair = doc_a.astype(np.int64) * ndocs + doc_b
    a = (first - words.offsets[doc_a]).astype(first.dtype)
    b = (second - words.offsets[doc_b]).astype(first.dtype)
    order = np.lexsort((a, b - a, pair))
    # One array at a time, so that each old one goes before the next is made.
    first = first[order]
    second = second[order]
    pair = pair[order]
    a = a[order]
    b = b[order]
    doc_a = doc_a[order]
    doc_b = doc_b[order]
    del order
    run = _diagonal_runs(pair, a, b, gap_words)
    passage_of_run, kept = _join_runs(run, pair, a, b, seed_words, gap_words, min_words,
                                      min_density)
    passage = passage_of_run[run]
    chosen = np.flatnonzero(kept[passage])
    if not len(chosen):
        return []
    # Hits of each kept passage, in passage order, then by position in ``first``.
    chosen = chosen[np.lexsort((a[chosen], passage[chosen]))]
    stop = np.minimum(first[chosen] + seed_words, words.offsets[doc_a[chosen] + 1])
    stop_b = np.minimum(second[chosen] + seed_words, words.offsets[doc_b[chosen] + 1])
    table = np.stack([
        a[chosen], stop - words.offsets[doc_a[chosen]],
        words.starts[first[chosen]], words.ends[stop - 1],
        b[chosen], stop_b - words.offsets[doc_b[chosen]],
        words.starts[second[chosen]], words.ends[stop_b - 1],
    ], axis=1)
    bounds = np.flatnonzero(np.diff(passage[chosen])) + 1
    found = []
    for rows in np.split(np.arange(len(chosen)), bounds):
        hits = table[rows]
        found.append(Passage(int(doc_a[chosen[rows[0]]]), int(doc_b[chosen[rows[0]]]), hits,
                             covered_words(hits[:, 0], hits[:, 1])))
    return found


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
    found = [token_columns(text, known) for text in texts]
    return Words.join(
        [np.fromiter(map(ids.__getitem__, norms), dtype=np.uint64, count=len(norms))
         for _, _, norms in found],
        [np.array(starts, dtype=spans) for starts, _, _ in found],
        [np.array(ends, dtype=spans) for _, ends, _ in found],
        [np.array([len(norms) for _, _, norms in found], dtype=np.int64)],
    )


def _hits(words: Words, size: int, max_copies: int) -> tuple[Hits, Hits]:
    """Pairs of word positions, in two documents (the first's lower), that start one seed."""
    count = len(words.ids) - size + 1
    empty = np.empty(0, dtype=np.int64)
    if count <= 0:
        return empty, empty
    key = np.zeros(count, dtype=np.uint64)
    for k in range(size):
        key = _splitmix(key ^ (words.ids[k : k + count].astype(np.uint64) + np.uint64(1)))
    # Seeds that fit in their document, by seed, then by position (so by document).
    start = np.flatnonzero(np.arange(size, count + size) <= words.offsets[words.doc[:count] + 1])
    key = key[start]
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = start[order]
    del order
    run = np.zeros(len(key), dtype=np.int64)
    np.cumsum(key[1:] != key[:-1], out=run[1:])
    del key
    sizes = np.bincount(run)
    good = (sizes[run] >= 2) & (sizes[run] <= max_copies)
    # Word numbers in int32 while they fit: the hits are the stage's largest arrays.
    small = len(words.ids) <= np.iinfo(np.int32).max
    start = start[good].astype(np.int32 if small else np.int64)
    run = run[good]
    doc = words.doc[start]
    firsts: list[Hits] = []
    seconds: list[Hits] = []
    for gap in range(1, max_copies):
        live = np.flatnonzero(run[gap:] == run[:-gap]) if gap < len(run) else empty
        if not len(live):
            break
        live = live[doc[live] != doc[live + gap]]
        firsts.append(start[live])
        seconds.append(start[live + gap])
    if not firsts:
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def _diagonal_runs(
    pair: Hits, a: Hits, b: Hits, gap: int
) -> npt.NDArray[np.int64]:
    """The run number of each hit (hits sorted by pair, diagonal, position)."""
    new = np.ones(len(pair), dtype=bool)
    new[1:] = (pair[1:] != pair[:-1]) | ((b - a)[1:] != (b - a)[:-1]) | (a[1:] - a[:-1] > gap)
    return np.cumsum(new) - 1


def _join_runs(
    run: npt.NDArray[np.int64],
    pair: Hits,
    a: Hits,
    b: Hits,
    size: int,
    gap: int,
    min_words: int,
    min_density: float,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The passage of each run, and whether each passage is kept."""
    starts = np.flatnonzero(np.diff(run, prepend=-1))
    count = len(starts)
    ends = np.concatenate([starts[1:], [len(run)]]) - 1
    pair_of, a_lo, b_lo = pair[starts], a[starts], b[starts]
    a_hi, b_hi = a[ends] + size, b[ends] + size
    # Words each run covers: a hit covers the words up to the next hit of its run.
    step = np.minimum(size, np.diff(a, append=a[-1] + size))
    step[ends] = size
    covered = np.add.reduceat(step, starts)
    # A pair whose runs cover fewer than ``min_words`` in all can hold no
    # passage (chance hits between unrelated documents): its runs are left out.
    pairs, pair_index = np.unique(pair_of, return_inverse=True)
    hopeless = np.bincount(pair_index, weights=covered, minlength=len(pairs)) < min_words
    order = np.lexsort((a_lo, pair_of))
    order = order[~hopeless[pair_index[order]]]
    passage_of = np.full(count, -1, dtype=np.int64)
    lows: list[int] = []
    highs: list[int] = []
    b_lows: list[int] = []
    b_highs: list[int] = []
    words: list[int] = []
    diagonals: list[int] = []
    open_: list[int] = []
    current = -1
    columns = zip(order.tolist(), pair_of[order].tolist(), a_lo[order].tolist(),
                  a_hi[order].tolist(), b_lo[order].tolist(), b_hi[order].tolist(),
                  covered[order].tolist(), strict=True)
    for index, owner, lo, hi, blo, bhi, cover in columns:
        if owner != current:
            current, open_ = owner, []
        open_ = [p for p in open_ if lo - highs[p] <= gap]
        target = -1
        for p in reversed(open_):
            if max(0, blo - b_highs[p], b_lows[p] - bhi, abs(blo - lo - diagonals[p])) <= gap:
                target = p
                break
        if target < 0:
            target = len(lows)
            lows.append(lo)
            highs.append(hi)
            b_lows.append(blo)
            b_highs.append(bhi)
            words.append(0)
            diagonals.append(blo - lo)
            open_.append(target)
        else:
            highs[target] = max(highs[target], hi)
            b_lows[target] = min(b_lows[target], blo)
            b_highs[target] = max(b_highs[target], bhi)
            diagonals[target] = blo - lo
        words[target] += cover
        passage_of[index] = target
    span = np.maximum(np.array(highs, dtype=np.int64) - np.array(lows, dtype=np.int64),
                      np.array(b_highs, dtype=np.int64) - np.array(b_lows, dtype=np.int64))
    matched = np.array(words, dtype=np.int64)
    # The last entry stands for the runs of hopeless pairs (passage -1): never kept.
    kept = np.append((matched >= min_words) & (matched >= min_density * span), False)
    return passage_of, kept


def _splitmix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """SplitMix64's finaliser: spreads the bits of a running seed hash."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))
