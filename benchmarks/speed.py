"""Speed of ``dedup scan`` against the hardware floor and the straightforward datasketch path.

Builds corpora of real news prose (BBC News 2,225 and the PAN 2013 subset in
``../shared/eval``) of about 10k, 100k and 1M sentences in a temporary
folder. Documents are taken in a fixed shuffled order; one in ten also gets
a copy with one word in twelve edited (a variant), and once the real
documents run out (about 250k sentences) they are used again with their
words renamed (a random permutation of the corpus's words per pass: new
text with the same sentences and word frequencies), so that variants exist
at every size, in the same share. For each size, in one run, it times:

* the floor: read and decode the files, split words, hash the word bigrams;
* the baseline (sizes up to ``--baseline-max``): NLTK Punkt sentences, one
  ``MinHash.update`` per shingle, ``MinHashLSH.insert`` then ``query`` one
  sentence at a time;
* ``dedup scan`` through the library (in a fresh process, for its peak
  memory), stage by stage, and writing the report;
* with ``--spark`` (sizes up to ``--spark-max``): the same scan with
  ``engine="spark"`` on ``local[2]`` in a fresh process, the session start
  timed apart, and from Spark's event log the seconds of each phase (the
  job descriptions the engine sets) and the bytes each phase shuffles.

Before the sizes, one scan of a small corpus is timed apart: the first
scan after installing compiles dedup's loops (numba) into its cache, and
every later scan loads them, so no size is charged for the compiling.

With ``--papers N``, it also times ten wire stories that ``N`` papers each
print with their own edits (one word in twelve): near-copies of every
sentence, where LSH's buckets grow with the number of papers.

With ``--folder PATH`` (repeatable), it times the same figures on a folder
of documents as ``dedup scan`` reads it (any layout and format dedup
takes), instead of the generated sizes unless ``--sizes`` is given too:
the floor reads the files dedup reads, and the baseline starts from the
texts dedup's ingest decoded (their reading is not timed).

With ``--audit PATH`` (repeatable, with ``--reference GLOB`` as ``dedup
audit`` takes it), it times ``dedup audit`` on that folder in a fresh
process: each stage's seconds (from one progress call to the next stage's),
the CPU seconds of the process and its workers, and the peak memory of
each.

Usage: python benchmarks/speed.py [--sizes 10k,100k,1m] [--json OUT] [--jobs N] [--spark]
       [--papers N] [--folder PATH ...] [--audit PATH ... --reference GLOB ...]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SOURCES = ("bbc_news_2225", "pan13_text_alignment_subset")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_WORD = re.compile(r"\S+")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def _size(label: str) -> int:
    label = label.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(label[-1:], 1)
    return int(float(label.rstrip("km")) * scale)


def _base_texts(eval_dir: Path) -> list[str]:
    texts = []
    bbc = eval_dir / SOURCES[0]
    for path in sorted(bbc.glob("*/*.txt")):
        texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    pan = eval_dir / SOURCES[1]
    for folder in ("susp", "final_txt_files"):
        for path in sorted((pan / folder).glob("*.txt")):
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return texts


def _edited(text: str, rng: random.Random, rate: float, words: list[str]) -> str:
    """The text with about ``rate`` of its words replaced, dropped or repeated."""
    tokens = text.split(" ")
    for _ in range(max(1, int(len(tokens) * rate))):
        at = rng.randrange(len(tokens))
        kind = rng.random()
        if kind < 0.5:
            tokens[at] = rng.choice(words)
        elif kind < 0.75:
            tokens[at] = ""
        else:
            tokens[at] = tokens[at] + " " + tokens[at]
    return " ".join(token for token in tokens if token)


def _renamed(text: str, names: dict[str, str]) -> str:
    """The text with each word of four letters or more renamed by ``names``, its case kept.

    One renaming is a permutation of the corpus's words, so each word keeps
    its frequency under its new name, a document's repeats and copies stay
    repeats and copies, and sentences keep their lengths, punctuation,
    numbers and short words; a renamed pass matches another only where a
    sentence holds little else (a date line, "And the follow up, if I
    may."). Repeating the documents with half their words edited instead
    left runs of words in place, so every pass matched every other: at 1M
    sentences the report held 436,402 members, 40 times the 100k corpus's
    10,923.
    """

    def rename(match: re.Match[str]) -> str:
        word = match.group()
        name = names[word.lower()]
        if word.isupper():
            return name.upper()
        return name.capitalize() if word[0].isupper() else name

    return _LONG_WORD.sub(rename, text)


def build_corpus(texts: list[str], sentences: int, folder: Path, seed: int = 7) -> dict[str, int]:
    """Write documents holding about ``sentences`` sentences into ``folder``.

    The real documents in a fixed shuffled order, as often as needed: the
    first time as they are, later with their words renamed (:func:`_renamed`:
    new text with the same sentences, word frequencies and repeats, which
    shares only its short words and numbers with another pass). Each time,
    one document in ten also gets a copy with one word in twelve edited: a
    variant. So the share of variants is the same at every size.
    """
    rng = random.Random(seed)
    order = list(range(len(texts)))
    rng.shuffle(order)
    counts = [len(_SENTENCE_END.findall(text)) + 1 for text in texts]
    vocabulary = [w for text in texts[:200] for w in text.split()]
    long_words = sorted({w.lower() for text in texts for w in _LONG_WORD.findall(text)})
    written = variants = used = passes = 0
    while used < sentences:
        if passes:
            shuffled = long_words[:]
            rng.shuffle(shuffled)
            names = dict(zip(long_words, shuffled, strict=True))
        for index in order:
            if used >= sentences:
                break
            base = texts[index] if passes == 0 else _renamed(texts[index], names)
            copies = [base]
            if rng.random() < 0.1:
                copies.append(_edited(base, rng, 1 / 12, vocabulary))
            for text in copies:
                (folder / f"{written:07d}.txt").write_text(text, encoding="utf-8")
                written += 1
                used += counts[index]
            variants += len(copies) - 1
        passes += 1
    return {"documents": written, "edited_copies": variants, "passes": passes}


def build_syndicated(texts: list[str], papers: int, folder: Path, stories: int = 10,
                     seed: int = 3) -> dict[str, int]:
    """Write ``stories`` wire stories as ``papers`` papers print them, each editing its words.

    The stories are the first BBC articles of 3,000 to 6,000 characters;
    each paper changes about one word in twelve of its copy (replaced,
    dropped or repeated), so every copy of a sentence differs a little
    from the others, as syndicated copy does.
    """
    rng = random.Random(seed)
    vocabulary = [w for text in texts[:200] for w in text.split()]
    chosen = [text for text in texts if 3_000 < len(text) < 6_000][:stories]
    written = 0
    for story in chosen:
        for paper in range(papers):
            text = story if paper == 0 else _edited(story, rng, 1 / 12, vocabulary)
            (folder / f"{written:07d}.txt").write_text(text, encoding="utf-8")
            written += 1
    return {"documents": written, "edited_copies": written - len(chosen), "passes": 1}


def folder_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The files ``dedup scan`` reads under ``folder``, and its documents' texts.

    A record (a line of JSONL, a row of CSV) is a document of its own; its
    file is read once.
    """
    from dedup.ingest import load_corpus

    documents = load_corpus(folder).documents
    files = set()
    for document in documents:
        location = folder / document.path
        if not location.is_file():  # a record: "file#N"
            location = folder / document.path.rpartition("#")[0]
        files.add(location)
    return sorted(files), [document.text for document in documents]


def floor(files: list[Path]) -> tuple[float, int]:
    """Seconds to read, decode, split words and hash word bigrams; word count."""
    started = time.perf_counter()
    table = bytes.maketrans(b".,;:!?\"'()[]", b"            ")
    ids: dict[bytes, int] = {}
    words_seen = 0
    for path in files:
        data = path.read_bytes()
        data.decode("utf-8", errors="replace")
        words = data.lower().translate(table).split()
        codes = np.fromiter((ids.setdefault(w, len(ids)) for w in words), dtype=np.uint64,
                            count=len(words))
        bigrams = codes[:-1] * np.uint64(0x9E3779B97F4A7C15) + codes[1:]
        np.unique(bigrams * np.uint64(0xC2B2AE3D27D4EB4F))
        words_seen += len(words)
    return time.perf_counter() - started, words_seen


def baseline(texts: Iterable[str]) -> dict[str, float]:
    """The straightforward path: Punkt, ``MinHash.update`` per shingle, LSH one at a time.

    ``texts`` is read as the clock runs: a generator times the reading too.
    """
    from datasketch import MinHash, MinHashLSH
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from dedup.candidates import LSH_WEIGHTS

    punkt = PunktSentenceTokenizer()
    started = time.perf_counter()
    sentences = []
    for text in texts:
        sentences.extend(punkt.tokenize(text))
    segmented = time.perf_counter()
    minhashes = []
    for sentence in sentences:
        words = [w.lower() for w in re.findall(r"\w+", sentence)]
        minhash = MinHash(num_perm=128, seed=1)
        for shingle in {" ".join(words[i : i + 2]) for i in range(max(1, len(words) - 1))}:
            minhash.update(shingle.encode("utf-8"))
        minhashes.append(minhash)
    signed = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128, weights=LSH_WEIGHTS)
    for key, minhash in enumerate(minhashes):
        lsh.insert(key, minhash)
    pairs = sum(len(lsh.query(minhash)) - 1 for minhash in minhashes)
    done = time.perf_counter()
    return {"seconds": done - started, "segment": segmented - started,
            "signatures": signed - segmented, "lsh": done - signed,
            "sentences": len(sentences), "pairs": pairs}


def scan_child(folder: Path, jobs: int | None) -> dict[str, Any]:
    """Run ``dedup.scan`` here and report its figures (used in a fresh process)."""
    import dedup
    import dedup.pipeline  # noqa: F401  (NLTK, numba, datasketch: imported before the clock)
    from dedup.report import write_json

    stages: dict[str, float] = {}

    def timings(stage: str, seconds: float) -> None:
        stages[stage] = stages.get(stage, 0.0) + seconds

    started = time.perf_counter()
    report = dedup.scan(folder, jobs=jobs, timings=timings)
    written = time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="dedup-speed-report-"))
    write_json(report, out / "report.json")
    stages["report"] = time.perf_counter() - written
    shutil.rmtree(out)
    return {
        "seconds": time.perf_counter() - started,
        "stages": stages,
        "stats": report.stats,
        "peak_mb": _peak_mb(),
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def audit_child(folder: Path, jobs: int | None, references: list[str]) -> dict[str, Any]:
    """Run ``dedup.audit`` here and report its figures (used in a fresh process).

    The audit reports progress, not timings: a stage's seconds run from its
    first progress call to the next stage's.
    """
    import dedup
    import dedup.pipeline  # noqa: F401  (NLTK, numba, datasketch: imported before the clock)
    from dedup.report import write_json

    stages: dict[str, float] = {}
    current: list[Any] = ["", time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != current[0]:
            now = time.perf_counter()
            if current[0]:
                stages[current[0]] = stages.get(current[0], 0.0) + now - current[1]
            current[:] = [stage, now]

    started, cpu = time.perf_counter(), time.process_time()
    report = dedup.audit(folder, jobs=jobs, reference_globs=tuple(references), progress=progress)
    written = time.perf_counter()
    out = Path(tempfile.mkdtemp(prefix="dedup-speed-report-"))
    write_json(report, out / "report.json")
    stages["report"] = time.perf_counter() - written
    shutil.rmtree(out)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu + workers.ru_utime + workers.ru_stime,
        "stages": stages,
        "stats": report.stats,
        "characters": sum(len(doc.text) for doc in report.documents),
        "peak_mb": _peak_mb(),
        "worker_peak_mb": workers.ru_maxrss / 1024,
    }


def _peak_mb() -> float:
    """This process's peak resident memory since it started (``exec``), in MiB.

    Linux's ``ru_maxrss`` also counts the pages of the process it was forked
    from: a scan started by a benchmark holding a corpus in memory reports
    that corpus too. ``VmHWM`` is this program's own.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def spark_child(folder: Path) -> dict[str, Any]:
    """Run ``dedup.scan(engine="spark")`` on ``local[2]`` here; its time, phases and shuffles."""
    import os

    from pyspark.sql import SparkSession

    import dedup

    os.environ["PYSPARK_PYTHON"] = sys.executable
    events = Path(tempfile.mkdtemp(prefix="dedup-spark-events-"))
    started = time.perf_counter()
    session = (SparkSession.builder.master("local[2]").appName("dedup-speed")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.eventLog.enabled", "true")
               .config("spark.eventLog.dir", events.as_uri())
               .config("spark.eventLog.compress", "false")
               .config("spark.eventLog.rolling.enabled", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    report = dedup.scan(folder, engine="spark")
    done = time.perf_counter()
    session.stop()
    phases = _phases(events)
    shutil.rmtree(events)
    return {"start_seconds": ready - started, "seconds": done - ready, "stats": report.stats,
            **phases}


def _phases(events: Path) -> dict[str, Any]:
    """Seconds and shuffle bytes written per job description, from Spark's event log."""
    phase_of_stage: dict[int, str] = {}
    seconds: dict[str, float] = {}
    shuffled: dict[str, int] = {}
    started: dict[int, tuple[str, int]] = {}
    for log in events.rglob("*"):
        if not log.is_file():
            continue
        for line in log.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerJobStart":
                name = (event.get("Properties") or {}).get("spark.job.description") or "other"
                name = name.removeprefix("dedup: ")
                started[event["Job ID"]] = (name, event["Submission Time"])
                for stage in event["Stage IDs"]:
                    phase_of_stage.setdefault(stage, name)
            elif kind == "SparkListenerJobEnd":
                name, at = started[event["Job ID"]]
                seconds[name] = seconds.get(name, 0.0) + (event["Completion Time"] - at) / 1000
            elif kind == "SparkListenerStageCompleted":
                info = event["Stage Info"]
                values = {a["Name"]: a.get("Value") for a in info.get("Accumulables", [])}
                written = int(values.get("internal.metrics.shuffle.write.bytesWritten") or 0)
                name = phase_of_stage.get(info["Stage ID"], "other")
                shuffled[name] = shuffled.get(name, 0) + written
    return {"phases": seconds, "shuffle_bytes": shuffled}


def run_spark(folder: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--spark-child", str(folder)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_scan(folder: Path, jobs: int | None) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--scan-child", str(folder)]
    if jobs:
        command += ["--jobs", str(jobs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run_audit(folder: Path, jobs: int | None, references: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--audit-child", str(folder)]
    if jobs:
        command += ["--jobs", str(jobs)]
    for glob in references:
        command += ["--reference", glob]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure_audit(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The figures of ``dedup audit`` on a folder (``--reference`` names its references)."""
    audited = run_audit(folder, args.jobs, args.reference)
    stats = audited["stats"]
    return {
        "corpus": "audit", "folder": str(folder), "reference_globs": args.reference,
        "documents": stats["documents"], "reference_documents": stats["reference_documents"],
        "media_documents": stats["media_documents"], "characters": audited["characters"],
        "quotes": stats["quotes"], "labels": stats["labels"],
        "seconds": round(audited["seconds"], 2), "cpu_seconds": round(audited["cpu_seconds"], 2),
        "stages": {stage: round(seconds, 2) for stage, seconds in audited["stages"].items()},
        "peak_mb": round(audited["peak_mb"]), "worker_peak_mb": round(audited["worker_peak_mb"]),
    }


def _print_audit(row: dict[str, Any]) -> None:
    print(f"audit of {row['folder']}: {row['documents']:,} documents "
          f"({row['reference_documents']:,} references, {row['characters']:,} characters), "
          f"{row['quotes']:,} quotations")
    print(f"  {row['seconds']:.1f} s ({row['cpu_seconds']:.1f} s CPU with its workers), "
          f"peak {row['peak_mb']:,} MB (each worker at most {row['worker_peak_mb']:,} MB)")
    print("  " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in row["stages"].items()))


def warm_up(texts: list[str], jobs: int | None) -> tuple[float, str]:
    """Seconds of one small scan, which fills numba's cache if it is empty, and what it scanned.

    About 2,000 sentences of ``texts``, or without them (only ``--folder``)
    the sample corpus.
    """
    with tempfile.TemporaryDirectory(prefix="dedup-speed-warm-") as tmp:
        folder, scanned = Path(tmp), "about 2,000 sentences"
        if texts:
            build_corpus(texts, 2_000, folder)
        else:
            folder, scanned = ROOT / "inputs", "the sample corpus (inputs/)"
        started = time.perf_counter()
        run_scan(folder, jobs)
        return time.perf_counter() - started, scanned


def measure(texts: list[str], size: int, args: argparse.Namespace, papers: int = 0
            ) -> dict[str, Any]:
    """The figures of one corpus: ``size`` sentences of news, or a story in ``papers`` papers."""
    with tempfile.TemporaryDirectory(prefix="dedup-speed-") as tmp:
        folder = Path(tmp)
        corpus = (build_syndicated(texts, papers, folder) if papers
                  else build_corpus(texts, size, folder))
        files = sorted(folder.iterdir())
        floor_seconds, words = floor(files)
        scanned = run_scan(folder, args.jobs)
        texts_read = (path.read_text(encoding="utf-8") for path in files)
        base = baseline(texts_read) if size <= args.baseline_max and not papers else None
        spark = run_spark(folder) if args.spark and size <= args.spark_max else None
    kind = f"syndicated, {papers} papers" if papers else "news"
    return _row(kind, size if not papers else scanned["stats"]["sentences"], corpus,
                floor_seconds, words, scanned, base, spark)


def measure_folder(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The figures of a folder of documents, read as ``dedup scan`` reads it."""
    files, texts = folder_files(folder)
    floor_seconds, words = floor(files)
    scanned = run_scan(folder, args.jobs)
    sentences = scanned["stats"]["sentences"]
    base = baseline(texts) if sentences <= args.baseline_max else None
    spark = run_spark(folder) if args.spark and sentences <= args.spark_max else None
    corpus = {"documents": len(texts), "files": len(files), "folder": str(folder)}
    return _row("folder", sentences, corpus, floor_seconds, words, scanned, base, spark)


def _row(kind: str, size: int, corpus: dict[str, Any], floor_seconds: float, words: int,
         scanned: dict[str, Any], base: dict[str, float] | None, spark: dict[str, Any] | None,
         ) -> dict[str, Any]:
    """One size's figures, as printed and written to ``--json``."""
    sentences = scanned["stats"]["sentences"]
    dedup_seconds = scanned["seconds"]
    return {
        "corpus": kind,
        "size": size,
        "sentences": sentences,
        "words": words,
        **corpus,
        "units": scanned["stats"]["units"],
        "candidates": scanned["stats"]["candidates"],
        "clusters": scanned["stats"]["clusters"],
        "floor_seconds": round(floor_seconds, 3),
        "baseline_seconds": None if base is None else round(base["seconds"], 3),
        "baseline": None if base is None else {k: round(v, 3) for k, v in base.items()},
        "dedup_seconds": round(dedup_seconds, 3),
        "dedup_sentences_per_s": round(sentences / dedup_seconds),
        "floor_sentences_per_s": round(sentences / floor_seconds),
        "dedup_over_floor": round(dedup_seconds / floor_seconds, 1),
        "baseline_over_dedup": None if base is None else round(base["seconds"] / dedup_seconds, 1),
        "peak_mb": round(scanned["peak_mb"]),
        "worker_peak_mb": round(scanned["worker_peak_mb"]),
        "stages": {k: round(v, 3) for k, v in scanned["stages"].items()},
        "spark_seconds": None if spark is None else round(spark["seconds"], 3),
        "spark_sentences_per_s": None if spark is None else round(sentences / spark["seconds"]),
        "spark": None if spark is None else {
            "start_seconds": round(spark["start_seconds"], 3),
            "same_stats": spark["stats"] == scanned["stats"],
            "phases": {k: round(v, 3) for k, v in spark["phases"].items()},
            "shuffle_bytes": spark["shuffle_bytes"],
            "shuffle_bytes_per_million_sentences": {
                k: round(v * 1_000_000 / sentences) for k, v in spark["shuffle_bytes"].items()},
        },
    }


def _print(row: dict[str, Any]) -> None:
    base = row["baseline_seconds"]
    if row["corpus"] == "folder":
        print(f"\n== {row['folder']}: {row['sentences']:,} sentences, "
              f"{row['documents']:,} documents in {row['files']:,} files, "
              f"{row['units']:,} units, {row['candidates']:,} candidate pairs")
    elif row["corpus"] != "news":
        print(f"\n== {row['documents'] - row['edited_copies']} stories, each in "
              f"{row['corpus'].split(', ')[1]} (edited copies): {row['sentences']:,} sentences, "
              f"{row['documents']:,} documents, {row['units']:,} units, "
              f"{row['candidates']:,} candidate pairs")
    else:
        print(f"\n== about {row['size']:,} sentences: {row['sentences']:,} sentences, "
              f"{row['documents']:,} documents ({row['edited_copies']:,} edited copies, "
              f"{row['passes']} pass(es) over the real documents, later ones with their "
              f"words renamed), {row['units']:,} units, "
              f"{row['candidates']:,} candidate pairs")
    print(f"floor     {row['floor_seconds']:8.2f} s  {row['floor_sentences_per_s']:>10,} sent/s")
    if base is None:
        print("baseline      (not run at this size)")
    else:
        print(f"baseline  {base:8.2f} s  {round(row['sentences'] / base):>10,} sent/s  "
              + "  ".join(f"{k} {v:.2f}s" for k, v in row["baseline"].items()
                          if k in ("segment", "signatures", "lsh")))
    workers = (f"largest worker {row['worker_peak_mb']:,} MB" if row["worker_peak_mb"]
               else "no worker processes")
    print(f"dedup     {row['dedup_seconds']:8.2f} s  {row['dedup_sentences_per_s']:>10,} sent/s"
          f"  peak {row['peak_mb']:,} MB ({workers})")
    print("  stages: " + "  ".join(f"{k} {v:.2f}s" for k, v in row["stages"].items()))
    spark = row["spark"]
    if spark is not None:
        print(f"spark     {row['spark_seconds']:8.2f} s  {row['spark_sentences_per_s']:>10,} sent/s"
              f"  local[2], session start {spark['start_seconds']:.1f}s apart, same stats: "
              f"{spark['same_stats']}")
        print("  phases: " + "  ".join(f"{k} {v:.2f}s" for k, v in spark["phases"].items()))
        print("  shuffled: " + "  ".join(
            f"{k} {v / 1e6:.1f} MB ({spark['shuffle_bytes_per_million_sentences'][k] / 1e6:,.0f}"
            " MB per 1M sentences)" for k, v in spark["shuffle_bytes"].items() if v))
    ratio = "" if base is None else f", baseline/dedup {row['baseline_over_dedup']}x"
    print(f"  dedup/floor {row['dedup_over_floor']}x{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated, e.g. 10k,100k (default: 10k,100k,1m "
                        "without --folder, none with it)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--jobs", type=int, default=None, help="dedup worker processes")
    parser.add_argument("--baseline-max", type=_size, default=_size("100k"),
                        help="largest size at which the datasketch baseline runs")
    parser.add_argument("--eval", type=Path, default=EVAL, help="evaluation corpora folder")
    parser.add_argument("--spark", action="store_true",
                        help="also time the Spark engine on local[2] (needs pyspark and Java)")
    parser.add_argument("--spark-max", type=_size, default=_size("100k"),
                        help="largest size at which the Spark engine runs")
    parser.add_argument("--papers", type=int, default=0,
                        help="also time 10 wire stories, each printed by this many papers "
                             "with their own edits (e.g. 300)")
    parser.add_argument("--folder", type=Path, action="append", default=[],
                        help="also time a folder of documents as dedup scan reads it "
                             "(repeatable; the generated sizes then run only with --sizes)")
    parser.add_argument("--audit", type=Path, action="append", default=[],
                        help="also time dedup audit on a folder (repeatable; the generated "
                             "sizes then run only with --sizes)")
    parser.add_argument("--reference", action="append", default=[], metavar="GLOB",
                        help="the audit's reference documents, as dedup audit --reference")
    parser.add_argument("--scan-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--audit-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spark-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan_child:
        print(json.dumps(scan_child(args.scan_child, args.jobs)))
        return 0
    if args.audit_child:
        print(json.dumps(audit_child(args.audit_child, args.jobs, args.reference)))
        return 0
    if args.spark_child:
        print(json.dumps(spark_child(args.spark_child)))
        return 0
    given = args.folder or args.audit
    labels = args.sizes if args.sizes is not None else "" if given else "10k,100k,1m"
    sizes = [_size(label) for label in labels.split(",") if label.strip()]
    papers = args.papers
    for option, folders in (("--folder", args.folder), ("--audit", args.audit)):
        for folder in folders:
            if not folder.is_dir():
                parser.error(f"{option} {folder}: not a folder")
    texts: list[str] = []
    if sizes or papers:
        if not all((args.eval / name).is_dir() for name in SOURCES):
            print(f"skipped the generated corpora: the evaluation corpora {', '.join(SOURCES)} "
                  f"are not in {args.eval}")
            if not given:
                return 0
            sizes, papers = [], 0
        else:
            texts = _base_texts(args.eval)
            digest = hashlib.sha256("".join(texts[:5]).encode()).hexdigest()[:8]
            print(f"real documents: {len(texts):,} from {', '.join(SOURCES)} ({digest}); "
                  "larger corpora repeat them with their words renamed (a random permutation "
                  "of the words per pass); one in ten documents has an edited copy")
    package = importlib.util.find_spec("dedup")
    cache = Path(package.origin).parent / "__pycache__" if package and package.origin else None
    cached = cache is not None and any(cache.glob("*.nbi"))
    warm, scanned = warm_up(texts, args.jobs)
    print(f"warm-up scan of {scanned}: {warm:.1f} s "
          + ("(numba's cache was there: loading the compiled loops)" if cached else
             "(numba's cache was empty: compiling the loops, once after installing)"))
    rows = []
    for size in sizes:
        row = measure(texts, size, args)
        _print(row)
        rows.append(row)
    if papers:
        row = measure(texts, 0, args, papers=papers)
        _print(row)
        rows.append(row)
    for folder in args.folder:
        row = measure_folder(folder, args)
        _print(row)
        rows.append(row)
    for folder in args.audit:
        row = measure_audit(folder, args)
        _print_audit(row)
        rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
