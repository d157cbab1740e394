"""Tests for dedup.fidelity: alignment, edits, score and label of variants."""

from __future__ import annotations

import random
import re
from functools import cache
from typing import Any

import pytest
from conftest import input_path
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from dedup import fidelity
from dedup.fidelity import align, score, scoring, spelling_key
from dedup.fidelity.numbers import numbers_in
from dedup.fidelity.spelling import key_ids
from dedup.fidelity.words import Words
from dedup.models import Edit
from dedup.shingle import tokenize


@cache
def _text(prefix: str) -> str:
    return input_path(prefix).read_text(encoding="utf-8")


def excerpt(prefix: str, first: str, last: str) -> str:
    """The stretch of sample document ``prefix`` from ``first`` to ``last``."""
    text = _text(prefix)
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


def line(prefix: str, containing: str) -> str:
    """The line of sample document ``prefix`` that contains ``containing``."""
    (match,) = [ln for ln in _text(prefix).splitlines() if containing in ln]
    return match


# --- transcript lines against a news article ---------------------------------


def test_transcript_lines_joined_into_one_sentence_are_cosmetic() -> None:
    source = excerpt("000", "We now see", "to the east.")
    variant = line("001", "We now see")
    result = score(source, variant)
    assert result.fidelity.fidelity == 1.0
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.edits == (
        Edit("replace", "To", "to", cosmetic=True),
        Edit("replace", "And", "and", cosmetic=True),
    )
    assert not result.fidelity.trimmed


# The sentence of the Bucharest transcript that its PDF's first page break cuts.
_ACROSS_PAGES = ("This morning, Allies\naddressed the long-term challenges posed by China\n\n"
                 "Page 1 of 3\n\fNATO UNCLASSIFIED\n\nto our interests, values and security.")
_ONE_PAGE = ("This morning, Allies addressed the long-term challenges posed by China to our "
             "interests, values and security.")


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        pytest.param(_ACROSS_PAGES, _ONE_PAGE, id="pdf-source"),
        pytest.param(_ONE_PAGE, _ACROSS_PAGES, id="pdf-copy"),
    ],
)
def test_a_pdfs_page_furniture_inside_a_sentence_is_no_edit(source: str, variant: str) -> None:
    # "Page 1 of 3" and the running header "NATO UNCLASSIFIED" between two
    # pages were words the clean copy left out: altered, 0.82.
    result = score(source, variant)
    assert (result.fidelity.label, result.fidelity.fidelity, result.fidelity.edits) == (
        "verbatim", 1.0, ())
    assert variant[result.start : result.end] == variant


def test_a_page_break_before_a_sentences_last_word_is_no_edit() -> None:
    # "in" then the furniture then "Istanbul": the last word was taken for a
    # chance match past six left-out words, and the copy was altered.
    source = ("We saw that most recently with the horrific attack in\n\nPage 2 of 3\n"
              "\fNATO UNCLASSIFIED\n\nIstanbul.")
    variant = "We saw that most recently with the horrific attack in Istanbul, he said."
    result = score(source, variant)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("verbatim", 1.0)


@pytest.mark.parametrize(
    ("pdf", "copy", "label"),
    [
        pytest.param("pushing back on the rules-\nbased international order.",
                     "pushing back on the rules-based international order.", "verbatim",
                     id="hyphen-ending-a-line"),
        pytest.param("pushing back on the rules- \r\n based international order.",
                     "pushing back on the rules-based international order.", "verbatim",
                     id="crlf-and-spaces"),
        pytest.param("pushing back on the rules-\nbased international order.",
                     "pushing back on the rules based international order.", "cosmetic",
                     id="hyphen-left-out"),
    ],
)
def test_a_compound_whose_hyphen_ends_a_pdfs_line_is_the_same_compound(
    pdf: str, copy: str, label: str
) -> None:
    # "rules-\nbased" is one word (a hyphen at a line end joins), "rules-based"
    # in a copy two: the compound was a cosmetic edit, though only the line
    # break differs.
    for source, variant in ((pdf, copy), (copy, pdf)):
        result = score(source, variant)
        assert (result.fidelity.label, result.fidelity.fidelity) == (label, 1.0)


_FACTS = ("All the facts must be established. And all those responsible for these "
          "atrocities must be brought to justice. NATO Allies are supporting investigations.")


@pytest.mark.parametrize(
    "noted",
    [
        pytest.param(_FACTS.replace("justice.", "justice.12"), id="digits-after-a-full-stop"),
        pytest.param(_FACTS.replace("established.", "established,3"), id="digits-after-a-comma"),
        pytest.param(_FACTS + "14", id="digits-ending-the-passage"),
        pytest.param(_FACTS.replace("justice.", "justice.¹²"), id="superscripts-after-a-mark"),
        pytest.param(_FACTS.replace("atrocities", "atrocities³"), id="superscript-on-a-word"),
        pytest.param("12. " + _FACTS, id="paragraph-number"),
        pytest.param(_FACTS.replace(" And all", "\n13. And all"), id="next-paragraphs-number"),
    ],
)
def test_a_footnotes_marker_or_a_paragraphs_number_is_no_edit(noted: str) -> None:
    # A PDF's text glues footnote markers to the words they note: "justice.12
    # NATO" made "12" a dropped number (altered, 0.88), "atrocities³" a
    # replaced word; a numbered paragraph's "12." made a copy trimmed.
    for source, variant in ((noted, _FACTS), (_FACTS, noted)):
        result = score(source, variant)
        assert (result.fidelity.label, result.fidelity.fidelity, result.fidelity.edits,
                result.fidelity.trimmed) == ("verbatim", 1.0, (), False)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(_FACTS.replace("justice.", "justice, Art.5"), id="glued-to-an-abbreviation"),
        pytest.param(_FACTS.replace("justice.", "justice. 12"), id="after-a-space"),
        pytest.param(_FACTS.replace(" And all", "\n13 And all"), id="opening-a-line-alone"),
    ],
)
def test_a_number_that_is_no_footnotes_marker_is_still_a_number(source: str) -> None:
    # (nor a paragraph's number: not opening a line, or with no "." or ")")
    result = score(source, _FACTS)
    assert result.fidelity.label == "altered"
    assert [e.material for e in result.fidelity.edits] == ["number"]


def test_attribution_after_the_quote_is_outside_the_span() -> None:
    source = excerpt("000", "We now see", "to the east.")
    variant = line("001", "We now see")
    result = score(source, variant)
    assert variant[result.start : result.end] == (
        "We now see a significant movement of troops away from Kyiv, to regroup,"
        " rearm and resupply, and they shift their focus to the east"
    )


def test_sentence_final_full_stop_is_inside_the_span() -> None:
    source = line("000", "Targeting and murdering")
    variant = line("001", "Targeting and murdering")
    result = score(source, variant)
    assert variant[result.start : result.end] == source
    assert result.fidelity.label == "verbatim"


def test_two_quoted_sentences_with_attribution() -> None:
    source = excerpt("000", "NATO will also look", "biological threats.")
    variant = line("001", "Nato will also look")
    result = score(source, variant)
    assert result.fidelity.fidelity == 1.0
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.edits == (Edit("replace", "NATO", "Nato", cosmetic=True),)
    assert variant[result.start : result.end].endswith("chemical and biological threats")


# --- material edits -------------------------------------------------------------


def test_modal_changed_from_would_to_will() -> None:
    source = "The nature of the response would depend on the nature of the use."
    assert source in _text("002")
    variant = excerpt("002", "he said: ", "nature of the use.")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "would", "will", "modal"),)
    assert result.fidelity.label == "altered"
    assert result.fidelity.fidelity == round(1 - 3 / 13, 4)


@pytest.mark.parametrize("obliged", ["have to", "has to", "had to", "have got to"])
def test_have_to_for_must_is_no_changed_modal(obliged: str) -> None:
    source = line("000", "All the facts must be established")
    assert "must be" in source
    for variant, original in ((source.replace("must", obliged), source),
                              (source, source.replace("must", obliged))):
        (edit,) = score(original, variant).fidelity.edits
        assert (edit.material, edit.cosmetic) == (None, False)  # costly: the words differ
    (edit,) = score(source.replace("must", obliged), source.replace("must", "may")
                    ).fidelity.edits
    assert edit.material == "modal"


@pytest.mark.parametrize(("modal", "other", "changed"), [
    pytest.param("should", "ought to", "could", id="ought-to"),
    pytest.param("will", "is going to", "may", id="going-to"),
    pytest.param("would", "was going to", "might", id="was-going-to"),
    pytest.param("won't", "is not going to", "can't", id="not-going-to"),
])
def test_a_modal_said_another_way_is_no_changed_modal(modal: str, other: str,
                                                     changed: str) -> None:
    source = f"The minister said the hospital {modal} close its doors in the summer."
    (edit,) = score(source, source.replace(modal, other)).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, False)
    (edit,) = score(source.replace(modal, other), source.replace(modal, changed)
                    ).fidelity.edits
    assert edit.material == "modal"


def test_material_weight_scales_a_material_edit() -> None:
    source = "The nature of the response would depend on the nature of the use."
    variant = "The nature of the response will depend on the nature of the use."
    assert score(source, variant, material_weight=1.0).fidelity.fidelity == round(1 - 1 / 13, 4)


@pytest.mark.parametrize("weight", [0.0, 0.5, float("nan")])
def test_material_weight_below_one_is_refused(weight: float) -> None:
    with pytest.raises(ValueError, match="material_weight must be at least 1"):
        score("a b", "a b", material_weight=weight)


def test_negation_dropped() -> None:
    source = line("003", "We do not see China")
    result = score(source, "We do see China as an adversary.")
    assert result.fidelity.edits == (Edit("delete", "not", "", "negation"),)
    assert result.fidelity.label == "altered"
    assert result.fidelity.fidelity == round(1 - 3 / 8, 4)


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        pytest.param("We do not see China", "We do see China", id="dropped-not"),
        pytest.param("He doesn't see China", "He does see China", id="dropped-nt"),
        pytest.param("Russia can stop the war", "Russia can't stop the war", id="cant"),
        pytest.param("Russia will stop the war", "Russia won't stop the war", id="wont"),
        pytest.param("Russia can stop the war", "Russia cannot stop the war", id="cannot"),
        pytest.param("a future with support", "a future without support", id="without"),
    ],
)
def test_negation_changes(source: str, variant: str) -> None:
    result = score(source, variant)
    assert [edit.material for edit in result.fidelity.edits] == ["negation"]


@pytest.mark.parametrize("variant", [
    "Stoltenberg said allies do not expect a further Russian push in eastern and southern Ukraine.",
    "Allies never expect a further Russian push in eastern and southern Ukraine.",
])
def test_negation_written_on_to_the_first_words_copied_is_no_context(variant: str) -> None:
    # The words before "not" are the reporter's; "not" turns the copy round.
    source = line("000", "In the coming weeks, we expect")
    result = score(source, variant)
    assert result.fidelity.label == "altered"
    assert [edit.material for edit in result.fidelity.edits if edit.op == "insert"] == ["negation"]
    # Reporting words before the copy stay context.
    plain = score(source, variant.replace(" do not", "").replace(" never", ""))
    assert all(edit.material is None for edit in plain.fidelity.edits)


def test_contraction_spelt_out_is_cosmetic() -> None:
    result = score("We do not see China as an adversary.", "We don't see China as an adversary.")
    assert result.fidelity.edits == (Edit("replace", "do not", "don't", cosmetic=True),)
    assert result.fidelity.fidelity == 1.0


@pytest.mark.parametrize(
    ("source", "variant", "spelt"),
    [
        pytest.param(line("000", "I expect we will also decide"), "we will", "we'll", id="will"),
        pytest.param(excerpt("000", "We have all seen", "civilians"), "We have", "We've",
                     id="have"),
        pytest.param(line("000", "I am ready to take"), "I am", "I'm", id="am"),
        pytest.param(excerpt("000", "it is even more", "stand together"), "it is", "it's",
                     id="it-is"),
    ],
)
def test_other_contractions_spelt_out_are_cosmetic(source: str, variant: str,
                                                   spelt: str) -> None:
    result = score(source, source.replace(variant, spelt, 1))
    assert result.fidelity.edits == (Edit("replace", variant, spelt, cosmetic=True),)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


@pytest.mark.parametrize("other", ["can't", "can not"])
def test_cannot_contracted_or_in_two_words_is_cosmetic(other: str) -> None:
    source = "The minister said the hospital cannot stay open beyond the summer."
    result = score(source, source.replace("cannot", other))
    assert result.fidelity.edits == (Edit("replace", "cannot", other, cosmetic=True),)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


@pytest.mark.parametrize(
    ("source", "spelt", "contracted"),
    [
        pytest.param("Irina Somer (Interfax Ukraine): I would like to ask you if Polish leadership"
                     " put at the table today for discussion", "I would", "I'd", id="would"),
        pytest.param(excerpt("002", "I had a conversation", "."), "I had", "I'd", id="had"),
    ],
)
def test_contracted_would_or_had_is_cosmetic(source: str, spelt: str, contracted: str) -> None:
    result = score(source, source.replace(spelt, contracted, 1))
    assert result.fidelity.edits == (Edit("replace", spelt, contracted, cosmetic=True),)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


def test_contracted_would_is_the_modal_would() -> None:
    source = "US leader, speaking after Nato agreed, insists retaliation would be proportional."
    (edit,) = score(source, source.replace("retaliation would", "they'd")).fidelity.edits
    assert edit.material is None
    (edit,) = score(source.replace("would", "will"), source.replace("retaliation would", "they'd")
                    ).fidelity.edits
    assert edit.material == "modal"


def test_possessive_is_not_a_contraction() -> None:
    result = score("the plan of NATO is clear", "the plan of NATO's clear")
    assert result.fidelity.label == "altered"


def test_number_written_out_is_cosmetic() -> None:
    source = line("000", "nearly 60 innovation sites")
    result = score(source, source.replace("60", "sixty"))
    assert result.fidelity.edits == (Edit("replace", "60", "sixty", cosmetic=True),)
    assert result.fidelity.label == "cosmetic"


def test_number_changed() -> None:
    source = line("004", "nearly 600 million euros")
    variant = source.replace("600", "500")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "600", "500", "number"),)
    assert result.fidelity.fidelity == round(1 - 3 / len(tokenize(source)), 4)
    assert result.fidelity.label == "altered"


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        pytest.param("As well as 10,000 drones", "As well as 1,000 drones", id="digits"),
        pytest.param("aid worth 188 million euros", "aid worth 188 euros", id="word"),
        pytest.param("For the first time", "For the second time", id="ordinal"),
        pytest.param("As well as 10,000 drones", "As well as drones", id="dropped"),
        pytest.param("hundreds of millions of euros", "hundreds of billions of euros",
                     id="plural-magnitude"),
        pytest.param("nearly sixty innovation sites", "nearly seventy innovation sites",
                     id="tens"),
        pytest.param("at least 60 sites", "at least seventy sites", id="digits-and-words"),
    ],
)
def test_number_changes(source: str, variant: str) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert edit.material == "number"


def test_digit_grouping_is_not_an_edit() -> None:
    result = score("As well as 10,000 drones", "As well as 10000 drones")
    assert result.fidelity.label == "verbatim"
    assert result.fidelity.edits == ()


def test_piece_whose_first_words_come_earlier_too_is_a_trimmed_copy() -> None:
    # "neglect" and "by" stand earlier in the sentence as well: the copy is
    # a piece of it, not a piece with two cuts inside it.
    source = ("The landlord was charged with neglect of a tenant by ignoring repeated "
              "complaints, neglect by failing to repair the broken heating and neglect by "
              "refusing to clear the damp.")
    result = score(source, "neglect by failing to repair the broken heating").fidelity
    assert (result.label, result.trimmed) == ("verbatim", True)
    assert [edit.trim for edit in result.edits] == [True, True]


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("Labour had, before the May 1997 election, promised to scrap the scheme.",
                 "Labour had, before the 1997 election, promised to scrap the scheme.",
                 id="month"),
    pytest.param("The scheme was dropped after Theresa May became prime minister.",
                 "The scheme was dropped after Theresa Villiers became prime minister.",
                 id="surname"),
])
def test_may_inside_a_sentence_is_no_modal(source: str, variant: str) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert edit.material == "name"


def test_may_opening_a_sentence_is_a_modal() -> None:
    (edit,) = score("May I ask one more question?", "Can I ask one more question?"
                    ).fidelity.edits
    assert edit.material == "modal"


def test_digits_with_the_letters_of_another_ordinal_are_no_ordinal() -> None:
    # "6st" is six stone (a weight), not "sixth": the number is the same.
    source = "She weighed 6 stone when she was admitted to hospital."
    (edit,) = score(source, source.replace("6 stone", "6st")).fidelity.edits
    assert (edit.source, edit.variant, edit.material) == ("stone", "st", None)
    (edit,) = score(source, source.replace("6 stone", "7st")).fidelity.edits
    assert edit.material == "number"


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("The council must decide whether to close the library.",
                 "The council must decide whether or not to close the library.", id="added"),
    pytest.param("The council must decide whether the library closes or not by March.",
                 "The council must decide whether the library closes by March.",
                 id="left-out"),
])
def test_or_not_after_whether_is_no_negation(source: str, variant: str) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, False)


def test_or_not_without_whether_is_a_negation() -> None:
    source = "Staff were told to stay in the building."
    (edit,) = score(source, source.replace("stay", "stay or not")).fidelity.edits
    assert edit.material == "negation"


@pytest.mark.parametrize("variant", [
    pytest.param("The trial cannot be about which side is right on GM crops.", id="first"),
    pytest.param("The trial is not about which side is right on GM crops.", id="second"),
])
def test_one_of_two_negated_verbs_left_out_keeps_the_negation(variant: str) -> None:
    source = "The trial is not and cannot be about which side is right on GM crops."
    (edit,) = score(source, variant).fidelity.edits
    assert (edit.op, edit.material) == ("delete", None)


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("The judge said he was without pity or remorse for what he did.",
                 "The judge said he was without pity and without remorse for what he did.",
                 id="without-a-or-b"),
    pytest.param("The judge said he was not cruel or violent to the animals.",
                 "The judge said he was not cruel and not violent to the animals.",
                 id="not-a-or-b"),
])
def test_a_negation_said_again_after_and_for_or_is_the_same_negation(
        source: str, variant: str) -> None:
    for original, copy in ((source, variant), (variant, source)):
        (edit,) = score(original, copy).fidelity.edits
        assert (edit.material, edit.cosmetic) == (None, False)
    # Without the first negation, the second is one added.
    (edit,) = score(source.replace("without pity", "full of pity").replace("not cruel", "cruel"),
                    variant.replace("without pity", "full of pity").replace("not cruel", "cruel")
                    ).fidelity.edits
    assert edit.material == "negation"


def test_a_negated_verb_left_out_beside_one_not_negated_is_a_negation() -> None:
    (edit,) = score("The report is not and can be made public.",
                    "The report can be made public.").fidelity.edits
    assert (edit.source, edit.material) == ("is not and", "negation")


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("A nurse was today found not guilty of stealing drugs from the ward.",
                 "A nurse was yesterday cleared of stealing drugs from the ward.", id="cleared"),
    pytest.param("The driver, who pleads not guilty to causing death, was remanded.",
                 "The driver, who denies causing death, was remanded.", id="denies"),
])
def test_a_word_for_not_guilty_is_no_dropped_negation(source: str, variant: str) -> None:
    assert [edit.material for edit in score(source, variant).fidelity.edits] == [None]


def test_not_guilty_for_guilty_is_a_negation() -> None:
    source = "A nurse was today found not guilty of stealing drugs from the ward."
    (edit,) = score(source, source.replace("not guilty", "guilty")).fidelity.edits
    assert edit.material == "negation"


def test_n_apostrophe_of_rock_n_roll_is_no_negation() -> None:
    source = "It will be loud, hot and sweaty, just the way rock 'n' roll should be."
    (edit,) = score(source, source.replace("rock 'n' roll", "rock 'n'roll")).fidelity.edits
    assert edit.material is None


def test_name_changed() -> None:
    source = line("000", "Dmytro Kuleba")
    variant = source.replace("Kuleba", "Zelensky")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "Kuleba", "Zelensky", "name"),)
    assert result.fidelity.fidelity == round(1 - 3 / 12, 4)
    assert variant[result.start : result.end] == variant


def test_name_changed_at_the_start_of_a_quotation() -> None:
    source = line("004", "Minister Kuleba updated")
    variant = "“Minister Zelensky updated Allies on Ukraine’s short and long-term needs.”"
    (edit, trim) = score(source, variant).fidelity.edits
    assert edit == Edit("replace", "Kuleba", "Zelensky", "name")
    assert trim.op == "delete"


_COURT = "The 47-year-old man was remanded in custody by magistrates in Blackburn, Lancashire."
_PAID = "The court heard she had paid him £4,660 for the work, when in fact it was worth £200."
_BUS = "He was punched and thrown in front of a bus in Cricklewood, on September 7, 1996."


@pytest.mark.parametrize(("source", "old", "new", "material"), [
    pytest.param(_COURT, "Lancashire.", "Cumbria.", "name", id="name-after-a-comma"),
    pytest.param(_PAID, "£200", "£400", "number", id="amount-after-a-currency-sign"),
    pytest.param(_BUS, "1996", "1997", "number", id="year-after-a-comma"),
])
def test_name_or_number_changed_at_the_end_is_no_context(
    source: str, old: str, new: str, material: str
) -> None:
    # The variant's last words, after the same mark as the source's, end
    # its sentence where the source's end: a changed name or number, not
    # reporting around a trimmed copy (which hid the change: "verbatim").
    variant = source.replace(old, new)
    result = score(source, variant)
    assert (result.fidelity.label, result.fidelity.trimmed) == ("altered", False)
    (edit,) = result.fidelity.edits
    expected = (old.strip("£."), new.strip("£."), material)
    assert (edit.source, edit.variant, edit.material) == expected
    assert variant[result.start : result.end] == variant


def test_attribution_after_a_comma_at_the_end_is_still_context() -> None:
    result = score(_COURT, _COURT.replace("Lancashire.", "Jones said."))
    assert (result.fidelity.label, result.fidelity.trimmed) == ("verbatim", True)
    variant = _COURT.replace("Lancashire.", "Jones said.")
    assert _COURT.startswith(variant[result.start : result.end])


def test_sentence_initial_word_is_not_a_name() -> None:
    source = excerpt("000", "Retaking territory", "its war plans.")
    variant = source.replace("And forcing", "But forcing")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "And", "But"),)
    assert result.fidelity.fidelity == round(1 - 1 / len(tokenize(source)), 4)


@pytest.mark.parametrize("between", [
    pytest.param("\n\x19", id="control-byte"),
    pytest.param(" \u25a0 ", id="paragraph-mark"),
    pytest.param("<\n", id="line-end-marker"),
])
def test_word_opening_a_sentence_after_a_mark_is_not_a_name(between: str) -> None:
    source = f"He kept up the lie for eight months.{between}When confronted, he admitted it."
    variant = "He kept up the lie for eight months. Confronted, he admitted it."
    assert [edit.material for edit in score(source, variant).fidelity.edits] == [None, None]


@pytest.mark.parametrize("opening", [': "', ', "', ": ``", ": \u201c"])
def test_word_opening_a_quotation_after_a_colon_or_comma_is_not_a_name(opening: str) -> None:
    source = f"The minister said{opening}Our plan will work.\""
    (edit,) = score(source, source.replace("Our", "This")).fidelity.edits
    assert (edit.source, edit.variant, edit.material) == ("Our", "This", None)


def test_capitalised_word_after_a_quotation_mark_within_a_sentence_is_a_name() -> None:
    source = 'Officials called the scheme "Project Shield" in their report.'
    (edit,) = score(source, source.replace("Shield", "Sword")).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("He shrugged and said 'Oh, so you do remember me?'",
                 "He shrugged and said 'so you do remember me?'", id="interjection"),
    pytest.param("He turned and said 'Yes, I will remember it.'",
                 "He turned and said 'I will remember it.'", id="yes-opening-a-quote"),
    # Two of the record's sentences joined without the stop between them,
    # as an audit joins the passages of a spliced quotation.
    pytest.param("We support this application He added that it was a powerful message",
                 "We support this application and it was a powerful message", id="pronoun"),
    pytest.param("They have got away with it The police were deaf and blind",
                 "They have got away with it and they were deaf and blind", id="article"),
])
def test_a_capitalised_pronoun_article_or_interjection_is_not_a_name(
        source: str, variant: str) -> None:
    edits = score(source, variant).fidelity.edits
    assert edits and [edit.material for edit in edits] == [None] * len(edits)


def test_a_word_of_that_class_in_capitals_throughout_may_be_a_name() -> None:
    source = "The deal was signed by the US and China."
    (edit,) = score(source, source.replace("US", "EU")).fidelity.edits
    assert (edit.source, edit.variant, edit.material) == ("US", "EU", "name")
    # ... and a name opening a quotation as the interjection did is still one.
    source = "He turned and said 'Boris, you remember that?'"
    (edit,) = score(source, source.replace("Boris, y", "y")).fidelity.edits
    assert (edit.source, edit.material) == ("Boris", "name")


def test_a_number_moved_within_the_passage_is_no_number_change() -> None:
    source = "I've had a brilliant eight years at one of the finest clubs in Europe."
    result = score(source, "I have had eight brilliant years at one of the finest clubs in Europe.")
    assert ("eight", "") in [(e.source, e.variant) for e in result.fidelity.edits]
    assert [e.material for e in result.fidelity.edits] == [None] * len(result.fidelity.edits)


@pytest.mark.parametrize(("source", "variant"), [
    ("Police said 1 man was held after the raid on Friday.",
     "Police said one man was held after the raid on Friday."),
    ("The judge said: 1 man was held after the raid on Friday.",
     "The judge said: One man was held after the raid on Friday."),
])
def test_one_for_1_is_the_same_number(source: str, variant: str) -> None:
    (edit,) = score(source, variant, context=False).fidelity.edits
    assert (edit.source, edit.material, edit.cosmetic) == ("1", None, True)


def test_one_for_another_number_is_a_changed_number() -> None:
    (edit,) = score("Police said two men were held after the raid.",
                    "Police said one man was held after the raid.").fidelity.edits
    assert edit.material == "number"


def test_numbers_swapped_between_their_nouns_are_changed_numbers() -> None:
    result = score("We sent 40 tanks and 20 jets to the front.",
                   "We sent 20 tanks and 40 jets to the front.")
    assert [(e.source, e.variant, e.material) for e in result.fidelity.edits] == [
        ("40", "20", "number"), ("20", "40", "number")]


def test_pronoun_i_is_not_a_name() -> None:
    result = score("and then I expect more", "and then we expect more")
    assert result.fidelity.edits == (Edit("replace", "I", "we"),)


def test_negation_takes_precedence_over_modal() -> None:
    (edit,) = score("we will go", "we won't go").fidelity.edits
    assert edit.material == "negation"


def test_number_takes_precedence_over_name() -> None:
    (edit,) = score(
        "nearly 600 German drones arrived", "nearly 500 French drones arrived"
    ).fidelity.edits
    assert edit == Edit("replace", "600 German", "500 French", "number")


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("The report blamed the council, and Mr Hartley said it had ignored warnings.",
                  "The report blamed the council, and he said it had ignored warnings.",
                  id="name-to-pronoun"),
    pytest.param("Police said she had left her car outside the station before dawn.",
                  "Police said Mrs Okafor had left her car outside the station before dawn.",
                  id="pronoun-to-name"),
    pytest.param("The court heard that Okafor had been released a week before the attack.",
                 "The court heard that the rapist had been released a week before the attack.",
                 id="name-to-description"),
    pytest.param("An interim payment came from the trust, its lawyers said.",
                 "An interim payment came from Harefield NHS trust, its lawyers said.",
                 id="description-to-name"),
    pytest.param("It is a poor show when Mr Pardoe has to explain his own memos.",
                 "It is a poor show when a secretary of state has to explain his own memos.",
                 id="name-to-indefinite-description"),
    pytest.param("It is a poor show when Mr Pardoe has to explain his own memos.",
                 "It is a poor show when a Secretary of State has to explain his own memos.",
                 id="name-to-indefinite-office"),
])
def test_name_and_pronoun_or_description_for_each_other_are_no_name_change(
        source: str, variant: str) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, False)  # costly: the words differ


def test_name_for_another_name_and_a_pronoun_is_a_name_change() -> None:
    source = "The report blamed the council, and Mr Hartley said it had ignored warnings."
    (edit,) = score(source, source.replace("Mr Hartley", "Mr Doyle")).fidelity.edits
    assert edit.material == "name"
    # An office after "the" is someone: maybe someone else.
    (edit,) = score(source, source.replace("Mr Hartley", "the Prime Minister")).fidelity.edits
    assert edit.material == "name"
    (edit,) = score(source, source.replace("Mr Hartley", "he and Doyle")).fidelity.edits
    assert edit.material == "name"


def test_name_replaced_mid_sentence() -> None:
    (edit,) = score(
        "nearly 600 German drones arrived", "nearly 600 French drones arrived"
    ).fidelity.edits
    assert edit == Edit("replace", "German", "French", "name")


def test_one_is_not_a_number_word() -> None:
    (edit,) = score(
        "the minister told BBC Radio 4's Today programme that talks had failed.",
        "the minister told BBC Radio 4's World at One programme that talks had failed.",
    ).fidelity.edits
    assert edit == Edit("replace", "Today", "World at One", "name")


def test_changed_courtesy_title_is_costly_but_not_material() -> None:
    source = "The court heard that Mrs Brown had left the house before midnight."
    result = score(source, source.replace("Mrs", "Ms"))
    assert result.fidelity.edits == (Edit("replace", "Mrs", "Ms"),)
    assert result.fidelity.label == "altered"
    assert result.fidelity.fidelity == round(1 - 1 / len(tokenize(source)), 4)


def test_dropped_clause_with_a_modal_is_an_omission_not_a_changed_modal() -> None:
    # Cluster c11 of inputs/: the article joins two transcript sentences.
    source = excerpt("000", "Finland, Sweden, Georgia", "Republic of Korea.")
    variant = excerpt("001", "Finland, Sweden, Georgia", "Republic of Korea.")
    result = score(source, variant)
    costly = [edit for edit in result.fidelity.edits if not edit.cosmetic]
    assert costly == [
        Edit("delete", "will be at the table", ""), Edit("delete", "we will be joined", "")]
    assert result.fidelity.fidelity == round(1 - 9 / len(tokenize(source)), 4)


@pytest.mark.parametrize("pronoun", ["them", "us", "you"])
def test_the_number_of_a_pronoun_left_out_is_no_changed_number(pronoun: str) -> None:
    source = f"The judge said he had tied the two of {pronoun} together before the fire."
    for original, variant in ((source, source.replace("the two of ", "")),
                              (source.replace("the two of ", ""), source)):
        (edit,) = score(original, variant).fidelity.edits
        assert (edit.material, edit.cosmetic) == (None, False)
    (edit,) = score(source, source.replace("the two of", "the three of")).fidelity.edits
    assert edit.material == "number"
    (edit,) = score(source.replace(f"of {pronoun}", "men"), source.replace(f"two of {pronoun}",
                                                                           "men")
                    ).fidelity.edits
    assert edit.material == "number"


@pytest.mark.parametrize("word", ["now", "then"])
def test_a_clause_put_for_a_word_is_a_clause_added_not_a_changed_number(word: str) -> None:
    source = f"He did his thing for the record so we have to find a new guitarist {word} and tour."
    clause = "we should finish mixing the album in about three weeks time"
    for original, variant in ((source, source.replace(word, clause)),
                              (source.replace(word, clause), source)):
        (edit,) = score(original, variant, context=False).fidelity.edits
        assert (edit.material, edit.cosmetic) == (None, False)
    # A number that a clause is put for is still a changed number.
    (edit,) = score(source.replace(f"a new guitarist {word}", "10 guitarists"),
                    source.replace(f"a new guitarist {word}", f"{clause} guitarists"),
                    context=False).fidelity.edits
    assert edit.material == "number"


@pytest.mark.parametrize(
    ("source", "variant", "material"),
    [
        pytest.param("we will go", "we go", "modal", id="modal"),
        pytest.param("we will also go", "we go", "modal", id="modal-and-adverb"),
        pytest.param("we go", "we will have to go", "modal", id="inserted-modal"),
        pytest.param("he will not win", "he will win", "negation", id="not"),
        pytest.param("Allies must not be divided", "Allies be divided", "negation",
                     id="modal-and-not"),
        pytest.param("As well as 10,000 drones", "As well as drones", "number", id="number"),
        pytest.param("up 5 per cent on last year", "up on last year", "number", id="per-cent"),
        pytest.param("we will go and we will win", "we will go and win", None,
                     id="repeated-subject-and-modal"),
        pytest.param("As well as 10,000 drones and tanks", "As well as tanks", None,
                     id="number-with-its-noun"),
        pytest.param("he said it was not only costly but wrong", "he said it was costly but wrong",
                     None, id="not-only"),
    ],
)
def test_deleted_or_inserted_run_is_material_only_when_bare(
    source: str, variant: str, material: str | None
) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert edit.material == material


@pytest.mark.parametrize(
    ("source", "negated"),
    [
        pytest.param(line("000", "unwilling to condemn"), "unwilling", id="unwilling"),
        pytest.param(line("003", "we addressed Russia's illegal war"), "illegal", id="illegal"),
        pytest.param(line("003", "non-lethal aid"), "non-lethal", id="non-hyphen"),
        pytest.param("officials indicated they thought it unlikely any Nato country would want"
                     " to provide tanks", "unlikely", id="unlikely"),
        pytest.param("I strongly believe that's impossible.", "impossible", id="impossible"),
        pytest.param("It would be irresponsible to do so.", "irresponsible", id="irresponsible"),
        pytest.param("He called the claim dishonest.", "dishonest", id="dishonest"),
        pytest.param("The report was inaccurate in places.", "inaccurate", id="inaccurate"),
        pytest.param("a nonbinding resolution was adopted", "nonbinding", id="non"),
    ],
)
def test_negation_made_by_a_prefix(source: str, negated: str) -> None:
    stem = negated.removeprefix("non-")
    for prefix in ("non", "dis", "un", "im", "il", "ir", "in"):
        if stem != negated:
            break
        stem = stem.removeprefix(prefix)
    for before, after in ((source, source.replace(negated, stem, 1)),
                          (source.replace(negated, stem, 1), source)):
        (edit,) = score(before, after).fidelity.edits
        assert edit.material == "negation", (before, after)


@pytest.mark.parametrize(
    ("first", "second"),
    [("inform", "form"), ("impact", "pact"), ("income", "come"), ("discover", "cover"),
     ("unless", "less"), ("unite", "ite"), ("distract", "tract"), ("instance", "stance")],
)
def test_word_that_only_looks_negated_is_not_a_negation(first: str, second: str) -> None:
    (edit,) = score(f"they wanted to {first} the allies", f"they wanted to {second} the allies"
                    ).fidelity.edits
    assert edit.material is None


def test_negation_by_a_prefix_and_by_not_are_the_same() -> None:
    source = line("000", "unwilling to condemn")
    (edit,) = score(source, source.replace("unwilling", "not willing")).fidelity.edits
    assert edit == Edit("replace", "unwilling", "not willing")


def test_capitalised_title_word_for_its_plural_is_not_a_name() -> None:
    # Cluster c1 of inputs/: the Bucharest transcript's title.
    source = line("000", "Press conference by").split(" on 6")[0]
    variant = line("003", "Press conference by").split(",")[0]
    edits = score(source, variant).fidelity.edits
    assert edits == (
        Edit("replace", "ahead of", "following"), Edit("replace", "meetings", "Meeting"))
    # A name for a lower-case word's other number is not such a title word.
    (edit,) = score(source, source.replace("meetings", "Williams")).fidelity.edits
    assert edit.material == "name"


# --- newsroom conventions ---------------------------------------------------------

_UNITED = excerpt("002", "We remain united and resolute", "security of all Allies.")


@pytest.mark.parametrize("mark", ["…", "...", "[...]", ". . ."])
def test_cut_marked_by_an_ellipsis_is_a_trim(mark: str) -> None:
    variant = _UNITED.replace(", aid the government and the people of Ukraine,", f" {mark}")
    result = score(_UNITED, variant)
    (edit,) = result.fidelity.edits
    assert edit == Edit("delete", "aid the government and the people of Ukraine", "", trim=True)
    assert (result.fidelity.label, result.fidelity.trimmed) == ("verbatim", True)
    assert result.fidelity.fidelity == round(1 - 0.25 * 8 / len(tokenize(_UNITED)), 4)


@pytest.mark.parametrize(("cut", "kept"), [
    pytest.param("was aged between 30 and 35 and ", "was between", id="after-the-cut"),
    pytest.param("the letter to ", "the Devon", id="inside-the-cut"),
])
def test_cut_whose_words_repeat_after_the_ellipsis_is_still_at_the_ellipsis(
    cut: str, kept: str
) -> None:
    # The first word after the ellipsis also opens the words left out: the
    # alignment may pair it with that first one, putting the cut a word
    # after its ellipsis, where it was a costly deletion ("altered").
    source = ("He said one man was aged between 30 and 35 and was between 5ft 10in and 6ft, "
              "and that he sent the letter to the Devon Police.")
    variant = source.replace(cut + kept, "... " + kept)
    result = score(source, variant)
    (edit,) = result.fidelity.edits
    assert (edit.op, edit.source, edit.trim) == ("delete", cut.strip(), True)
    assert (result.fidelity.label, result.fidelity.trimmed) == ("verbatim", True)


_BUCHA = line("000", "We have all seen the horrific images") + "\n" + line(
    "000", "controlled by the Russian military")


@pytest.mark.parametrize("context", [True, False], ids=["scan", "quoted words"])
@pytest.mark.parametrize("mark", ["…", "..."])
def test_word_cut_by_a_posts_ellipsis_is_a_trim(mark: str, context: bool) -> None:
    # A post or link preview cut at its length limit ends inside a word.
    variant = (_BUCHA.replace("\n", " ").split(" military")[0] + f" mili{mark}")
    result = score(_BUCHA, variant, context=context)
    (edit,) = result.fidelity.edits
    assert edit == Edit("delete", "military until a few days ago", "", trim=True)
    assert (edit.variant_start, edit.variant_end) == (len(variant) - len(mark),) * 2
    assert (result.fidelity.label, result.fidelity.trimmed) == ("verbatim", True)
    assert variant[result.start : result.end].endswith(f"mili{mark}")


_SUPPORT = line("000", "Allies are determined") + "\n" + line("000", "Including anti-tank")


@pytest.mark.parametrize(
    "link", ["https://t.co/AbC123", "www.nato.int/cps/en", "pic.twitter.com/xyz", "t.co/AbC123"])
def test_a_posts_link_after_the_copied_words_is_not_a_substitution(link: str) -> None:
    # "https" read as a word swapped for "air" made the copy altered.
    variant = _SUPPORT.replace("\n", " ").split(",")[0] + f" {link}"
    result = score(_SUPPORT, variant)
    assert (result.fidelity.label, result.fidelity.trimmed) == ("verbatim", True)
    assert variant[result.start : result.end].endswith("anti-tank weapons")


def test_emoji_inside_a_copied_sentence_change_nothing() -> None:
    variant = _SUPPORT.replace(".\n", " ‼️❤️ ")
    result = score(_SUPPORT, variant)
    assert (result.fidelity.label, result.fidelity.edits) == ("verbatim", ())


@pytest.mark.parametrize("glued", ["Britain.Including", "U.S./EU"])
def test_words_glued_by_a_point_or_slash_are_no_link(glued: str) -> None:
    source = "Allies will provide further support to Ukraine and its partners."
    variant = "Allies will provide further support to " + glued
    assert score(source, variant).fidelity.label == "altered"


def test_word_cut_without_an_ellipsis_is_an_edit() -> None:
    variant = _BUCHA.replace("\n", " ").split(" military")[0] + " mili"
    assert score(_BUCHA, variant).fidelity.label == "altered"


def test_unmarked_cut_of_a_clause_with_a_name_is_an_omission() -> None:
    variant = _UNITED.replace(", aid the government and the people of Ukraine,", "")
    (edit,) = score(_UNITED, variant).fidelity.edits
    assert edit == Edit("delete", "aid the government and the people of Ukraine", "")


def test_ellipsis_does_not_excuse_a_dropped_negation() -> None:
    source = line("004", "we are not able to do so").split(". ")[5] + "."
    assert source == "And the other scenario is that we are not able to do so."
    (edit,) = score(source, source.replace("not", "…")).fidelity.edits
    assert edit == Edit("delete", "not", "", "negation")


def test_dropped_name_in_a_list_is_material() -> None:
    source = line("000", "Finland, Sweden, Georgia")
    (edit,) = score(source, source.replace("Sweden, ", "")).fidelity.edits
    assert edit == Edit("delete", "Sweden", "", "name")


# --- speech a quotation cleans up ---------------------------------------------

_URGENCY = "They also understand the urgency of stepping up when it comes to air defence."


@pytest.mark.parametrize(("spoken", "left_out"), [
    pytest.param(_URGENCY.replace("the urgency", "the, uh, urgency"), "uh", id="filler"),
    pytest.param(_URGENCY.replace("the urgency", "the, um, er, urgency"), "um er",
                 id="fillers"),
    pytest.param(_URGENCY.replace("They", "They, you know,"), "you know", id="you-know"),
    pytest.param(_URGENCY.replace("the urgency", "the, the urgency"), "the", id="stutter"),
    pytest.param(_URGENCY.replace("the urgency", "the, uh, the urgency"), "uh the",
                 id="stutter-and-filler"),
    pytest.param(_URGENCY.replace("They also", "They also, they also"), "they also",
                 id="words-said-twice"),
    pytest.param(_URGENCY.replace("They also understand", "They are, they also understand"),
                 "are they", id="false-start"),
    pytest.param(_URGENCY.replace("stepping up", "stepping up, up"), "up", id="last-said-twice"),
])
def test_disfluencies_left_out_are_cosmetic(spoken: str, left_out: str) -> None:
    result = score(spoken, _URGENCY, context=False)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)
    (edit,) = [e for e in result.fidelity.edits if e.op == "delete"]
    assert (edit.source.casefold(), edit.cosmetic, edit.material) == (left_out, True, None)
    assert spoken[edit.source_start : edit.source_end].casefold().startswith(left_out[:2])


def test_a_word_said_twice_without_a_pause_in_the_record_is_a_stutter() -> None:
    source = line("004", "partners in in the").split(". ")[2] + "."
    assert source == ("There are different proposals there about how we can work more closely "
                      "with partners in in the Mediterranean region.")
    result = score(source, source.replace("in in", "in"), context=False)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


@pytest.mark.parametrize("spoken", [
    pytest.param("Then I had had enough of their promises.", id="had-had"),
    pytest.param("They said that that was the end of it.", id="that-that"),
])
def test_a_word_a_sentence_says_twice_is_no_stutter(spoken: str) -> None:
    variant = spoken.replace("had had", "had").replace("that that", "that")
    assert score(spoken, variant, context=False).fidelity.label == "altered"


@pytest.mark.parametrize("spoken", [
    pytest.param("I will not, uh, be specific before they are able to conclude.", id="filler"),
    pytest.param("I will, uh, not be specific before they are able to conclude.",
                 id="filler-before"),
])
def test_a_negation_left_out_beside_a_filler_is_material(spoken: str) -> None:
    result = score(spoken, "I will be specific before they are able to conclude.",
                   context=False)
    assert result.fidelity.label == "altered"
    assert [e.material for e in result.fidelity.edits] == ["negation"]


def test_a_phrase_left_out_is_a_disfluency_only_when_set_off_by_pauses() -> None:
    promised = "We will deliver what we promised."
    assert score("We will, you know, deliver what we promised.", promised,
                 context=False).fidelity.label == "cosmetic"
    assert score("We will deliver what you know we promised.", promised,
                 context=False).fidelity.label == "altered"


def test_a_clause_that_opens_as_the_next_is_no_false_start() -> None:
    # "the application," then "the definition": a new clause, no subject begun again.
    result = score("The meaning of the rule varies with the context.",
                   "Depending on the context, the meaning of the rule varies.", context=False)
    inserted = [e for e in result.fidelity.edits if e.op == "insert"]
    assert inserted and not any(e.cosmetic for e in inserted)


def test_a_false_start_with_a_negation_left_out_is_no_disfluency() -> None:
    result = score("We will not, we will never accept it.", "We will never accept it.",
                   context=False)
    assert result.fidelity.label == "altered"


def test_fillers_are_no_words_a_quotation_failed_to_align() -> None:
    # Three of seven words align, but two of the seven are fillers and one a stutter.
    result = score("We, uh, we won't, um, send troops.", "We will send troops.", context=False)
    assert result.fidelity.label == "altered"
    assert [e.material for e in result.fidelity.edits if not e.cosmetic] == ["negation"]


def test_a_filler_costs_nothing_beside_words_left_out() -> None:
    spoken = _URGENCY.replace("the urgency", "the, uh, very real urgency")
    result = score(spoken, _URGENCY.replace("the urgency", "the urgency"), context=False)
    (edit,) = result.fidelity.edits
    assert (edit.source, edit.cosmetic) == ("uh very real", False)
    assert result.fidelity.fidelity == round(1 - 2 / 17, 4)


_NEED = "That's an urgent need, and Allies have already stepped up. We had the announcement."


@pytest.mark.parametrize("noted", [
    pytest.param(_NEED.replace("up. ", "up. [00:02:33] "), id="bracketed"),
    pytest.param(_NEED.replace("up. ", "up. (00:02:33) "), id="parenthesised"),
    pytest.param(_NEED.replace("up. ", "up.\n00:02:33\n"), id="own-line"),
    pytest.param(_NEED.replace("up. ", "up.\n\n00:02:33,120 --> 00:02:35,000\n"),
                 id="caption-cue"),
    pytest.param(_NEED.replace("up. ", "up.\n\n12\n00:02:33,120 --> 00:02:35,000\n"),
                 id="numbered-caption-cue"),
])
def test_a_transcripts_time_code_left_out_is_cosmetic(noted: str) -> None:
    result = score(noted, _NEED, context=False)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)
    (edit,) = result.fidelity.edits
    assert (edit.op, edit.material, edit.cosmetic) == ("delete", None, True)
    assert noted[edit.source_start : edit.source_end].startswith(("00:02:33", "12\n"))


_DETAILS = "I will not go into the details of what Allies are going to do."


@pytest.mark.parametrize("noted", [
    pytest.param(_DETAILS.replace("into the", "into (LAUGHTER) the"), id="laughter"),
    pytest.param(_DETAILS.replace("into the", "into -- (CROSSTALK) -- the"), id="crosstalk"),
    pytest.param(_DETAILS.replace("details of", "details (inaudible) of"), id="inaudible"),
    pytest.param(_DETAILS.replace("Allies are", "Allies (ph) are"), id="phonetic"),
    pytest.param(_DETAILS.replace("into the", "into (SPEAKING FOREIGN LANGUAGE) the"),
                 id="foreign-language"),
])
def test_a_stage_note_in_parentheses_within_a_sentence_is_cosmetic(noted: str) -> None:
    result = score(noted, _DETAILS, context=False)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


def test_an_aside_in_parentheses_within_a_sentence_is_no_note() -> None:
    result = score("Allies will go into the details (and the costs) of what they do.",
                   "Allies will go into the details of what they do.", context=False)
    assert result.fidelity.label == "altered"


@pytest.mark.parametrize("noted", [
    pytest.param("0:05\n" + _NEED, id="time-code-above"),
    pytest.param("[00:02:33] " + _NEED, id="bracketed-time-code"),
    pytest.param("(laughter) " + _NEED, id="stage-note"),
    pytest.param(_NEED + "\n0:09", id="time-code-below"),
])
def test_a_note_opening_or_closing_the_passage_is_no_trim(noted: str) -> None:
    result = score(noted, f"“{_NEED}” he said.")
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)
    assert not result.fidelity.trimmed
    assert all(e.cosmetic and not e.trim for e in result.fidelity.edits)


def test_a_time_said_in_a_sentence_is_a_number() -> None:
    result = score("We meet at 10:30 and we had the announcement.",
                   "We meet at and we had the announcement.", context=False)
    assert [e.material for e in result.fidelity.edits] == ["number"]


_CAPTIONED = line("000", "Targeting and murdering").upper()  # broadcast captions


@pytest.mark.parametrize(("variant", "edit"), [
    pytest.param("Targeting civilians is a war crime.", ("AND MURDERING", "", None),
                 id="words-left-out"),
    pytest.param("Targeting and killing civilians is a war crime.", ("MURDERING", "killing", None),
                 id="word-changed"),
    pytest.param("Targeting and murdering civilians is not a war crime.", ("", "not", "negation"),
                 id="negation-added"),
    pytest.param("Targeting and murdering Ukrainians is a war crime.",
                 ("CIVILIANS", "Ukrainians", "name"), id="name-put-in"),
])
def test_a_capital_of_a_text_in_capitals_tells_no_name(variant: str,
                                                       edit: tuple[str, str, str | None]) -> None:
    assert _CAPTIONED == "TARGETING AND MURDERING CIVILIANS IS A WAR CRIME."
    result = score(_CAPTIONED, variant, context=False)
    assert [(e.source, e.variant, e.material) for e in result.fidelity.edits
            if not e.cosmetic] == [edit]


_SCHOLZ = excerpt("002", "“I had a conversation", "Ukraine,”")


def test_editors_words_in_brackets_are_cosmetic() -> None:
    assert "[Emmanuel Macron]" in _SCHOLZ
    result = score(_SCHOLZ.replace(" [Emmanuel Macron]", ""), _SCHOLZ)
    assert result.fidelity.edits == (Edit("insert", "", "Emmanuel Macron", cosmetic=True),)
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic", 1.0)


def test_editors_word_in_brackets_opening_the_quote_replaces_the_pronoun() -> None:
    source = line("000", "unwilling to condemn")
    variant = ("“[Allies] see that China has been unwilling to condemn Russia’s aggression,”"
               " he said.")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "We", "Allies", cosmetic=True),)
    assert (result.fidelity.label, result.fidelity.trimmed) == ("cosmetic", False)
    assert variant[result.start : result.end] == variant[1:-11]


def test_brackets_do_not_excuse_a_rewording() -> None:
    variant = _UNITED.replace("aid the government and the people of Ukraine", "[help Kyiv]")
    (edit,) = score(_UNITED, variant).fidelity.edits
    assert (edit.variant, edit.cosmetic) == ("help Kyiv", False)


def test_negation_in_brackets_is_still_material() -> None:
    source = line("000", "unwilling to condemn")
    (edit,) = score(source, source.replace("has been", "has [not] been")).fidelity.edits
    assert edit.material == "negation"


@pytest.mark.parametrize("written", ["50 per cent", "50 percent", "fifty per cent", "50 %"])
def test_per_cent_written_out_is_cosmetic(written: str) -> None:
    source = excerpt("004", "The Ukrainians have liberated", "beginning of the war.")
    result = score(source, source.replace("50%", written))
    assert (result.fidelity.label, result.fidelity.fidelity) == ("cosmetic" if "%" not in written
                                                                 else "verbatim", 1.0)
    (edit,) = score(source, source.replace("50%", "60 per cent")).fidelity.edits
    assert edit.material == "number"


@pytest.mark.parametrize("written", ["March 24, 2022", "24th March 2022", "March 24th 2022"])
def test_date_in_another_order_is_cosmetic(written: str) -> None:
    source = line("002", "G7 leaders to discuss Russia’s").split(". ")[-1]
    assert source.startswith("NATO Secretary General Jens Stoltenberg on Thursday (24 March 2022)")
    result = score(source, source.replace("24 March 2022", written))
    assert result.fidelity.label == "cosmetic"
    assert [edit.material for edit in result.fidelity.edits] == [None]
    (edit,) = score(source, source.replace("24 March", "March 25")).fidelity.edits
    assert edit.material == "number"


_BEIJING = excerpt("002", "They also addressed Beijing’s role", "peaceful resolution.")


def test_courtesy_title_added_or_dropped_is_cosmetic() -> None:
    dropped = score(_BEIJING, _BEIJING.replace("Mr Stoltenberg", "Stoltenberg"))
    assert dropped.fidelity.edits == (Edit("delete", "Mr", "", cosmetic=True),)
    assert (dropped.fidelity.label, dropped.fidelity.fidelity) == ("cosmetic", 1.0)
    added = score(_BEIJING.replace("Mr Stoltenberg", "Stoltenberg"), _BEIJING)
    assert added.fidelity.edits == (Edit("insert", "", "Mr", cosmetic=True),)


def test_possessive_dropped_from_a_name_is_not_a_name_change() -> None:
    source = line("002", "NATO’s Open Door Policy").split(". ")[11] + "."
    assert source.startswith("We reaffirm our commitment to NATO’s Open Door Policy")
    (edit,) = score(source, source.replace("NATO’s", "NATO")).fidelity.edits
    assert edit == Edit("replace", "NATO’s", "NATO")
    (edit,) = score(source, source.replace("NATO’s", "Russia’s")).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize(("written", "edit"), [
    ("1 billion euro", Edit("replace", "a", "1", cosmetic=True)),
    ("one billion euro", Edit("replace", "a", "one", cosmetic=True)),
])
def test_a_billion_is_one_billion(written: str, edit: Edit) -> None:
    source = line("000", "a billion euro NATO Innovation Fund")
    assert score(source, source.replace("a billion euro", written)).fidelity.edits == (edit,)
    (changed,) = score(source, source.replace("a billion", "2 billion")).fidelity.edits
    assert changed.material == "number"


@pytest.mark.parametrize("written", ["600,000,000", "six hundred million", "0.6 billion"])
def test_number_written_another_way_is_cosmetic(written: str) -> None:
    source = line("004", "nearly 600 million euros")
    (edit,) = score(source, source.replace("600 million", written)).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, True)
    (edit,) = score(source, source.replace("600 million", "six hundred thousand")
                    ).fidelity.edits
    assert edit.material == "number"


@pytest.mark.parametrize(("decade", "other", "same"), [
    pytest.param("the 1980s", "the Eighties", True, id="in-words"),
    pytest.param("the 1980s", "the '80s", True, id="two-digits"),
    pytest.param("the 1980s", "the 1980's", True, id="apostrophe"),
    pytest.param("the 1980s", "the Seventies", False, id="another-decade"),
    pytest.param("the 1980s", "the 1880s", False, id="another-century"),
    pytest.param("the 1980s", "1980", False, id="a-year"),
])
def test_a_decade_written_another_way_is_the_same_number(decade: str, other: str,
                                                        same: bool) -> None:
    source = f"The conductor said he had won acclaim in {decade} for works by modern composers."
    result = score(source, source.replace(decade, other)).fidelity
    assert result.label == ("altered" if not same else "cosmetic" if result.edits
                            else "verbatim")
    assert [edit.material for edit in result.edits] == ([] if "'s" in other
                                                         else [None] if same else ["number"])


@pytest.mark.parametrize(("written", "other"), [
    pytest.param("half a million pounds", "£½ million", id="half-a-million"),
    pytest.param("half a million pounds", "500,000 pounds", id="half-a-million-in-digits"),
    pytest.param("half the profit", "½ the profit", id="half"),
    pytest.param("1/2 the profit", "half the profit", id="slash"),
    pytest.param("a quarter of the profit", "¼ of the profit", id="a-quarter"),
    pytest.param("two thirds of the profit", "⅔ of the profit", id="two-thirds"),
    pytest.param("three and a half million pounds", "£3½ million", id="and-a-half"),
])
def test_a_fraction_written_another_way_is_the_same_number(written: str, other: str) -> None:
    source = f"The court heard that he had taken {written} from the firm before it collapsed."
    result = score(source, source.replace(written, other)).fidelity
    assert [edit.material for edit in result.edits] == [None] * len(result.edits), result.edits
    assert any(edit.cosmetic for edit in result.edits)
    assert result.label == ("altered" if "pounds" in written and "pounds" not in other
                            else "cosmetic")


@pytest.mark.parametrize(("written", "other"), [
    pytest.param("½", "¾", id="half-to-three-quarters"),
    pytest.param("half", "a quarter of", id="half-to-a-quarter"),
    pytest.param("1/2", "3/4", id="slash"),
    pytest.param("two thirds of", "a third of", id="two-thirds-to-a-third"),
])
def test_another_fraction_is_a_changed_number(written: str, other: str) -> None:
    source = f"The court heard that he had taken {written} the profit before it collapsed."
    edits = score(source, source.replace(written, other)).fidelity.edits
    assert [edit.material for edit in edits] == ["number"]


def test_slashed_digits_of_a_date_or_a_day_are_no_fraction() -> None:
    source = "The shop was open 24/7 until the raid on 1/2/2020, he said."
    edits = score(source, source.replace("1/2/2020", "half/2020")).fidelity.edits
    assert [edit.material for edit in edits] == ["number"]


def test_acronym_for_the_words_it_abbreviates_is_cosmetic() -> None:
    source = line("000", "Finland, Sweden, Georgia")
    (edit,) = score(source, source.replace("European Union", "EU")).fidelity.edits
    assert edit == Edit("replace", "European Union", "EU", cosmetic=True)
    (edit,) = score(source, source.replace("the European Union", "EU")).fidelity.edits
    assert edit == Edit("replace", "the European Union", "EU", cosmetic=True)
    # The acronym does not stand for the words dropped with it.
    (edit,) = score(source, source.replace("Georgia, and the European Union", "EU")
                    ).fidelity.edits
    assert not edit.cosmetic
    (edit,) = score(source, source.replace("European Union", "UN")).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize(("words", "acronym"), [
    pytest.param("television", "TV", id="tv"),
    pytest.param("grievous bodily harm", "GBH", id="initials"),
    pytest.param("a member of parliament", "an MP", id="initials-past-of"),
])
def test_an_acronym_of_lower_case_words_is_no_name(words: str, acronym: str) -> None:
    source = f"The court heard he had mentioned {words} before the crash, the prosecutor said."
    for variant, original in ((source.replace(words, acronym), source),
                              (source, source.replace(words, acronym))):
        (edit,) = score(original, variant).fidelity.edits
        assert (edit.material, edit.cosmetic) == (None, True)
    # With another word beside it, still no name: a costly rewording.
    (edit,) = score(source, source.replace(f"{words} before", f"{acronym} just before")
                    ).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, False)


def test_an_acronym_of_a_common_word_added_is_no_name() -> None:
    source = "He said good drama is not about poaching stars, it is about ambition and talent."
    (edit,) = score(source, source.replace("drama", "TV"), context=False).fidelity.edits
    assert (edit.op, edit.material) == ("replace", None)
    (edit,) = score(source, source.replace("drama", "BBC"), context=False).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize(("words", "other"), [
    pytest.param("television", "BBC", id="a-channel"),
    pytest.param("grievous bodily harm", "ABH", id="other-initials"),
    pytest.param("the police", "the PC", id="one-word-not-listed"),
])
def test_capitals_that_do_not_stand_for_the_words_are_a_name(words: str, other: str) -> None:
    source = f"The court heard he had spoken to {words} before the crash, the prosecutor said."
    edits = score(source, source.replace(words, other)).fidelity.edits
    assert [edit.material for edit in edits] == ["name"]


def test_acronym_said_as_a_word_with_one_capital_is_cosmetic() -> None:
    source = "He said the North Atlantic Treaty Organisation would meet again in Madrid."
    (edit,) = score(source, source.replace("the North Atlantic Treaty Organisation", "Nato")
                    ).fidelity.edits
    assert (edit.material, edit.cosmetic) == (None, True)
    (edit,) = score(source, source.replace("the North Atlantic Treaty Organisation", "Nata")
                    ).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize(("full", "clipped"), [
    pytest.param("Bedfordshire", "Beds", id="county-beds"),
    pytest.param("Lancashire", "Lancs", id="county-lancs"),
    pytest.param("Hertfordshire", "Herts", id="county-herts"),
    pytest.param("Berkshire", "Berks", id="county-berks"),
    pytest.param("Professor Lipstadt", "Prof Lipstadt", id="a-title"),
    pytest.param("the Metropolitan Police Service", "the Met", id="met"),
    pytest.param("Bedfordshire Police", "Beds Police", id="word-of-a-name"),
])
def test_a_name_clipped_is_the_same_name(full: str, clipped: str) -> None:
    source = f"Detectives from {full} said the inquiry into the fire would continue."
    for variant, source_text in ((source.replace(full, clipped), source),
                                 (source, source.replace(full, clipped))):
        result = score(source_text, variant).fidelity
        (edit,) = result.edits
        assert (edit.material, edit.cosmetic) == (None, True), edit
        assert result.label == "cosmetic"


@pytest.mark.parametrize(("office", "short"), [
    pytest.param("Sergeant", "Sgt", id="sergeant"),
    pytest.param("Private", "Pte", id="private"),
    pytest.param("Superintendent", "Supt", id="superintendent"),
    pytest.param("Captain", "Capt", id="captain"),
])
def test_an_office_written_short_is_the_same_office(office: str, short: str) -> None:
    source = f"The court martial heard that {office} Roy Carr had been abused by the others."
    result = score(source, source.replace(office, short)).fidelity
    assert [(edit.material, edit.cosmetic) for edit in result.edits] == [(None, True)]
    assert result.label == "cosmetic"
    edits = score(source, source.replace(office, "Supt" if short != "Supt" else "Sgt")
                  ).fidelity.edits
    assert [edit.material for edit in edits] == ["name"]


@pytest.mark.parametrize(("full", "other"), [
    pytest.param("Bedfordshire", "Bedford", id="keeps-more-than-half"),
    pytest.param("Mr Smithson", "Mr Smith", id="surname-that-starts-the-same"),
    pytest.param("Joanna", "Jo", id="two-letters"),
    pytest.param("Bedfordshire and Hertfordshire", "Beds", id="a-second-name-dropped"),
    pytest.param("Lancashire", "Lincs", id="another-county"),
    pytest.param("Jonestown", "Jones", id="more-than-half-with-an-s"),
])
def test_a_name_that_only_starts_the_same_is_another_name(full: str, other: str) -> None:
    source = f"Detectives said {full} had been told of the fire before midnight."
    edits = score(source, source.replace(full, other)).fidelity.edits
    assert "name" in [edit.material for edit in edits]


@pytest.mark.parametrize(("full", "short", "material"), [
    pytest.param("Metropolitan Police Service", "Metropolitan Police", None, id="service"),
    pytest.param("Treasury Department", "Treasury", None, id="department"),
    pytest.param("Police Federation", "Police", "name", id="another-body"),
    pytest.param("Manchester United", "Manchester", "name", id="a-club-is-no-kind"),
])
def test_a_body_named_without_the_word_for_its_kind_is_the_same_body(
        full: str, short: str, material: str | None) -> None:
    source = f"The {full} will investigate all the allegations made at the hearing."
    for original, variant in ((source, source.replace(full, short)),
                              (source.replace(full, short), source)):
        (edit,) = score(original, variant).fidelity.edits
        assert edit.material == material


@pytest.mark.parametrize(("name", "other"), [
    pytest.param("Morrisons", "Morrison's", id="apostrophe-added"),
    pytest.param("Boy's Own", "Boys Own", id="apostrophe-left-out"),
])
def test_a_name_with_or_without_an_apostrophe_is_the_same_name(name: str, other: str) -> None:
    source = f"The jury heard he had bought the knickers at {name} in the town centre."
    for original, variant in ((source, source.replace(name, other)),
                              (source.replace(name, other), source)):
        (edit,) = score(original, variant).fidelity.edits
        assert edit.material is None
    (edit,) = score(source, source.replace(name, "Morris")).fidelity.edits
    assert edit.material == "name"


def test_name_moved_within_the_passage_is_not_a_name_change() -> None:
    source = line("003", "we were joined by Finland and Sweden")
    moved = score(source, source.replace("Finland and Sweden", "Sweden and Finland")).fidelity
    assert [edit.material for edit in moved.edits] == [None, None]
    changed = score(source, source.replace("Finland and Sweden", "Norway and Finland")).fidelity
    assert "name" in [edit.material for edit in changed.edits]
    assert moved.fidelity > changed.fidelity


def test_possessive_name_moved_after_its_noun_is_not_a_name_change() -> None:
    source = line("002", "NATO’s Open Door Policy").split(". ")[11] + "."
    variant = source.replace("NATO’s Open Door Policy", "the Open Door Policy of NATO")
    assert [edit.material for edit in score(source, variant).fidelity.edits] == [None, None]


@pytest.mark.parametrize("gloss", ["(Mr Howard)", "(Howard)"])
def test_a_name_in_parentheses_saying_whom_a_pronoun_means_is_cosmetic(gloss: str) -> None:
    source = "Your suggestion is that he had been bribed by a businessman to do so."
    glossed = source.replace("he had", f"he {gloss} had")
    for original, variant in ((source, glossed), (glossed, source)):
        result = score(original, variant).fidelity
        (edit,) = result.edits
        assert (edit.material, edit.cosmetic) == (None, True)
        assert result.label == "cosmetic"
    # After a name, or with more words, it is a name added.
    edits = score(source.replace("he had", "Brown had"),
                  source.replace("he had", f"Brown {gloss} had")).fidelity.edits
    assert [edit.material for edit in edits] == ["name"]
    (edit,) = score(source, source.replace("he had", "he (and Howard) had")).fidelity.edits
    assert edit.material == "name"


def test_transcribers_word_in_square_brackets_left_out_is_cosmetic() -> None:
    source = line("004", "according [to] which").split("? ")[1] + "?"
    assert "[to]" in source
    result = score(source, source.replace(" [to]", "")).fidelity
    assert (result.label, result.fidelity) == ("cosmetic", 1.0)
    assert result.edits == (Edit("delete", "to", "", cosmetic=True),)


def test_stage_direction_between_sentences_left_out_is_cosmetic() -> None:
    first, second = line("004", "according [to] which").split("? ")[1:3]
    source = f"{first}? (Laughter.) {second}?"
    assert score(source, f"{first}? {second}?").fidelity.label == "cosmetic"
    # A word in parentheses within a sentence is the speaker's: leaving it out costs
    # (a stage note's words are not: test_a_stage_note_in_parentheses_...).
    aside = f"{first} (mind you) and {second}?"
    assert score(aside, f"{first} and {second}?").fidelity.label == "altered"


def test_acronym_in_parentheses_after_its_words_is_cosmetic() -> None:
    source = line("001", "(DIANA)")
    result = score(source, source.replace(" (DIANA)", "")).fidelity
    assert result.edits == (Edit("delete", "DIANA", "", cosmetic=True),)
    (added,) = score(source.replace(" (DIANA)", ""), source).fidelity.edits
    assert added.cosmetic
    (other,) = score(source, source.replace("(DIANA)", "(NASA)")).fidelity.edits
    assert other.material == "name"


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("The jury heard Gareth Pryce attacked the porter, who said Mr Pryce was drunk.",
                 "The jury heard Pryce attacked the porter, who said Mr Pryce was drunk.",
                 id="dropped"),
    pytest.param("The jury heard that Gareth Pryce attacked the night porter with a bottle.",
                 "The jury heard that Mr Pryce attacked the night porter with a bottle.",
                 id="for-a-title"),
])
def test_forename_left_out_before_its_surname_is_cosmetic(source: str, variant: str) -> None:
    result = score(source, variant).fidelity
    assert (result.label, result.fidelity) == ("cosmetic", 1.0)


@pytest.mark.parametrize(("source", "variant"), [
    pytest.param("The jury heard that Pryce attacked the night porter with a bottle.",
                 "The jury heard that Gareth Pryce attacked the night porter with a bottle.",
                 id="added"),
    pytest.param("The jury heard that Gareth Pryce attacked the night porter with a bottle.",
                 "The jury heard that Owen Pryce attacked the night porter with a bottle.",
                 id="changed"),
    pytest.param("Police closed Jubilee Road, Ashford, after the crash.",
                 "Police closed Ashford after the crash.", id="a-place-before-a-comma"),
    pytest.param("The band will tour North America and Japan next year.",
                 "The band will tour America and Japan next year.", id="no-person"),
])
def test_forename_added_or_changed_is_a_name_change(source: str, variant: str) -> None:
    (edit,) = score(source, variant).fidelity.edits
    assert edit.material == "name"


@pytest.mark.parametrize("office", ["President ", "Mr ", "Prime Minister "])
def test_office_before_a_name_added_or_dropped_is_cosmetic(office: str) -> None:
    source = line("002", "We call on President Putin").split(". ")[1] + "."
    assert source.startswith("We call on President Putin")
    bare = source.replace("President Putin", "Putin")
    titled = source.replace("President Putin", office + "Putin")
    assert score(source, bare).fidelity.label == "cosmetic"
    assert score(bare, titled).fidelity.label == "cosmetic"
    # The name is what matters: leaving it out behind its office is material.
    (dropped,) = score(source, source.replace("President Putin", "President")).fidelity.edits
    assert dropped.material == "name"


def test_ordinal_in_digits_or_words_is_cosmetic() -> None:
    source = line("004", "The first thing…")
    assert "The first thing" in source
    (edit,) = score(source, source.replace("The first thing", "The 1st thing")).fidelity.edits
    assert edit == Edit("replace", "first", "1st", cosmetic=True)
    (edit,) = score(source, source.replace("The first thing", "The 2nd thing")).fidelity.edits
    assert edit.material == "number"
    # "24th" is one word: changing it changes one word, not the "th" left beside it.
    (edit,) = score(source, source.replace("24th", "25th")).fidelity.edits
    assert edit == Edit("replace", "24th", "25th", "number")


@pytest.mark.parametrize("written", ["twenty-fourth", "twenty fourth", "Twenty-fourth"])
def test_ordinal_past_the_tenth_in_words_is_cosmetic(written: str) -> None:
    source = line("004", "The first thing…")
    (edit,) = score(source, source.replace("24th", written)).fidelity.edits
    assert edit == Edit("replace", "24th", written, cosmetic=True)
    # Another ordinal in words is another number.
    (edit,) = score(source.replace("24th", written),
                    source.replace("24th", "twenty-fifth")).fidelity.edits
    assert edit.material == "number"


def test_date_across_a_line_break_of_hard_wrapped_copy_is_the_same_date() -> None:
    # Agency copy wraps its lines anywhere: "December" ends one line and
    # "28" opens the next. A copy on one line has the same date, and the
    # modal beside it is the only edit (before, "December 28 will" ->
    # "December 28 would" was one replaced stretch, called a number edit).
    source = ("Lawyers for the woman, who gave birth on December\n28, will ask the High Court "
              "today for her to be bailed to a hostel.")
    variant = source.replace("\n", " ")
    assert score(source, variant).fidelity.label == "verbatim"
    (edit,) = score(source, variant.replace("will", "would")).fidelity.edits
    assert (edit.source, edit.variant, edit.material) == ("will", "would", "modal")
    # A blank line between them ends a paragraph: no date.
    assert _join_dates_count("in December\n\n28 people") == 0


def _join_dates_count(text: str) -> int:
    """How many dates ``score`` reads in ``text`` (as one word each)."""
    words = Words(text)
    return sum(norm.endswith("december") and norm[:1].isdigit() for norm in words.norms)


@pytest.mark.parametrize("month", ["January", "December"])
def test_month_of_a_date_in_lower_case_is_a_change_of_case(month: str) -> None:
    # A copy typed in lower case ("on january 10") has the same date; only
    # "may" and "march" in lower case are read as the verbs.
    source = f"The prosecution has set a committal date for {month} 10 next year."
    result = score(source, source.replace(month, month.lower()))
    assert result.fidelity.label == "cosmetic"
    assert [edit.material for edit in result.fidelity.edits] == [None]


def test_date_with_an_abbreviated_month_is_cosmetic() -> None:
    source = excerpt("002", "Mr Stoltenberg tweeted", "30 September 2023")
    result = score(source, source.replace("30 September", "Sept. 30,"))
    assert result.fidelity.edits == (Edit("replace", "30 September", "Sept. 30", cosmetic=True),)


@pytest.mark.parametrize("written", ["April 6 and 7,", "April 6th and 7th", "6th and 7th April"])
def test_two_days_of_a_month_in_either_order_are_cosmetic(written: str) -> None:
    source = line("000", "on 6 and 7 April 2022")
    (edit,) = score(source, source.replace("6 and 7 April", written)).fidelity.edits
    assert edit == Edit("replace", "6 and 7 April", written.rstrip(","), cosmetic=True)
    # Another day, or a range for the pair, is another date.
    for other in ("6 and 8 April", "April 6-8", "6-7 April"):
        (edit,) = score(source, source.replace("6 and 7 April", other)).fidelity.edits
        assert edit.material == "number", other


def test_a_count_after_a_date_and_and_is_no_second_day() -> None:
    # "By April 6, 7 more ships": the 7 counts ships; "and" in its place
    # changes a word, not the date.
    source = "By April 6, 7 more ships will have joined the NATO mission in the Red Sea."
    result = score(source, source.replace("6, 7", "6 and 7"))
    assert result.fidelity.edits == (Edit("insert", "", "and"),)
    # Before a word that follows dates, the two days are one date, either way round.
    source = "Foreign ministers meet on April 3 and 4 in Brussels."
    (edit,) = score(source, source.replace("April 3 and 4", "3 and 4 April")).fidelity.edits
    assert edit.cosmetic


_MARRIED = ("The court heard that the pair had been married for 12 years and lived in a flat "
            "above the shop in Leeds.")


def test_clause_rewritten_around_a_number_is_no_number_change() -> None:
    # "12 years and lived in a flat" -> "most of their working lives": a clause put
    # for another, costly by its words, as an omitted clause is; before, the
    # 12 on one side made it a material number edit.
    variant = ("The court heard that the pair had argued about money for most of their working "
               "lives above the shop in Leeds.")
    result = score(_MARRIED, variant)
    assert result.fidelity.label == "altered"
    assert [(e.source, e.material) for e in result.fidelity.edits] == [
        ("been married", None), ("12 years and lived in a flat", None)]


def test_number_changed_in_a_short_replacement_is_still_material() -> None:
    variant = _MARRIED.replace("12 years and lived in a flat", "18 months")
    (edit,) = score(_MARRIED, variant).fidelity.edits
    assert (edit.variant, edit.material) == ("18 months", "number")


def test_inner_insert_costs_one_per_word() -> None:
    source = line("000", "Allies have also increased humanitarian")
    variant = source.replace("increased", "greatly and quickly increased")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("insert", "", "greatly and quickly"),)
    assert result.fidelity.fidelity == round(1 - 3 / len(tokenize(source)), 4)


# --- cosmetic edits -------------------------------------------------------------


def test_acronym_case_is_cosmetic() -> None:
    source = line("000", "NATO will also look")
    variant = "Nato will also look to provide cybersecurity assistance."
    assert variant in _text("001")
    result = score(source, variant)
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.fidelity == 1.0


def test_british_and_american_spelling_is_cosmetic() -> None:
    source = line("000", "air-defence systems")
    variant = source.replace("defence", "defense")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "defence", "defense", cosmetic=True),)
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.fidelity == 1.0


def test_capitalised_spelling_variant_is_cosmetic_not_a_name() -> None:
    result = score(
        "He said he would appeal against the judgment of the High Court.",
        "He said he would appeal against the Judgement of the High Court.",
    )
    assert result.fidelity.edits == (Edit("replace", "judgment", "Judgement", cosmetic=True),)
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.fidelity == 1.0


def test_magnitude_written_short_is_cosmetic() -> None:
    source = "The club was sold for #5 million to a consortium led by Mr Smith."
    cosmetic = score(source, "The club was sold for £5m to a consortium led by Mr Smith.")
    assert cosmetic.fidelity.edits == (Edit("replace", "million", "m", cosmetic=True),)
    assert cosmetic.fidelity.label == "cosmetic"
    assert cosmetic.fidelity.fidelity == 1.0
    (edit,) = score(source, source.replace("#5 million", "£5bn")).fidelity.edits
    assert edit == Edit("replace", "million", "bn", "number")


def test_joined_compound_is_cosmetic() -> None:
    source = line("000", "land-bridge")
    variant = source.replace("land-bridge", "landbridge")
    result = score(source, variant)
    assert result.fidelity.edits == (Edit("replace", "land bridge", "landbridge", cosmetic=True),)
    assert result.fidelity.label == "cosmetic"
    assert result.fidelity.fidelity == 1.0


def test_compound_inside_a_gap_of_changed_words_is_found() -> None:
    source = "Russia wants a land bridge to Crimea, the minister said on Tuesday."
    variant = "Russia wants the landbridge into Crimea, the minister said on Tuesday."
    assert score(source, variant).fidelity.edits == (
        Edit("replace", "a", "the"),
        Edit("replace", "land bridge", "landbridge", cosmetic=True),
        Edit("replace", "to", "into"),
    )


def test_hyphen_against_space_is_no_edit() -> None:
    source = line("000", "land-bridge")
    result = score(source, source.replace("land-bridge", "land bridge"))
    assert result.fidelity.label == "verbatim"


def test_punctuation_quotes_and_line_breaks_are_no_edits() -> None:
    source = excerpt("000", "Targeting and murdering", "brought to justice.")
    variant = "“targeting and murdering civilians is a war crime”;\n\nAll the facts — must be "
    variant += (
        "established... and all those responsible for these atrocities must be brought to justice!"
    )
    result = score(source.replace("Targeting", "targeting"), variant.replace("and all", "And all"))
    assert result.fidelity.edits == ()
    assert result.fidelity.label == "verbatim"
    assert result.fidelity.fidelity == 1.0


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("honour", "honor"),
        ("honoured", "honored"),
        ("behaviour", "behavior"),
        ("organise", "organize"),
        ("organisation", "organization"),
        ("analysed", "analyzed"),
        ("defence", "defense"),
        ("licence", "license"),
        ("centre", "center"),
        ("metres", "meters"),
        ("travelled", "traveled"),
        ("modelling", "modeling"),
        ("catalogue", "catalog"),
        ("judgement", "judgment"),
        ("acknowledgements", "acknowledgments"),
        ("ageing", "aging"),
        ("programme", "program"),
        ("grey", "gray"),
        ("practise", "practice"),
        ("fulfilment", "fulfillment"),
        ("manoeuvres", "maneuvers"),
        ("ok", "okay"),
    ],
)
def test_spelling_variants_share_a_key(british: str, american: str) -> None:
    assert spelling_key(british) == spelling_key(american)


@pytest.mark.parametrize(
    ("first", "second"),
    [("four", "for"), ("filled", "filed"), ("more", "mor"), ("hour", "hor"), ("war", "wore")],
)
def test_different_words_keep_different_keys(first: str, second: str) -> None:
    assert spelling_key(first) != spelling_key(second)


# --- trimming and paraphrase -------------------------------------------------


def test_partial_quote_is_trimmed_and_verbatim() -> None:
    source = line("000", "But Moscow is not giving up")
    variant = line("001", "Moscow is not giving up")
    result = score(source, variant)
    assert result.fidelity.trimmed
    assert result.fidelity.label == "verbatim"
    assert result.fidelity.edits == (Edit("delete", "But", "", trim=True),)
    assert result.fidelity.fidelity == round(1 - 0.25 / 10, 4)
    assert variant[result.start : result.end] == "Moscow is not giving up its ambitions in Ukraine"


def test_quote_of_one_sentence_of_a_longer_passage_is_trimmed() -> None:
    source = excerpt("000", "In the coming weeks", "phase of the war.")
    variant = "“So this is a crucial phase of the war,” he said."
    result = score(source, variant)
    assert result.fidelity.trimmed
    assert result.fidelity.label == "verbatim"
    assert variant[result.start : result.end] == "So this is a crucial phase of the war"
    assert result.fidelity.fidelity == round(1 - 0.25 * 31 / 40, 4)


def test_chance_match_in_the_attribution_is_not_part_of_the_quote() -> None:
    source = excerpt("000", "In the coming weeks", "phase of the war.")
    variant = "We expect a further Russian push in eastern and southern Ukraine, the Secretary "
    variant += "General said at the conference."
    result = score(source, variant)
    assert variant[result.start : result.end].endswith("southern Ukraine")
    assert all(edit.op == "delete" or edit.cosmetic for edit in result.fidelity.edits)


def test_unrelated_sentence_is_a_paraphrase() -> None:
    source = line("003", "We do not see China")
    variant = line("001", "please click here")
    result = score(source, variant)
    assert result.fidelity.label == "paraphrase"
    assert result.fidelity.fidelity == 0.0


def test_reworded_sentence_is_a_paraphrase() -> None:
    source = line("000", "NATO Foreign Ministers will meet tomorrow")
    variant = (
        "Tomorrow the foreign ministers of the alliance gather over Russia's invasion of Ukraine."
    )
    assert score(source, variant).fidelity.label == "paraphrase"


def test_no_words_at_all() -> None:
    result = score("…", "  — ")
    assert (result.fidelity.fidelity, result.fidelity.label) == (1.0, "verbatim")
    assert result.start <= result.end


def test_variant_without_words_is_a_paraphrase() -> None:
    result = score("We do not see China as an adversary.", "  ...  ")
    assert (result.fidelity.fidelity, result.fidelity.label) == (0.0, "paraphrase")


def test_long_texts_align() -> None:
    # Speed is measured by benchmarks/speed.py, not here.
    words = _text("000").split()
    rng = random.Random(7)
    source = " ".join(rng.choice(words) for _ in range(5000))
    variant = " ".join(rng.choice(words) for _ in range(5000))
    assert 0.0 <= score(source, variant).fidelity.fidelity < 1.0
    assert score(source, source).fidelity.fidelity == 1.0


# --- properties -------------------------------------------------------------------

_WORDS = st.lists(
    st.text(st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=8),
    min_size=1,
    max_size=30,
)
# Punctuation between words, but for a hyphen right before a line break:
# that is a word hyphenated across a line end (``nego-\ntiations``), one word
# (dedup.shingle), and two words written as one is a cosmetic edit.
_SEPARATORS = st.lists(
    st.text(st.sampled_from(' \n\t.,;:!?"“”‘«»()[]—–…-'), min_size=1, max_size=3).filter(
        lambda separator: re.search(r"-[ \t]*\n", separator) is None),
    min_size=31,
    max_size=31,
)


@given(st.text())
def test_text_against_itself_is_verbatim(text: str) -> None:
    result = score(text, text)
    if tokenize(text):
        assert result.fidelity.fidelity == 1.0
        assert result.fidelity.label == "verbatim"
        assert result.fidelity.edits == ()


@given(_WORDS, _SEPARATORS, _SEPARATORS)
def test_punctuation_only_differences_are_verbatim(
    words: list[str], first: list[str], second: list[str]
) -> None:
    source = "".join(sep + word for sep, word in zip(first, words, strict=False))
    variant = "".join(sep + word for sep, word in zip(second, words, strict=False))
    result = score(source, variant)
    assert result.fidelity.fidelity == 1.0
    assert result.fidelity.label == "verbatim"


@given(st.text(), st.text(), st.floats(min_value=1.0, max_value=10.0))
def test_score_is_bounded_and_span_is_valid(source: str, variant: str, weight: float) -> None:
    result = score(source, variant, material_weight=weight)
    assert 0.0 <= result.fidelity.fidelity <= 1.0
    assert 0 <= result.start <= result.end <= len(variant)


@given(_WORDS, st.data())
def test_edited_word_lists_are_bounded(words: list[str], data: st.DataObject) -> None:
    variant = list(words)
    for _ in range(data.draw(st.integers(0, 5))):
        index = data.draw(st.integers(0, len(variant)))
        variant.insert(index, data.draw(st.sampled_from(["not", "5", "Kyiv", "would", "x"])))
    result = score(" ".join(words), " ".join(variant))
    assert 0.0 <= result.fidelity.fidelity <= 1.0
    assert result.fidelity.label in {"verbatim", "cosmetic", "altered", "paraphrase"}


def test_edit_offsets_locate_the_words_in_both_texts() -> None:
    source = "The nature of the response will depend on the nature of the use"
    variant = "“The nature of the response would depend on the nature of the use,” he said."
    result = score(source, variant)
    (edit,) = result.fidelity.edits
    scored = variant[result.start : result.end]
    assert source[edit.source_start : edit.source_end] == "will"
    assert scored[edit.variant_start : edit.variant_end] == "would"


def test_trim_offsets_mark_the_left_out_words_and_the_point_they_would_be() -> None:
    source = line("000", "But Moscow is not giving up")
    variant = line("001", "Moscow is not giving up")
    result = score(source, variant)
    (trim,) = result.fidelity.edits
    assert trim.trim
    assert source[trim.source_start : trim.source_end] == "But"
    assert (trim.variant_start, trim.variant_end) == (0, 0)


def test_inserted_words_have_an_empty_source_span() -> None:
    result = score("Allies will provide support to Ukraine.",
                   "Allies will provide greatly and quickly support to Ukraine.")
    (edit,) = result.fidelity.edits
    assert edit.op == "insert"
    assert edit.source_start == edit.source_end == len("Allies will provide")
    scored = "Allies will provide greatly and quickly support to Ukraine."[result.start:result.end]
    assert scored[edit.variant_start : edit.variant_end] == "greatly and quickly"


def _long_passage_and_edited_copy() -> tuple[str, str]:
    """All of inputs/ as one passage, and a copy with a word dropped or changed here and there."""
    from conftest import INPUTS

    source = " ".join(p.read_text(encoding="utf-8") for p in sorted(INPUTS.glob("*.txt")))
    words = source.split(" ")
    edited = [("changed" if i % 131 == 0 else word) for i, word in enumerate(words)
              if i % 97 != 50]
    return source, " ".join(edited)


def test_long_passages_are_aligned_a_window_at_a_time_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, variant = _long_passage_and_edited_copy()
    whole = score(source, variant)
    sizes: list[int] = []

    class Recorded:
        @staticmethod
        def opcodes(first: list[int], second: list[int]) -> Any:
            sizes.append(max(len(first), len(second)))
            return Indel.opcodes(first, second)

    monkeypatch.setattr(align, "Indel", Recorded)
    monkeypatch.setattr(align, "ALIGN_CELLS", 1000)
    monkeypatch.setattr(align, "ALIGN_WINDOW", 400)
    windowed = score(source, variant)
    assert len(sizes) > 20 and max(sizes) <= 400
    assert windowed == whole
    assert whole.fidelity.label == "altered" and len(whole.fidelity.edits) > 100


# --- shortcuts give what the full alignment gives ---------------------------------


def _paragraphs(prefix: str) -> list[str]:
    return [p for p in _text(prefix).split("\n\n") if len(p.split()) >= 5]


def test_a_copy_equal_to_the_passage_scores_as_a_copy_with_another_line_break() -> None:
    # The equal copy is answered without aligning; the other goes through the aligner.
    paragraphs = _paragraphs("000") + _paragraphs("001")
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        same = score(paragraph, paragraph)
        assert same == score(paragraph, paragraph + "\n")
        assert same.fidelity.label == "verbatim" and same.fidelity.fidelity == 1.0


def test_equal_word_lists_give_the_one_run_the_aligner_gives() -> None:
    keys = [token.norm for token in tokenize(_text("001"))]
    ids = [sorted(set(keys)).index(key) for key in keys[:300]]
    assert fidelity.equal_blocks(ids, list(ids)) == align._opcode_blocks(ids, ids, 0, 0)


def test_word_caches_started_afresh_give_the_same_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    article = _paragraphs("001")
    pairs = [(first, second) for first, second in zip(article, article[1:], strict=False)]
    pairs += [(excerpt("000", "We now see", "to the east."), line("001", "We now see"))]
    before = [repr(score(source, variant)) for source, variant in pairs]
    # Caches of at most 20 words are cleared before nearly every pair.
    monkeypatch.setattr(scoring, "_REMEMBERED_WORDS", 20)
    after = [repr(score(source, variant)) for source, variant in pairs]
    assert len(key_ids) < 200
    assert after == before


def test_a_digit_that_is_no_decimal_digit_is_a_number_of_its_own() -> None:
    # The tokenizer folds "²" and "①" to "2" and "1"; the number reader
    # must still never fail on one (float("²") raises).
    assert numbers_in(["5", "²"]) == ["5", "²"]
    assert numbers_in(["ten", "thousand"]) == numbers_in(["10,000"]) == ["10000"]
