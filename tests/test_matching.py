"""Where quoted words come from in the reference documents (dedup.matching)."""

from __future__ import annotations

import bisect
import tracemalloc
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import SupportsIndex

import pytest
from conftest import INPUTS

from dedup import matching
from dedup.attribution import Turn, turns
from dedup.candidates import ContainmentIndex, containing
from dedup.fidelity import spelling_key
from dedup.matching import Matcher, Part, Reference, chains
from dedup.matching import matcher as matcher_module
from dedup.shingle import tokenize


class _CountedKeys(tuple[str, ...]):
    """A reference's keys that count the slices taken of them (each a comparison of words)."""

    slices = 0

    def __getitem__(self, at: SupportsIndex | slice) -> str | tuple[str, ...]:  # type: ignore[override]
        if isinstance(at, slice):
            _CountedKeys.slices += 1
        return super().__getitem__(at)


def _reference(doc: int, text: str, speaker: str | None = None) -> Reference:
    tokens = tuple(tokenize(text))
    keys = _CountedKeys(spelling_key(t.norm) for t in tokens)
    return Reference(doc, text, [t.start for t in tokens], [t.end for t in tokens], keys, (0,),
                     (Turn(0, len(text), speaker, speaker),), (0,))


def _matcher(texts: list[str], speakers: list[str | None] | None = None) -> Matcher:
    speakers = speakers or [None] * len(texts)
    references = [_reference(doc, text, speaker)
                  for doc, (text, speaker) in enumerate(zip(texts, speakers, strict=True))]
    return Matcher(references, num_perm=64, containment=0.5, seed=1)


def _anyone(turn: Turn) -> bool:
    return True


@pytest.mark.parametrize(("quoted", "first", "last"), [
    pytest.param("he thought he would succeed", "he", "succeed", id="last-word-further-on"),
    pytest.param("Tomlin wasn't able to explain how the bead got there", "Tomlin", "there",
                 id="first-word-further-back"),
    pytest.param("the poisoning of otters is notacceptable", "the", "acceptable",
                 id="last-word-two-written-as-one"),
    pytest.param("retrial was the only fair course", "re", "course",
                 id="first-word-two-written-as-one"),
])
def test_a_quotations_edge_words_end_its_source_where_its_edge_word_stands(
        quoted: str, first: str, last: str) -> None:
    # The record's words around the chain: "was going to succeed" for
    # "would succeed", "Tomlin was not able" for "Tomlin wasn't able". The
    # source once ended at "going" ("was going" put for "would succeed")
    # and began at "was" ("Tomlin" an insertion).
    text = ("The detective said Tomlin was not able to explain how the bead had got there. "
            "I cannot see on what basis he thought he was going to succeed in the appeal. "
            "We hope it makes clear that the poisoning of otters is not acceptable to "
            "anyone. He said a re trial was the only fair course.")
    reference = _reference(0, text)
    matcher = Matcher([reference], num_perm=64, containment=0.5, seed=1)
    (part,) = matcher.locate([spelling_key(t.norm) for t in tokenize(quoted)], _anyone)
    assert text[reference.starts[part.src_lo] : reference.ends[part.src_hi - 1]].split()[0] == first
    assert text[reference.starts[part.src_lo] : reference.ends[part.src_hi - 1]].split()[-1] == last


def test_short_words_are_found_at_their_first_place_in_reference_order() -> None:
    matcher = _matcher(["the plan is good and the vote was close",
                        "he said the vote was a disgrace",
                        "the vote came late"])
    assert matcher.exact(("the", "vote"), _anyone) == [Part(0, 5, 7, 0, 2, 2)]
    assert matcher.exact(("a", "disgrace"), _anyone) == [Part(1, 5, 7, 0, 2, 2)]
    assert matcher.exact(("vote", "came"), _anyone) == [Part(2, 1, 3, 0, 2, 2)]
    assert matcher.exact(("vote", "plan"), _anyone) == []


def test_short_words_are_found_in_the_first_allowed_turn() -> None:
    matcher = _matcher(["the vote was close", "the vote was close"], ["Ann Lee", "Bob Day"])

    def bobs(turn: Turn) -> bool:
        return turn.identity == "Bob Day"

    assert matcher.exact(("vote", "was"), bobs) == [Part(1, 1, 3, 0, 2, 2)]


def test_short_words_are_looked_for_only_where_their_rarest_word_is() -> None:
    # A year of transcripts holds "the" in every sentence: a quotation of
    # "the referendum" is compared where "referendum" stands, not at each "the".
    filler = "the minister told the house that the budget and the bill were on the way"
    matcher = _matcher([filler] * 200 + ["we will hold the referendum in May"])
    _CountedKeys.slices = 0
    assert matcher.exact(("the", "referendum"), _anyone) == [Part(200, 3, 5, 0, 2, 2)]
    assert _CountedKeys.slices == 1


def _transcript(turns: list[tuple[str, str]]) -> Reference:
    """A reference of ``(speaker, words)`` turns, one sentence each."""
    text, spans = "", []
    for speaker, words in turns:
        spans.append((len(text), speaker))
        text += f"{speaker}: {words}\n"
    tokens = tuple(tokenize(text))
    starts = [t.start for t in tokens]
    turn_list = tuple(Turn(at, end, speaker, speaker) for (at, speaker), end
                      in zip(spans, [at for at, _ in spans[1:]] + [len(text)], strict=True))
    turn_starts = tuple(bisect.bisect_left(starts, turn.start) for turn in turn_list)
    keys = tuple(spelling_key(t.norm) for t in tokens)
    return Reference(0, text, starts, [t.end for t in tokens], keys, turn_starts, turn_list,
                     turn_starts)


def test_a_quotation_is_looked_for_in_the_turns_around_its_candidates_only() -> None:
    turns = [("Host" if number % 2 else "Guest", f"item {number} on the agenda was dealt with")
             for number in range(300)]
    turns[151] = ("Guest", "we will never recognise the annexation of the peninsula")
    matcher = Matcher([_transcript(turns)], num_perm=64, containment=0.5, seed=1)
    asked: list[str | None] = []

    def guests(turn: Turn) -> bool:
        asked.append(turn.speaker)
        return turn.speaker == "Guest"

    keys = tuple(spelling_key(t.norm) for t in
                 tokenize("we will never recognise the annexation of the peninsula"))
    [part] = matcher.locate(keys, guests)
    assert matcher.references[0].turn_at(part.src_lo) == matcher.references[0].turns[151]
    assert (part.var_lo, part.var_hi, part.matched) == (0, 9, 9)
    assert len(asked) < 10  # not the 300 turns of the record for each candidate


def test_regions_that_cannot_hold_the_best_chain_are_not_aligned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Dozens of records share the quotation's opening words; one holds it all.
    quoted = "we will never recognise the annexation of the peninsula by the russian federation"
    texts = [f"we will never recognise the annexation of the {place} said the minister in {year}"
             for place in ("region", "coast", "border", "capital", "island", "port")
             for year in range(1990, 2000)]
    texts.insert(37, f"the minister said {quoted} and left")
    matcher = _matcher(texts)
    keys = tuple(spelling_key(t.norm) for t in tokenize(quoted))
    aligned: list[int] = []
    chain = chains.best_chain

    def counted(ref: Reference, lo: int, hi: int, piece: Sequence[str]) -> object:
        aligned.append(ref.doc)
        return chain(ref, lo, hi, piece)

    monkeypatch.setattr(matcher_module, "best_chain", counted)
    assert len(matcher._regions(keys, _anyone)) > 30
    assert matcher.locate(keys, _anyone) == [Part(37, 3, 16, 0, 13, 13)]
    assert aligned == [37]


def test_references_keep_their_words_as_columns_and_one_string_per_key() -> None:
    # A year of transcripts is tens of millions of reference words: a Token
    # object per word, with its own strings and Python ints, and a tuple of
    # bools, were about 190 bytes a word of an audit's memory, in the main
    # process and in every worker.
    path = INPUTS / "004_nato_brussels_2024-04-04_transcript.txt"
    text = path.read_text(encoding="utf-8")
    known: dict[str, str] = {}
    tracemalloc.start()
    try:
        first = matching.reference(0, text, [], turns(text, None), known)
        second = matching.reference(1, text, [], turns(text, None), known)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    words = len(first.keys)
    assert words > 3000
    assert held < 2 * 40 * words
    assert all(a is b for a, b in zip(first.keys, second.keys, strict=True))
    tokens = tokenize(text)
    assert [text[start:end] for start, end in zip(first.starts, first.ends, strict=True)] == [
        text[t.start : t.end] for t in tokens]
    assert [type(first.starts[0]), type(first.ends[-1])] == [int, int]
    assert first.quoted == second.quoted and len(first.quoted) == words


def test_a_reference_is_prepared_without_an_object_per_word() -> None:
    # One 5 MB transcript (a year of briefings joined) made a Token per word
    # while it was prepared: 310 bytes a word at the peak, above all else.
    text = "\n\n".join(path.read_text(encoding="utf-8")
                       for path in sorted(INPUTS.glob("*.txt"))) * 4
    tracemalloc.start()
    try:
        prepared = matching.reference(0, text, [], turns(text, None))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(prepared.keys) > 30_000
    assert peak < 200 * len(prepared.keys)
    tokens = tokenize(text)
    assert prepared.keys == tuple(spelling_key(t.norm) for t in tokens)
    assert list(prepared.starts) == [t.start for t in tokens]


def test_a_matcher_keeps_its_windows_as_one_array() -> None:
    # A year of transcripts is millions of 24-word windows: a tuple of three
    # Python ints each was 8 to 11 bytes a reference word.
    texts = [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))] * 20
    references = [matching.reference(doc, text, [], turns(text, None), {})
                  for doc, text in enumerate(texts)]
    Matcher(references[:2], num_perm=128, containment=0.5, seed=1)  # compiled, not counted
    words = sum(len(ref.keys) for ref in references)
    tracemalloc.start()
    try:
        matcher = Matcher(references, num_perm=128, containment=0.5, seed=1)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert words > 150_000
    assert held < 40 * words
    found = matcher.locate(references[21].keys[100:112], _anyone)
    assert [(part.ref, part.src_lo, part.src_hi) for part in found] == [(1, 100, 112)]


def test_a_quotation_that_repeats_itself_asks_for_each_window_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A chant quoted at length: its windows are the same few sets over and
    # over, and each asked the index again (a line of 30,000 characters of
    # a repeated phrase, quoted whole, took an audit 78 s).
    chant = "no more war " * 400
    matcher = _matcher([f"the crowd chanted {chant}until dark"])
    keys = tuple(spelling_key(t.norm) for t in tokenize(chant))
    asked: list[AbstractSet[str]] = []

    def counted(index: ContainmentIndex, queries: Sequence[AbstractSet[str]]) -> list[list[int]]:
        asked.extend(queries)
        return containing(index, queries)

    monkeypatch.setattr(matcher_module, "containing", counted)
    assert matcher.locate(keys, _anyone) == [Part(0, 3, 3 + len(keys), 0, len(keys), len(keys))]
    assert 0 < len(asked) == len(set(asked)) <= 3
