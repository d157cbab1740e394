"""The ``dedup audit`` command: files written, summary, exit codes."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_sample_dataset

from dedup.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_audit_writes_report_and_csv_and_summary(runner: CliRunner, inputs_dir: Path,
                                                 tmp_path: Path) -> None:
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["clusters"] == []
    quotes = report["quotes"]
    assert len(quotes) == report["stats"]["quotes"]
    first = quotes[0]
    assert list(first) == ["id", "doc", "start", "end", "line", "text", "speaker", "short",
                           "fragments", "source", "fidelity", "label", "flags", "edits",
                           "passages"]
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == [q["id"] for q in quotes]
    assert rows[0]["text"] == first["text"]
    # A reviewer finds each quotation, and its source, by line as well as by character.
    texts = {d["id"]: (inputs_dir / d["path"]).read_text(encoding="utf-8")
             for d in report["documents"]}
    sourced = [q for q in quotes if q["source"]]
    assert len(sourced) == 6
    for quote, row in zip(quotes, rows, strict=True):
        line = texts[quote["doc"]][: quote["start"]].count("\n") + 1
        assert (quote["line"], row["line"]) == (line, str(line))
        source = quote["source"]
        if source:
            line = texts[source["doc"]][: source["start"]].count("\n") + 1
            assert (source["line"], row["source_line"]) == (line, str(line))
        else:
            assert row["source_line"] == ""
    assert "001_sofia_globe_2022-04-05_article.txt (The Sofia Globe)" in result.stdout
    assert "6 quotations: 2 verbatim, 4 cosmetic; mean fidelity 1.00" in result.stdout
    assert result.stderr == ""


def test_each_passage_of_a_quotation_is_where_it_says_in_its_record(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs_dir, folder)
    war_crime, founding = ("Targeting and murdering civilians is a war crime.",
                           "Today marks 75 years since NATO’s founding.")
    (folder / "zz_spliced.txt").write_text(
        f"Jens Stoltenberg said: “{war_crime} {founding}”\n", encoding="utf-8")
    result = runner.invoke(main, ["audit", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    texts = {d["id"]: (folder / d["path"]).read_text(encoding="utf-8")
             for d in report["documents"]}
    paths = {d["id"]: d["path"] for d in report["documents"]}
    for quote in report["quotes"]:
        assert bool(quote["passages"]) == (quote["source"] is not None)
        for passage in quote["passages"]:
            text = texts[passage["doc"]]
            assert text[passage["start"]:passage["end"]] == passage["text"]
            assert passage["line"] == text[:passage["start"]].count("\n") + 1
    (spliced,) = [q for q in report["quotes"] if paths[q["doc"]] == "zz_spliced.txt"]
    assert [paths[p["doc"]] for p in spliced["passages"]] == [
        "000_nato_pre_ministerial_2022-04-05_transcript.txt",
        "004_nato_brussels_2024-04-04_transcript.txt"]
    with (tmp_path / "out" / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["path"]: row for row in csv.DictReader(handle)}
    one, two = spliced["passages"]
    assert rows["zz_spliced.txt"]["passages"] == (
        f"000_nato_pre_ministerial_2022-04-05_transcript.txt line 16, chars {one['start']}-"
        f"{one['end']}; 004_nato_brussels_2024-04-04_transcript.txt line 13, chars "
        f"{two['start']}-{two['end']}")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    card = page[page.index(f'id="q-{spliced["id"]}"'):]
    assert "004_nato_brussels_2024-04-04_transcript.txt" in card[:card.index("</article>")]
    assert "joined passages the record has in another order" in card[:card.index("</article>")]


def test_an_article_is_audited_against_transcripts_kept_in_another_folder(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    archive, today = tmp_path / "archive", tmp_path / "today"
    archive.mkdir()
    today.mkdir()
    for path in inputs_dir.glob("*.txt"):
        folder = archive if "transcript" in path.name else today
        shutil.copy(path, folder / path.name)
    article = today / "001_sofia_globe_2022-04-05_article.txt"

    def verdicts(out: Path) -> list[tuple[object, ...]]:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        path = {d["id"]: d["path"].rsplit("/", 1)[-1] for d in report["documents"]}
        return [(path[q["doc"]], q["start"], q["end"], q["label"], q["fidelity"],
                 path[q["source"]["doc"]], q["source"]["start"], q["source"]["end"])
                for q in report["quotes"] if path[q["doc"]] == article.name]

    result = runner.invoke(main, ["audit", str(article), str(archive), "--reference",
                                  "archive/*", "--out", str(tmp_path / "apart"), "-q"])
    assert result.exit_code == 0, result.output
    assert "today/001_sofia_globe_2022-04-05_article.txt\n" in result.stdout
    # The archive named by --reference alone is read too, as the record.
    named = runner.invoke(main, ["audit", str(article), "--reference", str(archive),
                                 "--out", str(tmp_path / "named"), "-q"])
    assert named.exit_code == 0, named.output
    assert verdicts(tmp_path / "named") == verdicts(tmp_path / "apart")
    together = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path / "one"),
                                    "-q"])
    assert together.exit_code == 0, together.output
    assert len(verdicts(tmp_path / "apart")) == 6
    assert verdicts(tmp_path / "apart") == verdicts(tmp_path / "one")


def test_a_jsonl_dataset_is_audited_against_its_references_or_transcripts_beside_it(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_sample_dataset(inputs_dir, tmp_path / "ds")
    monkeypatch.chdir(folder)

    def verdicts(out: str) -> list[tuple[object, ...]]:
        report = json.loads((folder / out / "report.json").read_text(encoding="utf-8"))
        path = {d["id"]: Path(d["path"]).stem for d in report["documents"]}
        return [(path[q["doc"]], q["start"], q["end"], q["label"], q["fidelity"],
                 path[q["source"]["doc"]] if q["source"] else None) for q in report["quotes"]]

    fields = ["--input-format", "jsonl", "--id-field", "doc_id", "--text-field", "body", "-q"]
    # The record in the dataset (role reference), then beside it (--reference PATH).
    inside = runner.invoke(main, ["audit", "all.jsonl", "--out", "inside", *fields])
    assert inside.exit_code == 0, inside.output
    beside = runner.invoke(main, ["audit", "media.jsonl", "--reference", "transcripts/",
                                  "--out", "beside", *fields])
    assert beside.exit_code == 0, beside.output
    whole = runner.invoke(main, ["audit", str(inputs_dir), "--out", "folder", "-q"])
    assert whole.exit_code == 0, whole.output
    assert "Audited 49 quotations in 2 media documents against 3 reference documents" in (
        beside.stdout)
    assert verdicts("inside") == verdicts("beside") == verdicts("folder")
    report = json.loads((folder / "beside" / "report.json").read_text(encoding="utf-8"))
    # The dataset's records first, as a scan numbers them, then the record beside it.
    assert [(d["id"], d["role"]) for d in report["documents"]] == [
        ("d1", "media"), ("d2", "media"), ("d3", "reference"), ("d4", "reference"),
        ("d5", "reference")]


def test_jobs_give_the_same_report(runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    written = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(out), "-q",
                                      "--jobs", jobs])
        assert result.exit_code == 0, result.output
        written.append((out / "report.json").read_bytes())
    assert written[0] == written[1]


def test_fail_on_a_label_exits_4(runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path), "-q",
                                  "--fail-on", "misattributed", "--fail-on", "unsourced"])
    assert result.exit_code == 4
    assert result.stderr == "dedup: quotations labelled unsourced (--fail-on)\n"


def test_fail_on_a_label_nobody_got_exits_0(runner: CliRunner, inputs_dir: Path,
                                           tmp_path: Path) -> None:
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path), "-q",
                                  "--fail-on", "misattributed"])
    assert result.exit_code == 0


def test_fail_on_an_unknown_label_is_a_usage_error(runner: CliRunner, inputs_dir: Path,
                                                   tmp_path: Path) -> None:
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path),
                                  "--fail-on", "wrong"])
    assert result.exit_code == 2


def test_reference_glob_sets_the_roles(runner: CliRunner, inputs_dir: Path,
                                       tmp_path: Path) -> None:
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path), "-q",
                                  "--reference", "003_*"])
    assert result.exit_code == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["stats"]["reference_documents"] == 1
    article = [q for q in report["quotes"] if q["doc"] == "d2"]
    assert {q["label"] for q in article} == {"unsourced"}


def test_same_input_gives_identical_files(runner: CliRunner, inputs_dir: Path,
                                          tmp_path: Path) -> None:
    for name in ("a", "b"):
        runner.invoke(main, ["audit", str(inputs_dir), "--out", str(tmp_path / name), "-q"])
    for file in ("report.json", "quotes.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_readme_audit_transcript_is_real_output(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shutil

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ dedup audit inputs/ --out dedup-report\n(.*?)```", readme,
                      flags=re.DOTALL)
    assert block is not None
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["audit", "inputs/", "--out", "dedup-report"])
    assert result.stderr + result.stdout == block.group(1)


def test_quotes_csv_cells_never_start_a_spreadsheet_formula(runner: CliRunner, inputs_dir: Path,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(inputs_dir, folder)
    manifest = folder / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("The Sofia Globe", "=HYPERLINK(A1)"), encoding="utf-8")
    result = runner.invoke(main, ["audit", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    outlets = {row["outlet"] for row in rows}
    assert "'=HYPERLINK(A1)" in outlets
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_report_renders_an_audits_files_again_quotes_csv_included(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    # "dedup report" renders from the JSON alone; an audit's quotes.csv was
    # not among what it wrote, so a re-rendered audit lacked it.
    audited = tmp_path / "audit"
    result = runner.invoke(main, ["audit", str(inputs_dir), "--out", str(audited), "-q"])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(audited / "report.json", again)
    result = runner.invoke(main, ["report", str(again / "report.json")])
    assert result.exit_code == 0, result.output
    for name in ("report.html", "clusters.csv", "summary.md", "quotes.csv"):
        assert (again / name).read_bytes() == (audited / name).read_bytes(), name
    assert f"Wrote {again / 'quotes.csv'}" in result.stdout


def test_an_audit_with_no_reference_documents_says_so(runner: CliRunner, inputs_dir: Path,
                                                      tmp_path: Path) -> None:
    # Without manifest.csv or --reference every document is media: each
    # quotation came out "unsourced" with no word on why.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in inputs_dir.glob("00[01]_*.txt"):
        shutil.copy(path, folder)
    result = runner.invoke(main, ["audit", str(folder), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("warning: no reference documents, so no quotation can be sourced: "
                             "give their roles in manifest.csv, or --reference GLOB\n")
    result = runner.invoke(main, ["audit", str(folder), "--out", str(tmp_path / "out"), "-q",
                                  "--reference", "000_*"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_folder_of_many_papers_lists_those_with_altered_quotations_first(
    runner: CliRunner, inputs_dir: Path, tmp_path: Path
) -> None:
    # The transcript, and the Sofia Globe article printed by 22 papers, one of
    # which changes a number in a quotation.
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(inputs_dir / "000_nato_pre_ministerial_2022-04-05_transcript.txt", folder)
    article = (inputs_dir / "001_sofia_globe_2022-04-05_article.txt").read_text(encoding="utf-8")
    altered = article.replace("In the coming weeks", "In the coming days")
    assert altered != article
    for number in range(22):
        text = altered if number == 17 else article
        (folder / f"paper{number:02}.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["audit", str(folder), "--out", str(tmp_path / "out"), "-q",
                                  "--reference", "000_*"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Audited 132 quotations in 22 media documents against "
                        "1 reference document, 0 skipped.")
    assert lines[1].startswith("Verdicts: ") and " 1 altered" in lines[1]
    assert lines[2] == "The 20 media documents with the most altered or misattributed quotations:"
    assert lines[3] == "  paper17.txt"
    assert "altered" in lines[4]
    listed = [line.strip() for line in lines[3:43:2]]
    assert listed == ["paper17.txt", *(f"paper{n:02}.txt" for n in range(20) if n != 17)]
    assert lines[43] == "  ... and 2 more media documents (all in quotes.csv)"
