"""Caption files (.srt, .vtt) read by ingest: the cues' words at their offsets in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup import audit
from dedup.attribution import turns
from dedup.ingest import load_corpus
from dedup.models import Document
from dedup.segment import build_segmenter, segment

# Lines of the 5 April 2022 statement (inputs/000), cut into cues as a
# broadcaster's captions cut them: by time, not by sentence.
SRT = """1
00:00:01,000 --> 00:00:03,500
We now see a significant movement

2
00:00:03,500 --> 00:00:06,000
of troops away from Kyiv.
To regroup, rearm and resupply.

3
00:00:06,000 --> 00:00:09,250
<i>And they shift their focus</i>
to the east.
"""

VTT = """WEBVTT
Kind: captions
Language: en

NOTE Captions by the NATO multimedia team

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:03.500 align:start position:10%
<v Jens Stoltenberg>We now see a <c.yellow>significant</c> movement

00:00:03.500 --> 00:00:06.000
of troops<00:00:04.200> away from Kyiv.

00:00:06.000 --> 00:00:09.000
<v Andrew Gray>Are Allies ready to send more weapons?

00:00:09.000 --> 00:00:12.000
<v Jens Stoltenberg>Allies are determined to provide further support to Ukraine.
"""


def read(folder: Path, name: str, text: str) -> tuple[Document | None, list[str]]:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8", newline="")
    corpus = load_corpus(folder)
    reasons = [item.reason for item in corpus.skipped]
    return (corpus.documents[0] if corpus.documents else None), reasons


def words_in_place(document: Document, file_text: str) -> bool:
    """Every character the pipeline reads is the file's own at that offset."""
    return len(document.text) == len(file_text) and all(
        char == file_text[index] for index, char in enumerate(document.text) if not char.isspace()
    )


def test_srt_is_read_as_its_cues_words_only(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.srt", SRT)
    assert document is not None
    assert " ".join(document.text.split()) == (
        "We now see a significant movement of troops away from Kyiv. "
        "To regroup, rearm and resupply. And they shift their focus to the east."
    )


def test_srt_words_keep_their_offsets_in_the_file(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.srt", SRT.replace("\n", "\r\n"))
    assert document is not None
    assert words_in_place(document, SRT.replace("\n", "\r\n"))


def test_vtt_leaves_out_header_notes_styles_settings_tags_and_time_stamps(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.vtt", VTT)
    assert document is not None
    assert " ".join(document.text.split()) == (
        "Jens Stoltenberg: We now see a significant movement of troops away from Kyiv. "
        "Andrew Gray: Are Allies ready to send more weapons? "
        "Jens Stoltenberg: Allies are determined to provide further support to Ukraine."
    )


def test_vtt_voice_tags_become_the_transcript_turns(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.vtt", VTT)
    assert document is not None
    found = [(turn.speaker, " ".join(document.text[turn.start:turn.end].split()))
             for turn in turns(document.text)]
    assert found[1:] == [
        ("Jens Stoltenberg", "We now see a significant movement of troops away from Kyiv."),
        ("Andrew Gray", "Are Allies ready to send more weapons?"),
        ("Jens Stoltenberg", "Allies are determined to provide further support to Ukraine."),
    ]


def test_a_sentence_that_runs_over_cues_is_one_sentence(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.srt", SRT)
    assert document is not None
    sentences = segment(0, document.text, build_segmenter([document.text]))
    assert [" ".join(document.text[s.start:s.end].split()) for s in sentences] == [
        "We now see a significant movement of troops away from Kyiv.",
        "To regroup, rearm and resupply.",
        "And they shift their focus to the east.",
    ]


# YouTube's automatic captions: each cue repeats the line of the one before,
# and a cue's empty line is a single space.
ROLLING = """WEBVTT

00:00:00.000 --> 00:00:02.000 align:start position:0%
{space}
we now see a significant<00:00:00.900><c> movement</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
we now see a significant movement
{space}

00:00:02.010 --> 00:00:04.000 align:start position:0%
we now see a significant movement
of troops away from kyiv

00:00:04.000 --> 00:00:06.000 align:start position:0%
of troops away from kyiv
to regroup rearm and resupply
""".format(space=" ")


def test_rolling_captions_read_each_line_once(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "auto.vtt", ROLLING)
    assert document is not None
    assert " ".join(document.text.split()) == (
        "we now see a significant movement of troops away from kyiv "
        "to regroup rearm and resupply"
    )


def test_unpunctuated_captions_are_a_sentence_a_cue_not_one_for_the_file(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "auto.vtt", ROLLING)
    assert document is not None
    sentences = segment(0, document.text, build_segmenter([document.text]))
    assert [" ".join(document.text[s.start:s.end].split()) for s in sentences] == [
        "we now see a significant movement",
        "of troops away from kyiv",
        "to regroup rearm and resupply",
    ]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        pytest.param("a.vtt", "1\n00:00:01.000 --> 00:00:02.000\nWe now see.\n",
                     "not a WebVTT file: its first line is '1', not WEBVTT", id="vtt-no-header"),
        pytest.param("a.srt", "Transcript\n\n1\n00:00:01,000 --> 00:00:02,000\nWe now see.\n",
                     "line 1: 'Transcript' comes before the first cue; an SRT file opens "
                     "with a cue number and a timing line", id="srt-text-before-cues"),
        pytest.param("a.srt", "We now see a significant movement.\n",
                     "line 1: 'We now see a significant movement.' comes before the first "
                     "cue; an SRT file opens with a cue number and a timing line",
                     id="srt-plain-text"),
        pytest.param("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nWe now see\n\n"
                     "2\n00:00:02:000 --> 00:00:04:000\na significant movement.\n",
                     "line 6: '00:00:02:000 --> 00:00:04:000' is not a cue timing such as "
                     "00:00:01,000 --> 00:00:04,000", id="srt-bad-timing"),
        pytest.param("a.srt", "\r\rTranscript\r\rWe now see.\r",
                     "line 3: 'Transcript' comes before the first cue; an SRT file opens "
                     "with a cue number and a timing line", id="srt-cr-text"),
        pytest.param("a.vtt", "WEBVTT\n\nNOTE nothing yet\n",
                     "no caption cues (no timing line such as 00:00:01,000 --> 00:00:04,000)",
                     id="vtt-no-cues"),
        pytest.param("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n"
                     "2\n00:00:02,000 --> 00:00:03,000\n\n",
                     "no text in its 2 caption cues", id="srt-empty-cues"),
    ],
)
def test_malformed_caption_file_is_skipped_with_the_problem(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    document, reasons = read(tmp_path, name, text)
    assert document is None
    assert reasons == [reason]


def test_audit_finds_a_quotation_in_captions_at_the_file_offsets(tmp_path: Path) -> None:
    (tmp_path / "statement.srt").write_text(SRT, encoding="utf-8")
    (tmp_path / "article.txt").write_text(
        "Nato Secretary General Jens Stoltenberg said on Tuesday: “We now see a significant "
        "movement of troops away from Kyiv, to regroup, rearm and resupply.”\n",
        encoding="utf-8",
    )
    report = audit(tmp_path, reference_globs=("*.srt",))
    (quote,) = report.quotes
    assert quote.label == "cosmetic"
    assert quote.source is not None
    start, end = quote.source.start, quote.source.end
    assert SRT[start:end].startswith("We now see")
    assert SRT[start:end].endswith("resupply.")
    assert " ".join(quote.source.text.split()) == (
        "We now see a significant movement of troops away from Kyiv. "
        "To regroup, rearm and resupply.")


@pytest.mark.parametrize(("captions", "suffix"),
                         [pytest.param(SRT, ".srt", id="srt"), pytest.param(VTT, ".vtt", id="vtt"),
                          pytest.param(SRT.replace("\n", "\r"), ".srt", id="srt-cr")])
def test_a_caption_file_saved_as_text_is_read_as_captions(
    tmp_path: Path, captions: str, suffix: str
) -> None:
    as_text, _ = read(tmp_path / "text", "statement.txt", captions)
    as_captions, _ = read(tmp_path / "captions", "statement" + suffix, captions)
    assert as_text is not None and as_captions is not None
    assert as_text.text == as_captions.text


def test_a_text_that_only_opens_with_a_number_is_the_whole_file(tmp_path: Path) -> None:
    text = "1\nWe now see a significant movement of troops away from Kyiv.\n"
    document, _ = read(tmp_path, "list.txt", text)
    assert document is not None
    assert document.text == text


# Broadcast captions: chevrons and the speaker's name in capitals open a
# new speaker's words, inside a cue's lines.
BROADCAST = """1
00:00:01,000 --> 00:00:03,000
>> JENS STOLTENBERG: We now see
a significant movement of troops

2
00:00:03,000 --> 00:00:05,000
away from Kyiv.

3
00:00:05,000 --> 00:00:07,000
>> ANDREW GRAY: Can you tell us
concretely what Allies are going to do?

4
00:00:07,000 --> 00:00:09,000
JENS STOLTENBERG: Allies understand the urgency.
"""


def test_a_label_a_caption_line_opens_with_starts_a_turn(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "broadcast.srt", BROADCAST)
    assert document is not None
    found = [(turn.speaker, " ".join(document.text[turn.start:turn.end].split()))
             for turn in turns(document.text) if turn.speaker]
    assert found == [
        ("JENS STOLTENBERG", "We now see a significant movement of troops away from Kyiv."),
        ("ANDREW GRAY", "Can you tell us concretely what Allies are going to do?"),
        ("JENS STOLTENBERG", "Allies understand the urgency."),
    ]


def test_a_line_of_spaces_inside_a_webvtt_cue_does_not_end_it(tmp_path: Path) -> None:
    # A cue of YouTube's automatic captions: its first line is a space.
    document, reasons = read(tmp_path, "auto.vtt", (
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000 align:start position:0%\n \n"
        "we now see a significant<00:00:00.900><c> movement</c>\n\n"
        "00:00:02.000 --> 00:00:04.000 align:start position:0%\n \n"
        "of troops away from kyiv\n"))
    assert reasons == []
    assert document is not None
    assert " ".join(document.text.split()) == (
        "we now see a significant movement of troops away from kyiv")


def test_a_topic_and_colon_inside_a_sentence_over_cues_is_no_label(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.srt", (
        "1\n00:00:01,000 --> 00:00:02,000\nWe discussed the support we give to\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nUkraine: it needs more air defence,\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nand Allies will deliver.\n"))
    assert document is not None
    assert [turn.speaker for turn in turns(document.text, "Remarks by Jens Stoltenberg")] == [
        "Jens Stoltenberg"]


def test_a_webvtt_file_named_srt_is_read_as_webvtt(tmp_path: Path) -> None:
    as_srt, reasons = read(tmp_path / "srt", "statement.srt", VTT)
    as_vtt, _ = read(tmp_path / "vtt", "statement.vtt", VTT)
    assert reasons == []
    assert as_srt is not None and as_vtt is not None
    assert as_srt.text == as_vtt.text


def test_descriptions_of_sounds_and_music_are_no_words(tmp_path: Path) -> None:
    document, _ = read(tmp_path, "statement.srt", (
        "1\n00:00:01,000 --> 00:00:04,000\nNATO Allies are supporting investigations.\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\n[APPLAUSE]\n\n"
        "3\n00:00:06,000 --> 00:00:09,000\nIncluding through the United Nations,\n"
        "(audience cheering) and the International Criminal Court.\n\n"
        "4\n00:00:09,000 --> 00:00:12,000\n♪ music playing ♪\n\n"
        "5\n00:00:12,000 --> 00:00:14,000\nAndrew Gray (Reuters): Thank you.\n"))
    assert document is not None
    assert " ".join(document.text.split()) == (
        "NATO Allies are supporting investigations. Including through the United Nations, "
        "and the International Criminal Court. Andrew Gray (Reuters): Thank you.")
