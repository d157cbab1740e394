from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import HOSTILE, many_sources, write_hostile_corpus

import dedup
from dedup.report import render_html, report_to_dict, write_reports
from dedup.report.html import diff


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text of script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def data(inputs_dir: Path) -> dict[str, Any]:
    return report_to_dict(dedup.scan(inputs_dir))


@pytest.fixture(scope="module")
def page(data: dict[str, Any]) -> str:
    return render_html(data)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = write_hostile_corpus(tmp_path_factory.mktemp("hostile"))
    report = report_to_dict(dedup.scan(folder))
    assert report["clusters"], "the hostile sentence must be found in both records"
    return render_html(report)


def _quote_report() -> dict[str, Any]:
    source = "The nature of the response will depend on the nature of the use."
    quoted = "The nature of the response would depend on the nature of the use"
    return {
        "schema": "dedup.report/1",
        "documents": [
            {"id": "d1", "path": "transcript.txt", "role": "reference", "outlet": "NATO",
             "date": "2022-03-24", "title": "Transcript", "url": None, "chars": 500},
            {"id": "d2", "path": "story.txt", "role": "media", "outlet": "Wire <b>X</b>",
             "date": "2022-03-25", "title": "Story", "url": None, "chars": 300},
        ],
        "clusters": [],
        "quotes": [
            {"id": "q1", "doc": "d2", "start": 10, "end": 74, "text": quoted,
             "speaker": "Jens Stoltenberg", "short": False,
             "fragments": [{"start": 10, "end": 74}],
             "source": {"doc": "d1", "start": 100, "end": 165, "text": source,
                        "speaker": "Jens Stoltenberg", "before": "He was asked. ",
                        "after": " Next question."},
             "fidelity": 0.7692, "label": "altered", "flags": ["modal-changed"],
             "edits": [{"op": "replace", "source": "will", "variant": "would",
                        "material": "modal", "cosmetic": False,
                        "source_start": 27, "source_end": 31,
                        "variant_start": 27, "variant_end": 32}]},
            {"id": "q2", "doc": "d2", "start": 80, "end": 120,
             "text": "We will never <script>x()</script> recognise it",
             "speaker": "<img src=x onerror=alert(1)>", "short": False, "fragments": [],
             "source": None, "fidelity": None, "label": "unsourced", "flags": [],
             "edits": []},
        ],
    }


def test_written_page_is_the_rendered_page(data: dict[str, Any], page: str,
                                           tmp_path: Path) -> None:
    # write_html streams the template's pieces into the file as they render.
    from dedup.report.html import html_chunks, write_html

    assert len(list(html_chunks(data))) > 100
    write_html(data, tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == page


def test_page_is_self_contained_and_small(page: str) -> None:
    elements = _parse(page)
    assert len(page.encode("utf-8")) < 1_000_000
    assert not [t for t, a in elements.tags if t in ("link", "iframe", "img", "object")]
    assert not [a for t, a in elements.tags if "src" in a]
    assert "http://" not in page and "https://" not in page


def test_csp_allows_exactly_the_inline_style_and_script(page: str) -> None:
    elements = _parse(page)
    (script,) = elements.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = next(a["content"] for t, a in elements.tags
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_modal_edit_is_highlighted_on_both_sides(page: str) -> None:
    card = page[page.index('id="c17"'):]
    card = card[: card.index("</article>")]
    assert re.search(r'class="e rep mat" data-edit="1"><span class="sym" title="material: modal">'
                     r'⚠</span><span class="sr">\[replaced: </span>will<', card)
    assert 'replaced: </span>would<' in card
    assert "⚠ modal" in card


def _order(page: str) -> list[str]:
    return re.findall(r'<article class="card cluster" id="(c\d+)"', page)


def test_clusters_with_altered_versions_come_first(page: str, data: dict[str, Any]) -> None:
    # c17: two copies with "will" made "would" (a modal); c1 and c11:
    # altered with no material edit; then the rest, most widely shared first
    # (c9 and c14 in three documents each).
    assert _order(page)[:5] == ["c17", "c1", "c11", "c9", "c14"]
    assert sorted(_order(page)) == sorted(c["id"] for c in data["clusters"])
    assert 'id="not-shown"' not in page


def test_a_page_shows_the_clusters_most_worth_a_look_and_says_how_many_more(
        data: dict[str, Any]) -> None:
    page = render_html(data, limit=5)
    assert _order(page) == ["c17", "c1", "c11", "c9", "c14"]
    assert ("This page shows the 5 clusters most worth a look; the other 18 of the report's 23 "
            "are in <span class=\"path\">clusters.csv</span>") in page
    assert '<section id="clusters" aria-labelledby="h-clusters" data-more="18">' in page
    # The overview still counts the report's clusters, not the page's.
    assert "<b>23</b> clusters" in page


def test_a_page_shows_the_quotations_most_worth_a_look_in_report_order(
        inputs_dir: Path) -> None:
    audited = report_to_dict(dedup.audit(inputs_dir))
    labels = [q["label"] for q in audited["quotes"]]
    total, unsourced = len(labels), labels.count("unsourced")
    assert (total, unsourced) == (49, 43)
    page = render_html(audited, quote_limit=45)
    shown = re.findall(r'<article class="card quote item" id="q-(q\d+)"', page)
    # Every unsourced one (to check by hand), then the first 2 of the 6
    # whose words the record holds; in the order of the report.
    expected = [q["id"] for q in audited["quotes"] if q["label"] == "unsourced"]
    expected += [q["id"] for q in audited["quotes"] if q["label"] != "unsourced"][:2]
    assert shown == [q["id"] for q in audited["quotes"] if q["id"] in expected]
    assert ("This page shows the 45 quotations most worth a look (misattributed, altered, "
            "paraphrased, unsourced, then the rest), in the order of their documents; the other "
            "4 of the report's 49 are in <span class=\"path\">quotes.csv</span>") in page
    assert "<b>49</b> quotations" in page
    assert 'id="quotes-not-shown"' not in render_html(audited)


def test_an_audits_page_is_about_quotations_and_has_no_clusters_to_count(
        inputs_dir: Path, page: str) -> None:
    audited = render_html(report_to_dict(dedup.audit(inputs_dir)))
    assert "<title>dedup audit: 49 quotations</title>" in audited
    assert "<h1>Quotations against the record</h1>" in audited
    assert "line 13 · chars 256–387" in audited  # the Sofia Globe's first quotation
    assert "line 28 · chars 1118–1249" in audited  # and its source in the transcript
    for scan_only in ('href="#clusters"', 'id="clusters"', "</b> clusters", " · 0 clusters"):
        assert scan_only not in audited and scan_only.replace(" 0", " 23") in page
    # The filters still say when nothing matches them.
    ids = {attrs.get("id") for _, attrs in _parse(audited).tags}
    assert {"empty", "quotes", "filters"} <= ids


def test_tables_of_hundreds_of_rows_are_folded(data: dict[str, Any], page: str) -> None:
    many = render_html(many_sources(data, 300))
    assert many.count('<details class="fold">') == 2
    assert ("<summary>The table of all 300 documents (the id of one with findings on this page "
            "shows them)") in many
    assert "<summary>The table of all 299 outlets</summary>" in many
    assert "<details" not in page  # 5 documents and 3 outlets: shown


def test_tables_of_thousands_of_rows_list_those_worth_a_look(data: dict[str, Any]) -> None:
    # A folder of 50,000 posts made a page of 27 MB, 22 of them these tables.
    many = many_sources(data, 300)
    cluster = many["clusters"][0]
    cluster["members"] = [m for m in cluster["members"] if m["doc"] in ("d1", "d100", "d200")]
    many["documents"][249]["role"] = "reference"
    page = render_html(many, table_limit=5)
    table = page[page.index('<table class="docs">'):]
    table = table[:table.index("</table>")]
    # The reference, the three documents with findings, then the first other;
    # in report order.
    assert re.findall(r"<tr><td>(?:<a [^>]*>)?(d\d+)<", table) == [
        "d1", "d2", "d100", "d200", "d250"]
    assert ("<summary>The table of 5 of the 300 documents: the references and those with "
            "findings on this page first; <span class=\"path\">report.json</span> lists all (the "
            "id of one with findings on this page shows them)</summary>") in page
    outlets = render_html(many_sources(data, 300), table_limit=50)
    assert ("<summary>The table of the 50 outlets with the most variants, of 299</summary>"
            in outlets)
    assert outlets.count("<tr><td data-v=") == 50
    assert "of 299 outlets; the 50 with the most are in the" in outlets
    assert render_html(many, table_limit=None).count("<tr><td>") == 300


def test_a_document_id_links_to_its_findings(page: str) -> None:
    assert ('<td><a href="#who=d%3Ad2" title="show this document\'s findings">d2</a></td>'
            in page)


def test_the_filter_menu_lists_the_documents_and_outlets_of_the_findings_on_the_page(
        data: dict[str, Any]) -> None:
    page = render_html(data, limit=1)  # c17: four passages of the news snippets, 002
    snippets = next(d for d in data["documents"] if d["path"].startswith("002"))
    menu = page[page.index('<select id="f-who"'):page.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', menu) == [
        "", f"s:{snippets['path']}", f"d:{snippets['id']}"]
    table = page[page.index('<table class="docs">'):]
    table = table[:table.index("</table>")]
    assert re.findall(r'<a href="#who=d%3A(d\d+)"', table) == [snippets["id"]]
    assert "<tr><td>d1</td>" in table  # no finding on this page: no link to an empty view


def test_every_member_shows_its_line_and_span(page: str, data: dict[str, Any]) -> None:
    for cluster in data["clusters"]:
        for member in cluster["members"]:
            assert f"line {member['line']} · chars {member['start']}–{member['end']}" in page


def test_per_outlet_table_counts_variants(page: str) -> None:
    table = page[page.index('id="outlet-table"'):page.index("</table>", page.index("outlet-table"))]
    assert re.search(r'<td data-v="The Sofia Globe">The Sofia Globe</td>'
                     r'<td class="n" data-v="1">1</td><td class="n" data-v="12">12</td>'
                     r'<td class="n" data-v="6">6</td><td class="n" data-v="5">5</td>'
                     r'<td class="n" data-v="1">1</td>', table)


def test_documents_table_shows_each_media_documents_overlap_with_the_references(
    page: str, data: dict[str, Any]
) -> None:
    table = page[page.index('<table class="docs">'):]
    table = table[:table.index("</table>")]
    assert "words in references" in table and "word pairs in references" in table
    for doc in data["documents"]:
        row = table[table.index(f'<tr><td><a href="#who=d%3A{doc["id"]}"'):]
        cells = re.findall(r'<td class="n">([^<]*)</td>', row[:row.index("</tr>")])
        if doc["role"] == "reference":
            assert cells[1:] == ["—", "—"]
        else:
            assert cells[1:] == [f"{doc['reference_words']:.0%}",
                                 f"{doc['reference_word_pairs']:.0%}"]


def test_a_share_short_of_all_or_none_never_reads_100_or_0_percent(data: dict[str, Any]) -> None:
    # A reprint with one number changed has 99.8% of its words in the release, not 100%.
    nearly = {**data, "documents": [{**d, "reference_words": 0.9977, "reference_word_pairs": 0.003}
                                    if d["role"] == "media" else d for d in data["documents"]]}
    table = render_html(nearly)
    table = table[table.index('<table class="docs">'):]
    row = table[table.index('<tr><td><a href="#who=d%3Ad2"'):]
    cells = re.findall(r'<td class="n">([^<]*)</td>', row[:row.index("</tr>")])
    assert cells[1:] == ["99.8%", "0.3%"]


def test_each_cluster_lists_its_edited_versions_before_its_copies(page: str) -> None:
    # In a story reprinted by twenty papers, the one that changed a number comes first.
    for card in page.split('<article class="card cluster"')[1:]:
        found = re.findall(r'data-label="(\w+)" data-fidelity="([\d.]+)"', card)
        edited = ["Same words as the original." not in item
                  for item in card.split('<li class="variant item"')[1:]]
        keys = [(not has_edits, float(fidelity))
                for has_edits, (_, fidelity) in zip(edited, found, strict=True)]
        assert keys == sorted(keys)
    card = page[page.index('id="c9"'):]
    assert re.findall(r'data-label="(\w+)"', card[: card.index("</article>")]) == [
        "cosmetic", "verbatim"]


def test_without_references_the_documents_table_has_no_overlap_columns(
    data: dict[str, Any]
) -> None:
    media_only = {**data, "documents": [{**d, "role": "media", "reference_words": None,
                                         "reference_word_pairs": None}
                                        for d in data["documents"]]}
    assert "words in references" not in render_html(media_only)


def test_rendering_is_deterministic(data: dict[str, Any]) -> None:
    assert render_html(data) == render_html(data)


def test_hostile_markup_never_becomes_markup(hostile_page: str) -> None:
    elements = _parse(hostile_page)
    tags = [t for t, _ in elements.tags]
    assert tags.count("script") == 1
    assert "img" not in tags and "textarea" not in tags and "i" not in tags
    for tag, attrs in elements.tags:
        assert not [name for name in attrs if name.startswith("on")], tag
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().lstrip().startswith("javascript:"), tag
    assert "pwned" not in "".join(elements.scripts)
    assert "&lt;script&gt;document.title=&#39;pwned-script&#39;&lt;/script&gt;" in hostile_page
    assert "&lt;/textarea&gt;" in hostile_page


def test_only_web_links_become_links(hostile_page: str) -> None:
    hrefs = [a["href"] for t, a in _parse(hostile_page).tags if t == "a" and "href" in a]
    assert "https://example.org/story?a=1&b=<2>" in hrefs
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs)


def test_quotes_are_rendered_with_source_context_and_diff() -> None:
    page = render_html(_quote_report())
    card = page[page.index('id="q-q1"'):]
    card = card[: card.index("</article>")]
    assert "Jens Stoltenberg" in card
    assert '<span class="badge l-altered">altered</span>' in card
    assert '<span class="flag">modal-changed</span>' in card
    assert '<span class="ctx">He was asked. </span>' in card
    assert "replaced: </span>would<" in card and "replaced: </span>will<" in card
    assert "Wire &lt;b&gt;X&lt;/b&gt;" in page


def test_unsourced_quote_says_so_and_escapes_its_speaker() -> None:
    page = render_html(_quote_report())
    card = page[page.index('id="q-q2"'):]
    card = card[: card.index("</article>")]
    assert "No source passage found" in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card
    assert "img" not in [t for t, _ in _parse(page).tags]


def test_quote_counts_replace_cluster_counts_in_the_outlet_table() -> None:
    page = render_html(_quote_report())
    assert "mean fidelity<small>over quotations</small>" in page
    assert re.search(r'<td data-v="Wire &lt;b&gt;X&lt;/b&gt;">Wire &lt;b&gt;X&lt;/b&gt;</td>'
                     r'<td class="n" data-v="1">1</td><td class="n" data-v="2">2</td>', page)


def test_diff_slices_at_the_edit_offsets() -> None:
    edit = {"op": "insert", "source": "", "variant": "very", "source_start": 7,
            "source_end": 7, "variant_start": 7, "variant_end": 11}
    result = diff("It was good", "It was very good", [edit])
    assert result.highlighted
    assert [(p.text, p.kind) for p in result.variant] == [
        ("It was ", None), ("very", "ins"), (" good", None)]
    assert [(p.text, p.kind) for p in result.source] == [
        ("It was ", None), ("", "gap"), ("good", None)]


@pytest.mark.parametrize("offsets", [
    pytest.param({}, id="missing"),
    pytest.param({"source_start": 3, "source_end": 99, "variant_start": 3, "variant_end": 8},
                 id="outside-the-text"),
    pytest.param({"source_start": 0, "source_end": 2, "variant_start": 0, "variant_end": 2},
                 id="not-the-edited-word"),
])
def test_diff_without_usable_offsets_lists_the_edit_unhighlighted(offsets: dict[str, int]) -> None:
    edit = {"op": "replace", "source": "will", "variant": "would", **offsets}
    result = diff("It will go", "It would go", [edit])
    assert not result.highlighted
    assert [p.kind for p in result.source + result.variant] == [None, None]
    assert result.edits == (edit,)


def test_write_reports_writes_three_files_atomically(data: dict[str, Any], tmp_path: Path) -> None:
    written = write_reports(data, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clusters.csv", "report.html",
                                                          "summary.md"]
    assert written[0].read_text(encoding="utf-8") == render_html(data)


def test_hostile_text_is_in_the_page_as_text(hostile_page: str) -> None:
    import html

    assert HOSTILE.split(" that")[0] in html.unescape(hostile_page)


def test_outlet_chart_stays_small_with_many_outlets(data: dict[str, Any]) -> None:
    page = render_html(many_sources(data, 300))
    chart = page[page.index('aria-label="Share of each verdict per outlet"'):]
    chart = chart[:chart.index("</figure>")]
    height = float(re.search(r'viewBox="0 0 520 ([\d.]+)"', page).group(1))  # type: ignore[union-attr]
    assert height < 600
    names = re.findall(r'<text class="name"[^>]*>([^<]*)</text>', chart)
    assert 5 <= len(names) < 20
    assert len(set(names)) == len(names), "labels cut to the same words tell no file apart"
    assert "of 299 outlets" in chart  # the others are in the table below
    assert page.count('<tr><td data-v="newspapers_rawtexts') == 299


SPLICED_SOURCE = ("Targeting and murdering civilians is a war crime.\n"
                  "All the facts must be established.\nSo this is a crucial phase of the war.")
SPLICED_QUOTE = ("Targeting and murdering civilians is a grave war crime. "
                 "So this is a crucial phase of the war,")
SPLICED_EDITS = [
    {"op": "insert", "source": "", "variant": "grave", "material": None, "cosmetic": False,
     "trim": False, "source_start": 38, "source_end": 38, "variant_start": 39, "variant_end": 44},
    # The source words between two spliced passages: the audit gives them no offsets.
    {"op": "delete", "source": "All the facts must be established.", "variant": "",
     "material": None, "cosmetic": False, "trim": False, "source_start": None,
     "source_end": None, "variant_start": None, "variant_end": None},
]


def test_spliced_quotation_marks_its_other_edits_and_says_which_it_cannot() -> None:
    result = diff(SPLICED_SOURCE, SPLICED_QUOTE, SPLICED_EDITS)
    assert result.highlighted
    assert [(p.text, p.kind, p.number) for p in result.variant if p.kind] == [("grave", "ins", 1)]
    assert result.marked == (True, False)
    report = _quote_report()
    report["quotes"][0].update(text=SPLICED_QUOTE, edits=SPLICED_EDITS, flags=["spliced"])
    report["quotes"][0]["source"].update(text=SPLICED_SOURCE)
    card = render_html(report)
    card = card[card.index('id="q-q1"'):]
    card = card[: card.index("</article>")]
    assert "inserted: </span>grave<" in card
    items = card[card.index('<ol class="edits">'):].split("<li")[1:]
    assert "not marked in the text" not in items[0]
    assert "not marked in the text" in items[1]


# A quotation interrupted by its attribution: its text runs from the first
# fragment to the last, the reporter's words between them included.
SPLIT_QUOTE = ("We now see a significant movement of troops away from Kyiv”, Stoltenberg said, "
               "“to regroup, rearm and refuel")
SPLIT_SOURCE = ("We now see a significant movement of troops away from Kyiv.\n"
                "To regroup, rearm and resupply.")


def test_words_between_a_quotations_fragments_are_shown_as_not_quoted() -> None:
    report = _quote_report()
    edits = [{"op": "replace", "source": "To", "variant": "to", "material": None,
              "cosmetic": True, "trim": False, "source_start": 60, "source_end": 62,
              "variant_start": 80, "variant_end": 82},
             {"op": "replace", "source": "resupply", "variant": "refuel", "material": None,
              "cosmetic": False, "trim": False, "source_start": 82, "source_end": 90,
              "variant_start": 102, "variant_end": 108}]
    report["quotes"][0].update(text=SPLIT_QUOTE, start=256, end=364, edits=edits,
                               fragments=[{"start": 256, "end": 314},
                                          {"start": 336, "end": 364}])
    report["quotes"][0]["source"].update(text=SPLIT_SOURCE)
    card = render_html(report)
    card = card[card.index('id="q-q1"'):]
    card = card[: card.index("</article>")]
    quoted = card[card.index(">Quoted</div>"):]
    assert re.search(r'Kyiv<span class="out"[^>]*><span class="sr">\[not quoted: </span>'
                     r'”, Stoltenberg said, “<span class="sr">\]</span></span><span class="e cos"',
                     quoted)
    assert "replaced: </span>refuel<" in quoted


def test_an_unsourced_quotations_interrupting_words_are_shown_as_not_quoted() -> None:
    report = _quote_report()
    report["quotes"][1].update(text="We would respond if he uses it”, he said, “The nature",
                               fragments=[{"start": 80, "end": 110}, {"start": 123, "end": 133}])
    card = render_html(report)
    card = card[card.index('id="q-q2"'):]
    assert re.search(r'it<span class="out"[^>]*><span class="sr">\[not quoted: </span>'
                     r'”, he said, “<span class="sr">\]</span></span>The nature</blockquote>', card)


def test_a_copy_measured_against_another_reference_version_is_shown_beside_it(
        tmp_path: Path) -> None:
    # 004 as delivered, and the text handed out before with one word of
    # its in another; the paper quotes the words spoken.
    delivered = (Path(__file__).parent.parent / "inputs"
                 / "004_nato_brussels_2024-04-04_transcript.txt").read_bytes()
    (tmp_path / "delivered.txt").write_bytes(delivered)
    (tmp_path / "prepared.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg, as prepared.\n\n"
        "The situation on the battlefield remains difficult.\n"
        "Ukraine needs more air defences, more ammunition, and more aid.\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "Stoltenberg warned: \u201cThe situation on the battlefield remains serious.\u201d\n",
        encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,role,date\nprepared.txt,reference,2024-04-03\ndelivered.txt,reference,2024-04-04\n"
        "article.txt,media,2024-04-04\n", encoding="utf-8")
    data = report_to_dict(dedup.scan(tmp_path))
    ids = {doc["path"]: doc["id"] for doc in data["documents"]}
    (cluster,) = [c for c in data["clusters"]
                  if any(m["doc"] == ids["article.txt"] for m in c["members"])]
    article = next(m for m in cluster["members"] if m["doc"] == ids["article.txt"])
    against = cluster["members"][article["against"]]
    assert cluster["members"][cluster["canonical"]]["doc"] == ids["prepared.txt"]
    assert (against["doc"], article["label"], article["edits"]) == (
        ids["delivered.txt"], "verbatim", [])
    (tmp_path / "out").mkdir()
    write_reports(data, tmp_path / "out")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "measured against the nearest reference version" in page
    assert "Same words as the reference version." in page
    rows = (tmp_path / "out" / "clusters.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("cluster,original,against,against_line,doc,")
    assert f",no,{ids['delivered.txt']},{against['line']},{ids['article.txt']},article.txt," \
        in "\n".join(rows)
