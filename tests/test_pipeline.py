"""End to end on the bundled sample corpus, through the library API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import input_path

import dedup
from dedup.models import Cluster, Report
from dedup.report import report_to_dict
from dedup.shingle import tokenize


@pytest.fixture(scope="module")
def report(inputs_dir: Path) -> Report:
    return dedup.scan(inputs_dir)


def _prefix(report: Report, doc_id: str) -> str:
    (doc,) = [d for d in report.documents if d.id == doc_id]
    return doc.path[:3]


def _clusters_with(report: Report, words: str) -> list[Cluster]:
    return [
        c for c in report.clusters if any(words in " ".join(m.text.split()) for m in c.members)
    ]


def test_news_sentence_joining_three_transcript_lines_is_one_cluster(report: Report) -> None:
    (cluster,) = _clusters_with(report, "a significant movement of troops away from Kyiv")
    canonical = cluster.members[cluster.canonical]
    assert _prefix(report, canonical.doc) == "000"
    assert canonical.text.count("\n") == 2
    (quote,) = [m for m in cluster.members if _prefix(report, m.doc) == "001"]
    assert quote.fidelity >= 0.95
    assert quote.label in ("verbatim", "cosmetic")
    assert "Stoltenberg said" not in quote.text


def test_closing_formula_shared_by_three_transcripts(report: Report) -> None:
    (cluster,) = _clusters_with(report, "I am ready to take your questions")
    assert sorted(_prefix(report, m.doc) for m in cluster.members) == ["000", "003", "004"]


def test_paragraph_repeated_inside_a_document_keeps_four_copies(report: Report) -> None:
    (cluster,) = _clusters_with(report, "Mr Stoltenberg tweeted on Thursday that he is")
    assert len(cluster.members) == 4
    assert {_prefix(report, m.doc) for m in cluster.members} == {"002"}


def test_canonical_member_comes_from_a_reference_document(report: Report) -> None:
    roles = {d.id: d.role for d in report.documents}
    for cluster in report.clusters:
        if any(roles[m.doc] == "reference" for m in cluster.members):
            assert roles[cluster.members[cluster.canonical].doc] == "reference"


def test_every_member_text_is_its_span_of_the_decoded_document(report: Report) -> None:
    texts = {d.id: d.text for d in report.documents}
    for cluster in report.clusters:
        for member in cluster.members:
            assert texts[member.doc][member.start : member.end] == member.text


def test_members_share_most_of_their_words_with_the_canonical(report: Report) -> None:
    for cluster in report.clusters:
        canonical = {t.norm for t in tokenize(cluster.members[cluster.canonical].text)}
        for member in cluster.members:
            words = {t.norm for t in tokenize(member.text)}
            assert len(words & canonical) >= 0.5 * min(len(words), len(canonical)), member.text


def test_greetings_too_short_to_mean_anything_are_not_clusters(report: Report) -> None:
    assert _clusters_with(report, "Good afternoon.") == []


def test_two_runs_give_identical_json(inputs_dir: Path, report: Report) -> None:
    again = dedup.scan(inputs_dir)
    first = json.dumps(report_to_dict(report), ensure_ascii=False)
    assert json.dumps(report_to_dict(again), ensure_ascii=False) == first


def test_clusters_partition_their_passages(report: Report) -> None:
    spans: dict[str, list[tuple[int, int]]] = {}
    for cluster in report.clusters:
        assert len(cluster.members) >= 2
        assert 0 <= cluster.canonical < len(cluster.members)
        for member in cluster.members:
            spans.setdefault(member.doc, []).append((member.start, member.end))
    for doc_spans in spans.values():
        doc_spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(doc_spans, doc_spans[1:], strict=False))


def test_cluster_ids_follow_document_order(report: Report) -> None:
    order = {d.id: i for i, d in enumerate(report.documents)}
    firsts = [(order[c.members[0].doc], c.members[0].start) for c in report.clusters]
    assert firsts == sorted(firsts)
    assert [c.id for c in report.clusters] == [f"c{i}" for i in range(1, len(firsts) + 1)]


def test_one_job_and_two_jobs_give_identical_json(
    inputs_dir: Path, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.variants import jobs as variants

    one = dedup.scan(inputs_dir, jobs=1)
    # Small batches, so that the fidelity stage too is shared between processes.
    monkeypatch.setattr(variants, "BATCH_CHARS", 2_000)
    monkeypatch.setattr(variants, "PARALLEL_MIN_CHARS", 0)
    assert variants._batch_bounds([1_500] * 4) == [(0, 2), (2, 4)]
    two = dedup.scan(inputs_dir, jobs=2)
    assert json.dumps(report_to_dict(one)) == json.dumps(report_to_dict(two))
    assert json.dumps(report_to_dict(one)) == json.dumps(report_to_dict(report))


def test_verbatim_piece_inside_longer_sentences_is_a_cluster(report: Report) -> None:
    # The transcript's "But Moscow is not giving up its ambitions in Ukraine."
    # opens a 30-word sentence of the article: too little of it for the
    # sentences to match, found by the passages stage.
    (cluster,) = _clusters_with(report, "Moscow is not giving up its ambitions in Ukraine")
    assert sorted(_prefix(report, m.doc) for m in cluster.members) == ["000", "001"]
    assert {m.text for m in cluster.members} == {
        "Moscow is not giving up its ambitions in Ukraine"}


def test_timings_name_every_stage_and_stay_out_of_the_report(inputs_dir: Path) -> None:
    seen: dict[str, float] = {}
    timed = dedup.scan(inputs_dir, jobs=1, timings=seen.__setitem__)
    assert list(seen) == ["ingest", "train", "segment", "shingle", "signatures", "lsh",
                          "verify", "passages", "cluster", "fidelity"]
    assert all(seconds >= 0 for seconds in seen.values())
    text = json.dumps(report_to_dict(timed))
    assert "signatures" not in text
    assert "jobs" not in timed.settings


def _papers_with(report: Report, path: str) -> set[str]:
    """The documents sharing a cluster with the document at ``path``."""
    first = next(doc.id for doc in report.documents if doc.path == path)
    return {m.doc for c in report.clusters if any(m.doc == first for m in c.members)
            for m in c.members}


def test_a_story_in_many_papers_pairs_each_copy_with_a_few(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import write_syndicated

    from dedup.candidates import class_pairs

    folder = write_syndicated(inputs_dir, tmp_path / "wire", 150)
    capped = dedup.scan(folder, jobs=1)
    monkeypatch.setattr(class_pairs, "FULL_BUCKET", 1 << 30)  # every bucket paired in full
    every = dedup.scan(folder, jobs=1)
    assert capped.stats["candidates"] < every.stats["candidates"] / 3
    # Every paper still shares the story's clusters with the first.
    assert len(_papers_with(capped, "paper_000.txt")) == 150
    assert _papers_with(capped, "paper_000.txt") == _papers_with(every, "paper_000.txt")


def test_a_quotation_of_a_turns_first_sentence_is_verbatim(tmp_path: Path) -> None:
    # inputs/004: "NATO Secretary General: NATO is not party to the conflict
    # and NATO will not be party to the conflict. But ..." The label is not
    # the Secretary General's words, so a quotation of the sentence after it
    # leaves nothing out.
    shutil.copy(input_path("004"), tmp_path)
    (tmp_path / "wire.txt").write_text(
        "“NATO is not party to the conflict and NATO will not be party to the conflict,” "
        "Stoltenberg told reporters in Brussels.\n",
        encoding="utf-8",
    )
    report = dedup.scan(tmp_path)
    (cluster,) = _clusters_with(report, "NATO will not be party to the conflict")
    canonical = cluster.members[cluster.canonical]
    assert canonical.text.startswith("NATO is not party")
    (quote,) = [m for m in cluster.members if m is not canonical]
    assert (quote.label, quote.fidelity, quote.trimmed) == ("verbatim", 1.0, False)



def _short_cluster(report: Report, words: str) -> Cluster:
    (cluster,) = [c for c in _clusters_with(report, words)
                  if len(c.members[c.canonical].text.split()) < 8]
    return cluster


def test_a_short_quotation_every_paper_copies_from_one_story_is_no_formula(
    tmp_path: Path
) -> None:
    # A formula's documents share nothing else (the next test); a story's
    # quotation is the finding a reviewer looks for, not a stock line.
    from conftest import write_story_quoted

    report = dedup.scan(write_story_quoted(tmp_path))
    cluster = _short_cluster(report, "All the facts must be established")
    assert len({m.doc for m in cluster.members}) == 4
    assert not cluster.boilerplate


def test_a_short_line_in_documents_that_share_nothing_else_is_still_a_formula(
    tmp_path: Path
) -> None:
    from conftest import write_formula

    report = dedup.scan(write_formula(tmp_path))
    cluster = _short_cluster(report, "But we must not underestimate Russia")
    assert len({m.doc for m in cluster.members}) == 3
    assert cluster.boilerplate



def test_a_feed_header_line_with_each_story_s_time_and_catchline_is_boilerplate(
    tmp_path: Path
) -> None:
    # Four unrelated stories share only the feed's furniture; the header
    # line is one frame filled in with each story's time and catchline.
    from conftest import write_wire_stories

    report = dedup.scan(write_wire_stories(tmp_path))
    (cluster,) = _clusters_with(report, "Page 1 (HHH) COURTS")
    assert len({m.doc for m in cluster.members}) == 4
    assert cluster.boilerplate


_FRAME = "In a joint statement today, they also promised that: "
_FRAMED = {
    "paper_a.txt": _FRAME + "“we will continue to take all necessary steps to protect and "
                            "defend the security of our Allied populations and every inch "
                            "of Allied territory.”",
    "paper_b.txt": _FRAME + "“The message to President Putin is this: Ukraine is not alone.”",
    "paper_c.txt": _FRAME + "“We will enhance our preparedness and readiness for chemical, "
                            "biological, radiological and nuclear threats.”",
}


def _framed_papers(folder: Path, names: list[str]) -> dict[str, list[str]]:
    """inputs/002 and the papers ``names``: the documents of each cluster holding the frame."""
    shutil.copy(input_path("002"), folder / "snippets.txt")
    for name in names:
        (folder / name).write_text(_FRAMED[name] + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\nsnippets.txt,reference\n" + "".join(f"{name},media\n" for name in names),
        encoding="utf-8")
    report = dedup.scan(folder)
    paths = {doc.id: doc.path for doc in report.documents}
    return {c.id: sorted(paths[m.doc] for m in c.members)
            for c in _clusters_with(report, "they also promised that")}


def test_papers_sharing_only_the_words_around_a_quotation_are_no_copies_of_it(
    tmp_path: Path
) -> None:
    # inputs/002: "In a joint statement today, they also promised that: “We will
    # enhance our preparedness ...”". One paper prints the sentence; two
    # others frame other quotations of 002 with the same nine words. They
    # share the frame, not the statement: a cluster of the frame, not
    # trimmed copies of the statement.
    holding = _framed_papers(tmp_path, ["paper_a.txt", "paper_b.txt", "paper_c.txt"])
    assert sorted(holding.values()) == [["paper_a.txt", "paper_b.txt"],
                                        ["paper_c.txt", "snippets.txt"]]


def test_one_paper_sharing_the_words_around_a_quotation_stays_a_trimmed_copy(
    tmp_path: Path
) -> None:
    # With no other paper to share a cluster with, the nine words it shares
    # with the statement are still reported (as a trimmed copy), not lost.
    holding = _framed_papers(tmp_path, ["paper_a.txt", "paper_c.txt"])
    assert list(holding.values()) == [["paper_a.txt", "paper_c.txt", "snippets.txt"]]
