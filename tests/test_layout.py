"""Page furniture: the page numbers, running headers and footers of a PDF's text."""

from __future__ import annotations

import pytest
from conftest import PDF_PAGES, input_path

from dedup.layout import footnote_markers, page_furniture


def _lines(text: str, *, repeated: bool = True) -> list[str]:
    return [text[start:end] for start, end in page_furniture(text, repeated=repeated)]


def test_page_numbers_and_running_headers_are_furniture() -> None:
    assert _lines(PDF_PAGES) == ["NATO UNCLASSIFIED", "Page 1 of 3", "NATO UNCLASSIFIED", "- 2 -",
                                 "NATO UNCLASSIFIED", "Page 3 of 3"]


def test_a_header_with_no_blank_line_under_it_is_furniture_where_it_repeats() -> None:
    # A PDF library's text: no blank line sets the header or footer off the page's words.
    text = PDF_PAGES.replace("UNCLASSIFIED\n\n", "UNCLASSIFIED\n").replace("\n\nPage", "\nPage")
    assert _lines(text) == ["NATO UNCLASSIFIED", "Page 1 of 3", "NATO UNCLASSIFIED", "- 2 -",
                            "NATO UNCLASSIFIED", "Page 3 of 3"]
    # A page's first line that no other page repeats stays its words.
    text = text.replace("\fNATO UNCLASSIFIED\nto our", "\fNATO UNCLASSIFIED\nTo our")
    assert _lines(text.replace("NATO UNCLASSIFIED\n", "")) == ["Page 1 of 3", "- 2 -",
                                                                "Page 3 of 3"]


def test_a_line_starting_one_page_only_is_no_header() -> None:
    # A heading or a short paragraph at the top of a page, not repeated.
    text = PDF_PAGES.replace("\fNATO UNCLASSIFIED\n\nBut", "\fQuestions and answers\n\nBut")
    assert "Questions and answers" not in _lines(text)
    assert "- 2 -" in _lines(text)


@pytest.mark.parametrize(
    "first_line",
    [
        pytest.param("So this is a crucial phase of the war.", id="a-sentence"),
        pytest.param("NATO Secretary General:", id="a-speaker-label"),
    ],
)
def test_a_sentence_or_a_label_is_no_header_even_on_every_page(first_line: str) -> None:
    text = PDF_PAGES.replace("NATO UNCLASSIFIED", first_line)
    assert _lines(text) == ["Page 1 of 3", "- 2 -", "Page 3 of 3"]


def test_in_a_passage_the_lines_next_to_a_page_break_are_furniture_by_their_shape() -> None:
    start = PDF_PAGES.index("This morning")
    passage = PDF_PAGES[start : PDF_PAGES.index("security.") + len("security.")]
    assert _lines(passage) == ["Page 1 of 3"]
    assert _lines(passage, repeated=False) == ["Page 1 of 3", "NATO UNCLASSIFIED"]


def test_a_page_number_line_is_furniture_without_a_form_feed() -> None:
    text = "the challenges posed by China\n\nPage 4 of 12\n\nto our interests."
    assert _lines(text) == ["Page 4 of 12"]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_the_sample_documents_have_no_furniture(name: str) -> None:
    assert page_furniture(input_path(name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        pytest.param("brought to justice.12 NATO Allies", ["12"], id="after-a-full-stop"),
        pytest.param("must be established,3 and all", ["3"], id="after-a-comma"),
        pytest.param("protect our values.”¹ Stoltenberg", ["¹"], id="after-a-quotation"),
        pytest.param("brought to justice. 12 NATO Allies", [], id="after-a-space"),
        pytest.param("Article 5 is Art.5 of the treaty", [], id="a-reference"),
        pytest.param("an area of 3.5 km.2 in all", [], id="after-a-short-word"),
        pytest.param("the sovereignty12 of Ukraine", [], id="glued-to-the-word"),
        pytest.param("in the year 2022.12 more", [], id="after-a-number"),
    ],
)
def test_footnote_markers_are_glued_to_the_mark_after_a_word(
    text: str, markers: list[str]
) -> None:
    assert [text[start:end] for start, end in footnote_markers(text)] == markers
