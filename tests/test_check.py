"""``dedup check``: one quotation someone read or heard, against the record."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import COURT, input_path

import dedup
from dedup.checked import CHECKED_PATH, checked_document
from dedup.cli import main
from dedup.errors import ConfigError
from dedup.report.json_writer import report_json

TRANSCRIPT = input_path("000").read_text(encoding="utf-8")
BRUSSELS = input_path("004").read_text(encoding="utf-8")
WAR_CRIME = "Targeting and murdering civilians is a war crime."
# A journalist's question in the Brussels transcript, not the Secretary General's words.
QUESTION = ("Can you tell us concretely what Allies are going to do in order to provide more "
            "air defence, particularly patriots, for Ukraine?")
TRANSCRIPTS = [input_path(prefix).name for prefix in ("000", "003", "004")]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- the text to check -------------------------------------------------------------------


def test_a_text_without_marks_is_one_quotation_said_by_the_speaker_given() -> None:
    document = checked_document(f"  {WAR_CRIME}\n", "Jens  Stoltenberg", "d4")
    assert document.text == f"Jens Stoltenberg said: “{WAR_CRIME}”"
    assert (document.id, document.path, document.role) == ("d4", CHECKED_PATH, "media")


def test_a_passage_that_quotes_is_checked_as_written() -> None:
    passage = f'Stoltenberg told reporters: "{WAR_CRIME}"'
    assert checked_document(passage, None, "d1").text == passage
    with pytest.raises(ConfigError, match="a speaker is given"):
        checked_document(passage, "Stoltenberg", "d1")  # the passage names its own speaker


def test_a_quotation_that_names_its_speaker_after_it_refuses_another() -> None:
    attributed = f"“{WAR_CRIME[:-1]},” said Andrew Gray."
    assert checked_document(attributed, None, "d1").text == attributed
    with pytest.raises(ConfigError, match="names who said it"):
        checked_document(attributed, "Stoltenberg", "d1")


def test_a_quotation_given_in_its_marks_gets_the_speaker_given() -> None:
    assert checked_document(f"“{WAR_CRIME}”", "Stoltenberg", "d1").text == (
        f"Stoltenberg said: “{WAR_CRIME}”")


@pytest.mark.parametrize("text", [" \n ", '""', "“ ”", "..."])
def test_a_text_without_words_is_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="no words to check"):
        checked_document(text, None, "d1")


# --- the verdicts ------------------------------------------------------------------------


def test_an_inserted_not_is_a_material_negation_against_the_transcript(inputs_dir: Path) -> None:
    report = dedup.check(WAR_CRIME.replace("is a", "is not a"), inputs_dir,
                         speaker="Jens Stoltenberg")
    (quote,) = report.quotes
    assert (quote.label, quote.speaker) == ("altered", "Jens Stoltenberg")
    assert [(e.op, e.variant, e.material) for e in quote.edits] == [("insert", "not", "negation")]
    assert quote.source is not None
    source = report.documents[int(quote.source.doc[1:]) - 1]
    assert source.path == input_path("000").name
    assert source.text[quote.source.start:quote.source.end] == WAR_CRIME
    assert TRANSCRIPT.index(WAR_CRIME) == quote.source.start


def test_the_record_is_the_references_and_not_the_news_beside_them(inputs_dir: Path) -> None:
    report = dedup.check(WAR_CRIME, inputs_dir)
    assert [(d.path, d.role) for d in report.documents] == [
        *((name, "reference") for name in TRANSCRIPTS), (CHECKED_PATH, "media")]
    assert [d.id for d in report.documents] == ["d1", "d2", "d3", "d4"]


def test_a_folder_without_roles_is_all_of_it_the_record(tmp_path: Path) -> None:
    shutil.copy(input_path("004"), tmp_path / input_path("004").name)
    (quote,) = dedup.check(QUESTION, tmp_path).quotes
    assert (quote.label, quote.fidelity) == ("verbatim", 1.0)


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_a_transcripts_own_title_line_names_its_speaker_without_a_manifest(
        tmp_path: Path, prefix: str) -> None:
    # 000 labels its turns "NATO Secretary General:", 003 has no labels; each
    # one's first lines say "Press conference by NATO Secretary General Jens
    # Stoltenberg ...". Without the manifest's title, no one was said to have
    # spoken, and the words given to Putin were verbatim.
    shutil.copy(input_path(prefix), tmp_path / input_path(prefix).name)
    words = WAR_CRIME if prefix == "000" else "We must not underestimate Russia."
    (quote,) = dedup.check(words, tmp_path, speaker="Putin").quotes
    assert quote.label == "misattributed"
    (same,) = dedup.check(words, tmp_path, speaker="Jens Stoltenberg").quotes
    assert same.label != "misattributed"
    assert same.fidelity is not None and same.fidelity > 0.9


def test_a_journalists_question_given_to_the_secretary_general_is_misattributed(
        inputs_dir: Path) -> None:
    (quote,) = dedup.check(QUESTION, inputs_dir, speaker="Jens Stoltenberg").quotes
    assert quote.label == "misattributed"
    assert quote.source is not None
    assert quote.source.speaker == "Andrew Gray (Reuters)"
    assert BRUSSELS[quote.source.start:quote.source.end] == QUESTION


# --- the command -------------------------------------------------------------------------


def test_check_prints_the_verdict_the_edits_and_where_the_record_has_the_words(
        runner: CliRunner, inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", WAR_CRIME.replace("is a", "is not a"),
                                  str(inputs_dir), "--speaker", "Jens Stoltenberg"])
    assert result.exit_code == 0, result.output
    line = TRANSCRIPT[:TRANSCRIPT.index(WAR_CRIME)].count("\n") + 1
    start = TRANSCRIPT.index(WAR_CRIME)
    assert result.stdout.splitlines() == [
        "“Targeting and murdering civilians is not a war crime.”",
        "  Jens Stoltenberg: altered, fidelity 0.62",
        "  Edits: added “not” (negation)",
        f"  Source: {input_path('000').name} line {line}, chars {start}-{start + len(WAR_CRIME)}"
        " (NATO, 2022-04-05), said by NATO Secretary General:",
        f"    {WAR_CRIME}",
    ]


FOUNDING = "Today marks 75 years since NATO’s founding."


def test_a_splice_of_two_transcripts_says_where_each_of_its_passages_is(
        runner: CliRunner, inputs_dir: Path) -> None:
    # Two sentences of two press conferences, two years apart, glued as one.
    # Before, only the first transcript's sentence was the source, and the
    # edits said "left out …": nothing told where the second half came from.
    report = dedup.check(f"{WAR_CRIME} {FOUNDING}", inputs_dir, speaker="Jens Stoltenberg")
    (quote,) = report.quotes
    assert quote.label == "altered" and "spliced" in quote.flags
    texts = {doc.id: doc.text for doc in report.documents}
    paths = {doc.id: doc.path for doc in report.documents}
    assert [(paths[p.doc], p.text) for p in quote.passages] == [
        (input_path("000").name, WAR_CRIME), (input_path("004").name, FOUNDING)]
    assert all(texts[p.doc][p.start:p.end] == p.text for p in quote.passages)
    assert quote.source is not None and quote.source.doc == quote.passages[0].doc
    assert quote.passages[1].speaker == "NATO Secretary General Jens Stoltenberg"
    lines = runner.invoke(main, ["check", f"{WAR_CRIME} {FOUNDING}", str(inputs_dir),
                                 "--speaker", "Jens Stoltenberg"]).stdout.splitlines()
    assert lines[2] == ("  Edits: joined passages the record has in another order, or in "
                        "another document")  # was: left out “…”
    assert lines[3] == "  Sources, its 2 passages in its order:"
    assert lines[4].startswith(f"  1. {input_path('000').name} line 16, chars ")
    assert lines[6].startswith(f"  2. {input_path('004').name} line 13, chars ")
    assert lines[7] == f"    {FOUNDING}"


def test_a_quotation_of_one_passage_has_it_as_its_source(inputs_dir: Path) -> None:
    (quote,) = dedup.check(WAR_CRIME, inputs_dir, speaker="Jens Stoltenberg").quotes
    assert quote.passages == (quote.source,)
    (unsourced,) = dedup.check("We will build a wall along the river.", inputs_dir).quotes
    assert unsourced.label == "unsourced" and unsourced.passages == ()


def test_check_reads_standard_input_and_fails_on_a_label(runner: CliRunner,
                                                         inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", "-", str(inputs_dir), "--fail-on", "misattributed",
                                  "-q"], input=f'Mr Stoltenberg said: "{QUESTION}"\n')
    assert result.exit_code == 4, result.output
    assert result.stdout.splitlines()[1] == "  Mr Stoltenberg: misattributed, fidelity 1.00"
    assert result.stderr == "dedup: quotations labelled misattributed (--fail-on)\n"


def test_check_writes_the_audit_report_when_asked(runner: CliRunner, inputs_dir: Path,
                                                  tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", WAR_CRIME, str(inputs_dir), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [q["label"] for q in report["quotes"]] == ["verbatim"]
    assert report["documents"][-1]["path"] == CHECKED_PATH
    assert (tmp_path / "quotes.csv").is_file() and (tmp_path / "report.html").is_file()


def test_check_prints_the_report_as_json_for_a_newsrooms_tools(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", WAR_CRIME.replace("is a", "is not a"), str(inputs_dir),
                                  "--speaker", "Stoltenberg", "--json", "--out", str(tmp_path),
                                  "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (tmp_path / "report.json").read_text(encoding="utf-8")
    report = json.loads(result.stdout)
    (quote,) = report["quotes"]
    paths = {document["id"]: document["path"] for document in report["documents"]}
    assert (quote["label"], quote["speaker"], [e["material"] for e in quote["edits"]]) == (
        "altered", "Stoltenberg", ["negation"])
    assert (paths[quote["source"]["doc"]], quote["source"]["line"]) == (
        input_path("000").name, 16)


def test_a_reference_glob_that_matches_nothing_leaves_no_record(runner: CliRunner,
                                                                inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", WAR_CRIME, str(inputs_dir), "--reference", "x*",
                                  "-q"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --reference 'x*' matches no document of ")


def test_an_empty_text_is_a_usage_error(runner: CliRunner, inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", " ", str(inputs_dir)])
    assert result.exit_code == 2
    assert "no words to check" in result.stderr


def test_words_the_record_does_not_have_are_unsourced(runner: CliRunner,
                                                      inputs_dir: Path) -> None:
    # Biden's words at the March summit, in the news snippets: no transcript has them.
    biden = "The nature of the response will depend on the nature of the use."
    assert biden in input_path("002").read_text(encoding="utf-8")
    result = runner.invoke(main, ["check", biden, str(inputs_dir), "--speaker", "Joe Biden"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"“{biden}”",
        "  Joe Biden: unsourced: fewer than half of its words are in its speaker's turns of the "
        "record (3 reference documents)",
    ]


def test_one_or_two_words_are_shown_as_short(runner: CliRunner, inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", "war crime", str(inputs_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "  verbatim, fidelity 1.00 (trimmed, short)"


def test_each_paragraph_of_a_text_without_marks_is_a_claim_of_its_own(runner: CliRunner,
                                                                     inputs_dir: Path) -> None:
    claims = (f"{WAR_CRIME.replace('is a', 'is not a')}\n\n"
              "We now see a significant movement\nof troops away from Kyiv.\n\n"  # hard-wrapped
              f"{QUESTION}\n")
    assert checked_document(claims, "Stoltenberg", "d4").text.count("Stoltenberg said: “") == 3
    result = runner.invoke(main, ["check", "-", str(inputs_dir), "--speaker", "Stoltenberg"],
                           input=claims)
    assert result.exit_code == 0, result.output
    verdicts = [line for line in result.stdout.splitlines() if line.startswith("  Stoltenberg")]
    assert verdicts == ["  Stoltenberg: altered, fidelity 0.62",
                        "  Stoltenberg: verbatim, fidelity 1.00",
                        "  Stoltenberg: misattributed, fidelity 1.00"]
    assert result.stdout.count("\n\n“") == 2  # a blank line between quotations


def test_words_two_people_said_together_are_not_misattributed_to_either(
        inputs_dir: Path) -> None:
    # "Stoltenberg and Blinken said" gave the words to Blinken alone: found
    # in Stoltenberg's turn, they were misattributed.
    joint = f"Jens Stoltenberg and Antony Blinken said in a joint statement: “{WAR_CRIME}”"
    (quote,) = dedup.check(joint, inputs_dir).quotes
    assert quote.speaker == "Jens Stoltenberg and Antony Blinken"
    assert quote.label == "verbatim"
    other = joint.replace("Jens Stoltenberg", "Sergei Lavrov")
    assert dedup.check(other, inputs_dir).quotes[0].label == "misattributed"


def test_words_a_court_report_narrates_are_not_given_to_the_last_labelled_witness(
        tmp_path: Path) -> None:
    (tmp_path / "court.txt").write_text(COURT, encoding="utf-8")
    words = "invention from start to finish, a story told to save your career"
    (quote,) = dedup.check(words, tmp_path, speaker="Mr Grant").quotes
    assert quote.label == "verbatim"  # was misattributed: Mr Hale's turn held them
    assert quote.source is not None and quote.source.speaker is None
    (hale,) = dedup.check("I told him what the general had told me.", tmp_path,
                          speaker="Mr Grant").quotes
    assert hale.label == "misattributed" and hale.source is not None
    assert hale.source.speaker == "Mr Hale"


# --- many quotations against one record: dedup.Checker ------------------------------------

WAR_CRIME_DENIED = WAR_CRIME.replace("is a", "is not a")
BIDEN = "The nature of the response will depend on the nature of the use."
# Verbatim; altered, with its speaker; a question given to the wrong speaker; words no
# transcript has; a passage quoting two speakers; a text refused (it names its speaker).
CHECKS: list[tuple[str, str | None]] = [
    (WAR_CRIME, None),
    (WAR_CRIME_DENIED, "Jens Stoltenberg"),
    (QUESTION, "Jens Stoltenberg"),
    (BIDEN, "Joe Biden"),
    (f'Stoltenberg said: "{WAR_CRIME}" Andrew Gray asked him: "{QUESTION}"', None),
    (f"“{WAR_CRIME[:-1]},” said Andrew Gray.", "Stoltenberg"),
]


def _report_bytes(check: Callable[[str, str | None], dedup.Report], text: str,
                  speaker: str | None) -> str:
    """report.json's text for one check, or the error it raised."""
    try:
        return "".join(report_json(check(text, speaker)))
    except ConfigError as error:
        return f"ConfigError: {error}"


@pytest.mark.parametrize("order", [pytest.param(1, id="in-order"),
                                   pytest.param(-1, id="reversed")])
@pytest.mark.parametrize("jobs", [pytest.param(None, id="default-jobs"),
                                  pytest.param(1, id="jobs-1")])
def test_a_checker_gives_the_bytes_of_a_fresh_check_in_any_order(
        inputs_dir: Path, order: int, jobs: int | None) -> None:
    checker = dedup.Checker(inputs_dir, jobs=jobs)
    reports = {(text, speaker): _report_bytes(checker.check, text, speaker)
               for text, speaker in CHECKS[::order]}
    for text, speaker in CHECKS:
        fresh = _report_bytes(
            lambda text, speaker: dedup.check(text, inputs_dir, speaker=speaker, jobs=jobs),
            text, speaker)
        assert reports[text, speaker] == fresh
    assert reports[CHECKS[-1]].startswith("ConfigError: a speaker is given")


def test_a_checker_checks_a_text_again_as_the_first_time(inputs_dir: Path) -> None:
    checker = dedup.Checker(inputs_dir)
    first = [_report_bytes(checker.check, text, speaker) for text, speaker in CHECKS]
    again = [_report_bytes(checker.check, text, speaker) for text, speaker in CHECKS]
    assert again == first
    (quote,) = checker.check(WAR_CRIME_DENIED, "Jens Stoltenberg").quotes
    assert (quote.id, quote.doc, quote.label) == ("q1", "d4", "altered")


# A record shorter than Punkt's training text: each checked text trains Punkt too. This
# one's "U.S. Officials" is one sentence until a text makes "Officials" a sentence starter.
BRIEFING = ("The minister spoke after talks in Washington with the U.S. Officials declined to "
            "say whether a deal was close. The minister said the talks had been useful and "
            "would go on next week.\n")
STARTERS = "Talks ended. Officials left. " * 10


def test_a_text_that_changes_how_a_short_record_is_cut_is_checked_as_on_its_own(
        tmp_path: Path) -> None:
    (tmp_path / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    texts = ["Officials declined to say whether a deal was close.", STARTERS,
             "Officials declined to say whether a deal was close."]
    checker = dedup.Checker(tmp_path)
    reports = [checker.check(text) for text in texts]
    for text, report in zip(texts, reports, strict=True):
        assert "".join(report_json(report)) == "".join(report_json(dedup.check(text, tmp_path)))
    # The record is cut in two sentences, then in three (a sentence more than the text's own).
    assert [report.stats["sentences"] for report in reports] == [3, 3 + 20, 3]


# Words either side of "U.S. Officials": joined across a sentence break once it is one.
JOINED = ("The minister spoke after talks in Washington. Officials declined to say whether a "
          "deal was close.")


@pytest.mark.parametrize("texts", [
    pytest.param([JOINED, f"{STARTERS}\n\n{JOINED}", JOINED], id="starters-second"),
    pytest.param([f"{STARTERS}\n\n{JOINED}", JOINED, f"{STARTERS}\n\n{JOINED}"],
                 id="starters-first"),
])
def test_a_checker_gives_the_quotes_an_audit_of_the_record_and_the_text_gives(
        tmp_path: Path, texts: list[str]) -> None:
    record = tmp_path / "record"
    record.mkdir()
    (record / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    checker = dedup.Checker(record)
    flags = []
    for text in texts:
        audited = tmp_path / "audited"
        shutil.copytree(record, audited, dirs_exist_ok=True)
        (audited / "zz_checked.txt").write_text(checked_document(text, None, "").text,
                                                encoding="utf-8")
        audit = dedup.audit(audited, reference_globs=("briefing.txt",))
        report = checker.check(text)
        assert (report.quotes, report.stats, report.overlap) == (
            audit.quotes, audit.stats, audit.overlap)
        flags.append(report.quotes[-1].flags)
    # Across the break the starters make, the two sentences are joined.
    assert flags == [(), ("joined",), ()] if texts[0] == JOINED else [("joined",), (), ("joined",)]


def test_a_checker_names_its_record_and_the_files_it_skipped(tmp_path: Path) -> None:
    shutil.copy(input_path("004"), tmp_path / input_path("004").name)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    checker = dedup.Checker(tmp_path)
    assert [(doc.id, doc.path, doc.role) for doc in checker.record] == [
        ("d1", input_path("004").name, "reference")]
    assert [skipped.path for skipped in checker.skipped] == ["broken.pdf"]
    assert checker.check(QUESTION).skipped == checker.skipped


def test_check_refuses_a_text_before_it_reads_the_record(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no words to check"):
        dedup.check(" ", tmp_path / "no such folder")


# --- dedup check --each --------------------------------------------------------------------


def _jsonl(*values: object) -> str:
    return "".join(json.dumps(value, ensure_ascii=False) + "\n" for value in values)


def test_each_line_gets_the_report_check_json_prints_for_that_text_alone(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    claims = [{"id": index, "text": text, **({"speaker": speaker} if speaker else {}),
               "sheet": "claims"} for index, (text, speaker) in enumerate(CHECKS[:-1])]
    (tmp_path / "claims.jsonl").write_text(_jsonl(*claims), encoding="utf-8")
    result = runner.invoke(main, ["check", "--each", str(tmp_path / "claims.jsonl"),
                                  str(inputs_dir), "-q"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(claims)
    for number, (line, claim) in enumerate(zip(lines, claims, strict=True), start=1):
        alone = runner.invoke(main, ["check", claim["text"], str(inputs_dir), "--json", "-q",
                                     *(["--speaker", claim["speaker"]] if "speaker" in claim
                                       else [])])
        assert json.loads(line) == {"line": number, "id": claim["id"], "sheet": "claims",
                                    "report": json.loads(alone.stdout)}
        report = json.loads(line)["report"]
        assert json.dumps(report, ensure_ascii=False, indent=2) + "\n" == alone.stdout
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))


def test_a_bad_line_gets_its_error_and_the_others_their_reports(
        runner: CliRunner, inputs_dir: Path) -> None:
    lines = ("not json\n"
             + _jsonl({"id": "a", "speaker": "Stoltenberg"}, {"id": "b", "text": " … "},
                      {"id": "c", "text": f"“{WAR_CRIME[:-1]},” said Andrew Gray.",
                       "speaker": "Stoltenberg"}, ["a list"], {"text": WAR_CRIME, "error": 1})
             + "\n"  # blank: no line out
             + _jsonl({"id": "d", "text": WAR_CRIME}))
    result = runner.invoke(main, ["check", "--each", "-", str(inputs_dir), "-q"], input=lines)
    assert result.exit_code == 3, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [{key: value for key, value in line.items() if key != "report"} for line in out] == [
        {"line": 1, "error": "not JSON: Expecting value at column 1"},
        {"line": 2, "id": "a", "error": 'no "text" field: give the quotation in it'},
        {"line": 3, "id": "b", "error": "no words to check"},
        {"line": 4, "id": "c", "error": "a speaker is given for a quotation without its "
         "attribution; this text quotes after other words, or names who said it: check it "
         "without --speaker, or give the quotation alone"},
        {"line": 5, "error": 'not a JSON object: give {"text": "..."}'},
        {"line": 6, "error": "the field 'error' is the output's own: rename it"},
        {"line": 8, "id": "d"},
    ]
    assert [quote["label"] for quote in out[-1]["report"]["quotes"]] == ["verbatim"]
    assert result.stderr == ('dedup: 6 lines of - could not be checked (see their "error")\n')


def test_each_line_of_plain_text_is_a_quotation_and_fail_on_counts_them_all(
        runner: CliRunner, inputs_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "verdicts.jsonl"
    result = runner.invoke(main, ["check", "--each", "-", "--each-format", "text",
                                  str(inputs_dir), "--out", str(out), "--fail-on", "unsourced",
                                  "-q"], input=f"{WAR_CRIME}\n\n{BIDEN}\r\n")
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(line["line"], [q["label"] for q in line["report"]["quotes"]]) for line in lines] == [
        (1, ["verbatim"]), (3, ["unsourced"])]
    assert result.stderr == "dedup: quotations labelled unsourced (--fail-on)\n"


@pytest.mark.parametrize(("text", "options", "message"), [
    pytest.param([WAR_CRIME], [], f"{WAR_CRIME!r} is no file or folder: give no TEXT with --each",
                 id="a-quote"),
    pytest.param([], ["--speaker", "Stoltenberg"], "--speaker is for one TEXT", id="a-speaker"),
])
def test_each_takes_no_text_and_no_speaker(runner: CliRunner, inputs_dir: Path, tmp_path: Path,
                                           text: list[str], options: list[str],
                                           message: str) -> None:
    (tmp_path / "claims.txt").write_text(f"{WAR_CRIME}\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--each", str(tmp_path / "claims.txt"),
                                  "--each-format", "text", *text, str(inputs_dir), *options])
    assert result.exit_code == 2
    assert message in result.stderr


def test_each_without_a_record_fails_before_reading_a_line(runner: CliRunner,
                                                           inputs_dir: Path) -> None:
    result = runner.invoke(main, ["check", "--each", "-", str(inputs_dir), "--reference", "x*",
                                  "-q"], input=_jsonl({"text": WAR_CRIME}))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: --reference 'x*' matches no document of ")


def test_a_check_interrupted_while_it_indexes_leaves_the_checker_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    checker = dedup.Checker(tmp_path)
    text = f"{STARTERS}\n\n{JOINED}"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:  # the record is cut anew, then indexing stops
        patch.setattr("dedup.pipeline.audit_matcher", interrupted)
        with pytest.raises(KeyboardInterrupt):
            checker.check(text)
    assert checker.check(text).quotes[-1].flags == ("joined",)
    assert checker.check(JOINED).quotes[-1].flags == ()
