"""Quotation extraction on real text from inputs/ and variants cut from it."""

from __future__ import annotations

import pytest
from conftest import input_path

from dedup.quotes import extract


def _fragments(text: str) -> list[list[str]]:
    return [[text[f.start : f.end] for f in q.fragments] for q in extract(text)]


def test_every_direct_quotation_of_the_article_is_found() -> None:
    text = input_path("001").read_text(encoding="utf-8")
    quotes = extract(text)
    assert [text[q.start : q.start + 30] for q in quotes] == [
        "We now see a significant movem",
        "Targeting and murdering civili",
        "In the coming weeks, we expect",
        "Nato will also look to provide",
        "I expect we will also decide t",
        "At a time when authoritarian p",
    ]


def test_opening_mark_used_as_closing_mark_closes() -> None:
    text = "“All those responsible must be brought to justice,“ he said, commenting on Bucha."
    assert _fragments(text) == [["All those responsible must be brought to justice,"]]


def test_reversed_double_mark_closes() -> None:
    text = "“We will not be specific before they are able to conclude‟, he said."
    assert _fragments(text) == [["We will not be specific before they are able to conclude"]]


def test_quote_split_by_attribution_is_one_quotation_of_two_fragments() -> None:
    text = ("“We would respond if he uses it”, he said, “The nature of the response would "
            "depend on the nature of the use.”")
    use = "The nature of the response would depend on the nature of the use."
    assert _fragments(text) == [["We would respond if he uses it", use]]


def test_word_quoted_before_an_attribution_and_its_quotation_are_two_quotations() -> None:
    # No comma or dash breaks the first off: it is a word quoted in the reporting.
    text = ("Stoltenberg called the summit “extraordinary” and said: “Allies are determined to "
            "provide further support to Ukraine.”")
    assert _fragments(text) == [
        ["extraordinary"], ["Allies are determined to provide further support to Ukraine."]
    ]


def test_quote_after_a_full_stop_and_attribution_is_a_new_quotation() -> None:
    text = "“We now see troops leave Kyiv,” he said. “Allies are determined to help.”"
    assert len(extract(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Biden said: “We will act now to defend every inch of allied territory.”\n\n"
                     "Scholz told reporters: “Germany stands ready to help our partners.”",
                     id="paragraphs"),
        pytest.param("Biden said: “We will act now to defend every inch of allied territory.” "
                     "Scholz told reporters: “Germany stands ready to help our partners.”",
                     id="one-line"),
        pytest.param('Biden said: "We will act now to defend every inch of allied territory."\n'
                     'Scholz told reporters: "Germany stands ready to help our partners."',
                     id="straight-marks-next-line"),
        pytest.param("“We will act now to defend every inch of allied territory,”\n"
                     "he said,\n“Germany stands ready to help our partners.”",
                     id="attribution-on-a-line-of-its-own"),
    ],
)
def test_quotations_apart_across_a_line_or_after_a_full_stop_are_not_joined(text: str) -> None:
    first, second = _fragments(text)
    assert first[0].startswith("We will act now to defend every inch of allied territory")
    assert (len(first), second) == (1, ["Germany stands ready to help our partners."])


def test_straight_marks_inside_a_curly_quotation_are_part_of_it() -> None:
    text = ("“We have all seen the horrific images of murdered civilians in \"Bucha\" and other "
            "places,” Stoltenberg said. “We now see \"DIANA\",\" he added.")
    assert _fragments(text) == [
        ["We have all seen the horrific images of murdered civilians in \"Bucha\" and other "
         "places,"],
        ["We now see \"DIANA\","],  # the last straight mark closes the mismatched pair
    ]


def test_french_closing_mark_after_a_space_closes() -> None:
    text = "« Nous allons agir maintenant pour la paix en Europe », a dit Macron. « Vraiment »"
    assert _fragments(text) == [["Nous allons agir maintenant pour la paix en Europe"],
                                ["Vraiment"]]


def test_british_single_marks_and_apostrophes() -> None:
    text = ("Mr Biden said: ‘We would respond if he uses it’. NATO’s allies don’t agree "
            "and the Allies’ position is clear.")
    assert _fragments(text) == [["We would respond if he uses it"]]


def test_british_straight_single_marks_are_quotation_marks() -> None:
    # The Mail and the Times print quotations between straight single marks.
    text = ("Stoltenberg said: 'We now see a significant movement of troops away from Kyiv.' "
            "He said Nato's Allies were 'determined' to help, and that Allies' aid "
            "would grow. 'So this is a crucial phase of the war,' he said.")
    assert _fragments(text) == [
        ["We now see a significant movement of troops away from Kyiv."],
        ["determined"],
        ["So this is a crucial phase of the war,"],
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("He said: 'The Allies' position is clear, and we'll help.' Then he left.",
                     [["The Allies' position is clear, and we'll help."]],
                     id="plural-possessive-inside"),
        pytest.param("He called the talks 'a failure' and the Allies' response 'weak'.",
                     [["a failure"], ["weak"]], id="plural-possessive-outside"),
        pytest.param("He called them 'cowards' in public, then wrote: 'They will not win.'",
                     [["cowards"], ["They will not win."]], id="quote-ends-in-s"),
        pytest.param("He played rock 'n' roll in the '60s and said: 'We will stand together.'",
                     [["We will stand together."]], id="elisions"),
        pytest.param("He said: 'I've done a rock 'n roll album and I'm plugging it,' he said.",
                     [["I've done a rock 'n roll album and I'm plugging it,"]],
                     id="rock-n-roll-one-mark"),
        pytest.param("He said: 'I've done a rock 'n 'roll album and I'm plugging it,' he said.",
                     [["I've done a rock 'n 'roll album and I'm plugging it,"]],
                     id="rock-n-roll-misspelt"),
    ],
)
def test_straight_single_marks_and_apostrophes(text: str, quoted: list[list[str]]) -> None:
    assert _fragments(text) == quoted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("He said: 'So this is a crucial phase of the war,\" Stoltenberg said. "
                     "Ministers meet on Thursday.", "So this is a crucial phase of the war,",
                     id="straight"),
        pytest.param("He said: ‘So this is a crucial phase of the war,” Stoltenberg said. "
                     "Ministers meet on Thursday.", "So this is a crucial phase of the war,",
                     id="curly"),
        pytest.param("He said: 'We have all seen the images from \"Bucha\" and other places.' "
                     "Ministers meet on Thursday.",
                     "We have all seen the images from \"Bucha\" and other places.",
                     id="a quotation inside, not a mismatch"),
    ],
)
def test_single_mark_closed_by_a_double_mark_is_a_mismatched_pair(text: str, quoted: str) -> None:
    # Not a quotation that runs on over its attribution to the paragraph's end.
    assert _fragments(text) == [[quoted]]


def test_straight_single_quotation_reopens_each_paragraph() -> None:
    text = ("Stoltenberg said: 'In the coming weeks, we expect a further Russian push.\n"
            "'To try to take the entire Donbas and to create a land-bridge to occupied Crimea.\n"
            "'So this is a crucial phase of the war.'\nMinisters meet on Thursday.")
    (quote,) = extract(text)
    assert [text[f.start : f.end] for f in quote.fragments] == [
        "In the coming weeks, we expect a further Russian push.",
        "To try to take the entire Donbas and to create a land-bridge to occupied Crimea.",
        "So this is a crucial phase of the war.",
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param("Er sagte: „Wir sind bereit“ und ging.", "Wir sind bereit", id="german"),
        pytest.param("Il a dit : « Nous sommes prêts » hier.", "Nous sommes prêts", id="french"),
        pytest.param("Er sagte: »Wir sind bereit« und ging.", "Wir sind bereit", id="reversed"),
        pytest.param('He said "we are ready to act" today.', "we are ready to act", id="straight"),
        pytest.param("extend my term until 30 September 2023″. Next", None, id="double-prime"),
    ],
)
def test_quotation_mark_styles(text: str, quoted: str | None) -> None:
    found = _fragments(text)
    if quoted is None:
        assert found == [["extend my term until 30 September 2023"]]
    else:
        assert found == [[quoted]]


def test_multi_paragraph_quote_reopens_each_paragraph() -> None:
    text = (
        "Stoltenberg said: “In the coming weeks, we expect a further Russian push.\n\n"
        "“To try to take the entire Donbas and to create a land-bridge to occupied Crimea.”\n\n"
        "Ministers meet on Thursday."
    )
    (quote,) = extract(text)
    assert [text[f.start : f.end] for f in quote.fragments] == [
        "In the coming weeks, we expect a further Russian push.",
        "To try to take the entire Donbas and to create a land-bridge to occupied Crimea.",
    ]


def test_unclosed_mark_stops_at_its_paragraph() -> None:
    text = ("He said “we expect a further Russian push in eastern Ukraine.\n\n"
            "Allies are determined to provide further support to Ukraine.\n\n"
            "“So this is a crucial phase of the war,” he said.")
    assert _fragments(text) == [
        ["we expect a further Russian push in eastern Ukraine."],
        ["So this is a crucial phase of the war,"],
    ]


# The Sofia Globe's report as a newspaper's PDF gives it: a page break, its
# number and the next page's running header, inside a quotation.
_PAGES = ("THE SOFIA GLOBE\n\n"
          "“In the coming weeks, we expect a further Russian push in eastern\n"
          "and southern Ukraine. So this is a crucial phase of the\n\n"
          "- 1 -\n\fTHE SOFIA GLOBE\n\n"
          "war,” he said.\n\n"
          "Stoltenberg said that Nato Allies are determined to provide further\n"
          "support to Ukraine.\n\n"
          "- 2 -\n")


def test_a_quotation_runs_on_across_a_pdfs_page_break() -> None:
    # The blank lines around the furniture ended the paragraph: the quotation
    # stopped at "phase of the", and "war," was a quotation of its own.
    assert _fragments(_PAGES) == [[
        "In the coming weeks, we expect a further Russian push in eastern\n"
        "and southern Ukraine. So this is a crucial phase of the\n\n- 1 -\n"
        "\fTHE SOFIA GLOBE\n\nwar,"]]


def test_a_page_that_ends_a_sentence_still_ends_an_unclosed_quotations_paragraph() -> None:
    text = _PAGES.replace("phase of the\n\n", "phase of the war.\n\n").replace(
        "war,” he said.", "Allies met on Thursday.")
    assert _fragments(text) == [[
        "In the coming weeks, we expect a further Russian push in eastern\n"
        "and southern Ukraine. So this is a crucial phase of the war."]]


def test_closing_mark_without_opening_starts_at_its_sentence() -> None:
    text = ("officials said. The nature of the response would depend on the nature of the use.” "
            "We want him to remain uncertain.")
    use = "The nature of the response would depend on the nature of the use."
    assert _fragments(text) == [[use]]


def test_new_opening_while_open_ends_the_unclosed_quotation_at_its_sentence() -> None:
    text = "“We are remaining deliberately ambiguous. “We would respond if he uses it.”"
    assert _fragments(text) == [["We are remaining deliberately ambiguous."],
                                ["We would respond if he uses it."]]


def test_snippet_cut_with_an_ellipsis_does_not_run_into_the_next_paragraph() -> None:
    text = input_path("002").read_text(encoding="utf-8")
    found = [fragments for fragments in _fragments(text)
             if fragments[0].startswith("the nature of the response will depend")]
    assert found == [["the nature of the response will depend on ..."]]


@pytest.mark.parametrize("more", ["... See more", "… Show more", "…more"])
def test_post_cut_short_by_its_platform_does_not_run_into_the_next_post(more: str) -> None:
    text = (f"Stoltenberg: “We have all seen the horrific images of murdered civilians{more}\n\n"
            "“Nato will also look to provide cybersecurity assistance,” he said.")
    assert _fragments(text) == [
        [f"We have all seen the horrific images of murdered civilians{more}"],
        ["Nato will also look to provide cybersecurity assistance,"],
    ]


def test_scare_quote_is_short() -> None:
    text = "Mr Stoltenberg tweeted that he is “honoured” by the decision of Nato leaders."
    (quote,) = extract(text)
    assert quote.short
    assert text[quote.start : quote.end] == "honoured"


@pytest.mark.parametrize("marks", ["“", "”", "\"", "«", "„", "‘", "’", "“ ” “", "\"\"\""])
def test_odd_and_stray_marks_never_crash_or_swallow_the_document(marks: str) -> None:
    article = input_path("001").read_text(encoding="utf-8")
    broken = article.replace("Stoltenberg said that Nato Allies", f"{marks} Stoltenberg said "
                             "that Nato Allies", 1)
    quotes = extract(broken)
    for quote in quotes:
        for fragment in quote.fragments:
            assert "\n\n" not in broken[fragment.start : fragment.end]
    assert any(broken[q.start : q.end].startswith("At a time when") for q in quotes)


def test_offsets_are_exact_on_every_input() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = input_path(prefix).read_text(encoding="utf-8")
        for quote in extract(text):
            assert quote.opens <= quote.start < quote.end <= quote.closes
            for fragment in quote.fragments:
                piece = text[fragment.start : fragment.end]
                assert piece == piece.strip() and piece
                assert piece[0] not in "“”\"«»„"


def test_an_attribution_between_fragments_spread_over_caption_cues_joins_them() -> None:
    from dedup.ingest.captions import caption_text

    cues = ["“We now see a significant movement of troops away from Kyiv,”",
            "NATO chief Jens Stoltenberg", "said,", "“to regroup, rearm and resupply.”"]
    text = caption_text("WEBVTT\n\n" + "".join(
        f"00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.000 align:start position:0%\n"
        f"{cue}\n\n" for n, cue in enumerate(cues, start=1)), ".vtt")
    (quotation,) = extract(text)
    assert [text[f.start:f.end] for f in quotation.fragments] == [
        "We now see a significant movement of troops away from Kyiv,",
        "to regroup, rearm and resupply.",
    ]


@pytest.mark.parametrize(
    ("text", "outer", "inner"),
    [
        pytest.param("A diplomat said: “Stoltenberg told us ‘targeting and murdering civilians "
                     "is a war crime’ and we agreed.”",
                     ["Stoltenberg told us", "and we agreed."],
                     "targeting and murdering civilians is a war crime", id="single-in-double"),
        pytest.param("'He told me \"we will not retreat from our commitment\" and I believed "
                     "him,' she said.",
                     ["He told me", "and I believed him,"],
                     "we will not retreat from our commitment", id="double-in-single"),
        pytest.param("“The nurses' union says 'we want more money now' and I agree,” she said.",
                     ["The nurses' union says", "and I agree,"], "we want more money now",
                     id="straight-with-a-possessive"),
    ],
)
def test_a_quotation_within_a_quotation_is_one_of_its_own(
        text: str, outer: list[str], inner: str) -> None:
    # The speaker repeats someone else's words: those are not the speaker's.
    quotations = extract(text)
    assert _fragments(text) == [outer, [inner]]
    assert [[text[f.start : f.end] for f in q.within] for q in quotations] == [[inner], []]
    (whole,) = quotations[0].whole().fragments
    assert text[whole.start : whole.end] == text[text.index(outer[0]) : text.index(outer[1])
                                                  + len(outer[1])]


def test_a_scare_quote_within_a_quotation_stays_in_its_words() -> None:
    text = "“They called it ‘honoured’ and left,” he said."
    assert _fragments(text) == [["They called it ‘honoured’ and left,"]]
    assert extract(text)[0].within == ()


def test_a_quotation_ending_with_one_within_is_whole_to_its_closing_mark() -> None:
    text = "“My nickname at school was ‘the silent one’.” he said."
    (outer, inner) = extract(text)
    assert _fragments(text) == [["My nickname at school was"], ["the silent one"]]
    (whole,) = outer.whole().fragments
    assert text[whole.start : whole.end] == "My nickname at school was ‘the silent one’."
    assert inner.whole() is inner
