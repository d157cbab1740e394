"""Manifests: each document's role and metadata from the ``manifest.csv`` over it.

``manifest_at`` reads one (its rows by path, or why it was refused), the
nearest manifest over a document wins, rows naming no document are
reported (``unused_manifest_rows``), and ``document_of`` makes the
``Document`` with its role (the manifest's, a ``--reference`` glob's, or
``media``) and metadata.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from dedup.ingest.decode import Unreadable, decode_bytes
from dedup.ingest.files import read_bytes
from dedup.ingest.records import (
    METADATA_FIELDS,
    Metadata,
    Text,
    clean_string,
    iso_date,
    parse_role,
)
from dedup.ingest.walk import Input, utf8_name
from dedup.models import Document, Role, Skipped

logger = logging.getLogger(__name__)


def own_row(given: Input, manifest_name: str,
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
    return read[manifest].get(utf8_name(given.location.name))


@dataclass(frozen=True)
class Manifest:
    """A folder's manifest: its rows by document path (None when unusable) and rows refused."""

    name: str
    rows: dict[str, tuple[int, Metadata]] | None
    refused: list[Skipped]
    depth: tuple[int, str]
    """Folders nearer the top first, so a subfolder's row for a document wins."""


def manifest_at(location: Path, name: str, folder: str) -> Manifest:
    """Read the manifest at ``location``, whose paths are relative to ``folder`` (``"a/"``)."""
    rows, refused = _read_manifest(location, name)
    if rows is not None:
        rows = {folder + path: row for path, row in rows.items()}
    return Manifest(name, rows, refused, (folder.count("/"), folder))


def _read_manifest(
    location: Path, name: str
) -> tuple[dict[str, tuple[int, Metadata]] | None, list[Skipped]]:
    """Manifest rows by relative path (with their line), and the rows refused.

    The rows are None when the manifest as a whole cannot be used. A date
    that :func:`~dedup.ingest.records.iso_date` cannot read does not refuse
    its row: the row is used without a date, and a warning names the line.
    """
    try:
        text, _ = decode_bytes(read_bytes(location, None))
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


def unused_manifest_rows(
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
