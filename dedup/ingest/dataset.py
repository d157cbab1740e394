"""Dataset path -> Corpus: records of a JSONL or Parquet dataset, one document each.

Big corpora arrive as datasets, not as folders of files: a file, or a
folder of part files (``part-00000...``), each record holding an id and a
text (named by ``id_field`` and ``text_field``; ``id`` and ``text`` by
default) and, optionally, ``role``, ``title``, ``outlet``, ``date`` and
``url``. Each JSONL file is read as :mod:`dedup.ingest.records` reads a
``.jsonl`` file; the Spark engine reads Parquet (and JSONL, file by file
with the functions here) on its executors.

Always holds: a document's path is its record id; documents are in order of
their ids (as text, then by file and record), numbered ``d1``, ``d2`` ... in
that order, whatever the number and order of the part files; a record with
no id, no text, or an id an earlier record has is ``Skipped``, never lost;
skipped entries are sorted by path and reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from dedup.errors import ConfigError, InputError
from dedup.ingest import document_of, records
from dedup.ingest.decode import Unreadable, decode_bytes
from dedup.ingest.records import Text, record_id
from dedup.models import Corpus, Document, Skipped

INPUT_FORMATS = ("folder", "jsonl", "parquet")
"""What ``--input-format`` accepts: a folder of documents, or a dataset path."""


@dataclass(frozen=True)
class Dataset:
    """How to read a dataset path: its format and the fields that hold id and text."""

    format: Literal["jsonl", "parquet"]
    id_field: str = "id"
    text_field: str = "text"

# A keyed text: (id, relative file path, record number) orders a dataset's records.
Keyed = tuple[tuple[str, str, int], Text]


def dataset_files(path: Path) -> list[tuple[str, Path]]:
    """The part files of a dataset path, as ``(relative path, location)`` in path order.

    The files directly in the folder (as Spark writes them); names starting
    with ``.`` or ``_`` (``_SUCCESS``, ``.part-0.crc``) are markers, not data.

    Raises:
        InputError: ``path`` does not exist.

    """
    if not path.exists():
        raise InputError(f"dataset {path} does not exist; give a JSONL file or a folder of them")
    if path.is_file():
        return [(path.name, path)]
    return sorted((location.name, location) for location in path.iterdir()
                  if location.is_file() and location.name[0] not in "._")


def jsonl_records(
    relative: str, data: bytes, *, id_field: str, text_field: str
) -> tuple[list[Keyed], list[Skipped]]:
    """The records of one JSONL part file, keyed for ordering, and those skipped."""
    try:
        text, encoding = decode_bytes(data)
    except Unreadable as problem:
        return [], [Skipped(relative, str(problem))]
    keyed: list[Keyed] = []
    skipped: list[Skipped] = []
    for number, label, fields in records.jsonl_records(text):
        if isinstance(fields, str):
            skipped.append(Skipped(relative, f"{label}: {fields}"))
            continue
        found = field_record(fields, relative, number, label=label, encoding=encoding,
                             id_field=id_field, text_field=text_field)
        (skipped if isinstance(found, Skipped) else keyed).append(found)  # type: ignore[arg-type]
    return keyed, skipped


def field_record(
    fields: Mapping[str, object], file_name: str, number: int, *, label: str,
    encoding: str = "utf-8", id_field: str, text_field: str,
) -> Keyed | Skipped:
    """One record's keyed text, or why it is skipped (a JSONL line or a Parquet row)."""
    key = record_id(fields, id_field)
    if key is None:
        return Skipped(file_name, f"{label}: no {id_field!r} value")
    try:
        item = records.record_text(key, file_name, label, fields, encoding, "",
                                   text_field=text_field)
    except Unreadable as problem:
        return Skipped(key, f"{file_name} {label}: {problem}")
    sha256 = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
    return (key, file_name, number), replace(item, sha256=sha256)


def settle(keyed: Iterable[Keyed]) -> tuple[list[Text], list[Skipped]]:
    """Records in id order; of records sharing an id, the first (by file and number) is kept."""
    texts: list[Text] = []
    skipped: list[Skipped] = []
    previous: str | None = None
    for (key, file_name, number), text in sorted(keyed, key=lambda item: (item[0],
                                                                        item[1].text)):
        if key == previous:
            skipped.append(Skipped(key, f"{file_name} #{number}: repeats the id {key!r}"))
            continue
        previous = key
        texts.append(text)
    return texts, skipped


def documents_of(texts: Sequence[Text], reference_globs: Sequence[str]) -> list[Document]:
    """The documents of settled texts, numbered ``d1``, ``d2`` ... in order."""
    return [document_of(f"d{number}", text, {}, reference_globs)
            for number, text in enumerate(texts, start=1)]


def load_dataset(path: Path, dataset: Dataset, *, reference_globs: Sequence[str] = ()) -> Corpus:
    """Read a JSONL dataset on this machine (Parquet is read by the Spark engine).

    Raises:
        ConfigError: the dataset is Parquet.
        InputError: ``path`` does not exist.

    Example:
        >>> load_dataset(Path("missing.jsonl"), Dataset("jsonl"))  # doctest: +SKIP
        Traceback (most recent call last):
        dedup.errors.InputError: dataset missing.jsonl does not exist

    """
    if dataset.format != "jsonl":
        raise ConfigError(f"{dataset.format} datasets are read by the Spark engine: "
                          "add --engine spark, or give a JSONL dataset")
    keyed: list[Keyed] = []
    skipped: list[Skipped] = []
    for relative, location in dataset_files(path):
        try:
            data = location.read_bytes()
        except OSError as error:
            skipped.append(Skipped(relative, f"cannot be read ({error.strerror or error})"))
            continue
        found, refused = jsonl_records(relative, data, id_field=dataset.id_field,
                                       text_field=dataset.text_field)
        keyed.extend(found)
        skipped.extend(refused)
    texts, repeated = settle(keyed)
    refused = sorted((*skipped, *repeated), key=lambda item: (item.path, item.reason))
    return Corpus(tuple(documents_of(texts, reference_globs)), tuple(refused))
