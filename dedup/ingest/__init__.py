"""Folder -> Corpus: find the documents, decode them and attach their metadata.

In: a folder (or several folders and files), an optional ``manifest.csv``
in any folder (for the documents under it) and optional ``reference_globs``. Out: a
:class:`~dedup.models.Corpus` holding the readable documents and, for
everything else, a :class:`~dedup.models.Skipped` entry that says in one
line what is wrong.

Documents are ``.txt``, ``.md``, ``.html``/``.htm``, the caption files
``.srt`` and ``.vtt``, PDF, Word and OpenDocument files (``.pdf``, ``.docx``, ``.odt``), saved
e-mail messages, ``.eml`` (one document per file), and ``.json``,
``.jsonl``, ``.csv`` (one document per record, each record with a string
``text`` field). Word processors' files
dedup cannot read (``.doc``, ``.rtf``, ``.pages``) are skipped,
saying what to save them as. Other files and hidden names are ignored, and
so are dedup's own outputs in a folder whose ``report.json`` is a dedup
report (``dedup scan .`` writes ``./dedup-report``, which the next run of it
must not read back).

Always holds: documents are in order of their relative POSIX path (records
in file order) and have the ids ``d1``, ``d2`` ... in that order; for ``.txt``
and ``.md`` files ``Document.text`` is the whole decoded file (byte order mark
removed, newlines untouched), so offsets index into what the file says; a
caption file's text (also a ``.txt`` that opens as one) has the file's
length, its cue words in their places; a
file that cannot be read never raises, it becomes a ``Skipped`` entry.

This module walks the folder, reads the manifests and settles each document's
role and metadata; the stages of reading one file live beside it:
:mod:`~dedup.ingest.decode` (bytes to text), :mod:`~dedup.ingest.html` (a
page's main text), :mod:`~dedup.ingest.office` (a PDF's, Word or OpenDocument file's
text), :mod:`~dedup.ingest.mail` (an e-mail's body and headers),
:mod:`~dedup.ingest.captions` (a caption file's cues)
and :mod:`~dedup.ingest.records` (one text per JSON, JSONL or CSV record).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from dedup.errors import InputError
from dedup.ingest.captions import CAPTION_SUFFIXES, caption_kind, caption_text
from dedup.ingest.decode import Unreadable, decode_bytes
from dedup.ingest.html import html_text
from dedup.ingest.mail import MAIL_SUFFIXES, mail_text
from dedup.ingest.office import OFFICE_SUFFIXES, UNREADABLE_SUFFIXES, office_text
from dedup.ingest.records import (
    METADATA_FIELDS,
    Metadata,
    Text,
    clean_string,
    iso_date,
    parse_role,
    read_records,
)
from dedup.models import Corpus, Document, Role, Skipped

__all__ = ["KINDS_READ", "document_of", "load_corpus", "reference_inputs"]

logger = logging.getLogger(__name__)

_SINGLE_FILE_SUFFIXES = (frozenset({".txt", ".md", ".html", ".htm"}) | CAPTION_SUFFIXES
                         | OFFICE_SUFFIXES | MAIL_SUFFIXES)
_RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".csv"})
KINDS_READ = ".txt, .md, .html, .htm, .pdf, .docx, .odt, .eml, .srt, .vtt, .json, .jsonl or .csv"
"""The kinds of file dedup reads, as messages name them."""
_LOOP = "symbolic link back to a folder that contains it (a loop), not followed"
REPORT_OUTPUTS = frozenset({"report.json", "report.html", "clusters.csv", "summary.md",
                            "quotes.csv", "clusters"})
"""What ``dedup scan`` and ``dedup audit`` write into their output folder."""
_REPORT_START = re.compile(rb'\A\s*\{\s*"schema"\s*:\s*"dedup\.report/')
_NO_HTML_TEXT = "no text after removing scripts, styles and navigation"


@dataclass(frozen=True)
class _Entry:
    """A document file found by the walk, or a problem found on the way."""

    path: str
    location: Path
    problem: str | None = None


def load_corpus(
    inputs: Path | str | Sequence[Path | str],
    *,
    reference_globs: Sequence[str] = (),
    manifest_name: str = "manifest.csv",
    max_file_size: int | None = None,
) -> Corpus:
    """Read every document under ``inputs``: a folder, or several folders and files.

    A document's path is relative to the folder given, or, given a file or
    several inputs, to the folder that holds them all: ``article.html
    transcripts/`` reads ``article.html`` and ``transcripts/a.txt``, so
    globs and reports name documents as the command line did. An input
    inside a folder also given is read once, as part of that folder.

    Args:
        inputs: The folder to scan, recursively; or folders and document files.
        reference_globs: When given, documents whose relative path or file
            name matches one of these globs are ``reference``, all others
            ``media``, whatever the manifests or the records say. A glob
            without wildcards that names an existing file or folder (from
            the working folder, as a shell gives it) names its documents.
        manifest_name: The metadata CSV of a folder or subfolder, for the
            documents under it (the nearest one's row for a document wins).
        max_file_size: Files larger than this many bytes are skipped.

    Returns:
        The documents (possibly none) and the skipped files and records.

    Raises:
        InputError: an input does not exist, or a folder cannot be listed.

    Example:
        >>> corpus = load_corpus(Path("inputs"), reference_globs=["*transcript*"])
        >>> [document.id for document in corpus.documents][:2]
        ['d1', 'd2']

    """
    rows: dict[str, tuple[int, Metadata]] = {}
    manifest_read = False
    manifests: list[_Manifest] = []
    entries: list[_Entry] = []
    beside: dict[Path, dict[str, tuple[int, Metadata]]] = {}  # read once for all files given
    root, given_inputs = _inputs(inputs)
    reference_globs = _document_globs(reference_globs, root)
    for given in given_inputs:
        if not given.is_folder:
            entries.append(_file_entry(given))
            if (row := _own_row(given, manifest_name, beside)) is not None:
                rows[given.path] = row
                manifest_read = True
            continue
        name = given.path + manifest_name
        if (given.location / manifest_name).is_file():
            manifests.append(_manifest(given.location / manifest_name, name, given.path))
        for entry in _walk(given.location, given.path):
            if entry.path == name:
                continue
            if entry.location.name == manifest_name and entry.problem is None:
                # A subfolder's own manifest, for the documents under it.
                folder = entry.path[: -len(manifest_name)]
                manifests.append(_manifest(entry.location, entry.path, folder))
                continue
            entries.append(entry)
    manifest_skipped: list[Skipped] = []
    owners: dict[str, str] = {}  # the manifest whose row a document has
    manifests.sort(key=lambda manifest: manifest.depth)
    for manifest in manifests:
        manifest_skipped.extend(manifest.refused)
        if manifest.rows is None:
            continue
        manifest_read = True
        for path, (line, metadata) in manifest.rows.items():
            if (outer := owners.get(path)) is not None:
                outer_line = rows[path][0]
                manifest_skipped.append(Skipped(outer, (
                    f"{outer} line {outer_line}: {path!r} has a row in {manifest.name} too "
                    f"(line {line}), which is nearer the document and used")))
            owners[path] = manifest.name
            rows[path] = (line, metadata)

    texts: list[Text] = []
    skipped: list[Skipped] = []
    for entry in sorted(entries, key=lambda entry: entry.path):
        file_texts, file_skipped = _read_entry(entry, max_file_size)
        texts.extend(file_texts)
        skipped.extend(file_skipped)

    for manifest in manifests:
        manifest_skipped.extend(
            _unused_manifest_rows(manifest.rows or {}, manifest.name, texts, skipped))
    documents = tuple(
        document_of(f"d{number}", text, rows, reference_globs)
        for number, text in enumerate(texts, start=1)
    )
    all_skipped = (*manifest_skipped, *skipped)
    for item in all_skipped:
        logger.warning("skipped %s: %s", item.path, item.reason, extra={"skipped": item})
    return Corpus(
        documents=documents,
        skipped=all_skipped,
        manifest=manifest_name if manifest_read else None,
    )


@dataclass(frozen=True)
class _Input:
    """A folder or file given to read, and its path as documents are named.

    ``path`` is relative to the folder that holds every input: ``""`` for
    the one folder given, ``"transcripts/"`` for a folder beside others,
    ``"article.html"`` for a file.
    """

    location: Path
    path: str
    is_folder: bool


def _inputs(inputs: Path | str | Sequence[Path | str]) -> tuple[Path, list[_Input]]:
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
        return Path(os.path.abspath(given[0])), [_Input(given[0], "", True)]
    absolute = [Path(os.path.abspath(path)) for path in given]
    folders = [place for path, place in zip(given, absolute, strict=True) if path.is_dir()]
    try:
        root = Path(os.path.commonpath([place if path.is_dir() else place.parent
                                        for path, place in zip(given, absolute, strict=True)]))
    except ValueError as error:  # paths on different drives
        raise InputError(f"inputs {', '.join(map(str, given))} have no folder in common "
                         f"({error})") from None
    found: dict[Path, _Input] = {}
    for path, place in zip(given, absolute, strict=True):
        if place in found or any(folder in place.parents for folder in folders):
            continue  # given twice, or read as part of a folder given
        relative = _utf8_name(place.relative_to(root).as_posix())
        if path.is_dir():
            found[place] = _Input(path, "" if relative == "." else relative + "/", True)
        else:
            found[place] = _Input(path, relative, False)
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


def _document_globs(globs: Sequence[str], root: Path) -> tuple[str, ...]:
    """The reference globs, and for each that is a path, the glob of the documents it names.

    A GLOB is matched against each document's path from the folder that
    holds the inputs; ``--reference inputs/000.txt`` or ``--reference
    archive/`` name files as the shell sees them, from where it runs.
    """
    found = list(globs)
    for glob in globs:
        place = Path(os.path.abspath(glob))
        if _is_path(glob) and (place == root or root in place.parents):
            relative = _utf8_name(place.relative_to(root).as_posix())
            if place.is_dir():
                found.append("*" if relative == "." else relative + "/*")
            else:
                found.append(relative)
    return tuple(dict.fromkeys(found))


def _own_row(given: _Input, manifest_name: str,
             read: dict[Path, dict[str, tuple[int, Metadata]]]) -> tuple[int, Metadata] | None:
    """The row of a file given by name in the manifest beside it, if it has one.

    ``inputs/001.txt archive/`` keeps the outlet, date and role that
    ``inputs/manifest.csv`` gives the article. The manifest's other rows
    are not this run's business, and neither are its problems. ``read``
    holds the manifests read so far: ``articles/*.html`` names a thousand
    files beside one manifest.
    """
    manifest = given.location.parent / manifest_name
    if given.location.name == manifest_name:
        return None
    if manifest not in read:
        read[manifest] = (_read_manifest(manifest, manifest_name)[0] or {}
                          if manifest.is_file() else {})
    return read[manifest].get(_utf8_name(given.location.name))


def _file_entry(given: _Input) -> _Entry:
    """A file given by name: read if dedup reads its kind, else skipped saying which it reads."""
    suffix = given.location.suffix.lower()
    if (given.location.name in REPORT_OUTPUTS
            and is_dedup_report(given.location.parent / "report.json")):
        # A folder's walk leaves them out; named, they read as documents (clusters.csv has text).
        return _Entry(given.path, given.location,
                      "dedup's own output, not a document: give the documents it was made from")
    if suffix in _SINGLE_FILE_SUFFIXES | _RECORD_SUFFIXES:
        return _Entry(given.path, given.location)
    why = UNREADABLE_SUFFIXES.get(suffix) or f"not a kind of file dedup reads ({KINDS_READ})"
    return _Entry(given.path, given.location, why)


def _walk(folder: Path, path: str = "") -> list[_Entry]:
    """Document files and traversal problems under ``folder``, sorted by path.

    Their paths start with ``path``, the folder's own. Symbolic links to
    folders are followed unless they point back to a folder on the way down
    (a loop). The walk keeps its own stack, so deep trees do not hit the
    recursion limit.
    """
    found: list[_Entry] = []
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
            found.append(_Entry(prefix.rstrip("/"), directory, f"folder {_cannot_read(error)}"))
            continue
        ours = REPORT_OUTPUTS if _holds_a_report(children) else frozenset()
        for child in children:
            if child.name.startswith(".") or child.name in ours:
                continue
            relative = prefix + _utf8_name(child.name)
            location = Path(child.path)
            if _is_dir(child):
                try:
                    identity = _identity(location)
                except OSError as error:
                    found.append(_Entry(relative, location, f"folder {_cannot_read(error)}"))
                    continue
                if identity in ancestors:
                    found.append(_Entry(relative, location, _LOOP))
                else:
                    pending.append((location, relative + "/", ancestors | {identity}))
            elif location.suffix.lower() in _SINGLE_FILE_SUFFIXES | _RECORD_SUFFIXES:
                found.append(_Entry(relative, location))
            elif (why := UNREADABLE_SUFFIXES.get(location.suffix.lower())) is not None:
                found.append(_Entry(relative, location, why))
    return sorted(found, key=lambda entry: entry.path)


def _utf8_name(name: str) -> str:
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


def _read_entry(entry: _Entry, max_file_size: int | None) -> tuple[list[Text], list[Skipped]]:
    """Decode one walked file into texts, or say why it cannot be used."""
    try:
        if entry.problem is not None:
            raise Unreadable(entry.problem)
        _check_name(entry.path)
        data = _read_bytes(entry.location, max_file_size)
        suffix = entry.location.suffix.lower()
        found = Metadata()
        if suffix in OFFICE_SUFFIXES:
            text, encoding = office_text(data, suffix), suffix[1:]
        elif suffix in MAIL_SUFFIXES:
            (text, found), encoding = mail_text(data), suffix[1:]
        else:
            text, encoding = decode_bytes(data)
        if not text.strip():
            raise Unreadable("no text (the file holds only whitespace)")
    except Unreadable as problem:
        return [], [Skipped(_printable(entry.path), str(problem))]

    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in _RECORD_SUFFIXES:
        return read_records(entry.path, suffix, text, encoding, sha256)
    if suffix in {".html", ".htm"}:
        body, page_title = html_text(text)
        if not body:
            return [], [Skipped(entry.path, _NO_HTML_TEXT)]
        return [Text(entry.path, entry.path, body, encoding, sha256,
                     found=Metadata(title=page_title))], []
    if suffix in CAPTION_SUFFIXES:
        try:
            text = caption_text(text, suffix)
        except Unreadable as problem:
            return [], [Skipped(entry.path, str(problem))]
    elif suffix == ".txt" and (kind := caption_kind(text)) is not None:
        # A caption file saved as text: its cue numbers and time codes are no words.
        with contextlib.suppress(Unreadable):  # not one after all: the whole file
            text = caption_text(text, kind)
    return [Text(entry.path, entry.path, text, encoding, sha256, found=found)], []


def _check_name(path: str) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Unreadable("file name is not valid UTF-8; rename the file") from error


def _printable(path: str) -> str:
    """The path with bytes that are not UTF-8 shown as U+FFFD, so reports can hold it."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _read_bytes(location: Path, max_file_size: int | None) -> bytes:
    try:
        status = location.stat()
    except FileNotFoundError as error:
        if location.is_symlink():
            target = os.readlink(location)
            message = f"broken symbolic link (points to {target!r}, which does not exist)"
            raise Unreadable(message) from error
        raise Unreadable(_cannot_read(error)) from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("symbolic link loop (the link points back to itself)") from error
        raise Unreadable(_cannot_read(error)) from error
    if not location.is_file():
        raise Unreadable("not a regular file (a pipe, socket or device), not read")
    if max_file_size is not None and status.st_size > max_file_size:
        raise Unreadable(
            f"file is {status.st_size:,} bytes, larger than --max-file-size {max_file_size:,}"
        )
    if status.st_size == 0:
        raise Unreadable("empty file")
    try:
        with location.open("rb") as stream:
            data = stream.read()
    except OSError as error:
        raise Unreadable(_cannot_read(error)) from error
    if not data:
        raise Unreadable("empty file")
    return data


def _cannot_read(error: OSError) -> str:
    return f"cannot be read ({_why(error)})"


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


@dataclass(frozen=True)
class _Manifest:
    """A folder's manifest: its rows by document path (None when unusable) and rows refused."""

    name: str
    rows: dict[str, tuple[int, Metadata]] | None
    refused: list[Skipped]
    depth: tuple[int, str]
    """Folders nearer the top first, so a subfolder's row for a document wins."""


def _manifest(location: Path, name: str, folder: str) -> _Manifest:
    """Read the manifest at ``location``, whose paths are relative to ``folder`` (``"a/"``)."""
    rows, refused = _read_manifest(location, name)
    if rows is not None:
        rows = {folder + path: row for path, row in rows.items()}
    return _Manifest(name, rows, refused, (folder.count("/"), folder))


def _read_manifest(
    location: Path, name: str
) -> tuple[dict[str, tuple[int, Metadata]] | None, list[Skipped]]:
    """Manifest rows by relative path (with their line), and the rows refused.

    The rows are None when the manifest as a whole cannot be used. A date
    that :func:`~dedup.ingest.records.iso_date` cannot read does not refuse
    its row: the row is used without a date, and a warning names the line.
    """
    try:
        text, _ = decode_bytes(_read_bytes(location, None))
        rows = list(_manifest_rows(text))
    except (Unreadable, csv.Error) as problem:
        return None, [Skipped(name, f"{name}: {problem}")]
    if rows and "path" not in rows[0][1]:
        columns = ", ".join(rows[0][1])
        return None, [Skipped(name, f"{name}: no 'path' column (columns: {columns})")]

    entries: dict[str, tuple[int, Metadata]] = {}
    skipped: list[Skipped] = []
    for line, row in rows[1:]:
        fields = dict(zip(rows[0][1], row, strict=False))
        path = _relative_path(fields.get("path") or "")
        date = (fields.get("date") or "").strip()
        try:
            if not path:
                raise Unreadable("no path")
            if path in entries:
                raise Unreadable(f"repeats {path!r} of line {entries[path][0]}; that row is used")
            metadata = Metadata(
                role=parse_role((fields.get("role") or "").strip() or None),
                title=clean_string(fields.get("title")),
                outlet=clean_string(fields.get("outlet")),
                date=iso_date(date),
                url=clean_string(fields.get("url")),
            )
        except Unreadable as problem:
            skipped.append(Skipped(name, f"{name} line {line}: {problem}"))
            continue
        entries[path] = (line, metadata)
        if date and metadata.date is None:
            logger.warning(
                "%s line %d: date %r is not a date like 2022-04-05 or 05.04.2022; "
                "the row is used without a date",
                name,
                line,
                date,
            )
    return entries, skipped


def _relative_path(written: str) -> str:
    """Normalise a path as people write it (``./a/b.txt``, backslashes) to ``a/b.txt``."""
    parts = written.strip().replace("\\", "/").split("/")
    return "/".join(part for part in parts if part not in {"", "."})


def _manifest_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV rows with the line each starts on; the header lower-cased."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    header_seen = False
    for row in reader:
        if any(cell.strip() for cell in row):
            yield line, row if header_seen else [cell.strip().lower() for cell in row]
            header_seen = True
        line = reader.line_num + 1


def _unused_manifest_rows(
    manifest: Mapping[str, tuple[int, Metadata]],
    name: str,
    texts: Sequence[Text],
    skipped: Sequence[Skipped],
) -> list[Skipped]:
    """Manifest rows naming no file that was found, so typos do not pass unseen."""
    known = {text.path for text in texts} | {text.file_path for text in texts}
    known |= {item.path for item in skipped} | {item.path.split("#")[0] for item in skipped}
    return [
        Skipped(name, f"{name} line {line}: no document {path!r} in the folder")
        for path, (line, _) in sorted(manifest.items(), key=lambda item: item[1][0])
        if path not in known
    ]


def document_of(
    document_id: str,
    text: Text,
    manifest: Mapping[str, tuple[int, Metadata]],
    reference_globs: Sequence[str],
) -> Document:
    """Merge a text's own metadata over its manifest row's, and settle its role."""
    row = manifest.get(text.path) or manifest.get(text.file_path)
    listed = row[1] if row else Metadata()
    merged = replace(
        listed,
        **{
            name: getattr(text.own, name)
            for name in ("role", *METADATA_FIELDS)
            if getattr(text.own, name) is not None
        },
    )
    role: Role = merged.role or "media"
    if reference_globs:
        file_name = text.file_path.rsplit("/", 1)[-1]
        matches = any(
            fnmatchcase(text.file_path, glob) or fnmatchcase(file_name, glob)
            for glob in reference_globs
        )
        role = "reference" if matches else "media"
    return Document(
        id=document_id,
        path=text.path,
        text=text.text,
        role=role,
        title=merged.title or text.found.title,
        outlet=merged.outlet or text.found.outlet,
        date=merged.date or text.found.date,
        url=merged.url,
        encoding=text.encoding,
        sha256=text.sha256,
    )
