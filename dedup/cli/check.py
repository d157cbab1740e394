"""``dedup check``: one quotation, or a file of them (``--each``), against a record.

The text someone read or heard, and its speaker, checked with
``dedup.check`` (or a ``dedup.Checker`` for ``--each``), printed as words
or JSON, with the exit code of ``--fail-on``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from dedup import Checker, check
from dedup.checklist import EACH_FORMATS, EachFormat, check_lines
from dedup.cli.shared import (
    AUDIT_LABELS,
    MAX_FILE_SIZE,
    QUIET,
    StageLine,
    check_writable,
    nothing_readable,
    output_folder,
    write_all,
)
from dedup.config import AuditConfig
from dedup.errors import ConfigError, DedupError
from dedup.models import Document, Edit, QuoteSource, Report, Skipped
from dedup.report.json_writer import line_number, report_json, write_atomic
from dedup.report.view import count, edit_words


def _edit_words(edit: Edit) -> str:
    """One edit as a reader says it (:func:`dedup.report.view.edit_words`)."""
    return edit_words(dataclasses.asdict(edit))


def _where(document: Document, source: QuoteSource) -> str:
    """Where a passage of the record is, by line and characters, and who said it."""
    said_by = f", said by {source.speaker}" if source.speaker else ""
    about = ", ".join(part for part in (document.outlet, document.date) if part)
    return (f"{document.path} line {line_number(document.text, source.start)}, chars "
            f"{source.start}-{source.end}{f' ({about})' if about else ''}{said_by}:")


def _check_summary(report: Report) -> str:
    """Each quotation of the checked text: its verdict, its edits and where the record has it."""
    by_id = {doc.id: doc for doc in report.documents}
    record = sum(doc.role == "reference" for doc in report.documents)
    lines: list[str] = []
    for quote in report.quotes:
        speaker = f"{quote.speaker}: " if quote.speaker else ""
        if lines:
            lines.append("")
        lines.append(f"“{' '.join(quote.text.split())}”")
        if quote.source is None or quote.fidelity is None:
            where = "its speaker's turns of the record" if quote.speaker else "the record"
            lines.append(f"  {speaker}unsourced: fewer than half of its words are in {where} "
                         f"({count(record, 'reference document')})")
            continue
        shown = (*quote.flags, "short") if quote.short else quote.flags  # words said by many
        flags = f" ({', '.join(shown)})" if shown else ""
        lines.append(f"  {speaker}{quote.label}, fidelity {quote.fidelity:.2f}{flags}")
        edits = [_edit_words(edit) for edit in quote.edits if not edit.trim]
        if edits:
            lines.append(f"  Edits: {'; '.join(edits)}")
        if len(quote.passages) > 1:  # a splice, or an ellipsis: where each piece is
            lines.append(f"  Sources, its {len(quote.passages)} passages in its order:")
            for number, passage in enumerate(quote.passages, start=1):
                lines.append(f"  {number}. {_where(by_id[passage.doc], passage)}")
                lines.append(f"    {' '.join(passage.text.split())}")
        else:
            lines.append(f"  Source: {_where(by_id[quote.source.doc], quote.source)}")
            lines.append(f"    {' '.join(quote.source.text.split())}")
    if not report.quotes:
        lines.append("No quotation to check in the text.")
    return "\n".join(lines)


@click.command("check")
@click.argument("text", required=False)
@click.argument("references", nargs=-1, metavar="REFERENCE...",
                type=click.Path(exists=True, path_type=Path))
@click.option("--speaker", metavar="NAME",
              help="Who is said to have said it (for a quotation given without its "
                   "attribution): the words must be in that speaker's turns of the record.")
@click.option("--reference", "reference_globs", multiple=True, metavar="GLOB",
              help="Only the documents whose path matches GLOB are the record (repeatable) "
                   "[default: those manifest.csv calls reference, else all]. A file or "
                   "folder given by its path is, and is read too if REFERENCE does not hold it.")
@click.option("--each", "each", type=click.Path(exists=True, dir_okay=False, allow_dash=True,
                                               path_type=Path),
              default=None, metavar="FILE",
              help="Check each quotation of FILE (- for standard input), one a line, "
                   "against a record read once (no TEXT): prints a line of JSON each.")
@click.option("--each-format", type=click.Choice(EACH_FORMATS), default="jsonl",
              show_default=True,
              help='The lines of --each FILE: JSON objects ({"text": ..., "speaker": ...}, '
                   "other fields echoed), or plain text.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Also write report.json, quotes.csv, report.html and summary.md into this "
                   "folder; with --each, the FILE to write the lines to (not standard output).")
@click.option("--fail-on", "fail_on", multiple=True, type=click.Choice(AUDIT_LABELS),
              help="Exit with code 4 when a quotation gets this label (repeatable).")
@click.option("--json", "as_json", is_flag=True,
              help="Print the report as report.json holds it, not the verdicts as text.")
@MAX_FILE_SIZE
@QUIET
@click.pass_context
def check_command(
    ctx: click.Context,
    text: str | None,
    references: tuple[Path, ...],
    speaker: str | None,
    reference_globs: Sequence[str],
    each: Path | None,
    each_format: EachFormat,
    out: Path | None,
    fail_on: Sequence[str],
    as_json: bool,
    max_file_size: int,
    quiet: bool,
) -> None:
    """Check a quotation someone read or heard against the record in REFERENCE.

    TEXT is the quotation (quotation marks optional), or a passage that
    quotes between marks, or - to read it from standard input. Prints each
    quotation's verdict, the edits from the record's words, and where the
    record has them. With --each FILE, no TEXT: each line of FILE is checked
    and gets a line of JSON, its report or its error. Exit code 0, 3 when
    some reference files were skipped or some --each lines failed, 4 when
    a quotation got a --fail-on label, 1 when no reference could be read.
    """
    text, references = _check_arguments(ctx, text, references, each, out)
    if each is not None:
        if speaker is not None:
            raise click.UsageError("--speaker is for one TEXT: with --each, give each line's "
                                   'speaker in its "speaker" field (--each-format jsonl)')
        _check_each(each, each_format, references, reference_globs, out, fail_on,
                    max_file_size, quiet)
        return
    if each_format != "jsonl":
        raise click.UsageError("--each-format is the format of the --each FILE: give --each")
    assert text is not None  # _check_arguments: TEXT is given without --each
    if text == "-":
        text = sys.stdin.read()
    try:
        config = AuditConfig(reference_globs=tuple(reference_globs),
                             max_file_size=max_file_size)
        report = check(text, references, config, speaker=speaker,
                       progress=None if quiet else StageLine())
        for skipped in report.skipped:
            click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
        _require_record(report.documents, references, reference_globs, report.skipped)
        if out is not None:
            with output_folder(out):
                write_all(report, out, quotes=True)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    if as_json:  # for a newsroom's tools: the same bytes as report.json
        click.echo("".join(report_json(report)), nl=False)
    else:
        click.echo(_check_summary(report))
    failed = sorted({q.label for q in report.quotes} & set(fail_on))
    if failed:
        click.echo(f"dedup: quotations labelled {', '.join(failed)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(report.exit_code)


def _check_arguments(ctx: click.Context, text: str | None, references: tuple[Path, ...],
                     each: Path | None, out: Path | None) -> tuple[str | None, tuple[Path, ...]]:
    """TEXT and the REFERENCE paths: with --each every argument is a REFERENCE, so no TEXT.

    And ``--out``: a folder for one TEXT, a file for --each; click's own
    checks and messages, as if each had its own option.
    """
    params = {param.name: param for param in ctx.command.params}
    if out is not None:
        kind = click.Path(dir_okay=False) if each is not None else click.Path(file_okay=False)
        kind.convert(str(out), params["out"], ctx)
    if each is None:
        if text is None:  # optional for --each alone: click would call it '[TEXT]'
            raise click.UsageError("Missing argument 'TEXT'.", ctx)
        if not references:
            raise click.MissingParameter(ctx=ctx, param=params["references"])
        return text, references
    if text is None:
        raise click.MissingParameter(ctx=ctx, param=params["references"])
    if not Path(text).exists():
        raise click.UsageError(
            f"--each reads the quotations from {each}, so every argument is a REFERENCE "
            f"of the record, and {text!r} is no file or folder: give no TEXT with --each")
    return None, (Path(text), *references)


def _require_record(documents: Sequence[Document], references: Sequence[Path],
                    reference_globs: Sequence[str], skipped: tuple[Skipped, ...]) -> None:
    """Fail when no document of ``references`` is the record: nothing to check against."""
    if any(doc.role == "reference" for doc in documents):
        return
    if reference_globs:
        globs = ", ".join(repr(glob) for glob in reference_globs)
        raise click.ClickException(
            f"--reference {globs} matches no document of "
            f"{', '.join(map(str, references))}, so there is no record to check "
            "against (a GLOB is matched against each document's path and file name)")
    raise click.ClickException(nothing_readable(references, Report({}, (), (), skipped),
                                                "folder"))


def _check_each(each: Path, each_format: EachFormat, references: tuple[Path, ...],
                reference_globs: Sequence[str], out: Path | None, fail_on: Sequence[str],
                max_file_size: int, quiet: bool) -> None:
    """``dedup check --each``: the record read once, then a line of JSON per line of ``each``."""
    try:
        if out is not None:
            check_writable(out.parent)
        lines = sys.stdin.buffer if str(each) == "-" else each.open("rb")
    except OSError as error:
        raise click.ClickException(f"cannot read {each}: {error.strerror or error}") from None
    except DedupError as error:
        raise click.ClickException(str(error)) from None
    failed, labels = 0, set[str]()
    with lines:
        try:
            config = AuditConfig(reference_globs=tuple(reference_globs),
                                 max_file_size=max_file_size)
            checker = Checker(references, config, progress=None if quiet else StageLine())
        except ConfigError as error:
            raise click.UsageError(str(error)) from None
        except DedupError as error:
            raise click.ClickException(str(error)) from None
        for skipped in checker.skipped:
            click.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)
        _require_record(checker.record, references, reference_globs, checker.skipped)

        def written() -> Iterator[str]:
            nonlocal failed
            for outcome in check_lines(checker, lines, each_format):
                failed += outcome.failed
                labels.update(outcome.labels)
                yield outcome.json + "\n"

        try:
            if out is None:
                for line in written():
                    click.echo(line, nl=False)
            else:
                write_atomic(out, written())
        except OSError as error:
            raise click.ClickException(f"cannot write {out or 'standard output'}: "
                                       f"{error.strerror or error}") from None
    if failed:
        click.echo(f"dedup: {count(failed, 'line')} of {each} could not be checked "
                   '(see their "error")', err=True)
    hit = sorted(labels & set(fail_on))
    if hit:
        click.echo(f"dedup: quotations labelled {', '.join(hit)} (--fail-on)", err=True)
        click.get_current_context().exit(4)
    click.get_current_context().exit(3 if failed or checker.skipped else 0)
