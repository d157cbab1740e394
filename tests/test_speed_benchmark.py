"""The speed benchmark's own measuring: a folder of documents, and the scan's peak memory.

The issue's figures are re-measured "on other real corpora" (``--folder``):
the floor, the baseline and the scan must read the folder as ``dedup scan``
does. Each scan runs in a process of its own, whose peak must be its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import dedup
from dedup.ingest import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def test_the_floor_reads_the_files_dedup_reads_and_the_baseline_its_texts(
    speed: ModuleType, inputs_dir: Path, tmp_path: Path,
) -> None:
    transcript, article, snippets = sorted(inputs_dir.glob("*.txt"))[:3]
    (tmp_path / "nested").mkdir()
    shutil.copy(transcript, tmp_path / "nested" / transcript.name)
    shutil.copy(article, tmp_path / article.name)
    paragraphs = [p for p in snippets.read_text("utf-8").split("\n\n") if p.strip()][:3]
    records = "".join(json.dumps({"text": p}) + "\n" for p in paragraphs)
    (tmp_path / "snippets.jsonl").write_text(records, encoding="utf-8")
    (tmp_path / "notes.sgml").write_text("<doc>not a format dedup reads</doc>", "utf-8")

    files, texts = speed.folder_files(tmp_path)

    assert files == [tmp_path / article.name, tmp_path / "nested" / transcript.name,
                     tmp_path / "snippets.jsonl"]
    documents = load_corpus(tmp_path).documents
    assert len(texts) == len(documents) == 2 + len(paragraphs)
    assert texts == [document.text for document in documents]
    assert set(paragraphs) <= set(texts)


def test_a_folder_run_prints_and_writes_the_figures_of_that_folder(
    inputs_dir: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "speed.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--folder", str(inputs_dir),
               "--json", str(out), "--eval", str(tmp_path / "no-eval"), "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    (row,) = json.loads(out.read_text("utf-8"))
    stats = dedup.scan(inputs_dir, jobs=1).stats
    assert row["corpus"] == "folder" and row["folder"] == str(inputs_dir)
    for key in ("sentences", "units", "candidates", "clusters"):
        assert row[key] == stats[key]
    assert row["documents"] == row["files"] == len(list(inputs_dir.glob("*.txt")))
    assert row["baseline"]["sentences"] > 0  # small enough for the baseline to run
    for key in ("dedup_seconds", "floor_seconds", "baseline_seconds", "peak_mb"):
        assert row[key] > 0
    assert {"segment", "shingle", "lsh", "fidelity", "report"} <= set(row["stages"])
    assert f"== {inputs_dir}: {stats['sentences']:,} sentences" in done.stdout
    assert "warm-up scan of the sample corpus" in done.stdout


def test_a_folder_that_is_not_there_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    command = [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--folder", str(missing)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert f"--folder {missing}: not a folder" in done.stderr


def test_a_scan_s_peak_is_its_own_not_the_benchmark_s(inputs_dir: Path) -> None:
    # The benchmark holds its corpus when it starts the scan's process; Linux's
    # ru_maxrss would count those pages in the scan's peak.
    held = 600
    script = (
        "import json, subprocess, sys\n"
        f"held = bytearray({held} << 20)\n"
        "command = [sys.executable, sys.argv[1], '--scan-child', sys.argv[2], '--jobs', '1']\n"
        "print(subprocess.run(command, capture_output=True, text=True, check=True).stdout)\n"
    )
    command = [sys.executable, "-c", script, str(ROOT / "benchmarks" / "speed.py"),
               str(inputs_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    scanned = json.loads(done.stdout)
    assert scanned["stats"]["sentences"] > 0
    assert 0 < scanned["peak_mb"] < held


def test_an_audit_run_prints_and_writes_the_figures_of_the_audit(
    inputs_dir: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "speed.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--audit", str(inputs_dir),
               "--json", str(out), "--eval", str(tmp_path / "no-eval"), "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    (row,) = json.loads(out.read_text("utf-8"))
    stats = dedup.audit(inputs_dir).stats
    assert row["corpus"] == "audit" and row["folder"] == str(inputs_dir)
    for key in ("documents", "reference_documents", "media_documents", "quotes", "labels"):
        assert row[key] == stats[key]
    assert list(row["stages"]) == ["ingest", "segment", "index", "quotes", "report"]
    assert f"{stats['quotes']} quotations" in done.stdout
