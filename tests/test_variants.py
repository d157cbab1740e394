from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import input_path

import dedup
from dedup.cluster import Group, Segment
from dedup.models import Document
from dedup.prepare import pool as worker_pool
from dedup.variants import jobs as variants
from dedup.variants import members, score_groups

TRANSCRIPT = input_path("000").read_text(encoding="utf-8")
ARTICLE = input_path("001").read_text(encoding="utf-8")


def _segment(doc: int, text: str, passage: str) -> Segment:
    start = text.index(passage)
    return Segment(doc, 0, 0, start, start + len(passage), len(passage.split()), True, True)


def test_variant_span_is_narrowed_to_the_quoted_words() -> None:
    docs = [Document("d1", "000.txt", TRANSCRIPT, role="reference"),
            Document("d2", "001.txt", ARTICLE)]
    lines = ("We now see a significant movement of troops away from Kyiv.\n"
             "To regroup, rearm and resupply.\nAnd they shift their focus to the east.")
    sentence = ("“We now see a significant movement of troops away from Kyiv, to regroup, rearm "
                "and resupply, and they shift their focus to the east,” Stoltenberg said.")
    group = Group((_segment(0, TRANSCRIPT, lines), _segment(1, ARTICLE, sentence)), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5)
    canonical, variant = cluster.members
    assert (cluster.id, canonical.fidelity, canonical.text) == ("c1", 1.0, lines)
    assert variant.text == sentence[1 : sentence.index(",”")]
    assert ARTICLE[variant.start : variant.end] == variant.text
    assert (variant.fidelity, variant.label) == (1.0, "cosmetic")


def test_variant_whose_aligned_part_is_too_short_is_dropped() -> None:
    text = ("Ketevan Kardava (IMEDI TV): Thank you very much. Thank you very much. "
            "Ketevan Kardava.")
    docs = [Document("d1", "004.txt", text, role="reference")]
    first = _segment(0, text, "Ketevan Kardava (IMEDI TV): Thank you very much.")
    second = Segment(0, 2, 3, text.index("Thank you very much. Ketevan"), len(text), 6, True, True)
    assert score_groups([Group((first, second), 0, False)], docs, material_weight=3.0,
                        min_words=5) == []


def test_a_text_repeated_in_a_group_gives_each_copy_its_own_place() -> None:
    # The second copy's score is the first's, remembered; its offsets are its own.
    lines = ("We now see a significant movement of troops away from Kyiv.\n"
             "To regroup, rearm and resupply.\nAnd they shift their focus to the east.")
    sentence = ("“We now see a significant movement of troops away from Kyiv, to regroup, rearm "
                "and resupply, and they shift their focus to the east,” Stoltenberg said.")
    later = "Mr Stoltenberg repeated it.\n" + sentence
    docs = [Document("d1", "000.txt", TRANSCRIPT, role="reference"),
            Document("d2", "001.txt", ARTICLE), Document("d3", "later.txt", later)]
    source = _segment(0, TRANSCRIPT, lines)
    twice = Group((source, _segment(1, ARTICLE, sentence), _segment(2, later, sentence)), 0, False)
    (cluster,) = score_groups([twice], docs, material_weight=3.0, min_words=5)
    (alone,) = score_groups([Group((source, _segment(2, later, sentence)), 0, False)], docs,
                            material_weight=3.0, min_words=5)
    _, first, second = cluster.members
    assert (first.doc, second.doc) == ("d2", "d3")
    assert ARTICLE[first.start : first.end] == first.text == second.text
    assert later[second.start : second.end] == second.text
    assert second.start == first.start - ARTICLE.index(sentence) + later.index(sentence)
    assert second == alone.members[1]
    assert [repr(edit) for edit in second.edits] == [repr(edit) for edit in first.edits]


def test_members_the_canonical_leaves_out_form_a_cluster_with_the_sentence_holding_both() -> None:
    """A media sentence ends the copy of one transcript and starts the copy of another.

    Matched to the second transcript's sentence, it forms a group with it
    and with the first transcript's passage that lies inside it. That
    passage aligns nowhere with the canonical member (the second
    transcript), so it heads a cluster of its own, where the media sentence
    narrows to the first copy.
    """
    later = input_path("004").read_text(encoding="utf-8")
    tail = ("because that's the only way to convince President Putin that he will not win on "
            "the battlefield")
    values = ("At a time when authoritarian powers are pushing back on the rules-based "
              "international order, it is even more important for democracies to stand "
              "together, and protect our values.")
    media = f"Stoltenberg spoke in Brussels. He said {tail} and {values[0].lower()}{values[1:]}"
    docs = [Document("d1", "000.txt", TRANSCRIPT, role="reference"),
            Document("d2", "004.txt", later, role="reference"), Document("d3", "m.txt", media)]
    sentence = media[media.index("He said") :]
    group = Group((_segment(0, TRANSCRIPT, values), _segment(1, later, tail),
                   _segment(2, media, sentence)), 0, False)
    first, second = score_groups([group], docs, material_weight=3.0, min_words=5)
    assert [m.doc for m in first.members] == ["d1", "d3"]
    assert first.members[1].text == values[0].lower() + values[1:]
    assert [m.doc for m in second.members] == ["d2", "d3"]
    assert second.members[0].text == tail
    assert second.members[1].text.startswith(tail)
    assert media[second.members[1].start : second.members[1].end] == second.members[1].text
    assert second.members[1].end <= first.members[1].start


def _sentence_groups() -> tuple[list[Document], list[Group]]:
    """The transcript's sentences, each grouped with a copy that changes one word."""
    sentences = [line.strip() for line in TRANSCRIPT.splitlines()
                 if len(line.split()) >= 8 and "," not in line][:40]
    copies = [s.replace(" the ", " a ", 1) for s in sentences]
    article = "\n".join(copies)
    docs = [Document("d1", "000.txt", TRANSCRIPT, role="reference"),
            Document("d2", "copy.txt", article)]
    groups = [Group((_segment(0, TRANSCRIPT, s), _segment(1, article, c)), 0, False)
              for s, c in zip(sentences, copies, strict=True)]
    return docs, groups


def test_clusters_are_the_same_for_any_number_of_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs, groups = _sentence_groups()
    monkeypatch.setattr(variants, "BATCH_CHARS", 200)  # many batches
    monkeypatch.setattr(variants, "PARALLEL_MIN_CHARS", 0)  # shared, little as it is
    alone = score_groups(groups, docs, material_weight=3.0, min_words=5, jobs=1)
    shared = score_groups(groups, docs, material_weight=3.0, min_words=5, jobs=2)
    assert len(alone) == len(groups) >= 30
    assert shared == alone
    assert {m.label for c in alone for m in c.members[1:]} >= {"altered", "verbatim"}


class _NoWorkers:
    """Stands in for ``ProcessPoolExecutor`` where no worker process may start."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started")


def test_little_variant_text_is_scored_in_this_process_whatever_the_jobs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs, groups = _sentence_groups()
    monkeypatch.setattr(variants, "BATCH_CHARS", 200)  # many batches, as a larger corpus has
    alone = score_groups(groups, docs, material_weight=3.0, min_words=5, jobs=1)
    monkeypatch.setattr(worker_pool, "ProcessPoolExecutor", _NoWorkers)  # the pool of workers()
    assert score_groups(groups, docs, material_weight=3.0, min_words=5, jobs=2) == alone
    # From PARALLEL_MIN_CHARS of variant text on, the jobs share it.
    text = sum(s.end - s.start for g in groups for i, s in enumerate(g.members)
               if i != g.canonical)
    monkeypatch.setattr(variants, "PARALLEL_MIN_CHARS", text)
    with pytest.raises(AssertionError, match="worker process was started"):
        score_groups(groups, docs, material_weight=3.0, min_words=5, jobs=2)


def test_batches_are_handed_out_a_few_at_a_time() -> None:
    docs, groups = _sentence_groups()
    made: list[int] = []
    drawn_before_each: list[int] = []

    def batches() -> Iterator[list[members.Work]]:
        for group in groups:
            made.append(1)
            yield [variants._work(group, docs, 3.0, 5)]

    with ProcessPoolExecutor(max_workers=2) as pool:
        for scored in variants._scored_in_order(pool, batches(), ahead=4):
            drawn_before_each.append(len(made))
            assert len(scored) == 1
    assert len(drawn_before_each) == len(groups)
    # The first result comes when four batches are out, not all of them.
    assert drawn_before_each[0] == 4
    assert all(drawn <= index + 4 for index, drawn in enumerate(drawn_before_each))


def test_a_cluster_left_in_fewer_documents_than_a_stock_formula_needs_is_not_boilerplate() -> None:
    # The groups recur in enough documents, but their third member aligns
    # with nothing and is dropped: each cluster holds fewer than the rule's.
    line = "And with that, I am ready to take your questions."
    other = ("“I am sure you already understand that Russia does not intend to stop in "
             "Ukraine - does not intend and will not,” he said.")
    twice = f"{line} {line}"
    snippets = input_path("002").read_text(encoding="utf-8")
    bucharest = input_path("003").read_text(encoding="utf-8")
    docs = [Document("d1", "twice.txt", twice), Document("d2", "002.txt", snippets),
            Document("d3", "000.txt", TRANSCRIPT, role="reference"),
            Document("d4", "003.txt", bucharest, role="reference")]
    repeated = Group((Segment(0, 0, 0, 0, len(line), 10, True, True),
                      Segment(0, 1, 1, len(line) + 1, len(twice), 10, True, True),
                      _segment(1, snippets, other)), 0, True)
    (cluster,) = score_groups([repeated], docs, material_weight=3.0, min_words=5)
    assert [member.doc for member in cluster.members] == ["d1", "d1"]
    assert not cluster.boilerplate  # one document: no stock formula of several
    three = Group((_segment(2, TRANSCRIPT, line), _segment(3, bucharest, line),
                   _segment(1, snippets, other)), 0, True)
    (cluster,) = score_groups([three], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3)
    assert [member.doc for member in cluster.members] == ["d3", "d4"]
    assert not cluster.boilerplate
    (kept,) = score_groups([three], docs, material_weight=3.0, min_words=5,
                           boilerplate_min_docs=2)
    assert kept.boilerplate


def test_a_member_with_no_word_in_common_is_dropped_and_heads_its_own_cluster() -> None:
    # The bridge holds copies of two sentences. Its group's canonical member
    # is the first; the article's sentence aligns with none of its words, so
    # it is no version of it (it was kept, a paraphrase of fidelity 0): the
    # article's sentence and the bridge's copy of it are a cluster of their own.
    line = "And with that, I am ready to take your questions."
    said = "So this is a crucial phase of the war,” he said."
    bridge = "“So this is a crucial phase of the war.” " + line
    docs = [Document("d1", "000.txt", TRANSCRIPT, role="reference"),
            Document("d2", "001.txt", ARTICLE), Document("d3", "bridge.txt", bridge)]
    group = Group((_segment(0, TRANSCRIPT, line), _segment(1, ARTICLE, said),
                   _segment(2, bridge, bridge)), 0, False)
    first, second = score_groups([group], docs, material_weight=3.0, min_words=5)
    assert [(m.doc, m.text) for m in first.members] == [("d1", line), ("d3", line)]
    assert [(m.doc, m.text, m.label) for m in second.members] == [
        ("d2", said, "verbatim"), ("d3", "So this is a crucial phase of the war.", "verbatim")]


# A speech as prepared and as delivered: 004's sentence, and the word the
# text handed out before the press conference had in its place.
DELIVERED = input_path("004").read_text(encoding="utf-8")
SPOKEN = "The situation on the battlefield remains serious."
PREPARED = ("Opening remarks by NATO Secretary General Jens Stoltenberg, as prepared for "
            "delivery.\n\nThe situation on the battlefield remains difficult.\n")
QUOTING = ('Speaking in Brussels, Stoltenberg warned: "The situation on the battlefield '
           'remains serious."\n')


def _versions(*members: tuple[int, str, str]) -> tuple[list[Document], Group]:
    docs = [Document("d1", "prepared.txt", PREPARED, role="reference"),
            Document("d2", "004.txt", DELIVERED, role="reference"),
            Document("d3", "article.txt", QUOTING)]
    return docs, Group(tuple(_segment(doc, text, passage) for doc, text, passage in members),
                       0, False)


def test_a_copy_of_the_delivered_words_is_measured_against_them_not_the_prepared_text() -> None:
    docs, group = _versions((0, PREPARED, "The situation on the battlefield remains difficult."),
                            (1, DELIVERED, SPOKEN), (2, QUOTING, SPOKEN))
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5)
    prepared, delivered, article = cluster.members
    assert cluster.canonical == 0 and prepared.against is None
    # The other original keeps its score against the original: the versions differ.
    assert (delivered.label, delivered.against) == ("altered", None)
    assert (article.doc, article.against) == ("d3", 1)
    assert (article.label, article.fidelity, article.edits) == ("verbatim", 1.0, ())
    assert QUOTING[article.start : article.end] == article.text


def test_with_one_reference_version_the_copy_is_measured_against_it() -> None:
    docs, group = _versions((0, PREPARED, "The situation on the battlefield remains difficult."),
                            (2, QUOTING, SPOKEN))
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5)
    article = cluster.members[1]
    assert (article.label, article.against) == ("altered", None)
    assert [(edit.source, edit.variant) for edit in article.edits] == [("difficult", "serious")]


def test_a_copy_as_near_the_original_as_the_other_version_keeps_the_original() -> None:
    line = "Good afternoon."
    prepared = PREPARED + "Today marks 75 years since NATO’s founding.\n"
    quoting = QUOTING + "“Today marks 75 years since NATO’s founding,” he said.\n"
    docs = [Document("d1", "prepared.txt", prepared, role="reference"),
            Document("d2", "004.txt", DELIVERED, role="reference"),
            Document("d3", "article.txt", quoting)]
    spoken = "Today marks 75 years since NATO’s founding."
    group = Group((_segment(0, prepared, spoken), _segment(1, DELIVERED, line + "\n\n" + spoken),
                   _segment(2, quoting, "Today marks 75 years since NATO’s founding")), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5)
    article = cluster.members[-1]
    assert (article.doc, article.label, article.against) == ("d3", "verbatim", None)


LINK = "https://www.nato.int/cps/en/natohq/opinions_224339.htm?selectedLocale=en"


@pytest.mark.parametrize(("shared", "clusters"), [("", 0), (SPOKEN + " ", 1)])
def test_two_posts_that_share_only_a_link_share_no_passage(
        tmp_path: Path, shared: str, clusters: int) -> None:
    # The link's parts are tokens (https, www, nato, int ...), enough words
    # for a cluster; a sentence copied beside it still is one.
    (tmp_path / "a.txt").write_text(
        "NATO foreign ministers met in Brussels on Thursday to discuss support for Ukraine.\n"
        f"{shared}Read the full statement here: {LINK}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "The Secretary General warned that Russia's war had entered a dangerous new phase.\n"
        f"{shared}Full transcript: {LINK}\n", encoding="utf-8")
    report = dedup.scan(tmp_path)
    assert len(report.clusters) == clusters
    for cluster in report.clusters:
        assert all(member.text.startswith(SPOKEN[:-1]) for member in cluster.members)


def test_a_copy_measured_against_a_narrowed_version_has_edits_into_its_text() -> None:
    # 003's transcript, and its corrected re-issue, which adds the words the
    # transcriber missed around the sentence: scored against the original,
    # the correction narrows to the words they share. The paper quotes the
    # correction with one word changed. Its edits' source offsets must index
    # the text of the member it is measured against, as report.html's diff
    # and report.json promise.
    transcript = input_path("003").read_text(encoding="utf-8")
    sentence = "We do not see China as an adversary."
    longer = ("And let me be very clear: we do not see China as an adversary, but we see its "
              "growing assertiveness.")
    corrected = transcript.replace(sentence, longer)
    quoted = longer.replace("adversary", "enemy")
    article = f"BUCHAREST (Wire) - “{quoted[:-1]},” Stoltenberg told reporters.\n"
    docs = [Document("d1", "003.txt", transcript, role="reference", date="2022-11-30"),
            Document("d2", "003_corrected.txt", corrected, role="reference", date="2022-12-01"),
            Document("d3", "article.txt", article)]
    group = Group((_segment(0, transcript, sentence), _segment(1, corrected, longer),
                   _segment(2, article, quoted[:-1])), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5)
    original, correction, copy = cluster.members
    assert correction.text == "we do not see China as an adversary"
    base = original if copy.against is None else cluster.members[copy.against]
    assert [(edit.source, edit.variant) for edit in copy.edits
            if not edit.cosmetic] == [("adversary", "enemy")]
    for edit in copy.edits:
        assert edit.source_start is not None and edit.source_end is not None
        assert base.text[edit.source_start : edit.source_end] == edit.source
    assert copy.text == article[copy.start : copy.end]


def test_words_a_version_adds_head_their_cluster_from_the_reference_not_a_paper() -> None:
    # As delivered, Stoltenberg ran on past the prepared sentence, the
    # group's original; the papers quote the words he added. Left out of
    # the original's cluster, they make a cluster of their own, whose
    # original is the delivered transcript, not the first paper.
    delivered = DELIVERED.replace(
        "and more aid.", "and more aid, and it needs them now, not months from now.", 1)
    prepared = ("Opening remarks by NATO Secretary General Jens Stoltenberg, as prepared for "
                "delivery.\n\nUkraine needs more air defences, more ammunition, and more aid.\n")
    added = "it needs them now, not months from now"
    wire = f"BRUSSELS (Wire) - Ukraine's allies must hurry: “{added},” Stoltenberg said.\n"
    paper = f"The alliance's chief was blunt. “{added[0].upper()}{added[1:]},” he said.\n"
    docs = [Document("d1", "prepared.txt", prepared, role="reference", date="2024-04-03"),
            Document("d2", "004.txt", delivered, role="reference", date="2024-04-04"),
            Document("d3", "a_wire.txt", wire, date="2024-04-04"),
            Document("d4", "b_paper.txt", paper, date="2024-04-04")]
    sentence = "Ukraine needs more air defences, more ammunition, and more aid"
    group = Group((_segment(0, prepared, sentence + "."),
                   _segment(1, delivered, f"{sentence}, and {added}."),
                   _segment(2, wire, added), _segment(3, paper, added.capitalize())), 0, False)
    first, second = score_groups([group], docs, material_weight=3.0, min_words=5)
    assert [(m.doc, m.text) for m in first.members] == [("d1", sentence + "."), ("d2", sentence)]
    original = second.members[second.canonical]
    assert (original.doc, original.text) == ("d2", added + ".")
    assert delivered[original.start : original.end] == original.text
    assert sorted((m.doc, m.label) for m in second.members if m is not original) == [
        ("d3", "verbatim"), ("d4", "cosmetic")]


def _headers_group() -> tuple[Group, list[Document]]:
    """The feed's header line of each of the four wire stories, as one group."""
    from conftest import WIRE_STORIES, wire_header

    texts = [wire_header(time, catchline) for time, catchline, *_ in WIRE_STORIES.values()]
    docs = [Document(f"d{index + 1}", name, text)
            for index, (name, text) in enumerate(zip(WIRE_STORIES, texts, strict=True))]
    members = tuple(_segment(index, text, text) for index, text in enumerate(texts))
    return Group(members, 0, False), docs


def test_a_header_line_each_story_fills_with_its_time_and_catchline_is_boilerplate() -> None:
    # What four unrelated stories share is the feed's frame ("03/02/01:
    # Page 1 (HHH) COURTS"), not a passage: another story's catchline is no
    # changed name, nor its time a changed number.
    group, docs = _headers_group()
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3, boilerplate_max_words=8)
    assert len({member.doc for member in cluster.members}) == 4
    assert all(member.label == "altered" for index, member in enumerate(cluster.members)
               if index != cluster.canonical)
    assert cluster.boilerplate


def test_without_a_word_limit_no_cluster_is_a_template() -> None:
    group, docs = _headers_group()
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3)
    assert not cluster.boilerplate


@pytest.mark.parametrize("changed", [
    pytest.param(["£54 million"], id="one-paper"),
    pytest.param(["£54 million", "£60 million"], id="two-papers"),
])
def test_a_news_sentence_whose_number_papers_changed_is_no_template(changed: list[str]) -> None:
    # Unrelated documents, each with the sentence: those that changed the
    # number keep its other 8 words, which is no frame but the passage.
    sentence = "The new hospital in Derby will cost £45 million."
    texts = [sentence, *(sentence.replace("£45 million", number) for number in changed)]
    texts += [sentence] * (3 - len(texts))
    docs = [Document(f"d{index + 1}", f"{index}.txt", text) for index, text in enumerate(texts)]
    group = Group(tuple(_segment(index, text, text) for index, text in enumerate(texts)), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3, boilerplate_max_words=8)
    assert not cluster.boilerplate
    materials = [edit.material for member in cluster.members for edit in member.edits]
    assert materials == ["number"] * len(changed)


def test_short_trimmed_copies_of_a_sentence_are_no_template() -> None:
    # Two papers quote 7 words of the coroner's finding: short copies, with
    # no words of their own put in; no frame filled in.
    sentence = ("Returning her findings at the inquest, the coroner recorded verdicts of "
                "accidental death in both cases.")
    short = "the coroner recorded verdicts of accidental death"
    texts = [sentence, f"In Hull, {short}.", f"As expected {short}. The family wept."]
    docs = [Document(f"d{index + 1}", f"{index}.txt", text) for index, text in enumerate(texts)]
    group = Group((_segment(0, texts[0], sentence), _segment(1, texts[1], texts[1]),
                   _segment(2, texts[2], texts[2])), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3, boilerplate_max_words=8)
    assert [member.text for member in cluster.members[1:]] == [f"{short}."] * 2
    assert [member.trimmed for member in cluster.members] == [False, True, True]
    assert not cluster.boilerplate


def test_a_quotation_papers_changed_the_same_way_is_no_template() -> None:
    # Two outlets, which share nothing else with the speech, print the same
    # misquote: each keeps 6 of its 8 words, but both fill the gap alike.
    # One filling is a misquote that spread, not a frame filled per story.
    sentence = "We will never raise taxes on working families."
    quoted = "“We would not raise taxes on working families,” the minister said."
    texts = [sentence, f"At the rally, {quoted}", f"{quoted} Critics were unconvinced."]
    docs = [Document(f"d{index + 1}", f"{index}.txt", text) for index, text in enumerate(texts)]
    group = Group(tuple(_segment(index, text, text) for index, text in enumerate(texts)), 0, False)
    (cluster,) = score_groups([group], docs, material_weight=3.0, min_words=5,
                              boilerplate_min_docs=3, boilerplate_max_words=8)
    assert [member.label for member in cluster.members[1:]] == ["altered"] * 2
    assert [edit.material for edit in cluster.members[1].edits] == ["modal"]
    assert not cluster.boilerplate
