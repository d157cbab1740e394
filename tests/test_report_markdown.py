from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import input_path, many_sources, write_hostile_corpus

import dedup
from dedup.report import render_markdown, report_to_dict
from dedup.report.markdown import code, escape


@pytest.fixture(scope="module")
def data(inputs_dir: Path) -> dict[str, Any]:
    return report_to_dict(dedup.scan(inputs_dir))


@pytest.fixture(scope="module")
def summary(data: dict[str, Any]) -> str:
    return render_markdown(data)


def test_summary_counts_what_the_report_holds(summary: str) -> None:
    assert "- 5 documents (3 reference, 2 media), 0 skipped\n" in summary
    assert "- 23 clusters with 54 passages\n" in summary
    assert "- variants: 17 verbatim, 9 cosmetic, 5 altered; mean fidelity 0.95\n" in summary


def test_altered_passages_name_the_file_line_and_edit(summary: str) -> None:
    assert ("- c17, `002_nato_summit_2022-03-24_news_snippets.txt` line 13, fidelity 0.77: "
            "“will” → “would” (modal)\n") in summary


def test_media_edits_are_listed_before_the_references_own_versions(summary: str) -> None:
    # c1 holds the titles of three press conferences, all references: they
    # come after the media's edits of the references, which a reader is after.
    section = summary.split("## Altered\n\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(",")[1].strip().strip("`")[:3] for line in section] == [
        "002", "002", "001", "004", "003"]


def test_altered_passages_with_a_material_edit_come_first_most_faithful_first(
        summary: str) -> None:
    # c17's two copies make "will" "would" (a modal) at 0.77: before c11's
    # 0.71, which only leaves words out; the references' versions after,
    # 004's 0.89 before 003's 0.83.
    section = summary.split("## Altered\n\n")[1].split("\n\n")[0].splitlines()
    assert [(line.split(",")[0], line.split("fidelity ")[1][:4]) for line in section] == [
        ("- c17", "0.77"), ("- c17", "0.77"), ("- c11", "0.71"), ("- c1", "0.89"),
        ("- c1", "0.83")]


def test_an_audits_summary_counts_quotations_not_clusters(inputs_dir: Path) -> None:
    head = render_markdown(report_to_dict(dedup.audit(inputs_dir))).split("\n\n")[1]
    assert head.splitlines() == [
        "- 5 documents (3 reference, 2 media), 0 skipped",
        "- 49 quotations audited",
        "- quotations: 2 verbatim, 4 cosmetic, 43 unsourced; mean fidelity 1.00",
    ]


def test_outlet_table_row(summary: str) -> None:
    assert "| The Sofia Globe | 12 | 6 | 5 | 1 | 0 | 0 | 0 | 0.98 |" in summary


def test_most_widely_shared_first(summary: str) -> None:
    section = summary.split("## Most widely shared\n\n")[1]
    assert section.startswith("- **c1**, 3 documents, 3 passages")


def test_media_documents_most_drawn_from_the_references_come_first(summary: str) -> None:
    section = summary.split("## Most drawn from the references\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- `001_sofia_globe_2022-04-05_article.txt`: 69% of its word pairs and 91% of its "
        "words in the references",
        "- `002_nato_summit_2022-03-24_news_snippets.txt`: 28% of its word pairs and 78% of "
        "its words in the references",
    ]


def test_drawn_section_is_ordered_by_word_pairs_not_report_order(inputs_dir: Path) -> None:
    data = report_to_dict(dedup.scan(inputs_dir))
    for doc in data["documents"]:
        if doc["path"].startswith("001_"):
            doc["reference_word_pairs"] = 0.1
    section = render_markdown(data).split("## Most drawn from the references\n\n")[1]
    assert section.startswith("- `002_nato_summit")


def test_drawn_section_never_rounds_a_share_short_of_all_to_100_percent(
        data: dict[str, Any]) -> None:
    nearly = {**data, "documents": [{**d, "reference_words": 0.9977, "reference_word_pairs": 1.0}
                                    if d["path"].startswith("001_") else d
                                    for d in data["documents"]]}
    section = render_markdown(nearly).split("## Most drawn from the references\n\n")[1]
    assert section.startswith("- `001_sofia_globe_2022-04-05_article.txt`: 100% of its word "
                              "pairs and 99.8% of its words in the references\n")


def test_without_references_there_is_no_drawn_section(inputs_dir: Path, tmp_path: Path) -> None:
    for path in sorted(inputs_dir.glob("*.txt"))[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())  # no manifest: all media
    assert "Most drawn" not in render_markdown(report_to_dict(dedup.scan(tmp_path)))


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    data: dict[str, Any] = report_to_dict(dedup.scan(write_hostile_corpus(tmp_path / "c")))
    summary = render_markdown(data)
    assert re.search(r"(?<!\\)[<\[]", summary) is None  # every < and [ escaped
    assert "\\<script\\>" in summary


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("[click](javascript:x)", "\\[click\\](javascript:x)", id="link"),
    pytest.param("![i](x.png)", "!\\[i\\](x.png)", id="image"),
    pytest.param("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`", id="emphasis"),
    pytest.param("a\n\n# b", "a # b", id="one-line"),
    # An entity would show as the character it names, not as the words the document has.
    pytest.param("Bosnia &amp; Herzegovina &lt;b&gt;", "Bosnia \\&amp; Herzegovina \\&lt;b\\&gt;",
                 id="entity"),
    # GitHub links bare web addresses; an escaped ':' or '.' keeps them words.
    pytest.param("see https://nato.int/x or _WWW.nato.int",
                 "see https\\://nato.int/x or \\_WWW\\.nato.int", id="autolink"),
])
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_code_span_outlasts_backticks_inside() -> None:
    assert code("a`b") == "``a`b``"
    assert code("plain.txt") == "`plain.txt`"


def test_summary_says_how_many_outlets_the_page_lists(data: dict[str, Any]) -> None:
    # The page's table lists the 1,000 outlets with the most findings, not all.
    summary = render_markdown(many_sources(data, 1201))
    assert "1180 more outlets: `report.html` lists the 1,000 with the most variants." in summary
    assert "more outlets in `report.html`" not in summary


def test_summary_stays_short_with_hundreds_of_findings(data: dict[str, Any]) -> None:
    summary = render_markdown(many_sources(data, 300))
    table = [line for line in summary.splitlines() if line.startswith("| newspapers")]
    assert 5 <= len(table) <= 25
    assert f"{299 - len(table)} more outlets" in summary
    altered = summary.split("## Altered\n\n")[1].split("\n\n")[0].splitlines()
    assert 5 <= len(altered) <= 26
    assert f"{299 - len(altered) + 1} more" in altered[-1]
    # report.html holds at most 1,000 clusters: the CSV holds them all.
    assert altered[-1].endswith("more, all in `clusters.csv` (`report.html` shows the altered "
                                "first)")
    assert len(summary) < 20_000  # GitHub takes 65,536 characters in a comment


def _prepared_and_delivered(folder: Path) -> None:
    """004 as delivered, the text handed out before it (576 million euros) and a paper's 567."""
    (folder / "delivered.txt").write_bytes(input_path("004").read_bytes())
    (folder / "prepared.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg, as prepared.\n\n"
        "I welcome that Allies continue to step up with major new announcements.\n"
        "In recent days, this includes 576 million euros from Germany for the Czech-led "
        "artillery initiative.\n", encoding="utf-8")
    (folder / "article.txt").write_text(
        "Germany leads the way\n\n“In recent days, this includes 567 million euros from "
        "Germany for the Czech-led artillery initiative,” Stoltenberg said.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,date\nprepared.txt,reference,2024-04-04\ndelivered.txt,reference,2024-04-04\n"
        "article.txt,media,2024-04-04\n", encoding="utf-8")


def test_an_edit_against_another_reference_version_names_that_version(tmp_path: Path) -> None:
    # 004 as delivered, and the text handed out before, which gave Germany's
    # pledge as 576 million euros; the paper misquotes the prepared figure.
    # Its edit is against the prepared text, not the original the summary
    # names for the cluster ("nearly 600 million euros"): the line says so.
    _prepared_and_delivered(tmp_path)
    summary = render_markdown(report_to_dict(dedup.scan(tmp_path)))
    section = summary.split("## Altered\n\n")[1].split("\n\n")[0].splitlines()
    assert re.fullmatch(r"- c\d+, `article.txt` line 3, fidelity 0\.\d\d against `prepared.txt` "
                        r"line 4: “576” → “567” \(number\)", section[0])
    assert not any("against" in line for line in section[1:])  # against the original
    assert "original in `delivered.txt`: “In recent days, this includes nearly 600" in summary


def test_an_audited_quotation_names_the_version_its_verdict_is_against(tmp_path: Path) -> None:
    # The same two versions: the paper's figure is nearest the prepared
    # text's, and its edit is against that text, which the line names.
    _prepared_and_delivered(tmp_path)
    summary = render_markdown(report_to_dict(dedup.audit(tmp_path)))
    section = summary.split("## Altered\n\n")[1].split("\n\n")[0].splitlines()
    assert section == ["- altered, Stoltenberg, in `article.txt` (source `prepared.txt`): “In "
                       "recent days, this includes 567 million euros from Germany for the "
                       "Czech-led artillery initiative,” “576” → “567” (number)"]
