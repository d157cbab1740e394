from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import input_path, prepared_matches

import dedup
from dedup.candidates import Match
from dedup.cluster import (
    Segment,
    build_groups,
    canonical_order,
    choose,
    choose_keyed,
    describe_groups,
    merge_keys,
    merge_runs,
    overlap_links,
    passage_hulls,
    reference_documents,
    segment_bases,
)
from dedup.config import ScanConfig
from dedup.models import Document, Unit
from dedup.passages import Passage, covered_words
from dedup.units import UnitTokens


def _unit(key: int, doc: int, first: int, last: int, start: int, end: int,
          kind: str = "sentence") -> UnitTokens:
    unit = Unit(key, doc, kind, first, last, start, end)  # type: ignore[arg-type]
    return UnitTokens(unit, start, end, True, True)


def _docs(*roles_and_dates: tuple[str, str | None]) -> list[Document]:
    return [
        Document(id=f"d{i + 1}", path=f"{i:03}.txt", text="x" * 1000, role=role,  # type: ignore[arg-type]
                 date=date)
        for i, (role, date) in enumerate(roles_and_dates)
    ]


def test_exact_sentence_repeats_win_over_the_paragraph_around_them() -> None:
    # Doc 0 holds one paragraph twice: sentences s0 s1 and s2 s3 (s2 = s0, s3 = s1).
    units = [
        _unit(0, 0, 0, 0, 0, 10), _unit(1, 0, 1, 1, 11, 20),
        _unit(2, 0, 2, 2, 21, 31), _unit(3, 0, 3, 3, 32, 41),
        _unit(4, 0, 0, 1, 0, 20, "window"), _unit(5, 0, 2, 3, 21, 41, "window"),
    ]
    matches = [Match(4, 5, 1.0), Match(0, 2, 1.0), Match(1, 3, 1.0)]
    groups = choose(units, matches)
    assert sorted([s.start for s in g] for g in groups) == [[0, 21], [11, 32]]


def test_overlapping_weaker_match_is_dropped() -> None:
    units = [_unit(0, 0, 0, 2, 0, 60, "window"), _unit(1, 1, 0, 0, 0, 58),
             _unit(2, 0, 0, 0, 0, 20)]
    groups = choose(units, [Match(1, 2, 0.5), Match(0, 1, 0.9)])
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [[(0, 0, 60), (1, 0, 58)]]


def test_whole_sentence_beats_its_quotation_fragments_at_equal_similarity() -> None:
    units = [_unit(0, 0, 0, 0, 0, 40), _unit(1, 1, 0, 0, 0, 40),
             _unit(2, 0, 0, 0, 5, 20, "fragment"), _unit(3, 1, 0, 0, 5, 20, "fragment")]
    groups = choose(units, [Match(2, 3, 1.0), Match(0, 1, 1.0)])
    assert [[(s.start, s.end) for s in g] for g in groups] == [[(0, 40), (0, 40)]]


def test_runs_travelling_together_merge_into_one_passage() -> None:
    first = [Segment(0, 4, 4, 100, 150, 9, True, True), Segment(1, 0, 0, 0, 48, 9, True, True)]
    second = [Segment(0, 5, 5, 151, 190, 7, True, True), Segment(1, 1, 1, 49, 90, 7, True, True)]
    (merged,) = merge_runs([first, second])
    assert [(s.start, s.end, s.words) for s in merged] == [(100, 190, 16), (0, 90, 16)]


def test_groups_of_different_sizes_do_not_merge() -> None:
    first = [Segment(0, 0, 0, 0, 10, 5, True, True), Segment(0, 2, 2, 21, 31, 5, True, True)]
    second = [Segment(0, 1, 1, 11, 20, 5, True, True), Segment(0, 3, 3, 32, 41, 5, True, True),
              Segment(1, 0, 0, 0, 9, 5, True, True)]
    assert len(merge_runs([first, second])) == 2


def test_canonical_prefers_reference_then_earliest_date_then_longest() -> None:
    segments = [Segment(0, 0, 0, 0, 50, 9, True, True), Segment(1, 0, 0, 0, 40, 7, True, True),
                Segment(2, 0, 0, 0, 60, 11, True, True)]
    docs = _docs(("media", "2022-01-01"), ("reference", "2022-03-01"), ("reference", "2022-02-01"))
    assert canonical_order(segments, docs)[0] == 2
    undated = _docs(("media", None), ("media", None), ("media", None))
    assert canonical_order(segments, undated)[0] == 2
    dated = _docs(("media", None), ("media", "2021-12-31"), ("media", None))
    assert canonical_order(segments, dated)[0] == 1


def test_short_formula_in_many_documents_is_boilerplate() -> None:
    units = [_unit(i, i, 0, 0, 0, 6) for i in range(3)]
    groups = build_groups(units, [Match(0, 1, 1.0), Match(1, 2, 1.0)],
                          _docs(("media", None), ("media", None), ("media", None)),
                          boilerplate_min_docs=3, boilerplate_max_words=8)
    assert [g.boilerplate for g in groups] == [True]


def _passage(first: int, second: int, first_char: int, second_char: int,
             count: int = 10) -> Passage:
    """A verbatim passage of ``count + 3`` five-character words, one seed hit per word."""
    rows = [[i, i + 4, first_char + 5 * i, first_char + 5 * (i + 4) - 1,
             i, i + 4, second_char + 5 * i, second_char + 5 * (i + 4) - 1] for i in range(count)]
    hits = np.array(rows, dtype=np.int64)
    return Passage(first, second, hits, covered_words(hits[:, 0], hits[:, 1]))


def test_passage_piece_of_a_matched_sentence_joins_its_group() -> None:
    units = [_unit(0, 0, 0, 0, 0, 100), _unit(1, 1, 0, 0, 0, 100)]
    groups = choose(units, [Match(0, 1, 0.9)], [_passage(0, 2, 10, 200)])
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [
        [(0, 0, 100), (1, 0, 100), (2, 200, 264)]]


def test_passage_already_explained_by_a_match_adds_nothing() -> None:
    units = [_unit(0, 0, 0, 0, 0, 100), _unit(1, 1, 0, 0, 0, 100)]
    groups = choose(units, [Match(0, 1, 0.9)], [_passage(0, 1, 10, 10)])
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [[(0, 0, 100), (1, 0, 100)]]


def test_passage_straddling_a_taken_sentence_keeps_its_untaken_part() -> None:
    # Doc 2's side [40, 104) overlaps the taken [0, 50) by less than half of either:
    # the hits from doc 2's char 50 on (eight of them, 11 words) are a passage of their own.
    units = [_unit(0, 0, 0, 0, 0, 50), _unit(1, 2, 0, 0, 0, 50)]
    groups = choose(units, [Match(0, 1, 0.9)], [_passage(1, 2, 300, 40)])
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [
        [(0, 0, 50), (2, 0, 50)], [(1, 310, 364), (2, 50, 104)]]


def test_passage_straddling_too_little_untaken_text_is_dropped() -> None:
    # Doc 2's side [60, 124) overlaps the taken [0, 90) by less than half of
    # either, and only four hits (7 words) of it lie past the taken span.
    units = [_unit(0, 0, 0, 0, 0, 90), _unit(1, 2, 0, 0, 0, 90)]
    groups = choose(units, [Match(0, 1, 0.9)], [_passage(1, 2, 300, 60)])
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [[(0, 0, 90), (2, 0, 90)]]


def test_passage_shared_by_three_documents_is_one_group() -> None:
    passages = [_passage(0, 1, 0, 0), _passage(0, 2, 5, 300), _passage(1, 2, 0, 300)]
    groups = choose([], [], passages)
    assert [[(s.doc, s.start, s.end) for s in g] for g in groups] == [
        [(0, 0, 64), (1, 0, 64), (2, 300, 364)]]


def _find(parent: dict[int, int], item: int) -> int:
    while parent.setdefault(item, item) != item:
        item = parent[item]
    return item


def _components(links: list[tuple[int, int]]) -> dict[int, int]:
    parent: dict[int, int] = {}
    for a, b in links:
        ra, rb = _find(parent, a), _find(parent, b)
        parent[max(ra, rb)] = min(ra, rb)
    return {item: _find(parent, item) for item in list(parent)}


def _groups_by_component(units, matches, documents, passages=()) -> list:  # type: ignore[no-untyped-def]
    """build_groups run as the Spark engine runs it: choose and place, then merge, per component."""
    first_id = len(units)
    by_doc: dict[int, list[tuple[int, int, int]]] = {}
    for unit in {u for m in matches for u in (m.first, m.second)}:
        u = units[unit].unit
        by_doc.setdefault(u.doc, []).append((unit, u.start, u.end))
    for index, passage in enumerate(passages):
        for doc, start, end in passage_hulls(passage):
            by_doc.setdefault(doc, []).append((first_id + index, start, end))
    links = [(m.first, m.second) for m in matches]
    links += [(first_id + index, first_id + index) for index in range(len(passages))]
    links += [link for spans in by_doc.values() for link in overlap_links(spans)]
    component = _components(links)
    bases = segment_bases(passages)
    sources = reference_documents(documents)
    chosen: list[tuple[int, list[Segment]]] = []
    for label in sorted(set(component.values())):
        inside = [m for m in matches if component[m.first] == label]
        placed = {i: p for i, p in enumerate(passages) if component[first_id + i] == label}
        chosen += choose_keyed({u: units[u] for m in inside for u in (m.first, m.second)},
                               inside, placed, sources=sources, first_id=first_id,
                               bases={i: bases[i] for i in placed})
    meeting: dict[tuple[tuple[int, int, int], bool], list[int]] = {}
    for key, members in chosen:
        for place in merge_keys(members):
            meeting.setdefault(place, []).append(key)
    joined = _components([(key, key) for key, _ in chosen] + [
        (a, b) for (place, before), keys in meeting.items() if before
        for a in keys for b in meeting.get((place, False), [])])
    runs = []
    for label in sorted(set(joined.values())):
        runs += merge_runs([members for key, members in sorted(chosen) if joined[key] == label])
    config = ScanConfig()
    return describe_groups(runs, documents, boilerplate_min_docs=config.boilerplate_min_docs,
                           boilerplate_max_words=config.boilerplate_max_words)


def test_groups_per_connected_component_equal_groups_of_all_matches(inputs_dir: Path) -> None:
    from dedup.ingest import load_corpus

    config = ScanConfig()
    documents = load_corpus(inputs_dir).documents
    prepared, matches = prepared_matches([doc.text for doc in documents])
    whole = build_groups(prepared.units, matches, documents,
                         boilerplate_min_docs=config.boilerplate_min_docs,
                         boilerplate_max_words=config.boilerplate_max_words)
    assert len(whole) > 10
    assert any(g.members[0].last > g.members[0].first
               for g in whole), "some groups are runs of several sentences"
    assert _groups_by_component(prepared.units, matches, documents) == whole
    from dedup.passages import passages_of

    passages = passages_of(prepared.words)
    with_passages = build_groups(prepared.units, matches, documents,
                                 boilerplate_min_docs=config.boilerplate_min_docs,
                                 boilerplate_max_words=config.boilerplate_max_words,
                                 passages=passages)
    assert with_passages != whole, "the passages add segments the matches do not explain"
    assert _groups_by_component(prepared.units, matches, documents, passages) == with_passages


def test_copy_spanning_two_source_sentences_is_one_member(tmp_path: Path) -> None:
    """A media sentence that copies a source sentence and the start of the next.

    Its sentence match takes only the first source sentence; the passage
    stage places the rest of the source side as a new segment of the same
    group. Scored apart, that segment was dropped and the media member
    narrowed to the first sentence; joined, both members hold the whole copy.
    """
    transcript = input_path("004").read_text(encoding="utf-8")
    start = transcript.index("We did two things. First of all")
    source = transcript[start : transcript.index("NATO Spokesperson: Thank you. We'll take a q")]
    first = source[source.index("The other thing we did") : source.index(" And since then")]
    media = ("Stoltenberg recalled the meeting of February 2022. " + first[:-1]
             + " and since then, we have added more military presence, increased our military"
             " presence, he told reporters.\n")
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "media.txt").write_text(media, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("path,role\nsource.txt,reference\nmedia.txt,media\n",
                                           encoding="utf-8")
    report = dedup.scan(tmp_path)
    texts = {doc.id: doc.text for doc in report.documents}
    (cluster,) = report.clusters
    copied = [texts[m.doc][m.start : m.end] for m in cluster.members]
    assert all(text.startswith("The other thing we did") for text in copied)
    assert all(text.endswith("increased our military presence") for text in copied)
    assert [m.fidelity for m in cluster.members] == [1.0, 1.0]


def _greedy_by_comparing_all(row_a: np.ndarray, row_b: np.ndarray, doc: np.ndarray,
                             start: np.ndarray, end: np.ndarray) -> list[bool]:
    """``greedy``'s rule, each unit compared with every taken unit of its document."""
    taken: set[int] = set()

    def fits(row: int) -> bool:
        return row in taken or not any(doc[t] == doc[row] and start[t] < end[row]
                                       and start[row] < end[t] for t in taken)

    accepted = []
    for a, b in zip(row_a.tolist(), row_b.tolist(), strict=True):
        accepted.append(fits(a) and fits(b))
        if accepted[-1]:
            taken |= {a, b}
    return accepted


def test_greedy_takes_what_comparing_with_every_taken_unit_takes(inputs_dir: Path) -> None:
    from dedup.cluster.choosing import _UnitColumns, overlap_free
    from dedup.cluster.greedy import greedy
    from dedup.ingest import load_corpus

    documents = load_corpus(inputs_dir).documents
    prepared, matches = prepared_matches([doc.text for doc in documents])
    unit = _UnitColumns.of(prepared.units)
    pairs = np.array([(m.first, m.second) for m in matches], dtype=np.int32)
    pairs = pairs[overlap_free(pairs, unit.doc, unit.start, unit.end)]
    # Best first, as ``choose`` tries them, and in the reverse order too.
    for row_a, row_b in ((pairs[:, 0], pairs[:, 1]), (pairs[::-1, 1], pairs[::-1, 0])):
        row_a, row_b = row_a.astype(np.int64), row_b.astype(np.int64)
        accepted = greedy(row_a, row_b, unit.doc, unit.start, unit.end)
        expected = _greedy_by_comparing_all(row_a, row_b, unit.doc, unit.start, unit.end)
        assert accepted.tolist() == expected
        assert 0 < sum(expected) < len(expected)


def test_greedy_past_the_near_places_asks_the_tree_and_takes_the_same() -> None:
    # Documents where one long unit spans many short ones, more than the
    # loop walks past, so its Fenwick tree decides; matches in random order.
    from dedup.cluster.greedy import _NEAR_PLACES, greedy

    rng = np.random.default_rng(5)
    for _ in range(40):
        spans = []
        for doc in range(3):
            count = int(rng.integers(2 * _NEAR_PLACES, 4 * _NEAR_PLACES))
            spans += [(doc, 10 * i, 10 * i + int(rng.integers(1, 30))) for i in range(count)]
            spans += [(doc, 10 * int(rng.integers(0, 20)), 10 * count) for _ in range(3)]
        doc, start, end = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
        row_a = rng.integers(0, len(spans), 400)
        row_b = rng.integers(0, len(spans), 400)
        apart = ((doc[row_a] != doc[row_b]) | (end[row_a] <= start[row_b])
                 | (end[row_b] <= start[row_a]))
        row_a, row_b = row_a[apart], row_b[apart]
        accepted = greedy(row_a, row_b, doc, start, end)
        assert accepted.tolist() == _greedy_by_comparing_all(row_a, row_b, doc, start, end)


def test_union_find_names_each_group_by_its_smallest_key() -> None:
    # Random joins among sparse keys, in several batches, against the groups
    # found by walking the graph of the joins.
    from dedup.cluster.taken import UnionFind

    rng = np.random.default_rng(3)
    keys = rng.choice(10**9, size=300, replace=False) - 5 * 10**8  # some negative
    joined = UnionFind()
    edges: dict[int, set[int]] = {}
    for _ in range(4):
        first, second = rng.choice(keys, size=(2, 60))
        joined.join(first, second)
        for a, b in zip(first.tolist(), second.tolist(), strict=True):
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set()).add(a)
    expected = {}
    for key in sorted(edges):
        if key in expected:
            continue
        group, todo = {key}, [key]
        while todo:
            for other in edges[todo.pop()] - group:
                group.add(other)
                todo.append(other)
        expected |= dict.fromkeys(group, min(group))
    found, roots = joined.roots()
    assert found.tolist() == sorted(expected)  # every key joined, in order
    assert dict(zip(found.tolist(), roots.tolist(), strict=True)) == expected
    assert 1 < len(set(expected.values())) < len(expected)
    assert UnionFind().roots()[0].tolist() == []


@pytest.mark.parametrize("case", ["pair order", "pair order, too varied",
                                  "pair order, negative fragments", "any order", "big ids"])
def test_ranked_gives_lexsorts_order(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The matches' rank order, counted or from packed stable sorts, is ``np.lexsort``'s."""
    from dedup.cluster import ranking

    rng = np.random.default_rng(7)
    count = 20_000
    similarity = rng.integers(1, 6, count) / rng.integers(6, 9, count)  # many ties
    similarity[:20], similarity[20:40] = 0.0, -0.0  # equal, as in lexsort
    fragments = rng.integers(0, 3, count).astype(np.int8)
    size = rng.integers(5, 12, count).astype(np.int64)
    first = rng.integers(0, 50, count).astype(np.int64)
    second = rng.integers(0, 50, count).astype(np.int64)
    if case.startswith("pair order"):  # as the scan's matches come: counted
        by_pair = np.lexsort((second, first))
        first, second = first[by_pair], second[by_pair]
    if case == "pair order, too varied":  # more values than it numbers: sorted
        monkeypatch.setattr(ranking, "RANKED_VALUES", 8)
    if case == "pair order, negative fragments":  # would not order as unsigned: sorted
        fragments[::7] = -1
    if case == "big ids":  # ids past 31 bits: the keys are sorted one by one
        first += 1 << 31
    counted: list[int] = []
    counted_order = ranking._counted_order

    def spy(*args: object) -> np.ndarray:
        order = counted_order(*args)
        counted.append(len(order))
        return order

    monkeypatch.setattr(ranking, "_counted_order", spy)
    expected = np.lexsort((second, first, size, fragments, -similarity))
    found = ranking.ranked(similarity, fragments, size, first, second)
    assert found.tolist() == expected.tolist()
    assert counted == {"pair order": [count], "pair order, too varied": [0]}.get(case, [])
    # Rows equal in every key keep their order, as in lexsort.
    assert len({(a, b, c, d, e) for a, b, c, d, e in zip(
        similarity.tolist(), fragments.tolist(), size.tolist(), first.tolist(),
        second.tolist(), strict=True)}) < count


def test_original_of_copies_without_reference_or_date_is_the_text_most_print(
        tmp_path: Path) -> None:
    """Syndicated copy, no manifest: three papers print a sentence as it is, one adds a word.

    The longest version is the one paper's edit; taken as the original, it
    made the three faithful copies look altered. The version that the most
    members print (whole or in part) is the original.
    """
    article = input_path("001").read_text(encoding="utf-8")
    start = article.index("The Nato foreign ministers will be joined")
    sentence = article[start : article.index("\n", start)]
    edited = sentence.replace("partners – Australia", "partners, namely Australia")
    for name, text in [("a.txt", sentence), ("b.txt", edited), ("c.txt", sentence),
                       ("d.txt", sentence)]:
        (tmp_path / name).write_text(f"Foreign ministers meet.\n\n{text}\n", encoding="utf-8")
    report = dedup.scan(tmp_path)
    paths = {doc.id: doc.path for doc in report.documents}
    (cluster,) = [c for c in report.clusters if len(c.members) == 4]
    assert paths[cluster.members[cluster.canonical].doc] == "a.txt"
    assert {paths[m.doc]: m.label for m in cluster.members} == {
        "a.txt": "verbatim", "b.txt": "altered", "c.txt": "verbatim", "d.txt": "verbatim"}


def test_original_without_reference_holds_the_trimmed_copies() -> None:
    """Two papers print the first half of a sentence, one all of it: the whole is the original."""
    article = input_path("001").read_text(encoding="utf-8")
    start = article.index("The Nato foreign ministers will be joined")
    cut = article.index(", and by Nato’s", start)
    end = article.index("\n", start)
    documents = [Document(id=f"d{i}", path=f"{i}.txt", text=article) for i in range(3)]
    segments = [Segment(0, 0, 0, start, cut, 17, True, False),
                Segment(1, 0, 0, start, end, 31, True, True),
                Segment(2, 0, 0, start, cut, 17, True, False)]
    assert canonical_order(segments, documents)[0] == 1


def test_original_without_reference_is_not_a_much_shorter_version_many_print() -> None:
    """Two copies share a sentence's first words and the one before; one copy has the sentence.

    The two short copies are the most printed version, but taken as the
    original they would cut the long copy down to their words.
    """
    article = input_path("001").read_text(encoding="utf-8")
    start = article.index("The Nato foreign ministers will be joined")
    before = article.rindex("Herzegovina", 0, start)
    short_end = article.index(" by their counterparts", start)
    end = article.index("\n", start)
    documents = [Document(id=f"d{i}", path=f"{i}.txt", text=article) for i in range(3)]
    segments = [Segment(0, 0, 0, before, short_end, 9, False, False),
                Segment(1, 0, 0, start, end, 31, True, True),
                Segment(2, 0, 0, before, short_end, 9, False, False)]
    assert canonical_order(segments, documents)[0] == 1
