"""Shingle sets -> candidate pairs, with MinHash LSH, then exact verification.

The only module that imports datasketch. Signatures are datasketch's
``MinHash`` values (scheme ``affine32``: SHA-1 of the shingle's UTF-8 bytes,
pre-mixed with the MurmurHash3 finaliser, then ``a * h + b`` modulo 2**32
with datasketch's seeded permutations), computed for all sets at once by a
compiled loop (:func:`signature_matrix`); :func:`signatures` wraps the same values
as ``MinHash`` objects. Banding uses the band and row counts datasketch's
``MinHashLSH`` chooses for the Jaccard threshold, reduces each band to a
64-bit key (:func:`band_keys`, as ``MinHashLSH(hashfunc=...)`` does to save
memory), and buckets the keys by sorting (:func:`band_pairs`): two sets are
candidates when some band of their signatures is equal, which is what
``MinHashLSH.query`` returns (unequal bands share a key with odds of 2**-64).
The scan's banding (:func:`class_key_pairs`) bands identical rows once,
and pairs the rows of a bucket larger than ``FULL_BUCKET`` (the copies of a
sentence a wire story carries into hundreds of papers) with its first
``HUBS`` rows only, so that candidates grow linearly with the copies.
LSH only proposes: every candidate is re-checked on the exact shingle sets
(:func:`verify`, :func:`verify_ranges`) before anything downstream sees it.
The loops NumPy cannot vectorise (walking each band's runs of equal keys,
counting the values two sets share) are compiled with numba and run on
``jobs`` threads, with the same results for any number. For the audit, a
containment index finds the passages a short quotation sits in: those
datasketch's ``MinHashLSHEnsemble`` proposes and that hold enough of it,
found without building the ensemble's tables (:func:`containment_index`,
:func:`containing`).

Always holds: pairs are ``(i, j)`` with ``i < j``, sorted, without repeats;
work grows with the number of sets and of candidates, never with all pairs.
"""

from __future__ import annotations

import array
import functools
import hashlib
import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
from datasketch.lshensemble_partition import optimal_partitions
from numba.typed import List

from dedup.errors import ConfigError
from dedup.jit import njit
from dedup.memory import give_back_freed_memory

# datasketch weighs false positives against false negatives when it picks the
# number of bands and rows. LSH only proposes and the exact check below
# removes every false positive, so misses weigh 19 times more: with 128
# permutations and threshold 0.5 this gives 26 bands of 3 rows, which
# proposes 97% of pairs at Jaccard 0.5 (the even weighting, 25 bands of 5
# rows, proposes 55%).
LSH_WEIGHTS = (0.05, 0.95)

Progress = Callable[[str, int, int], None]

Signatures = npt.NDArray[np.uint32]
"""One row of ``num_perm`` MinHash values per set."""
Pairs = npt.NDArray[np.signedinteger[Any]]
"""Pairs of row numbers, one pair per row: int32 while the numbers fit, to halve the memory."""

# MurmurHash3's 32-bit finaliser, as datasketch's ``_fmix`` applies it.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_EMPTY = np.uint32(0xFFFFFFFF)
# Work done a block at a time, to bound the memory of the temporaries: values
# gathered or sorted at once, pairs verified at once, sets signed at once.
_UNION_VALUES = 1 << 21
_PAIRS_AT_ONCE = 1 << 19
_VERIFIED_AT_ONCE = 1 << 22


@dataclass(frozen=True, slots=True)
class Match:
    """Two units whose exact shingle sets are at least ``threshold`` similar."""

    first: int
    second: int
    similarity: float


@dataclass(frozen=True, eq=False)
class Matches(Sequence[Match]):
    """Matches kept as three arrays, a ``Match`` made only when one is read.

    Millions of matches in one huge document would otherwise be millions of
    Python objects.
    """

    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    similarity: npt.NDArray[np.float64]

    @classmethod
    def of(cls, matches: Sequence[Match]) -> Matches:
        """The arrays of a sequence of ``Match`` values."""
        if isinstance(matches, Matches):
            return matches
        return cls(np.array([m.first for m in matches], dtype=np.int64),
                   np.array([m.second for m in matches], dtype=np.int64),
                   np.array([m.similarity for m in matches], dtype=np.float64))

    def __len__(self) -> int:
        return len(self.first)

    @overload
    def __getitem__(self, index: int) -> Match: ...

    @overload
    def __getitem__(self, index: slice) -> Matches: ...

    def __getitem__(self, index: int | slice) -> Match | Matches:
        if isinstance(index, slice):
            return Matches(self.first[index], self.second[index], self.similarity[index])
        return Match(int(self.first[index]), int(self.second[index]),
                     float(self.similarity[index]))

    def __iter__(self) -> Iterator[Match]:
        for first, second, similarity in zip(self.first.tolist(), self.second.tolist(),
                                             self.similarity.tolist(), strict=True):
            yield Match(first, second, similarity)


def signatures(shingle_sets: Sequence[set[str]], *, num_perm: int, seed: int) -> list[MinHash]:
    """MinHash signatures of the sets, all built with one set of permutations.

    Example:
        >>> a, b = signatures([{"x y", "y z"}, {"x y", "y z"}], num_perm=64, seed=1)
        >>> a.jaccard(b)
        1.0

    """
    rows = signature_matrix(shingle_sets, num_perm=num_perm, seed=seed)
    perms = MinHash(num_perm=num_perm, seed=seed).permutations
    return [MinHash(seed=seed, hashvalues=row, permutations=perms, scheme="affine32")
            for row in rows]


@functools.lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[Signatures, Signatures]:
    """The ``a`` and ``b`` of datasketch's affine32 permutations for ``seed`` (read-only).

    Kept: datasketch draws them anew for each ``MinHash``, 0.4 ms a time,
    and an audit signs its queries a few at a time, thousands of times.
    """
    a, b = (np.array(values, dtype=np.uint32) for values in
            MinHash(num_perm=num_perm, seed=seed).permutations)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def hash32(shingle: str) -> int:
    """Datasketch's ``sha1_hash32`` of the shingle's UTF-8 bytes."""
    return int.from_bytes(hashlib.sha1(shingle.encode("utf-8")).digest()[:4], "little")


def hash64(shingle: str) -> int:
    """Datasketch's ``sha1_hash64`` of the shingle's UTF-8 bytes; its low 32 bits are ``hash32``."""
    return int.from_bytes(hashlib.sha1(shingle.encode("utf-8")).digest()[:8], "little")


HASH_CACHE = 1 << 19
"""Most texts whose hashes a ``Hashes`` cache keeps; it starts over when it is full."""


class Hashes(dict[str, int]):
    """A bounded cache of :func:`hash64`: ``cache[text]`` is its hash (a word or a shingle).

    Bounded so that a huge document of ever new shingles does not keep them all.
    """

    def __missing__(self, text: str) -> int:
        if len(self) >= HASH_CACHE:
            self.clear()
        self[text] = value = hash64(text)
        return value

    def of(self, texts: Sequence[str]) -> npt.NDArray[np.uint64]:
        """``[self[text] for text in texts]`` as an array, with no Python call per text.

        The texts not cached yet are found and hashed together (``hash64_many``).
        """
        distinct = set(texts)
        # Not ``distinct - self``: with a dict subclass that walks the whole cache.
        missing = list(itertools.filterfalse(self.__contains__, distinct))
        if len(self) + len(missing) > HASH_CACHE:
            self.clear()
            missing = list(distinct)
        if missing:
            self.update(zip(missing, hash64_many(missing).tolist(), strict=True))
        return np.fromiter(map(self.__getitem__, texts), dtype=np.uint64, count=len(texts))


def hash64_many(texts: Sequence[str]) -> npt.NDArray[np.uint64]:
    """``hash64`` of each text, in one pass of C calls: the low 8 bytes of each SHA-1."""
    digests = b"".join(map(_DIGEST, map(hashlib.sha1, _utf8_each(texts))))
    first = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :8]
    return np.ascontiguousarray(first).view("<u8").ravel().astype(np.uint64)


def _utf8_each(texts: Sequence[str]) -> list[bytes]:
    """Each text's UTF-8 bytes.

    One encoding of the texts joined by line breaks, split again: a fifth
    faster than encoding each word pair on its own (260,000 pairs: 0.19 ->
    0.16 s with the hashing). A text that holds a line break makes one
    piece too many, and then each text is encoded on its own.
    """
    if not texts:
        return []
    pieces = "\n".join(texts).encode("utf-8").split(b"\n")
    return pieces if len(pieces) == len(texts) else list(map(_UTF8, texts))


_UTF8 = operator.methodcaller("encode", "utf-8")
_DIGEST = operator.methodcaller("digest")


def mix(hashes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The MurmurHash3 finaliser datasketch applies to every input hash."""
    s1, m1, s2, m2 = _FMIX
    hv = hashes ^ (hashes >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    mixed: npt.NDArray[np.uint32] = hv ^ (hv >> s1)
    return mixed


def min_hashes(
    hashes: npt.NDArray[np.uint32],
    offsets: npt.NDArray[np.int64],
    perms: tuple[Signatures, Signatures],
) -> Signatures:
    """MinHash rows of sets given as input hashes in CSR form.

    Set ``i`` holds ``hashes[offsets[i]:offsets[i + 1]]`` (repeats allowed:
    they do not change a minimum); an empty set gets datasketch's empty
    value, 2**32 - 1, everywhere.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    return min_hashes_of_ranges(hashes, np.stack([offsets[:-1], offsets[1:]], axis=1), perms)


def min_hashes_of_ranges(
    hashes: npt.NDArray[np.uint32],
    ranges: npt.NDArray[np.int64],
    perms: tuple[Signatures, Signatures],
) -> Signatures:
    """MinHash rows of sets given as ``(start, end)`` ranges of ``hashes``, which may overlap."""
    a, b = perms
    signed: Signatures = _min_hashes(mix(hashes.astype(np.uint32, copy=False)),
                                     np.ascontiguousarray(ranges, dtype=np.int64),
                                     np.ascontiguousarray(a, dtype=np.uint32),
                                     np.ascontiguousarray(b, dtype=np.uint32))
    return signed


@njit()
def _min_hashes(mixed, ranges, a, b):  # type: ignore[no-untyped-def]
    """Each range's minimum of ``a * value + b`` (modulo 2**32) per permutation.

    A set's row stays in the cache while its values stream past, so each
    value is read once for all permutations (NumPy would pass over all
    values once per permutation).
    """
    result = np.full((len(ranges), len(a)), 0xFFFFFFFF, dtype=np.uint32)
    for i in range(len(ranges)):
        row = result[i]
        for position in range(ranges[i, 0], ranges[i, 1]):
            value = mixed[position]
            for k in range(len(a)):
                hashed = np.uint32(a[k] * value + b[k])
                if hashed < row[k]:
                    row[k] = hashed
    return result


def _blocks(
    lengths: npt.NDArray[np.int64], most: int, items: int | None = None
) -> Iterator[tuple[int, int]]:
    """Cut items into consecutive runs whose ``lengths`` add up to ``most`` or less.

    A run holds at least one item, however long, and at most ``items``.
    """
    ends = np.cumsum(lengths)
    start = 0
    while start < len(lengths):
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + most, side="right")))
        if items is not None:
            stop = min(stop, start + items)
        yield start, stop
        start = stop


def signature_matrix(
    shingle_sets: Sequence[Iterable[str]], *, num_perm: int, seed: int
) -> Signatures:
    """MinHash values of the sets, one row each, equal to datasketch's ``MinHash``.

    Example:
        >>> rows = signature_matrix([{"x y", "y z"}, {"y z", "x y"}], num_perm=64, seed=1)
        >>> bool((rows[0] == rows[1]).all())
        True

    """
    known: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for shingle_set in shingle_sets:
        for shingle in shingle_set:
            value = known.get(shingle)
            if value is None:
                value = known[shingle] = hash32(shingle)
            flat.append(value)
        offsets.append(len(flat))
    return min_hashes(np.array(flat, dtype=np.uint32), np.array(offsets, dtype=np.int64),
                      permutations(num_perm, seed))


@functools.lru_cache(maxsize=8)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) datasketch's ``MinHashLSH`` picks, with ``LSH_WEIGHTS``.

    Kept once worked out: datasketch integrates the odds of a false
    positive and a false negative for every choice (about 700 with 128
    permutations), 12 to 16 ms each time, and a scan asks twice (to check
    its settings before any work, then to band).

    Raises:
        ConfigError: datasketch's best choice is a single band, which it
            refuses (a threshold within a few hundredths of 1).

    """
    try:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    except ValueError as error:
        raise ConfigError(
            f"threshold {threshold} with num_perm {num_perm} leaves datasketch's LSH fewer than "
            f"two bands ({error}); use a lower threshold or more permutations"
        ) from None
    return int(lsh.b), int(lsh.r)


BandKeys = npt.NDArray[np.uint64]
"""One row per set: a 64-bit key for each LSH band of its signature."""


def band_keys(rows: Signatures, width: int) -> BandKeys:
    """Each band of ``width`` values of each row reduced to one 64-bit key.

    As datasketch's ``MinHashLSH(hashfunc=...)`` does to keep its index
    small: a band of 3 values is 12 bytes, its key 8, and one key compares
    at once. Equal bands give equal keys; unequal bands share a key with
    odds of 2**-64, which can only propose one more candidate, and every
    candidate is verified on its exact shingle sets.

    Example:
        >>> rows = signature_matrix([{"a b"}, {"a b"}, {"c d"}], num_perm=6, seed=1)
        >>> keys = band_keys(rows, 3)
        >>> keys.shape, bool((keys[0] == keys[1]).all()), bool((keys[0] == keys[2]).any())
        ((3, 2), True, False)

    """
    keys: BandKeys = _band_keys(np.ascontiguousarray(rows, dtype=np.uint32), width)
    return keys


@njit()
def _band_keys(rows, width):  # type: ignore[no-untyped-def]
    """``band_keys``: each value folded in with the 64-bit MurmurHash3 finaliser."""
    number = rows.shape[1] // width
    keys = np.empty((len(rows), number), dtype=np.uint64)
    for row in range(len(rows)):
        for band in range(number):
            key = np.uint64(band)
            for column in range(band * width, (band + 1) * width):
                key = _folded(key, rows[row, column])
            keys[row, band] = key
    return keys


@njit(inline="always")
def _folded(key, value):  # type: ignore[no-untyped-def]
    """``key`` with ``value`` folded in by the 64-bit MurmurHash3 finaliser."""
    key ^= np.uint64(value)
    key ^= key >> np.uint64(33)
    key *= np.uint64(0xFF51AFD7ED558CCD)
    key ^= key >> np.uint64(33)
    key *= np.uint64(0xC4CEB9FE1A85EC53)
    return key ^ (key >> np.uint64(33))


class KeyBlocks:
    """Rows of band keys kept as the blocks they were made in, never joined into one array.

    Joining the blocks of a million-sentence corpus would hold every key
    twice for a while; banding reads one column at a time.
    """

    def __init__(self, blocks: Sequence[BandKeys]) -> None:
        self.blocks = [block for block in blocks if len(block)]
        self.width = blocks[0].shape[1] if blocks else 0
        self.offsets = np.cumsum([0] + [len(block) for block in self.blocks])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def column(self, column: int) -> BandKeys:
        """One column of every row."""
        return self.take(None, slice(column, column + 1))[:, 0]

    def take(self, rows: npt.NDArray[np.signedinteger[Any]] | None, columns: slice) -> BandKeys:
        """``columns`` of ``rows`` (sorted row numbers; None for all rows)."""
        if not self.blocks:
            return np.empty((0, len(range(self.width)[columns])), dtype=np.uint64)
        if rows is None:
            return np.concatenate([block[:, columns] for block in self.blocks])
        cuts = np.searchsorted(rows, self.offsets)
        return np.concatenate([
            block[rows[cuts[at] : cuts[at + 1]] - self.offsets[at], columns]
            for at, block in enumerate(self.blocks)
        ])

    def rows(self, rows: npt.NDArray[np.signedinteger[Any]]) -> BandKeys:
        """Whole rows, in the order asked for."""
        order = np.argsort(rows, kind="stable")
        result = np.empty((len(rows), self.width), dtype=np.uint64)
        result[order] = self.take(rows[order], slice(None))
        return result

    @classmethod
    def of(cls, rows: Signatures, *, threshold: float, num_perm: int | None = None) -> KeyBlocks:
        """The band keys of signature ``rows``, banded as ``MinHashLSH`` would for ``threshold``."""
        number, width = bands(threshold, num_perm or rows.shape[1])
        return cls([band_keys(rows[:, : number * width], width)])


def band_pairs(
    rows: Signatures,
    *,
    threshold: float,
    num_perm: int | None = None,
    subset: npt.NDArray[np.int64] | None = None,
    jobs: int = 1,
) -> Pairs:
    """Pairs ``(i, j)``, ``i < j``, of rows equal on at least one LSH band, sorted.

    The same pairs ``MinHashLSH.query`` gives for these signatures. Each
    band is reduced to a 64-bit key (:func:`band_keys`), the keys of a band
    are sorted with the row number in their low bits, and rows whose keys
    agree above those bits, and then in full, form pairs. ``rows`` may hold
    only the first ``bands * rows`` values of signatures of ``num_perm``
    values (the rest are in no band). With ``subset`` (sorted row numbers),
    only those rows are banded, and pairs number them by their place in
    ``subset``: the same as banding ``rows[subset]``.

    Example:
        >>> rows = signature_matrix([{"a b"}, {"c d"}, {"a b"}], num_perm=32, seed=1)
        >>> band_pairs(rows, threshold=0.5).tolist()
        [[0, 2]]

    """
    keys = KeyBlocks.of(rows, threshold=threshold, num_perm=num_perm)
    count = len(rows) if subset is None else len(subset)
    return _decode(_band_codes(keys, subset=subset, jobs=jobs), count)


def _band_codes(
    keys: KeyBlocks,
    *,
    subset: npt.NDArray[np.signedinteger[Any]] | None,
    jobs: int = 1,
    ordered: bool = True,
    release: bool = False,
    full_bucket: int | None = None,
) -> npt.NDArray[np.int64]:
    """:func:`band_pairs` of band ``keys`` as codes ``i * count + j`` (sorted if ``ordered``).

    With ``full_bucket``, a bucket of more rows pairs its rows with its
    ``HUBS`` first ones only (:func:`_large_buckets`); without, every two
    rows equal on a band are paired there.

    A pair is kept in the first band its rows are paired on, and only there
    (:func:`_first_band_pairs`), so each band's pairs are new and no set of
    the pairs found so far is kept or merged. So the bands are independent:
    ``jobs`` threads take one band each.

    With ``release``, ``keys`` are used up: the upper half of the bands is
    banded first, then each block is cut to its lower half (a band looks
    back at earlier bands, never ahead), which is banded with half the keys
    held while most of the codes are made (at 1M sentences, 0.28 GB less).
    """
    count = len(keys) if subset is None else len(subset)
    if count < 2:
        return np.empty(0, dtype=np.int64)
    bits = max(1, (count - 1).bit_length())
    row_of = np.arange(count, dtype=np.int64) if subset is None else subset
    kept = _typed_list([np.ascontiguousarray(block) for block in keys.blocks])
    buckets = (_large_buckets(kept, keys.offsets, row_of, keys.width, full_bucket, jobs=jobs)
               if full_bucket is not None else _no_large_buckets(keys.width))

    def pairs_of_band(band: int) -> list[npt.NDArray[np.int64]]:
        column = _packed_keys(kept, keys.offsets, row_of, band, bits)
        _sort_codes(column.view(np.int64), 1)  # by buckets: 0.085 s, not 0.15, at 1M
        parts, filled = _first_band_pairs(column.view(np.int64), bits, row_of, kept,
                                          keys.offsets, band, count, buckets)
        found = _listed(parts)
        found[-1] = found[-1][:filled]
        return found

    split = keys.width // 2
    halves = [range(keys.width - 1, split - 1, -1), range(split - 1, -1, -1)]
    codes = np.empty(0, dtype=np.int64)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for bands_now in halves if release else [range(keys.width)]:
            for found in pool.map(pairs_of_band, bands_now):
                while found:  # each part let go once copied
                    part = found.pop(0)
                    codes = _grown(codes, len(codes) + len(part))
                    codes[len(codes) - len(part) :] = part
                    del part
            if release and bands_now is halves[0]:
                del kept  # it holds the blocks about to be cut
                _cut_blocks(keys, split)
                kept = _typed_list(keys.blocks)  # (a typed List's clear compiles on first use)
    if ordered:
        _sort_codes(codes, jobs)
    return codes


def _typed_list(arrays: Sequence[npt.NDArray[Any]]) -> Any:
    """A typed ``List`` of the arrays (at least one, all of one type), for compiled code.

    Built by cached compiled functions: ``List(arrays)`` calls numba's own
    list functions, which are not cached and so compile in every process
    (with ``_listed``, 0.5 s of every scan).
    """
    result = _list_of(arrays[0])
    for part in arrays[1:]:
        _append_to(result, part)
    return result


def _listed(arrays: Any) -> list[npt.NDArray[Any]]:
    """The arrays of a typed ``List``, as a Python list (see ``_typed_list``)."""
    return [_item_of(arrays, index) for index in range(_length_of(arrays))]


@njit()
def _list_of(first):  # type: ignore[no-untyped-def]
    """A typed List holding ``first``."""
    result = List()
    result.append(first)
    return result


@njit()
def _append_to(arrays, array):  # type: ignore[no-untyped-def]
    """Append ``array`` to the typed List ``arrays``."""
    arrays.append(array)


@njit()
def _length_of(arrays):  # type: ignore[no-untyped-def]
    """The length of the typed List ``arrays``."""
    return len(arrays)


@njit()
def _item_of(arrays, index):  # type: ignore[no-untyped-def]
    """Item ``index`` of the typed List ``arrays``."""
    return arrays[index]


def _cut_blocks(keys: KeyBlocks, width: int) -> None:
    """Cut each block of ``keys`` to its first ``width`` columns, a block at a time, in place.

    Each row's keys stay together: reading a row's keys from two arrays
    made the band walk a third slower. The heap is trimmed after each
    block: glibc left the old blocks' pages in place while the cut ones
    took new pages (0.13 GB more at 1M sentences, at the stage's peak).
    """
    for at, block in enumerate(keys.blocks):
        keys.blocks[at] = np.ascontiguousarray(block[:, :width])
        del block
        give_back_freed_memory()
    keys.width = width


def _grown(array: npt.NDArray[Any], size: int) -> npt.NDArray[Any]:
    """``array`` (which owns its data, with no views of it) grown to ``size`` in place.

    A large block grows by remapping its pages (glibc ``realloc``), so the
    old and the new array are never held side by side as with a concatenation.
    """
    array.resize(size, refcheck=False)
    return array


@njit(inline="always")
def _block_at(offsets, row):  # type: ignore[no-untyped-def]
    """The last block starting at or before ``row``.

    ``side="right"`` written as a search for ``row + 1``: the one compiled
    form of ``np.searchsorted`` (int64 array, int64 value, left) that the
    other compiled searches use too.
    """
    return np.searchsorted(offsets, np.int64(row) + 1) - 1


@njit()
def _packed_keys(blocks, offsets, row_of, band, bits):  # type: ignore[no-untyped-def]
    """Band ``band``'s key of each row ``row_of[x]``, its low ``bits`` replaced by ``x``.

    The top bit is cleared too, so the packed keys sort as non-negative
    codes (:func:`_sort_codes`); the walk compares whole keys, so keys that
    differ only there make no pair. ``row_of`` is sorted, so the rows of
    each block come together and each block is taken from the typed list
    once (each taking counts a reference; once per row, it took half the time).
    """
    kept = np.uint64(0x7FFF_FFFF_FFFF_FFFF) & ~np.uint64((1 << bits) - 1)
    packed = np.empty(len(row_of), dtype=np.uint64)
    x = 0
    for block in range(len(offsets) - 1):
        keys = blocks[block]
        while x < len(row_of) and row_of[x] < offsets[block + 1]:
            packed[x] = (keys[row_of[x] - offsets[block], band] & kept) | np.uint64(x)
            x += 1
    return packed


_FOUND_PART = 1 << 20
"""Codes a band's walk writes to one array before it starts the next."""

_HELD_ROWS = 1 << 14
"""Rows of runs a band's walk copies at once (a longer run is copied alone)."""


@njit()
def _first_band_pairs(packed, bits, row_of, blocks, offsets, band, count, buckets):  # type: ignore[no-untyped-def]
    """Codes ``x * count + y`` of pairs paired on ``band`` and on no earlier band.

    Two rows are paired on a band when their keys there are equal, unless
    their bucket is large (one of ``buckets``, see :func:`_large_buckets`)
    and neither is one of its hubs. A hub is one of the smallest rows of
    its bucket, so a row of a large bucket that is no hub is paired with no
    row after it.

    ``packed`` are the sorted band keys with the row's number in the low
    ``bits``; the rows of a run are compared on their whole keys, so keys
    that agree only above the low bits never make a pair. Row ``x`` is row
    ``row_of[x]`` of the joined ``blocks`` (which start at ``offsets``).
    The rows of the runs of about ``_HELD_ROWS`` members are copied at once
    (:func:`_copy_rows`), then their pairs compared. The codes come in full
    parts of ``_FOUND_PART`` and a last one of ``filled`` (a growing array
    would hold its old and new copies at once).
    """
    low = (1 << bits) - 1
    starts, marks = buckets[1], buckets[3]
    capped = starts[band + 1] > starts[band]  # some bucket of this band is large
    any_large = starts[-1] > 0
    parts = List()
    out = np.empty(_FOUND_PART, dtype=np.int64)
    filled = 0
    room = _HELD_ROWS
    held_at = np.empty(room, dtype=np.int64)  # positions in ``packed``, run after run
    run_starts = np.empty(room + 1, dtype=np.int64)  # where each run starts in ``held_at``
    local = np.empty((room, band + 1), dtype=np.uint64)
    start, hi = 0, len(packed)
    while start < hi:
        held = runs = 0
        while start < hi:
            stop = start + 1
            while stop < hi and packed[stop] >> bits == packed[start] >> bits:
                stop += 1
            if stop - start >= 2:
                if held + stop - start > room:
                    if held:
                        break  # the run starts the next rows held
                    room = stop - start
                    held_at = np.empty(room, dtype=np.int64)
                    run_starts = np.empty(room + 1, dtype=np.int64)
                    local = np.empty((room, band + 1), dtype=np.uint64)
                run_starts[runs] = held
                runs += 1
                for p in range(start, stop):
                    held_at[held] = p
                    held += 1
            start = stop
        run_starts[runs] = held
        _copy_rows(packed, low, row_of, blocks, offsets, held_at, held, local)
        for run in range(runs):
            for a in range(run_starts[run], run_starts[run + 1] - 1):
                x = packed[held_at[a]] & low
                if capped and _marked(marks, band, local[a, band]) and _hub_at(
                        buckets, band, local[a, band], x) == 0:
                    continue  # a large bucket's row that is no hub: paired with no later row
                for b in range(a + 1, run_starts[run + 1]):
                    # New when equal on this band (a whole key, not its top
                    # bits alone) and paired on no earlier one.
                    same = local[a, band] == local[b, band]
                    new = same
                    earlier = 0
                    while new and earlier < band:
                        new = local[a, earlier] != local[b, earlier]
                        earlier += 1
                    if same and not new and any_large and _marked(marks, earlier - 1,
                                                                  local[a, earlier - 1]):
                        # Equal on an earlier band, in a bucket that may be large there.
                        new = _paired_on_none(local, a, b, earlier - 1, band, buckets, x,
                                              packed[held_at[b]] & low)
                    if new:
                        if filled == len(out):
                            parts.append(out)
                            out = np.empty(_FOUND_PART, dtype=np.int64)
                            filled = 0
                        out[filled] = x * count + (packed[held_at[b]] & low)
                        filled += 1
    parts.append(out)
    return parts, filled


@njit(inline="always")
def _marked(marks, band, key):  # type: ignore[no-untyped-def]
    """Whether ``key`` may be a large bucket's on ``band`` (its top bits are marked)."""
    top = key >> np.uint64(64 - _MARK_BITS)
    return (marks[band, top >> np.uint64(6)] >> (top & np.uint64(63))) & np.uint64(1) != 0


@njit()
def _hub_at(buckets, band, key, x):  # type: ignore[no-untyped-def]
    """-1 if ``key`` is no large bucket's on ``band``; else 1 if row ``x`` is a hub of it, else 0.

    ``buckets`` are ``_large_buckets``: most keys are told apart by the
    band's marks of top bits, the others by a binary search.
    """
    large, starts, hubs, marks = buckets
    if not _marked(marks, band, key):
        return -1
    lo, hi = starts[band], starts[band + 1]
    while lo < hi:
        middle = (lo + hi) // 2
        if large[middle] < key:
            lo = middle + 1
        else:
            hi = middle
    if lo == starts[band + 1] or large[lo] != key:
        return -1
    for hub in range(hubs.shape[1]):
        if hubs[lo, hub] == x:
            return 1
    return 0


@njit()
def _paired_on_none(local, a, b, first, band, buckets, x, y):  # type: ignore[no-untyped-def]
    """Whether rows ``x`` and ``y`` (held at ``a`` and ``b``) are paired on no band before ``band``.

    They are equal on band ``first``, the first they are equal on; apart
    from the rest of the walk, which takes this path only for such pairs.
    """
    for earlier in range(first, band):
        key = local[a, earlier]
        if key == local[b, earlier]:
            found = _hub_at(buckets, earlier, key, x)
            if found != 0 or _hub_at(buckets, earlier, key, y) == 1:
                return False
    return True


LargeBuckets = tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                     npt.NDArray[np.uint64]]
"""``(keys, starts, hubs, marks)``: per band, the sorted keys of its large buckets, their hubs,
and a bit per value of a key's top ``_MARK_BITS`` bits, set for those of the large buckets."""

_MARK_BITS = 12


def _no_large_buckets(width: int) -> LargeBuckets:
    """``_large_buckets`` when no bucket is large."""
    return (np.empty(0, dtype=np.uint64), np.zeros(width + 1, dtype=np.int64),
            np.empty((0, HUBS), dtype=np.int64),
            np.zeros((width, (1 << _MARK_BITS) // 64), dtype=np.uint64))


def _large_buckets(
    blocks: Any, offsets: npt.NDArray[np.int64], row_of: npt.NDArray[np.int64], width: int,
    full_bucket: int, *, jobs: int = 1,
) -> LargeBuckets:
    """The buckets of more than ``full_bucket`` rows ``row_of[x]``, band by band, and their hubs.

    A bucket is the rows with one whole key on a band; its hubs are its
    ``HUBS`` smallest ``x``. The keys are first counted in a small table
    per band (:func:`_rows_of_full_counters`, ``jobs`` threads each taking
    a run of the bands): a counter is never below the size of a bucket it
    counts, so only the rows whose counter passes ``full_bucket`` are
    sorted to find the buckets exactly: about 83k of the 66M keys of the
    1M-sentence benchmark corpus.
    """
    if len(row_of) <= full_bucket:
        return _no_large_buckets(width)
    if not HUBS <= full_bucket < 255:
        raise ValueError(f"full_bucket must be from {HUBS} (the hubs) to 254 (a counter's top), "
                         f"got {full_bucket}")
    slot_bits = max(10, (len(row_of) // 16).bit_length())  # 16 rows a counter at most
    cuts = [width * part // max(1, jobs) for part in range(max(1, jobs) + 1)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        found = list(pool.map(lambda first, last: _rows_of_full_counters(
            blocks, offsets, row_of, first, last, slot_bits, full_bucket), cuts[:-1], cuts[1:]))
    band, key, x = (np.concatenate([part[column] for part in found]) for column in range(3))
    order = np.lexsort((key, band))  # stable: each bucket's rows stay in ``x`` order
    band, key, x = band[order], key[order], x[order]
    first = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])])
    sizes = np.diff(np.r_[first, len(key)])
    large = first[sizes > full_bucket]
    starts = np.searchsorted(band[large], np.arange(width + 1)).astype(np.int64)
    hubs = x[large[:, None] + np.arange(HUBS)].astype(np.int64)
    marks = _no_large_buckets(width)[3]
    top = (key[large] >> np.uint64(64 - _MARK_BITS)).astype(np.int64)
    np.bitwise_or.at(marks, (band[large].astype(np.int64), top >> 6),
                     np.left_shift(np.uint64(1), (top & 63).astype(np.uint64)))
    return key[large].copy(), starts, hubs, marks


@njit()
def _rows_of_full_counters(blocks, offsets, row_of, first, last, slot_bits, full):  # type: ignore[no-untyped-def]
    """``(band, key, x)`` of each row ``row_of[x]`` whose key's counter on a band passes ``full``.

    Bands ``first`` to ``last`` (excluded). A first sweep counts the keys
    by their top ``slot_bits`` bits, a byte a counter (up to 255), row
    after row with all these bands at once: the tables stay in the cache
    (band after band, reading a column of the rows, was slower).
    The second takes the rows, in ``x`` order.
    """
    counts = np.zeros((last - first, 1 << slot_bits), dtype=np.uint8)
    shift = np.uint64(64 - slot_bits)
    bands = np.empty(1024, dtype=np.int32)
    keys_at = np.empty(1024, dtype=np.uint64)
    x_at = np.empty(1024, dtype=np.int64)
    taken = 0
    for sweep in range(2):
        x = 0
        for block in range(len(offsets) - 1):
            keys = blocks[block]
            while x < len(row_of) and row_of[x] < offsets[block + 1]:
                row = row_of[x] - offsets[block]
                for band in range(first, last):
                    key = keys[row, band]
                    slot = np.int64(key >> shift)
                    if sweep == 0:
                        if counts[band - first, slot] < 255:
                            counts[band - first, slot] += 1
                    elif counts[band - first, slot] > full:
                        if taken == len(keys_at):
                            bands = np.concatenate((bands, np.empty(taken, dtype=np.int32)))
                            keys_at = np.concatenate((keys_at, np.empty(taken, dtype=np.uint64)))
                            x_at = np.concatenate((x_at, np.empty(taken, dtype=np.int64)))
                        bands[taken] = band
                        keys_at[taken] = key
                        x_at[taken] = x
                        taken += 1
                x += 1
    return bands[:taken], keys_at[:taken], x_at[:taken]


@njit()
def _copy_rows(packed, low, row_of, blocks, offsets, held_at, held, local):  # type: ignore[no-untyped-def]
    """The first ``local.shape[1]`` keys of the rows of the ``held`` members, into ``local``.

    Copied a block at a time: each taking of a block from the typed list
    counts a reference, so taking it once per row cost a fifth of the walk.
    """
    rows = np.empty(held, dtype=np.int64)
    block_of = np.empty(held, dtype=np.int64)
    ends = np.zeros(len(offsets), dtype=np.int64)  # per block: count, then start, then end
    for k in range(held):
        row = row_of[packed[held_at[k]] & low]
        block = _block_at(offsets, row)
        rows[k] = row - offsets[block]
        block_of[k] = block
        ends[block + 1] += 1
    for block in range(len(offsets) - 1):
        ends[block + 1] += ends[block]
    by_block = np.empty(held, dtype=np.int64)
    for k in range(held):
        by_block[ends[block_of[k]]] = k
        ends[block_of[k]] += 1
    first = 0
    for block in range(len(offsets) - 1):
        if ends[block] > first:
            keys = blocks[block]
            for at in range(first, ends[block]):
                k = by_block[at]
                for column in range(local.shape[1]):
                    local[k, column] = keys[rows[k], column]
        first = ends[block]


def _decode(codes: npt.NDArray[np.int64], count: int) -> Pairs:
    """Pairs ``(code // count, code % count)``, one row each; ``codes`` is used up.

    While row numbers fit in int32, a pair takes the eight bytes of its
    code, so the pairs are written over the codes a block at a time.
    """
    divisor = max(count, 1)
    if count > np.iinfo(np.int32).max:
        wide: Pairs = np.empty((len(codes), 2), dtype=np.int64)
        np.floor_divide(codes, divisor, out=wide[:, 0])
        np.remainder(codes, divisor, out=wide[:, 1])
        return wide
    pairs: Pairs = codes.view(np.int32).reshape(-1, 2)
    for start in range(0, len(codes), _PAIRS_AT_ONCE):
        part = codes[start : start + _PAIRS_AT_ONCE].copy()  # read before it is overwritten
        pairs[start : start + len(part), 0] = part // divisor
        pairs[start : start + len(part), 1] = part % divisor
    return pairs


FULL_CLASS = 16
"""Largest class of identical signatures whose members are all paired with each other."""

HUBS = 2
"""Members of a larger class that stand for it in pairs."""

FULL_BUCKET = 64
"""Largest bucket (distinct rows with one key on a band) whose rows are all paired.

A larger bucket pairs each of its rows with its ``HUBS`` first rows only: a
sentence a wire story carries into hundreds of papers, each with an edit or
two, would otherwise give every pair of its copies on every band.
"""


def class_band_pairs(
    rows: Signatures,
    *,
    threshold: float,
    num_perm: int | None = None,
    jobs: int = 1,
) -> Pairs:
    """:func:`band_pairs`, banding each class of identical signatures once.

    A sentence repeated thousands of times (in thousands of documents, or in
    one huge one) would otherwise give every pair of its copies: quadratic.
    See :func:`class_key_pairs`, which does the work on the band keys.

    Example:
        >>> rows = signature_matrix([{"a b"}, {"c d"}, {"a b"}], num_perm=32, seed=1)
        >>> class_band_pairs(rows, threshold=0.5).tolist()
        [[0, 2]]

    """
    return class_key_pairs(KeyBlocks.of(rows, threshold=threshold, num_perm=num_perm),
                           jobs=jobs)


def class_key_pairs(rows: KeyBlocks, *, jobs: int = 1, release: bool = False) -> Pairs:
    """Pairs of rows equal on some band key, banding each class of identical rows once.

    Rows with identical keys form a class; one row of each class is banded.
    A class of up to ``FULL_CLASS`` members yields every pair that plain
    banding would, so ordinary corpora get exactly the same pairs; a larger
    class is represented by its first ``HUBS`` members, which still joins
    every member into one group, in pairs linear in its size. Likewise a
    bucket of more than ``FULL_BUCKET`` classes on a band pairs them with
    its ``HUBS`` first only (a pair equal on several bands is kept if it is
    paired on one): a story printed by 300 papers, each with a few words
    edited, gave 156M candidates for 265k units, and now gives 15M.

    With ``release``, the blocks of ``rows`` are let go as soon as the bands
    are done: at 1M sentences they are 0.56 GB, and the pairs still have
    to be expanded and sorted.
    """
    count = len(rows)
    if count < 2:
        return np.empty((0, 2), dtype=np.int64)
    order, class_of, starts, sizes = _identical_rows(rows)
    if release:
        give_back_freed_memory()  # the hashes that found the classes
    if len(sizes) == count:  # no two rows alike: plain banding
        codes = _band_codes(rows, subset=None, jobs=jobs, ordered=False, release=release,
                            full_bucket=FULL_BUCKET)
        if release:
            rows.blocks.clear()
            give_back_freed_memory()
        _sort_codes(codes, jobs)
        return _decode(codes, count)
    kept = np.minimum(sizes, np.where(sizes <= FULL_CLASS, sizes, HUBS))
    reps = np.sort(order[starts])
    # Pairs between classes, from the banding of one row per class: each
    # pair of classes gives the pairs of their first ``kept`` members.
    rep_codes = _band_codes(rows, subset=reps, jobs=jobs, release=release,
                            ordered=False, full_bucket=FULL_BUCKET)  # sorted at the end
    if release:
        rows.blocks.clear()
        give_back_freed_memory()
    rep_class = class_of[reps]
    # What each representative stands for: its own row when its class has
    # no other member (nearly all), else -1 - its class.
    stands = np.where(sizes[rep_class] == 1, reps, -1 - rep_class)
    within = kept * sizes - kept * (kept + 1) // 2
    between = _pairs_between(rep_codes, len(reps), stands, kept)
    represented = len(rep_codes)
    codes = _grown(rep_codes, between + int(within.sum()))
    del rep_codes
    _expand_classes(codes, represented, len(reps), stands, kept, order, starts, sizes, count,
                    between)
    # Pairs of different classes, or inside one, are all distinct: sorting suffices.
    _sort_codes(codes, jobs)
    return _decode(codes, count)


@njit()
def _pairs_between(codes, reps, stands, kept):  # type: ignore[no-untyped-def]
    """How many pairs the representatives' ``codes`` stand for (see ``_expand_classes``)."""
    total = 0
    for code in codes:
        left, right = stands[code // reps], stands[code % reps]
        total += (1 if left >= 0 else kept[-1 - left]) * (1 if right >= 0 else kept[-1 - right])
    return total


@njit()
def _expand_classes(codes, represented, reps, stands, kept, order, starts, sizes, count,  # type: ignore[no-untyped-def]
                    between):
    """Replace the first ``represented`` codes (of representatives) by their classes' pairs.

    In place. Each pair of classes gives the pairs of their first ``kept``
    members, written to ``codes[:between]`` from the last code back: each
    code gives at least one pair, so the pairs written never reach a code
    not yet read. Then, from ``between`` on, the pairs inside each class:
    each of its first ``kept`` members with every later member (``order``
    holds each class's rows in row order, from ``starts``). ``stands`` is
    a representative's row when it is alone in its class, else -1 - class.
    """
    filled = between
    for at in range(represented - 1, -1, -1):
        code = codes[at]
        left, right = stands[code // reps], stands[code % reps]
        if left >= 0 and right >= 0:  # two rows, each alone in its class
            filled -= 1
            codes[filled] = min(left, right) * count + max(left, right)
            continue
        lefts = 1 if left >= 0 else kept[-1 - left]
        rights = 1 if right >= 0 else kept[-1 - right]
        filled -= lefts * rights
        written = filled
        for i in range(lefts):
            first = left if left >= 0 else order[starts[-1 - left] + i]
            for j in range(rights):
                second = right if right >= 0 else order[starts[-1 - right] + j]
                codes[written] = min(first, second) * count + max(first, second)
                written += 1
    written = between
    for group in range(len(sizes)):
        for hub in range(kept[group]):
            for partner in range(hub + 1, sizes[group]):
                codes[written] = order[starts[group] + hub] * count + order[starts[group] + partner]
                written += 1


_SORT_BUCKET_BITS = 12
"""Codes are sorted in up to ``2 ** _SORT_BUCKET_BITS`` buckets of their top bits."""

_SORT_IN_BUCKETS_FROM = 1 << 16
"""Fewer codes than this are sorted by one ``ndarray.sort``, with no buckets and no threads."""


def _sort_codes(codes: npt.NDArray[np.int64], jobs: int) -> None:
    """Sort non-negative ``codes`` in place, on ``jobs`` threads.

    One pass moves each code into the bucket of its top bits (in place, no
    second array); NumPy then sorts the buckets, small enough for the
    cache, on ``jobs`` threads. At 1M sentences (37M codes) this takes
    1.6 s, against 2.8 s for one ``ndarray.sort``. Fewer than
    ``_SORT_IN_BUCKETS_FROM`` codes are sorted at once: a sort per bucket
    costs a Python call each, up to 4,096 of them, and a thread pool is
    started, about 2 ms whatever the size, where ``ndarray.sort`` takes
    0.6 ms for 20,000 codes and as long as the buckets from about 80,000
    (each band of LSH at 10,000 sentences sorts 28,000 keys: 26 bands, 0.06 s).
    """
    if len(codes) < 2:
        return
    if len(codes) < _SORT_IN_BUCKETS_FROM:
        codes.sort()  # integers: one order, however sorted
        return
    top = int(codes.max())
    shift = max(0, top.bit_length() - _SORT_BUCKET_BITS)
    bounds = _into_buckets(codes, shift, (top >> shift) + 1)
    # Cut the buckets into ``jobs`` runs of about equal numbers of codes.
    cuts = np.searchsorted(bounds, np.linspace(0, len(codes), jobs + 1)[1:-1]).tolist()

    def sort_buckets(first: int, last: int) -> None:
        for bucket in range(first, last):
            codes[bounds[bucket] : bounds[bucket + 1]].sort()

    if jobs <= 1:
        sort_buckets(0, len(bounds) - 1)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(sort_buckets, [0, *cuts], [*cuts, len(bounds) - 1]))


@njit()
def _into_buckets(codes, shift, buckets):  # type: ignore[no-untyped-def]
    """Move each code into its bucket ``code >> shift``, in place; the buckets' bounds.

    One "American flag" pass: a code out of its bucket is swapped into the
    next free slot of its own, until the slot being filled gets one that
    belongs there.
    """
    bounds = np.zeros(buckets + 1, dtype=np.int64)
    for code in codes:
        bounds[(code >> shift) + 1] += 1
    for bucket in range(buckets):  # running sum (``np.cumsum`` would compile once more)
        bounds[bucket + 1] += bounds[bucket]
    free = bounds[:-1].copy()
    for bucket in range(buckets):
        while free[bucket] < bounds[bucket + 1]:
            code = codes[free[bucket]]
            home = code >> shift
            while home != bucket:
                codes[free[home]], code = code, codes[free[home]]
                free[home] += 1
                home = code >> shift
            codes[free[bucket]] = code
            free[bucket] += 1
    return bounds


def _identical_rows(
    rows: KeyBlocks,
) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.signedinteger[Any]],
           npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.signedinteger[Any]]]:
    """Classes of identical rows: ``(order, class_of, starts, sizes)``.

    ``order[starts[k] : starts[k] + sizes[k]]`` are the rows of class ``k``
    in row order, and ``class_of[i]`` is the class of row ``i``. Rows are
    grouped by a 64-bit hash of all their keys (a few arrays of one value
    per row, not a sorted copy of the rows), then neighbours with equal
    hashes are compared key by key; should two different rows share a
    hash, the exact ``np.unique`` of the rows decides instead.
    """
    count = len(rows)
    digest = _row_keys(_typed_list([np.ascontiguousarray(b) for b in rows.blocks]),
                       rows.offsets, np.arange(count, dtype=np.int64), 0, rows.width)
    # Row numbers as int32 while they fit: these arrays are held through banding.
    index: type[np.signedinteger[Any]] = (np.int32 if count <= np.iinfo(np.int32).max
                                          else np.int64)
    order = np.argsort(digest, kind="stable").astype(index)  # equal hashes in row order
    ordered = digest[order]
    del digest
    same_hash = np.flatnonzero(ordered[1:] == ordered[:-1])
    del ordered
    # Compared a block at a time: a huge document has a neighbour for nearly every row.
    equal = all(
        (rows.rows(order[same_hash[start:stop]])
         == rows.rows(order[same_hash[start:stop] + 1])).all()
        for start, stop in _blocks(np.full(len(same_hash), rows.width), _UNION_VALUES)
    )
    if not equal:  # two different rows with one hash
        joined = rows.take(None, slice(None))
        row_bytes = np.dtype((np.void, joined.dtype.itemsize * joined.shape[1]))
        packed = np.ascontiguousarray(joined).view(row_bytes).ravel()
        _, class_of = np.unique(packed, return_inverse=True)
        class_of = class_of.astype(index).ravel()
        order = np.argsort(class_of, kind="stable").astype(index)
        sizes = np.bincount(class_of).astype(index)
        return order, class_of, np.cumsum(sizes, dtype=index) - sizes, sizes
    starts_new = np.ones(count, dtype=bool)
    starts_new[same_hash + 1] = False
    starts = np.flatnonzero(starts_new).astype(index)
    sizes = np.diff(starts, append=index(count))
    class_of = np.empty(count, dtype=index)
    class_of[order] = np.cumsum(starts_new, dtype=index) - 1
    return order, class_of, starts, sizes


def _row_keys(
    blocks: Any, offsets: npt.NDArray[np.int64], row_of: npt.NDArray[np.int64], first: int,
    width: int
) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of columns ``first : first + width`` of each sorted row ``row_of[x]``.

    Equal values give equal keys; unequal values may (rarely) too, so keys
    only sort, and values decide. A seam for tests that make keys clash.
    """
    keys: npt.NDArray[np.uint64] = _hash_rows(blocks, offsets, row_of, first, width)
    return keys


@njit()
def _hash_rows(blocks, offsets, row_of, first, width):  # type: ignore[no-untyped-def]
    """``_row_keys``: each value folded in with the 64-bit MurmurHash3 finaliser.

    ``row_of`` is sorted: each block is taken from the typed list once (see
    :func:`_packed_keys`).
    """
    keys = np.empty(len(row_of), dtype=np.uint64)
    x = 0
    for block in range(len(offsets) - 1):
        values = blocks[block]
        while x < len(row_of) and row_of[x] < offsets[block + 1]:
            row = row_of[x] - offsets[block]
            key = np.uint64(0)
            for column in range(first, first + width):
                key = _folded(key, values[row, column])
            keys[x] = key
            x += 1
    return keys


def candidate_pairs(
    shingle_sets: Sequence[set[str]],
    *,
    num_perm: int,
    threshold: float,
    seed: int,
    progress: Progress | None = None,
) -> list[tuple[int, int]]:
    """Pairs of sets that MinHash LSH expects to have Jaccard >= ``threshold``."""
    total = len(shingle_sets)
    if progress is not None:
        progress("candidates", 0, total)
    rows = signature_matrix(shingle_sets, num_perm=num_perm, seed=seed)
    pairs = band_pairs(rows, threshold=threshold)
    if progress is not None:
        progress("candidates", total, total)
    return [(int(i), int(j)) for i, j in pairs.tolist()]


def verify(
    pairs: Sequence[tuple[int, int]],
    shingle_sets: Sequence[set[str]],
    *,
    threshold: float,
) -> list[Match]:
    """Keep the pairs whose exact Jaccard similarity reaches ``threshold``."""
    matches = []
    for first, second in pairs:
        a, b = shingle_sets[first], shingle_sets[second]
        shared = len(a & b)
        union = len(a) + len(b) - shared
        # The same division as ``jaccard``, without building the union.
        similarity = shared / union if union else 0.0
        if similarity >= threshold:
            matches.append(Match(first, second, similarity))
    return matches


def set_sizes(
    values: npt.NDArray[np.uint64], ranges: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The number of distinct values in each range of ``values``: ``len(set(values[lo:hi]))``."""
    sizes: npt.NDArray[np.int64] = _distinct_counts(
        np.ascontiguousarray(values, dtype=np.uint64), np.ascontiguousarray(ranges, dtype=np.int64))
    return sizes


@njit()
def _distinct_counts(values, ranges):  # type: ignore[no-untyped-def]
    """``set_sizes``: each range's values put in a small table (:func:`_put`), as in ``_jaccard``.

    The table is sized for the longest range, so it stays in the cache, and
    owned by each range in turn, so it is never cleared. (Sorting all the
    values to find each one's previous equal took a tenth of a worker's
    batch.)
    """
    sizes = np.zeros(len(ranges), dtype=np.int64)
    longest = 1
    for r in range(len(ranges)):
        longest = max(longest, ranges[r, 1] - ranges[r, 0])
    keys, owner = _table(longest)
    for r in range(len(ranges)):
        distinct = 0
        for k in range(ranges[r, 0], ranges[r, 1]):
            if _put(keys, owner, values[k], r)[1]:
                distinct += 1
        sizes[r] = distinct
    return sizes


@njit()
def _table(longest):  # type: ignore[no-untyped-def]
    """An empty open-addressing table (keys, owners) for sets of up to ``longest`` hashes."""
    size = 16
    while size < 2 * longest:
        size *= 2
    return np.zeros(size, dtype=np.uint64), np.full(size, -1, dtype=np.int64)


@njit(inline="always")
def _put(keys, owner, value, mark):  # type: ignore[no-untyped-def]
    """Put hash ``value`` in the table for ``mark``: its slot, and whether it was new there.

    The value's low bits pick the slot; a slot whose owner is not ``mark``
    is free, so a table is used again without clearing it.
    """
    last = np.int64(len(keys) - 1)
    slot = np.int64(value & np.uint64(last))
    while owner[slot] == mark and keys[slot] != value:
        slot = (slot + np.int64(1)) & last
    new = owner[slot] != mark
    keys[slot] = value
    owner[slot] = mark
    return slot, new


def first_seen(
    values: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where each distinct value first stands, in that order, and each value's number among them.

    ``np.unique(values, return_index=True, return_inverse=True)`` without
    the sort: the distinct values are numbered in the order they first
    appear, so ``values[first][inverse]`` is ``values``.

    Example:
        >>> first, inverse = first_seen(np.array([7, 3, 7, 9, 3], dtype=np.uint64))
        >>> first.tolist(), inverse.tolist()
        ([0, 1, 3], [0, 1, 0, 2, 1])

    """
    first, inverse = _first_seen(np.ascontiguousarray(values, dtype=np.uint64))
    return first, inverse


@njit()
def _first_seen(values):  # type: ignore[no-untyped-def]
    """``first_seen``: each value put in one table (:func:`_put`), mixed so its low bits vary.

    The MurmurHash3 finaliser is a bijection, so mixed values are equal
    exactly when the values are.
    """
    keys, owner = _table(len(values))
    number = np.empty(len(keys), dtype=np.int64)  # the distinct value in each slot
    first = np.empty(len(values), dtype=np.int64)
    inverse = np.empty(len(values), dtype=np.int64)
    count = 0
    for at in range(len(values)):
        slot, new = _put(keys, owner, _folded(np.uint64(0), values[at]), 0)
        if new:
            number[slot] = count
            first[count] = at
            count += 1
        inverse[at] = number[slot]
    return first[:count], inverse


def verify_ranges(
    pairs: Pairs,
    values: npt.NDArray[np.uint64],
    ranges: npt.NDArray[np.int64],
    *,
    threshold: float,
    sizes: npt.NDArray[np.int64] | None = None,
    apart: npt.NDArray[np.bool_] | None = None,
    jobs: int = 1,
) -> tuple[Matches, int]:
    """``verify`` for sets stored as ranges of one array, all pairs at once.

    Set ``i`` is ``set(values[ranges[i, 0]:ranges[i, 1]])``; ``sizes`` are
    the sizes of the sets, if known. The shared part of two sets is counted
    by compiled code (:func:`_jaccard`), on ``jobs`` threads. When
    ``apart`` is given, only the pairs it marks True are matches (the others
    are counted). Returns the matches, in pair order, and how many pairs
    reach ``threshold``.
    """
    if sizes is None:
        sizes = set_sizes(values, ranges)
    values = np.ascontiguousarray(values, dtype=np.uint64)
    kept: list[npt.NDArray[np.intp]] = [np.empty(0, dtype=np.intp)]
    similarities: list[npt.NDArray[np.float64]] = [np.empty(0)]
    reached = 0
    # A few million pairs at a time, to bound the memory of the temporaries.
    for start in range(0, len(pairs), _VERIFIED_AT_ONCE):
        part = pairs[start : start + _VERIFIED_AT_ONCE]
        similarity = _similarities(part, ranges, sizes, values, threshold, jobs)
        passed = similarity >= threshold
        reached += int(passed.sum())
        if apart is not None:
            passed &= apart[start : start + _VERIFIED_AT_ONCE]
        at = np.flatnonzero(passed)
        kept.append(at + start)
        similarities.append(similarity[at])
    # Each side's column gathered once, straight into its own array.
    at = np.concatenate(kept)
    return Matches(pairs[at, 0].astype(np.int64, copy=False),
                   pairs[at, 1].astype(np.int64, copy=False),
                   np.concatenate(similarities)), reached


def _similarities(
    pairs: Pairs,
    ranges: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    values: npt.NDArray[np.uint64],
    threshold: float,
    jobs: int,
) -> npt.NDArray[np.float64]:
    """Jaccard similarity of each pair of ranges (see ``verify_ranges``), on ``jobs`` threads.

    Exact for every pair that can reach ``threshold``; a pair whose smaller
    set is too small for that (the similarity is at most the ratio of the
    sizes) gets that ratio, an upper bound below ``threshold``, uncounted.
    """
    similarity = np.empty(len(pairs), dtype=np.float64)
    # Each thread has its own table, so the pairs can be cut anywhere.
    cuts = [len(pairs) * part // jobs for part in range(jobs + 1)]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda lo, hi: _jaccard(
            pairs[lo:hi], ranges, sizes, values, threshold, similarity[lo:hi]),
            cuts[:-1], cuts[1:]))
    return similarity


@njit()
def _jaccard(pairs, ranges, sizes, values, threshold, similarity):  # type: ignore[no-untyped-def]
    """Fill ``similarity[p]`` for each pair (see ``_similarities``).

    The first set's values go into a small open-addressing table (the
    values are hashes already: their low bits pick the slot), built once
    for each run of pairs with one first set and small enough to stay in
    the cache; each of the second set's values found there is counted once
    (its slot remembers the pair that counted it). The similarity is the
    same division of two exact integers as ``jaccard``.
    """
    longest = 1
    for p in range(len(pairs)):
        longest = max(longest, ranges[pairs[p, 0], 1] - ranges[pairs[p, 0], 0])
    keys, owner = _table(longest)  # owner: the run (of pairs) that filled the slot
    counted = np.full(len(keys), -1, dtype=np.int64)  # the pair that counted the slot
    current = -1
    run = -1
    mask = np.uint64(len(keys) - 1)
    last = np.int64(len(keys) - 1)
    for p in range(len(pairs)):
        a, b = pairs[p, 0], pairs[p, 1]
        size_a, size_b = sizes[a], sizes[b]
        larger, smaller = max(size_a, size_b), min(size_a, size_b)
        bound = smaller / larger if larger > 0 else 0.0
        if bound < threshold:  # hopeless: the bound is its similarity
            similarity[p] = bound
            continue
        if a != current:
            current = a
            run += 1
            for k in range(ranges[a, 0], ranges[a, 1]):
                counted[_put(keys, owner, values[k], run)[0]] = -1
        shared = 0
        for k in range(ranges[b, 0], ranges[b, 1]):
            value = values[k]
            slot = np.int64(value & mask)
            while owner[slot] == run:
                if keys[slot] == value:
                    if counted[slot] != p:
                        counted[slot] = p
                        shared += 1
                    break
                slot = (slot + np.int64(1)) & last
        union = size_a + size_b - shared
        similarity[p] = shared / union if union > 0 else 0.0


class ShingleNumbers:
    """Each indexed shingle's number, looked up exactly, with no Python object per shingle.

    A dict of the shingles (a string, an int and a slot each) was 40 to 50
    bytes a reference word of an audit. Kept instead: the shingles in one
    string, in number order, where each ends, and their 64-bit hashes
    (:func:`hash64`) sorted with each one's number; a shingle asked for is
    compared with the ones whose hash is its own.

    Example:
        >>> numbers = ShingleNumbers(["a b", "b c"], hash64_many(["a b", "b c"]))
        >>> numbers.numbers(["b c", "x y", "a b"])
        [1, -1, 0]

    """

    def __init__(self, shingles: Sequence[str], hashes: npt.NDArray[np.uint64]) -> None:
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._numbers: npt.NDArray[np.signedinteger] = order.astype(
            np.int32 if len(shingles) < 2**31 else np.int64)
        self._text = "".join(shingles)
        self._ends = np.cumsum(np.fromiter(map(len, shingles), dtype=np.int64,
                                           count=len(shingles)))

    def __len__(self) -> int:
        return len(self._hashes)

    def numbers(self, shingles: Sequence[str]) -> list[int]:
        """The number of each of ``shingles``, -1 for one not indexed."""
        if not shingles or not len(self._hashes):
            return [-1] * len(shingles)
        hashes = hash64_many(shingles)
        places = np.minimum(np.searchsorted(self._hashes, hashes), len(self._hashes) - 1)
        numbers = self._numbers[places]
        ends = self._ends[numbers]
        starts = np.where(numbers > 0, self._ends[np.maximum(numbers - 1, 0)], 0)
        found = [-1] * len(shingles)
        for at in np.flatnonzero(self._hashes[places] == hashes).tolist():
            start, end = int(starts[at]), int(ends[at])
            found[at] = (int(numbers[at]) if self._text[start:end] == shingles[at]
                         else self._colliding(shingles[at], int(places[at])))
        return found

    def _colliding(self, shingle: str, place: int) -> int:
        """The number of ``shingle`` among the others of its hash after ``place`` (-1: none)."""
        for other in range(place + 1, len(self._hashes)):
            if self._hashes[other] != self._hashes[place]:
                break
            number = int(self._numbers[other])
            start = int(self._ends[number - 1]) if number else 0
            if self._text[start : int(self._ends[number])] == shingle:
                return number
        return -1


@dataclass(frozen=True)
class ContainmentIndex:
    """Shingle sets indexed for containment queries (a query inside a larger set).

    Jaccard similarity cannot see a 12-word quotation inside a 60-word
    passage; containment ``|query & indexed| / |query|`` can. Built once
    with :func:`containment_index`, queried with :func:`containing`. The sets
    themselves are not kept: their shingles, numbered, are the postings.
    """

    num_perm: int
    seed: int
    threshold: float
    vocabulary: ShingleNumbers
    """Each shingle of the indexed sets, numbered."""
    posting_starts: npt.NDArray[np.int64]
    """Shingle ``k`` is in the sets ``posting_sets[posting_starts[k]:posting_starts[k + 1]]``."""
    posting_sets: npt.NDArray[np.signedinteger]
    mixed: Signatures
    """Each set's shingles' hashes (datasketch's, mixed), set after set: a
    set's MinHash values are made from them when a query asks (a row of
    ``num_perm`` values for every set was 43 bytes a reference word)."""
    set_starts: npt.NDArray[np.int64]
    """Set ``k``'s hashes are ``mixed[set_starts[k]:set_starts[k + 1]]``."""
    partition: npt.NDArray[np.int64]
    """Each set's partition of ``MinHashLSHEnsemble`` by size (-1: empty, not indexed)."""
    uppers: tuple[int, ...]
    """Each partition's largest set size."""
    xqs: npt.NDArray[np.float64]
    """The ensemble's ratios of partition bound to query size, and for each its
    ``(bands, rows)`` (``params``)."""
    params: npt.NDArray[np.int64]


ENSEMBLE_PARTITIONS = 16
"""``MinHashLSHEnsemble``'s default number of partitions by set size."""


def containment_index(
    shingle_sets: Iterable[set[str]], *, num_perm: int, threshold: float, seed: int
) -> ContainmentIndex:
    """Index ``shingle_sets`` for containment >= ``threshold`` as ``MinHashLSHEnsemble`` does.

    The ensemble's partitions by set size and its bands and rows for each
    query size come from datasketch. Its tables are not built: a set the
    ensemble proposes counts only if it holds ``threshold`` of the query,
    so :func:`containing` finds those sets exactly and keeps the ones the
    ensemble's bands pair with the query. One Python object per window
    cost an audit about 1 GB and 20 s per MB of reference text.

    The sets are read once, one at a time, and only their shingles'
    numbers are kept (and each distinct shingle's hash): an audit passes a
    generator, so that the sets of all its windows (a third of its memory
    at its peak) never exist at once.

    Example:
        >>> index = containment_index([{"a b", "b c", "c d", "d e"}], num_perm=64,
        ...                           threshold=0.5, seed=1)
        >>> containing(index, [{"b c", "c d"}])
        [[0]]

    """
    ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS,
                                  num_part=ENSEMBLE_PARTITIONS)
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    numbered = array.array("q")  # each set's shingles' numbers, one set after the other
    set_sizes = array.array("q")
    for members in shingle_sets:
        numbered.extend([number(shingle, len(vocabulary)) for shingle in members])
        set_sizes.append(len(members))
    shingles = list(vocabulary)  # in number order
    del vocabulary, number
    long_hashes = hash64_many(shingles)
    numbers = ShingleNumbers(shingles, long_hashes)
    distinct = len(shingles)
    del shingles
    ids = np.frombuffer(numbered, dtype=np.int64) if numbered else np.zeros(0, dtype=np.int64)
    sizes = (np.frombuffer(set_sizes, dtype=np.int64) if set_sizes
             else np.zeros(0, dtype=np.int64))
    count = len(sizes)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    # ``hash32`` of each shingle: the low 32 bits of its ``hash64``.
    hashes = (long_hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    del long_hashes
    mixed = mix(hashes)[ids]
    # Set numbers in 32 bits where they fit: half the postings' memory.
    owners: npt.NDArray[np.signedinteger] = np.repeat(
        np.arange(count, dtype=np.int32 if count < 2**31 else np.int64), sizes)
    order = np.argsort(ids, kind="stable")  # each shingle's sets in ascending order
    postings = owners[order]
    del owners, order
    posting_starts = np.zeros(distinct + 1, dtype=np.int64)
    np.cumsum(np.bincount(ids, minlength=distinct), out=posting_starts[1:])
    partition = np.full(count, -1, dtype=np.int64)
    uppers: list[int] = []
    indexed = np.flatnonzero(sizes)
    if len(indexed):
        # As ``MinHashLSHEnsemble.index`` places the sets, smallest first.
        found, counts = np.array(sorted(Counter(sizes[indexed].tolist()).most_common())).T
        uppers = [int(upper) for _, upper in optimal_partitions(found, counts,
                                                                ENSEMBLE_PARTITIONS)]
        current = 0
        for key in indexed[np.argsort(sizes[indexed], kind="stable")].tolist():
            if sizes[key] > uppers[current]:
                current += 1
            partition[key] = current
    return ContainmentIndex(num_perm, seed, threshold, numbers, posting_starts,
                            postings, mixed, offsets, partition, tuple(uppers),
                            np.asarray(ensemble.xqs), np.asarray(ensemble.params, dtype=np.int64))


def containing(index: ContainmentIndex, queries: Sequence[set[str]]) -> list[list[int]]:
    """For each query set, the indexed sets that contain at least ``threshold`` of it.

    The sets ``MinHashLSHEnsemble.query`` proposes that hold ``threshold``
    of the query. Those holding that much are found exactly: at least one
    of the query's rarest shingles (all but as many as it may lack) is in
    each, so only their sets are counted. Of them, a set is proposed when
    one of the first ``b`` bands of ``r`` MinHash values equals the
    query's, ``(b, r)`` being the ensemble's for the set's partition and
    the query's size. Keys are sorted.
    """
    # The shingles of all the queries are looked up at once.
    listed = [list(query) for query in queries]
    numbers = index.vocabulary.numbers([shingle for query in listed for shingle in query])
    holding = []
    at = 0
    for query in listed:
        holding.append(_holding(index, len(query),
                                [k for k in numbers[at : at + len(query)] if k >= 0]))
        at += len(query)
    # Only the queries some set holds enough of are signed and banded.
    asked = [at for at, keys in enumerate(holding) if len(keys)]
    rows = signature_matrix([queries[at] for at in asked], num_perm=index.num_perm,
                            seed=index.seed)
    found: list[list[int]] = [[] for _ in queries]
    for at, row in zip(asked, rows, strict=True):
        found[at] = sorted(_banded_with(index, holding[at], row, len(queries[at])).tolist())
    return found


def _holding(index: ContainmentIndex, size: int, known: list[int]
             ) -> npt.NDArray[np.signedinteger]:
    """The indexed sets that hold at least ``threshold`` of a query, exactly, sorted.

    The query has ``size`` shingles, of which those indexed are numbered ``known``.
    """
    least = index.threshold * size
    starts, postings = index.posting_starts, index.posting_sets
    known.sort(key=lambda k: (starts[k + 1] - starts[k], k))
    rarest = len(known) - math.ceil(least) + 1  # the rest hold too few
    if not size or rarest <= 0:
        return np.zeros(0, dtype=postings.dtype)
    keys = np.unique(np.concatenate([postings[starts[k] : starts[k + 1]]
                                     for k in known[:rarest]]))
    shared = np.zeros(len(keys), dtype=np.int64)
    for k in known:
        sets = postings[starts[k] : starts[k + 1]]
        at = np.minimum(np.searchsorted(sets, keys), len(sets) - 1)
        shared += sets[at] == keys
    kept: npt.NDArray[np.signedinteger] = keys[shared >= least]
    return kept


def _banded_with(
    index: ContainmentIndex, keys: npt.NDArray[np.signedinteger], row: Signatures, size: int
) -> npt.NDArray[np.signedinteger]:
    """The sets of ``keys`` that share a band with the query, as the ensemble bands them.

    Their MinHash values are made here, the first ``bands * rows`` of them:
    the same as datasketch's (each permutation's minimum on its own).
    """
    kept = []
    partitions = index.partition[keys]
    a, b = permutations(index.num_perm, index.seed)
    for part in np.unique(partitions).tolist():
        in_part = keys[partitions == part]
        # ``MinHashLSHEnsemble._get_optimal_param``.
        at = int(np.searchsorted(index.xqs, float(index.uppers[part]) / float(size),
                                 side="left"))
        bands, width = index.params[min(at, len(index.params) - 1)].tolist()
        span = bands * width
        ranges = np.stack([index.set_starts[in_part], index.set_starts[in_part + 1]], axis=1)
        rows = _min_hashes(index.mixed, ranges, np.ascontiguousarray(a[:span]),
                           np.ascontiguousarray(b[:span]))
        equal = rows == row[:span]
        kept.append(in_part[equal.reshape(len(in_part), bands, width).all(axis=2).any(axis=1)])
    return np.concatenate(kept) if kept else keys
