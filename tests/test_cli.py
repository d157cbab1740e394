from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import input_path

from dedup import __version__
from dedup.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for prefix in ("000", "001"):
        shutil.copy(input_path(prefix), folder / input_path(prefix).name)
    return folder


def test_scan_writes_report_and_prints_summary(runner: CliRunner, inputs_dir: Path,
                                               tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["schema"] == "dedup.report/1"
    assert f"Found {len(report['clusters'])} clusters" in result.stdout
    assert result.stderr == ""


def test_progress_goes_to_stderr_not_stdout(runner: CliRunner, small_corpus: Path,
                                            tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path / "out")])
    assert "dedup: segment" in result.stderr
    assert "dedup:" not in result.stdout


def test_reference_glob_makes_the_transcript_canonical(runner: CliRunner, small_corpus: Path,
                                                       tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path), "-q",
                                  "--reference", "000_*"])
    assert result.exit_code == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    reference = [d["id"] for d in report["documents"] if d["role"] == "reference"]
    assert len(reference) == 1
    assert report["clusters"]
    assert all(c["members"][c["canonical"]]["doc"] == reference[0] for c in report["clusters"])


def test_skipped_file_gives_warning_and_exit_code_3(runner: CliRunner, small_corpus: Path,
                                                    tmp_path: Path) -> None:
    (small_corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 3
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: skipped photo.txt: ")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in report["skipped"]] == ["photo.txt"]
    assert len(report["documents"]) == 2


def test_folder_without_readable_documents_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   \n", encoding="utf-8")
    result = runner.invoke(main, ["scan", str(empty), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable documents in {empty}: 1 skipped (the warnings above say why)")


def test_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_bad_threshold_is_a_usage_error(runner: CliRunner, small_corpus: Path) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--threshold", "1.5"])
    assert result.exit_code == 2
    assert "--threshold" in result.stderr


def test_unwritable_output_fails_before_any_work(runner: CliRunner, small_corpus: Path,
                                                 tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write to output folder {blocker / 'out'}")
    assert "dedup: ingest" not in result.stderr


def test_report_is_byte_identical_across_runs(runner: CliRunner, inputs_dir: Path,
                                              tmp_path: Path) -> None:
    for name in ("a", "b"):
        runner.invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path / name), "-q"])
    first = (tmp_path / "a" / "report.json").read_bytes()
    assert first == (tmp_path / "b" / "report.json").read_bytes()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.stdout.strip() == f"dedup, version {__version__}"


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "dedup", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert "scan" in done.stdout


def test_help_and_usage_errors_load_no_pipeline(tmp_path: Path) -> None:
    # NLTK, numba and datasketch take a second or more to import: only a
    # scan or an audit needs them, not ``--help`` or a bad option.
    import subprocess
    import sys

    probe = ("import sys\n"
             "from dedup.cli import main\n"
             "try:\n"
             "    main(sys.argv[1:])\n"
             "except SystemExit as end:\n"
             "    heavy = {'nltk', 'numba', 'datasketch', 'dedup.pipeline'}\n"
             "    print(end.code, sorted(heavy & set(sys.modules)))\n")
    for args in (["--help"], ["scan", "--help"], ["check", "--help"],
                 ["scan", str(tmp_path), "--threshold", "2"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                              text=True, check=True)
        assert done.stdout.splitlines()[-1] in ("0 []", "2 []"), (args, done.stdout)


def test_importing_the_pipeline_leaves_dedup_audit_the_function() -> None:
    # A submodule imported after the package binds its name on it: no
    # module of the pipeline may be called ``audit`` or ``scan``.
    import subprocess
    import sys

    probe = "import dedup, dedup.pipeline; print(dedup.audit.__module__, dedup.scan.__module__)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["dedup", "dedup"]


def test_scan_writes_html_csv_and_markdown_beside_the_json(runner: CliRunner, small_corpus: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["clusters.csv", "report.html",
                                                     "report.json", "summary.md"]
    assert f"Review: {out / 'report.html'}" in result.stdout


def test_report_command_rerenders_from_the_json_alone(runner: CliRunner, small_corpus: Path,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "--quiet"])
    shutil.rmtree(small_corpus)
    target = tmp_path / "again" / "page.html"
    result = runner.invoke(main, ["report", str(out / "report.json"), "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (out / "report.html").read_bytes()
    assert result.stdout == f"Wrote {target}\n"


def test_report_command_without_options_writes_all_three(runner: CliRunner, small_corpus: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "--quiet"])
    for name in ("report.html", "clusters.csv", "summary.md"):
        (out / name).unlink()
    result = runner.invoke(main, ["report", str(out / "report.json")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["clusters.csv", "report.html",
                                                     "report.json", "summary.md"]


@pytest.mark.parametrize(
    ("command", "findings", "option", "card"),
    [
        ("scan", "clusters", "--max-clusters", '<article class="card cluster"'),
        ("audit", "quotes", "--max-quotations", '<article class="card quote item"'),
        ("scan", "documents", "--max-rows", "<tr><td>"),  # a row of the documents table
    ],
)
def test_report_command_caps_the_page(runner: CliRunner, small_corpus: Path, tmp_path: Path,
                                      command: str, findings: str, option: str,
                                      card: str) -> None:
    out = tmp_path / "out"
    runner.invoke(main, [command, str(small_corpus), "--out", str(out), "--quiet"])
    total = len(json.loads((out / "report.json").read_text(encoding="utf-8"))[findings])
    assert total > 1
    for limit, shown in (("1", 1), ("0", total)):
        page = tmp_path / f"page{limit}.html"
        result = runner.invoke(main, ["report", str(out / "report.json"), "--html", str(page),
                                      option, limit])
        assert result.exit_code == 0, result.output
        assert page.read_text(encoding="utf-8").count(card) == shown


def test_report_command_never_writes_over_the_report_it_renders(
        runner: CliRunner, small_corpus: Path, tmp_path: Path) -> None:
    # "--csv report.json" replaced the report with its own CSV.
    out = tmp_path / "out"
    runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "--quiet"])
    before = (out / "report.json").read_bytes()
    result = runner.invoke(main, ["report", str(out / "report.json"),
                                  "--csv", str(out / "." / "report.json")])
    assert result.exit_code == 2
    assert "--csv" in result.stderr and "REPORT" in result.stderr
    assert (out / "report.json").read_bytes() == before
    page = tmp_path / "page"
    result = runner.invoke(main, ["report", str(out / "report.json"), "--html", str(page),
                                  "--markdown", str(page)])
    assert result.exit_code == 2
    assert "--markdown" in result.stderr and "--html" in result.stderr
    assert not page.exists()


def test_report_command_rejects_a_file_that_is_not_a_report(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"name": "x"}', encoding="utf-8")
    result = runner.invoke(main, ["report", str(other), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {other} is not a dedup report (schema None); "
                             "pass the report.json that dedup scan wrote\n")
    assert not (tmp_path / "r.html").exists()


def test_report_command_refuses_a_report_of_another_schema_version(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "-q"]).exit_code == 0
    newer = out / "report.json"
    newer.write_text(newer.read_text(encoding="utf-8").replace(
        '"schema": "dedup.report/1"', '"schema": "dedup.report/9"', 1), encoding="utf-8")
    result = runner.invoke(main, ["report", str(newer), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {newer} is a dedup.report/9 report; this dedup ")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("given", "limit"),
    [
        pytest.param("900", "900", id="bytes"),
        pytest.param("1.5K", "1,500", id="kilo"),
        pytest.param("2kb", "2,000", id="lower-case-with-b"),
    ],
)
def test_max_file_size_accepts_bytes_and_suffixes(runner: CliRunner, small_corpus: Path,
                                                  tmp_path: Path, given: str,
                                                  limit: str) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path), "-q",
                                  "--max-file-size", given])
    assert result.exit_code == 1  # both sample files are larger than 2 KB
    assert f"larger than --max-file-size {limit}" in result.stderr


def test_max_file_size_default_is_the_config_default(runner: CliRunner) -> None:
    from dedup.cli import scan_command
    from dedup.config import ScanConfig

    option = next(p for p in scan_command.params if p.name == "max_file_size")
    ctx = click.Context(scan_command)
    assert option.process_value(ctx, option.default) == ScanConfig().max_file_size


@pytest.mark.parametrize("given", ["big", "inf", "1e400", "nan"])
def test_bad_max_file_size_is_a_usage_error(runner: CliRunner, small_corpus: Path,
                                            given: str) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--max-file-size", given])
    assert result.exit_code == 2
    assert f"{given!r} is not a size" in result.stderr


@pytest.mark.parametrize("seed", ["-5", "4294967296"])
def test_seed_out_of_range_is_a_usage_error(runner: CliRunner, small_corpus: Path,
                                            seed: str) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--seed", seed])
    assert result.exit_code == 2
    assert "--seed" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("threshold", "num_perm"), [("1", "128"), ("0.999", "128"),
                                                     ("0.97", "16")])
def test_threshold_too_close_to_one_for_lsh_is_a_usage_error(
    runner: CliRunner, small_corpus: Path, tmp_path: Path, threshold: str, num_perm: str
) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path / "out"),
                                  "--threshold", threshold, "--num-perm", num_perm])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: threshold {float(threshold)} with num_perm {num_perm} leaves datasketch's LSH "
        "fewer than two bands")
    assert "dedup: ingest" not in result.stderr  # refused before any work
    assert not (tmp_path / "out" / "report.json").exists()


def test_highest_threshold_lsh_allows_still_scans(runner: CliRunner, small_corpus: Path,
                                                   tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path), "-q",
                                  "--threshold", "0.995"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["settings"]["threshold"] == 0.995


def test_a_file_given_alone_is_scanned_for_passages_it_repeats(runner: CliRunner,
                                                                tmp_path: Path) -> None:
    snippets = input_path("002")  # a collage whose paragraphs repeat inside the file
    result = runner.invoke(main, ["scan", str(snippets), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == [snippets.name]
    text = snippets.read_text(encoding="utf-8")
    repeated = [m for c in report["clusters"] for m in c["members"]
                if m["text"] == c["members"][c["canonical"]]["text"] and m is not
                c["members"][c["canonical"]]]
    assert repeated and all(text[m["start"]:m["end"]] == m["text"] for m in repeated)


def test_a_dataset_given_as_several_paths_is_a_usage_error(runner: CliRunner,
                                                          small_corpus: Path,
                                                          tmp_path: Path) -> None:
    first, second = sorted(small_corpus.iterdir())
    result = runner.invoke(main, ["scan", str(first), str(second), "--input-format", "jsonl",
                                  "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: a dataset (input format jsonl) is read from one path, got 2: give the JSONL "
        "file or the folder of its part files")


def test_a_report_written_inside_the_folder_is_not_read_back(runner: CliRunner,
                                                             small_corpus: Path) -> None:
    out = small_corpus / "dedup-report"
    first = runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "-q"])
    assert first.exit_code == 0, first.output
    mine = small_corpus / "notes"  # a folder of the user's beside it is still read
    mine.mkdir()
    (mine / "summary.md").write_text("Stoltenberg spoke today.\n", encoding="utf-8")
    again = runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "-q"])
    assert again.exit_code == 0, again.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == [
        input_path("000").name, input_path("001").name, "notes/summary.md"]


def test_a_record_with_a_lone_surrogate_is_scanned_and_reported(runner: CliRunner,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    text = input_path("001").read_text(encoding="utf-8")[:3000]
    for name in ("a", "b"):
        record = json.dumps({"id": f"{name}\ud800", "text": text + " Lone \udc00."})
        (folder / f"{name}.jsonl").write_text(record + "\n", encoding="utf-8")
    result = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in report["documents"]] == ["a.jsonl#a\ufffd", "b.jsonl#b\ufffd"]
    assert report["clusters"]


def test_a_manifest_date_that_is_no_date_is_warned_about_once(runner: CliRunner,
                                                              small_corpus: Path,
                                                              tmp_path: Path) -> None:
    first, second = sorted(path.name for path in small_corpus.iterdir())
    (small_corpus / "manifest.csv").write_text(
        f"path,role,date\n{first},reference,2021-02-30\n{second},media,\nmissing.txt,media,\n",
        encoding="utf-8")
    for _ in range(2):  # the handler is installed once, however many commands run
        result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path), "-q"])
        assert result.exit_code == 3, result.output
        assert result.stderr.splitlines() == [
            "warning: manifest.csv line 2: date '2021-02-30' is not a date like 2022-04-05 or "
            "05.04.2022; the row is used without a date",
            "warning: skipped manifest.csv: manifest.csv line 4: no document 'missing.txt' in "
            "the folder",
        ]


def test_report_command_names_a_damaged_report(runner: CliRunner, inputs_dir: Path,
                                               tmp_path: Path) -> None:
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path), "-q"]
                         ).exit_code == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    del data["documents"][1]["path"]
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(main, ["report", str(damaged), "--html", str(tmp_path / "d.html")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {damaged} is a damaged dedup report (KeyError: 'path')\n"
    assert not (tmp_path / "d.html").exists()


def test_report_command_names_a_report_the_html_template_cannot_render(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    # The HTML template reads fields the CSV and Markdown writers do not:
    # a member without text, or a canonical index past the members, fails
    # inside Jinja2, and is as much a damaged report as a missing key.
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path), "-q"]
                         ).exit_code == 0
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    data["clusters"][0]["canonical"] = 99
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(main, ["report", str(damaged), "--html", str(tmp_path / "d.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {damaged} is a damaged dedup report (")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "d.html").exists()


def test_an_output_folder_that_is_a_file_is_named_as_a_file(runner: CliRunner, inputs_dir: Path,
                                                           tmp_path: Path) -> None:
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(tmp_path), "-q"]
                         ).exit_code == 0
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(main, ["report", str(tmp_path / "report.json"),
                                  "--html", str(blocker / "review.html")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot write to output folder {blocker}: "
                             "it is a file, not a folder\n")


@pytest.mark.parametrize("options", [
    ["--master", "local[2]"],
    ["--out-format", "parquet"],
])
def test_a_usage_error_leaves_no_output_folder_behind(runner: CliRunner, small_corpus: Path,
                                                      tmp_path: Path, options: list[str]) -> None:
    out = tmp_path / "new" / "report"
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "-q", *options])
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_a_usage_error_in_the_scan_leaves_no_output_folder_behind(runner: CliRunner,
                                                                  small_corpus: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["scan", *map(str, sorted(small_corpus.iterdir())),
                                  "--input-format", "jsonl", "--out", str(out), "-q"])
    assert result.exit_code == 2
    assert not out.exists()


def test_an_existing_output_folder_is_kept_after_a_usage_error(runner: CliRunner,
                                                              small_corpus: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(out), "-q",
                                  "--master", "local[2]"])
    assert result.exit_code == 2
    assert out.is_dir()


def test_a_folder_with_no_document_files_says_which_files_are_read(runner: CliRunner,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "slides"
    folder.mkdir()
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable documents in {folder}: it holds no .txt, .md, .html, .htm, "
        ".pdf, .docx, .odt, .eml, .srt, .vtt, .json, .jsonl or .csv file (other files are ignored)")


def test_a_folder_holding_only_a_report_or_a_partitioned_dataset_says_why_none_is_read(
        runner: CliRunner, small_corpus: Path, tmp_path: Path) -> None:
    # Both said the folder held no .json/.csv file, or no records, though it did.
    report = tmp_path / "report"
    assert runner.invoke(main, ["scan", str(small_corpus), "--out", str(report),
                                "-q"]).exit_code == 0
    result = runner.invoke(main, ["scan", str(report), "--out", str(tmp_path / "o1"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable documents in {report}: it holds no .txt, .md, .html, .htm, "
        ".pdf, .docx, .odt, .eml, .srt, .vtt, .json, .jsonl or .csv file besides a dedup report, "
        "which is not read back (other files are ignored)")
    dataset = tmp_path / "dataset"
    (dataset / "lang=en").mkdir(parents=True)
    (dataset / "_SUCCESS").write_text("", encoding="utf-8")
    text = next(small_corpus.glob("*.txt")).read_text(encoding="utf-8")
    (dataset / "lang=en" / "part-0.jsonl").write_text(
        json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["scan", str(dataset), "--input-format", "jsonl", "--out",
                                  str(tmp_path / "o2"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable documents in {dataset}: the part files of a dataset are read "
        "from the folder itself, not from its subfolders (lang=en); give a subfolder")


def test_a_folder_whose_files_are_all_skipped_says_so(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "unreadable"
    folder.mkdir()
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "blank.txt").write_text("   \n", encoding="utf-8")
    for command in ("scan", "audit"):
        result = runner.invoke(main, [command, str(folder), "--out", str(tmp_path / command),
                                      "-q"])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            f"Error: no readable documents in {folder}: 2 skipped (the warnings above say why)")


def test_summary_keeps_its_columns_for_long_cluster_ids(inputs_dir: Path) -> None:
    # A large corpus numbers its clusters past c999: the ids stay in one column.
    from dataclasses import replace

    from dedup import scan
    from dedup.cli.scan import _summary

    report = scan(inputs_dir)
    renumbered = tuple(replace(c, id=f"c{int(c.id[1:]) * 1000}") for c in report.clusters)
    lines = _summary(replace(report, clusters=renumbered), Path("out")).splitlines()
    firsts = [line for line in lines if " documents, " in line]
    texts = [line for i, line in enumerate(lines) if i and lines[i - 1] in firsts]
    assert len(firsts) == 5
    assert len({line.index(" documents, ") for line in firsts}) == 1
    assert {len(line) - len(line.lstrip()) for line in texts} == {
        firsts[0].index(" documents, ") - 1}


@pytest.mark.parametrize("command", ["scan", "audit"])
def test_a_reference_glob_that_matches_nothing_is_warned_about(runner: CliRunner,
                                                               small_corpus: Path, tmp_path: Path,
                                                               command: str) -> None:
    # A typo, or the folder's name in the glob: without the warning every
    # document is silently media and an audit finds every quotation unsourced.
    result = runner.invoke(main, [command, str(small_corpus), "--out", str(tmp_path / "out"),
                                  "-q", "--reference", "*transcipt*",
                                  "--reference", f"{small_corpus.name}/000_*"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: --reference '*transcipt*', '{small_corpus.name}/000_*' matches no document, "
        "so every document is media (a GLOB is matched against each document's path in the "
        f"folder and its file name, such as {input_path('000').name})\n")


def test_a_reference_glob_that_matches_is_not_warned_about(runner: CliRunner, small_corpus: Path,
                                                           tmp_path: Path) -> None:
    result = runner.invoke(main, ["scan", str(small_corpus), "--out", str(tmp_path / "out"),
                                  "-q", "--reference", "*transcipt*", "--reference", "000_*"])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["scan", "audit"])
def test_an_interrupted_write_leaves_the_previous_report_whole(runner: CliRunner,
                                                               inputs_dir: Path,
                                                               small_corpus: Path,
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               command: str) -> None:
    # Ctrl-C while the last file is rendered (the HTML of a large corpus
    # takes a while) must not leave a new report.json beside the old
    # report.html: the reviewer would read one run's page and another's data.
    out = tmp_path / "out"
    assert runner.invoke(main, [command, str(inputs_dir), "--out", str(out), "-q"]
                         ).exit_code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    def interrupted(data: object, path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dedup.cli.shared.write_markdown", interrupted)
    monkeypatch.setattr("dedup.report.write_markdown", interrupted)
    result = runner.invoke(main, [command, str(small_corpus), "--out", str(out), "-q"])
    assert result.exit_code == 1
    assert "Aborted!" in result.stderr
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_scan_over_an_audits_report_leaves_no_quotes_csv_of_the_audit(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["audit", str(inputs_dir), "--out", str(out), "-q"]).exit_code == 0
    assert (out / "quotes.csv").is_file()
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(out), "-q"]).exit_code == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "clusters.csv", "report.html", "report.json", "summary.md"]
    mine = tmp_path / "mine"  # a quotes.csv where no dedup report was is the user's own
    mine.mkdir()
    (mine / "quotes.csv").write_text("a,b\n", encoding="utf-8")
    assert runner.invoke(main, ["scan", str(inputs_dir), "--out", str(mine), "-q"]).exit_code == 0
    assert (mine / "quotes.csv").read_text(encoding="utf-8") == "a,b\n"


def test_progress_on_a_terminal_shows_each_finished_stage_complete(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Most stages report only their start (0/1): on a terminal each line was
    # left at "0/1", and the last one read "dedup: fidelity 0/24" above the
    # summary, as if the scan had stopped there.
    from dedup.cli.shared import StageLine

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    line = StageLine()
    for call in [("ingest", 0, 1), ("segment", 0, 5), ("segment", 5, 5), ("fidelity", 0, 24),
                 ("done", 1, 1)]:
        line(*call)
    shown = [text.rsplit("\r", 1)[-1] for text in capsys.readouterr().err.split("\n")]
    assert shown == ["dedup: ingest 1/1", "dedup: segment 5/5", "dedup: fidelity 24/24", ""]


def test_one_cluster_is_counted_in_the_singular(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import write_formula

    folder = write_formula(tmp_path / "formula")
    result = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Found 1 cluster (1 boilerplate) with 3 passages.\n" in result.output
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "- 1 cluster with 3 passages\n" in summary


def test_a_passage_repeated_within_one_document_is_counted_in_the_singular(
        tmp_path: Path, runner: CliRunner) -> None:
    # A press release that repeats its own paragraph: "1 document", not "1 documents".
    paragraphs = input_path("001").read_text(encoding="utf-8").split("\n\n")
    repeated = max(paragraphs, key=len)
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "release.txt").write_text("\n\n".join([repeated, *paragraphs[:2], repeated]),
                                        encoding="utf-8")
    result = runner.invoke(main, ["scan", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert re.search(r"^ +c1 +1 document, 2 passages, original in release\.txt$",
                     result.output, re.MULTILINE)
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "- **c1**, 1 document, 2 passages, original in `release.txt`" in summary
