"""The folders walked: which files are documents, which are skipped, and what went wrong.

In: the inputs given (folders and files). Out: an ``Entry`` per file to
read or to skip, sorted by relative path, with symbolic links followed
unless they loop, hidden names and dedup's own report folders left out,
and unreadable folders named (``cannot_read``); ``reference_inputs``
tells the paths and globs of ``--reference`` apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dedup.errors import InputError
from dedup.ingest.captions import CAPTION_SUFFIXES
from dedup.ingest.mail import MAIL_SUFFIXES
from dedup.ingest.office import OFFICE_SUFFIXES, UNREADABLE_SUFFIXES

_SINGLE_FILE_SUFFIXES = (frozenset({".txt", ".md", ".html", ".htm"}) | CAPTION_SUFFIXES
                         | OFFICE_SUFFIXES | MAIL_SUFFIXES)
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".csv"})
KINDS_READ = ".txt, .md, .html, .htm, .pdf, .docx, .odt, .eml, .srt, .vtt, .json, .jsonl or .csv"
"""The kinds of file dedup reads, as messages name them."""
_LOOP = "symbolic link back to a folder that contains it (a loop), not followed"
REPORT_OUTPUTS = frozenset({"report.json", "report.html", "clusters.csv", "summary.md",
                            "quotes.csv", "clusters"})
"""What ``dedup scan`` and ``dedup audit`` write into their output folder."""
_REPORT_START = re.compile(rb'\A\s*\{\s*"schema"\s*:\s*"dedup\.report/')


@dataclass(frozen=True)
class Entry:
    """A document file found by the walk, or a problem found on the way."""

    path: str
    location: Path
    problem: str | None = None


@dataclass(frozen=True)
class Input:
    """A folder or file given to read, and its path as documents are named.

    ``path`` is relative to the folder that holds every input: ``""`` for
    the one folder given, ``"transcripts/"`` for a folder beside others,
    ``"article.html"`` for a file.
    """

    location: Path
    path: str
    is_folder: bool


def inputs_of(inputs: Path | str | Sequence[Path | str]) -> tuple[Path, list[Input]]:
    """The folder that holds all the inputs, and each input with its path from there.

    Nested ones are dropped.
    """
    given = [Path(inputs)] if isinstance(inputs, str | os.PathLike) else [Path(p) for p in inputs]
    if not given:
        raise InputError("no input given; give a folder of documents, or folders and files")
    for path in given:
        if not path.exists():
            raise InputError(f"input {'folder ' if len(given) == 1 else ''}{path} does not "
                             "exist; give the folder of documents")
        if not (path.is_dir() or path.is_file()):
            raise InputError(f"input {path} is not a folder or a file (a pipe, socket or "
                             "device); give the folder that holds the files")
    if len(given) == 1 and given[0].is_dir():
        return Path(os.path.abspath(given[0])), [Input(given[0], "", True)]
    absolute = [Path(os.path.abspath(path)) for path in given]
    folders = [place for path, place in zip(given, absolute, strict=True) if path.is_dir()]
    try:
        root = Path(os.path.commonpath([place if path.is_dir() else place.parent
                                        for path, place in zip(given, absolute, strict=True)]))
    except ValueError as error:  # paths on different drives
        raise InputError(f"inputs {', '.join(map(str, given))} have no folder in common "
                         f"({error})") from None
    found: dict[Path, Input] = {}
    for path, place in zip(given, absolute, strict=True):
        if place in found or any(folder in place.parents for folder in folders):
            continue  # given twice, or read as part of a folder given
        relative = utf8_name(place.relative_to(root).as_posix())
        if path.is_dir():
            found[place] = Input(path, "" if relative == "." else relative + "/", True)
        else:
            found[place] = Input(path, relative, False)
    return root, list(found.values())


def _is_path(glob: str) -> bool:
    """Whether a reference GLOB names an existing file or folder, with no wildcard in it."""
    return not any(char in glob for char in "*?[") and Path(glob).exists()


def reference_inputs(inputs: Sequence[Path], globs: Sequence[str]) -> list[Path]:
    """The folders and files ``--reference`` names by path that no input holds: read them too.

    ``dedup audit today/ --reference archive/`` means the archive is the
    record: it is read beside ``today/``.
    """
    places = [Path(os.path.abspath(path)) for path in inputs]
    extra = []
    for glob in globs:
        place = Path(os.path.abspath(glob))
        if _is_path(glob) and not any(place == held or held in place.parents for held in places):
            extra.append(Path(glob))
            places.append(place)
    return extra


def document_globs(globs: Sequence[str], root: Path) -> tuple[str, ...]:
    """The reference globs, and for each that is a path, the glob of the documents it names.

    A GLOB is matched against each document's path from the folder that
    holds the inputs; ``--reference inputs/000.txt`` or ``--reference
    archive/`` name files as the shell sees them, from where it runs.
    """
    found = list(globs)
    for glob in globs:
        place = Path(os.path.abspath(glob))
        if _is_path(glob) and (place == root or root in place.parents):
            relative = utf8_name(place.relative_to(root).as_posix())
            if place.is_dir():
                found.append("*" if relative == "." else relative + "/*")
            else:
                found.append(relative)
    return tuple(dict.fromkeys(found))


def file_entry(given: Input) -> Entry:
    """A file given by name: read if dedup reads its kind, else skipped saying which it reads."""
    suffix = given.location.suffix.lower()
    if (given.location.name in REPORT_OUTPUTS
            and is_dedup_report(given.location.parent / "report.json")):
        # A folder's walk leaves them out; named, they read as documents (clusters.csv has text).
        return Entry(given.path, given.location,
                     "dedup's own output, not a document: give the documents it was made from")
    if suffix in _SINGLE_FILE_SUFFIXES | RECORD_SUFFIXES:
        return Entry(given.path, given.location)
    why = UNREADABLE_SUFFIXES.get(suffix) or f"not a kind of file dedup reads ({KINDS_READ})"
    return Entry(given.path, given.location, why)


def walk_folder(folder: Path, path: str = "") -> list[Entry]:
    """Document files and traversal problems under ``folder``, sorted by path.

    Their paths start with ``path``, the folder's own. Symbolic links to
    folders are followed unless they point back to a folder on the way down
    (a loop). The walk keeps its own stack, so deep trees do not hit the
    recursion limit.
    """
    found: list[Entry] = []
    pending = [(folder, path, frozenset({_identity(folder)}))]
    while pending:
        directory, prefix, ancestors = pending.pop()
        try:
            with os.scandir(directory) as scan:
                children = sorted(scan, key=lambda child: child.name)
        except OSError as error:
            if directory is folder:
                message = f"input folder {folder} cannot be listed ({_why(error)})"
                raise InputError(message) from error
            found.append(Entry(prefix.rstrip("/"), directory, f"folder {cannot_read(error)}"))
            continue
        ours = REPORT_OUTPUTS if _holds_a_report(children) else frozenset()
        for child in children:
            if child.name.startswith(".") or child.name in ours:
                continue
            relative = prefix + utf8_name(child.name)
            location = Path(child.path)
            if _is_dir(child):
                try:
                    identity = _identity(location)
                except OSError as error:
                    found.append(Entry(relative, location, f"folder {cannot_read(error)}"))
                    continue
                if identity in ancestors:
                    found.append(Entry(relative, location, _LOOP))
                else:
                    pending.append((location, relative + "/", ancestors | {identity}))
            elif location.suffix.lower() in _SINGLE_FILE_SUFFIXES | RECORD_SUFFIXES:
                found.append(Entry(relative, location))
            elif (why := UNREADABLE_SUFFIXES.get(location.suffix.lower())) is not None:
                found.append(Entry(relative, location, why))
    return sorted(found, key=lambda entry: entry.path)


def utf8_name(name: str) -> str:
    """A file name as its bytes read as UTF-8, whatever encoding the locale gives file names.

    Python decodes file names with the locale's encoding: in an ASCII one
    (``LC_ALL=C`` with ``PYTHONUTF8=0``) ``pré.txt`` came as undecodable bytes
    and was skipped as "not valid UTF-8", in a Latin-1 one as ``prÃ©.txt``,
    which no manifest row names. The same as ``name`` in a UTF-8 locale;
    bytes that are no UTF-8 stay escaped, and the file is skipped saying so.
    """
    return os.fsencode(name).decode("utf-8", "surrogateescape")


def _is_dir(child: os.DirEntry[str]) -> bool:
    try:
        return child.is_dir()
    except OSError:
        return False


def _holds_a_report(children: Sequence[os.DirEntry[str]]) -> bool:
    """Whether a folder's ``report.json`` is a dedup report: the folder is dedup's output.

    Its outputs are not documents; read, a second ``dedup scan .`` would
    find the first one's report quoting every passage again.
    """
    for child in children:
        if child.name == "report.json":
            return is_dedup_report(Path(child.path))
    return False


def is_dedup_report(path: Path) -> bool:
    """Whether the file at ``path`` starts as a dedup ``report.json`` does (False if unreadable)."""
    try:
        with open(path, "rb") as report:
            return _REPORT_START.match(report.read(256)) is not None
    except OSError:
        return False


def _identity(directory: Path) -> tuple[int, int]:
    status = directory.stat()
    return status.st_dev, status.st_ino


def cannot_read(error: OSError) -> str:
    """The words for a file or folder the system refused to read: "cannot be read (...)"."""
    return f"cannot be read ({_why(error)})"


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
