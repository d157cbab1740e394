"""Shingles -> hashes and MinHash signatures, the same values as datasketch's.

In: shingles (strings), or sets of them. Out: their 32- and 64-bit hashes
(datasketch's ``sha1_hash32`` and ``sha1_hash64``, :func:`hash32`,
:func:`hash64`, :func:`hash64_many`, a bounded cache :class:`Hashes`) and
their MinHash rows. Signatures are datasketch's ``MinHash`` values (scheme
``affine32``: SHA-1 of the shingle's UTF-8 bytes, pre-mixed with the
MurmurHash3 finaliser, then ``a * h + b`` modulo 2**32 with datasketch's
seeded permutations), computed for all sets at once by a compiled loop
(:func:`signature_matrix`); :func:`signatures` wraps the same values as
``MinHash`` objects. :func:`folded` is the 64-bit finaliser the band keys,
the row hashes and the tables fold values with.

Its own module because every other step starts from these values: the
scan's banding, the audit's containment index and the per-document
preparation (``dedup.prepare``) all sign with them.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

from dedup.candidates.shapes import Signatures
from dedup.jit import njit

# MurmurHash3's 32-bit finaliser, as datasketch's ``_fmix`` applies it.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


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
    signed: Signatures = min_hashes_of_mixed(mix(hashes.astype(np.uint32, copy=False)),
                                             np.ascontiguousarray(ranges, dtype=np.int64),
                                             np.ascontiguousarray(a, dtype=np.uint32),
                                             np.ascontiguousarray(b, dtype=np.uint32))
    return signed


@njit()
def min_hashes_of_mixed(mixed, ranges, a, b):  # type: ignore[no-untyped-def]
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


@njit(inline="always")
def folded(key, value):  # type: ignore[no-untyped-def]
    """``key`` with ``value`` folded in by the 64-bit MurmurHash3 finaliser."""
    key ^= np.uint64(value)
    key ^= key >> np.uint64(33)
    key *= np.uint64(0xFF51AFD7ED558CCD)
    key ^= key >> np.uint64(33)
    key *= np.uint64(0xC4CEB9FE1A85EC53)
    return key ^ (key >> np.uint64(33))
