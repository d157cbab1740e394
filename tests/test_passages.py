"""Seed-and-extend passages on real text cut from the sample corpus."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from conftest import INPUTS, input_path

from dedup import passages
from dedup.passages import MAX_COPIES, covered_words, find_passages, runs, seeds, words_of

TRANSCRIPT = input_path("000").read_text(encoding="utf-8")
ARTICLE = input_path("001").read_text(encoding="utf-8")


def _line(text: str, words: str) -> str:
    (line,) = [line for line in text.splitlines() if words in line]
    return line


def _shared(first: str, second: str) -> list[tuple[str, str]]:
    return [
        (first[p.hits[:, 2].min() : p.hits[:, 3].max()],
         second[p.hits[:, 6].min() : p.hits[:, 7].max()])
        for p in find_passages([first, second])
    ]


def test_verbatim_piece_inside_a_longer_sentence_is_found_with_exact_spans() -> None:
    transcript = _line(TRANSCRIPT, "horrific images")
    article = _line(ARTICLE, "horrific images")
    assert _shared(transcript, article) == [
        ("the horrific images of murdered civilians in Bucha and other places",
         "the horrific images of murdered civilians in Bucha and other places")]


def test_passage_glued_to_the_text_before_it_is_found() -> None:
    # No space after the full stop, so no sentence boundary before the copy.
    copied = " ".join([_line(TRANSCRIPT, "Allies are determined"),
                       _line(TRANSCRIPT, "Including anti-tank weapons")])
    glued = "Officials met in Brussels for a second day of talks." + copied
    ((_, found),) = _shared(copied, glued)
    assert found == copied.rstrip(".")


def test_rewrite_that_keeps_runs_of_words_is_one_passage() -> None:
    source = _line(TRANSCRIPT, "Allies are determined") + " " + _line(
        TRANSCRIPT, "Including anti-tank weapons")
    rewrite = ("Allies are determined to provide further support to Ukraine, including "
               "anti-tank weapons, air-defence systems and other equipment.")
    ((found, _),) = _shared(source, rewrite)
    assert found.startswith("Allies are determined") and found.endswith("other equipment")


def test_phrase_repeated_inside_a_copy_does_not_pull_the_passage_off_its_diagonal() -> None:
    # The repeated phrase's seeds also pair its first copy in one text with
    # its second copy in the other (a diagonal 13 words away): those hits
    # are no part of the copied passage, whose hits all keep one offset.
    line = _line(TRANSCRIPT, "horrific images")
    source = line + " Nobody forgets the horrific images of murdered civilians."
    article = "Reporters in Brussels wrote that " + source
    (passage,) = find_passages([source, article])
    assert len(set((passage.hits[:, 4] - passage.hits[:, 0]).tolist())) == 1
    assert article[passage.hits[:, 6].min() : passage.hits[:, 7].max()] == source.rstrip(".")


def test_phrase_one_text_repeats_nearby_counts_once() -> None:
    # Six shared words, which one text says twice five words apart: the two
    # places pair with the other text's one place on near diagonals, and the
    # passage stage counted the other text's six words twice (twelve, past
    # the eight a passage needs) and stretched the first side over both.
    article = _line(ARTICLE, "horrific images")
    twice = ("Ministers saw the horrific images of murdered civilians. The horrific images "
             "of murdered civilians were shown again.")
    assert find_passages([twice, article]) == []
    assert find_passages([article, twice]) == []
    # Said twice in both texts, the words are shared twice: still a passage.
    ((found, _),) = _shared(twice, "Diplomats said " + twice.replace("Ministers saw ", ""))
    assert found == twice[twice.index("the horrific") :].rstrip(".")


def test_texts_sharing_only_common_phrases_give_no_passage() -> None:
    first = "The minister said that the talks would go on for a second day in Brussels."
    second = "Police said that the talks would resume after the weekend, a spokesman added."
    assert find_passages([first, second]) == []


def test_seed_in_more_documents_than_max_copies_is_no_evidence() -> None:
    formula = "For more information please contact the press office of the ministry today"
    texts = [f"Item {i} opened the day. {formula}" for i in range(MAX_COPIES + 1)]
    assert find_passages(texts) == []
    assert len(find_passages(texts[:3])) == 3


@pytest.mark.parametrize(("lo", "hi", "words"), [
    pytest.param([0, 1, 2], [4, 5, 6], 6, id="overlapping"),
    pytest.param([0, 10], [4, 14], 8, id="apart"),
    pytest.param([], [], 0, id="none"),
])
def test_covered_words_counts_the_union(lo: list[int], hi: list[int], words: int) -> None:
    assert covered_words(np.array(lo, dtype=np.int64), np.array(hi, dtype=np.int64)) == words


def test_shortcuts_give_the_passages_of_the_plain_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    # With one 64-bit slot table every seed clashes and goes to the sort, and
    # with no room for a sort code the hits take the three-key sort.
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))]
    found = find_passages(texts)
    assert len(found) >= 5 and len({(p.first, p.second) for p in found}) >= 3
    monkeypatch.setattr(seeds, "_SLOT_BITS", 6)
    monkeypatch.setattr(runs, "_CODE_BITS", 0)
    plain = find_passages(texts)
    assert [(p.first, p.second, p.words) for p in plain] == \
        [(p.first, p.second, p.words) for p in found]
    assert all(np.array_equal(p.hits, q.hits) for p, q in zip(plain, found, strict=True))


@pytest.mark.parametrize("jobs", [2, 3])
def test_passages_are_the_same_for_any_number_of_threads(jobs: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))]
    words = passages.words_of(texts)
    alone = passages.passages_of(words)
    shared = passages.passages_of(words, jobs=jobs)
    assert len(alone) >= 10
    assert [(p.first, p.second, p.words) for p in shared] == [
        (p.first, p.second, p.words) for p in alone]
    assert all(np.array_equal(a.hits, b.hits) for a, b in zip(alone, shared, strict=True))


def test_a_seed_seen_once_in_each_run_of_documents_is_repeated() -> None:
    # Three documents cut into runs of one document each: a seed that each
    # document holds once is seen again only across runs.
    shared_line = _line(TRANSCRIPT, "horrific images")
    reversed_line = " ".join(reversed(shared_line.split()))  # as many words, other seeds
    texts = [shared_line, reversed_line, shared_line]
    words = passages.words_of(texts)
    assert seeds._document_runs(words.offsets, 3) == [(0, 1), (1, 2), (2, 3)]
    keys, starts, docs = seeds._repeated_seeds(words.ids, words.offsets,
                                                  passages.SEED_WORDS, 10, 3)
    alone = seeds._repeated_seeds(words.ids, words.offsets, passages.SEED_WORDS, 10, 1)
    assert set(docs.tolist()) >= {0, 2}
    assert (keys.tolist(), starts.tolist(), docs.tolist()) == tuple(a.tolist() for a in alone)


def test_seeds_by_key_are_in_the_order_of_a_stable_sort() -> None:
    # The sample corpus's repeated seeds, and the same with every key's top
    # bits cleared (one bucket).
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))]
    words = passages.words_of(texts)
    found = seeds._repeated_seeds(words.ids, words.offsets, passages.SEED_WORDS, 10, 1)
    for keys in (found[0], found[0] >> np.uint64(40)):
        expected = np.argsort(keys, kind="stable")
        assert len(set(keys.tolist())) < len(keys) > 100  # repeated keys keep their order
        assert seeds._key_order(keys, 4).tolist() == expected.tolist()


def test_word_numbers_wider_than_int32_give_the_same_hits() -> None:
    # Documents of more than 2**31 words (never met) keep their word numbers in int64.
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))]
    words = passages.words_of(texts)
    keys, starts, docs = seeds._repeated_seeds(words.ids, words.offsets,
                                                  passages.SEED_WORDS, 10, 1)
    order = seeds._key_order(keys, 4)
    keys, starts, docs = keys[order], starts[order], docs[order]
    narrow = seeds._seed_pairs(keys, starts, docs, words.offsets, MAX_COPIES,
                                  np.empty(0, dtype=np.int32))
    wide = seeds._seed_pairs(keys, starts, docs, words.offsets, MAX_COPIES,
                                np.empty(0, dtype=np.int64))
    assert [column.dtype for column in narrow[2:]] == [np.int32, np.int32]
    assert [column.dtype for column in wide[2:]] == [np.int64, np.int64]
    assert [column.tolist() for column in narrow] == [column.tolist() for column in wide]
    assert len(narrow[0]) > 100


def test_words_of_makes_one_document_s_columns_at_a_time() -> None:
    # An audit's overlap takes the words of every document: their columns,
    # all made before any was packed, held 60 bytes a word at the peak.
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))] * 20
    words_of(texts[:2])
    tracemalloc.start()
    try:
        words = words_of(texts)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    packed = words.ids.nbytes + words.starts.nbytes + words.ends.nbytes
    assert len(words.ids) > 100_000
    assert peak < 2.5 * packed
    assert words.offsets[-1] == len(words.ids) == 20 * len(words_of(texts[:5]).ids)
