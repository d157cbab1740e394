"""Many quotations against one record: a ``dedup check`` each, or one ``dedup check --each``.

Usage:

    python benchmarks/check_many.py RECORD --quotes QUOTES.jsonl
    python benchmarks/check_many.py RECORD --cut-from NEWS [--count 100] [--save QUOTES.jsonl]

``QUOTES.jsonl`` holds a quotation a line (``{"text": ..., "speaker": ...}``),
as ``--each`` reads them; or they are cut from the news in ``NEWS`` (METER's
newspaper copy beside its agency copy, the record): in turn a paragraph
that quotes someone, as printed; a quotation alone, given to the speaker
the paragraph names; and that quotation with its middle word left out.
Prints the wall time and the peak memory (the largest resident set of
one process, as ``/usr/bin/time -f %M`` gives it) of the separate calls
(their times summed) and of the one run, and whether each line's report
is the bytes its own ``dedup check --json`` printed. ``--keep DIR`` leaves
both sets of reports there, one file each, for ``cmp``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dedup.attribution import speakers
from dedup.ingest import load_corpus
from dedup.quotes import extract

DEDUP = [sys.executable, "-m", "dedup"]


def cut_quotations(news: Path, count: int) -> list[dict[str, Any]]:
    """``count`` quotations from the news in ``news``: passages, quotations, and altered ones."""
    found: list[tuple[str, str, list[str], str]] = []  # id, paragraph, quoted words, speaker
    for doc in load_corpus(news).documents:
        quotations = [q for q in extract(doc.text) if not q.short and not q.within]
        for quotation, speaker in zip(quotations, speakers(doc.text, quotations), strict=True):
            words = " ".join(doc.text[f.start:f.end] for f in quotation.fragments).split()
            start = doc.text.rfind("\n\n", 0, quotation.start) + 1
            end = doc.text.find("\n\n", quotation.end)
            paragraph = " ".join(doc.text[start:end if end >= 0 else len(doc.text)].split())
            if len(words) >= 8 and len(paragraph) <= 600 and speaker:
                found.append((f"{doc.path}#{quotation.start}", paragraph, words, speaker))
    quotes: list[dict[str, Any]] = []
    for number, (name, paragraph, words, speaker) in enumerate(
            found[::max(1, len(found) // count)][:count]):
        if number % 3 == 0:
            quotes.append({"id": name, "kind": "passage", "text": paragraph})
            continue
        altered = number % 3 == 2
        quotes.append({"id": name, "kind": "altered" if altered else "quotation",
                       "text": " ".join(words[:len(words) // 2]
                                        + words[len(words) // 2 + altered:]),
                       "speaker": speaker})
    return quotes


def _run(command: Sequence[str], stdin: Path | None = None) -> tuple[bytes, float, int]:
    """The output, wall seconds and peak resident KB of one command (``os.wait4``'s rusage)."""
    started = time.perf_counter()
    with open(stdin or os.devnull, "rb") as given:
        process = subprocess.Popen(command, stdin=given, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2, 3, 4):  # 2: a text refused, as --each's "error"
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return output, time.perf_counter() - started, usage.ru_maxrss


def _separate(record: Path, quotes: list[dict[str, Any]]) -> Iterator[tuple[bytes, float, int]]:
    for quote in quotes:
        speaker = ["--speaker", quote["speaker"]] if quote.get("speaker") else []
        yield _run([*DEDUP, "check", quote["text"], str(record), "--json", "-q", *speaker])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("record", type=Path)
    parser.add_argument("--quotes", type=Path)
    parser.add_argument("--cut-from", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--save", type=Path, help="write the quotations cut, as JSON Lines")
    parser.add_argument("--keep", type=Path, help="write each report of both runs here")
    args = parser.parse_args()
    if (args.quotes is None) == (args.cut_from is None):
        parser.error("give --quotes or --cut-from")
    if args.quotes is not None:
        quotes = [json.loads(line) for line in args.quotes.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    else:
        quotes = cut_quotations(args.cut_from, args.count)
    lines = "".join(json.dumps(quote, ensure_ascii=False) + "\n" for quote in quotes)
    if args.save is not None:
        args.save.write_text(lines, encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        each_file = Path(folder) / "quotes.jsonl"
        each_file.write_text(lines, encoding="utf-8")
        each, each_seconds, each_peak = _run([*DEDUP, "check", "--each", "-", str(args.record),
                                              "-q"], stdin=each_file)
    separate = list(_separate(args.record, quotes))
    # Each line's report as check --json prints it; a refused text printed nothing.
    outcomes = [json.loads(line) for line in each.decode("utf-8").splitlines()]
    reports = [json.dumps(outcome["report"], ensure_ascii=False, indent=2) + "\n"
               if "report" in outcome else "" for outcome in outcomes]
    same = sum(report.encode("utf-8") == alone for report, (alone, _, _) in
               zip(reports, separate, strict=True))
    if args.keep is not None:
        for name, texts in (("each", [r.encode("utf-8") for r in reports]),
                            ("separate", [alone for alone, _, _ in separate])):
            (args.keep / name).mkdir(parents=True, exist_ok=True)
            for number, text in enumerate(texts, start=1):
                (args.keep / name / f"{number:04d}.json").write_bytes(text)
    kinds = sorted({quote.get("kind", "given") for quote in quotes})
    print(f"quotations: {len(quotes)} ({', '.join(kinds)}) against {args.record}")
    print(f"separate `dedup check --json`: {sum(s for _, s, _ in separate):.1f} s in all "
          f"({sum(s for _, s, _ in separate) / len(quotes):.2f} s each), "
          f"peak {max(peak for _, _, peak in separate):,} KB")
    print(f"one `dedup check --each`:      {each_seconds:.1f} s, peak {each_peak:,} KB")
    print(f"reports the same bytes: {same} of {len(quotes)} "
          f"(texts refused by both: {sum(not report for report in reports)})")


if __name__ == "__main__":
    main()
