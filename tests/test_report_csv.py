from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_with_line_ends, input_path, write_hostile_corpus

import dedup
from dedup.report import render_csv, report_to_dict
from dedup.report.csv_writer import COLUMNS


@pytest.fixture(scope="module")
def data(inputs_dir: Path) -> dict[str, Any]:
    return report_to_dict(dedup.scan(inputs_dir))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_member_with_its_exact_text(data: dict[str, Any]) -> None:
    rows = _rows(render_csv(data))
    members = [(c["id"], m) for c in data["clusters"] for m in c["members"]]
    assert len(rows) == len(members)
    for row, (cluster, member) in zip(rows, members, strict=True):
        assert (row["cluster"], row["doc"], row["text"]) == (cluster, member["doc"],
                                                              member["text"])
        assert (int(row["start"]), int(row["end"]), int(row["line"])) == (
            member["start"], member["end"], member["line"])


def test_header_and_original_flag(data: dict[str, Any]) -> None:
    rows = _rows(render_csv(data))
    assert list(rows[0]) == list(COLUMNS)
    assert sum(r["original"] == "yes" for r in rows) == len(data["clusters"])


def test_modal_edit_row(data: dict[str, Any]) -> None:
    rows = [r for r in _rows(render_csv(data)) if r["material"] == "modal" and r["cluster"] ==
            "c17"]
    assert [r["edits"] for r in rows] == ["will -> would [modal]"] * 2
    assert {r["label"] for r in rows} == {"altered"}
    assert {r["path"] for r in rows} == {"002_nato_summit_2022-03-24_news_snippets.txt"}


def test_cells_never_start_a_spreadsheet_formula(tmp_path: Path) -> None:
    data = report_to_dict(dedup.scan(write_hostile_corpus(tmp_path / "c")))
    data["documents"][0]["outlet"] = "=HYPERLINK(\"http://x\")"
    rows = _rows(render_csv(data))
    assert rows[0]["outlet"] == "'=HYPERLINK(\"http://x\")"
    assert "<script>" in rows[0]["text"]


def test_written_file_is_the_rendered_text_a_cluster_at_a_time(data: dict[str, Any],
                                                                tmp_path: Path) -> None:
    from dedup.report.csv_writer import csv_chunks, write_csv

    chunks = list(csv_chunks(data))
    assert len(chunks) == len(data["clusters"]) + 1  # the header, then each cluster's rows
    assert all(chunk.endswith("\n") for chunk in chunks)
    write_csv(data, tmp_path / "clusters.csv")
    with open(tmp_path / "clusters.csv", encoding="utf-8", newline="") as written:
        assert written.read() == render_csv(data)


def test_text_with_old_mac_line_ends_stays_in_its_row(tmp_path: Path) -> None:
    # Python 3.11's writer leaves a lone "\r" unquoted when rows end in "\n".
    data = report_to_dict(dedup.scan(copy_with_line_ends(tmp_path / "cr", "\r")))
    members = [m for c in data["clusters"] for m in c["members"]]
    assert any("\r" in m["text"] for m in members)
    rows = _rows(render_csv(data))
    assert [row["text"] for row in rows] == [m["text"] for m in members]
    assert all(None not in row and len(row) == len(COLUMNS) for row in rows)


def test_a_version_in_the_originals_document_is_told_apart_by_its_line(tmp_path: Path) -> None:
    # One page holds 004's opening as prepared, then as delivered, where one
    # word differs. The paper quotes the delivered words: its row names the
    # page for both the original and the version it is measured against,
    # and only the line says which.
    delivered = input_path("004").read_text(encoding="utf-8")
    spoken = delivered[delivered.index("Good afternoon.") : delivered.index("With that, I am")]
    written = spoken.replace("remains serious.", "remains difficult.")
    (tmp_path / "remarks.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg\n\nAS PREPARED FOR "
        f"DELIVERY\n\n{written}\nAS DELIVERED\n\n{spoken}", encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "BRUSSELS (Wire) - “The situation on the battlefield remains serious,” Jens "
        "Stoltenberg told reporters.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,role\nremarks.txt,reference\narticle.txt,media\n", encoding="utf-8")
    rows = _rows(render_csv(report_to_dict(dedup.scan(tmp_path))))
    (copy,) = [row for row in rows if row["path"] == "article.txt"]
    cluster = [row for row in rows if row["cluster"] == copy["cluster"]]
    (original,) = [row for row in cluster if row["original"] == "yes"]
    (version,) = [row for row in cluster if row["path"] == "remarks.txt"
                  and row["original"] == "no" and "serious" in row["text"]]
    assert "difficult" in original["text"]
    assert (copy["label"], copy["against"]) == ("verbatim", original["doc"])
    assert copy["against_line"] == version["line"] != original["line"]
