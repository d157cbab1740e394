from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedup
from dedup.models import Report
from dedup.report import SCHEMA, report_to_dict, write_atomic, write_json


@pytest.fixture(scope="module")
def report(inputs_dir: Path) -> Report:
    return dedup.scan(inputs_dir)


def test_report_has_the_schema_fields(report: Report) -> None:
    data = report_to_dict(report)
    assert list(data) == ["schema", "tool", "settings", "documents", "clusters", "quotes",
                          "skipped", "stats"]
    assert data["quotes"] == []
    assert data["schema"] == SCHEMA
    assert set(data["documents"][0]) >= {"id", "path", "role", "title", "outlet", "date",
                                         "encoding", "sha256"}
    member = data["clusters"][0]["members"][0]
    assert set(member) >= {"doc", "start", "end", "text", "fidelity", "label", "edits"}


def test_settings_record_every_option_that_shaped_the_result(report: Report) -> None:
    settings = report_to_dict(report)["settings"]
    assert settings["segmenter"] == "trained"
    assert settings["manifest"] == "manifest.csv"
    assert {"shingle_size", "num_perm", "threshold", "seed", "min_words"} <= set(settings)


def test_material_edit_is_reported_with_its_kind(report: Report) -> None:
    edits = [e for c in report_to_dict(report)["clusters"] for m in c["members"]
             for e in m["edits"]]
    assert {"op": "replace", "source": "will", "variant": "would", "material": "modal",
            "cosmetic": False} in edits


def test_write_json_round_trips(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_json(report, target)
    assert json.loads(target.read_text(encoding="utf-8")) == report_to_dict(report)


def test_failed_write_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
