"""``load_corpus``: the inputs walked, each file read, manifests and globs applied."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from dedup.ingest.files import read_entry
from dedup.ingest.manifest import Manifest, document_of, manifest_at, own_row, unused_manifest_rows
from dedup.ingest.records import (
    Metadata,
    Text,
)
from dedup.ingest.walk import Entry, document_globs, file_entry, inputs_of, walk_folder
from dedup.models import Corpus, Skipped

logger = logging.getLogger(__name__)


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
    manifests: list[Manifest] = []
    entries: list[Entry] = []
    beside: dict[Path, dict[str, tuple[int, Metadata]]] = {}  # read once for all files given
    root, given_inputs = inputs_of(inputs)
    reference_globs = document_globs(reference_globs, root)
    for given in given_inputs:
        if not given.is_folder:
            entries.append(file_entry(given))
            if (row := own_row(given, manifest_name, beside)) is not None:
                rows[given.path] = row
                manifest_read = True
            continue
        name = given.path + manifest_name
        if (given.location / manifest_name).is_file():
            manifests.append(manifest_at(given.location / manifest_name, name, given.path))
        for entry in walk_folder(given.location, given.path):
            if entry.path == name:
                continue
            if entry.location.name == manifest_name and entry.problem is None:
                # A subfolder's own manifest, for the documents under it.
                folder = entry.path[: -len(manifest_name)]
                manifests.append(manifest_at(entry.location, entry.path, folder))
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
        file_texts, file_skipped = read_entry(entry, max_file_size)
        texts.extend(file_texts)
        skipped.extend(file_skipped)

    for manifest in manifests:
        manifest_skipped.extend(
            unused_manifest_rows(manifest.rows or {}, manifest.name, texts, skipped))
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
