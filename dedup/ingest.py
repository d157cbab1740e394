"""Folder -> Corpus: find the documents, decode them and attach their metadata.

In: a folder, an optional ``manifest.csv`` at its root and optional
``reference_globs``. Out: a :class:`~dedup.models.Corpus` holding the
readable documents and, for everything else, a :class:`~dedup.models.Skipped`
entry that says in one line what is wrong.

Documents are ``.txt``, ``.md``, ``.html``/``.htm`` (one document per file)
and ``.json``, ``.jsonl``, ``.csv`` (one document per record, each record
with a string ``text`` field). Other files and hidden names are ignored.

Always holds: documents are in order of their relative POSIX path (records
in file order) and have the ids ``d1``, ``d2`` ... in that order; for ``.txt``
and ``.md`` files ``Document.text`` is the whole decoded file (byte order mark
removed, newlines untouched), so offsets index into what the file says; a
file that cannot be read never raises, it becomes a ``Skipped`` entry.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import errno
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from html.parser import HTMLParser
from pathlib import Path

from dedup.errors import InputError
from dedup.models import ROLES, Corpus, Document, Role, Skipped

logger = logging.getLogger(__name__)

_SINGLE_FILE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".csv"})
_METADATA_FIELDS = ("title", "outlet", "date", "url")

# Signatures of the binary formats most often found in a folder of texts.
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return, and DEL: text almost never holds them, binary formats are full of them.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.1

_HTML_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "header", "footer"}
    | {"aside", "form", "iframe", "head"}
)
_HTML_BLOCKS = frozenset(
    {"address", "article", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt"}
    | {"fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li"}
    | {"main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th"}
    | {"thead", "tr", "ul"}
)
_SPACES = re.compile(r"[^\S\n]+")
_WHITESPACE = re.compile(r"\s+")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?")
_LOOP = "symbolic link back to a folder that contains it (a loop), not followed"
_NO_HTML_TEXT = "no text after removing scripts, styles and navigation"


class _Unreadable(Exception):
    """A file (or record) is not a usable document; the message says why."""


@dataclass(frozen=True)
class _Entry:
    """A document file found by the walk, or a problem found on the way."""

    path: str
    location: Path
    problem: str | None = None


@dataclass(frozen=True)
class _Metadata:
    """Role and descriptive fields, from a record or a manifest row."""

    role: Role | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class _Text:
    """A decoded document before metadata is merged and ids are given."""

    path: str
    file_path: str
    text: str
    encoding: str
    sha256: str
    own: _Metadata = _Metadata()
    page_title: str | None = None


def load_corpus(
    folder: Path,
    *,
    reference_globs: Sequence[str] = (),
    manifest_name: str = "manifest.csv",
    max_file_size: int | None = None,
) -> Corpus:
    """Read every document under ``folder``.

    Args:
        folder: The folder to scan, recursively.
        reference_globs: When given, documents whose relative path or file
            name matches one of these globs are ``reference``, all others
            ``media``, whatever the manifest or the records say.
        manifest_name: The metadata CSV at the root of ``folder``.
        max_file_size: Files larger than this many bytes are skipped.

    Returns:
        The documents (possibly none) and the skipped files and records.

    Raises:
        InputError: ``folder`` does not exist, is not a folder or cannot be listed.

    Example:
        >>> corpus = load_corpus(Path("inputs"), reference_globs=["*transcript*"])
        >>> [document.id for document in corpus.documents][:2]
        ['d1', 'd2']

    """
    folder = Path(folder)
    if not folder.exists():
        raise InputError(f"input folder {folder} does not exist; give the folder of documents")
    if not folder.is_dir():
        raise InputError(f"input {folder} is not a folder; give the folder that holds the files")

    manifest_path = folder / manifest_name
    manifest: dict[str, tuple[int, _Metadata]] | None = None
    manifest_skipped: list[Skipped] = []
    if manifest_path.is_file():
        manifest, manifest_skipped = _read_manifest(manifest_path, manifest_name)
    rows = manifest or {}

    texts: list[_Text] = []
    skipped: list[Skipped] = []
    for entry in _walk(folder):
        if entry.path == manifest_name:
            continue
        file_texts, file_skipped = _read_entry(entry, max_file_size)
        texts.extend(file_texts)
        skipped.extend(file_skipped)

    manifest_skipped.extend(_unused_manifest_rows(rows, manifest_name, texts, skipped))
    documents = tuple(
        _document(f"d{number}", text, rows, reference_globs)
        for number, text in enumerate(texts, start=1)
    )
    all_skipped = (*manifest_skipped, *skipped)
    for item in all_skipped:
        logger.warning("skipped %s: %s", item.path, item.reason)
    return Corpus(
        documents=documents,
        skipped=all_skipped,
        manifest=manifest_name if manifest is not None else None,
    )


def _walk(folder: Path) -> list[_Entry]:
    """Document files and traversal problems under ``folder``, sorted by path.

    Symbolic links to folders are followed unless they point back to a folder
    on the way down (a loop). The walk keeps its own stack, so deep trees do
    not hit the recursion limit.
    """
    found: list[_Entry] = []
    pending = [(folder, "", frozenset({_identity(folder)}))]
    while pending:
        directory, prefix, ancestors = pending.pop()
        try:
            with os.scandir(directory) as scan:
                children = sorted(scan, key=lambda child: child.name)
        except OSError as error:
            if not prefix:
                message = f"input folder {folder} cannot be listed ({_why(error)})"
                raise InputError(message) from error
            found.append(_Entry(prefix.rstrip("/"), directory, f"folder {_cannot_read(error)}"))
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            relative = prefix + child.name
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
    return sorted(found, key=lambda entry: entry.path)


def _is_dir(child: os.DirEntry[str]) -> bool:
    try:
        return child.is_dir()
    except OSError:
        return False


def _identity(directory: Path) -> tuple[int, int]:
    status = directory.stat()
    return status.st_dev, status.st_ino


def _read_entry(entry: _Entry, max_file_size: int | None) -> tuple[list[_Text], list[Skipped]]:
    """Decode one walked file into texts, or say why it cannot be used."""
    try:
        if entry.problem is not None:
            raise _Unreadable(entry.problem)
        _check_name(entry.path)
        data = _read_bytes(entry.location, max_file_size)
        text, encoding = _decode(data)
        if not text.strip():
            raise _Unreadable("no text (the file holds only whitespace)")
    except _Unreadable as problem:
        return [], [Skipped(entry.path, str(problem))]

    sha256 = hashlib.sha256(data).hexdigest()
    suffix = entry.location.suffix.lower()
    if suffix in _RECORD_SUFFIXES:
        return _read_records(entry.path, suffix, text, encoding, sha256)
    if suffix in {".html", ".htm"}:
        body, page_title = _html_text(text)
        if not body:
            return [], [Skipped(entry.path, _NO_HTML_TEXT)]
        return [_Text(entry.path, entry.path, body, encoding, sha256, page_title=page_title)], []
    return [_Text(entry.path, entry.path, text, encoding, sha256)], []


def _check_name(path: str) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _Unreadable("file name is not valid UTF-8; rename the file") from error


def _read_bytes(location: Path, max_file_size: int | None) -> bytes:
    try:
        status = location.stat()
    except FileNotFoundError as error:
        if location.is_symlink():
            target = os.readlink(location)
            message = f"broken symbolic link (points to {target!r}, which does not exist)"
            raise _Unreadable(message) from error
        raise _Unreadable(_cannot_read(error)) from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _Unreadable("symbolic link loop (the link points back to itself)") from error
        raise _Unreadable(_cannot_read(error)) from error
    if not location.is_file():
        raise _Unreadable("not a regular file (a pipe, socket or device), not read")
    if max_file_size is not None and status.st_size > max_file_size:
        raise _Unreadable(
            f"file is {status.st_size:,} bytes, larger than --max-file-size {max_file_size:,}"
        )
    if status.st_size == 0:
        raise _Unreadable("empty file")
    try:
        with location.open("rb") as stream:
            data = stream.read()
    except OSError as error:
        raise _Unreadable(_cannot_read(error)) from error
    if not data:
        raise _Unreadable("empty file")
    return data


def _cannot_read(error: OSError) -> str:
    return f"cannot be read ({_why(error)})"


def _why(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _decode(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read with.

    Byte order marks decide first; then binary files are refused; then UTF-8,
    cp1252 (Windows "smart quotes") and, as a last resort, latin-1, which
    decodes any byte.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise _Unreadable(
                    f"starts with a {encoding.upper()} byte order mark but is not valid "
                    f"{encoding.upper()} ({error.reason} at byte {error.start})"
                ) from error
    kind = _binary_kind(data)
    if kind is not None:
        raise _Unreadable(f"binary file ({kind}), not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _binary_kind(data: bytes) -> str | None:
    """Say what makes ``data`` binary, or return None when it looks like text."""
    for magic, kind in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return "contains NUL bytes"
    sample = data[:_CONTROL_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        return f"{controls / len(sample):.0%} control characters"
    return None


class _HtmlTextParser(HTMLParser):
    """Collects the readable text of a page: event-driven, so never recursive."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.title: str | None = None
        self._title_pieces: list[str] | None = None
        self._dropped: list[str] = []
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" or tag in _HTML_BLOCKS:
            self._end_title()  # a block cannot be inside <title>: it was left open
        if tag == "body":
            self._dropped.clear()  # <body> closes an unclosed <head>
        if tag in _HTML_DROPPED:
            self._dropped.append(tag)
        elif tag == "title" and self.title is None and "svg" not in self._dropped:
            self._title_pieces = []
        if tag == "pre":
            self._pre_depth += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._dropped:
            while self._dropped.pop() != tag:
                pass
        elif tag == "title":
            self._end_title()
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._title_pieces is not None:
            self._title_pieces.append(data)
        elif not self._dropped:
            self.pieces.append(data if self._pre_depth else _WHITESPACE.sub(" ", data))

    def _end_title(self) -> None:
        if self._title_pieces is not None:
            self.title = _WHITESPACE.sub(" ", "".join(self._title_pieces)).strip() or None
            self._title_pieces = None

    def _break(self, tag: str) -> None:
        if tag == "br":
            self.pieces.append("\n")
        elif tag in _HTML_BLOCKS:
            self.pieces.append("\n\n")


def _html_text(markup: str) -> tuple[str, str | None]:
    """Extract the main text of a page, one block per paragraph, and its <title>."""
    parser = _HtmlTextParser()
    parser.feed(markup)
    parser.close()
    lines: list[str] = []
    for raw_line in "".join(parser.pieces).split("\n"):
        line = _SPACES.sub(" ", raw_line).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip(), parser.title


_Record = tuple[int, str, Mapping[str, object] | str]
"""A record's 1-based number, its label for messages, and its fields or a problem."""


def _read_records(
    path: str, suffix: str, text: str, encoding: str, sha256: str
) -> tuple[list[_Text], list[Skipped]]:
    """Split a JSON, JSONL or CSV file into one text per record."""
    try:
        if suffix == ".jsonl":
            records = list(_jsonl_records(text))
        elif suffix == ".json":
            records = list(_json_records(text))
        else:
            records = list(_csv_records(text))
    except _Unreadable as problem:
        return [], [Skipped(path, str(problem))]
    if not records:
        return [], [Skipped(path, "no records in the file")]

    texts: list[_Text] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for number, label, fields in records:
        key = _record_id(fields) or str(number)
        record_path = f"{path}#{key if key not in seen else number}"
        try:
            if isinstance(fields, str):
                raise _Unreadable(fields)
            if key in seen:
                raise _Unreadable(f"repeats the id {key!r} of an earlier record")
            texts.append(_record_text(record_path, path, label, fields, encoding, sha256))
        except _Unreadable as problem:
            skipped.append(Skipped(record_path, f"{label}: {problem}"))
        seen.add(key)
    return texts, skipped


def _jsonl_records(text: str) -> Iterator[_Record]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"line {number}"
        try:
            value: object = json.loads(line)
        except (ValueError, RecursionError) as error:
            yield number, label, f"invalid JSON ({_json_problem(error)})"
            continue
        yield number, label, value if isinstance(value, dict) else "not a JSON object"


def _json_records(text: str) -> Iterator[_Record]:
    try:
        value: object = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _Unreadable(f"invalid JSON ({_json_problem(error)})") from error
    if isinstance(value, dict):
        nested = value.get("documents", value.get("records"))
        value = nested if "text" not in value and isinstance(nested, list) else [value]
    if not isinstance(value, list):
        raise _Unreadable("JSON is neither a list of records nor a record with a 'text' field")
    for number, item in enumerate(value, start=1):
        yield number, f"record {number}", item if isinstance(item, dict) else "not a JSON object"


def _json_problem(error: ValueError | RecursionError) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)


def _csv_records(text: str) -> Iterator[_Record]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [name.strip().lower() for name in reader.fieldnames or []]
        if "text" not in columns:
            raise _Unreadable(f"no 'text' column (columns: {', '.join(columns)})")
        reader.fieldnames = columns
        line = reader.line_num + 1
        for number, row in enumerate(reader, start=1):
            yield number, f"row {number} (line {line})", row
            line = reader.line_num + 1
    except csv.Error as error:
        raise _Unreadable(f"invalid CSV ({error})") from error


def _record_id(fields: Mapping[str, object] | str) -> str | None:
    if isinstance(fields, str):
        return None
    value = fields.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string(value)


def _record_text(
    path: str, file_path: str, label: str, fields: Mapping[str, object], encoding: str, sha: str
) -> _Text:
    """Validate one record and turn it into a text with its own metadata."""
    text = fields.get("text")
    if text is None:
        raise _Unreadable("no 'text' field")
    if not isinstance(text, str):
        raise _Unreadable(f"'text' is not a string (got {type(text).__name__})")
    if not text.strip():
        raise _Unreadable("empty 'text' field")
    values = {name: _string(fields.get(name)) for name in _METADATA_FIELDS}
    own = _Metadata(
        role=_role(_string(fields.get("role"))),
        title=values["title"],
        outlet=values["outlet"],
        date=_iso_date(values["date"]),
        url=values["url"],
    )
    return _Text(path, file_path, text, encoding, sha, own=own)


def _string(value: object) -> str | None:
    """Return a string value stripped, or None when it is empty or not a string."""
    return (value.strip() or None) if isinstance(value, str) else None


def _role(value: str | None) -> Role | None:
    if value is None:
        return None
    for role in ROLES:
        if value.lower() == role:
            return role
    raise _Unreadable(f"unknown role {value!r} (use reference or media)")


def _iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or date-time, else None."""
    match = _ISO_DATE.fullmatch(value or "")
    if match is None:
        return None
    try:
        return datetime.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _read_manifest(
    location: Path, name: str
) -> tuple[dict[str, tuple[int, _Metadata]] | None, list[Skipped]]:
    """Manifest rows by relative path (with their line), and the rows refused.

    The rows are None when the manifest as a whole cannot be used.
    """
    try:
        text, _ = _decode(_read_bytes(location, None))
        rows = list(_manifest_rows(text))
    except (_Unreadable, csv.Error) as problem:
        return None, [Skipped(name, f"{name}: {problem}")]
    if rows and "path" not in rows[0][1]:
        columns = ", ".join(rows[0][1])
        return None, [Skipped(name, f"{name}: no 'path' column (columns: {columns})")]

    entries: dict[str, tuple[int, _Metadata]] = {}
    skipped: list[Skipped] = []
    for line, row in rows[1:]:
        fields = dict(zip(rows[0][1], row, strict=False))
        path = _relative_path(fields.get("path") or "")
        date = (fields.get("date") or "").strip()
        try:
            if not path:
                raise _Unreadable("no path")
            if path in entries:
                raise _Unreadable(f"repeats {path!r} of line {entries[path][0]}; that row is used")
            if date and _iso_date(date) is None:
                raise _Unreadable(f"date {date!r} is not a date like 2022-04-05")
            metadata = _Metadata(
                role=_role((fields.get("role") or "").strip() or None),
                title=_string(fields.get("title")),
                outlet=_string(fields.get("outlet")),
                date=_iso_date(date),
                url=_string(fields.get("url")),
            )
        except _Unreadable as problem:
            skipped.append(Skipped(name, f"{name} line {line}: {problem}"))
            continue
        entries[path] = (line, metadata)
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
    manifest: Mapping[str, tuple[int, _Metadata]],
    name: str,
    texts: Sequence[_Text],
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


def _document(
    document_id: str,
    text: _Text,
    manifest: Mapping[str, tuple[int, _Metadata]],
    reference_globs: Sequence[str],
) -> Document:
    """Merge a text's own metadata over its manifest row's, and settle its role."""
    row = manifest.get(text.path) or manifest.get(text.file_path)
    listed = row[1] if row else _Metadata()
    merged = replace(
        listed,
        **{
            name: getattr(text.own, name)
            for name in ("role", *_METADATA_FIELDS)
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
        title=merged.title or text.page_title,
        outlet=merged.outlet,
        date=merged.date,
        url=merged.url,
        encoding=text.encoding,
        sha256=text.sha256,
    )
