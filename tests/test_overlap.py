"""Each media document's share of words and word pairs found in the references, on ``inputs/``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import input_path

import dedup
from dedup.models import Document, Overlap, Role
from dedup.overlap import reference_overlap
from dedup.passages import words_of
from dedup.report.json_writer import report_json, report_to_dict
from dedup.shingle import tokenize


def _overlap(texts: list[str], roles: list[Role]) -> dict[int, Overlap]:
    """``reference_overlap`` of these texts, by document number."""
    docs = [Document(f"d{index}", f"{index}.txt", text, role)
            for index, (text, role) in enumerate(zip(texts, roles, strict=True))]
    found = reference_overlap(words_of(texts), docs)
    return {index: found[doc.id] for index, doc in enumerate(docs) if doc.id in found}


def _written_out(media: str, references: list[str]) -> tuple[float, float]:
    """The two figures counted another way: word lists and sets, one reference at a time."""
    words = [token.norm for token in tokenize(media)]
    known_words: set[str] = set()
    known_pairs: set[tuple[str, str]] = set()
    for text in references:
        norms = [token.norm for token in tokenize(text)]
        known_words.update(norms)
        known_pairs.update(zip(norms, norms[1:], strict=False))
    pairs = list(zip(words, words[1:], strict=False))
    return (round(sum(w in known_words for w in words) / len(words), 4),
            round(sum(p in known_pairs for p in pairs) / len(pairs), 4))


def test_the_scan_of_inputs_gives_each_media_document_its_overlap_with_the_references(
    inputs_dir: Path,
) -> None:
    report = dedup.scan(inputs_dir)
    references = [doc.text for doc in report.documents if doc.role == "reference"]
    media = [doc for doc in report.documents if doc.role == "media"]
    assert references and media
    assert set(report.overlap) == {doc.id for doc in media}
    for doc in media:
        found = report.overlap[doc.id]
        assert (found.words, found.word_pairs) == _written_out(doc.text, references)
    # The article reports one press conference; the snippets quote several.
    article, snippets = (report.overlap[doc.id] for doc in media)
    assert article.word_pairs > snippets.word_pairs > 0


def test_a_paragraph_copied_from_a_transcript_is_all_found_and_unrelated_prose_much_less() -> None:
    transcript = input_path("000").read_text(encoding="utf-8")
    paragraph = transcript[transcript.index("Targeting and murdering"):][:600]
    other = input_path("004").read_text(encoding="utf-8")[:3000]
    found = _overlap([transcript, paragraph, other], ["reference", "media", "media"])
    assert (found[1].words, found[1].word_pairs) == (1.0, 1.0)
    # Another press conference: many of the same words, far fewer of the same pairs.
    assert found[2].words > 0.6
    assert found[2].word_pairs < found[2].words - 0.2


def test_a_pair_never_spans_two_reference_documents() -> None:
    first = input_path("000").read_text(encoding="utf-8")[:400]
    second = input_path("003").read_text(encoding="utf-8")[:400]
    last, head = tokenize(first)[-1].norm, tokenize(second)[0].norm
    media = f"{last} {head}"
    assert last != head
    found = _overlap([first, second, media], ["reference", "reference", "media"])
    assert (found[2].words, found[2].word_pairs) == (1.0, 0.0)
    # Nor does a media document's pair run into the next document.
    found = _overlap([f"{first} {second}", f"{last} {last}", head],
                     ["reference", "media", "media"])
    assert found[1].word_pairs == 0.0


def test_without_reference_documents_there_is_no_overlap_and_json_says_null(
    inputs_dir: Path, tmp_path: Path
) -> None:
    for path in sorted(inputs_dir.glob("*.txt")):
        shutil.copy(path, tmp_path / path.name)  # no manifest: every document is media
    report = dedup.scan(tmp_path)
    assert report.overlap == {}
    written = json.loads("".join(report_json(report)))
    assert written == report_to_dict(report)
    assert {(d["reference_words"], d["reference_word_pairs"]) for d in written["documents"]} == {
        (None, None)
    }


def test_report_json_carries_the_figures_of_media_documents_and_null_for_references(
    inputs_dir: Path,
) -> None:
    report = dedup.scan(inputs_dir)
    written = json.loads("".join(report_json(report)))
    for doc in written["documents"]:
        found = report.overlap.get(doc["id"])
        if doc["role"] == "reference":
            assert found is None and doc["reference_words"] is None
        else:
            assert found is not None
            assert (doc["reference_words"], doc["reference_word_pairs"]) == (
                found.words, found.word_pairs)


@pytest.mark.parametrize(("texts", "expected"), [
    (["", "Stoltenberg"], (0.0, 0.0)),  # an empty reference holds nothing
    (["Stoltenberg said.", ""], (0.0, 0.0)),  # no words: nothing to share
    (["Stoltenberg said.", "Stoltenberg"], (1.0, 0.0)),  # one word: no pair
])
def test_documents_without_words_or_pairs_have_zero(
    texts: list[str], expected: tuple[float, float]
) -> None:
    found = _overlap(texts, ["reference", "media"])
    assert (found[1].words, found[1].word_pairs) == expected
