from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import dedup
from dedup.cli import main
from dedup.report.cluster_files import ClusterFiles, write_cluster_files
from dedup.report.json_writer import report_to_dict


def test_jsonl_cluster_files_hold_the_clusters_of_report_json(inputs_dir: Path,
                                                              tmp_path: Path) -> None:
    report = dedup.scan(inputs_dir, jobs=1)
    folder = write_cluster_files(report, ClusterFiles(tmp_path / "clusters", "jsonl"))
    lines = (folder / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == report_to_dict(report)["clusters"]
    assert len(lines) > 10


def test_writing_again_replaces_the_whole_folder(inputs_dir: Path, tmp_path: Path) -> None:
    report = dedup.scan(inputs_dir, jobs=1)
    target = ClusterFiles(tmp_path / "clusters", "jsonl")
    write_cluster_files(report, target)
    (target.folder / "part-00001.jsonl").write_text("stale\n", encoding="utf-8")
    write_cluster_files(report, target)
    assert sorted(p.name for p in target.folder.iterdir()) == ["part-00000.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters"]  # no temporary left


def test_cli_out_format_jsonl_writes_clusters_beside_report_json(inputs_dir: Path,
                                                                 tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path),
                                       "--out-format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    lines = (tmp_path / "clusters" / "part-00000.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line) for line in lines.splitlines()] == report["clusters"]


def test_cli_parquet_out_needs_the_spark_engine(inputs_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path),
                                       "--out-format", "parquet", "--quiet"])
    assert result.exit_code == 2  # a usage error
    assert result.output.strip().splitlines()[-1] == (
        "Error: parquet cluster files need the spark engine (--engine spark); "
        "the local engine writes jsonl")
    assert not (tmp_path / "report.json").exists()


def test_a_run_without_cluster_files_removes_an_earlier_runs(inputs_dir: Path,
                                                             tmp_path: Path) -> None:
    # The part files of an earlier --out-format jsonl scan were left beside
    # the next report.json, holding the clusters of another report.
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "--out-format",
                                "jsonl", "-q"]).exit_code == 0
    assert (out / "clusters" / "part-00000.jsonl").is_file()
    result = runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "--min-words",
                                  "12", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == [
        "clusters.csv", "report.html", "report.json", "summary.md"]
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "--out-format",
                                "jsonl", "-q"]).exit_code == 0
    assert runner.invoke(main, ["audit", str(inputs_dir), "--out", str(out), "-q"]).exit_code == 0
    assert not (out / "clusters").exists()
    mine = tmp_path / "mine"  # a clusters folder of anything else, or with no report, is kept
    (mine / "clusters").mkdir(parents=True)
    (mine / "clusters" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(mine), "-q"]).exit_code == 0
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(mine), "-q"]).exit_code == 0
    assert (mine / "clusters" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_line_separator_in_a_passage_does_not_split_its_row(inputs_dir: Path,
                                                              tmp_path: Path) -> None:
    # Text pasted from a word processor holds U+2028, which JSON leaves as it
    # is and str.splitlines ends a line at: the row was cut in two there.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("000", "001"):
        source = next(inputs_dir.glob(f"{name}_*.txt"))
        text = source.read_text(encoding="utf-8").replace("\n", "\u2028")
        (folder / source.name).write_text(text, encoding="utf-8")
    report = dedup.scan(folder, jobs=1)
    assert any("\u2028" in m.text for c in report.clusters for m in c.members)
    parts = write_cluster_files(report, ClusterFiles(tmp_path / "clusters", "jsonl"))
    lines = (parts / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == report_to_dict(report)["clusters"]
