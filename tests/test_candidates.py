from __future__ import annotations

import random
import sys
import tracemalloc
import weakref
from collections.abc import Iterator

import numpy as np
import pytest
from conftest import INPUTS
from datasketch import MinHash, MinHashLSH, MinHashLSHEnsemble
from datasketch.hashfunc import sha1_hash32, sha1_hash64

from dedup import candidates
from dedup.candidates import (
    LSH_WEIGHTS,
    ShingleNumbers,
    band_pairs,
    band_walk,
    banding,
    candidate_pairs,
    class_pairs,
    containing,
    containment_index,
    first_seen,
    hash64,
    hash64_many,
    set_sizes,
    signature_matrix,
    signatures,
    typed_lists,
    verify,
    verify_ranges,
)
from dedup.candidates import codes as pair_codes
from dedup.candidates.buckets import no_large_buckets
from dedup.shingle import shingles, tokenize


def _set(text: str) -> set[str]:
    return shingles([t.norm for t in tokenize(text)], 2)


TRANSCRIPT = (
    "NATO Foreign Ministers made clear that our continued military support for Ukraine "
    "is essential."
)
ARTICLE = (
    "Nato foreign ministers made clear that continued military support for Ukraine is essential."
)
UNRELATED = "It is time to welcome them as full-fledged members of the Alliance."


def test_signatures_equal_datasketch_minhash_of_the_same_set() -> None:
    shingle_set = _set(TRANSCRIPT)
    (bulk,) = signatures([shingle_set], num_perm=128, seed=7)
    single = MinHash(num_perm=128, seed=7)
    for shingle in shingle_set:
        single.update(shingle.encode("utf-8"))
    assert list(bulk.hashvalues) == list(single.hashvalues)


def test_near_duplicates_are_candidates_and_unrelated_text_is_not() -> None:
    sets = [_set(TRANSCRIPT), _set(UNRELATED), _set(ARTICLE)]
    assert candidate_pairs(sets, num_perm=128, threshold=0.5, seed=1) == [(0, 2)]


def test_candidate_pairs_are_deterministic_and_sorted() -> None:
    sets = [_set(TRANSCRIPT), _set(ARTICLE), _set(TRANSCRIPT), _set(UNRELATED)]
    first = candidate_pairs(sets, num_perm=64, threshold=0.5, seed=3)
    assert first == sorted(first)
    assert first == candidate_pairs(sets, num_perm=64, threshold=0.5, seed=3)


def test_verify_drops_pairs_below_the_exact_threshold() -> None:
    sets = [_set(TRANSCRIPT), _set(ARTICLE), _set(UNRELATED)]
    matches = verify([(0, 1), (0, 2)], sets, threshold=0.5)
    assert [(m.first, m.second) for m in matches] == [(0, 1)]
    assert 0.5 <= matches[0].similarity < 1.0


# --- NumPy MinHash and sort-based banding against datasketch -----------------



def _input_sets(size: int = 2) -> list[set[str]]:
    """Shingle sets of every line of the sample corpus, and of runs of three lines."""
    sets = []
    for path in sorted(INPUTS.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for start in range(len(lines)):
            sets.append(_words_set(" ".join(lines[start : start + 1]), size))
            sets.append(_words_set(" ".join(lines[start : start + 3]), size))
    return sets


def _words_set(text: str, size: int) -> set[str]:
    return shingles([t.norm for t in tokenize(text)], size)


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (200, 42)])
def test_signature_matrix_equals_datasketch_minhash(num_perm: int, seed: int) -> None:
    sets = _input_sets()[:300] + [set()]
    rows = signature_matrix(sets, num_perm=num_perm, seed=seed)
    for row, shingle_set in zip(rows, sets, strict=True):
        single = MinHash(num_perm=num_perm, seed=seed)
        for shingle in shingle_set:
            single.update(shingle.encode("utf-8"))
        assert row.tolist() == single.hashvalues.tolist()


def test_fingerprint_is_datasketch_sha1_hash64_and_its_low_bits_sha1_hash32() -> None:
    for shingle in ["we would", "nato’s forces", "10000 troops"]:
        data = shingle.encode("utf-8")
        assert hash64(shingle) == sha1_hash64(data)
        assert hash64(shingle) & 0xFFFFFFFF == sha1_hash32(data)


@pytest.mark.parametrize("texts", [
    ["we would", "nato’s forces", "10000 troops", "", "we would"],
    ["a line\nbreak", "we would", "\n"],  # a text with a line break: each encoded alone
    [],
])
def test_hash64_many_is_datasketch_sha1_hash64_of_each_text(texts: list[str]) -> None:
    assert hash64_many(texts).tolist() == [sha1_hash64(t.encode("utf-8")) for t in texts]


def _datasketch_pairs(sets: list[set[str]], threshold: float) -> list[tuple[int, int]]:
    minhashes = signatures(sets, num_perm=128, seed=1)
    lsh = MinHashLSH(threshold=threshold, num_perm=128, weights=LSH_WEIGHTS)
    for key, minhash in enumerate(minhashes):
        lsh.insert(key, minhash)
    return sorted({(k, o) for k, m in enumerate(minhashes) for o in lsh.query(m) if o > k})


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_band_pairs_are_the_pairs_minhashlsh_returns(threshold: float) -> None:
    sets = _input_sets()
    expected = _datasketch_pairs(sets, threshold)
    rows = signature_matrix(sets, num_perm=128, seed=1)
    found = [tuple(pair) for pair in band_pairs(rows, threshold=threshold).tolist()]
    assert found == expected
    assert len(expected) > 100


def _clashing_keys(blocks, offsets, row_of, first, width):  # type: ignore[no-untyped-def]
    """Every row's key the same, as if the hash clashed for all of them."""
    return np.zeros(len(row_of), dtype=np.uint64)


def test_band_keys_that_agree_only_in_their_top_bits_make_no_pair() -> None:
    rows = signature_matrix(_input_sets()[:400], num_perm=128, seed=1)
    keys = candidates.KeyBlocks.of(rows, threshold=0.5).blocks[0]
    # Keys cut to their low 8 bits: every key of a band sorts into one run
    # (the row number fills the low bits), so only the whole keys tell
    # rows apart, and some cut keys are now equal (more pairs).
    cut = keys & np.uint64(0xFF)
    found = pair_codes.decode(banding.band_codes(candidates.KeyBlocks([cut]), subset=None),
                              len(cut))
    equal = (cut[:, None, :] == cut[None, :, :]).any(axis=2)
    expected = np.argwhere(np.triu(equal, k=1))
    assert found.tolist() == expected.tolist()
    assert len(expected) > len(band_pairs(rows, threshold=0.5))


@pytest.mark.parametrize("cut", [0xFF, 0x3])
def test_a_band_walk_holding_few_rows_at_a_time_keeps_each_pair_in_its_first_band(
    monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    """Rows held five at a time (longer runs alone) and read across blocks: the same pairs."""
    rows = signature_matrix(_input_sets()[:300], num_perm=128, seed=1)
    # Keys cut to a few values, above the row numbers' bits: runs of every length.
    keys = candidates.KeyBlocks.of(rows, threshold=0.5).blocks[0]
    keys = (keys & np.uint64(cut)) << np.uint64(40)
    blocks = candidates.KeyBlocks([keys[:70], keys[70:71], keys[71:200], keys[200:]])
    kept = typed_lists.typed_list(blocks.blocks)
    row_of = np.arange(len(keys), dtype=np.int64)
    bits = (len(keys) - 1).bit_length()
    equal = keys[:, None, :] == keys[None, :, :]
    first_band = np.where(equal.any(axis=2), equal.argmax(axis=2), -1)
    monkeypatch.setattr(band_walk, "_HELD_ROWS", 5)  # read by the Python form of the walk
    walks = {"python": band_walk.first_band_pairs.py_func,
             "compiled": band_walk.first_band_pairs}
    for band in range(blocks.width):
        column = band_walk.packed_keys(kept, blocks.offsets, row_of, band, bits)
        column.sort()
        expected = [i * len(keys) + j for i, j in np.argwhere(np.triu(first_band == band, k=1))]
        for walk in walks.values():
            parts, filled = walk(column.view(np.int64), bits, row_of, kept, blocks.offsets,
                                 band, len(keys),
                                 no_large_buckets(blocks.width))
            found = typed_lists.listed(parts)
            found[-1] = found[-1][:filled]
            assert sorted(np.concatenate(found).tolist()) == expected
    assert (first_band > 0).sum() > 100


def test_a_clash_of_band_keys_adds_a_candidate_that_verification_rejects(monkeypatch) -> None:
    sets = _input_sets()[:200]
    rows = signature_matrix(sets, num_perm=128, seed=1)
    pairs = band_pairs(rows, threshold=0.5)
    first, second = 0, next(j for j in range(1, len(sets)) if [0, j] not in pairs.tolist()
                            and len(sets[j] & sets[0]) == 0 and sets[j])
    honest = banding.band_keys

    def clashing(signature_rows, width):  # type: ignore[no-untyped-def]
        keys = honest(signature_rows, width)
        keys[second, 5] = keys[first, 5]  # two unrelated sets share one band's key
        return keys

    monkeypatch.setattr(banding, "band_keys", clashing)
    clashed = band_pairs(rows, threshold=0.5)
    assert sorted(set(map(tuple, pairs.tolist())) ^ set(map(tuple, clashed.tolist()))) == [
        (first, second)
    ]
    arrays = _as_ranges(sets)
    assert list(verify_ranges(clashed, *arrays, threshold=0.5)[0]) == list(
        verify_ranges(pairs, *arrays, threshold=0.5)[0])


def _as_ranges(sets: list[set[str]]) -> tuple[np.ndarray, np.ndarray]:
    """The sets as ranges of one array of values (a number per distinct shingle)."""
    known: dict[str, int] = {}
    values: list[int] = []
    ranges = []
    for shingle_set in sets:
        start = len(values)
        values.extend(known.setdefault(s, len(known)) for s in sorted(shingle_set))
        ranges.append((start, len(values)))
    return np.array(values, dtype=np.uint64), np.array(ranges, dtype=np.int64)


def test_verify_ranges_equals_verify_on_the_same_sets() -> None:
    sets = _input_sets()[:200]
    pairs = band_pairs(signature_matrix(sets, num_perm=128, seed=1), threshold=0.3)
    matches, verified = verify_ranges(pairs, *_as_ranges(sets), threshold=0.5)
    expected = verify([tuple(p) for p in pairs.tolist()], sets, threshold=0.5)
    assert verified == len(expected)
    assert list(matches) == expected
    assert len(expected) > 10


def test_verify_ranges_on_nested_overlapping_and_distant_ranges() -> None:
    # Shingle fingerprints of one "document" with repeats, and units as
    # ranges inside it: nested, overlapping, touching and far apart.
    words = [t.norm for t in tokenize(TRANSCRIPT + " " + ARTICLE + " " + TRANSCRIPT)]
    grams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    values = np.array([hash64(g) for g in grams], dtype=np.uint64)
    spans = [(0, 10), (2, 8), (5, 20), (10, 25), (30, 40), (0, len(grams)), (31, 39)]
    ranges = np.array(spans, dtype=np.int64)
    pairs = np.array([(i, j) for i in range(len(spans)) for j in range(i + 1, len(spans))])
    matches, verified = verify_ranges(pairs, values, ranges, threshold=0.0)
    sets = [set(grams[lo:hi]) for lo, hi in spans]
    expected = verify([tuple(p) for p in pairs.tolist()], sets, threshold=0.0)
    assert list(matches) == expected
    assert verified == len(pairs)


def test_set_sizes_count_the_distinct_values_of_each_range() -> None:
    # The shingle fingerprints of real text with repeats, units as ranges of
    # every kind (empty, nested, overlapping, the whole), and the same
    # values shifted so that their low bits, which pick the table's slots,
    # are all equal.
    words = [t.norm for t in tokenize(TRANSCRIPT + " " + ARTICLE + " " + TRANSCRIPT)]
    grams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    hashed = np.array([hash64(g) for g in grams], dtype=np.uint64)
    rng = np.random.default_rng(3)
    starts = rng.integers(0, len(grams), 300)
    spans = np.stack([starts, np.minimum(len(grams), starts + rng.integers(0, 40, 300))], axis=1)
    spans = np.concatenate([spans, [[0, len(grams)], [5, 5], [len(grams), len(grams)]]])
    for values in (hashed, hashed << np.uint64(20), hashed % np.uint64(7)):
        expected = [len(set(values[lo:hi].tolist())) for lo, hi in spans]
        assert set_sizes(values, spans).tolist() == expected
    assert len(set(hashed.tolist())) < len(grams)  # the text repeats itself
    assert set_sizes(hashed, np.empty((0, 2), dtype=np.int64)).tolist() == []


def test_first_seen_is_np_unique_in_order_of_appearance() -> None:
    # The word-pair keys of real text with repeats (as the per-document
    # stages make them: form numbers, one pair per position), the same keys
    # shifted so that their low bits are all equal, and a few values taken
    # over and over.
    words = [t.norm for t in tokenize(TRANSCRIPT + " " + ARTICLE + " " + TRANSCRIPT)]
    number = {word: index for index, word in enumerate(dict.fromkeys(words))}
    ids = np.array([number[word] for word in words], dtype=np.uint64)
    keys = ids[:-1] * np.uint64(len(number) + 1) + ids[1:]
    for values in (keys, keys << np.uint64(20), keys % np.uint64(7)):
        first, inverse = first_seen(values)
        distinct, unique_first, unique_inverse = np.unique(values, return_index=True,
                                                           return_inverse=True)
        unique_inverse = unique_inverse.ravel()
        assert np.array_equal(values[first][inverse], values)
        assert len(first) == len(distinct)
        assert np.all(np.diff(first) > 0)  # numbered as they first appear
        # Each number stands where np.unique's first index of that value is.
        assert np.array_equal(unique_first[unique_inverse[first]], first)
        # The same groups as np.unique's, numbered differently.
        assert np.array_equal(unique_inverse[first][inverse], unique_inverse)
    assert len(set(keys.tolist())) < len(keys)  # the text repeats itself
    empty_first, empty_inverse = first_seen(np.empty(0, dtype=np.uint64))
    assert empty_first.tolist() == [] and empty_inverse.tolist() == []


def test_class_banding_gives_plain_banding_pairs_for_small_classes() -> None:
    from dedup.candidates import band_pairs, class_band_pairs, signature_matrix

    sentences = [TRANSCRIPT, ARTICLE, UNRELATED] * 5 + [ARTICLE]
    rows = signature_matrix([_set(s) for s in sentences], num_perm=128, seed=1)
    plain = band_pairs(rows, threshold=0.5, num_perm=128)
    assert class_band_pairs(rows, threshold=0.5, num_perm=128).tolist() == plain.tolist()


def _input_lines() -> list[str]:
    """The longer lines of a transcript and of the article quoting it."""
    return [line for name in ("000", "001") for path in INPUTS.glob(f"{name}_*.txt")
            for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 60]


def test_class_pairs_expanded_in_place_from_the_last_code_back() -> None:
    # The sentences of a transcript and the article quoting it, some twice:
    # a pair of classes with two members gives four pairs, written over the
    # codes from the last back (forwards, they would overwrite unread codes).
    from dedup.candidates import band_pairs, class_band_pairs, signature_matrix

    lines = _input_lines()
    sentences = lines[:60] + lines[:60:7]
    rows = signature_matrix([_set(s) for s in sentences], num_perm=128, seed=1)
    plain = band_pairs(rows, threshold=0.5, num_perm=128)
    assert len(plain) > 20
    assert class_band_pairs(rows, threshold=0.5, num_perm=128).tolist() == plain.tolist()


@pytest.mark.parametrize("bucket_bits", [1, 4, 12])
def test_codes_sorted_in_buckets_as_one_sort(monkeypatch, bucket_bits: int) -> None:
    # Pair codes of the lines of inputs/ (sets of their words), in the order
    # the bands find them.
    lines = [line for path in sorted(INPUTS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 20]
    sets = [shingles([t.norm for t in tokenize(line)], 1) for line in lines]
    rows = signature_matrix(sets, num_perm=128, seed=1)
    codes = banding.band_codes(candidates.KeyBlocks.of(rows, threshold=0.3), subset=None,
                               ordered=False)
    assert len(codes) > 1000 and not (np.diff(codes) >= 0).all()
    monkeypatch.setattr(pair_codes, "_SORT_BUCKET_BITS", bucket_bits)
    monkeypatch.setattr(pair_codes, "_SORT_IN_BUCKETS_FROM", 2)  # these codes too
    for jobs in (1, 2, 3):
        bucketed = codes.copy()
        pair_codes.sort_codes(bucketed, jobs)
        assert bucketed.tolist() == sorted(codes.tolist())


def test_few_codes_sorted_at_once_and_many_in_buckets(monkeypatch) -> None:
    # Fewer than _SORT_IN_BUCKETS_FROM codes take one ndarray.sort (no
    # bucket pass, no threads); more take the buckets; both sort.
    rng = np.random.default_rng(3)
    few = rng.integers(0, 1 << 40, pair_codes._SORT_IN_BUCKETS_FROM - 1)
    many = rng.integers(0, 1 << 40, pair_codes._SORT_IN_BUCKETS_FROM)
    bucketed = []
    into_buckets = pair_codes._into_buckets
    monkeypatch.setattr(pair_codes, "_into_buckets",
                        lambda codes, *rest: bucketed.append(len(codes)) or into_buckets(codes,
                                                                                       *rest))
    for codes in (few, many):
        for jobs in (1, 2):
            sorted_here = codes.copy()
            pair_codes.sort_codes(sorted_here, jobs)
            assert (sorted_here == np.sort(codes)).all()
    assert bucketed == [len(many), len(many)]


def test_huge_class_of_copies_gives_pairs_linear_in_its_size() -> None:
    from dedup.candidates import HUBS, class_band_pairs, signature_matrix

    copies = 200
    rows = signature_matrix([_set(TRANSCRIPT)] * copies, num_perm=128, seed=1)
    pairs = class_band_pairs(rows, threshold=0.5, num_perm=128).tolist()
    assert len(pairs) < HUBS * copies
    joined = {0}
    for first, second in pairs:  # every copy is joined to the first through the hubs
        if first in joined or second in joined:
            joined |= {first, second}
    assert joined == set(range(copies))


def test_classes_found_by_hash_are_those_of_exact_comparison(monkeypatch) -> None:
    """Two different signatures sharing a hash must not be put in one class."""
    from dedup import candidates

    sentences = [TRANSCRIPT, ARTICLE, UNRELATED] * 20 + [ARTICLE]
    rows = candidates.signature_matrix([_set(s) for s in sentences], num_perm=128, seed=1)
    hashed = candidates.class_band_pairs(rows, threshold=0.5, num_perm=128).tolist()
    # Every row hashes alike: the exact comparison has to tell the classes apart.
    monkeypatch.setattr(class_pairs, "_row_keys", _clashing_keys)
    keys = candidates.KeyBlocks.of(rows, threshold=0.5)
    order, class_of, starts, sizes = class_pairs._identical_rows(keys)
    assert sorted(sizes.tolist()) == [20, 20, 21]
    assert [len(set(class_of[i:60:3].tolist())) for i in range(3)] == [1, 1, 1]
    assert class_of[60] == class_of[1] != class_of[0]
    assert candidates.class_band_pairs(rows, threshold=0.5, num_perm=128).tolist() == hashed


def test_key_blocks_band_as_the_joined_rows() -> None:
    """Band keys left in the workers' blocks give the pairs of the joined array."""
    from dedup.candidates import KeyBlocks

    sentences = [TRANSCRIPT, ARTICLE, UNRELATED] * 7 + [ARTICLE, TRANSCRIPT[:80]]
    rows = candidates.signature_matrix([_set(s) for s in sentences], num_perm=128, seed=1)
    keys = KeyBlocks.of(rows, threshold=0.5).blocks[0]
    blocks = KeyBlocks([keys[:5], keys[5:5], keys[5:17], keys[17:]])
    assert len(blocks) == len(rows)
    picked = np.array([0, 4, 5, 16, 17, len(rows) - 1])
    assert np.array_equal(blocks.take(picked, slice(3, 6)), keys[picked, 3:6])
    assert np.array_equal(blocks.rows(picked[::-1]), keys[picked[::-1]])
    assert np.array_equal(blocks.column(7), keys[:, 7])
    joined = candidates.class_band_pairs(rows, threshold=0.5, num_perm=128)
    assert candidates.class_key_pairs(blocks).tolist() == joined.tolist()
    assert len(joined) > 0


def test_banding_and_verifying_on_threads_give_the_one_thread_results() -> None:
    """Threads split the work at run boundaries (banding) or anywhere (verifying)."""
    sets = _input_sets()
    rows = signature_matrix(sets, num_perm=128, seed=1)
    alone = band_pairs(rows, threshold=0.3)
    for jobs in (2, 3):
        assert np.array_equal(band_pairs(rows, threshold=0.3, jobs=jobs), alone)
    arrays = _as_ranges(sets)
    one, reached = verify_ranges(alone, *arrays, threshold=0.5)
    for jobs in (2, 3):
        many, reached_many = verify_ranges(alone, *arrays, threshold=0.5, jobs=jobs)
        assert list(many) == list(one) and reached_many == reached
    assert reached > 50


def test_released_signatures_are_let_go_and_give_the_same_pairs() -> None:
    from dedup.candidates import KeyBlocks, class_band_pairs, class_key_pairs

    lines = _input_lines()
    sentences = lines[:60] + lines[:60:7]  # some classes of two
    rows = signature_matrix([_set(s) for s in sentences], num_perm=128, seed=1)
    kept = class_band_pairs(rows, threshold=0.5, num_perm=128)
    for sets in (rows, rows[:60]):  # with classes, and with no two rows alike
        keys = KeyBlocks.of(sets, threshold=0.5).blocks[0]
        blocks = KeyBlocks([keys[:50], keys[50:]])
        released = class_key_pairs(blocks, release=True)
        assert blocks.blocks == []
        expected = kept if len(sets) == len(rows) else class_band_pairs(sets, threshold=0.5,
                                                                         num_perm=128)
        assert released.tolist() == expected.tolist()


def _hub_rule_pairs(keys: np.ndarray, full: int) -> list[tuple[int, int]]:
    """Pairs band by band, by brute force: all of a bucket's when small, else its hubs'."""
    from dedup.candidates import HUBS

    pairs: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        buckets: dict[int, list[int]] = {}
        for row, key in enumerate(keys[:, band].tolist()):
            buckets.setdefault(key, []).append(row)
        for rows in buckets.values():
            leads = len(rows) if len(rows) <= full else HUBS
            pairs.update((rows[at], other) for at in range(leads) for other in rows[at + 1 :])
    return sorted(pairs)


def _bucketed_keys() -> np.ndarray:
    """Band keys of the input lines cut so that some buckets are large.

    The first bands take four values (buckets of about 75 rows of 300),
    with a low bit from another band that the walk's runs ignore (two
    whole keys in one run, their rows interleaved); the last bands 256
    values (buckets of a few rows).
    """
    rows = signature_matrix(_input_sets()[:300], num_perm=128, seed=1)
    keys = candidates.KeyBlocks.of(rows, threshold=0.5).blocks[0]
    cut = keys.copy()
    cut[:, :13] = ((keys[:, :13] & np.uint64(0x3)) << np.uint64(40)
                   | (keys[:, 13:26] >> np.uint64(63)))
    cut[:, 13:] = (keys[:, 13:] & np.uint64(0xFF)) << np.uint64(40)
    return cut


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_a_large_bucket_pairs_its_rows_with_its_hubs_only(jobs: int) -> None:
    keys = _bucketed_keys()
    blocks = candidates.KeyBlocks([keys[:70], keys[70:71], keys[71:200], keys[200:]])
    codes = banding.band_codes(blocks, subset=None, jobs=jobs, full_bucket=16)
    found = pair_codes.decode(codes, len(keys))
    expected = _hub_rule_pairs(keys, 16)
    assert [tuple(pair) for pair in found.tolist()] == expected
    everything = _hub_rule_pairs(keys, len(keys))  # no bucket counts as large
    assert len(expected) < len(everything) / 4
    uncapped = pair_codes.decode(banding.band_codes(blocks, subset=None), len(keys))
    assert [tuple(pair) for pair in uncapped.tolist()] == everything


def test_class_banding_applies_the_hub_rule_to_one_row_per_class(monkeypatch) -> None:
    from dedup.candidates import FULL_CLASS, class_key_pairs

    keys = _bucketed_keys()
    # Rows 0-19 copied 2 and 20 more times: classes small and large.
    copies = np.concatenate([keys, np.repeat(keys[:10], 2, axis=0), np.repeat(keys[10:20], 20,
                                                                              axis=0)])
    monkeypatch.setattr(class_pairs, "FULL_BUCKET", 16)
    found = class_key_pairs(candidates.KeyBlocks([copies[:150], copies[150:]]), jobs=2,
                            release=True)
    _, first = np.unique(copies, axis=0, return_index=True)
    reps = np.sort(first)
    members = {rep: np.flatnonzero((copies == copies[rep]).all(axis=1)).tolist() for rep in reps}
    kept = {rep: rows if len(rows) <= FULL_CLASS else rows[:2] for rep, rows in members.items()}
    expected = {(min(a, b), max(a, b)) for x, y in _hub_rule_pairs(copies[reps], 16)
                for a in kept[reps[x]] for b in kept[reps[y]]}
    for rows in members.values():
        expected |= {(rows[at], other) for at in range(len(kept[rows[0]]))
                     for other in rows[at + 1 :]}
    assert [tuple(pair) for pair in found.tolist()] == sorted(expected)
    assert any(len(rows) > FULL_CLASS for rows in members.values())


def _ensemble_containing(sets: list[set[str]], queries: list[set[str]], threshold: float,
                         num_perm: int) -> list[list[int]]:
    """What datasketch's ``MinHashLSHEnsemble`` proposes, kept when the set holds enough."""
    ensemble = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    minhashes = signatures(sets, num_perm=num_perm, seed=1)
    ensemble.index([(key, m, len(s)) for key, (m, s) in enumerate(zip(minhashes, sets, strict=True))
                    if s])
    found = []
    for query, minhash in zip(queries, signatures(queries, num_perm=num_perm, seed=1),
                              strict=True):
        proposed = ensemble.query(minhash, len(query)) if query else ()
        found.append(sorted(k for k in proposed if len(query & sets[k]) >= threshold * len(query)))
    return found


@pytest.mark.parametrize(("num_perm", "threshold"), [(128, 0.5), (128, 0.8), (16, 0.5)])
def test_containing_finds_what_minhash_lsh_ensemble_proposes_that_holds_the_query(
    num_perm: int, threshold: float,
) -> None:
    # As an audit indexes its references, windows every 12 words (of 8 to 31
    # words here, so that the sets fall in all the ensemble's partitions); the
    # queries are runs of 3 to 24 words of every sample document, a word in
    # five of some of them changed.
    words = [[t.norm for t in tokenize(path.read_text(encoding="utf-8"))]
             for path in sorted(INPUTS.glob("*.txt"))]
    sets = [shingles(doc[lo : lo + 8 + (lo // 12) % 24], 2) for doc in words[:3]
            for lo in range(0, max(1, len(doc) - 12), 12)]
    queries = []
    for number, doc in enumerate(words):
        for lo in range(0, len(doc), 37):
            run = doc[lo : lo + 3 + (lo // 37) % 22]
            if number % 2:
                run = [word if at % 5 else "changed" for at, word in enumerate(run)]
            queries.append(shingles(run, 2))
    queries.append(set())
    index = containment_index(sets, num_perm=num_perm, threshold=threshold, seed=1)
    found = containing(index, queries)
    assert found == _ensemble_containing(sets, queries, threshold, num_perm)
    assert len(set(index.partition.tolist())) == 16  # all the ensemble's partitions
    holding = sum(len(q & s) >= threshold * len(q) for q in queries if q for s in sets)
    assert sum(map(len, found)) > 100
    # With 16 values the ensemble's bands miss some sets that hold the query.
    assert (sum(map(len, found)) < holding) == (num_perm == 16)


def test_a_containment_index_reads_its_sets_one_at_a_time() -> None:
    # An audit's windows are millions: their sets, all made before the index
    # read them, were a third of its peak. Given a generator, the index lets
    # each set go before the next is made, and indexes them as a list.
    path = INPUTS / "000_nato_pre_ministerial_2022-04-05_transcript.txt"
    words = [t.norm for t in tokenize(path.read_text(encoding="utf-8"))]
    spans = [(lo, lo + 24) for lo in range(0, len(words) - 12, 12)]
    made: list[weakref.ref[set[str]]] = []
    alive_at_most = 0

    def windows() -> Iterator[set[str]]:
        nonlocal alive_at_most
        for lo, hi in spans:
            alive_at_most = max(alive_at_most, sum(ref() is not None for ref in made))
            window = shingles(words[lo:hi], 2)
            made.append(weakref.ref(window))
            yield window

    streamed = containment_index(windows(), num_perm=64, threshold=0.5, seed=1)
    listed = containment_index([shingles(words[lo:hi], 2) for lo, hi in spans], num_perm=64,
                               threshold=0.5, seed=1)
    assert len(spans) > 50 and alive_at_most <= 1
    queries = [shingles(words[lo : lo + 12], 2) for lo in range(0, len(words), 50)]
    assert containing(streamed, queries) == containing(listed, queries)
    assert sum(map(len, containing(streamed, queries))) >= len(queries)
    assert np.array_equal(streamed.mixed, listed.mixed)


def test_a_containment_index_keeps_no_minhash_row_per_set() -> None:
    # A row of 128 MinHash values per 24-word window was 43 bytes a
    # reference word; the few sets a query holds enough of are signed as
    # it asks, from their shingles' hashes (4 bytes each).
    path = INPUTS / "004_nato_brussels_2024-04-04_transcript.txt"
    words = [t.norm for t in tokenize(path.read_text(encoding="utf-8"))]
    sets = [shingles(words[lo : lo + 24], 2) for lo in range(0, len(words) - 12, 12)]
    index = containment_index(sets, num_perm=128, threshold=0.5, seed=1)
    held = sum(value.nbytes for value in vars(index).values() if isinstance(value, np.ndarray))
    assert held < 300 * len(sets)
    queries = [shingles(words[lo : lo + 12], 2) for lo in range(0, len(words), 40)]
    assert containing(index, queries) == _ensemble_containing(sets, queries, 0.5, 128)


def test_shingle_numbers_hold_a_few_bytes_a_shingle_and_find_each_exactly() -> None:
    # A dict of every window's distinct word pairs (a string, an int and a
    # slot each, about 130 bytes) was the largest part of an audit's index.
    shingles = [f"word{a} word{a + 1}" for a in range(20_000)]
    hashes = hash64_many(shingles)
    tracemalloc.start()
    try:
        numbers = ShingleNumbers(shingles, hashes)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 40 * len(shingles)
    assert numbers.numbers([*shingles[::1000], "word1 word3", "word2"]) == [
        *range(0, 20_000, 1000), -1, -1]
    # Shingles whose 64-bit hashes are equal are told apart by their words.
    colliding = ShingleNumbers(["a b", "b c", "c d"], np.array([hash64("b c")] * 3, np.uint64))
    assert colliding.numbers(["b c", "x y"]) == [1, -1]


def test_a_containment_index_does_not_keep_the_sets_it_indexes() -> None:
    # A year of transcripts is millions of windows: their shingle sets,
    # kept as frozensets beside the postings, were a third of an audit's memory.
    rng = random.Random(5)
    shared = [f"word{a} word{a + 1}" for a in range(300)]
    sets = [set(rng.sample(shared, 20)) for _ in range(3000)]
    held_by_sets = sum(sys.getsizeof(s) for s in sets)
    containment_index(sets[:2], num_perm=32, threshold=0.5, seed=1)  # compiled, not counted
    tracemalloc.start()
    try:
        index = containment_index(sets, num_perm=32, threshold=0.5, seed=1)
        held_by_index = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert containing(index, [sets[7]])[0][:1] == [7]
    assert held_by_index < held_by_sets / 2


def test_bands_are_worked_out_once_for_a_threshold_and_permutations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dedup

    made = []
    real = banding.MinHashLSH
    monkeypatch.setattr(banding, "MinHashLSH", lambda **options: made.append(options)
                        or real(**options))
    candidates.bands.cache_clear()
    try:
        assert candidates.bands(0.5, 128) == candidates.bands(0.5, 128) == (26, 3)
        assert candidates.bands(0.6, 128) != (26, 3)
        assert len(made) == 2
        dedup.scan(INPUTS)  # checks its settings, then bands: no third time
        assert len(made) == 2
    finally:
        candidates.bands.cache_clear()  # not the patched datasketch's answers
