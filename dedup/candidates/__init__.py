"""Shingle sets -> candidate pairs, with MinHash LSH, then exact verification.

In: the shingle sets of the units (or their hashes, as ranges of one
array). Out: the pairs of sets MinHash LSH proposes, and of them the
matches whose exact Jaccard similarity reaches the threshold; for the
audit, the reference passages a short quotation sits in.

The only package that imports datasketch. Signatures are datasketch's
``MinHash`` values, computed for all sets at once by a compiled loop
(:func:`signature_matrix`); banding uses the band and row counts
datasketch's ``MinHashLSH`` chooses for the Jaccard threshold
(:func:`bands`), and two sets are candidates when some band of their
signatures is equal, which is what ``MinHashLSH.query`` returns
(:func:`band_pairs`). The scan's banding (:func:`class_key_pairs`) bands
identical rows once, and pairs the rows of a bucket larger than
``FULL_BUCKET`` with its first ``HUBS`` rows only, so that candidates grow
linearly with the copies. LSH only proposes: every candidate is re-checked
on the exact shingle sets (:func:`verify`, :func:`verify_ranges`) before
anything downstream sees it. The loops NumPy cannot vectorise (walking
each band's runs of equal keys, counting the values two sets share) are
compiled with numba and run on ``jobs`` threads, with the same results for
any number. For the audit, a containment index finds the passages a short
quotation sits in (:func:`containment_index`, :func:`containing`).

The modules, in the order the data flows through them:
:mod:`~dedup.candidates.shapes` (the values and settings they share),
:mod:`~dedup.candidates.hashing` (hashes and MinHash signatures),
:mod:`~dedup.candidates.banding` (band keys and plain banding), with
:mod:`~dedup.candidates.buckets` (large buckets and their hubs),
:mod:`~dedup.candidates.band_walk` (the compiled walk of one band),
:mod:`~dedup.candidates.codes` (pairs as sorted int64 codes) and
:mod:`~dedup.candidates.typed_lists` (arrays handed to compiled code);
:mod:`~dedup.candidates.class_pairs` (the scan's banding, one row per class
of identical rows); :mod:`~dedup.candidates.tables` (distinct counts and
first occurrences of hashes); :mod:`~dedup.candidates.verification` (the
exact check) and :mod:`~dedup.candidates.containment` (the audit's index).

Always holds: pairs are ``(i, j)`` with ``i < j``, sorted, without repeats;
work grows with the number of sets and of candidates, never with all pairs.

Example:
    >>> sets = [{"a b", "b c", "c d"}, {"a b", "b c", "c d", "d e"}, {"x y"}]
    >>> rows = signature_matrix(sets, num_perm=128, seed=1)
    >>> pairs = class_band_pairs(rows, threshold=0.5)
    >>> pairs.tolist()
    [[0, 1]]
    >>> verify(pairs.tolist(), sets, threshold=0.5)
    [Match(first=0, second=1, similarity=0.75)]

"""

from __future__ import annotations

from dedup.candidates.banding import (
    BandKeys,
    KeyBlocks,
    band_keys,
    band_pairs,
    bands,
    candidate_pairs,
)
from dedup.candidates.class_pairs import class_band_pairs, class_key_pairs
from dedup.candidates.containment import (
    ContainmentIndex,
    ShingleNumbers,
    containing,
    containment_index,
)
from dedup.candidates.hashing import (
    Hashes,
    hash64,
    hash64_many,
    min_hashes_of_ranges,
    permutations,
    signature_matrix,
    signatures,
)
from dedup.candidates.shapes import FULL_BUCKET, FULL_CLASS, HUBS, LSH_WEIGHTS, Match, Matches
from dedup.candidates.tables import first_seen, set_sizes
from dedup.candidates.verification import verify, verify_ranges

__all__ = [
    "FULL_BUCKET",
    "FULL_CLASS",
    "HUBS",
    "LSH_WEIGHTS",
    "BandKeys",
    "ContainmentIndex",
    "Hashes",
    "KeyBlocks",
    "Match",
    "Matches",
    "ShingleNumbers",
    "band_keys",
    "band_pairs",
    "bands",
    "candidate_pairs",
    "class_band_pairs",
    "class_key_pairs",
    "containing",
    "containment_index",
    "first_seen",
    "hash64",
    "hash64_many",
    "min_hashes_of_ranges",
    "permutations",
    "set_sizes",
    "signature_matrix",
    "signatures",
    "verify",
    "verify_ranges",
]
