"""Tests for dedup.segment: sentence spans on the sample corpus and on any text."""

from __future__ import annotations

import json
import pickle
from collections import defaultdict
from collections.abc import Iterator
from functools import partial

import nltk.tokenize
import pytest
from conftest import INPUTS, PDF_PAGES, ROOT, input_path
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import punkt

from dedup.errors import ConfigError
from dedup.models import Sentence
from dedup.segment import (
    ABBREVIATIONS,
    Segmenter,
    boundaries,
    build_segmenter,
    punkt_rules,
    segment,
)
from dedup.segment import segmenter as segmenter_module


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(INPUTS.glob("*.txt"))]


@pytest.fixture(scope="session")
def segmenter(corpus: list[str]) -> Segmenter:
    return build_segmenter(corpus)


def sentences_of(segmenter: Segmenter, prefix: str) -> list[str]:
    text = input_path(prefix).read_text(encoding="utf-8")
    return [text[start:end] for start, end in segmenter.spans(text)]


def split(segmenter: Segmenter, text: str) -> list[str]:
    return [text[start:end] for start, end in segmenter.spans(text)]


# --- the model ---------------------------------------------------------------


def test_without_punkt_data_the_model_is_trained(segmenter: Segmenter) -> None:
    assert segmenter.model == "trained"


def test_same_texts_give_same_spans(corpus: list[str], segmenter: Segmenter) -> None:
    again = build_segmenter(list(corpus))
    assert [again.spans(text) for text in corpus] == [segmenter.spans(text) for text in corpus]


def test_training_reads_no_more_texts_than_the_limit_needs() -> None:
    def texts() -> Iterator[str]:
        yield "The first text is long enough. " * 10
        raise AssertionError("read past max_training_chars")

    assert build_segmenter(texts(), max_training_chars=100).model == "trained"


def test_no_training_text_still_knows_the_abbreviations() -> None:
    untrained = build_segmenter([], max_training_chars=0)
    assert split(untrained, "Mr. Smith met Dr. Jones on Jan. 5. They talked.") == [
        "Mr. Smith met Dr. Jones on Jan. 5.",
        "They talked.",
    ]


def test_negative_training_limit_is_refused() -> None:
    with pytest.raises(ConfigError, match="max_training_chars must be at least 0, got -1"):
        build_segmenter([], max_training_chars=-1)


def test_learned_ordinary_word_is_not_kept_as_abbreviation() -> None:
    texts = ["Over to Anna, third row. Thank you. Over to Ben, second row. Thanks."] * 5
    trained = build_segmenter(texts)
    assert split(trained, "Over to Dan, fourth row. Thank you.") == [
        "Over to Dan, fourth row.",
        "Thank you.",
    ]


def test_learned_collocation_into_a_title_does_not_hide_a_break() -> None:
    texts = ["He was appointed in 2014. Mr Smith said so."] * 5
    trained = build_segmenter(texts)
    assert split(trained, "It ended in 2014. Mr Smith left.") == [
        "It ended in 2014.",
        "Mr Smith left.",
    ]


def test_a_title_known_before_training_makes_no_sentence_starter(corpus: list[str]) -> None:
    # The sample corpus writes "Mr Stoltenberg"; an American copy writes
    # "Mr. Stoltenberg" (as 002 does once). Had "Mr." ended a sentence while
    # Punkt trained, "Stoltenberg" would be a frequent sentence starter, and
    # "Mr." be cut from his name wherever it stands.
    sentence = (
        "Mr. Stoltenberg said the High North was a region of strategic importance for NATO.\n"
    )
    trained = build_segmenter([*corpus, sentence * 20])
    assert split(trained, sentence) == [sentence.strip()]


class FakePunktTab(punkt.PunktSentenceTokenizer):  # type: ignore[misc]
    """Stands in for the packaged model: empty parameters, no files read."""

    languages: list[str] = []

    def __init__(self, lang: str = "english") -> None:
        super().__init__()
        FakePunktTab.languages.append(lang)


# Texts where the two regular-expression engines of Python differ: ``re``'s
# ``\s`` takes the separators U+001C-U+001F, and its ``\w`` and ``\d`` leave
# out combining marks, superscripts and some digits that ``regex`` counts.
_ENGINE_EDGES = [
    "He left.\x1cThen she came. It rose 5.\u00b2 Then it fell.\x1f Done.",
    "The cafe\u0301. Next came \u00b2\u00b3. Then \u0663. After \u00bd. Also U.\u0301S. aid.",
]


def test_punkt_untimed_finds_what_nltk_finds(corpus: list[str]) -> None:
    # dedup matches Punkt's own patterns without NLTK's time limit: the
    # same model from the same texts, and the same breaks, as NLTK's classes.
    texts = corpus + _ENGINE_EDGES
    ours = punkt.PunktTrainer(lang_vars=punkt_rules.LanguageVars(),
                              token_cls=punkt_rules.Token)
    nltks = punkt.PunktTrainer()
    for trainer in (ours, nltks):
        trainer.train("\n\n".join(texts), finalize=True)
    mine, theirs = ours.get_params(), nltks.get_params()
    assert (mine.abbrev_types, mine.collocations, mine.sent_starters, mine.ortho_context) == (
        theirs.abbrev_types, theirs.collocations, theirs.sent_starters, theirs.ortho_context)
    assert mine.abbrev_types and mine.sent_starters
    plain = punkt_rules.PlainBreaks(mine)
    reference = punkt.PunktSentenceTokenizer(mine)
    for text in texts:
        assert list(plain.span_tokenize(text)) == list(reference.span_tokenize(text))
    # NLTK's engine sees no space in U+001C or U+001F (``re`` would also cut after "left.").
    edge = _ENGINE_EDGES[0]
    assert [edge[a:b] for a, b in plain.span_tokenize(edge)] == [
        "He left.\x1cThen she came.", "It rose 5.\u00b2 Then it fell.\x1f Done."]


def test_segmenting_runs_no_pattern_under_nltks_time_limit(
    corpus: list[str], segmenter: Segmenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    redos = pytest.importorskip("nltk.redos", reason="NLTK before 3.10 has no time limit")
    expected = [segmenter.spans(text) for text in corpus]
    monkeypatch.setattr(redos, "DEFAULT_TIMEOUT", 1e-12)  # every timed match would fail
    assert [segmenter.spans(text) for text in corpus] == expected
    with pytest.raises(TimeoutError):
        list(punkt.PunktSentenceTokenizer().span_tokenize(corpus[0]))


def test_packaged_punkt_tab_model_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nltk.tokenize, "punkt_model_available", lambda language: True)
    monkeypatch.setattr(punkt, "PunktTokenizer", FakePunktTab)
    packaged = build_segmenter(["Not read. Not trained on."])
    assert packaged.model == "punkt_tab"
    assert FakePunktTab.languages[-1] == "english"
    assert split(packaged, "U. S. President Biden met Mr. Stoltenberg. They spoke.") == [
        "U. S. President Biden met Mr. Stoltenberg.",
        "They spoke.",
    ]


def test_packaged_model_gets_the_abbreviation_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nltk.tokenize, "punkt_model_available", lambda language: True)
    monkeypatch.setattr(punkt, "PunktTokenizer", FakePunktTab)
    packaged = build_segmenter([])
    assert packaged._tokenizer._params.abbrev_types >= ABBREVIATIONS


def test_model_vanishing_after_the_check_falls_back_to_training(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(lang: str = "english") -> None:
        raise LookupError("Resource punkt_tab not found.")

    monkeypatch.setattr(nltk.tokenize, "punkt_model_available", lambda language: True)
    monkeypatch.setattr(punkt, "PunktTokenizer", missing)
    assert build_segmenter(["One. Two."]).model == "trained"


def test_older_nltk_without_the_check_looks_for_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(nltk.tokenize, "punkt_model_available")
    assert segmenter_module._punkt_tab_available() is False


# --- required results on the sample corpus -----------------------------------


def test_mr_title_does_not_end_the_sentence(segmenter: Segmenter) -> None:
    assert (
        "Mr. Stoltenberg said the High North was a region of strategic importance for NATO "
        "and that in recent years there had been a significant increase in Russian military "
        "activity in the region."
    ) in sentences_of(segmenter, "002")


def test_spaced_initials_do_not_end_the_sentence(segmenter: Segmenter) -> None:
    assert (
        "U. S. President Joe Biden personally proposed that Stoltenberg stay on for another "
        "year during an emergency NATO leaders’ summit on Thursday, said a Western official "
        "who was in the room."
    ) in sentences_of(segmenter, "002")


# In the style of the sample's Reuters report (002), which writes "U. S.".
INITIALISMS = (
    "Troops from the U.S. Army will join the exercise, officials in Washington, D.C. said "
    "on Friday. The U.N. Security Council met on Monday. NATO leaders met at 10 a.m. "
    "We will not back down, he said."
)


def test_initialism_before_a_name_or_a_lowercase_word_does_not_end_the_sentence(
    segmenter: Segmenter,
) -> None:
    # "army" and "security" are written in lower case in the sample too, which
    # was Punkt's evidence for a break; "D.C." is in no abbreviation list.
    sentences = split(segmenter, INITIALISMS)
    assert sentences[:2] == [
        "Troops from the U.S. Army will join the exercise, officials in Washington, D.C. "
        "said on Friday.",
        "The U.N. Security Council met on Monday.",
    ]


def test_frequent_sentence_starter_after_an_initialism_starts_a_sentence(
    segmenter: Segmenter,
) -> None:
    assert split(segmenter, INITIALISMS)[2:] == [
        "NATO leaders met at 10 a.m.", "We will not back down, he said."]


@pytest.mark.parametrize("title", ["Sens.", "Adm.", "Brig. Gen.", "Maj.", "Cmdr.", "Cpl.",
                                   "Det. Sgt.", "Atty. Gen.", "Supt.", "Insp.", "Fr."])
def test_military_and_plural_titles_do_not_end_the_sentence(
    segmenter: Segmenter, title: str
) -> None:
    text = f"{title} Jane Doe told NATO reporters the exercise was over. Allies agreed."
    assert split(segmenter, text)[0] == (
        f"{title} Jane Doe told NATO reporters the exercise was over.")


def test_no_ends_a_sentence_before_a_capital_and_not_before_a_number(
    segmenter: Segmenter,
) -> None:
    text = ("Asked whether Ukraine would join, Stoltenberg said no. Lt. Col. Jane Doe "
            "disagreed. The No. 2 official at NATO left.")
    assert split(segmenter, text) == [
        "Asked whether Ukraine would join, Stoltenberg said no.",
        "Lt. Col. Jane Doe disagreed.", "The No. 2 official at NATO left."]


def test_agency_abbreviations_of_places_do_not_end_the_sentence(segmenter: Segmenter) -> None:
    text = ("Allied troops trained at Ft. Bragg and on Mt. Rainier before a rally in Tulsa, "
            "Okla. on Saturday. The exercise ends in May.")
    assert split(segmenter, text) == [
        "Allied troops trained at Ft. Bragg and on Mt. Rainier before a rally in Tulsa, "
        "Okla. on Saturday.", "The exercise ends in May."]


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        pytest.param(
            "003",
            "This morning, Allies addressed the long-term challenges posed by China\n"
            "to our interests, values and security.",
            id="next-line-lowercase",
        ),
        pytest.param(
            "003",
            "Their accession will make them safer, our Alliance stronger,\n"
            "And the Euro-Atlantic area more secure.",
            id="line-ends-with-comma",
        ),
        pytest.param(
            "000",
            "We have all seen the horrific images of murdered civilians in Bucha and other "
            "places,\ncontrolled by the Russian military until a few days ago.",
            id="comma-and-lowercase",
        ),
        pytest.param(
            "004",
            "As authoritarian powers increasingly align,\nNATO and its partners must stand "
            "united to defend a global order governed by law, not by force.",
            id="comma-then-capital",
        ),
    ],
)
def test_line_break_inside_a_sentence_does_not_split(
    segmenter: Segmenter, prefix: str, sentence: str
) -> None:
    assert sentence in sentences_of(segmenter, prefix)


def test_one_sentence_per_line_splits_at_each_line(segmenter: Segmenter) -> None:
    found = sentences_of(segmenter, "000")
    lines = [
        "We now see a significant movement of troops away from Kyiv.",
        "To regroup, rearm and resupply.",
        "And they shift their focus to the east.",
    ]
    first = found.index(lines[0])
    assert found[first : first + 3] == lines


@pytest.mark.parametrize(
    "line",
    ["preview_player", "Показать описание", "Автор", "marylouvang", "🗣 | NATO Secretary General:"],
)
def test_lines_without_final_punctuation_stand_alone(segmenter: Segmenter, line: str) -> None:
    assert line in sentences_of(segmenter, "000")


def test_heading_is_not_glued_to_the_next_line(segmenter: Segmenter) -> None:
    found = sentences_of(segmenter, "003")
    assert found[:3] == [
        "NATO - North Atlantic Treaty Organisation",
        "11/30/2022 | Press release | Distributed by Public on 11/30/2022 06:06",
        "Press conference by NATO Secretary General Jens Stoltenberg following the Meeting "
        "of NATO Ministers of Foreign Affairs, Bucharest, Romania",
    ]


def test_quoted_sentences_split_after_the_full_stop(segmenter: Segmenter) -> None:
    found = sentences_of(segmenter, "001")
    first = found.index("“Targeting and murdering civilians is a war crime.")
    assert found[first + 1].startswith(
        "All the facts must be established and all those responsible for these atrocities "
        "must be brought to justice,“ he said, commenting on"
    )


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        pytest.param(
            "001", "So this is a crucial phase of the war,” he said.", id="said-after-quote"
        ),
        pytest.param(
            "002",
            "The nature of the response would depend on the nature of the use.”",
            id="quote-after-full-stop",
        ),
    ],
)
def test_closing_quote_stays_with_its_sentence(
    segmenter: Segmenter, prefix: str, sentence: str
) -> None:
    assert sentence in sentences_of(segmenter, prefix)


def test_spaced_ellipsis_is_not_a_sentence(segmenter: Segmenter) -> None:
    found = sentences_of(segmenter, "000")
    assert "." not in found
    assert any(sentence.endswith("human rights too far. . .") for sentence in found)


@pytest.mark.parametrize("separator", ["\n", " "])
def test_a_paragraph_number_goes_with_its_paragraph(segmenter: Segmenter, separator: str) -> None:
    text = separator.join([
        "Today, ministers considered two points:",
        "1. Ukraine has made significant gains.",
        "2. But we must not underestimate Russia.",
        "(3) Russian missiles and drones continue to strike Ukrainian cities.",
    ])
    assert split(segmenter, text) == [
        "Today, ministers considered two points:",
        "1. Ukraine has made significant gains.",
        "2. But we must not underestimate Russia.",
        "(3) Russian missiles and drones continue to strike Ukrainian cities.",
    ]


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”"), ("``", "''")])
def test_a_title_before_a_name_that_ends_a_quotation_stays(
    segmenter: Segmenter, opening: str, closing: str
) -> None:
    # NLTK saw the full stop after the name, followed by the quote, as a
    # break in the context of "Mr.".
    text = f"Mr. Stoltenberg said: {opening}We thank Mr. Stoltenberg.{closing} Then he left."
    assert split(segmenter, text) == [
        f"Mr. Stoltenberg said: {opening}We thank Mr. Stoltenberg.{closing}",
        "Then he left.",
    ]


def test_a_break_before_the_mark_asked_about_still_counts(segmenter: Segmenter) -> None:
    text = "Allies agreed on support for Ukraine (air defence etc.). Then they met."
    assert split(segmenter, text) == [
        "Allies agreed on support for Ukraine (air defence etc.).",
        "Then they met.",
    ]


def test_a_question_inside_a_sentence_does_not_end_it(segmenter: Segmenter) -> None:
    text = (
        '"How quickly can they expect to see more units?" asked Andrew Gray (Reuters). '
        "Minister Kuleba asked 'what more can Allies do?' and Allies listed their support."
    )
    assert split(segmenter, text) == [
        '"How quickly can they expect to see more units?" asked Andrew Gray (Reuters).',
        "Minister Kuleba asked 'what more can Allies do?' and Allies listed their support.",
    ]


def test_a_question_still_ends_a_sentence_before_a_capital_or_a_line_break(
    segmenter: Segmenter,
) -> None:
    text = (
        "Do you agree with them? Thank you.\n"
        "Why Ukraine decision to join NATO was not respected?\noorider"
    )
    assert split(segmenter, text) == [
        "Do you agree with them?",
        "Thank you.",
        "Why Ukraine decision to join NATO was not respected?",
        "oorider",
    ]


def test_number_before_mr_ends_the_sentence(segmenter: Segmenter) -> None:
    assert "This article was amended on 29 March 2022." in sentences_of(segmenter, "002")


def test_speaker_turn_sentences_split(segmenter: Segmenter) -> None:
    found = sentences_of(segmenter, "004")
    first = found.index("Over to Ukrainian news agency, Dmytro Shkurko, third row.")
    assert found[first + 1] == "Thank you."


# --- layout rules on small texts ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a heading\n\nnext part", ["a heading", "next part"], id="blank-line"),
        pytest.param(
            "ends with comma,\n\nNew part", ["ends with comma,", "New part"], id="blank-wins"
        ),
        pytest.param("Heading\nBody text here.", ["Heading", "Body text here."], id="capital"),
        pytest.param("Some text\r\nMore text", ["Some text", "More text"], id="crlf"),
        pytest.param("we met\r\nthe minister.", ["we met\r\nthe minister."], id="crlf-soft"),
        pytest.param("the North Atlantic –\nDIANA.", ["the North Atlantic –\nDIANA."], id="dash"),
        pytest.param("We met Mr.\nSmith today.", ["We met Mr.\nSmith today."], id="title"),
        pytest.param("Items:\n• one\n• two", ["Items:", "• one", "• two"], id="bullets"),
        pytest.param("said that\n“the war", ["said that\n“the war"], id="quoted-lowercase"),
        pytest.param(". . .", [". . ."], id="only-dots"),
    ],
)
def test_layout_rules(segmenter: Segmenter, text: str, expected: list[str]) -> None:
    assert split(segmenter, text) == expected


def test_empty_and_blank_texts_have_no_sentences(segmenter: Segmenter) -> None:
    assert segmenter.spans("") == []
    assert segmenter.spans(" \n\t\n\u2029 ") == []


def test_segment_numbers_sentences_of_one_document(segmenter: Segmenter) -> None:
    text = "Good afternoon.\n\nWe met. We talked."
    assert segment(7, text, segmenter) == (
        Sentence(doc=7, index=0, start=0, end=15),
        Sentence(doc=7, index=1, start=17, end=24),
        Sentence(doc=7, index=2, start=25, end=35),
    )


def test_inputs_keep_their_sentence_spans(segmenter: Segmenter) -> None:
    # Spans of every sample document, recorded before hard-wrapped texts were
    # told apart (none of them is hard-wrapped, so none may change), then
    # again when speaker labels became sentences of their own.
    fixture = ROOT / "tests" / "fixtures" / "input_sentence_spans.json"
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    found = {
        path.name: [list(span) for span in segmenter.spans(path.read_text(encoding="utf-8"))]
        for path in sorted(INPUTS.glob("*.txt"))
    }
    assert found == expected


def test_inputs_are_not_hard_wrapped(segmenter: Segmenter) -> None:
    # One sentence per line, headings without full stops, and the odd line
    # break inside a sentence: each line still ends a sentence unless the
    # layout rule says otherwise.
    assert sentences_of(segmenter, "000")[:6] == [
        "NATO Secretary General pre-ministerial press conference, 05 APR 2022",
        "preview_player",
        "Показать описание",
        "Press conference by NATO Secretary General Jens Stoltenberg ahead of the meetings of "
        "NATO Ministers of Foreign Affairs on 6 and 7 April 2022, 5 April 2022.",
        "🗣 | NATO Secretary General:",
        "Good afternoon.",
    ]
    assert (
        "This morning, Allies addressed the long-term challenges posed by China\n"
        "to our interests, values and security."
    ) in sentences_of(segmenter, "003")
    assert (
        "As authoritarian powers increasingly align,\nNATO and its partners must stand united "
        "to defend a global order governed by law, not by force."
    ) in sentences_of(segmenter, "004")


# --- hard-wrapped text -------------------------------------------------------

# Agency copy as a press agency's courts desk files it (written for this test
# in the form of METER's PA copy): wrapped at 80 columns, "<" ends a
# paragraph, \x19 starts one, ``...'' quotes.
PA_EXCERPT = (
    "BOXER'S SISTER TELLS OF PUB ATTACK<\n"
    "\x19By Mark Dorsey, PA News<\n"
    "\x19Pc Anne Hartley, 34, said she became ``frightened'' and angry when Pc Simon\n"
    "Webb, 41, shouted at her and threw a glass across the bar at a charity darts\n"
    "night.<\n"
    "\x19Southwark magistrates heard that both officers were off-duty last\n"
    "March at the Rook and Crown in Bermondsey, south east London, with more than 40\n"
    "colleagues from Walworth Police Station when Webb became violent.<\n"
    "\x19Ms Hartley, who joined the Metropolitan Police in 1996, said:\n"
    "``Something made me look at him and I could see that he was holding the glass\n"
    "up high. He was shouting loudly and I had no idea why he was doing\n"
    "that.''<\n"
    "\x19end<\n"
    "\x19\n"
)


@pytest.mark.parametrize("trained", [True, False], ids=["trained", "untrained"])
def test_hard_wrapped_press_copy_splits_at_sentences_not_lines(
    segmenter: Segmenter, trained: bool
) -> None:
    model = segmenter if trained else build_segmenter([], max_training_chars=0)
    assert split(model, PA_EXCERPT) == [
        "BOXER'S SISTER TELLS OF PUB ATTACK<",
        "\x19By Mark Dorsey, PA News<",
        "\x19Pc Anne Hartley, 34, said she became ``frightened'' and angry when Pc Simon\n"
        "Webb, 41, shouted at her and threw a glass across the bar at a charity darts\n"
        "night.<",
        "\x19Southwark magistrates heard that both officers were off-duty last\n"
        "March at the Rook and Crown in Bermondsey, south east London, with more than 40\n"
        "colleagues from Walworth Police Station when Webb became violent.<",
        "\x19Ms Hartley, who joined the Metropolitan Police in 1996, said:\n"
        "``Something made me look at him and I could see that he was holding the glass\n"
        "up high.",
        "He was shouting loudly and I had no idea why he was doing\nthat.''<",
        "\x19end<\n\x19",
    ]


def test_same_lines_one_per_sentence_still_split_at_each_line(segmenter: Segmenter) -> None:
    # The layout rule alone, without the document around it, cuts a wrapped line.
    text = "both officers were off-duty last\nMarch at the Rook and Crown."
    expected = ["both officers were off-duty last", "March at the Rook and Crown."]
    assert split(segmenter, text) == expected


def test_page_chrome_of_press_copy_is_not_glued_to_the_headline(segmenter: Segmenter) -> None:
    rule = "  " + "-" * 72
    text = f"{rule}\n\n                14:20 21/06/00: Page 1 (HHH) COURTS Hartley\n{rule}\n"
    assert split(segmenter, text + PA_EXCERPT)[:4] == [
        rule.strip(),
        "14:20 21/06/00: Page 1 (HHH) COURTS Hartley",
        rule.strip(),
        "BOXER'S SISTER TELLS OF PUB ATTACK<",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\x19He said so.<\n\x19\n", ["\x19He said so.<\n\x19"], id="lone-start-mark"),
        pytest.param(
            "He said so.\n<\nHe left.", ["He said so.\n<", "He left."], id="lone-end-mark"
        ),
        pytest.param("\x19\n\nHe said so.", ["\x19\n\nHe said so."], id="leading-mark"),
        pytest.param("He said so.<\n\x19   <", ["He said so.<\n\x19   <"], id="empty-paragraph"),
        pytest.param("\x19<", ["\x19<"], id="only-marks"),
        pytest.param(
            "he said so<\nit is late", ["he said so<", "it is late"], id="end-mark-before-lowercase"
        ),
        pytest.param("He was\n\x19late.", ["He was", "\x19late."], id="start-mark-splits"),
        pytest.param(
            "said he was ``shocked''\n``and dismayed''",
            ["said he was ``shocked''\n``and dismayed''"],
            id="backtick-quote-lowercase",
        ),
    ],
)
def test_paragraph_marks_make_no_sentences_of_their_own(
    segmenter: Segmenter, text: str, expected: list[str]
) -> None:
    assert split(segmenter, text) == expected


def test_headlines_without_full_stops_are_not_hard_wrapped(segmenter: Segmenter) -> None:
    lines = [
        "NATO leaders agree to boost the eastern flank",
        "Ukraine asks allies for more air defence systems",
        "Ministers meet in Brussels on Tuesday morning",
    ]
    assert split(segmenter, "\n".join(lines)) == lines


def test_hard_wrapped_mail_still_splits_at_blank_lines_and_short_lines(
    segmenter: Segmenter,
) -> None:
    text = (
        "Dear all, the meeting of the working group will take place\n"
        "Tuesday at the usual place. Please bring the minutes of the\n"
        "last meeting and your comments on the draft report from\n"
        "Brussels, if you have any.\n"
        "\n"
        "Best regards\n"
        "Anna\n"
    )
    assert split(segmenter, text) == [
        "Dear all, the meeting of the working group will take place\nTuesday at the usual place.",
        "Please bring the minutes of the\nlast meeting and your comments on the draft report "
        "from\nBrussels, if you have any.",
        "Best regards",
        "Anna",
    ]


def test_double_spaced_copy_keeps_a_sentence_broken_across_lines(segmenter: Segmenter) -> None:
    # METER's newspaper files end every line with CR LF LF, so a sentence
    # wrapped across two lines has a blank line inside it.
    text = input_path("003").read_text(encoding="utf-8")
    passage = text[text.index("Ukraine has made"):text.index("NATO is an Alliance")].strip()
    double = "\r\n\n".join(line for line in passage.splitlines() if line.strip())
    assert [" ".join(s.split()) for s in split(segmenter, double)] == [
        " ".join(s.split()) for s in split(segmenter, passage)
    ]
    assert "This morning, Allies addressed the long-term challenges posed by China\r\n\n" \
        "to our interests, values and security." in split(segmenter, double)


def test_a_blank_line_still_ends_a_sentence_unless_the_text_is_double_spaced(
    segmenter: Segmenter,
) -> None:
    text = "This morning, Allies addressed the long-term challenges posed by China\n\n" \
        "to our interests, values and security.\nAnd how we must continue."
    assert split(segmenter, text) == [
        "This morning, Allies addressed the long-term challenges posed by China",
        "to our interests, values and security.",
        "And how we must continue.",
    ]


def test_hard_wrapped_text_keeps_bullets_apart(segmenter: Segmenter) -> None:
    text = (
        "The ministers agreed on three points after a long debate on\n"
        "the support for Ukraine and its army in Brussels on\n"
        "Tuesday:\n"
        "• more air defence\n"
        "• more ammunition\n"
    )
    assert split(segmenter, text) == [
        "The ministers agreed on three points after a long debate on\n"
        "the support for Ukraine and its army in Brussels on\nTuesday:",
        "• more air defence",
        "• more ammunition",
    ]


def test_a_sentence_runs_on_across_a_pdfs_page_break(segmenter: Segmenter) -> None:
    # The footer, form feed and header between two pages cut "This morning,
    # Allies addressed ... posed by China" from "to our interests, values
    # and security.", and each half lost its match in a clean copy.
    sentences = split(segmenter, PDF_PAGES)
    assert ("This morning, Allies\naddressed the long-term challenges posed by China\n\n"
            "Page 1 of 3\n\fNATO UNCLASSIFIED\n\nto our interests, values and security."
            ) in sentences
    # A page that ends a sentence ends it before the furniture, each line of
    # which is a piece of its own (spans cover all the text).
    assert sentences[-6:] == [
        "NATO is an Alliance of Europe and North\nAmerica.", "- 2 -", "NATO UNCLASSIFIED",
        "But the challenges we face are global.", "And we must address them\ntogether in NATO.",
        "Page 3 of 3"]
    assert sentences[0] == "NATO UNCLASSIFIED"


@pytest.mark.parametrize("bullet", ["\uf0b7", "\uf0a7", "\uf0d8", "➢", "❖"])
def test_a_pdfs_list_bullets_start_list_items(segmenter: Segmenter, bullet: str) -> None:
    # A word processor's PDF gives its Symbol or Wingdings bullets as
    # private-use characters: the items were glued to the lead-in and to
    # each other, one sentence.
    text = (
        "The ministers agreed on three points after a long debate on\n"
        "the support for Ukraine and its army in Brussels on\n"
        "Tuesday:\n"
        f"{bullet} more air defence\n"
        f"{bullet} more ammunition\n"
    )
    assert split(segmenter, text) == [
        "The ministers agreed on three points after a long debate on\n"
        "the support for Ukraine and its army in Brussels on\nTuesday:",
        f"{bullet} more air defence",
        f"{bullet} more ammunition",
    ]


def test_a_footnotes_marker_after_a_full_stop_ends_the_sentence(segmenter: Segmenter) -> None:
    # Punkt reads "justice.4" as one word: a PDF's footnote marker joined
    # two sentences (and a quotation of the first was "trimmed").
    text = ("And all those responsible must be brought to justice.4 NATO Allies are "
            "supporting investigations. Including through the United Nations.¹² And the "
            "Court. It is Art.5 Allies invoke.")
    assert split(segmenter, text) == [
        "And all those responsible must be brought to justice.4",
        "NATO Allies are supporting investigations.",
        "Including through the United Nations.¹²", "And the Court.",
        "It is Art.5 Allies invoke."]


# --- invariants on any text --------------------------------------------------

# Pieces of messy text: letters, sentence ends, quotes, every kind of line
# break and space, and the abbreviations and ellipses the rules care about.
PIECES = list("aAbBzZéДд019 .,;:!?-–—…•*'\"“”‘’«»()[]<`\n\r\t\xa0\u2028\u2029\x0c\x19") + [
    "Mr.",
    "U. S.",
    "e.g.",
    " . . .",
    ".”",
    "\n\n",
    "\r\n",
    "2014.",
    " The",
    " the",
    " and the long line of wrapped prose goes on",
    "Page 2 of 3",
    "\n\n- 4 -\n\x0cNATO UNCLASSIFIED\n\n",
    "\n12\n\x0c",
]
MESSY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def assert_partition(text: str, spans: list[tuple[int, int]]) -> None:
    covered = [0] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        for offset in range(start, end):
            covered[offset] += 1
        previous_end = end
    for char, count in zip(text, covered, strict=True):
        assert count == 1 or (count == 0 and char.isspace())


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(MESSY, st.text(max_size=300)))
def test_spans_partition_the_non_whitespace(segmenter: Segmenter, text: str) -> None:
    assert_partition(text, segmenter.spans(text))


@settings(max_examples=50, deadline=None)
@given(text=MESSY)
def test_spans_partition_with_the_untrained_model(text: str) -> None:
    assert_partition(text, build_segmenter([], max_training_chars=0).spans(text))


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=400).map("".join))
def test_spans_partition_when_blocks_are_cut_for_punkt(segmenter: Segmenter, text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(boundaries, "MAX_PUNKT_CHARS", 40)
        assert_partition(text, segmenter.spans(text))


def test_every_input_is_partitioned(segmenter: Segmenter, corpus: list[str]) -> None:
    for text in corpus:
        assert_partition(text, segmenter.spans(text))


# --- size ---------------------------------------------------------------------


def one_line_megabyte(corpus: list[str]) -> str:
    prose = " ".join(corpus).replace("\n", " ")
    return (prose * (1_000_000 // len(prose) + 1))[:1_000_000]


def test_megabyte_single_line_segments(segmenter: Segmenter, corpus: list[str]) -> None:
    text = one_line_megabyte(corpus)
    spans = segmenter.spans(text)
    assert len(spans) > 5_000
    assert_partition(text, spans)


def test_huge_block_of_short_sentences_does_not_time_out(segmenter: Segmenter) -> None:
    # NLTK bounds Punkt's whole candidate scan by 5 s; 50,000 sentences in one
    # block would exceed it without cutting the block first.
    text = "It rained. " * 50_000
    spans = segmenter.spans(text)
    assert len(spans) == 50_000
    assert text[spans[-1][0] : spans[-1][1]] == "It rained."


# --- Punkt consulted only where a boundary is in doubt --------------------------


def _contexts(segmenter: Segmenter, corpus: list[str]) -> list[str]:
    """Every context NLTK asks Punkt about while segmenting the sample corpus."""
    asked: list[str] = []
    tokenizer = segmenter._tokenizer
    original = tokenizer.text_contains_sentbreak
    tokenizer.text_contains_sentbreak = lambda text: asked.append(text) or original(text)
    try:
        for text in corpus:
            segmenter.spans(text)
    finally:
        del tokenizer.text_contains_sentbreak
    return asked


def test_plain_contexts_get_punkts_own_answer(segmenter: Segmenter, corpus: list[str]) -> None:
    contexts = _contexts(segmenter, corpus)
    params = segmenter._tokenizer._params
    decided = [c for c in contexts if punkt_rules.plain_break(c, params) is not None]
    punkt_only = punkt.PunktSentenceTokenizer(params)
    assert len(decided) > len(contexts) // 3
    for context in decided:
        assert punkt_rules.plain_break(context, params) == punkt_only.text_contains_sentbreak(
            context
        ), context


def _settles_as_punkt_does(context: str, params: punkt.PunktParameters,
                           expected: bool | None) -> None:
    """``plain_break`` gives ``expected``, and when it gives an answer Punkt gives the same."""
    assert punkt_rules.plain_break(context, params) is expected
    if expected is not None:
        assert punkt.PunktSentenceTokenizer(params).text_contains_sentbreak(context) is expected


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        pytest.param("said. The", True, id="word-full-stop"),
        pytest.param("said? the", True, id="question"),
        pytest.param('said. "The', True, id="opening-quote"),
        pytest.param('said."', True, id="closing-quote"),
        pytest.param("said.;", True, id="semicolon-after-the-mark"),
        pytest.param("said. However,", True, id="word-then-comma"),
        pytest.param("said. He's", True, id="word-then-apostrophe"),
        pytest.param("said. 2004", True, id="number-after"),
        pytest.param('said. "', True, id="quote-alone"),
        pytest.param("said. Smith.", True, id="next-word-with-full-stop"),
        pytest.param("said. 'The", True, id="next-word-with-single-quote"),
        pytest.param("said. However,x", True, id="next-word-with-inner-comma"),
        pytest.param("said.... The", None, id="ellipsis-to-punkt"),
        pytest.param('said". The', True, id="quote-before-the-mark"),
        pytest.param("poll). The", True, id="bracket-before-the-mark"),
        pytest.param(". The", True, id="mark-after-a-space"),
        pytest.param("non-profit. The", True, id="hyphenated-word"),
        pytest.param("Mr. Smith", False, id="abbreviation-then-name"),
        pytest.param("Mr. Smith.", None, id="abbreviation-then-unplain-token-to-punkt"),
        pytest.param('Mr. "Smith.)', None, id="break-after-the-next-token-to-punkt"),
        pytest.param("A. Smith", False, id="initial"),
        pytest.param("A? Smith", True, id="letter-then-question"),
        pytest.param("2014. The", True, id="number-then-capital"),
        pytest.param("2014. the", False, id="number-then-lower-case"),
        pytest.param("U.S. Forest", None, id="dotted-abbreviation-to-punkt"),
        pytest.param("6th-graders. Students", None, id="mixed-word-to-punkt"),
    ],
)
def test_plain_break_settles_only_plain_contexts(
    segmenter: Segmenter, context: str, expected: bool | None
) -> None:
    _settles_as_punkt_does(context, segmenter._tokenizer._params, expected)


@pytest.fixture(scope="module")
def collocating_params(segmenter: Segmenter) -> punkt.PunktParameters:
    """The sample corpus's Punkt parameters, with "st. louis" a known collocation."""
    params = pickle.loads(pickle.dumps(segmenter._tokenizer._params))
    params.collocations = set(params.collocations) | {("st", "louis"), ("said", "smith")}
    params.abbrev_types = set(params.abbrev_types) - {"st"}
    return params


@pytest.fixture(scope="module")
def ortho_params(collocating_params: punkt.PunktParameters) -> punkt.PunktParameters:
    """``collocating_params`` with each kind of orthographic evidence for the words below.

    "However" is seen lower-case and never upper-case inside a sentence (a
    sentence starter by the heuristic), "smith" only upper-case, "the" both
    ways, "ok" only lower-case at a sentence's start; "however" and "smith"
    are frequent sentence starters, "2014" is an abbreviation and "x" is not.
    """
    params = pickle.loads(pickle.dumps(collocating_params))
    params.ortho_context = defaultdict(int, params.ortho_context)
    params.ortho_context.update({
        "however": punkt._ORTHO_BEG_UC | punkt._ORTHO_MID_LC,
        "smith": punkt._ORTHO_BEG_UC | punkt._ORTHO_MID_UC,
        "the": punkt._ORTHO_BEG_UC | punkt._ORTHO_MID_UC | punkt._ORTHO_MID_LC,
        "ok": punkt._ORTHO_BEG_LC,
    })
    params.sent_starters = set(params.sent_starters) | {"however", "smith"}
    params.abbrev_types = (set(params.abbrev_types) | {"2014"}) - {"x"}
    return params


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        pytest.param("said. Smith", None, id="collocation-to-punkt"),
        pytest.param("said. Jones", True, id="collocation-word-then-other-word"),
        pytest.param("said. Smith.", None, id="collocation-word-then-unplain-token-to-punkt"),
        pytest.param("St. Louis", None, id="place-collocation-to-punkt"),
        pytest.param("St. Paul", True, id="other-word-after-a-collocation-word"),
        pytest.param("Mr. However", True, id="abbreviation-then-sentence-starter-by-case"),
        pytest.param("Mr. Smith", True, id="abbreviation-then-frequent-starter"),
        pytest.param("Mr. smith", False, id="abbreviation-then-lower-case"),
        pytest.param("Mr. The", False, id="abbreviation-then-word-of-both-cases"),
        pytest.param("A. However", False, id="abbreviated-initial-then-sentence-starter"),
        pytest.param("x. Smith", False, id="initial-then-word-never-lower-case"),
        pytest.param("x. The", True, id="initial-then-word-of-both-cases"),
        pytest.param("8. Smith", True, id="digit-is-no-initial"),
        pytest.param("1979. zebra", False, id="number-then-unseen-lower-case-word"),
        pytest.param("1979. ok", True, id="number-then-word-seen-starting-a-sentence"),
        pytest.param("1979.;", False, id="number-then-punctuation"),
        pytest.param("1979.?", None, id="number-then-a-mark-to-punkt"),
        pytest.param("2014. However", True, id="abbreviated-number-then-sentence-starter"),
        pytest.param("2014. The", False, id="abbreviated-number-then-word-of-both-cases"),
    ],
)
def test_plain_break_follows_collocations_and_the_orthographic_evidence(
    ortho_params: punkt.PunktParameters, context: str, expected: bool | None
) -> None:
    _settles_as_punkt_does(context, ortho_params, expected)


_NEXT_WORDS = ["However", "however", "Smith", "smith", "The", "the", "OK", "ok", "Louis", "2004"]
_AFTER_THE_MARK = st.one_of(
    st.tuples(st.sampled_from([" ", "  ", "\n", " \t"]),
              st.text(st.sampled_from("aAsSlLmM.,'\"()!?-;:0123456789"), min_size=1,
                      max_size=8)).map("".join),
    st.tuples(st.sampled_from([" ", "\n"]), st.sampled_from(["", '"', "("]),
              st.sampled_from(_NEXT_WORDS),
              st.sampled_from(["", ",", ".", "'s", '")', ".)", "?"])).map("".join),
    st.sampled_from(list(")\";}]*:@'({[!?")),
)


@settings(max_examples=1500, deadline=None)
@given(
    word=st.tuples(
        st.sampled_from(["said", "Said", "st", "St", "Mr", "mr", "ok", "ltd", "Louis", "A", "b",
                         "U.S", "non-profit", "self-Evident", "e-Mr", "2014", "1979", "8", "", "x",
                         "poll)", '"', 'said"', "])"]),
        st.sampled_from(["", "", "..", "!", '"', ")"]),
    ).map("".join),
    mark=st.sampled_from(".?!"),
    after=_AFTER_THE_MARK,
)
def test_plain_break_is_punkts_answer_whenever_it_gives_one(
    ortho_params: punkt.PunktParameters, word: str, mark: str, after: str
) -> None:
    context = word + mark + after
    decided = punkt_rules.plain_break(context, ortho_params)
    if decided is not None:
        punkt_only = punkt.PunktSentenceTokenizer(ortho_params)
        assert decided == punkt_only.text_contains_sentbreak(context), context


def test_spans_equal_those_of_punkt_alone(segmenter: Segmenter, corpus: list[str]) -> None:
    tokenizer = segmenter._tokenizer
    tokenizer.text_contains_sentbreak = partial(
        punkt.PunktSentenceTokenizer.text_contains_sentbreak, tokenizer
    )
    try:
        alone = [segmenter.spans(text) for text in corpus]
    finally:
        del tokenizer.text_contains_sentbreak
    assert [segmenter.spans(text) for text in corpus] == alone


def test_segmenter_sent_to_a_worker_gives_the_same_spans(
    segmenter: Segmenter, corpus: list[str]
) -> None:
    copy = pickle.loads(pickle.dumps(segmenter))
    assert copy.model == segmenter.model
    assert [copy.spans(text) for text in corpus] == [segmenter.spans(text) for text in corpus]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.lists(st.sampled_from(["a", "B", ".", " ", "\t", "\n", "\n\n", "\xa0", "\u3000"]),
                 max_size=40).map("".join),
        st.lists(st.sampled_from(["a", ".", " ", "\n", "\r\n", "\r", "\x0b", "\x85", "\u2028"]),
                 max_size=40).map("".join),
    )
)
def test_lines_found_by_splitting_are_the_lines_walked(text: str) -> None:
    walked = [boundaries.trim(text, start, end) for start, end in boundaries._lines(text)]
    assert boundaries._trimmed_lines(text) == walked


def test_lines_of_a_text_too_long_to_copy_are_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = input_path("000").read_text(encoding="utf-8")
    split = boundaries._trimmed_lines(text)
    walked = []
    monkeypatch.setattr(boundaries, "_lines", lambda t: walked.append(t) or [(0, len(t))])
    monkeypatch.setattr(boundaries, "SPLIT_LINES_CHARS", len(text) - 1)
    assert boundaries._trimmed_lines(text) == [boundaries.trim(text, 0, len(text))]
    assert walked == [text]
    assert len(split) == text.count("\n") + 1


# --- speaker labels ----------------------------------------------------------


def _turn_lines(prefix: str, count: int) -> str:
    """The first ``count`` lines of a transcript that open with a speaker label."""
    lines = input_path(prefix).read_text(encoding="utf-8").splitlines()
    labelled = [line for line in lines if line.startswith(("NATO Spokesperson", "NATO Secr"))]
    return "\n\n".join(labelled[:count])


def test_a_transcripts_speaker_label_is_a_sentence_of_its_own(segmenter: Segmenter) -> None:
    found = split(segmenter, _turn_lines("004", 5))
    assert found[:3] == [
        "NATO Spokesperson Farah Dakhlallah:",
        "Thank you.",
        "We'll go to Andrew Gray from Reuters.",
    ]
    assert found.count("NATO Spokesperson:") == 2
    assert "NATO Secretary General Jens Stoltenberg:" in found
    assert not any(sentence.startswith("NATO Sec") and len(sentence) > 40 for sentence in found)


def test_a_label_alone_on_its_line_ends_before_the_words_on_the_next(
    segmenter: Segmenter,
) -> None:
    text = _turn_lines("004", 5).replace(": ", ":\n", 1)
    assert split(segmenter, text)[:2] == ["NATO Spokesperson Farah Dakhlallah:", "Thank you."]


def test_a_label_after_a_time_code_is_a_sentence_of_its_own(segmenter: Segmenter) -> None:
    # "[00:00:05] NATO Spokesperson: Thank you." in a transcription service's export.
    lines = _turn_lines("004", 5).split("\n\n")
    text = "\n\n".join(f"[00:0{n}:05] {line}" for n, line in enumerate(lines))
    found = split(segmenter, text)
    assert found[:2] == ["[00:00:05] NATO Spokesperson Farah Dakhlallah:", "Thank you."]
    assert "[00:02:05] NATO Spokesperson:" in found


# --- time codes --------------------------------------------------------------

_CAPTIONS = ["so any law that introduced this idea of", "foreign agent will undermine the whole",
             "idea of making georgia a stronger", "democratic society"]


@pytest.mark.parametrize(("header", "cue"), [
    pytest.param("", "{minute}:05\n{words}", id="video-page-transcript"),
    pytest.param("WEBVTT\n\n", "00:{minute:02d}:05.120 --> 00:{minute:02d}:07.900\n{words}\n",
                 id="webvtt"),
    pytest.param("", "{number}\n00:{minute:02d}:05,120 --> 00:{minute:02d}:07,900\n{words}\n",
                 id="srt"),
])
def test_a_time_code_between_caption_lines_ends_no_sentence(segmenter: Segmenter, header: str,
                                                            cue: str) -> None:
    cues = [cue.format(minute=n + 30, number=n + 1, words=words)
            for n, words in enumerate(_CAPTIONS)]
    text = header + "\n".join(cues)
    found = split(segmenter, text)
    assert found == ([header.strip()] if header else []) + ["\n".join(cues).strip()]


def test_a_time_code_before_a_new_sentence_opens_it(segmenter: Segmenter) -> None:
    text = ("0:01\nSince 1949, we have been the strongest Alliance in history.\n0:05\n"
            "This morning we marked the anniversary.\n")
    assert split(segmenter, text) == [
        "0:01\nSince 1949, we have been the strongest Alliance in history.",
        "0:05\nThis morning we marked the anniversary.",
    ]


def test_label_like_lines_that_never_repeat_are_no_turns(segmenter: Segmenter) -> None:
    # A headline such as "Ukraine war: ..." opens a news story, a web page
    # has its "Posts:" and "Price:"; in a transcript someone speaks twice.
    text = _turn_lines("004", 3)  # three speakers, once each
    assert split(segmenter, text)[0] == "NATO Spokesperson Farah Dakhlallah: Thank you."
    again = text + "\n\n" + _turn_lines("004", 1)
    assert split(segmenter, again)[0] == "NATO Spokesperson Farah Dakhlallah:"


def test_interview_labels_without_a_colon_are_sentences_of_their_own() -> None:
    text = ("Q. Will Allies provide more air defence to Ukraine?\n"
            "A. Allies are determined to provide further support to Ukraine.\n"
            "Q. And what about Sweden?\n"
            "A. We will welcome Sweden as our newest Ally.\n")
    sentences = [text[s.start:s.end] for s in segment(0, text, build_segmenter([text]))]
    assert sentences == [
        "Q.", "Will Allies provide more air defence to Ukraine?",
        "A.", "Allies are determined to provide further support to Ukraine.",
        "Q.", "And what about Sweden?",
        "A.", "We will welcome Sweden as our newest Ally.",
    ]
