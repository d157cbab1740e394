"""The audit end to end: quotations of inputs/ and altered copies against the record."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import INPUTS, copy_with_line_ends, input_path

import dedup
from dedup.models import Quote, Report
from dedup.report import report_to_dict

ARTICLE = input_path("001").name
MANIFEST = (
    "path,role,outlet,date,title\n"
    f"{input_path('000').name},reference,NATO,2022-04-05,"
    "Press conference by NATO Secretary General Jens Stoltenberg ahead of the meetings\n"
    f"{ARTICLE},media,The Sofia Globe,2022-04-05,Moscow is not giving up\n"
)


@pytest.fixture(scope="module")
def report() -> Report:
    return dedup.audit(INPUTS)


def _path(report: Report, doc_id: str) -> str:
    return next(d.path for d in report.documents if d.id == doc_id)


def _article_quotes(report: Report) -> list[Quote]:
    return [q for q in report.quotes if _path(report, q.doc) == ARTICLE]


def _quote(report: Report, words: str) -> Quote:
    (quote,) = [q for q in report.quotes if words in " ".join(q.text.split())]
    return quote


def test_article_quotations_are_stoltenbergs_and_faithful(report: Report) -> None:
    quotes = _article_quotes(report)
    assert len(quotes) == 6
    for quote in quotes:
        assert quote.speaker is not None and "Stoltenberg" in quote.speaker
        assert quote.source is not None
        assert _path(report, quote.source.doc).startswith("000")
        assert quote.label in ("verbatim", "cosmetic")
        assert quote.fidelity == 1.0
        assert "spliced" not in quote.flags


@pytest.mark.parametrize("words", ["away from Kyiv", "is a war crime", "the entire Donbas"])
def test_quotations_joining_transcript_lines_are_joined(report: Report, words: str) -> None:
    quote = _quote(report, words)
    assert "joined" in quote.flags
    assert quote.source is not None and "\n" in quote.source.text


def test_reworded_indirect_speech_is_not_a_quotation(report: Report) -> None:
    assert not any("Allies had also increased" in q.text for q in report.quotes)
    assert not any("anti-tank weapons" in q.text for q in report.quotes)


def test_quotations_of_speakers_without_a_record_are_unsourced(report: Report) -> None:
    for words in ("We would respond if he uses it", "The message to President Putin",
                  "It’s quite remarkable"):
        for quote in report.quotes:
            if quote.text.startswith(words):
                assert quote.label == "unsourced"
                assert quote.source is None and quote.fidelity is None


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_report_is_the_same_for_any_number_of_jobs(report: Report, jobs: int) -> None:
    # The media documents are audited in worker processes, their
    # quotations numbered in document order.
    assert report_to_dict(dedup.audit(INPUTS, jobs=jobs)) == report_to_dict(
        dedup.audit(INPUTS, jobs=1))


def test_offsets_are_exact(report: Report) -> None:
    texts = {d.id: d.text for d in report.documents}
    for quote in report.quotes:
        assert texts[quote.doc][quote.start : quote.end] == quote.text
        if quote.source is not None:
            source = quote.source
            assert texts[source.doc][source.start : source.end] == source.text


def test_the_library_reads_a_record_named_by_its_path_outside_the_inputs(
        inputs_dir: Path, tmp_path: Path) -> None:
    # As `dedup audit today/ --reference archive/` does: the archive is read.
    archive, today = tmp_path / "archive", tmp_path / "today"
    archive.mkdir()
    today.mkdir()
    for path in inputs_dir.glob("*.txt"):
        shutil.copy(path, (archive if "transcript" in path.name else today) / path.name)
    report = dedup.audit(today, reference_globs=(str(archive),))
    assert sorted(d.path for d in report.documents if d.role == "reference") == sorted(
        "archive/" + path.name for path in inputs_dir.glob("*transcript*"))
    sourced = [q for q in report.quotes if q.source is not None]
    assert len(sourced) == 6
    checked = dedup.check(sourced[0].text, today, reference_globs=(str(archive),),
                          speaker="Stoltenberg")
    assert [q.label for q in checked.quotes] == [sourced[0].label]


def test_a_block_quotation_of_a_web_page_is_checked_like_one_in_marks(tmp_path: Path) -> None:
    # A news page sets the Secretary General's words off in a <blockquote>, without marks.
    shutil.copy(input_path("000"), tmp_path)
    transcript = input_path("000").read_text(encoding="utf-8")
    first = "Targeting and murdering civilians is a war crime."
    second = "All the facts must be established."
    assert first in transcript and second in transcript
    (tmp_path / "story.html").write_text(
        "<html><body><article><p>Jens Stoltenberg told reporters on Tuesday:</p>"
        f"<blockquote><p>{first}</p><p>{second.replace('facts', 'truths')}</p></blockquote>"
        "</article></body></html>", encoding="utf-8")
    quotes = dedup.audit(tmp_path, reference_globs=("*transcript*",)).quotes
    assert [(q.text, q.label, q.speaker) for q in quotes] == [
        (first, "verbatim", "Jens Stoltenberg"),
        (second.replace("facts", "truths"), "altered", "Jens Stoltenberg")]


def _audit_against(tmp_path: Path, quoted: str, *records: str) -> Report:
    """The audit of an article quoting ``quoted`` beside the inputs ``records`` (004)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for prefix in records or ("004",):
        shutil.copy(input_path(prefix), folder)
    (folder / "article.txt").write_text(f"Stoltenberg said: {quoted}\n", encoding="utf-8")
    return dedup.audit(folder, reference_globs=("*transcript*",))


def _agency_quote(tmp_path: Path, agency: str, article: str, words: str) -> Quote:
    """The quotation holding ``words`` of an article audited against one piece of agency copy."""
    (tmp_path / "agency.txt").write_text(agency, encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    return _quote(dedup.audit(tmp_path, reference_globs=("agency*",)), words)


def _audit_altered(tmp_path: Path, *replacements: tuple[str, str]) -> Report:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("000"), folder)
    article = input_path("001").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in article
        article = article.replace(old, new)
    (folder / ARTICLE).write_text(article, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return dedup.audit(folder)


def test_changed_number_is_a_material_edit(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("“Nato will also look", "“It will include a network of "
                                       "nearly 80 innovation sites in Europe and North America,” "
                                       "he said.\n\n“Nato will also look"))
    quote = _quote(report, "nearly 80 innovation sites")
    assert quote.label == "altered"
    assert [(e.source, e.variant, e.material) for e in quote.edits] == [("60", "80", "number")]
    assert quote.fidelity is not None and quote.fidelity < 1
    assert quote.flags == ()


SITES = "It will include a network of nearly 60 innovation sites in Europe and North America."


@pytest.mark.parametrize(
    ("quoted", "source", "edit", "flags"),
    [
        pytest.param(SITES.replace("America.", "Korea"), SITES, ("America", "Korea", "name"),
                     (), id="last-word"),
        pytest.param("Twelve innovation sites in Europe and North America",
                     "60 innovation sites in Europe and North America.",
                     ("60", "Twelve", "number"), ("trimmed",), id="first-word"),
        # The last word is kept: the one left out before it is a deletion.
        pytest.param(SITES.replace("North America.", "America"), SITES,
                     ("North", "", "name"), (), id="word-before-the-last-left-out"),
    ],
)
def test_changed_first_or_last_word_replaces_the_source_word(
    tmp_path: Path, quoted: str, source: str, edit: tuple[str, str, str], flags: tuple[str, ...]
) -> None:
    # Not an insertion beside a source cut short, with the change lost.
    report = _audit_altered(tmp_path, ("“Nato will also look", f"“{quoted},” he said.\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, quoted)
    assert quote.source is not None
    assert quote.source.text == source
    assert [(e.source, e.variant, e.material) for e in quote.edits if not e.cosmetic] == [edit]
    assert quote.flags == flags


def test_quoted_words_before_a_match_stand_for_no_unrelated_source_words(
        tmp_path: Path) -> None:
    # The quotation's second sentence puts "a hanging committee" before "so
    # to speak"; its words "It was a hanging committee" are no rewording of
    # "March 1994, after attending what was", which precede "so to speak".
    (tmp_path / "agency.txt").write_text(
        "A former sales manager told an employment tribunal today he was sacked in "
        "March 1994, after attending what was, so to speak, a hanging committee.\n\n"
        "Those at the meeting were the chairman, the finance director and the company "
        "secretary.\n\nMr Hale said: \"The outcome had clearly been settled, even before I "
        "walked into the room, that my post was gone.\"\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "A sales manager sacked by a furniture firm has won his claim for unfair dismissal."
        "\n\nMr Hale said: \"The outcome had clearly been settled before I walked in that my "
        "post was gone. It was a hanging committee, so to speak.\"\n", encoding="utf-8")
    quote = _quote(dedup.audit(tmp_path, reference_globs=("agency*",)), "so to speak")
    assert quote.label == "altered"
    assert quote.source is not None and "1994" not in quote.source.text
    assert [e.material for e in quote.edits] == [None] * len(quote.edits)


def test_quoted_words_rewording_the_end_of_the_sentence_stand_for_its_words(
        tmp_path: Path) -> None:
    (tmp_path / "agency.txt").write_text(
        "The conductor told the High Court the review had hurt him.\n\nHe said: \"If readers "
        "believed what they had printed, I had lost my personal and professional standing."
        "\"\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "The conductor is suing the magazine.\n\nHe said: \"If readers believed what they had "
        "printed, I had lost my professional and personal reputation.\"\n", encoding="utf-8")
    quote = _quote(dedup.audit(tmp_path, reference_globs=("agency*",)), "reputation")
    assert quote.source is not None and quote.source.text.endswith("standing.")
    assert ("and professional standing", "reputation") in [
        (e.source, e.variant) for e in quote.edits]


def test_inserted_negation(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("All the facts must be established",
                                       "All the facts must not be established"))
    quote = _quote(report, "must not be established")
    assert quote.label == "altered"
    assert ("", "not", "negation") in [(e.source, e.variant, e.material) for e in quote.edits]
    assert quote.fidelity is not None and quote.fidelity < 0.9


def test_swapped_modal(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("I expect we will also decide",
                                       "I expect we would also decide"))
    quote = _quote(report, "we would also decide")
    assert quote.label == "altered"
    assert ("will", "would", "modal") in [(e.source, e.variant, e.material) for e in quote.edits]


def test_name_changed(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("“Nato will also look", "“NATO Allies are supporting "
                                       "investigations. Including through the US, and the "
                                       "International Criminal Court,” he said.\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, "through the US")
    assert quote.label == "altered"
    materials = [(e.source, e.variant, e.material) for e in quote.edits if e.material]
    assert materials == [("United Nations", "US", "name")]
    assert "joined" in quote.flags


def test_two_non_adjacent_sentences_joined_are_spliced(tmp_path: Path) -> None:
    report = _audit_altered(
        tmp_path,
        ("At a time when authoritarian powers are pushing back on the rules-based international "
         "order, it is even more important for democracies to stand together, and protect our "
         "values",
         "Targeting and murdering civilians is a war crime. So this is a crucial phase of the war"),
    )
    quote = _quote(report, "war crime. So this is a crucial phase")
    assert quote.label == "altered"
    assert "spliced" in quote.flags
    assert quote.fidelity is not None and quote.fidelity < 1
    (skip,) = [e for e in quote.edits if e.op == "delete"]
    assert skip.source.startswith("All the facts must be established.")


def test_end_of_a_sentence_left_out_is_an_omission_not_a_splice(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("further Russian push in eastern and southern Ukraine.",
                                       "further Russian push."))
    quote = _quote(report, "further Russian push. To try")
    assert quote.label == "altered"
    assert "spliced" not in quote.flags
    assert [(e.op, e.source, e.material) for e in quote.edits if not e.cosmetic] == [
        ("delete", "in eastern and southern Ukraine", None)
    ]


@pytest.mark.parametrize(("quoted", "left_out"), [
    pytest.param("“We have all seen the horrific images of murdered civilians,” he said, "
                 "“controlled by the Russian military until a few days ago.”",
                 "in Bucha and other places", id="inside-a-sentence"),
    pytest.param("“In the coming weeks, we expect a further Russian push,” he said, “to try to "
                 "take the entire Donbas and to create a land-bridge to occupied Crimea.”",
                 "in eastern and southern Ukraine", id="end-of-a-sentence"),
    pytest.param("“NATO Allies are supporting investigations,” he said, “and the International "
                 "Criminal Court.”", "Including through the United Nations",
                 id="start-of-a-sentence"),
])
def test_words_left_out_between_the_fragments_of_a_quotation_are_an_omission_not_a_splice(
        tmp_path: Path, quoted: str, left_out: str) -> None:
    # Each fragment is found on its own: the words between them in the
    # record were a splice, where inside one fragment they are an omission.
    report = _audit_altered(tmp_path, ("“Nato will also look", f"{quoted}\n\n“Nato will also look"))
    closes = quoted.index("”")
    quote = _quote(report, quoted[closes - 15 : closes + 10])
    assert quote.label == "altered"
    assert "spliced" not in quote.flags
    assert [(e.op, e.source) for e in quote.edits if not e.cosmetic] == [("delete", left_out)]


def test_a_sentence_left_out_between_the_fragments_of_a_quotation_is_a_splice(
        tmp_path: Path) -> None:
    quoted = ("“Targeting and murdering civilians is a war crime,” he said, “and all those "
              "responsible for these atrocities must be brought to justice.”")
    report = _audit_altered(tmp_path, ("“Nato will also look", f"{quoted}\n\n“Nato will also look"))
    quote = _quote(report, "is a war crime,” he said, “and all those")
    assert quote.label == "altered"
    assert "spliced" in quote.flags
    (skip,) = [e for e in quote.edits if e.op == "delete"]
    assert skip.source == "All the facts must be established."


@pytest.mark.parametrize(("quoted", "added"), [
    pytest.param("Targeting and murdering civilians is a war crime, I strongly believe that.",
                 "I strongly believe that", id="i-strongly-believe"),
    pytest.param("The Ukrainian armed forces are putting up fierce resistance, and they are "
                 "extremely capable.", "and they are extremely capable", id="extremely-capable"),
])
def test_a_few_words_another_record_holds_by_chance_are_no_splice_from_it(
        tmp_path: Path, quoted: str, added: str) -> None:
    # The words the journalist added stand in the 2024 transcript ("I
    # strongly believe that's possible", "they are extremely capable"): they
    # were spliced in from it, a speech two years later.
    report = _audit_against(tmp_path, f"“{quoted}”", "000", "004")
    (quote,) = report.quotes
    assert quote.source is not None and _path(report, quote.source.doc).startswith("000")
    assert quote.label == "altered" and "spliced" not in quote.flags
    assert [(e.op, e.variant) for e in quote.edits if not e.cosmetic] == [("insert", added)]


def test_words_from_before_the_words_an_ellipsis_follows_are_spliced(tmp_path: Path) -> None:
    # An ellipsis marks words left out; it does not put the speaker's
    # sentences in another order. This was verbatim, flagged ellipsis.
    quoted = ("And all those responsible for these atrocities must be brought to justice … "
              "Targeting and murdering civilians is a war crime.")
    report = _audit_altered(tmp_path, ("“Nato will also look", f"Stoltenberg said: “{quoted}”"
                                       "\n\n“Nato will also look"))
    quote = _quote(report, quoted)
    assert quote.label == "altered"
    assert "spliced" in quote.flags and "ellipsis" in quote.flags
    assert [(e.op, e.source) for e in quote.edits if not e.cosmetic] == [("delete", "…")]


@pytest.mark.parametrize("quoted", [
    pytest.param("I will … be specific before they are able to conclude.", id="short-before"),
    pytest.param("And the other scenario is that we are … able to do so.", id="unfound-after"),
])
def test_words_an_ellipsis_cuts_off_are_found_beside_the_words_across_it(
        tmp_path: Path, quoted: str) -> None:
    # "I will" is too short to look up, and "able to do so" was not found
    # on its own (its chain then held only the "are able to" of the sentence
    # before, too few words): they were inserted words, not "not" left out.
    (quote,) = _audit_against(tmp_path, f"“{quoted}”").quotes
    assert quote.label == "altered" and "ellipsis" in quote.flags
    assert quote.source is not None and " not " in quote.source.text
    assert [(e.op, e.source, e.material) for e in quote.edits if not e.cosmetic] == [
        ("delete", "not", "negation")]


def test_a_first_word_found_far_back_in_a_long_sentence_is_no_omission_of_the_words_between(
        tmp_path: Path) -> None:
    # "And" also opens the record's sentence, 19 words before "that's the
    # only way": the quotation was said to leave out "lasting peace in
    # Ukraine ... because", where it only puts "And" for "because".
    quoted = ("And that's the only way to convince President Putin that he will not win on the "
              "battlefield.")
    (quote,) = _audit_against(tmp_path, f"“{quoted}”").quotes
    assert quote.source is not None and quote.source.text.startswith("because that's")
    assert "trimmed" in quote.flags
    assert [(e.op, e.source, e.variant) for e in quote.edits if not e.cosmetic] == [
        ("replace", "because", "And")]


@pytest.mark.parametrize("quoted", [
    pytest.param("“And we need to put our support … even firmer and more enduring basis.”",
                 id="ellipsis"),
    pytest.param("“And we need to put our support,” he said, “on an even firmer and more enduring "
                 "basis.”", id="attribution"),
])
def test_words_the_sentence_before_also_holds_are_found_in_the_sentence_that_holds_them_all(
        tmp_path: Path, quoted: str) -> None:
    # "But we need to do even more. And we need to put our support on ...":
    # "we need to" was paired with the first sentence, "put our support" with
    # the second, and the verbatim quotation was spliced from the two.
    (quote,) = _audit_against(tmp_path, quoted).quotes
    assert quote.label == "verbatim" and "spliced" not in quote.flags
    assert quote.source is not None and quote.source.text.startswith("And we need to put")


def test_omission_marked_with_an_ellipsis_is_not_a_splice(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("provide cybersecurity assistance. And equipment",
                                       "provide cybersecurity assistance … and equipment"))
    quote = _quote(report, "cybersecurity assistance … and equipment")
    assert quote.label in ("verbatim", "cosmetic")
    assert "ellipsis" in quote.flags and "spliced" not in quote.flags
    assert quote.fidelity == 1.0


@pytest.mark.parametrize(("quoted", "dropped", "material"), [
    pytest.param("This is unbearable brutality that Europe has … witnessed in many decades.",
                 "not", "negation", id="negation"),
    pytest.param("And as Ukraine faces this new offensive, NATO Foreign Ministers … discuss what "
                 "more we will do.", "will", "modal", id="modal"),
])
def test_an_ellipsis_that_cuts_a_negation_or_modal_is_a_material_edit(
        tmp_path: Path, quoted: str, dropped: str, material: str) -> None:
    # The ellipsis marks the cut, but no ellipsis excuses what it changes:
    # the quotation said the opposite and was called verbatim.
    report = _audit_altered(tmp_path, ("“Nato will also look", f"Stoltenberg said: “{quoted}”"
                                       "\n\n“Nato will also look"))
    quote = _quote(report, quoted)
    assert quote.label == "altered"
    assert "ellipsis" in quote.flags and "spliced" not in quote.flags
    (edit,) = [e for e in quote.edits if not e.cosmetic and not e.trim]
    assert (edit.op, edit.source, edit.material) == ("delete", dropped, material)
    assert quote.source is not None and edit.source_start is not None
    assert quote.source.text[edit.source_start : edit.source_end] == dropped
    assert quote.fidelity is not None and quote.fidelity < 1


@pytest.mark.parametrize("cut", ["the Russian mili…", "away from Ky…"])
def test_post_cut_inside_a_word_at_its_ellipsis_is_trimmed_not_altered(
        tmp_path: Path, cut: str) -> None:
    sentence = {"the Russian mili…": "We have all seen the horrific images of murdered "
                "civilians in Bucha and other places, controlled by the Russian mili…",
                "away from Ky…": "We now see a significant movement of troops away from Ky…"}[cut]
    report = _audit_altered(tmp_path, ("“Nato will also look", f"Stoltenberg: “{sentence}\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, cut)
    assert quote.text == sentence
    assert quote.label == "verbatim"
    assert "trimmed" in quote.flags and "ellipsis" in quote.flags
    (edit,) = quote.edits
    assert (edit.op, edit.trim, edit.variant_start) == ("delete", True, len(sentence) - 1)


@pytest.mark.parametrize("more", ["... See more", "… Show more", "…more"])
def test_a_platforms_see_more_after_a_cut_is_not_quoted(tmp_path: Path, more: str) -> None:
    sentence = ("We have all seen the horrific images of murdered civilians in Bucha and other "
                f"places, controlled by the Russian military until a few{more}")
    report = _audit_altered(tmp_path, ("“Nato will also look", f"Stoltenberg: “{sentence}\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, "controlled by the Russian military until a few")
    assert quote.label == "verbatim"
    assert "trimmed" in quote.flags and "ellipsis" in quote.flags
    assert [e for e in quote.edits if not e.trim] == []


def test_a_word_after_an_ellipsis_is_found_just_after_the_words_before(
        tmp_path: Path) -> None:
    # One word is too short to locate on its own: it was an inserted word.
    report = _audit_altered(tmp_path, ("“Nato will also look", "Stoltenberg: “Targeting and "
                                       "murdering civilians is a war… crime.”\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, "is a war… crime.")
    assert (quote.label, quote.flags, quote.edits) == ("verbatim", ("ellipsis",), ())


def test_a_platforms_see_more_ending_the_file_is_not_quoted(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("000"), folder)
    (folder / "post.txt").write_text(
        "Stoltenberg: “We have all seen the horrific images of murdered civilians in Bucha and "
        "other places, controlled by the Russian military until a few... See more\n",
        encoding="utf-8")
    (quote,) = dedup.audit(folder, reference_globs=("*transcript*",)).quotes
    assert quote.label == "verbatim"
    assert [e for e in quote.edits if not e.trim] == []


def test_the_speakers_more_after_an_ellipsis_is_quoted(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("004"), folder)
    (folder / "post.txt").write_text("Stoltenberg: “But we need to do even… more.” 💪\n",
                                     encoding="utf-8")
    (quote,) = dedup.audit(folder, reference_globs=("*transcript*",)).quotes
    # Not dropped as a platform's "…more": then "even" ended the quotation, trimmed.
    assert (quote.label, quote.flags, quote.edits) == ("verbatim", ("ellipsis",), ())


def test_hashtags_ending_a_quotation_are_the_posts_tags_not_quoted_words(
        tmp_path: Path) -> None:
    sentence = ("Targeting and murdering civilians is a war crime 🔥🔥 All the facts must be "
                "established #Bucha #NATO")
    report = _audit_altered(tmp_path, ("“Nato will also look", f"Stoltenberg: “{sentence}”\n\n"
                                       "“Nato will also look"))
    quote = _quote(report, "#Bucha #NATO")
    assert quote.text == sentence
    assert (quote.label, quote.fidelity) == ("verbatim", 1.0)
    assert quote.edits == ()


def test_quotation_split_by_attribution_is_matched_as_one(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, (
        "“We now see a significant movement of troops away from Kyiv, to regroup, rearm and "
        "resupply, and they shift their focus to the east,” Stoltenberg said.",
        "“We now see a significant movement of troops away from Kyiv”, Stoltenberg said, "
        "“to regroup, rearm and resupply, and they shift their focus to the east.”"))
    quote = _quote(report, "away from Kyiv”, Stoltenberg said, “to regroup")
    assert len(quote.fragments) == 2
    assert quote.label in ("verbatim", "cosmetic")
    assert quote.flags == ("joined",)


@pytest.mark.parametrize("second", ["to regroup, rearm and refuel", "To regroup, rearm and refuel"])
def test_edit_offsets_of_a_split_quotation_point_at_the_edited_words(
    tmp_path: Path, second: str
) -> None:
    # The words are scored as one text, the fragments joined; the report's
    # offsets are into the quotation's own text and its source's, where
    # report.html highlights them.
    report = _audit_altered(tmp_path, (
        "“We now see a significant movement of troops away from Kyiv, to regroup, rearm and "
        "resupply, and they shift their focus to the east,” Stoltenberg said.",
        "“We now see a significant movement of troops away from Kyiv”, Stoltenberg said, "
        f"“{second}, and they shift their focus to the east.”"))
    quote = _quote(report, "away from Kyiv”, Stoltenberg said, “")
    assert quote.source is not None
    edited = [e for e in quote.edits if e.variant == "refuel"]
    assert len(edited) == 1
    for edit in quote.edits:
        assert edit.variant_start is not None and edit.variant_end is not None
        assert edit.source_start is not None and edit.source_end is not None
        assert quote.text[edit.variant_start : edit.variant_end] == edit.variant
        assert quote.source.text[edit.source_start : edit.source_end] == edit.source


def test_a_role_the_record_never_names_is_nobody_in_particular(tmp_path: Path) -> None:
    # Without the manifest's title, inputs/000 says only "NATO Secretary
    # General:"; the article names Jens Stoltenberg. Whether he held the
    # office is not on the record, so his quotations are not misattributed.
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("000"), folder)
    article = input_path("001").read_text(encoding="utf-8")
    (folder / ARTICLE).write_text(article.replace("Nato Secretary General Jens", "Jens"),
                                  encoding="utf-8")
    (folder / "manifest.csv").write_text(
        f"path,role\n{input_path('000').name},reference\n{ARTICLE},media\n", encoding="utf-8")
    quotes = _article_quotes(dedup.audit(folder))
    assert len(quotes) > 3
    assert {q.speaker for q in quotes} == {"Jens Stoltenberg"}
    assert {q.label for q in quotes} <= {"verbatim", "cosmetic"}


def test_unbalanced_marks_still_audit_the_rest(tmp_path: Path) -> None:
    report = _audit_altered(tmp_path, ("Stoltenberg said that Nato Allies",
                                       "Stoltenberg said “that Nato Allies"))
    assert len([q for q in report.quotes if q.label in ("verbatim", "cosmetic")]) >= 5


def test_journalists_words_put_in_the_officials_mouth_are_misattributed(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("004"), folder / "transcript.txt")
    (folder / "article.txt").write_text(
        "Stoltenberg asked what Allies would do. “Can you tell us concretely what Allies are "
        "going to do in order to provide more air defence, particularly patriots, for "
        "Ukraine?” Stoltenberg said.\n\n“Allies understand the urgency,” he said.\n",
        encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ntranscript.txt,reference,Press conference by NATO Secretary General "
        "Jens Stoltenberg\narticle.txt,media,Article\n", encoding="utf-8")
    report = dedup.audit(folder)
    misquoted, faithful = report.quotes
    assert misquoted.label == "misattributed"
    assert misquoted.source is not None and misquoted.source.speaker == "Andrew Gray (Reuters)"
    assert faithful.label in ("verbatim", "cosmetic")
    assert faithful.source is not None
    assert faithful.source.speaker == "NATO Secretary General Jens Stoltenberg"


def test_a_journalists_question_spliced_to_the_officials_answer_is_misattributed(
        tmp_path: Path) -> None:
    # The answer's words were found in his turn and the question's were an
    # insertion: altered, with nothing saying whose words they are.
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("004"), folder / "transcript.txt")
    (folder / "article.txt").write_text(
        "Stoltenberg said: “And has any tasking been given, has any deadline been set? Allies "
        "understand the urgency and therefore I welcome also the announcements I just "
        "listed.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ntranscript.txt,reference,Press conference by NATO Secretary General "
        "Jens Stoltenberg\narticle.txt,media,Article\n", encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert quote.label == "misattributed"
    assert "spliced" in quote.flags
    assert quote.source is not None and quote.source.speaker == "Andrew Gray (Reuters)"
    assert not [e for e in quote.edits if e.op == "insert"]


def _gray_question_given_to_stoltenberg(folder: Path) -> tuple[Quote, ...]:
    """Audit ``folder``'s transcript.txt against an article giving Andrew Gray's question to him."""
    (folder / "article.txt").write_text(
        "“Can you tell us concretely what Allies are going to do in order to provide more air "
        "defence, particularly patriots, for Ukraine?” Stoltenberg said.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ntranscript.txt,reference,Press conference by NATO Secretary General "
        "Jens Stoltenberg\narticle.txt,media,Article\n", encoding="utf-8")
    return dedup.audit(folder).quotes


def test_a_journalists_words_are_misattributed_in_a_transcript_with_time_codes(
    tmp_path: Path,
) -> None:
    # A transcription service's export: each turn opens "[00:03:05] Andrew Gray (Reuters):".
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = input_path("004").read_text(encoding="utf-8").split("\n")
    timed = [f"[00:{n % 60:02d}:05] {line}" if ": " in line[:70] and line[:1].isupper()
             else line for n, line in enumerate(lines)]
    (folder / "transcript.txt").write_text("\n".join(timed), encoding="utf-8")
    (quote,) = _gray_question_given_to_stoltenberg(folder)
    assert quote.label == "misattributed"
    assert quote.source is not None and quote.source.speaker == "Andrew Gray (Reuters)"


# Automatic captions of the 5 April statement: no punctuation, no capitals,
# cues cut by time.
AUTO_CAPTIONS = "".join(
    f"{n}\n00:00:{2 * n:02d},000 --> 00:00:{2 * n + 2:02d},000\n{words}\n\n"
    for n, words in enumerate([
        "but moscow is not giving up its ambitions in", "ukraine we now see a significant",
        "movement of troops away from kyiv to", "regroup rearm and resupply and they shift",
        "their focus to the east"], start=1))


def test_a_quotation_of_unpunctuated_captions_is_neither_trimmed_nor_joined(
    tmp_path: Path,
) -> None:
    (tmp_path / "captions.srt").write_text(AUTO_CAPTIONS, encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "“We now see a significant movement of troops away from Kyiv, to regroup, rearm and "
        "resupply,” Stoltenberg said.\n", encoding="utf-8")
    (quote,) = dedup.audit(tmp_path, reference_globs=("*.srt",)).quotes
    assert (quote.label, quote.flags) == ("cosmetic", ())


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        pytest.param("Q: ", "NATO Secretary General: ", id="q-colon"),
        pytest.param("Q    ", "SECRETARY GENERAL STOLTENBERG:  ", id="white-house"),
        pytest.param("QUESTION: ", "SECRETARY GENERAL STOLTENBERG: ", id="question"),
    ],
)
def test_a_questioners_words_given_to_the_official_are_misattributed(
    tmp_path: Path, question: str, answer: str
) -> None:
    # The 4 April 2024 transcript with its journalists labelled only as
    # questioners, as the White House and many press offices print them.
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = input_path("004").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^[A-Z][\w .'’-]*\([^)\n]*\): ", question, text)
    (folder / "transcript.txt").write_text(
        text.replace("NATO Secretary General: ", answer), encoding="utf-8")
    (quote,) = _gray_question_given_to_stoltenberg(folder)
    assert quote.label == "misattributed"
    assert quote.source is not None and quote.source.speaker == question.strip(" :")


def test_an_anchors_words_given_to_the_guest_of_a_broadcast_are_misattributed(
    tmp_path: Path,
) -> None:
    # CNN's labels: "NAME, DESCRIPTION:" the first time, the surname after.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "transcript.txt").write_text(
        "THE SITUATION ROOM\n\n"
        "WOLF BLITZER, CNN ANCHOR: Happening now, NATO marks 75 years as allies scramble to "
        "find more air defences for Ukraine.\n\n"
        "JENS STOLTENBERG, NATO SECRETARY GENERAL: Thank you so much for having me.\n\n"
        "BLITZER: Will the allies send more Patriot batteries to Ukraine?\n\n"
        "STOLTENBERG: Allies will now go back and look into their inventories.\n",
        encoding="utf-8")
    (folder / "story.txt").write_text(
        "“NATO marks 75 years as allies scramble to find more air defences for Ukraine,” "
        "Stoltenberg said.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ntranscript.txt,reference,The Situation Room\nstory.txt,media,Story\n",
        encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert quote.label == "misattributed"
    assert quote.source is not None and quote.source.speaker == "WOLF BLITZER"


def test_a_quotation_that_drops_a_stutter_of_the_record_is_cosmetic(tmp_path: Path) -> None:
    # The transcript has "with partners in in the Mediterranean region".
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("004"), folder / "transcript.txt")
    (folder / "article.txt").write_text(
        "“There are different proposals there about how we can work more closely with partners "
        "in the Mediterranean region,” Stoltenberg said.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ntranscript.txt,reference,Press conference by NATO Secretary General "
        "Jens Stoltenberg\narticle.txt,media,Article\n", encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert (quote.label, quote.fidelity) == ("cosmetic", 1.0)
    assert [(e.op, e.source, e.cosmetic) for e in quote.edits] == [("delete", "in", True)]


def test_a_ministers_words_given_to_another_member_are_misattributed(tmp_path: Path) -> None:
    # Hansard names a minister by office, with the name in brackets the first time.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hansard.txt").write_text(
        "Sir Keir Starmer (Holborn and St Pancras) (Lab): Sanctions must be tough enough to "
        "bite. Will the Prime Minister close the loopholes?\n\n"
        "The Prime Minister (Boris Johnson): We will continue to supply defensive weapons to "
        "Ukraine.\n\nSir Keir Starmer: Will he go further?\n\n"
        "The Prime Minister: We have already sanctioned more than 100 individuals and "
        "entities, and we will go further.\n", encoding="utf-8")
    (folder / "report.txt").write_text(
        "Sir Keir said: “We have already sanctioned more than 100 individuals and entities, and "
        "we will go further.”\n\nMr Johnson said: “We will continue to supply defensive "
        "weapons to Ukraine.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\nhansard.txt,reference,House of Commons\nreport.txt,media,PMQs\n",
        encoding="utf-8")
    misquoted, faithful = dedup.audit(folder).quotes
    assert misquoted.label == "misattributed"
    assert misquoted.source is not None and misquoted.source.speaker == "The Prime Minister"
    assert faithful.label == "verbatim"


def _captions(words: list[str], cue: str) -> str:
    """``words`` as a caption file: six words a cue, each cue laid out by ``cue``."""
    lines = [" ".join(words[at : at + 6]) for at in range(0, len(words), 6)]
    return "".join(cue.format(number=n + 1, second=3 * n, words=line)
                   for n, line in enumerate(lines))


@pytest.mark.parametrize("cue", [
    pytest.param("{words}\n", id="plain"),
    pytest.param("0:{second:02d}\n{words}\n", id="video-page-transcript"),
    pytest.param("{number}\n00:00:{second:02d},000 --> 00:00:{second:02d},900\n{words}\n\n",
                 id="srt"),
    pytest.param("00:00:{second:02d}.000 --> 00:00:{second:02d}.900\n{words}\n\n",
                 id="webvtt"),
    pytest.param("{number}\r\n00:00:{second:02d},000 --> 00:00:{second:02d},900\r\n{words}"
                 "\r\n\r\n", id="srt-crlf"),
    pytest.param("{number}\r00:00:{second:02d},000 --> 00:00:{second:02d},900\r{words}\r\r",
                 id="srt-cr"),
])
def test_quotations_of_captions_are_found_across_their_time_codes(tmp_path: Path,
                                                                  cue: str) -> None:
    # Captions of the Secretary General's answer: no capitals, no punctuation.
    (answer,) = [line for line in input_path("004").read_text(encoding="utf-8").splitlines()
                 if "I oppose any attempt by the Georgian government" in line]
    words = re.sub(r"[^\w\s'-]", " ", answer.split(": ", 1)[1].lower()).split()
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "captions.txt").write_bytes(_captions(words, cue).encode("utf-8"))
    (folder / "article.txt").write_text(
        "“I oppose any attempt by the Georgian government to reintroduce the draft legislation "
        "on foreign agents or foreign influence,” Stoltenberg said. “I visited Georgia, "
        "Tbilisi, just a few weeks ago.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,title\ncaptions.txt,reference,Press conference by NATO Secretary General "
        "Jens Stoltenberg\narticle.txt,media,Article\n", encoding="utf-8")
    quotes = dedup.audit(folder).quotes
    assert [(q.label, q.fidelity) for q in quotes] == [("cosmetic", 1.0), ("cosmetic", 1.0)]
    captions = (folder / "captions.txt").read_bytes().decode("utf-8")
    for quote in quotes:
        assert quote.source is not None
        # The offsets index the file; an SRT file's cue numbers and timing
        # lines, read as a caption file's, are blanks in the source's text.
        start, text = quote.source.start, quote.source.text
        assert captions[start : quote.source.end].split()[0] == text.split()[0]
        assert all(char == captions[start + at] for at, char in enumerate(text)
                   if not char.isspace())
        assert text.endswith(("influence", "ago"))


def test_audit_gives_media_documents_their_overlap_as_a_scan_does(report: Report) -> None:
    assert report.overlap
    assert report.overlap == dedup.scan(INPUTS).overlap


def test_audit_is_deterministic(report: Report) -> None:
    again = dedup.audit(INPUTS)
    assert again.quotes == report.quotes


def test_unknown_option_is_a_config_error() -> None:
    with pytest.raises(dedup.ConfigError, match="unknown audit option"):
        dedup.audit(INPUTS, shingle_size=3)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_change_no_quotation_speaker_or_verdict(report: Report, tmp_path: Path,
                                                         line_end: str) -> None:
    # Paragraphs and speaker labels are found at lone carriage returns too.
    copied = dedup.audit(copy_with_line_ends(tmp_path / "c", line_end))

    def verdicts(audited: Report) -> list[tuple[object, ...]]:
        texts = {d.id: d.text for d in audited.documents}

        def at(doc: str, offset: int) -> int:  # the offset in the text with LF line ends
            return len(texts[doc][:offset].replace(line_end, "\n"))

        return [(q.doc, at(q.doc, q.start), at(q.doc, q.end), q.speaker, q.label, q.fidelity,
                 q.source and (q.source.doc, at(q.source.doc, q.source.start),
                               at(q.source.doc, q.source.end), q.source.speaker))
                for q in audited.quotes]

    assert verdicts(copied) == verdicts(report)
    assert len(copied.quotes) == len(report.quotes) > 40


def test_record_reporters_words_between_its_quotations_are_not_the_speakers(
    tmp_path: Path,
) -> None:
    # A press release (or agency copy) quotes its speaker and says who spoke
    # between two quotations; a quotation that joins them leaves out no words of his.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "release.txt").write_text(
        "NATO Secretary General Jens Stoltenberg spoke to reporters in Brussels.\n\n"
        "“We now see a significant movement of troops away from Kyiv,” Mr Stoltenberg told "
        "reporters on Tuesday. “Allies are determined to provide further support to Ukraine.”"
        "\n\nMinisters will meet on Wednesday.\n", encoding="utf-8")
    (folder / "article.txt").write_text(
        "Stoltenberg said: “We now see a significant movement of troops away from Kyiv. Allies "
        "are determined to provide further support to Ukraine.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\nrelease.txt,reference\narticle.txt,media\n", encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert (quote.label, quote.fidelity, quote.edits) == ("verbatim", 1.0, ())
    assert "spliced" not in quote.flags


def test_the_records_words_introducing_its_quotation_are_not_the_speakers(
    tmp_path: Path,
) -> None:
    # Agency copy quotes the witness after "He added:"; a paper that puts
    # "He" for "My father" reaches back into those words, which were scored
    # as "added My father" left out. The source is what he said.
    quote = _agency_quote(
        tmp_path, "A man who was beaten as a child gave evidence at Leeds Crown Court.\n\n"
        "He added: \"My father would punch me almost every day and my stepmother "
        "would join in by kicking me.\"\n",
        "The court heard how the boy was beaten.\n\nThe witness said: \"He would punch me "
        "almost every day and my stepmother would join in by kicking me.\"\n", "punch me")
    assert quote.source is not None
    assert quote.source.text.startswith("My father would punch me")
    assert [(e.source, e.variant) for e in quote.edits] == [("My father", "He")]
    (edit,) = quote.edits
    assert edit.source_start is not None and edit.source_end is not None
    assert quote.source.text[edit.source_start : edit.source_end] == "My father"


@pytest.mark.parametrize(("inserted", "edits"), [
    pytest.param("", [], id="joined"),
    pytest.param(" I will not forget it.", [("insert", "", "I will not forget it", None)],
                 id="words-between"),
])
def test_the_records_words_introducing_its_next_quotation_are_not_the_speakers(
    tmp_path: Path, inserted: str, edits: list[tuple[str, str, str, str | None]],
) -> None:
    # Agency copy whose first quotation stops at a line's end (its closing
    # mark is missing), the speaker's next sentence left unquoted, and
    # "He added:" before the next quotation. A paper quoting all three
    # sentences was scored against "He added" too: "He added" left out, or
    # "He added" -> "I will not forget it", a dropped negation.
    quote = _agency_quote(
        tmp_path, "A pensioner told the inquest about the night of the fire.\n\n"
        "Mr Hargreaves said: \"I have lived in this street for forty years and I know every "
        "family.\nI have never seen a fire like it in my life.\nHe added: \"The firemen "
        "were there within minutes and they saved us all.\"\n",
        "The inquest heard from neighbours.\n\nMr Hargreaves said: \"I have lived in this "
        "street for forty years and I know every family. I have never seen a fire like it in "
        f"my life.{inserted} The firemen were there within minutes and they saved us all.\"\n",
        "forty years")
    assert quote.source is not None and "He added" in quote.source.text
    assert [(e.op, e.source, e.variant, e.material) for e in quote.edits] == edits
    assert quote.label == ("altered" if edits else "verbatim")


def test_the_records_words_attributing_its_quotation_after_it_are_not_the_speakers(
    tmp_path: Path,
) -> None:
    quote = _agency_quote(
        tmp_path, "A farmer was banned from keeping animals for life.\n\n\"He is the most "
        "persistently callous owner we have ever come across,\" he said.\n",
        "An inspector said: \"He is the most persistently callous owner we have ever come "
        "across. His barns looked like slaughterhouses.\"\n", "slaughterhouses")
    assert quote.source is not None and quote.source.text.endswith("come across")
    assert [(e.op, e.source) for e in quote.edits] == [("insert", "")]


def test_the_records_sentence_after_its_quotation_is_no_attribution_of_it(
    tmp_path: Path,
) -> None:
    # Its reporter's next sentence reports more speech; a paper that quotes
    # it all is measured against both sentences, not against the first.
    quote = _agency_quote(
        tmp_path, "The officer told the court: \"He came very close to admitting the murder.\" "
        "He said the boy had died within two minutes of the attack.\n",
        "The court heard: \"He came very close to admitting the murder. He said the boy had "
        "died within two minutes of the attack.\"\n", "two minutes")
    assert quote.source is not None
    assert quote.source.text.endswith("within two minutes of the attack.")


@pytest.mark.parametrize(("narration", "spliced"), [
    pytest.param("Mr Stoltenberg, who paused to look at the photographs behind him, turned and "
                 "added", False, id="narration"),
    pytest.param("Adding that the Allies had not yet agreed on new sanctions, Mr Stoltenberg "
                 "went on", True, id="reported-speech"),
])
def test_a_longer_narration_between_the_records_quotations_is_not_the_speakers(
    tmp_path: Path, narration: str, spliced: bool,
) -> None:
    # The record's reporter describes the speaker between two quotations in
    # more than 12 words (20): a quotation that joins them was spliced. What he
    # said between them, told in the reporter's words, is left out: spliced.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "release.txt").write_text(
        "NATO Secretary General Jens Stoltenberg spoke to reporters in Brussels.\n\n"
        "“We now see a significant movement of troops away from Kyiv,” Mr Stoltenberg told "
        f"reporters on Tuesday.\n\n{narration}: “Allies are determined to provide further "
        "support to Ukraine.”\n\nMinisters will meet on Wednesday.\n", encoding="utf-8")
    (folder / "article.txt").write_text(
        "Stoltenberg said: “We now see a significant movement of troops away from Kyiv. Allies "
        "are determined to provide further support to Ukraine.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\nrelease.txt,reference\narticle.txt,media\n", encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert ("spliced" in quote.flags) == spliced
    assert quote.label == ("altered" if spliced else "verbatim")


def test_a_splice_across_records_names_the_record_its_source_passage_is_in(
        tmp_path: Path) -> None:
    # The quotation's first passage is in one transcript, the two it splices
    # on in another: the source is the first, its document, offsets and text
    # together (a splice within the other record once named that record).
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("000"), folder / "a.txt")
    shutil.copy(input_path("004"), folder / "b.txt")
    (folder / "article.txt").write_text(
        "Stoltenberg spoke on Thursday.\n\n“This is unbearable brutality that Europe has not "
        "witnessed in many decades. The situation on the battlefield remains serious. This work "
        "will continue in the weeks ahead,” Stoltenberg said.\n", encoding="utf-8")
    title = "Press conference by NATO Secretary General Jens Stoltenberg"
    (folder / "manifest.csv").write_text(
        f"path,role,title\na.txt,reference,{title}\nb.txt,reference,{title}\n"
        "article.txt,media,Article\n", encoding="utf-8")
    report = dedup.audit(folder)
    (quote,) = report.quotes
    assert "spliced" in quote.flags
    source = quote.source
    assert source is not None
    assert source.text.startswith("This is unbearable brutality")
    assert _path(report, source.doc) == "a.txt"
    texts = {d.id: d.text for d in report.documents}
    assert texts[source.doc][source.start : source.end] == source.text


def test_an_audit_with_no_reference_documents_logs_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("001"), folder)
    with caplog.at_level("WARNING", logger="dedup"):
        report = dedup.audit(folder)
    assert {q.label for q in report.quotes} == {"unsourced"}
    assert [r.getMessage() for r in caplog.records] == [
        "no reference documents, so no quotation can be sourced: give their roles in "
        "manifest.csv, or --reference GLOB"]


def test_a_word_left_out_after_the_first_is_a_deletion_not_a_later_start(tmp_path: Path) -> None:
    # "We" and "will" also open earlier sentences of the turn: aligned over
    # the whole region, they paired with those, and the source began at
    # "will never", with "We" an insertion and the quotation "trimmed".
    (tmp_path / "000_transcript.txt").write_text(
        "Press conference by the President\n\nThe President:\n"
        "We have decided to increase our aid to Ukraine by 1.5 percent of the defence budget "
        "from next year.\nFrance will deliver 1 000 000 additional shells before the end of the "
        "summer, and we will do it with our European partners.\n"
        "We will never recognise the illegal annexation of Crimea, nor of any other territory.\n",
        encoding="utf-8")
    (tmp_path / "001_article.txt").write_text(
        "\"We will recognise the illegal annexation of Crimea, nor of any other territory,\" "
        "the President said.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,role\n000_transcript.txt,reference\n001_article.txt,media\n", encoding="utf-8")
    (quote,) = dedup.audit(tmp_path).quotes
    assert quote.source is not None
    assert quote.source.text.startswith("We will never recognise")
    assert [(e.source, e.variant, e.material) for e in quote.edits] == [
        ("never", "", "negation")]
    assert quote.flags == ()


@pytest.mark.parametrize(
    ("said", "quoted", "left_out"),
    [
        ("We shall never recognise these so-called elections and their results.",
         "We recognise these so-called elections and their results,", "shall never"),
        ("Мы никогда не признаем эти так называемые выборы и их результаты.",
         "Мы признаем эти так называемые выборы и их результаты,", "никогда не"),
    ],
)
def test_words_left_out_after_the_first_word_are_a_deletion(
    tmp_path: Path, said: str, quoted: str, left_out: str
) -> None:
    # Two words left out cost more than the one word before them gains, so
    # the chain starts after them: the first word is then the sentence's
    # own, not a replacement of the word beside the chain ("We" for "never").
    (tmp_path / "000_transcript.txt").write_text(
        f"Press conference by the Foreign Minister\n\nThe Minister:\n{said}\n"
        "Russia is ready for negotiations, but only on our terms and without preconditions.\n",
        encoding="utf-8")
    (tmp_path / "001_article.txt").write_text(f"\"{quoted}\" the Minister said.\n",
                                              encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,role\n000_transcript.txt,reference\n001_article.txt,media\n", encoding="utf-8")
    (quote,) = dedup.audit(tmp_path).quotes
    assert quote.source is not None
    assert quote.source.text == said
    assert [(e.source, e.variant, e.material) for e in quote.edits] == [
        (left_out, "", "negation")]


def test_whole_quotation_of_a_record_that_quotes_its_speaker_is_not_trimmed(
    tmp_path: Path,
) -> None:
    # A press release prints its speaker's words in quotation marks, with who
    # spoke in the same sentence; a reprint that quotes all of them quotes no part.
    article = input_path("001").read_text(encoding="utf-8")
    start = article.index("“At a time when authoritarian powers")
    release = article[start : article.index("\n", start)]
    words = release[1 : release.index(",”")]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "release.txt").write_text(release + "\n", encoding="utf-8")
    (folder / "reprint.txt").write_text(f"Stoltenberg said: “{words}.”\n", encoding="utf-8")
    (folder / "part.txt").write_text(
        f"Stoltenberg said: “{words[: words.index(', it is')]}.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\nrelease.txt,reference\nreprint.txt,media\npart.txt,media\n",
        encoding="utf-8")
    report = dedup.audit(folder)
    flags = {_path(report, q.doc): (q.label, q.flags) for q in report.quotes}
    assert flags == {"reprint.txt": ("verbatim", ()), "part.txt": ("verbatim", ("trimmed",))}


# A news report of the Bucharest press conference, quoting the transcript.
BUCHAREST_REPORT = (
    "NATO chief warns of dependencies on China\n\n"
    "BUCHAREST, Nov 30 - “Russian missiles and drones continue to strike Ukrainian cities, "
    "civilians, and critical infrastructure,” NATO Secretary General Jens Stoltenberg told "
    "reporters on Wednesday.\n\n"
    "“We must also continue to strengthen our cooperation with partners in the Indo-Pacific "
    "region, as well as with the European Union,” he said, adding that the alliance had to "
    "“reduce our vulnerabilities” in its trade with China.\n"
)


def _pdf_transcript(folder: Path, breaks: dict[str, str], report: str = BUCHAREST_REPORT) -> None:
    """The Bucharest transcript as a PDF converter gives it, with ``breaks`` in its words."""
    transcript = input_path("003").read_text(encoding="utf-8")
    for word, broken in breaks.items():
        assert word in transcript
        transcript = transcript.replace(word, broken)
    (folder / "transcript.txt").write_text(transcript, encoding="utf-8")
    (folder / "report.txt").write_text(report, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\ntranscript.txt,reference\nreport.txt,media\n", encoding="utf-8")


def test_quotations_of_words_hyphenated_at_a_pdfs_line_ends_are_verbatim(
    tmp_path: Path,
) -> None:
    # A transcript extracted from a PDF breaks words at its line ends: read
    # as two words, "civi-\nlians" made a quotation of "civilians" a
    # cosmetic copy, and the three words of "reduce our vulner-\nabilities"
    # were unsourced.
    folder = tmp_path / "corpus"
    folder.mkdir()
    _pdf_transcript(folder, {"civilians,": "civi-\nlians,", "also continue": "also cont-\ninue",
                             "vulnerabilities": "vulner-\nabilities"})
    report = dedup.audit(folder)
    verdicts = [(q.text.split()[0], q.label, q.fidelity) for q in report.quotes]
    # (The transcript's "Reduce" starts a sentence: a change of case.)
    assert verdicts == [("Russian", "verbatim", 1.0), ("We", "verbatim", 1.0),
                        ("reduce", "cosmetic", 1.0)]
    transcript = (folder / "transcript.txt").read_text(encoding="utf-8")
    sources = [q.source.text for q in report.quotes if q.source is not None]
    assert "civi-\nlians" in sources[0] and sources[2] == "Reduce our vulner-\nabilities."
    for quote in report.quotes:
        assert quote.source is not None
        assert transcript[quote.source.start : quote.source.end] == quote.source.text


def test_a_quotation_across_a_pdfs_page_break_is_verbatim(tmp_path: Path) -> None:
    # The footer, form feed and running header between two pages cut the
    # transcript's sentence in two: quoted whole, it was spliced and altered
    # (0.82, the furniture a deleted passage), and a sentence whose last
    # word was on the next page had "Istanbul" inserted (altered, 0.86).
    folder = tmp_path / "corpus"
    folder.mkdir()
    seam = "\n\nPage {}\n\fNATO UNCLASSIFIED\n\n"
    _pdf_transcript(folder, {
        "NATO - North Atlantic": "NATO UNCLASSIFIED\n\nNATO - North Atlantic",
        "posed by China\nto our": "posed by China" + seam.format(1) + "to our",
        "attack in Istanbul.": "attack in" + seam.format(2) + "Istanbul.",
    }, report=(
        "NATO chief warns of China dependencies\n\n"
        "“This morning, Allies addressed the long-term challenges posed by China to our "
        "interests, values and security,” Stoltenberg said.\n\n"
        "“Ministers also discussed terrorism, the most direct asymmetric threat to our "
        "security. We saw that most recently with the horrific attack in Istanbul,” he said.\n"))
    report = dedup.audit(folder)
    assert [(q.label, q.fidelity, q.flags, q.edits) for q in report.quotes] == [
        ("verbatim", 1.0, (), ()), ("verbatim", 1.0, ("joined",), ())]
    transcript = (folder / "transcript.txt").read_text(encoding="utf-8")
    for quote in report.quotes:
        assert quote.source is not None
        assert transcript[quote.source.start : quote.source.end] == quote.source.text
        assert "NATO UNCLASSIFIED" in quote.source.text


def test_a_quotation_of_a_pdf_with_footnote_markers_is_as_faithful(
    report: Report, tmp_path: Path
) -> None:
    # A PDF's text glues footnote markers to the words they note: the
    # transcript's "established.4" and "atrocities¹" made the Sofia Globe's
    # quotation altered (a number and a word edit) instead of cosmetic.
    folder = tmp_path / "corpus"
    folder.mkdir()
    transcript = input_path("000").read_text(encoding="utf-8")
    for word, marked in (("must be established.", "must be established.4"),
                         ("these atrocities", "these atrocities¹")):
        assert transcript.count(word) == 1
        transcript = transcript.replace(word, marked)
    (folder / input_path("000").name).write_text(transcript, encoding="utf-8")
    shutil.copy(input_path("001"), folder)
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    quote = _quote(dedup.audit(folder), "is a war crime")
    clean = _quote(report, "is a war crime")
    assert (quote.label, quote.fidelity, quote.flags) == (clean.label, clean.fidelity, clean.flags)
    assert [(e.source, e.variant) for e in quote.edits] == [(e.source, e.variant)
                                                            for e in clean.edits]
    assert quote.source is not None and "atrocities¹" in quote.source.text


def test_a_quotation_across_a_page_break_of_a_newspapers_pdf_is_as_faithful(
    report: Report, tmp_path: Path
) -> None:
    # The Sofia Globe's report as its PDF gives it, a page break inside a
    # quotation: the quotation stopped at the page's end (trimmed, and "war,"
    # a quotation of its own); then the page's number and header were
    # quoted words.
    article = input_path("001").read_text(encoding="utf-8")
    breaks = {"a land-bridge to occupied Crimea. So this is a crucial phase of the war,”":
              "a land-bridge to occupied Crimea. So this is a crucial phase of the\n\n"
              "- 1 -\n\fTHE SOFIA GLOBE\n\nwar,”",
              "Become a Patron!": "Become a Patron!\n\n- 2 -\n"}
    for words, broken in breaks.items():
        assert article.count(words) == 1
        article = article.replace(words, broken)
    article = "THE SOFIA GLOBE\n\n" + article
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(input_path("000"), folder)
    (folder / ARTICLE).write_text(article, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    paged = dedup.audit(folder)
    quote, clean = _quote(paged, "crucial phase"), _quote(report, "crucial phase")
    assert quote.text.endswith("phase of the\n\n- 1 -\n\fTHE SOFIA GLOBE\n\nwar,")
    assert (quote.label, quote.fidelity, quote.flags, quote.edits) == (
        clean.label, clean.fidelity, clean.flags, clean.edits) == ("verbatim", 1.0, ("joined",), ())
    assert len(_article_quotes(paged)) == len(_article_quotes(report))


def test_a_quotation_of_a_sentence_ending_in_a_footnote_marker_is_not_trimmed(
    tmp_path: Path
) -> None:
    # "justice.4 NATO Allies ..." was one sentence, and the marker a word of it:
    # the whole sentence quoted was "trimmed".
    folder = tmp_path / "corpus"
    folder.mkdir()
    transcript = input_path("000").read_text(encoding="utf-8")
    sentence = "And all those responsible for these atrocities must be brought to justice."
    assert transcript.count(sentence + "\n") == 1
    (folder / "transcript.txt").write_text(transcript.replace(sentence + "\n", sentence + "4 "),
                                           encoding="utf-8")
    (folder / "article.txt").write_text(f"“{sentence[:-1]},” Stoltenberg said.\n",
                                        encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\ntranscript.txt,reference\narticle.txt,media\n", encoding="utf-8")
    (quote,) = dedup.audit(folder).quotes
    assert (quote.label, quote.fidelity, quote.flags) == ("verbatim", 1.0, ())
    assert quote.source is not None and quote.source.text == sentence


# 004 as delivered, and the text handed out before as prepared for delivery,
# in which two sentences of the opening statement read otherwise.
DELIVERED = input_path("004")
CHANGES = (("The situation on the battlefield remains serious.",
            "The situation on the battlefield remains difficult."),
           ("nearly 600 million euros", "576 million euros"))


def _versions(tmp_path: Path, article: str) -> Report:
    folder = tmp_path / "corpus"
    folder.mkdir()
    delivered = DELIVERED.read_text(encoding="utf-8")
    prepared = delivered[delivered.index("Good afternoon.") : delivered.index("With that, I am")]
    for spoken, written in CHANGES:
        prepared = prepared.replace(spoken, written)
    (folder / DELIVERED.name).write_bytes(DELIVERED.read_bytes())
    # Named to come after the delivered transcript: the first reference in
    # the folder's order is the version the article does not quote.
    (folder / "004_prepared_for_delivery.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg (as prepared for "
        "delivery)\n\n" + prepared, encoding="utf-8")
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        f"path,role,outlet,date\n{DELIVERED.name},reference,NATO,2024-04-04\n"
        "004_prepared_for_delivery.txt,reference,NATO,2024-04-04\n"
        "article.txt,media,The Daily Courier,2024-04-04\n", encoding="utf-8")
    return dedup.audit(folder)


@pytest.mark.parametrize("quoted", [
    pytest.param("“The situation on the battlefield remains difficult,” Jens Stoltenberg said, "
                 "“Ukraine needs more air defences, more ammunition, and more aid.”",
                 id="words-of-both-versions-last"),
    pytest.param("“I welcome that Allies continue to step up with major new announcements,” "
                 "Jens Stoltenberg said, “in recent days, this includes 576 million euros from "
                 "Germany for the Czech-led artillery initiative.”",
                 id="words-of-both-versions-first"),
    pytest.param("“The situation on the battlefield remains difficult … more ammunition, and more "
                 "aid,” Jens Stoltenberg said.", id="words-of-both-versions-after-an-ellipsis"),
])
def test_a_quotation_of_one_version_is_not_spliced_from_two(tmp_path: Path, quoted: str) -> None:
    # One fragment is in both versions: found in the first reference, the
    # delivered transcript, it made two passages in two records, a splice,
    # and the faithful quotation of the prepared text was ``altered``.
    report = _versions(tmp_path, f"Stoltenberg: more aid needed\n\n{quoted}\n")
    (quote,) = report.quotes
    assert quote.source is not None
    assert _path(report, quote.source.doc) == "004_prepared_for_delivery.txt"
    assert quote.label in ("verbatim", "cosmetic") and quote.fidelity == 1.0
    assert "spliced" not in quote.flags
    assert all(edit.cosmetic for edit in quote.edits)


def test_a_quotation_of_the_second_version_in_one_record_is_not_spliced_from_both(
        tmp_path: Path) -> None:
    # One page holds the remarks as prepared, then as delivered. The
    # article quotes the delivered words; its second fragment is in both
    # sections and was found in the first: a splice over the page.
    delivered = DELIVERED.read_text(encoding="utf-8")
    spoken = delivered[delivered.index("Good afternoon.") : delivered.index("With that, I am")]
    written = spoken
    for words, other in CHANGES:
        written = written.replace(words, other)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "remarks.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg\n\nAS PREPARED FOR "
        f"DELIVERY\n\n{written}\nAS DELIVERED\n\n{spoken}", encoding="utf-8")
    (folder / "article.txt").write_text(
        "BRUSSELS (Wire) - “The situation on the battlefield remains serious,” Jens "
        "Stoltenberg told reporters, “Ukraine needs more air defences, more ammunition, and "
        "more aid.”\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role,outlet,date\nremarks.txt,reference,NATO,2024-04-04\n"
        "article.txt,media,Wire,2024-04-04\n", encoding="utf-8")
    report = dedup.audit(folder)
    (quote,) = report.quotes
    assert quote.source is not None
    assert quote.source.start > len(written)  # the delivered section
    assert quote.source.text.startswith("The situation on the battlefield remains serious.")
    assert (quote.label, quote.fidelity, quote.flags) == ("verbatim", 1.0, ("joined",))


def test_a_sentence_quoted_whole_from_one_version_is_not_trimmed_from_another(
        tmp_path: Path) -> None:
    # As delivered, Stoltenberg ran on past the prepared sentence's end. The
    # paper quotes the prepared sentence whole: both versions hold its words
    # as well, and the one where it is a whole sentence is its source.
    aid = "Ukraine needs more air defences, more ammunition, and more aid."
    delivered = DELIVERED.read_text(encoding="utf-8")
    prepared = delivered[delivered.index("Good afternoon.") : delivered.index("With that, I am")]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / DELIVERED.name).write_text(
        delivered.replace(aid, aid[:-1] + ", and it needs them now."), encoding="utf-8")
    (folder / "004_prepared_for_delivery.txt").write_text(
        "Opening remarks by NATO Secretary General Jens Stoltenberg (as prepared for "
        "delivery)\n\n" + prepared, encoding="utf-8")
    (folder / "article.txt").write_text(
        f"Arms for Kyiv\n\n“{aid[:-1]},” Jens Stoltenberg said.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        f"path,role,date\n{DELIVERED.name},reference,2024-04-04\n"
        "004_prepared_for_delivery.txt,reference,2024-04-03\n"
        "article.txt,media,2024-04-04\n", encoding="utf-8")
    report = dedup.audit(folder)
    (quote,) = report.quotes
    assert quote.source is not None and quote.source.text == aid
    assert _path(report, quote.source.doc) == "004_prepared_for_delivery.txt"
    assert (quote.label, quote.flags) == ("verbatim", ())


def test_a_quotation_quoting_the_record_within_its_own_words_is_unsourced(
        tmp_path: Path) -> None:
    # A diplomat's words that repeat Stoltenberg's: the diplomat's are on no
    # record (they were "altered", fidelity 0, for the words they quote); the
    # words quoted within are Stoltenberg's, and judged on their own.
    report = _audit_altered(tmp_path, ("“Nato will also look", "A diplomat said: “Stoltenberg "
                                       "told us ‘targeting and murdering civilians is a war "
                                       "crime’ and we agreed with him.”\n\n“Nato will also look"))
    outer = _quote(report, "we agreed with him")
    assert (outer.label, outer.source) == ("unsourced", None)
    (inner,) = [q for q in report.quotes
                if q.text == "targeting and murdering civilians is a war crime"]
    assert inner.label == "cosmetic"  # "targeting" for "Targeting"
    assert inner.speaker is not None and inner.speaker.endswith("Jens Stoltenberg")


def test_a_quotation_on_record_with_a_quotation_within_is_judged_whole(tmp_path: Path) -> None:
    # The record holds the quotation within too: the whole is verbatim (the
    # words within left out would be a splice), and the words within are
    # judged on their own as well.
    said = ("I told the minister that President Zelensky said to me “we need more air defence "
            "systems before the winter” and I agreed with him.")
    (tmp_path / "transcript.txt").write_text(
        "NATO Secretary General Jens Stoltenberg:\nGood afternoon. " + said
        + " We stand with Ukraine for as long as it takes.\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "NATO chief backs more air defence for Kyiv\n\nJens Stoltenberg said on Tuesday: ‘"
        + said + "’\n", encoding="utf-8")
    report = dedup.audit(tmp_path, reference_globs=("transcript.txt",))
    outer, inner = report.quotes
    assert outer.text == said
    assert (outer.label, outer.fidelity, outer.flags) == ("verbatim", 1.0, ())
    assert inner.text == "we need more air defence systems before the winter"
    # Zelensky's words, second hand: in Stoltenberg's turn, not misattributed.
    assert (inner.speaker, inner.label) == ("Zelensky", "verbatim")


def test_quotation_opening_with_the_last_word_of_the_sentence_before_starts_its_own(
        tmp_path: Path) -> None:
    # The record's sentence before ends with the word the quoted sentence
    # opens with ("... for Pryce. Pryce told ..."); the quotation's
    # source started there, "Pryce" of the quoted sentence a stutter left
    # out: flagged trimmed and joined, beside the edits it does make.
    (tmp_path / "agency.txt").write_text(
        "A football fan told a jury today how he was punched by a player after a match.\n"
        "Two supporters ran on to the pitch, with one of them heading straight for Pryce.\n"
        "Pryce told the jury he feared he was about to be hit again, but a Wrexham\n"
        "player stopped Lomas from getting any nearer.\nThe trial continues.\n",
        encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "A football fan has described the moment he was punched after a match.\n\n"
        "“Pryce told the jury he feared he was about to be hit, but a Harwood player "
        "prevented Lomas from getting any nearer,” the agency reported.\n", encoding="utf-8")
    quote = _quote(dedup.audit(tmp_path, reference_globs=("agency*",)), "Harwood")
    assert quote.source is not None and quote.source.text.startswith("Pryce told the jury")
    assert quote.flags == ()
    assert [(e.source, e.variant, e.material) for e in quote.edits] == [
        ("again", "", None), ("Wrexham", "Harwood", "name"), ("stopped", "prevented", None)]


def test_few_words_before_an_ellipsis_come_from_beside_the_words_after_it(
        tmp_path: Path) -> None:
    # "When it comes" (too few words to tell where they stand) is in 004
    # pages before the sentence the rest of the quotation comes from
    # ("when it comes to air defence"): located on its own, it took the
    # first place, and the quotation's source ran over the pages between.
    report = _audit_against(
        tmp_path, "“When it comes … the different Indo-Pacific partners are able to provide "
                  "to Ukraine, I will not be too specific.”")
    (quote,) = report.quotes
    assert quote.source is not None
    assert quote.source.text.startswith("When it comes to exactly what kind of specific support")
    assert (quote.label, quote.flags) == ("verbatim", ("trimmed", "ellipsis"))
