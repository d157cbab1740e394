"""JSONL datasets read on this machine (the Spark engine's readers are tested beside it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_dataset, write_sample_dataset

import dedup
from dedup.cli import main
from dedup.errors import ConfigError
from dedup.ingest.dataset import Dataset, load_dataset
from dedup.report.json_writer import report_to_dict

DATASET = Dataset("jsonl", id_field="doc_id", text_field="body")


def test_documents_are_in_id_order_with_their_ids_as_paths(inputs_dir: Path,
                                                           tmp_path: Path) -> None:
    corpus = load_dataset(write_dataset(inputs_dir, tmp_path / "ds"), DATASET)
    stems = [p.stem for p in sorted(inputs_dir.glob("*.txt"))]
    assert [d.path for d in corpus.documents] == stems
    assert [d.id for d in corpus.documents] == [f"d{n}" for n in range(1, len(stems) + 1)]
    assert corpus.documents[0].text == sorted(inputs_dir.glob("*.txt"))[0].read_text(
        encoding="utf-8")
    assert {d.outlet for d in corpus.documents} == {"NATO"}


def test_bad_records_are_skipped_with_a_reason(inputs_dir: Path, tmp_path: Path) -> None:
    corpus = load_dataset(write_dataset(inputs_dir, tmp_path / "ds"), DATASET)
    first = sorted(inputs_dir.glob("*.txt"))[0].stem
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (first, f"part-1.jsonl #1: repeats the id {first!r}"),
        ("no-text", "part-0.jsonl line 3: no 'body' field"),
        ("part-0.jsonl", "line 4: invalid JSON (Expecting property name enclosed in double "
                         "quotes: line 1 column 2 (char 1))"),
    ]


def test_a_record_without_an_id_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text(json.dumps({"text": "Words without an id."}) + "\n",
                                        encoding="utf-8")
    corpus = load_dataset(tmp_path / "one.jsonl", Dataset("jsonl"))
    assert corpus.documents == ()
    assert [(s.path, s.reason) for s in corpus.skipped] == [("one.jsonl", "line 1: no 'id' value")]


def test_parquet_needs_the_spark_engine(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="add --engine spark"):
        load_dataset(tmp_path, Dataset("parquet"))


def test_dataset_scan_finds_the_clusters_of_the_folder(inputs_dir: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"  # the texts without the manifest's roles and dates
    plain.mkdir()
    for path in inputs_dir.glob("*.txt"):
        (plain / path.name).write_bytes(path.read_bytes())
    from_folder = report_to_dict(dedup.scan(plain, jobs=1))
    from_dataset = report_to_dict(dedup.scan(write_dataset(inputs_dir, tmp_path / "ds"), jobs=1,
                                             input_format="jsonl", id_field="doc_id",
                                             text_field="body"))
    def spans(report: dict) -> list:  # type: ignore[type-arg]
        return [[(m["start"], m["end"], m["fidelity"]) for m in c["members"]]
                for c in report["clusters"]]
    assert len(from_folder["clusters"]) > 10
    assert spans(from_dataset) == spans(from_folder)


def test_cli_reads_a_jsonl_dataset(inputs_dir: Path, tmp_path: Path) -> None:
    folder = write_dataset(inputs_dir, tmp_path / "ds")
    result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"),
                                       "--input-format", "jsonl", "--id-field", "doc_id",
                                       "--text-field", "body", "--quiet"])
    assert result.exit_code == 3, result.output  # some records skipped
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 5
    assert len(report["skipped"]) == 3


def test_record_fields_for_a_folder_are_a_usage_error(inputs_dir: Path, tmp_path: Path) -> None:
    # --text-field body on a folder of .jsonl files was ignored: each record
    # was skipped, "no 'text' field", as if the option had not been given.
    folder = write_dataset(inputs_dir, tmp_path / "ds")
    result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"),
                                       "--id-field", "doc_id", "--text-field", "body", "-q"])
    assert result.exit_code == 2
    assert "--input-format jsonl" in result.stderr
    with pytest.raises(dedup.ConfigError, match="id_field and text_field"):
        dedup.scan(folder, text_field="body")


def _clusters_by_text(report: dedup.Report) -> list[list[tuple[str, str, str, float]]]:
    """Each cluster as its members' (role, text, label, fidelity), whatever the documents' ids."""
    roles = {doc.id: doc.role for doc in report.documents}
    return sorted(sorted((roles[m.doc], m.text, m.label, m.fidelity) for m in cluster.members)
                  for cluster in report.clusters)


def test_a_dataset_is_scanned_with_the_record_kept_beside_it(
        inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `dedup scan media.jsonl --input-format jsonl --reference transcripts/`
    # read no transcript: the scan found only the articles' copies of each
    # other. It reads them as the audit does, and finds what the record in
    # the dataset gives.
    folder = write_sample_dataset(inputs_dir, tmp_path / "ds")
    monkeypatch.chdir(folder)  # --reference transcripts/ names the folder as the shell sees it
    fields = {"input_format": "jsonl", "id_field": "doc_id", "text_field": "body"}
    inside = dedup.scan("all.jsonl", jobs=1, **fields)
    beside = dedup.scan("media.jsonl", jobs=1, reference_globs=("transcripts/",), **fields)
    assert beside.stats["reference_documents"] == 3
    assert [doc.path for doc in beside.documents if doc.role == "reference"] == sorted(
        path.name for path in (folder / "transcripts").iterdir())
    assert _clusters_by_text(beside) == _clusters_by_text(inside)
    assert any(role == "reference" for cluster in _clusters_by_text(beside) for role, *_ in cluster)
