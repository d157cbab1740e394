"""Broken and hostile input beside good files: the run finishes, loses nothing and says why.

The bad files are written by the tests (many cannot be stored in git). Texts
that are read hold sentences unrelated to ``inputs/``, so the clusters of the
good documents must come out exactly as without the bad files.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import INPUTS

import dedup
from dedup.cli import main
from dedup.models import Report

ROOT = Path(__file__).resolve().parent.parent
# Unrelated to inputs/: what a read file holds, so it cannot join a good cluster.
LINES = [
    "The archive export stopped halfway through the night shift.",
    "Nobody noticed the missing pages until the auditors came back on Monday.",
    "“It was never meant to be public,” the librarian said with a shrug.",
]
TEXT = "\n".join(LINES) + "\n"
UNREADABLE_AS_ROOT = os.name == "posix" and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    """One hostile file: where it goes, and what the scan must make of it."""

    path: str
    read: dict[str, str]  # document path -> decoded text
    skipped: dict[str, str]  # skipped path -> reason


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _skip(path: str, reason: str) -> Case:
    return Case(path, {}, {path: reason})


def _read(path: str, text: str = TEXT) -> Case:
    return Case(path, {path: text}, {})


def make_hostile(folder: Path, only: str | None = None) -> list[Case]:
    """Write the hostile files (or the one named ``only``) under ``folder/bad``.

    Returns what each must give, with paths relative to ``folder``.
    """
    base = folder / "bad"
    base.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(case: Case, data: bytes | str) -> None:
        if only in (None, case.path):
            _write(base, case.path, data)
            cases.append(case)

    add(_skip("empty.txt", "empty file"), b"")
    add(_skip("whitespace.txt", "no text (the file holds only whitespace)"), " \r\n\t \n")
    add(_skip("nul.txt", "binary file (contains NUL bytes), not text"),
        LINES[0].encode() + b"\x00\x00\x01" + LINES[1].encode())
    add(_skip("photo.txt", "binary file (PNG image), not text"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    add(_read("stray-byte.txt", TEXT.replace("halfway", "half\u2019way")),
        TEXT.encode().replace(b"halfway", b"half\x92way"))
    add(_read("utf16le.txt"), codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))
    add(_read("utf16be.txt"), codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    add(_read("cp1252.txt"), TEXT.encode("cp1252"))
    mixed = f"{LINES[0]}\r\n{LINES[1]}\r{LINES[2]}\n"
    add(_read("line-ends.txt", mixed), mixed)
    add(_read("deep.html", LINES[1]), "<div>" * 10_000 + LINES[1] + "</div>" * 10_000)
    add(_skip("scripts.html", "no text after removing scripts, styles and navigation"),
        "<html><head><style>p{color:red}</style></head><body><script>var a = 1;</script>"
        "<noscript>x</noscript></body></html>")
    jsonl = [json.dumps({"id": "a", "text": LINES[0]}), '{"id": "b", "text": "cut off',
             json.dumps({"id": "c", "text": LINES[2]})]
    add(Case("feed.jsonl", {"feed.jsonl#a": LINES[0], "feed.jsonl#c": LINES[2]},
             {"feed.jsonl#2": "line 2: invalid JSON (Unterminated string starting at: "
                              "line 1 column 21 (char 20))"}),
        "\n".join(jsonl) + "\n")
    add(Case("items.json", {"items.json#1": LINES[1]},
             {"items.json#2": "record 2: no 'text' field"}),
        json.dumps([{"text": LINES[1]}, {"title": "no body"}]))
    add(Case("multi.csv", {"multi.csv#1": f"{LINES[0]}\n{LINES[1]}"}, {}),
        f'id,text\n1,"{LINES[0]}\n{LINES[1]}"\n')
    add(_skip("notext.csv", "no 'text' column (columns: id, body)"), f"id,body\n1,{LINES[0]}\n")
    add(_read("a/article.txt", LINES[0]), LINES[0])
    add(_read("b/article.txt", LINES[2]), LINES[2])
    add(_read("Déclaration de l’OTAN.txt", LINES[1]), LINES[1])
    add(_read("press conference.md", LINES[2]), LINES[2])
    add(_skip("nothing/blank.md", "empty file"), b"")
    add(_skip("nothing/image.txt", "binary file (GIF image), not text"), b"GIF89a\x01\x00")
    add(_skip("huge.txt", "file is 2,000,001 bytes, larger than --max-file-size 2,000,000"), b"")
    if only in (None, "huge.txt"):
        os.truncate(base / "huge.txt", 2_000_001)  # sparse: skipped before it is read
    add(_read("secret.txt", LINES[0]) if UNREADABLE_AS_ROOT
        else _skip("secret.txt", "cannot be read (permission denied)"), LINES[0])
    if only in (None, "secret.txt"):
        (base / "secret.txt").chmod(0)
    links = [
        ("broken.txt", base / "missing.txt", f"broken symbolic link (points to "
         f"{str(base / 'missing.txt')!r}, which does not exist)"),
        ("self.txt", base / "self.txt", "symbolic link loop (the link points back to itself)"),
        ("a/loop", base, "symbolic link back to a folder that contains it (a loop), not followed"),
    ]
    for name, target, reason in links:
        if only in (None, name):
            (base / name).parent.mkdir(exist_ok=True)
            (base / name).symlink_to(target, target_is_directory=target.is_dir())
            cases.append(_skip(name, reason))
    if only in (None, "latin\ufffd.txt"):
        with open(os.fsencode(base) + b"/latin\xe9.txt", "wb") as stream:
            stream.write(LINES[0].encode())
        cases.append(_skip("latin\ufffd.txt", "file name is not valid UTF-8; rename the file"))
    return [Case(f"bad/{c.path}", {f"bad/{k}": v for k, v in c.read.items()},
                 {f"bad/{k}": v for k, v in c.skipped.items()}) for c in cases]


def scan(folder: Path) -> Report:
    return dedup.scan(folder, max_file_size=2_000_000)


def clusters_by_path(report: Report) -> list[tuple[int, bool, tuple[tuple[str, int, int, str,
                                                                           float], ...]]]:
    """Clusters with document ids replaced by paths, so two runs can be compared."""
    paths = {d.id: d.path for d in report.documents}
    return [
        (c.canonical, c.boilerplate,
         tuple((paths[m.doc], m.start, m.end, m.label, m.fidelity) for m in c.members))
        for c in report.clusters
    ]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case], Report]:
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copytree(INPUTS, folder, dirs_exist_ok=True)
    cases = make_hostile(folder)
    try:
        report = scan(folder)
    finally:
        (folder / "bad" / "secret.txt").chmod(0o644)
    return folder, cases, report


def test_good_clusters_are_the_same_with_and_without_the_bad_files(
    mixed: tuple[Path, list[Case], Report],
) -> None:
    _, _, report = mixed
    good = {path.name for path in INPUTS.glob("*.txt")}
    touching_good = [c for c in clusters_by_path(report) if any(m[0] in good for m in c[2])]
    assert touching_good == clusters_by_path(scan(INPUTS))


def test_every_good_document_is_in_the_report(mixed: tuple[Path, list[Case], Report]) -> None:
    _, _, report = mixed
    alone = scan(INPUTS)
    by_path = {d.path: d for d in report.documents}
    assert all(by_path[d.path].text == d.text for d in alone.documents)


def test_every_bad_file_is_read_or_skipped_with_its_reason(
    mixed: tuple[Path, list[Case], Report],
) -> None:
    _, cases, report = mixed
    read = {d.path: d.text for d in report.documents if d.path.startswith("bad/")}
    skipped = {s.path: s.reason for s in report.skipped}
    expected_read = {k: v for c in cases for k, v in c.read.items()}
    expected_skipped = {k: v for c in cases for k, v in c.skipped.items()}
    assert (read, skipped) == (expected_read, expected_skipped)


def test_nothing_in_the_folder_is_lost(mixed: tuple[Path, list[Case], Report]) -> None:
    folder, _, report = mixed
    accounted = {d.path.split("#")[0] for d in report.documents}
    accounted |= {s.path.split("#")[0] for s in report.skipped}
    on_disk = {
        os.fsdecode(path.relative_to(folder)).encode("utf-8", "surrogateescape")
        .decode("utf-8", "replace")
        for path in folder.rglob("*")
        if path.name != "manifest.csv" and path.suffix in {".txt", ".md", ".html", ".jsonl",
                                                           ".json", ".csv"}
        and "loop" not in path.relative_to(folder).parts
    } | {"bad/a/loop"}
    assert on_disk == accounted


def _case_names() -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        names = [case.path.removeprefix("bad/") for case in make_hostile(Path(folder))]
        (Path(folder) / "bad" / "secret.txt").chmod(0o644)
    return names


@pytest.mark.parametrize("name", _case_names())
def test_each_bad_file_beside_a_good_one_gives_the_documented_exit_code(
    tmp_path: Path, name: str
) -> None:
    (case,) = make_hostile(tmp_path, only=name)
    shutil.copy(INPUTS / sorted(p.name for p in INPUTS.glob("*.txt"))[1], tmp_path)
    out = tmp_path / "out"
    try:
        result = CliRunner().invoke(
            main, ["scan", str(tmp_path), "--out", str(out), "-q", "--max-file-size", "2MB"]
        )
    finally:
        if name == "secret.txt":
            (tmp_path / "bad" / name).chmod(0o644)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert result.exit_code == (3 if case.skipped else 0)
    assert {s["path"]: s["reason"] for s in report["skipped"]} == case.skipped
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: skipped {p}: {r}" for p, r in case.skipped.items()]


def test_folder_of_only_bad_files_exits_1_and_lists_every_one(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    names = ["empty.txt", "photo.txt", "scripts.html", "nothing/blank.md", "notext.csv"]
    cases = [case for name in names for case in make_hostile(folder, only=name)]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(folder), "--out", str(out), "-q"])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable documents in {folder}: {len(report['skipped'])} skipped "
        "(the warnings above say why)")
    assert {s["path"]: s["reason"] for s in report["skipped"]} == {
        path: reason for case in cases for path, reason in case.skipped.items()
    }


# --- a huge single-line file --------------------------------------------------------------


def inputs_line() -> str:
    """Real sentences of inputs/ joined by spaces, with no line break."""
    return " ".join(" ".join(p.read_text(encoding="utf-8").split())
                    for p in sorted(INPUTS.glob("*.txt")))


def huge_line(size: int) -> str:
    """``inputs_line()`` repeated, joined by spaces, to ``size`` characters."""
    text = inputs_line()
    return ((text + " ") * (size // (len(text) + 1) + 1))[:size]


@pytest.fixture(scope="module")
def huge_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("huge")
    (folder / "huge.txt").write_text(huge_line(50_000_000), encoding="utf-8")
    shutil.copy(INPUTS / sorted(p.name for p in INPUTS.glob("*.txt"))[0], folder)
    return folder


def test_file_over_max_file_size_is_skipped_with_its_size(huge_folder: Path,
                                                          tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(huge_folder), "--out", str(tmp_path), "-q",
                                       "--max-file-size", "20MB"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    size = (huge_folder / "huge.txt").stat().st_size
    assert result.exit_code == 3
    assert report["skipped"] == [
        {"path": "huge.txt", "reason": f"file is {size:,} bytes, larger than "
                                       "--max-file-size 20,000,000"}
    ]


def _assert_single_line_report(report: dedup.Report, size: int) -> None:
    """The huge line and the input file beside it are read, and every copy is found."""
    texts = {d.id: d.text for d in report.documents}
    huge = next(d.id for d in report.documents if d.path == "huge.txt")
    other = next(d.id for d in report.documents if d.path != "huge.txt")
    copies = size // (len(inputs_line()) + 1)
    assert report.skipped == ()
    assert len(texts[huge]) == size and "\n" not in texts[huge]
    assert report.stats["sentences"] > copies * 100
    assert all(texts[m.doc][m.start : m.end] == m.text
               for c in report.clusters for m in c.members)
    # Each sentence of the input file is repeated once per copy in the line.
    assert max(len(c.members) for c in report.clusters) >= copies
    assert any({m.doc for m in c.members} == {huge, other} for c in report.clusters)


def test_long_single_line_file_is_scanned_with_every_copy_found(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_text(huge_line(300_000), encoding="utf-8")
    shutil.copy(INPUTS / sorted(p.name for p in INPUTS.glob("*.txt"))[0], tmp_path)
    _assert_single_line_report(dedup.scan(tmp_path), 300_000)


@pytest.mark.slow
def test_50_mb_single_line_file_is_scanned_with_exact_spans(huge_folder: Path,
                                                            tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(huge_folder), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    paths = {d["id"]: d["path"] for d in report["documents"]}
    texts = {d: (huge_folder / path).read_text(encoding="utf-8") for d, path in paths.items()}
    huge = next(d for d, path in paths.items() if path == "huge.txt")
    copies = 50_000_000 // (len(inputs_line()) + 1)
    assert report["skipped"] == [] and len(texts[huge]) == 50_000_000
    assert report["stats"]["sentences"] > copies * 100
    members = [m for c in report["clusters"] for m in c["members"]]
    assert all(texts[m["doc"]][m["start"] : m["end"]] == m["text"] for m in members)
    assert all(m["line"] == 1 for m in members if m["doc"] == huge)
    assert max(len(c["members"]) for c in report["clusters"]) >= copies
    assert any({m["doc"] for m in c["members"]} == set(paths) for c in report["clusters"])


# --- interrupted runs ---------------------------------------------------------------------


@pytest.fixture
def previous_report(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", str(INPUTS), "--out", str(out), "-q"])
    assert result.exit_code == 0
    return out / "report.json"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_run_leaves_the_previous_report_intact(
    tmp_path: Path, previous_report: Path, sig: signal.Signals
) -> None:
    before = previous_report.read_bytes()
    folder = tmp_path / "slow"
    folder.mkdir()
    (folder / "long.txt").write_text(huge_line(1_000_000), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "dedup", "scan", str(folder), "--out", str(previous_report.parent)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert process.stderr is not None
    for line in process.stderr:  # the scan is under way once it segments
        if line.startswith("dedup: segment"):
            break
    process.send_signal(sig)
    process.communicate()
    assert process.returncode != 0
    assert previous_report.read_bytes() == before
    assert json.loads(before)["schema"] == "dedup.report/1"
    if sig == signal.SIGINT:  # no temporary file left behind
        assert sorted(os.listdir(previous_report.parent)) == [
            "clusters.csv", "report.html", "report.json", "summary.md"]
