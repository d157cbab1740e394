from __future__ import annotations

from datasketch import MinHash

from dedup.candidates import candidate_pairs, signatures, verify
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
