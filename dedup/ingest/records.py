"""Record files -> texts: one text per record of a JSON, JSONL or CSV file.

In: the decoded text of a ``.json``, ``.jsonl`` or ``.csv`` file. Out: a
:class:`Text` for each usable record (its ``text`` field plus its own
metadata) and a :class:`~dedup.models.Skipped` entry for each record that
cannot be used. Also home to the metadata fields and their parsing
(:class:`Metadata`, :func:`parse_role`, :func:`iso_date`), which the manifest
reader shares. Dates are kept as ``YYYY-MM-DD``, from ISO dates and
date-times or day-first ``05.04.2022``, ``05.04.22`` and ``05/04/2022``; a
record whose date is none of these keeps no date, with a logged warning.

Always holds: texts are in file order; a record's path is
``file#id`` (its ``id`` field) or ``file#number`` (its 1-based number) when it
has no id or repeats an earlier one; a bad record never raises, it becomes a
``Skipped`` entry, and a file with no usable structure becomes one ``Skipped``
entry for the whole file.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from dedup.ingest.decode import Unreadable
from dedup.models import ROLES, Role, Skipped

__all__ = [
    "METADATA_FIELDS",
    "Metadata",
    "Text",
    "clean_string",
    "iso_date",
    "parse_role",
    "jsonl_records",
    "read_records",
    "record_id",
    "record_text",
]

logger = logging.getLogger(__name__)

METADATA_FIELDS = ("title", "outlet", "date", "url")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
# Day first: 05.04.2022, 05.04.22, 5.4.2022 or 05/04/2022 (no two-digit year with slashes).
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})")
_CENTURY_CUT = 70
"""Two-digit years below this are 20xx, the others 19xx."""


@dataclass(frozen=True)
class Metadata:
    """Role and descriptive fields, from a record or a manifest row."""

    role: Role | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Text:
    """A decoded document before metadata is merged and ids are given.

    ``own`` is what a record's fields say of it, which wins over the
    manifest; ``found`` what the file says of itself (an HTML page's
    ``<title>``, an e-mail's headers), used where the manifest says nothing.
    """

    path: str
    file_path: str
    text: str
    encoding: str
    sha256: str
    own: Metadata = Metadata()
    found: Metadata = Metadata()


_Record = tuple[int, str, Mapping[str, object] | str]
"""A record's 1-based number, its label for messages, and its fields or a problem."""


def read_records(
    path: str, suffix: str, text: str, encoding: str, sha256: str,
    *, id_field: str = "id", text_field: str = "text",
) -> tuple[list[Text], list[Skipped]]:
    """Split a JSON, JSONL or CSV file into one text per record.

    ``id_field`` and ``text_field`` name the fields that hold a record's id
    and text (a dataset may call them ``doc_id`` and ``body``).
    """
    try:
        if suffix == ".jsonl":
            records = list(_jsonl_records(text))
        elif suffix == ".json":
            records = list(_json_records(text))
        else:
            records = list(_csv_records(text, text_field))
    except Unreadable as problem:
        return [], [Skipped(path, str(problem))]
    if not records:
        return [], [Skipped(path, "no records in the file")]

    texts: list[Text] = []
    skipped: list[Skipped] = []
    ids = [_record_id(fields, id_field) for _, _, fields in records]
    given = {own for own in ids if own is not None}
    seen: set[str] = set()
    for (number, label, fields), own in zip(records, ids, strict=True):
        if own is None:
            # Named by its number, or by its place when another record has that id.
            record_path = f"{path}#{number if str(number) not in given else label}"
        else:
            record_path = f"{path}#{own if own not in seen else number}"
        try:
            if isinstance(fields, str):
                raise Unreadable(fields)
            if own in seen:
                raise Unreadable(f"repeats the id {own!r} of an earlier record")
            texts.append(record_text(record_path, path, label, fields, encoding, sha256,
                                     text_field=text_field))
        except Unreadable as problem:
            skipped.append(Skipped(record_path, f"{label}: {problem}"))
        if own is not None:
            seen.add(own)
    return texts, skipped


def jsonl_records(text: str) -> Iterator[_Record]:
    """``(number, label, fields or the problem)`` for each non-blank line of a JSONL text."""
    return _jsonl_records(text)


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
        raise Unreadable(f"invalid JSON ({_json_problem(error)})") from error
    if isinstance(value, dict):
        nested = value.get("documents", value.get("records"))
        value = nested if "text" not in value and isinstance(nested, list) else [value]
    if not isinstance(value, list):
        raise Unreadable("JSON is neither a list of records nor a record with a 'text' field")
    for number, item in enumerate(value, start=1):
        yield number, f"record {number}", item if isinstance(item, dict) else "not a JSON object"


def _json_problem(error: ValueError | RecursionError) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)


def _csv_records(text: str, text_field: str) -> Iterator[_Record]:
    # A field may be the whole text of a long document: the csv module's
    # limit (131,072 characters) is raised to the file's size while it is read.
    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        yield from _csv_rows(text, text_field)
    finally:
        csv.field_size_limit(limit)


def _csv_rows(text: str, text_field: str) -> Iterator[_Record]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [name.strip().lower() for name in reader.fieldnames or []]
        if text_field not in columns:
            raise Unreadable(f"no {text_field!r} column (columns: {', '.join(columns)})")
        reader.fieldnames = columns
        line = reader.line_num + 1
        for number, row in enumerate(reader, start=1):
            yield number, f"row {number} (line {line})", row
            line = reader.line_num + 1
    except csv.Error as error:
        raise Unreadable(f"invalid CSV ({error})") from error


def _record_id(fields: Mapping[str, object] | str, id_field: str = "id") -> str | None:
    if isinstance(fields, str):
        return None
    value = fields.get(id_field)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return clean_string(value)


def record_id(fields: Mapping[str, object], id_field: str = "id") -> str | None:
    """A record's id as text (an integer id written in decimal), or None when it has none."""
    return _record_id(fields, id_field)


def record_text(
    path: str, file_path: str, label: str, fields: Mapping[str, object], encoding: str, sha: str,
    *, text_field: str = "text",
) -> Text:
    """Validate one record and turn it into a text with its own metadata.

    Raises:
        Unreadable: the record has no usable text, or a role no one knows.

    """
    text = fields.get(text_field)
    if text is None:
        raise Unreadable(f"no {text_field!r} field")
    if not isinstance(text, str):
        raise Unreadable(f"{text_field!r} is not a string (got {type(text).__name__})")
    if not text.strip():
        raise Unreadable(f"empty {text_field!r} field")
    text = without_lone_surrogates(text)
    values = {name: clean_string(fields.get(name)) for name in METADATA_FIELDS}
    date = iso_date(values["date"])
    if values["date"] is not None and date is None:
        logger.warning(
            "%s: %s: date %r is not a date; kept without one", path, label, values["date"]
        )
    own = Metadata(
        role=parse_role(clean_string(fields.get("role"))),
        title=values["title"],
        outlet=values["outlet"],
        date=date,
        url=values["url"],
    )
    return Text(path, file_path, text, encoding, sha, own=own)


def clean_string(value: object) -> str | None:
    """Return a string value stripped, or None when it is empty or not a string."""
    return (without_lone_surrogates(value.strip()) or None) if isinstance(value, str) else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    r"""``text`` with each lone surrogate (JSON's ``"\ud800"``) read as U+FFFD, as a bad byte is.

    JSON escapes half a UTF-16 pair as readily as a whole one; no UTF-8 file
    can hold it, so the report could not be written. One character for one,
    so offsets stay those of the record's text.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def parse_role(value: str | None) -> Role | None:
    """Return the role ``value`` names (any case), None for no value.

    Raises:
        Unreadable: ``value`` names no role.

    """
    if value is None:
        return None
    for role in ROLES:
        if value.lower() == role:
            return role
    raise Unreadable(f"unknown role {value!r} (use reference or media)")


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from a date as people write it, else None.

    Read: ISO dates and date-times (the time is dropped), and day-first dates
    with dots or slashes, ``DD.MM.YYYY``, ``DD.MM.YY`` and ``DD/MM/YYYY``
    (two-digit years 00-69 are 20xx, 70-99 are 19xx). Anything else, or a day
    that does not exist, is None.

    Example:
        >>> [iso_date(v) for v in ("2022-04-05T10:30:00Z", "05.04.22", "5/4/1999", "4/5/22")]
        ['2022-04-05', '2022-04-05', '1999-04-05', None]

    """
    text = (value or "").strip()
    match = _ISO_DATE.fullmatch(text)
    if match is not None:
        year, month, day = match.groups()
    else:
        match = _DAY_FIRST_DATE.fullmatch(text)
        if match is None:
            return None
        day, month, year = (part for part in match.groups() if part is not None)
        if len(year) == 2:
            year = f"{20 if int(year) < _CENTURY_CUT else 19}{year}"
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
