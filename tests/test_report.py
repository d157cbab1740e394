from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import dedup
from dedup.models import Cluster, Document, Edit, Member, Report
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
    edits = [{k: e[k] for k in ("op", "source", "variant", "material", "cosmetic")}
             for c in report_to_dict(report)["clusters"] for m in c["members"]
             for e in m["edits"]]
    assert {"op": "replace", "source": "will", "variant": "would", "material": "modal",
            "cosmetic": False} in edits


def test_edit_offsets_slice_the_edited_words(report: Report) -> None:
    for cluster in report_to_dict(report)["clusters"]:
        canonical = cluster["members"][cluster["canonical"]]["text"]
        for member in cluster["members"]:
            for edit in member["edits"]:
                source = canonical[edit["source_start"]:edit["source_end"]]
                variant = member["text"][edit["variant_start"]:edit["variant_end"]]
                # The slice runs from the edit's first word to its last.
                assert source.startswith(edit["source"].split(" ")[0])
                assert source.endswith(edit["source"].split(" ")[-1])
                assert variant.startswith(edit["variant"].split(" ")[0])
                assert variant.endswith(edit["variant"].split(" ")[-1])
                assert (source == "") == (edit["op"] == "insert")
                assert (variant == "") == (edit["op"] == "delete")


def test_member_line_is_the_line_its_start_is_on(report: Report) -> None:
    texts = {d.id: d.text for d in report.documents}
    for cluster in report_to_dict(report)["clusters"]:
        for member in cluster["members"]:
            lines = texts[member["doc"]].split("\n")
            line = lines[member["line"] - 1]
            assert member["text"].split("\n")[0] in line


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_member_line_counts_every_kind_of_line_break(tmp_path: Path, line_end: str,
                                                     report: Report) -> None:
    from conftest import copy_with_line_ends

    copied = report_to_dict(dedup.scan(copy_with_line_ends(tmp_path / "c", line_end)))
    lines = [m["line"] for c in copied["clusters"] for m in c["members"]]
    assert lines == [m["line"] for c in report_to_dict(report)["clusters"] for m in c["members"]]
    assert max(lines) > 1


def test_write_json_round_trips(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_json(report, target)
    assert json.loads(target.read_text(encoding="utf-8")) == report_to_dict(report)


def test_report_json_streams_the_bytes_of_one_json_dump(
    report: Report, inputs_dir: Path, tmp_path: Path
) -> None:
    audit = dedup.audit(inputs_dir)  # clusters empty, quotes not: both list shapes
    for each in (report, audit):
        whole = json.dumps(report_to_dict(each), ensure_ascii=False, indent=2) + "\n"
        target = tmp_path / "report.json"
        write_json(each, target)
        assert target.read_text(encoding="utf-8") == whole
    assert report.clusters and audit.quotes and not audit.clusters


def test_report_json_writes_awkward_values_as_json_dump_does(tmp_path: Path) -> None:
    text = 'He said "no" \\ then\n\tleft\u2028 \x07 caf\u00e9 \u2019 \U0001f600 end.'
    documents = (Document("d1", "a\n\"b\".txt", text, title=None, outlet="\u00e9\x00"),
                 Document("d2", "b.txt", text, role="reference", date="2024"))
    edits = (Edit("replace", "\"no\"", "n\u00f6", "negation", source_start=8,
                  source_end=12),
             Edit("delete", "then", "", None, False, True, 0, 4, None, None))
    members = (Member("d1", 0, len(text), text),
               Member("d2", 3, 9, text[3:9], 0.3333, "altered", edits, True),
               Member("d2", 0, 2, text[0:2], 0.0, "paraphrase"))
    report = Report({"threshold": 0.5}, documents,
                    (Cluster("c1", 0, members, True), Cluster("c2", 1, members[:2])))
    whole = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    target = tmp_path / "report.json"
    write_json(report, target)
    assert target.read_text(encoding="utf-8") == whole


class _Offset(int):
    """An int that is not exactly ``int``: ``json.dumps`` writes it with ``int.__repr__``."""

    def __repr__(self) -> str:
        return "Offset()"


def test_report_json_writes_values_of_unusual_types_as_json_dump_does(tmp_path: Path) -> None:
    # The one-format-per-member path takes only the usual types; these take the generic one.
    text = "Caf\u00e9 \"x\" said no.\nThen \\ left."
    documents = (Document('d"1', "a.txt", text), Document("d\u00e92", "b.txt", text))
    edits = (Edit("replace", "no", "n\u00f6", None, True, False, 8.0, 10, None, _Offset(2)),
             Edit("delete", "x", "", "negation", False, True, _Offset(1), None, 3, 4))
    members = (Member('d"1', 0, len(text), text, float("nan"), "verbatim", edits),
               Member("d\u00e92", _Offset(3), 9.0, text[3:9], float("inf"), "altered"),  # type: ignore[arg-type]
               Member('d"1', 0, 2, text[0:2], 1, "paraphrase", edits[1:], True),
               Member("d\u00e92", 20, 25, text[20:25], -0.0, "altered", (), False))
    report = Report({"threshold": 0.5}, documents,
                    (Cluster("c1", 0, members, True), Cluster("c\u00e92", _Offset(1), members[1:])))
    whole = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    target = tmp_path / "report.json"
    write_json(report, target)
    assert target.read_text(encoding="utf-8") == whole
    assert "NaN" in whole and "Infinity" in whole and "8.0" in whole and "-0.0" in whole


def test_report_failing_midway_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")

    def pieces():  # type: ignore[no-untyped-def]
        yield "{"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_failed_write_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.skipif(not Path("/proc/self/status").exists()
                    or "Umask:" not in Path("/proc/self/status").read_text(encoding="ascii"),
                    reason="the kernel does not tell the umask")
def test_permissions_are_read_without_setting_the_umask(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Setting the umask to read it changes it for every thread for a moment.
    set_umask = os.umask
    before = set_umask(0o027)
    try:
        def refuse(mask: int) -> int:
            raise AssertionError("the umask was set")

        monkeypatch.setattr(os, "umask", refuse)
        write_atomic(tmp_path / "report.json", "{}")
    finally:
        monkeypatch.undo()
        set_umask(before)
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o640


def test_written_report_is_readable_like_any_new_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, "{}")
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
