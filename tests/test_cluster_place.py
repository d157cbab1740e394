"""``place_passages``'s compiled loop against its straightforward definition, on real passages."""

from __future__ import annotations

import bisect
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import prepared_matches

from dedup.cluster import (
    JOIN_OVERLAP,
    Segment,
    choose_keyed,
    choosing,
    reference_documents,
    segment_bases,
)
from dedup.cluster.place import _SpanArena, place_passages
from dedup.cluster.taken import TakenUnits, UnionFind
from dedup.passages import MIN_WORDS, Passage, covered_words


class _Spans:
    """Each document's taken spans as a sorted list of ``(start, end, key)``."""

    def __init__(self, taken: TakenUnits) -> None:
        self.spans: dict[int, list[tuple[int, int, int]]] = {}
        for doc, start, end, key in zip(taken.doc.tolist(), taken.start.tolist(),
                                        taken.end.tolist(), taken.key.tolist(), strict=True):
            self.spans.setdefault(doc, []).append((start, end, key))

    def overlaps(self, doc: int, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in self.spans.get(doc, []))

    def target(self, side: Segment) -> int | None:
        """The key of the span sharing most (the first such) of those sharing enough."""
        best, best_shared, overlapping = -1, 0, False
        for start, end, key in self.spans.get(side.doc, []):
            shared = min(end, side.end) - max(start, side.start)
            if shared <= 0:
                continue
            overlapping = True
            if shared >= JOIN_OVERLAP * min(end - start, side.end - side.start) and \
                    shared > best_shared:
                best, best_shared = key, shared
        return None if overlapping and best == -1 else best


def _runs(mask: list[bool]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i, flag in enumerate(mask):
        if flag:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    return runs


def _place_by_definition(
    passages: Sequence[Passage] | Mapping[int, Passage],
    taken: TakenUnits,
    joined: UnionFind,
    *,
    first_id: int,
    bases: Sequence[int] | Mapping[int, int] | None = None,
    sources: frozenset[int] = frozenset(),
    min_words: int = MIN_WORDS,
) -> dict[int, Segment]:
    """``place_passages`` as its docstring says it, a hit at a time in plain Python."""
    if bases is None:
        assert isinstance(passages, Sequence)
        bases = segment_bases(passages)
    by_index = dict(passages.items() if isinstance(passages, Mapping) else enumerate(passages))
    spans = _Spans(taken)
    extra: dict[int, Segment] = {}
    order = sorted(by_index, key=lambda i: (
        by_index[i].first not in sources and by_index[i].second not in sources,
        -by_index[i].words, by_index[i].first, by_index[i].second, i))
    for index in order:
        passage = by_index[index]
        hits = passage.hits.tolist()
        pieces = [(run, True) for run in _runs(
            [not (spans.overlaps(passage.first, h[2], h[3])
                  and spans.overlaps(passage.second, h[6], h[7])) for h in hits])]
        while pieces:
            piece, whole = pieces.pop(0)
            part = np.array([hits[i] for i in piece])
            if covered_words(part[:, 0], part[:, 1]) < min_words:
                continue
            sides = [Segment(doc, -1, -1, int(part[:, lo].min()), int(part[:, hi].max()),
                             int(part[:, words + 1].max() - part[:, words].min()), False, False)
                     for doc, lo, hi, words in ((passage.first, 2, 3, 0),
                                                (passage.second, 6, 7, 4))]
            targets = [spans.target(side) for side in sides]
            if None in targets:
                if whole:
                    untaken = [not (spans.overlaps(passage.first, hits[i][2], hits[i][3])
                                    or spans.overlaps(passage.second, hits[i][6], hits[i][7]))
                               for i in piece]
                    pieces[:0] = [([piece[i] for i in run], False) for run in _runs(untaken)]
                continue
            keys = []
            for number, (side, target) in enumerate(zip(sides, targets, strict=True)):
                if target == -1:
                    target = first_id + bases[index] + 2 * piece[0] + number
                    extra[target] = side
                    bisect.insort(spans.spans.setdefault(side.doc, []),
                                  (side.start, side.end, target))
                keys.append(target)
            joined.join(np.array(keys[:1]), np.array(keys[1:]))
    return extra


def _variant(text: str, rng: random.Random) -> str:
    """``text`` with a fifth of its lines dropped and some words dropped or swapped."""
    lines = []
    for line in text.split("\n"):
        if rng.random() < 0.2:
            continue
        words = line.split(" ")
        kept = []
        for word in words:
            draw = rng.random()
            if draw >= 0.03:
                kept.append(rng.choice(words) if draw < 0.08 else word)
        lines.append(" ".join(kept))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scanned(inputs_dir: Path):  # type: ignore[no-untyped-def]
    """Units, matches and passages, as the scan makes them, of ``inputs/`` and two
    edited copies of each of its texts (hundreds of passages, many with gaps);
    the reference documents' indices."""
    from dedup.ingest import load_corpus
    from dedup.passages import passages_of

    documents = load_corpus(inputs_dir).documents
    rng = random.Random(5)
    texts = [doc.text for doc in documents]
    texts += [_variant(text, rng) for text in texts for _ in range(2)]
    prepared, matches = prepared_matches(texts)
    return (prepared.units, matches, passages_of(prepared.words),
            reference_documents(documents))


def test_compiled_placing_equals_the_definition_on_the_sample_corpus(
    scanned, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    units, matches, passages, sources = scanned
    compiled = choose_keyed(units, matches, passages, sources=sources)
    placed: list[int] = []

    def by_definition(*args: Any, **kwargs: Any) -> Any:
        placed.append(1)
        return _place_by_definition(*args, **kwargs)

    monkeypatch.setattr(choosing, "place_passages", by_definition)
    assert choose_keyed(units, matches, passages, sources=sources) == compiled
    assert placed  # the definition placed them, not the compiled code twice
    assert sum(s.first == -1 for _, members in compiled for s in members) >= 5


def _taken_at_random(units, seed: int) -> TakenUnits:  # type: ignore[no-untyped-def]
    """A random set of the units, none overlapping another of its document, taken."""
    rng = random.Random(seed)
    chosen: dict[int, list[tuple[int, int, int]]] = {}
    for key in rng.sample(range(len(units)), len(units) // 3):
        u = units[key].unit
        if all(e <= u.start or u.end <= s for s, e, _ in chosen.get(u.doc, [])):
            chosen.setdefault(u.doc, []).append((u.start, u.end, key))
    rows = [(key, doc, start, end) for doc, spans in chosen.items() for start, end, key in spans]
    return TakenUnits.of(*np.array(rows, dtype=np.int64).T)


@pytest.mark.parametrize("spare", [1, 0])
@pytest.mark.parametrize("seed", range(6))
def test_compiled_placing_equals_the_definition_when_passages_straddle_taken_units(
    scanned, seed: int, spare: int, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    # Random taken units (a third of them) leave many passages straddling
    # one: their untaken stretches, and joins to units that share enough.
    # With no spare room, documents' regions fill and move as segments come.
    monkeypatch.setattr(_SpanArena, "SPARE", spare)
    units, _, passages, references = scanned
    sources = references if seed % 2 else frozenset()
    first_id = len(units)
    placed = []
    for place in (place_passages, _place_by_definition):
        joined = UnionFind()
        extra = place(passages, _taken_at_random(units, seed), joined, first_id=first_id,
                      sources=sources, min_words=MIN_WORDS - seed % 3)
        groups = dict(zip(*(column.tolist() for column in joined.roots()), strict=True))
        placed.append((extra, list(extra), groups))
    assert placed[0] == placed[1]
    extra, _, groups = placed[0]
    assert len(extra) > 20
    assert any(key < first_id for key in groups), "some passages join taken units"


def test_compiled_placing_of_a_part_equals_the_definition(scanned) -> None:  # type: ignore[no-untyped-def]
    # Every other passage, by its index in the scan's list, numbered by the whole list's bases.
    units, _, passages, _ = scanned
    bases = segment_bases(passages)
    part = {index: passages[index] for index in range(1, len(passages), 2)}
    placed = []
    for place in (place_passages, _place_by_definition):
        joined = UnionFind()
        extra = place(part, _taken_at_random(units, 1), joined, first_id=len(units),
                      bases={index: bases[index] for index in part})
        placed.append((extra, list(extra), joined.roots()[0].tolist()))
    assert placed[0] == placed[1]
    assert placed[0][0]


def test_a_part_of_the_passages_without_their_bases_is_refused(scanned) -> None:  # type: ignore[no-untyped-def]
    # Their numbering needs the whole list; an assert said so, which "python -O" drops.
    units, _, passages, _ = scanned
    with pytest.raises(TypeError, match="bases"):
        place_passages({1: passages[1]}, _taken_at_random(units, 1), UnionFind(),
                       first_id=len(units))


def test_side_sharing_as_much_with_two_taken_spans_joins_the_first() -> None:
    # Doc 0's side [5, 15) shares 5 characters with each of the taken [0, 10)
    # and [10, 20), half of each: it joins the first; doc 1's side is new.
    taken = TakenUnits.of(np.array([6, 5]), np.array([0, 0]), np.array([10, 0]),
                                   np.array([20, 10]))
    hits = np.array([[0, 8, 5, 15, 0, 8, 100, 110]], dtype=np.int64)
    passages = [Passage(0, 1, hits, 8)]
    for place in (place_passages, _place_by_definition):
        joined = UnionFind()
        extra = place(passages, taken, joined, first_id=10)
        assert extra == {11: Segment(1, -1, -1, 100, 110, 8, False, False)}
        root = dict(zip(*(column.tolist() for column in joined.roots()), strict=True))
        assert root[11] == root[5] == 5 and 6 not in root
