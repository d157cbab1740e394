"""Shared fixtures: the bundled sample corpus and an NLTK with no data."""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

# The suite must pass without NLTK's punkt data, as on a fresh machine: point
# NLTK at an empty folder before anything imports it.
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="dedup-empty-nltk-")
atexit.register(shutil.rmtree, os.environ["NLTK_DATA"], ignore_errors=True)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# No timed tests: Hypothesis's per-example deadline fails on a busy machine.
settings.register_profile("dedup", deadline=None)
settings.load_profile("dedup")

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.fixture(scope="session")
def inputs_dir() -> Path:
    """The sample corpus shipped in ``inputs/``."""
    return INPUTS


def benchmark_module(name: str) -> ModuleType:
    """``benchmarks/<name>.py``, imported as a module (the benchmarks are scripts, no package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def speed() -> ModuleType:
    """``benchmarks/speed.py``, imported as a module."""
    return benchmark_module("speed")


def prepared_matches(texts: list[str]):  # type: ignore[no-untyped-def]
    """The per-document stages' output for ``texts`` and their verified matches, as scanned."""
    from dedup.candidates import bands, class_key_pairs, verify_ranges
    from dedup.cluster import overlap_free
    from dedup.config import ScanConfig
    from dedup.prepare import Settings, prepare
    from dedup.segment import build_segmenter

    config = ScanConfig()
    number, width = bands(config.threshold, config.num_perm)
    settings = Settings(config.shingle_size, config.num_perm, config.seed, config.min_words,
                        config.max_window, bands=(number, width))
    prepared = prepare(texts, build_segmenter(texts), settings, jobs=1)
    pairs = class_key_pairs(prepared.band_keys)
    apart = overlap_free(pairs, prepared.doc, prepared.start, prepared.end)
    matches, _ = verify_ranges(pairs, prepared.fingerprints, prepared.ranges,
                               threshold=config.threshold, sizes=prepared.sizes, apart=apart)
    return prepared, matches


def input_path(prefix: str) -> Path:
    """The sample document whose file name starts with ``prefix`` ("000" ...)."""
    (match,) = sorted(INPUTS.glob(f"{prefix}_*.txt"))
    return match


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*/expected.json from the current output",
    )


HOSTILE = (
    "The minister said <script>document.title='pwned-script'</script> that the plan "
    "<img src=x onerror=document.title='pwned-img'> will certainly work </textarea> "
    "as <a href=javascript:document.title='pwned-link'>announced</a> by the "
    "government on Monday morning."
)
"""A sentence full of markup that must show as text, never run, in every report."""


def write_hostile_corpus(folder: Path) -> Path:
    """Two records quoting the hostile sentence, with hostile metadata; returns the folder."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {"id": "release", "text": HOSTILE + "\nEnd of release.", "role": "reference",
         "outlet": "<b onmouseover=\"document.title='pwned-outlet'\">Gov</b>",
         "title": "</title><script>document.title='pwned-title'</script>",
         "url": "javascript:document.title='pwned-url'"},
        {"id": "story", "text": "Reports say that " + HOSTILE.replace("will", "would"),
         "outlet": "Daily <i>Paper</i> & Co", "title": "A story",
         "url": "https://example.org/story?a=1&b=<2>"},
    ]
    with (folder / "docs.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return folder


# Agency copy of a court's exchanges, hard-wrapped, in the style of the
# Press Association's: labelled quotations with the reporter's words between.
COURT = (
    "Mr Grant: ``Did you not tell the minister that the tanks had already left\n"
    "the base?''<\n"
    "Mr Hale told him: ``I told him what the general had told me.''<\n"
    "The lawyer suggested it was an ``invention from start to finish, a story told to save\n"
    "your career''.<\n"
    "Mr Hale: ``No, I was told it by the general himself.''<\n"
    "He added: ``I stand by every word.''<\n"
    "The brother of the soldier, 39-year-old Tom, said of\n"
    "Hale: ``He should resign today.''<\n"
)


def write_dataset(inputs: Path, folder: Path) -> Path:
    """The sample corpus as a JSONL dataset of two part files, fields named doc_id and body.

    Part 1 holds the first records; part 0 the rest, a record without its
    text, a line that is not JSON and a record that repeats an id.
    """
    import json

    records = [{"doc_id": p.stem, "body": p.read_text(encoding="utf-8"), "outlet": "NATO"}
               for p in sorted(inputs.glob("*.txt"))]
    folder.mkdir()
    lines = [json.dumps(r) for r in records[3:]]
    lines += [json.dumps({"doc_id": "no-text"}), "{not json", json.dumps(records[0])]
    (folder / "part-0.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "part-1.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records[:3]) + "\n", encoding="utf-8")
    (folder / "_SUCCESS").write_text("", encoding="utf-8")
    return folder


def write_sample_dataset(inputs: Path, folder: Path) -> Path:
    """The sample corpus as JSONL: ``all.jsonl`` (transcripts with role reference), ``media.jsonl``.

    And ``transcripts/``, the transcripts' files beside the datasets.
    """
    import json

    folder.mkdir()
    (folder / "transcripts").mkdir()
    every, media = [], []
    for path in sorted(inputs.glob("*.txt")):
        record = {"doc_id": path.stem, "body": path.read_text(encoding="utf-8")}
        if "transcript" in path.name:
            shutil.copy(path, folder / "transcripts" / path.name)
            every.append({**record, "role": "reference"})
        else:
            every.append(record)
            media.append(record)
    for name, records in (("all.jsonl", every), ("media.jsonl", media)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records),
                                   encoding="utf-8")
    return folder


def write_syndicated(inputs: Path, folder: Path, copies: int) -> Path:
    """The Sofia Globe article as a wire story ``copies`` papers print, each editing its words.

    Each paper changes one word in twelve to another word of the story, so
    every copy of a sentence differs a little from the others: the buckets
    of its band keys hold many near-identical rows.
    """
    import random

    words = (inputs / "001_sofia_globe_2022-04-05_article.txt").read_text(
        encoding="utf-8").split(" ")
    rng = random.Random(5)
    folder.mkdir()
    for number in range(copies):
        edited = list(words)
        for at in rng.sample(range(len(words)), len(words) // 12):
            edited[at] = rng.choice(words)
        (folder / f"paper_{number:03d}.txt").write_text(" ".join(edited), encoding="utf-8")
    return folder


def write_story_quoted(folder: Path) -> Path:
    """The Bucha paragraph of inputs/000 as a reference, and three papers quoting it.

    The papers share its long sentence "This is unbearable brutality ..."
    and, as a paragraph of its own, the six words "All the facts must be
    established.": a short quotation of one story in four documents.
    """
    transcript = (INPUTS / "000_nato_pre_ministerial_2022-04-05_transcript.txt").read_text(
        encoding="utf-8")
    paragraph = transcript[transcript.index("We have all seen"):
                           transcript.index("\n\nNATO Allies are supporting")]
    quote = "“All the facts must be established.”"
    papers = {
        "paper_a.txt": "Stoltenberg said: “This is unbearable brutality that Europe has not "
                       "witnessed in many decades.”\n\nHe spoke in Brussels on Tuesday.\n\n",
        "paper_b.txt": "The NATO chief called the killings “unbearable brutality that Europe "
                       "has not witnessed in many decades”.\n\nMinisters meet on Wednesday.\n\n",
        "paper_c.txt": "“This is unbearable brutality that Europe has not witnessed in many "
                       "decades,” Stoltenberg told reporters.\n\nAllies back the inquiry.\n\n",
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "transcript.txt").write_text(paragraph, encoding="utf-8")
    for name, text in papers.items():
        (folder / name).write_text(text + quote + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\ntranscript.txt,reference\n" + "".join(f"{name},media\n" for name in papers),
        encoding="utf-8")
    return folder


def write_formula(folder: Path) -> Path:
    """inputs/003's "But we must not underestimate Russia." closing three statements.

    Each is cut from a different transcript (inputs/003, 004 and 000), so
    the short line is all the three documents share: a stock formula.
    """
    line = "But we must not underestimate Russia."

    def cut(prefix: str, first: str, last: str) -> str:
        text = next(INPUTS.glob(f"{prefix}_*")).read_text(encoding="utf-8")
        return text[text.index(first): text.index(last) + len(last)]

    statements = {
        "2022-11-30.txt": cut("003", "Ukraine has made", line),
        "2024-04-04.txt": cut("004", "The situation on the battlefield", "and more aid.")
        + "\n" + line,
        "2022-04-05.txt": cut("000", "NATO Foreign Ministers will meet", "war against Ukraine.")
        + "\n" + line,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in statements.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


WIRE_STORIES = {
    "ferry1.txt": ("14:05", "Ferry", "FERRY FIRM FINED AFTER HARBOUR CRASH", "Helen Marsh", [
        "A ferry operator was fined £250,000 today after one of its vessels struck a harbour "
        "wall, injuring 14 passengers.",
        "Southampton Crown Court heard that the captain had been working for 19 hours without "
        "a break.",
        "Judge Peter Crane said the company had put profit before the safety of the "
        "travelling public.",
        "The firm, which admitted breaching health and safety laws, was also ordered to pay "
        "costs of £40,000."]),
    "arson2.txt": ("16:41", "Arson", "TEENAGER ADMITS SETTING FIRE TO SCHOOL", "Martin Doyle", [
        "A teenager who set fire to his former primary school causing damage worth £2 million "
        "will be sentenced next month.",
        "The 17-year-old, who cannot be named for legal reasons, pleaded guilty at Leeds Youth "
        "Court.",
        "Prosecutors said he had climbed through a window and started the blaze in the school "
        "library.",
        "Firefighters spent six hours bringing the flames under control, the court was told."]),
    "nurse1.txt": ("11:12", "Nurse", "NURSE STRUCK OFF OVER DRUGS THEFT", "Anna Pryce", [
        "A nurse who stole painkillers from a hospice where she worked has been struck off the "
        "register.",
        "A disciplinary panel in London found that she had taken the drugs on at least 30 "
        "occasions.",
        "She told the hearing she had become addicted after a back injury suffered at work.",
        "The hospice said it had tightened its procedures for storing controlled drugs since "
        "the thefts."]),
    "pension1.txt": ("09:30", "Pension", "WIDOW WINS PENSION FIGHT", "Gareth Lyle", [
        "A widow has won her fight to receive the pension of her late husband after a "
        "four-year legal battle.",
        "Three Appeal Court judges ruled that the scheme's trustees had wrongly refused to pay "
        "her.",
        "Her solicitor said the ruling could help hundreds of other widows in the same position.",
        "The trustees said they would study the judgment carefully before deciding whether to "
        "appeal."]),
}
"""Four unrelated court stories as a news agency's feed files them: time, catchline,
headline, reporter, sentences."""


def wire_header(time: str, catchline: str) -> str:
    """The feed's header line of a story filed at ``time`` on 3 February 2001."""
    return f"{time} 03/02/01: Page 1 (HHH) COURTS {catchline}"


def write_wire_stories(folder: Path) -> Path:
    """``WIRE_STORIES`` as the feed's plain-text files: rules, header line, ``<`` line ends.

    The stories share nothing but the feed's furniture: the header line,
    the same frame with each story's time and catchline, and the byline's
    ``By ..., PA News``.
    """
    rule = "  " + "-" * 72
    folder.mkdir(parents=True, exist_ok=True)
    for name, (time, catchline, headline, reporter, sentences) in WIRE_STORIES.items():
        lines = [rule, "", rule, "", " " * 18 + wire_header(time, catchline), rule,
                 f"{headline}<", f"By {reporter}, PA News<", *(f"{s}<" for s in sentences)]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def copy_with_line_ends(folder: Path, line_end: str) -> Path:
    """``inputs/`` copied to ``folder`` with every line break written as ``line_end``."""
    folder.mkdir(parents=True)
    for path in sorted(INPUTS.iterdir()):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_bytes(text.replace("\n", line_end).encode("utf-8"))
    return folder


def many_sources(data: dict[str, Any], count: int) -> dict[str, Any]:
    """A report of the sample's c17 with its altered copy in ``count - 1`` files.

    ``data`` is the sample's report; the files name no outlet and have
    METER-like paths, so each is an outlet of its own.
    """
    cluster = next(c for c in data["clusters"] if c["id"] == "c17")
    original = cluster["members"][cluster["canonical"]]
    altered = next(m for m in cluster["members"] if m["label"] == "altered")
    docs = [{"id": f"d{i}", "path": f"newspapers_rawtexts_courts_01.03.00_burstein{i}_times.txt",
             "role": "media", "chars": 20000} for i in range(1, count + 1)]
    members = [{**original, "doc": "d1"}] + [{**altered, "doc": d["id"]} for d in docs[1:]]
    return {"documents": docs,
            "clusters": [{**cluster, "canonical": 0, "documents": count, "members": members}]}


# Sentences of the Bucharest transcript (inputs/003) as a PDF converter gives
# them: hard-wrapped, a footer and a form feed ending each page, a running
# header starting the next.
PDF_PAGES = (
    "NATO UNCLASSIFIED\n\n"
    "NATO Foreign Ministers made clear that our continued military support\n"
    "for Ukraine is essential. In particular, additional air defences. And\n"
    "I welcome the new commitments made by Allies. This morning, Allies\n"
    "addressed the long-term challenges posed by China\n\n"
    "Page 1 of 3\n"
    "\fNATO UNCLASSIFIED\n\n"
    "to our interests, values and security. And how we must continue to\n"
    "strengthen our resilience. NATO is an Alliance of Europe and North\n"
    "America.\n\n"
    "- 2 -\n"
    "\fNATO UNCLASSIFIED\n\n"
    "But the challenges we face are global. And we must address them\n"
    "together in NATO.\n\n"
    "Page 3 of 3\n"
)
