"""The README and the manual in docs/: their commands run in CI, they name every
option, their examples are real output, and their links and anchors resolve."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import click
import pytest

from dedup.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _doc(name: str) -> str:
    """A page of the manual, `docs/NAME`."""
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)


def test_first_two_readme_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    first, second = (block.strip() for block in _shell_blocks()[:2])
    assert "dedup scan inputs/" in first
    assert "pytest" in second
    assert first in ci
    assert second in ci


def _commands() -> list[click.Command]:
    return list(main.commands.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: c.name)
def test_every_command_has_help_and_appears_in_readme(command: click.Command) -> None:
    assert command.help
    assert f"dedup {command.name}" in README


def _options_table(command: str) -> list[str]:
    """The options named in the first cell of each row under README's `### `dedup COMMAND``."""
    section = README.split(f"### `dedup {command}`\n", 1)[1]
    section = re.split(r"\n##", section, maxsplit=1)[0]
    return re.findall(r"^\| `(--[a-z-]+)[ `]", section, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("command", "option"),
    [(c.name, opt) for c in _commands() for p in c.params if isinstance(p, click.Option)
     for opt in p.opts if opt.startswith("--")],
)
def test_every_option_is_in_its_commands_table(command: str, option: str) -> None:
    assert option in _options_table(command)


@pytest.mark.parametrize("command", _commands(), ids=lambda c: c.name)
def test_every_option_a_table_names_exists(command: click.Command) -> None:
    real = {opt for p in command.params for opt in getattr(p, "opts", ())}
    assert command.name is not None
    assert set(_options_table(command.name)) <= real


def test_readme_transcript_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    block = re.search(r"```console\n\$ dedup scan inputs/ --out dedup-report\n(.*?)```", README,
                      flags=re.DOTALL)
    assert block is not None
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "inputs/", "--out", "dedup-report"])
    assert result.stderr + result.stdout == block.group(1)


def test_readme_check_transcript_is_real_output(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    block = re.search(r"```console\n\$ dedup check (.*?) inputs/ --speaker (\w+)\n(.*?)```",
                      README, flags=re.DOTALL)
    assert block is not None
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", json.loads(block.group(1)), "inputs/",
                                       "--speaker", block.group(2)])
    assert result.exit_code == 0
    assert result.stderr + result.stdout == block.group(3)


def test_example_script_runs_and_tells_trimmed_words_from_deletions(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # examples/altered_quotes.py is docs/python.md's runnable script. The news
    # snippets quote "and equipment to help Ukraine protect against chemical"
    # from "And equipment ... chemical and biological threats.": the words
    # after the quote are left out by trimming, not deleted from inside it.
    import runpy

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("sys.argv", ["altered_quotes.py", "inputs"])
    runpy.run_path(str(ROOT / "examples" / "altered_quotes.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "    variant:  and equipment to help Ukraine protect against chemical\n" in out
    assert "    trimmed: 'and biological threats'\n" in out
    assert "delete: 'and biological threats'" not in out


def test_audit_example_script_shows_each_quotation_beside_its_record(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # examples/checked_quotes.py: the Sofia Globe's quotations that join
    # transcript lines, beside the transcript's words and its speaker.
    import runpy

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("sys.argv", ["checked_quotes.py", "inputs"])
    runpy.run_path(str(ROOT / "examples" / "checked_quotes.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert ("q4 cosmetic (joined)  001_sofia_globe_2022-04-05_article.txt [1124:1259]\n"
            "    quoted: Nato Secretary General Jens Stoltenberg: “Nato will also look to "
            "provide cybersecurity assistance. And equipment to help Ukraine protect against "
            "chemical and biological threats,”\n"
            "    source: 000_nato_pre_ministerial_2022-04-05_transcript.txt (NATO Secretary "
            "General) [1762:1897]\n") in out
    assert out.count("    source: none in the references\n") == out.count(" unsourced ")
    assert " verbatim " not in out


def _report_example() -> dict[str, Any]:
    block = re.search(r"## Output: `report.json`.*?```json\n(.*?)```", _doc("formats.md"),
                      flags=re.DOTALL)
    assert block is not None
    example: dict[str, Any] = json.loads(block.group(1))
    return example


@pytest.fixture(scope="module")
def inputs_reports() -> tuple[dict[str, Any], dict[str, Any]]:
    import dedup
    from dedup.report import report_to_dict

    return (report_to_dict(dedup.scan(ROOT / "inputs")),
            report_to_dict(dedup.audit(ROOT / "inputs")))


def test_report_json_example_is_real_output(
        inputs_reports: tuple[dict[str, Any], dict[str, Any]]) -> None:
    # The example once showed an end one short of the real one, and made the
    # altered member members[canonical], the original.
    scan, _ = inputs_reports
    example = _report_example()
    assert list(example) == list(scan)
    (document,) = example["documents"]
    real_documents = {d["id"]: d for d in scan["documents"]}
    assert list(document) == list(real_documents[document["id"]])
    (cluster,) = example["clusters"]
    real = next(c for c in scan["clusters"] if c["id"] == cluster["id"])
    assert list(cluster) == list(real)
    assert cluster["canonical"] == real["canonical"]
    for index, member in enumerate(cluster["members"]):
        if isinstance(member, dict) and "..." not in member:
            assert member == real["members"][index]
    for key, value in example["stats"].items():
        assert key == "..." or scan["stats"][key] == value


def test_every_setting_and_count_of_a_report_is_documented(
        inputs_reports: tuple[dict[str, Any], dict[str, Any]]) -> None:
    section = _doc("formats.md").split("## Output: `report.json`", 1)[1].split("\n## ", 1)[0]
    for report in inputs_reports:
        for key in [*report["settings"], *report["stats"]]:
            assert f"`{key}`" in section, key


@pytest.mark.parametrize(("page", "lead", "module"), [
    ("formats.md", "**`clusters.csv`**: one row per member:", "dedup.report.csv_writer"),
    ("audit.md", "`quotes.csv` has one row per quotation:", "dedup.report.quotes_csv"),
])
def test_csv_columns_are_the_manuals_in_its_order(page: str, lead: str, module: str) -> None:
    import importlib

    sentence = _doc(page).split(lead, 1)[1].split(".\n", 1)[0]
    named = re.findall(r"`([a-z_]+)`", sentence)
    columns = importlib.import_module(module).COLUMNS
    assert [name for name in named if name in columns] == list(columns)


def test_readme_python_example_runs_and_its_writers_give_the_clis_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from click.testing import CliRunner

    import dedup
    import dedup.report

    block = re.search(r"## Using it from Python\n\n```python\n(.*?)```", README, flags=re.DOTALL)
    assert block is not None
    monkeypatch.chdir(ROOT)
    exec(block.group(1), {})  # noqa: S102 - the README's own example
    assert "altered" in capsys.readouterr().out
    report = dedup.scan(ROOT / "inputs")
    mine = tmp_path / "mine"
    mine.mkdir()
    dedup.report.write_json(report, mine / "report.json")
    dedup.report.write_reports(dedup.report.report_to_dict(report), mine)
    result = CliRunner().invoke(main, ["scan", str(ROOT / "inputs"), "--out",
                                       str(tmp_path / "cli"), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("report.json", "report.html", "clusters.csv", "summary.md"):
        assert (mine / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def _pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
            *sorted((ROOT / "benchmarks").glob("*.md"))]


def _prose(text: str) -> str:
    """Markdown without its fenced code blocks and code spans (no links or headings in them)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", text, flags=re.DOTALL)


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as shown (a link's words, no markup),
    lower case, every character but letters, digits, `_`, `-` and spaces dropped,
    spaces made hyphens (`Output: `report.json`` -> `output-reportjson`)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"),
                  flags=re.DOTALL | re.MULTILINE)
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE):
        slug = github_slug(heading)
        number = 0
        while (slug if number == 0 else f"{slug}-{number}") in anchors:
            number += 1
        anchors.add(slug if number == 0 else f"{slug}-{number}")
    return anchors


def _links(page: Path) -> list[str]:
    found = re.findall(r"\]\(([^)\s]+)\)", _prose(page.read_text(encoding="utf-8")))
    return [link for link in found if not re.match(r"[a-z]+:", link)]


def test_github_slug_is_githubs() -> None:
    assert github_slug("Output: `report.json`") == "output-reportjson"
    assert github_slug("Quotations against the record: `dedup audit`") == (
        "quotations-against-the-record-dedup-audit")
    assert github_slug("The audit's containment index without the ensemble's tables") == (
        "the-audits-containment-index-without-the-ensembles-tables")
    assert github_slug("Reference overlap (a new figure in the report)") == (
        "reference-overlap-a-new-figure-in-the-report")
    assert github_slug("Using it from Python") == "using-it-from-python"


def _resolves(page: Path, link: str) -> bool:
    """A file or folder that exists, and the anchor (if any) a heading of that page."""
    path, _, anchor = link.partition("#")
    target = (page.parent / path).resolve() if path else page
    if not target.exists():
        return False
    return not anchor or (target.suffix == ".md" and anchor in _anchors(target))


def test_a_link_resolves_only_to_a_page_and_heading_that_exist() -> None:
    readme = ROOT / "README.md"
    assert _resolves(readme, "docs/formats.md#output-reportjson")
    assert _resolves(readme, "#quality")
    assert _resolves(readme, "examples/")
    assert not _resolves(readme, "#no-such-heading")
    assert not _resolves(readme, "docs/formats.md#no-such-heading")
    assert not _resolves(readme, "docs/nowhere.md")
    # A comment in a shell block is no heading.
    assert "installed-on-every-node-give-the-master-and-the-python" not in _anchors(
        ROOT / "docs" / "spark.md")


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    assert [link for link in _links(page) if not _resolves(page, link)] == []


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(ROOT / link.partition("#")[0]).resolve() for link in _links(ROOT / "README.md")}
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert pages
    assert [page.name for page in pages if page.resolve() not in linked] == []
