"""Lines of quotations -> a check of each against one record -> a line of JSON each.

In: a JSON Lines file, one quotation a line (``{"text": "...", "speaker":
"..."}``, ``speaker`` optional, any other field echoed back), or plain
text, one quotation a line; and a :class:`dedup.Checker` holding the
record. Out: one JSON line per line read (blank lines are skipped): its
``line`` number, the fields echoed, and ``report``, the report
``dedup check --json`` prints for that text alone, compact; or ``error``,
what is wrong with the line, and the run goes on (``dedup check --each``).

Always holds: the same lines and record give the same bytes; each line's
report is the one its text gets on its own, whatever lines came before.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dedup.errors import ConfigError
from dedup.report.json_writer import report_to_dict

if TYPE_CHECKING:
    from dedup import Checker

__all__ = ["EACH_FORMATS", "OWN_FIELDS", "Outcome", "check_lines"]

EachFormat = Literal["jsonl", "text"]
EACH_FORMATS: tuple[EachFormat, ...] = ("jsonl", "text")
OWN_FIELDS = ("line", "report", "error")
"""The fields of an output line that are its own: a line of input that has one is refused."""


@dataclass(frozen=True)
class Outcome:
    """One line's JSON (no line break), and what the exit code needs of it."""

    json: str
    failed: bool
    labels: frozenset[str]


@dataclass(frozen=True)
class _Request:
    number: int
    fields: dict[str, Any]
    text: str = ""
    speaker: str | None = None
    problem: str | None = None


def check_lines(checker: Checker, lines: Iterable[bytes], each_format: EachFormat = "jsonl"
                ) -> Iterator[Outcome]:
    """Check the quotation of each line of ``lines`` (as read from a file) against the record.

    Example:
        >>> outcomes = check_lines(checker, [b'{"id": 7, "text": "war crime"}'])  # doctest: +SKIP
        >>> next(outcomes).json[:40]                                          # doctest: +SKIP
        '{"line":1,"id":7,"report":{"schema":"ded'

    """
    from dedup.checked import has_words  # with the pipeline: ``dedup check --help`` needs neither

    for request in _requests(lines, each_format):
        head = {"line": request.number, **request.fields}
        if request.problem is None and not has_words(request.text):
            request = _Request(request.number, request.fields, problem="no words to check")
        if request.problem is None:
            try:
                report = checker.check(request.text, request.speaker)
            except ConfigError as error:  # a speaker given for a text that names its own
                request = _Request(request.number, request.fields, problem=str(error))
            else:
                yield Outcome(_compact({**head, "report": report_to_dict(report)}), False,
                              frozenset(quote.label for quote in report.quotes))
                continue
        yield Outcome(_compact({**head, "error": request.problem}), True, frozenset())


def _compact(value: dict[str, Any]) -> str:
    """One line of JSON, the characters as ``report.json`` writes them (not escaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _requests(lines: Iterable[bytes], each_format: EachFormat) -> Iterator[_Request]:
    """Each line that is not blank, numbered from 1, as a request (or what is wrong with it)."""
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield _Request(number, {}, problem=f"not UTF-8 text: {error.reason} at byte "
                                              f"{error.start + 1}")
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte order mark, as Windows tools write
        if not line.strip():
            continue
        if each_format == "text":
            yield _Request(number, {}, line.strip())
        else:
            yield _json_request(number, line)


def _json_request(number: int, line: str) -> _Request:
    """The request of a line of JSON Lines: its text, its speaker and its other fields."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return _Request(number, {}, problem=f"not JSON: {error.msg} at column {error.colno}")
    if not isinstance(value, dict):
        return _Request(number, {}, problem='not a JSON object: give {"text": "..."}')
    fields = {key: item for key, item in value.items() if key not in ("text", "speaker")}
    own = [key for key in OWN_FIELDS if key in fields]
    if own:
        return _Request(number, {key: item for key, item in fields.items() if key not in own},
                        problem=f"the field {own[0]!r} is the output's own: rename it")
    text, speaker = value.get("text"), value.get("speaker")
    if text is None:
        return _Request(number, fields, problem='no "text" field: give the quotation in it')
    if not isinstance(text, str):
        return _Request(number, fields, problem=f'"text" is not a string: {json.dumps(text)}')
    if speaker is not None and not isinstance(speaker, str):
        return _Request(number, fields,
                        problem=f'"speaker" is not a string: {json.dumps(speaker)}')
    return _Request(number, fields, text, speaker or None)
