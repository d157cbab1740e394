"""The HTML report in a real browser: headless Chromium driven by Playwright.

Uses the system's Chromium (Debian's ``chromium`` package, installed by
``.ci/run``); never downloads a browser. Skipped, with the reason, only when
Playwright or Chromium is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import many_sources, write_hostile_corpus

import dedup
from dedup.report import report_to_dict, write_html

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install '.[test]'"
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class _Page:
    """A page with every console error, page error, dialog and request recorded."""

    def __init__(self, browser: Any, path: Path, fragment: str = "") -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri() + fragment)

    def visible(self, selector: str) -> int:
        return int(self.page.locator(f"{selector}:visible").count())


@pytest.fixture(scope="module")
def report_data(inputs_dir: Path) -> dict[str, Any]:
    return report_to_dict(dedup.scan(inputs_dir))


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory, report_data: dict[str, Any]) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_html(report_data, path)
    return path


def test_opens_offline_without_console_errors(browser: Any, report_page: Path,
                                              tmp_path: Path) -> None:
    page = _Page(browser, report_page)
    assert page.page.locator("h1").inner_text() == "Copied and altered passages"
    page.page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert page.errors == []
    assert page.requests == [report_page.as_uri()]
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_label_filter_hides_other_verdicts_and_keeps_the_state_in_the_url(
        browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page)
    assert page.visible(".variant") == 31
    page.page.select_option("#f-label", "altered")
    assert page.visible(".variant") == 5
    assert page.visible(".cluster") == 3
    assert page.page.evaluate("location.hash") == "#label=altered"
    assert page.page.locator("#f-status").inner_text() == (
        "Showing 3 of 23 clusters, 5 of 31 variants.")
    assert page.errors == []


def test_shared_link_restores_the_filters(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page, "#who=s%3AThe+Sofia+Globe&max=0.9")
    assert page.page.locator("#f-who").input_value() == "s:The Sofia Globe"
    assert page.page.locator("#f-max").input_value() == "0.9"
    assert page.visible(".variant") == 1  # c11, the Globe's altered passage at 0.71
    assert page.visible("#c11") == 1


def test_text_search_and_minimum_fidelity(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page)
    page.page.fill("#f-q", "nature of the response")
    assert page.visible(".variant") == 3
    page.page.fill("#f-min", "0.8")
    assert page.visible(".variant") == 1
    page.page.click("#f-reset")
    # The form's reset applies the filters in a timeout of its own: wait for it.
    sync_api.expect(page.page.locator(".variant:visible")).to_have_count(31)


def test_modal_edit_is_highlighted(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page)
    page.page.select_option("#f-label", "altered")
    marks = page.page.locator("#c17 .e.rep.mat:visible")
    assert marks.count() == 4  # "will" and "would", in each of two variants
    assert marks.nth(1).text_content() == "⚠[replaced: would]1"
    colour = marks.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 241, 194)"


def test_outlet_table_sorts_by_a_column(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page)
    page.page.click("#outlet-table th:last-child button")
    first = page.page.locator("#outlet-table tbody tr").first.locator("td").first
    assert first.inner_text() == "NATO"  # lowest mean fidelity, 0.89
    page.page.keyboard.press("Enter")  # the focused heading button sorts again
    assert first.inner_text() == "The Sofia Globe"


def test_hostile_documents_run_nothing(browser: Any, tmp_path: Path) -> None:
    report = report_to_dict(dedup.scan(write_hostile_corpus(tmp_path / "corpus")))
    write_html(report, tmp_path / "report.html")
    page = _Page(browser, tmp_path / "report.html")
    page.page.hover(".variant .where")
    page.page.click("text=announced")
    assert page.page.url == (tmp_path / "report.html").as_uri()
    assert page.page.title().startswith("dedup report")
    assert page.dialogs == []
    assert page.page.locator("img, textarea").count() == 0
    assert page.errors == []


def _below_the_filters(page: _Page, selector: str) -> bool:
    """Whether ``selector``'s top edge lies below the sticky filter bar's bottom edge."""
    return bool(page.page.evaluate(
        "s => document.querySelector(s).getBoundingClientRect().top"
        " >= document.getElementById('filters').getBoundingClientRect().bottom", selector))


@pytest.mark.parametrize("width", [1280, 400])
def test_a_link_to_a_cluster_shows_its_heading_below_the_sticky_filters(
        browser: Any, report_page: Path, width: int) -> None:
    page = _Page(browser, report_page, "#c17")
    page.page.set_viewport_size({"width": width, "height": 900})
    # The page sets its scroll padding to the filter bar's height when a
    # ResizeObserver reports the bar's new size, which comes a frame after
    # the resize: scrolling before it (as no reader can) used the old height.
    page.page.wait_for_function(
        "() => parseFloat(document.documentElement.style.scrollPaddingTop)"
        " >= document.getElementById('filters').offsetHeight")
    page.page.evaluate("document.getElementById('c17').scrollIntoView()")
    assert _below_the_filters(page, "#c17")
    page.page.click("nav a[href='#clusters']")
    assert _below_the_filters(page, "#h-clusters")
    assert page.errors == []


def test_an_opened_link_to_a_cluster_shows_its_heading(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page, "#c17")
    assert page.page.evaluate("document.getElementById('c17').getBoundingClientRect().top") < 900
    assert _below_the_filters(page, "#c17")


@pytest.mark.parametrize(("words", "variants"), [
    ("following the meeting", 2),  # c1: both versions say so, around an edit
    ("European Union, and by", 1),  # c11's version, around the gap where words were left out
    ("at the table. And we", 1),  # c11's original, across a line break
    ("replaced", 0),  # only the screen-reader label of an edit says so
])
def test_text_search_reads_the_passages_as_written(
        browser: Any, report_page: Path, words: str, variants: int) -> None:
    page = _Page(browser, report_page)
    page.page.fill("#f-q", words)
    assert page.visible(".variant") == variants


TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
"""Waits for the browser to draw: what it lays out is decided as it draws."""


def test_cards_out_of_sight_are_left_unrendered_until_scrolled_to(
        browser: Any, report_page: Path) -> None:
    # A report of thousands of clusters opens in seconds only if the browser
    # lays out just the cards in the window (METER's 3,369: 11 s to 4 s).
    page = _Page(browser, report_page)
    page.page.evaluate(TWO_FRAMES)
    last = page.page.locator(".cluster").last
    rendered = "e => e.querySelector('.passage').checkVisibility({contentVisibilityAuto: true})"
    assert last.evaluate(rendered) is False
    last.scroll_into_view_if_needed()
    sync_api.expect(last.locator(".passage").first).to_be_visible()
    page.page.evaluate(TWO_FRAMES)
    assert last.evaluate(rendered) is True
    assert page.visible(".variant") == 31  # still counted as shown by the filters


# The sample's "The nature of the response will depend on the nature of the use." in
# Arabic, and a copy with "will" made "may": right-to-left text as a report can hold it.
ARABIC = "إن طبيعة الرد ستعتمد على طبيعة الاستخدام."
ARABIC_COPY = "إن طبيعة الرد قد تعتمد على طبيعة الاستخدام."


def test_right_to_left_passages_read_from_the_right(browser: Any, tmp_path: Path) -> None:
    members = [{"doc": doc, "start": 0, "end": len(text), "line": 1, "text": text,
                "fidelity": fidelity, "label": label, "trimmed": False, "edits": []}
               for doc, text, fidelity, label in [("d1", ARABIC, 1.0, "verbatim"),
                                                  ("d2", ARABIC_COPY, 0.8, "altered")]]
    report = {"documents": [{"id": "d1", "path": "statement.txt", "role": "reference"},
                            {"id": "d2", "path": "story.txt", "role": "media"}],
              "clusters": [{"id": "c1", "canonical": 0, "boilerplate": False, "documents": 2,
                            "members": members}]}
    write_html(report, tmp_path / "report.html")
    page = _Page(browser, tmp_path / "report.html")
    gaps = page.page.evaluate("""() => [...document.querySelectorAll('.passage')].map(p => {
        const words = document.createRange();
        words.selectNodeContents(p);
        return [words.getBoundingClientRect().left - p.getBoundingClientRect().left,
                p.getBoundingClientRect().right - words.getBoundingClientRect().right];
    })""")
    assert len(gaps) == 2
    for left, right in gaps:
        assert right < 30 < left, "the text starts at the right edge, as Arabic is read"


def test_a_long_web_address_wraps_inside_its_card(browser: Any, tmp_path: Path) -> None:
    url = "https://www.nato.int/cps/en/natohq/opinions_194325.htm?" + "selectedLocale=en" * 20
    original = f"Transcript: {url} Press conference by NATO Secretary General Jens Stoltenberg"
    copy = "Transcript: Press conference by NATO Secretary General Jens Stoltenberg"
    edit = {"op": "delete", "source": url, "variant": "", "material": None, "cosmetic": False,
            "trim": False, "source_start": 12, "source_end": 12 + len(url),
            "variant_start": 12, "variant_end": 12}
    members = [{"doc": doc, "start": 0, "end": len(text), "line": 1, "text": text,
                "fidelity": fidelity, "label": label, "trimmed": False, "edits": edits}
               for doc, text, fidelity, label, edits in [
                   ("d1", original, 1.0, "verbatim", []), ("d2", copy, 0.5, "altered", [edit])]]
    quote = {"id": "q1", "doc": "d2", "start": 0, "end": len(copy), "text": copy,
             "speaker": url, "fragments": [], "fidelity": 0.5, "label": "altered", "flags": [],
             "source": {"doc": "d1", "start": 0, "end": len(original), "text": original},
             "edits": [edit]}
    report = {"documents": [{"id": "d1", "path": "transcript.txt", "role": "reference"},
                            {"id": "d2", "path": "story.txt", "role": "media"}],
              "clusters": [{"id": "c1", "canonical": 0, "boilerplate": False, "documents": 2,
                            "members": members}],
              "quotes": [quote]}
    write_html(report, tmp_path / "report.html")
    for width in (1280, 400):
        page = _Page(browser, tmp_path / "report.html")
        page.page.set_viewport_size({"width": width, "height": 900})
        for card in ("#c1", "#q-q1"):
            overhang = page.page.evaluate("""card => {
                const box = document.querySelector(card).getBoundingClientRect();
                return Math.max(...[...document.querySelectorAll(card + ' *')].map(
                    e => e.getBoundingClientRect().right)) - box.right;
            }""", card)
            assert overhang <= 0, f"{width}px: the address runs {overhang}px out of {card}"


def test_a_page_of_part_of_the_clusters_says_how_many_more_the_report_holds(
        browser: Any, tmp_path: Path, report_data: dict[str, Any]) -> None:
    write_html(report_data, tmp_path / "report.html", limit=5)
    page = _Page(browser, tmp_path / "report.html")
    assert page.page.locator("#f-status").inner_text() == (
        "Showing 5 of 5 clusters on this page (18 more in clusters.csv), 10 of 10 variants.")
    page.page.fill("#f-q", "no such words anywhere")
    assert page.page.locator("#empty").inner_text() == (
        "Nothing on this page matches the filters. 18 more clusters are in clusters.csv.")
    assert page.errors == []


def test_a_link_to_a_cluster_the_page_leaves_out_says_where_it_is(
        browser: Any, tmp_path: Path, report_data: dict[str, Any]) -> None:
    write_html(report_data, tmp_path / "report.html", limit=5)
    page = _Page(browser, tmp_path / "report.html", "#c2")  # not among the 5 most worth a look
    assert page.page.locator("#f-status").inner_text() == (
        "c2 is not on this page, which shows the 5 clusters most worth a look: its rows are in "
        "clusters.csv. Showing 5 of 5 clusters on this page (18 more in clusters.csv), "
        "10 of 10 variants.")
    page = _Page(browser, tmp_path / "report.html", "#c17")
    assert page.page.locator("#f-status").inner_text().startswith("Showing 5 of 5 clusters")


def test_a_link_to_a_quotation_the_page_leaves_out_says_where_it_is(
        browser: Any, tmp_path: Path, audit_data: dict[str, Any]) -> None:
    write_html(audit_data, tmp_path / "report.html", quote_limit=45)
    # The unsourced first (to check by hand), then the found ones in report order.
    quotes = audit_data["quotes"]
    unsourced = sum(q["label"] == "unsourced" for q in quotes)
    left_out = [q["id"] for q in quotes if q["label"] != "unsourced"][45 - unsourced :]
    page = _Page(browser, tmp_path / "report.html", f"#q-{left_out[0]}")
    assert page.page.locator("#f-status").inner_text() == (
        f"{left_out[0]} is not on this page, which shows the 45 quotations most worth a look: "
        f"its row is in quotes.csv. Showing 45 of 45 quotations on this page ({len(left_out)} "
        "more in quotes.csv).")


def test_the_filters_come_before_a_long_table_of_documents(
        browser: Any, tmp_path: Path, report_data: dict[str, Any]) -> None:
    # 300 documents and 299 outlets, a table row each, put the filters
    # 20,000 px down the page; folded, they are on its first screens.
    write_html(many_sources(report_data, 300), tmp_path / "report.html")
    page = _Page(browser, tmp_path / "report.html")
    top = page.page.evaluate("document.getElementById('filters').getBoundingClientRect().top")
    assert top < 2000
    page.page.click("text=The table of all 300 documents")
    assert page.visible("table.docs tbody tr") == 300
    assert page.errors == []


def test_a_document_id_in_the_table_shows_its_findings(browser: Any, report_page: Path) -> None:
    page = _Page(browser, report_page)
    page.page.click("table.docs a[href='#who=d%3Ad2']")
    sync_api.expect(page.page.locator("#f-who")).to_have_value("d:d2")
    assert page.page.locator("#f-status").inner_text() == (
        "Showing 12 of 23 clusters, 12 of 31 variants.")  # the Sofia Globe's 12
    top = page.page.evaluate("document.getElementById('clusters').getBoundingClientRect().top")
    assert top < 900
    assert page.errors == []


@pytest.fixture(scope="module")
def audit_data(inputs_dir: Path) -> dict[str, Any]:
    return report_to_dict(dedup.audit(inputs_dir))


def test_an_audits_page_counts_its_quotations_only(browser: Any, tmp_path: Path,
                                                  audit_data: dict[str, Any]) -> None:
    write_html(audit_data, tmp_path / "report.html")
    page = _Page(browser, tmp_path / "report.html")
    total = len(audit_data["quotes"])
    assert page.page.locator("#f-status").inner_text() == f"Showing {total} of {total} quotations."
    page.page.select_option("#f-label", "cosmetic")
    assert page.page.locator("#f-status").inner_text() == f"Showing 4 of {total} quotations."
    assert page.errors == []


def test_a_page_of_part_of_the_quotations_says_how_many_more_the_report_holds(
        browser: Any, tmp_path: Path, audit_data: dict[str, Any]) -> None:
    write_html(audit_data, tmp_path / "report.html", quote_limit=45)
    page = _Page(browser, tmp_path / "report.html")
    more = len(audit_data["quotes"]) - 45
    assert more > 1
    assert page.page.locator("#f-status").inner_text() == (
        f"Showing 45 of 45 quotations on this page ({more} more in quotes.csv).")
    page.page.fill("#f-q", "no such words anywhere")
    assert page.page.locator("#empty").inner_text() == (
        f"Nothing on this page matches the filters. {more} more quotations are in quotes.csv.")
    assert page.errors == []


@pytest.mark.parametrize("fragment", ["#%E0%A4%A", "#%"])
def test_a_malformed_fragment_leaves_the_filters_working(
        browser: Any, report_page: Path, fragment: str) -> None:
    page = _Page(browser, report_page, fragment)
    assert page.page.locator("#f-status").inner_text() == (
        "Showing 23 of 23 clusters, 31 of 31 variants.")
    assert page.errors == []
