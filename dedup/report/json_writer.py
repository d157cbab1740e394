"""Report -> ``report.json`` (schema ``dedup.report/1``), written atomically.

The JSON is the single source of truth for every other format. Same report,
same bytes: keys come in schema order, lists in the order the pipeline made
them (documents by path, clusters by first occurrence, quotes by document
and position), floats rounded by the stage that made them, no timestamps or
timings. ``quotes`` is always present: empty for a scan, one entry per
quotation for an audit (whose ``clusters`` is empty).
"""

from __future__ import annotations

import array
import bisect
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from dedup import __version__
from dedup.errors import InputError
from dedup.models import Cluster, Document, Edit, Member, Overlap, Quote, QuoteSource, Report

SCHEMA = "dedup.report/1"


def _document(doc: Document, overlap: Overlap | None) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "role": doc.role,
        "title": doc.title,
        "outlet": doc.outlet,
        "date": doc.date,
        "url": doc.url,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "chars": len(doc.text),
        "reference_words": overlap.words if overlap else None,
        "reference_word_pairs": overlap.word_pairs if overlap else None,
    }


def _edit(edit: Edit) -> dict[str, Any]:
    return {
        "op": edit.op,
        "source": edit.source,
        "variant": edit.variant,
        "material": edit.material,
        "cosmetic": edit.cosmetic,
        "trim": edit.trim,
        "source_start": edit.source_start,
        "source_end": edit.source_end,
        "variant_start": edit.variant_start,
        "variant_end": edit.variant_end,
    }


class _Lines:
    """The 1-based line of an offset in a document, from its line breaks found once.

    Counting the breaks before each member anew would read a huge document
    once per member: quadratic.
    """

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.breaks: dict[str, array.array[int]] = {}
        self.feeds: dict[str, array.array[int] | None] = {}

    def __call__(self, doc: str, offset: int) -> int:
        breaks = self.breaks.get(doc)
        if breaks is None:
            text = self.texts.get(doc, "")
            pattern = _LINE_BREAK if "\r" in text else _LINE_FEED
            breaks = self.breaks[doc] = array.array(
                "q", (match.start() for match in pattern.finditer(text)))
        return bisect.bisect_left(breaks, offset) + 1

    def page(self, doc: str, offset: int) -> int | None:
        """The 1-based page of an offset in a document with pages (form feeds), else None.

        A PDF's text ends each page with a form feed, as ``pdftotext``
        writes it: a reviewer finds a passage by its page in the PDF.
        """
        if doc not in self.feeds:
            text = self.texts.get(doc, "")
            self.feeds[doc] = (array.array("q", (m.start() for m in _FORM_FEED.finditer(text)))
                               if "\f" in text else None)
        feeds = self.feeds[doc]
        return None if feeds is None else bisect.bisect_right(feeds, offset) + 1


def line_number(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``, counted as report.json counts a member's."""
    return _Lines({"": text})("", offset)


_FORM_FEED = re.compile("\f")
_LINE_BREAK = re.compile("\r\n?|\n")  # as editors count lines: CRLF, CR or LF
# The same breaks in a text with no carriage return: one character is
# searched for, where the class of two is tried at every character
# (report.json of the 100k-sentence corpus: 0.20-0.21 -> 0.15-0.16 s).
_LINE_FEED = re.compile("\n")


def _span(doc: str, start: int, end: int, text: str, lines: _Lines) -> dict[str, Any]:
    """Where a passage is, as every member, quotation source and passage is written."""
    page = lines.page(doc, start)
    return {
        "doc": doc,
        "start": start,
        "end": end,
        "line": lines(doc, start),
        **({} if page is None else {"page": page}),
        "text": text,
    }


def _member(member: Member, lines: _Lines) -> dict[str, Any]:
    return {
        **_span(member.doc, member.start, member.end, member.text, lines),
        "fidelity": member.fidelity,
        "label": member.label,
        "trimmed": member.trimmed,
        "against": member.against,
        "edits": [_edit(e) for e in member.edits],
    }


def cluster_dicts(clusters: Iterable[Cluster], texts: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Each cluster as ``report.json`` holds it; ``texts`` are the documents' texts by id."""
    lines = _Lines(texts)
    for cluster in clusters:
        yield _cluster(cluster, lines)


def _cluster(cluster: Cluster, lines: _Lines) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "canonical": cluster.canonical,
        "boilerplate": cluster.boilerplate,
        "documents": len({m.doc for m in cluster.members}),
        "members": [_member(m, lines) for m in cluster.members],
    }


class _Encoded(str):
    """JSON text already written, at the depth of a cluster in ``report.json``."""


_STRING = json.encoder.encode_basestring  # ensure_ascii=False, in C when available


def _scalar(value: Any) -> str:
    """A JSON scalar as ``json.dumps`` writes it."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, list | tuple | dict):
        raise TypeError(f"not a JSON scalar: {value!r}")
    return json.dumps(value)


def _object(pairs: Iterable[tuple[str, str]], indent: str) -> str:
    """A JSON object of encoded values whose closing brace is at ``indent``."""
    inner = indent + "  "
    text = ",".join([f'{inner}"{key}": {value}' for key, value in pairs])
    return "{" + text + indent + "}" if text else "{}"


def _array(items: list[str], indent: str) -> str:
    """A JSON array of encoded items whose closing bracket is at ``indent``."""
    if not items:
        return "[]"
    inner = indent + "  "
    return "[" + ",".join([inner + item for item in items]) + indent + "]"


def _flat_json(values: dict[str, Any], indent: str) -> str:
    """A JSON object of scalars, as ``json.dumps`` with ``indent=2`` writes it at ``indent``."""
    return _object(((key, _scalar(value)) for key, value in values.items()), indent)


def _edit_json(edit: Edit, indent: str) -> str:
    return _flat_json(_edit(edit), indent)


def _document_json(doc: Document, overlap: Overlap | None) -> _Encoded:
    """``_dumps(_document(doc, overlap), 2)``, written directly (see ``_cluster_json``)."""
    return _Encoded(_flat_json(_document(doc, overlap), "\n    "))


def _edit_text(edit: Edit) -> str:
    """``_edit_json(edit, ...)`` at a member's depth, in one format for the usual types.

    Values of other types (a float offset, a non-finite number) take the
    generic path, which writes whatever ``json.dumps`` would.
    """
    op, source, variant, material = edit.op, edit.source, edit.variant, edit.material
    cosmetic, trim = edit.cosmetic, edit.trim
    source_start, source_end = edit.source_start, edit.source_end
    variant_start, variant_end = edit.variant_start, edit.variant_end
    if not (type(op) is str and type(source) is str and type(variant) is str
            and (material is None or type(material) is str)
            and type(cosmetic) is bool and type(trim) is bool
            and (source_start is None or type(source_start) is int)
            and (source_end is None or type(source_end) is int)
            and (variant_start is None or type(variant_start) is int)
            and (variant_end is None or type(variant_end) is int)):
        return "\n            " + _edit_json(edit, "\n            ")
    return (
        f'\n            {{\n              "op": {_STRING(op)},'
        f'\n              "source": {_STRING(source)},'
        f'\n              "variant": {_STRING(variant)},'
        f'\n              "material": {"null" if material is None else _STRING(material)},'
        f'\n              "cosmetic": {"true" if cosmetic else "false"},'
        f'\n              "trim": {"true" if trim else "false"},'
        f'\n              "source_start": {"null" if source_start is None else source_start},'
        f'\n              "source_end": {"null" if source_end is None else source_end},'
        f'\n              "variant_start": {"null" if variant_start is None else variant_start},'
        f'\n              "variant_end": {"null" if variant_end is None else variant_end}'
        "\n            }")


def _member_text(member: Member, line: int, doc: str, page: int | None = None) -> str:
    """A member's JSON at its depth in ``report.json``, ``doc`` its document id encoded.

    One format per member for the usual types; others take the generic path.
    ``page`` only for a document with pages.
    """
    start, end, fidelity, label, trimmed, against = (
        member.start, member.end, member.fidelity, member.label, member.trimmed, member.against)
    edits = member.edits
    edits_text = ("[" + ",".join([_edit_text(edit) for edit in edits]) + "\n          ]"
                  if edits else "[]")
    if not (type(start) is int and type(end) is int and type(label) is str
            and type(trimmed) is bool and type(fidelity) is float and math.isfinite(fidelity)
            and (against is None or type(against) is int)):
        return "\n        " + _object((
            ("doc", doc),
            ("start", _scalar(start)),
            ("end", _scalar(end)),
            ("line", _scalar(line)),
            *(() if page is None else (("page", _scalar(page)),)),
            ("text", _scalar(member.text)),
            ("fidelity", _scalar(fidelity)),
            ("label", _scalar(label)),
            ("trimmed", _scalar(trimmed)),
            ("against", _scalar(against)),
            ("edits", edits_text),
        ), "\n        ")
    page_text = "" if page is None else f'\n          "page": {page},'
    return (
        f'\n        {{\n          "doc": {doc},'
        f'\n          "start": {start},'
        f'\n          "end": {end},'
        f'\n          "line": {line},'
        f"{page_text}"
        f'\n          "text": {_STRING(member.text)},'
        f'\n          "fidelity": {fidelity!r},'
        f'\n          "label": {_STRING(label)},'
        f'\n          "trimmed": {"true" if trimmed else "false"},'
        f'\n          "against": {"null" if against is None else against},'
        f'\n          "edits": {edits_text}'
        "\n        }")


def _cluster_json(cluster: Cluster, lines: _Lines, names: dict[str, str]) -> _Encoded:
    """``_dumps(_cluster(cluster, lines), 2)``, written directly.

    ``json.dumps`` with ``indent`` runs its pure-Python encoder, a call per
    value; a report of a million sentences holds millions of values. So each
    member and edit is one format string, and each document id is encoded
    once (``names`` keeps them).
    """
    members = cluster.members
    parts = []
    for member in members:
        doc = member.doc
        name = names.get(doc)
        if name is None:
            name = names[doc] = _scalar(doc)
        parts.append(_member_text(member, lines(doc, member.start), name,
                                  lines.page(doc, member.start)))
    cluster_id, canonical, boilerplate = cluster.id, cluster.canonical, cluster.boilerplate
    members_text = "[" + ",".join(parts) + "\n      ]" if parts else "[]"
    documents = len({member.doc for member in members})
    if type(cluster_id) is str and type(canonical) is int and type(boilerplate) is bool:
        return _Encoded(
            f'{{\n      "id": {_STRING(cluster_id)},'
            f'\n      "canonical": {canonical},'
            f'\n      "boilerplate": {"true" if boilerplate else "false"},'
            f'\n      "documents": {documents},'
            f'\n      "members": {members_text}'
            "\n    }")
    return _Encoded(_object((
        ("id", _scalar(cluster_id)),
        ("canonical", _scalar(canonical)),
        ("boilerplate", _scalar(boilerplate)),
        ("documents", _scalar(documents)),
        ("members", members_text),
    ), "\n    "))


def _quote(quote: Quote, lines: _Lines) -> dict[str, Any]:
    source = quote.source
    page = lines.page(quote.doc, quote.start)
    return {
        "id": quote.id,
        "doc": quote.doc,
        "start": quote.start,
        "end": quote.end,
        "line": lines(quote.doc, quote.start),
        **({} if page is None else {"page": page}),
        "text": quote.text,
        "speaker": quote.speaker,
        "short": quote.short,
        "fragments": [{"start": f.start, "end": f.end} for f in quote.fragments],
        "source": None if source is None else _quote_source(source, lines),
        "fidelity": quote.fidelity,
        "label": quote.label,
        "flags": list(quote.flags),
        "edits": [_edit(e) for e in quote.edits],
        "passages": [_quote_source(passage, lines) for passage in quote.passages],
    }


def _quote_source(source: QuoteSource, lines: _Lines) -> dict[str, Any]:
    return {**_span(source.doc, source.start, source.end, source.text, lines),
            "speaker": source.speaker}


def _report_items(
    report: Report,
    cluster: Callable[[Cluster, _Lines], Any] = _cluster,
    document: Callable[[Document, Overlap | None], Any] = _document,
) -> Iterator[tuple[str, Any]]:
    """The report's top-level keys and values, in schema order; long lists as iterators."""
    lines = _Lines({d.id: d.text for d in report.documents})
    yield "schema", SCHEMA
    yield "tool", {"name": "dedup", "version": __version__}
    yield "settings", report.settings
    yield "documents", (document(d, report.overlap.get(d.id)) for d in report.documents)
    yield "clusters", (cluster(c, lines) for c in report.clusters)
    yield "quotes", (_quote(q, lines) for q in report.quotes)
    yield "skipped", [{"path": s.path, "reason": s.reason} for s in report.skipped]
    yield "stats", report.stats


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON values, keys in schema order.

    Each member carries ``line``, the 1-based line of the document its
    ``start`` is on; each edit its offsets into the canonical passage's text
    (``source_start``/``source_end``) and into the member's ``text``
    (``variant_start``/``variant_end``), so the other formats only slice.
    """
    return {key: value if isinstance(value, list | dict | str) else list(value)
            for key, value in _report_items(report)}


def _dumps(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels deep."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def report_json(report: Report) -> Iterator[str]:
    """``report.json``'s text in pieces: ``json.dumps(report_to_dict(report), indent=2)``.

    The same bytes, one cluster at a time, so that a report of a million
    sentences is never held whole as JSON values and as text at once.
    (Nested JSON with ``indent`` is the value's own text, each line
    indented by its depth.)
    """
    names: dict[str, str] = {}  # document ids, encoded once

    def cluster_json(cluster: Cluster, lines: _Lines) -> _Encoded:
        return _cluster_json(cluster, lines, names)

    yield "{"
    items = _report_items(report, cluster_json, _document_json)
    for index, (key, value) in enumerate(items):
        yield ("," if index else "") + "\n  " + json.dumps(key) + ": "
        if isinstance(value, list | dict | str):
            yield _dumps(value, 1)
            continue
        empty = True
        for item in value:
            text = item if isinstance(item, _Encoded) else _dumps(item, 2)
            yield ("[" if empty else ",") + "\n    " + text
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def _umask() -> int:
    """The process's file-creation mask.

    Read from ``/proc/self/status`` where the kernel tells it (Linux 4.7
    and later). Elsewhere reading it means setting it, which changes it for
    every thread of the process for a moment: a file another thread makes
    then gets the wrong permissions.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | Iterable[str]) -> None:
    """Write ``content`` to ``path`` so readers see the old or the new file.

    Never half of one: a temporary file in the same folder, flushed to disk,
    then renamed over the target. The file gets the permissions a plainly
    created file would (``mkstemp`` makes it private to its owner).
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.writelines([content] if isinstance(content, str) else content)
            out.flush()
            os.fchmod(out.fileno(), 0o666 & ~_umask())
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(report: Report, path: Path) -> None:
    """Write ``report.json`` atomically."""
    write_atomic(path, report_json(report))


def read_json(path: Path) -> dict[str, Any]:
    """Load a ``report.json`` for re-rendering, checking that it is one.

    Raises:
        InputError: If the file cannot be read, is not JSON, or is not a
            dedup report (no ``dedup.report/`` schema, or no documents and
            clusters lists), or a report of another schema version.

    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path} is not a JSON report: {error}") from None
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(schema, str) or not schema.startswith("dedup.report/"):
        raise InputError(f"{path} is not a dedup report (schema {schema!r}); "
                         "pass the report.json that dedup scan wrote")
    if schema != SCHEMA:
        raise InputError(f"{path} is a {schema} report; this dedup {__version__} reads "
                         f"{SCHEMA} (scan the documents again, or use the dedup that wrote it)")
    if not isinstance(data.get("documents"), list) or not isinstance(data.get("clusters"), list):
        raise InputError(f"{path} is a damaged dedup report: no documents or clusters list")
    report: dict[str, Any] = data
    return report
