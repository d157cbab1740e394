"""The Spark engine gives the local engine's report (run on Spark in local mode).

Skipped, saying why, when pyspark or Java is missing.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_dataset, write_sample_dataset, write_syndicated

import dedup
from dedup.cli import main
from dedup.report.json_writer import report_to_dict


def _java() -> bool:
    java = shutil.which("java", path=os.path.join(os.environ.get("JAVA_HOME", ""), "bin")) \
        or shutil.which("java")
    return java is not None and subprocess.run([java, "-version"], capture_output=True,
                                               check=False).returncode == 0


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One local Spark session for the whole module (it takes many seconds to start)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed: pip install '.[spark]'")
    if not _java():
        pytest.skip("no Java runtime (Spark needs Java 17+): apt-get install -y default-jre")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("dedup-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.ui.showConsoleProgress", "false")
               .getOrCreate())
    yield session
    session.stop()


def _generated(inputs: Path, folder: Path) -> Path:
    """A corpus cut from ``inputs/``: paragraphs reshuffled into new documents, some edited."""
    rng = random.Random(11)
    paragraphs = [p.strip() for path in sorted(inputs.glob("*.txt"))
                  for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    folder.mkdir()
    for number in range(24):
        chosen = rng.sample(paragraphs, 6)
        if number % 3 == 0:  # edit one word in ten: variants, not only exact copies
            words = " ".join(chosen).split(" ")
            for at in rng.sample(range(len(words)), len(words) // 10):
                words[at] = rng.choice(words)
            chosen = [" ".join(words)]
        (folder / f"gen_{number:02d}.txt").write_text("\n\n".join(chosen) + "\n", encoding="utf-8")
    return folder


def test_spark_report_equals_local_on_inputs(spark: object, inputs_dir: Path) -> None:
    local = report_to_dict(dedup.scan(inputs_dir, jobs=1))
    distributed = report_to_dict(dedup.scan(inputs_dir, engine="spark"))
    assert local["clusters"], "the sample corpus has clusters to compare"
    assert distributed == local


def test_spark_report_equals_local_on_several_folders_and_files(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    archive, today = tmp_path / "archive", tmp_path / "today"
    archive.mkdir()
    today.mkdir()
    for path in inputs_dir.glob("*.txt"):
        shutil.copy(path, (archive if "transcript" in path.name else today) / path.name)
    inputs = [today / "001_sofia_globe_2022-04-05_article.txt", archive]
    local = report_to_dict(dedup.scan(inputs, jobs=1, reference_globs=("archive/*",)))
    distributed = report_to_dict(dedup.scan(inputs, engine="spark",
                                            reference_globs=("archive/*",)))
    assert [d["path"].split("/")[0] for d in local["documents"]] == ["archive"] * 3 + ["today"]
    assert local["clusters"]
    assert distributed == local


def test_spark_report_equals_local_on_generated_corpus(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    folder = _generated(inputs_dir, tmp_path / "generated")
    local = report_to_dict(dedup.scan(folder, jobs=2))
    distributed = report_to_dict(dedup.scan(folder, engine="spark"))
    assert len(local["clusters"]) > 20
    assert any(m.get("label") not in (None, "verbatim")
               for c in local["clusters"] for m in c["members"])
    assert distributed == local


def test_spark_marks_formulas_as_the_local_engine_does(spark: object, tmp_path: Path) -> None:
    from conftest import write_formula, write_story_quoted

    folder = write_formula(write_story_quoted(tmp_path / "both"))
    local = report_to_dict(dedup.scan(folder, jobs=1))
    distributed = report_to_dict(dedup.scan(folder, engine="spark"))
    # One short line of a story, one formula: the mark needs every cluster.
    assert sorted(c["boilerplate"] for c in local["clusters"]
                  if len(c["members"][c["canonical"]]["text"].split()) < 8) == [False, True]
    assert distributed == local



def test_spark_marks_templates_as_the_local_engine_does(spark: object, tmp_path: Path) -> None:
    from conftest import write_wire_stories

    folder = write_wire_stories(tmp_path / "wire")
    local = report_to_dict(dedup.scan(folder, jobs=1))
    distributed = report_to_dict(dedup.scan(folder, engine="spark"))
    # The feed's header line, filled in with each story's time and catchline.
    assert [c["boilerplate"] for c in local["clusters"]] == [True]
    assert distributed == local

@pytest.mark.parametrize("command", ["scan", "audit"])
def test_master_without_spark_engine_is_a_one_line_error(inputs_dir: Path, tmp_path: Path,
                                                         command: str) -> None:
    result = CliRunner().invoke(main, [command, str(inputs_dir), "--out", str(tmp_path),
                                       "--master", "local[2]"])
    assert result.exit_code != 0
    assert "--engine spark" in result.output


def test_check_takes_no_engine(inputs_dir: Path) -> None:
    # One quotation: no engine but this machine's.
    result = CliRunner().invoke(main, ["check", "We now see a movement of troops",
                                       str(inputs_dir), "--engine", "spark"])
    assert result.exit_code == 2
    assert "No such option '--engine'" in result.output


@pytest.mark.parametrize("command", ["scan", "audit"])
def test_without_pyspark_engine_spark_says_how_to_install(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import fails as if not installed
    result = CliRunner().invoke(main, [command, str(inputs_dir), "--out", str(tmp_path),
                                       "--engine", "spark", "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: the spark engine needs pyspark and Java 17+: pip install 'dedup[spark]'"]


@pytest.mark.parametrize("java_home", ["missing", None])
def test_without_java_engine_spark_says_java_is_missing(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, java_home: str | None
) -> None:
    pyspark_sql = pytest.importorskip("pyspark.sql")
    # As if no session of this process had started (the module's fixture may have).
    monkeypatch.setattr(pyspark_sql.SparkSession, "getActiveSession", staticmethod(lambda: None))
    monkeypatch.delenv("PYSPARK_GATEWAY_PORT", raising=False)
    if java_home is None:
        monkeypatch.delenv("JAVA_HOME", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
        where = "no java on the PATH and JAVA_HOME is not set"
    else:
        monkeypatch.setenv("JAVA_HOME", str(tmp_path / java_home))
        where = f"JAVA_HOME is {tmp_path / java_home}, which has no bin/java"
    result = CliRunner().invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path / "out"),
                                       "--engine", "spark", "--quiet"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot start Spark: {where}; the spark engine needs Java 17+ "
        "(set JAVA_HOME to its folder, or put java on the PATH)"]
    assert not (tmp_path / "out" / "report.json").exists()


def test_spark_report_equals_local_when_a_passage_repeats_many_times(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "repeats"
    folder.mkdir()
    sentence = ("Mr Stoltenberg tweeted on Thursday that he is “honoured” by the decision "
                "of Nato leaders “to extend my term as Secretary General until 30 September 2023″.")
    (folder / "snippets.txt").write_text("\n\n".join([sentence] * 40) + "\n", encoding="utf-8")
    local = report_to_dict(dedup.scan(folder, jobs=1))
    distributed = report_to_dict(dedup.scan(folder, engine="spark"))
    assert len(local["clusters"][0]["members"]) == 40  # joined through the hubs
    assert distributed == local


def test_spark_report_equals_local_when_a_story_is_in_many_papers(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    # Buckets of more than FULL_BUCKET near-identical rows, paired through
    # their hubs (test_pipeline shows that this corpus has them).
    folder = write_syndicated(inputs_dir, tmp_path / "wire", 150)
    local = report_to_dict(dedup.scan(folder, jobs=2))
    distributed = report_to_dict(dedup.scan(folder, engine="spark"))
    assert distributed == local


def test_spark_reads_a_jsonl_dataset_as_the_local_engine_does(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    folder = write_dataset(inputs_dir, tmp_path / "ds")
    fields = {"input_format": "jsonl", "id_field": "doc_id", "text_field": "body"}
    local = report_to_dict(dedup.scan(folder, jobs=1, **fields))
    assert local["clusters"] and local["skipped"]
    assert report_to_dict(dedup.scan(folder, engine="spark", **fields)) == local


def test_spark_scans_a_dataset_with_the_record_beside_it_as_the_local_engine_does(
    spark: object, inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_sample_dataset(inputs_dir, tmp_path / "ds")
    monkeypatch.chdir(folder)  # --reference transcripts/ names the folder as the shell sees it
    options = {"input_format": "jsonl", "id_field": "doc_id", "text_field": "body",
               "reference_globs": ("transcripts/",)}
    local = report_to_dict(dedup.scan("media.jsonl", jobs=1, **options))
    assert local["stats"]["reference_documents"] == 3
    assert report_to_dict(dedup.scan("media.jsonl", engine="spark", **options)) == local


def test_spark_reads_a_jsonl_dataset_whose_names_hadoop_would_misread(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    # A folder named like a glob pattern, a part file with a colon, and a
    # dataset file named like a marker: Hadoop's paths fail on each.
    folder = write_dataset(inputs_dir, tmp_path / "ds [1]")
    (folder / "part-1.jsonl").rename(folder / "part:1.jsonl")
    shutil.copy(folder / "part:1.jsonl", tmp_path / "_single.jsonl")
    fields = {"input_format": "jsonl", "id_field": "doc_id", "text_field": "body"}
    for path in (folder, tmp_path / "_single.jsonl"):
        local = report_to_dict(dedup.scan(path, jobs=1, **fields))
        assert local["clusters"]
        assert report_to_dict(dedup.scan(path, engine="spark", **fields)) == local


def test_spark_reads_a_relative_dataset_path_after_the_working_folder_changed(
    spark: Any, inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.engines.spark_io import read_dataset
    from dedup.ingest.dataset import Dataset

    folder = write_dataset(inputs_dir, tmp_path / "ds")
    records = [json.loads(line) for path in sorted(folder.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{\"")]
    unique = {row["doc_id"]: row for row in records if "body" in row}
    spark.createDataFrame(list(unique.values())).write.parquet(str(tmp_path / "parquet"))
    # The session started elsewhere: a notebook, or a test, changes folder after.
    monkeypatch.chdir(tmp_path)
    for name, kind in (("ds", "jsonl"), ("parquet", "parquet")):
        texts, skipped = read_dataset(spark, Path(name), Dataset(kind, "doc_id", "body"), 2)
        assert [text.path for _, text in sorted(texts.collect(), key=lambda kv: kv[0])] == sorted(
            unique)
        assert not [item for item in skipped if "cannot be read" in item.reason]


def test_spark_reads_a_parquet_dataset(spark: Any, inputs_dir: Path, tmp_path: Path) -> None:
    folder = write_dataset(inputs_dir, tmp_path / "ds")
    fields = {"id_field": "doc_id", "text_field": "body"}
    local = report_to_dict(dedup.scan(folder, jobs=1, input_format="jsonl", **fields))
    rows = [json.loads(line) for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{\"")]
    unique = {row["doc_id"]: row for row in rows if "body" in row}
    spark.createDataFrame(list(unique.values())).repartition(3).write.parquet(
        str(tmp_path / "parquet"))
    distributed = report_to_dict(dedup.scan(tmp_path / "parquet", engine="spark",
                                            input_format="parquet", **fields))
    assert distributed["skipped"] == []
    assert distributed["documents"] == local["documents"]
    assert distributed["clusters"] == local["clusters"]


def test_cli_spark_writes_the_report_json_and_cluster_files_the_local_engine_writes(
    spark: Any, inputs_dir: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    for engine, out_format in (("local", "jsonl"), ("spark", "jsonl"), ("spark", "parquet")):
        out = tmp_path / f"{engine}-{out_format}"
        result = runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "--quiet",
                                      "--engine", engine, "--out-format", out_format])
        assert result.exit_code == 0, result.output
    local = (tmp_path / "local-jsonl" / "clusters" / "part-00000.jsonl").read_text(
        encoding="utf-8")
    parts = sorted((tmp_path / "spark-jsonl" / "clusters").glob("part-*"))
    assert len(parts) == 2  # one per partition of local[2]
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == local
    table = spark.read.parquet(str(tmp_path / "spark-parquet" / "clusters"))
    rows = sorted((row.asDict(recursive=True) for row in table.collect()),
                  key=lambda row: int(row["id"][1:]))  # Spark reads part files in any order
    assert rows == [json.loads(line) for line in local.splitlines()]
    assert not [p for p in tmp_path.glob("*/clusters.*") if p.is_dir()]  # no temporary left
    report = (tmp_path / "local-jsonl" / "report.json").read_bytes()
    assert (tmp_path / "spark-jsonl" / "report.json").read_bytes() == report
    assert (tmp_path / "spark-parquet" / "report.json").read_bytes() == report


def test_cli_spark_writes_cluster_files_into_a_relative_out_with_a_colon(
    spark: Any, inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # "run:1/clusters" is no URI of scheme "run"
    runner = CliRunner()
    for engine, out in (("local", "local"), ("spark", "run:1")):
        result = runner.invoke(main, ["scan", str(inputs_dir), "--out", out, "--quiet",
                                      "--engine", engine, "--out-format", "jsonl"])
        assert result.exit_code == 0, result.output
    parts = sorted((tmp_path / "run:1" / "clusters").glob("part-*"))
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == (
        tmp_path / "local" / "clusters" / "part-00000.jsonl").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local", "run:1"]
    assert not [p for p in (tmp_path / "run:1").iterdir() if ".tmp" in p.name]


def _small_documents(inputs: Path, path: Path, count: int) -> Path:
    """``count`` short documents cut from ``inputs/`` as a JSONL dataset, some sharing passages.

    Each document is two to four sentences of 8-14 consecutive words of the
    sample texts with four words in ten replaced (so they rarely match one
    another); one in seven also takes one or two sentences of an earlier
    document, half of them with a word or so edited: clusters of copies and
    of altered copies.
    """
    rng = random.Random(5)
    stream = [word for text in sorted(inputs.glob("*.txt"))
              for word in text.read_text(encoding="utf-8").split() if word.isalpha()]
    words = sorted(set(stream))

    def edited(sentence: str, share: float) -> str:
        tokens = sentence.split()
        for at in rng.sample(range(len(tokens)), max(1, int(len(tokens) * share))):
            tokens[at] = rng.choice(words)
        return " ".join(tokens)

    def cut() -> str:
        at = rng.randrange(len(stream) - 20)
        return " ".join(stream[at : at + rng.randint(8, 14)]).capitalize() + "."

    documents: list[list[str]] = []
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            sentences = [edited(cut(), 0.4) for _ in range(rng.randint(2, 4))]
            if documents and rng.random() < 0.15:
                source = rng.choice(documents)
                first = rng.randrange(len(source))
                copied = [s if rng.random() < 0.5 else edited(s, 0.08)
                          for s in source[first : first + rng.randint(1, 2)]]
                at = rng.randint(0, len(sentences))
                sentences[at:at] = copied
            documents.append(sentences)
            out.write(json.dumps({"id": f"doc{number:05d}", "text": " ".join(sentences)}) + "\n")
    return path


def test_spark_equals_local_on_20000_generated_documents(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    dataset = _small_documents(inputs_dir, tmp_path / "small.jsonl", 20_000)
    local = report_to_dict(dedup.scan(dataset, input_format="jsonl", jobs=2))
    assert len(local["documents"]) == 20_000
    assert len(local["clusters"]) > 1000
    labels = {m["label"] for c in local["clusters"] for m in c["members"]}
    assert {"verbatim", "altered"} <= labels
    distributed = report_to_dict(dedup.scan(dataset, input_format="jsonl", engine="spark"))
    assert distributed["clusters"] == local["clusters"]  # members, canonical, fidelity, ids
    assert distributed == local


def _audit_files(out: Path) -> tuple[bytes, bytes]:
    """The audit's report.json and quotes.csv as written."""
    return (out / "report.json").read_bytes(), (out / "quotes.csv").read_bytes()


def test_cli_spark_audit_writes_the_report_json_and_quotes_csv_the_local_engine_writes(
    spark: object, inputs_dir: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    for engine in ("local", "spark"):
        result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path / engine),
                                      "--quiet", "--engine", engine])
        assert result.exit_code == 0, result.output
        assert "Audited 49 quotations in 2 media documents" in result.output
    local = _audit_files(tmp_path / "local")
    assert b"verbatim" in local[1] and b"cosmetic" in local[1]
    assert _audit_files(tmp_path / "spark") == local


def test_spark_audits_a_jsonl_or_parquet_dataset_as_the_local_engine_does(
    spark: Any, inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_sample_dataset(inputs_dir, tmp_path / "ds")
    monkeypatch.chdir(folder)  # --reference transcripts/ names the folder as the shell sees it
    fields = {"input_format": "jsonl", "id_field": "doc_id", "text_field": "body"}
    # The record in the dataset (role reference), or beside it (--reference PATH).
    for dataset, globs in (("all.jsonl", ()), ("media.jsonl", ("transcripts/",))):
        local = report_to_dict(dedup.audit(dataset, jobs=1, reference_globs=globs, **fields))
        assert local["stats"]["reference_documents"] == 3
        assert local["stats"]["labels"] == {"cosmetic": 4, "unsourced": 43, "verbatim": 2}
        assert report_to_dict(dedup.audit(dataset, engine="spark", reference_globs=globs,
                                          **fields)) == local
    rows = [json.loads(line) for line in (folder / "all.jsonl").read_text(
        encoding="utf-8").splitlines()]
    spark.createDataFrame([{"role": "media", **row} for row in rows]).repartition(2).write.parquet(
        str(folder / "parquet"))
    distributed = report_to_dict(dedup.audit("parquet", engine="spark", **{
        **fields, "input_format": "parquet"}))
    assert distributed == report_to_dict(dedup.audit("all.jsonl", jobs=1, **fields))


def _quoting(inputs: Path, path: Path, count: int) -> Path:
    """``count`` short news items quoting the sample's transcripts, as a JSONL dataset.

    Each quotes one to three sentences of a transcript, said by the
    Secretary General: most word for word, some with a word changed or left
    out, some cut with an ellipsis, some attributed to the wrong speaker,
    some words no transcript has. The transcripts are records with the role
    reference, among the news items.
    """
    rng = random.Random(7)
    transcripts = sorted(inputs.glob("*transcript*.txt"))
    sentences = [s for path in transcripts
                 for s in re.split(r"(?<=[.!?])\s+", " ".join(path.read_text(
                     encoding="utf-8").split()))
                 if 8 <= len(s.split()) <= 40 and "“" not in s and '"' not in s]
    invented = ["We will never accept a deal that leaves our partners without support.",
                "The talks were frank and the mood was better than expected."]
    records = [{"id": f"ref-{path.stem}", "text": path.read_text(encoding="utf-8"),
                "role": "reference"} for path in transcripts]
    for number in range(count):
        quoted = " ".join(rng.sample(sentences, rng.randint(1, 2)))
        words = quoted.split()
        kind = number % 6
        if kind == 1:  # a word changed
            words[rng.randrange(len(words))] = rng.choice(["not", "never", "would", "many"])
        elif kind == 2:  # a word left out
            del words[rng.randrange(1, len(words))]
        elif kind == 3 and len(words) > 12:  # an ellipsis
            words[5:9] = ["..."]
        quoted = " ".join(words)
        speaker = "Vladimir Putin" if kind == 4 else "Jens Stoltenberg"
        if kind == 5:
            quoted = rng.choice(invented)
        if quoted.endswith("."):  # “...,” he said.
            quoted = quoted[:-1] + ","
        text = (f"Brussels, day {number}. Nato's allies met again this week.\n\n"
                f"“{quoted}” {speaker} told reporters on {rng.choice(['Monday', 'Tuesday'])}.\n\n"
                "Ministers are due to meet again next month.\n")
        records.append({"id": f"news-{number:04d}", "text": text})
    rng.shuffle(records)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_spark_audit_equals_local_on_many_generated_news_items(
    spark: Any, inputs_dir: Path, tmp_path: Path
) -> None:
    dataset = _quoting(inputs_dir, tmp_path / "news.jsonl", 300)
    local = report_to_dict(dedup.audit(dataset, input_format="jsonl", jobs=2))
    assert local["stats"]["media_documents"] == 300
    assert local["stats"]["reference_documents"] == 3
    labels = local["stats"]["labels"]
    assert {"verbatim", "altered", "misattributed", "unsourced"} <= set(labels)
    assert spark.sparkContext.defaultParallelism >= 2  # the items audited in several partitions
    distributed = report_to_dict(dedup.audit(dataset, input_format="jsonl", engine="spark"))
    assert distributed["quotes"] == local["quotes"]  # ids numbered in document order
    assert distributed == local
