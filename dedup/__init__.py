"""dedup: find passages that appear in more than one document.

Word for word or altered: dedup groups the versions of each passage and
scores how faithfully each reproduces the original.

Example:
    >>> import dedup
    >>> report = dedup.scan("inputs")                      # doctest: +SKIP
    >>> [len(c.members) for c in report.clusters][:3]      # doctest: +SKIP
    [3, 2, 2]

"""

from __future__ import annotations

__version__ = "0.1.0"

import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dedup.config import AuditConfig, ScanConfig
from dedup.engines import ENGINES
from dedup.errors import ConfigError, DedupError, InputError, OutputError
from dedup.ingest import reference_inputs
from dedup.ingest.dataset import INPUT_FORMATS, Dataset
from dedup.models import (
    Cluster,
    Document,
    Edit,
    Fragment,
    Member,
    Overlap,
    Quote,
    QuoteSource,
    Report,
    Skipped,
)
from dedup.report.cluster_files import ClusterFiles, write_cluster_files

if TYPE_CHECKING:  # the pipeline (NLTK, numba, datasketch) is imported when a scan runs
    from dedup.pipeline import Progress, Timings

__all__ = [
    "AuditConfig",
    "Checker",
    "Cluster",
    "ConfigError",
    "DedupError",
    "Document",
    "Edit",
    "Fragment",
    "InputError",
    "Member",
    "Overlap",
    "OutputError",
    "Quote",
    "QuoteSource",
    "Report",
    "ScanConfig",
    "Skipped",
    "__version__",
    "audit",
    "check",
    "scan",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def scan(
    folder: Inputs,
    config: ScanConfig | None = None,
    *,
    progress: Progress | None = None,
    timings: Timings | None = None,
    engine: str = "local",
    master: str | None = None,
    input_format: str = "folder",
    id_field: str = "id",
    text_field: str = "text",
    cluster_files: ClusterFiles | None = None,
    **options: Any,
) -> Report:
    """Find duplicate and variant passages across the documents in ``folder``.

    Args:
        folder: A folder of documents (.txt, .md, .html, .pdf, .docx, .srt,
            .vtt, .json, .jsonl, .csv), read recursively; a ``manifest.csv``
            in it gives roles and dates. Or several folders and files, as a
            list: documents are then named by their path from the folder
            that holds them all, and each folder's manifest applies to its
            own documents.
        config: Settings; the defaults when omitted.
        progress: Called as ``progress(stage, done, total)`` while it runs.
        timings: Called as ``timings(stage, seconds)`` as each stage ends
            (local engine only).
        engine: ``"local"`` (this machine) or ``"spark"`` (PySpark, an
            optional extra); both give the same report.
        master: The Spark master URL for ``engine="spark"`` (``local[4]``,
            ``spark://host:7077``, ``yarn``); default: the active Spark
            session, else Spark's own default.
        input_format: ``"folder"`` (a folder of documents), or a dataset
            path: ``"jsonl"`` (a JSONL file or a folder of JSONL part files)
            or ``"parquet"`` (Spark engine only), one document per record.
        id_field: The field of a dataset record that holds its id.
        text_field: The field of a dataset record that holds its text.
        cluster_files: Also write the clusters as a folder of part files
            (JSONL; Parquet with the Spark engine), atomically.
        **options: Any :class:`ScanConfig` field, overriding ``config``.

    Returns:
        The report: documents, clusters with fidelity scores, skipped files.

    The local engine pauses Python's cyclic garbage collector (for the whole
    process) while it runs and collects once at the end (see ``dedup.memory``).

    Raises:
        InputError: ``folder`` (or an input of the list) does not exist.
        ConfigError: an option is unknown, not a number of its kind or out of
            range, ``config`` is not a ScanConfig, ``id_field``/``text_field``
            are given with the ``folder`` input format, or a dataset is given
            as several paths.

    Example:
        >>> report = scan("inputs", reference_globs=("*transcript*",))  # doctest: +SKIP

    """
    if config is not None and not isinstance(config, ScanConfig):
        raise ConfigError(f"config must be a dedup.ScanConfig, got {type(config).__name__}")
    base = config or ScanConfig()
    try:
        settings = replace(base, **options)
    except TypeError as error:
        raise ConfigError(f"unknown scan option: {error}") from None
    inputs = input_paths(folder)
    dataset = _dataset(inputs, input_format, id_field, text_field)
    if dataset is None:
        inputs = inputs_with_record(inputs, settings.reference_globs)
    from dedup.candidates import bands

    bands(settings.threshold, settings.num_perm)  # before any work: may raise ConfigError
    if engine == "spark":
        from dedup.engines import spark

        return spark.run(inputs, settings, master=master, progress=progress,
                         dataset=dataset, cluster_files=cluster_files)
    if engine != "local":
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if master is not None:
        raise ConfigError("a Spark master needs the spark engine (--engine spark)")
    if cluster_files is not None and cluster_files.format != "jsonl":
        raise ConfigError(f"{cluster_files.format} cluster files need the spark engine "
                          "(--engine spark); the local engine writes jsonl")
    from dedup.pipeline import run

    report = run(inputs, settings, progress=progress, timings=timings, dataset=dataset)
    if cluster_files is not None:
        write_cluster_files(report, cluster_files)
    return report


def audit(
    folder: Inputs,
    config: AuditConfig | None = None,
    *,
    progress: Progress | None = None,
    engine: str = "local",
    master: str | None = None,
    input_format: str = "folder",
    id_field: str = "id",
    text_field: str = "text",
    **options: Any,
) -> Report:
    """Check every quotation in the media documents of ``folder`` against the references.

    Roles come from ``manifest.csv`` or ``reference_globs``, as for :func:`scan`.

    Args:
        folder: A folder of documents, or several folders and files, as for
            :func:`scan`: ``["article.html", "transcripts"]`` audits the
            article against the transcripts (with ``reference_globs=
            ("transcripts/*",)``).
        config: Settings; the defaults when omitted.
        progress: Called as ``progress(stage, done, total)`` while it runs.
        engine: ``"local"`` or ``"spark"``, as for :func:`scan`: the media
            documents are audited on Spark's executors; both give the same report.
        master: The Spark master URL for ``engine="spark"``, as for :func:`scan`.
        input_format: ``"folder"``, or a dataset path (``"jsonl"``, or
            ``"parquet"`` with the Spark engine), as for :func:`scan`; the
            record is its records with the role ``reference``, or those
            ``reference_globs`` match.
        id_field: The field of a dataset record that holds its id.
        text_field: The field of a dataset record that holds its text.
        **options: Any :class:`AuditConfig` field, overriding ``config``.

    Returns:
        A report whose ``quotes`` hold one verdict per quotation (``clusters`` is empty).

    Raises:
        InputError: ``folder`` (or an input of the list) does not exist.
        ConfigError: an option is unknown, not a number of its kind or out of
            range, ``config`` is not an AuditConfig, or the input format and
            fields do not go together, as for :func:`scan`.

    Example:
        >>> report = audit("inputs")                                   # doctest: +SKIP
        >>> sorted({q.label for q in report.quotes})                   # doctest: +SKIP
        ['cosmetic', 'unsourced', 'verbatim']

    """
    if config is not None and not isinstance(config, AuditConfig):
        raise ConfigError(f"config must be a dedup.AuditConfig, got {type(config).__name__}")
    base = config or AuditConfig()
    try:
        settings = replace(base, **options)
    except TypeError as error:
        raise ConfigError(f"unknown audit option: {error}") from None
    inputs = input_paths(folder)
    dataset = _dataset(inputs, input_format, id_field, text_field)
    if dataset is None:
        inputs = inputs_with_record(inputs, settings.reference_globs)
    if engine == "spark":
        from dedup.engines import spark_audit

        return spark_audit.run_audit(inputs, settings, master=master, progress=progress,
                               dataset=dataset)
    if engine != "local":
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if master is not None:
        raise ConfigError("a Spark master needs the spark engine (--engine spark)")
    from dedup.pipeline import run_audit

    return run_audit(inputs, settings, progress=progress, dataset=dataset)


def _dataset(inputs: Path | tuple[Path, ...], input_format: str, id_field: str,
             text_field: str) -> Dataset | None:
    """The dataset the inputs are, or None for folders and files; ConfigError if they cannot be."""
    if input_format not in INPUT_FORMATS:
        raise ConfigError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, "
                          f"got {input_format!r}")
    if input_format == "folder" and (id_field, text_field) != ("id", "text"):
        # Else ignored: every record of the folder's files was skipped, "no 'text' field".
        raise ConfigError("id_field and text_field name the fields of a dataset's records "
                          "(input_format jsonl or parquet); a folder's .jsonl, .json and .csv "
                          "files have id and text: read a folder of JSONL files with other "
                          "fields as a dataset (--input-format jsonl)")
    dataset = (None if input_format == "folder"
               else Dataset(input_format, id_field, text_field))  # type: ignore[arg-type]
    if dataset is not None and not isinstance(inputs, Path):
        raise ConfigError(f"a dataset (input format {input_format}) is read from one path, "
                          f"got {len(inputs)}: give the JSONL file or the folder of its part files")
    return dataset


def check(
    text: str,
    references: Inputs,
    config: AuditConfig | None = None,
    *,
    speaker: str | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> Report:
    """Check a quotation someone read or heard against the record: :func:`audit` for one text.

    The record is the reference documents of ``references`` (by their
    manifests or ``reference_globs``), or all of them when neither names
    any; other documents are left out. ``text`` is a quotation alone (its
    marks optional) or a passage that quotes with marks; it is the report's
    last document, a media one at the path ``"(checked text)"`` (see
    :mod:`dedup.checked`).

    Args:
        text: The quotation, or a passage quoting one or more.
        references: The record: a folder, or a list of folders and files.
        config: Settings; the defaults when omitted.
        speaker: Who is said to have said it, for a quotation without its attribution.
        progress: Called as ``progress(stage, done, total)`` while it runs.
        **options: Any :class:`AuditConfig` field, overriding ``config``.

    Returns:
        A report whose ``quotes`` hold one verdict per quotation of ``text``.

    Raises:
        InputError: a reference input does not exist.
        ConfigError: ``text`` is empty, a ``speaker`` is given for a passage
            that names its own, or an option is unknown or out of range.

    Example:
        >>> report = check("We now see a significant movement of troops", "inputs",
        ...                speaker="Stoltenberg")                           # doctest: +SKIP
        >>> report.quotes[0].label                                        # doctest: +SKIP
        'verbatim'

    """
    settings = _audit_settings(config, options)
    from dedup.checked import checked_document

    checked_document(text, speaker, "")  # a text it refuses, before the record is read
    return Checker(references, settings, progress=progress).check(text, speaker=speaker,
                                                                  progress=progress)


class Checker:
    """Check many quotations against one record, read and indexed once: :func:`check`'s sibling.

    ``Checker(references).check(text, speaker=...)`` gives the report
    ``check(text, references, speaker=...)`` gives, the same bytes in
    ``report.json``, whatever was checked before. The record is read,
    segmented and indexed here, once: nearly all of a :func:`check`'s work
    on a large record (an agency's 770 stories: 4 s, then 0.02 s a text),
    which a newsroom's bot or a spreadsheet of claims pays once, not per
    claim.

    Args:
        references: The record: a folder, or a list of folders and files;
            its reference documents (by their manifests or
            ``reference_globs``), or all of them when neither names any.
        config: Settings; the defaults when omitted.
        progress: Called as ``progress(stage, done, total)`` while the record is read.
        **options: Any :class:`AuditConfig` field, overriding ``config``.

    Raises:
        InputError: a reference input does not exist.
        ConfigError: an option is unknown or out of range.

    Example:
        >>> checker = Checker("inputs")                                   # doctest: +SKIP
        >>> [checker.check(claim, speaker="Stoltenberg").quotes[0].label  # doctest: +SKIP
        ...  for claim in ("We now see a significant movement of troops", "NATO is dead")]
        ['verbatim', 'unsourced']

    """

    def __init__(self, references: Inputs, config: AuditConfig | None = None, *,
                 progress: Progress | None = None, **options: Any) -> None:
        settings = _audit_settings(config, options)
        from dedup.pipeline import IndexedRecord

        self._record = IndexedRecord(
            inputs_with_record(input_paths(references), settings.reference_globs), settings,
            progress=progress)

    @property
    def record(self) -> tuple[Document, ...]:
        """The documents of the record, numbered d1, d2, ... as every report numbers them."""
        return self._record.corpus.documents

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The files of ``references`` that could not be read, as every report lists them."""
        return self._record.corpus.skipped

    def check(self, text: str, speaker: str | None = None, *,
              progress: Progress | None = None) -> Report:
        """Check ``text``, as :func:`check` does, against the record.

        Args:
            text: The quotation, or a passage quoting one or more.
            speaker: Who is said to have said it, for a quotation without its attribution.
            progress: Called as ``progress(stage, done, total)`` while it runs.

        Returns:
            A report whose ``quotes`` hold one verdict per quotation of ``text``.

        Raises:
            ConfigError: ``text`` is empty, or a ``speaker`` is given for a
                passage that names its own.

        """
        return self._record.check(text, speaker, progress=progress)


def _audit_settings(config: AuditConfig | None, options: dict[str, Any]) -> AuditConfig:
    """``config`` (or the defaults) with ``options``; ConfigError for a wrong type or option."""
    if config is not None and not isinstance(config, AuditConfig):
        raise ConfigError(f"config must be a dedup.AuditConfig, got {type(config).__name__}")
    try:
        return replace(config or AuditConfig(), **options)
    except TypeError as error:
        raise ConfigError(f"unknown audit option: {error}") from None


Inputs = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
"""What :func:`scan` and :func:`audit` read: a folder, or a list of folders and files."""


def inputs_with_record(inputs: Path | tuple[Path, ...],
                       globs: Sequence[str]) -> Path | tuple[Path, ...]:
    """The inputs, and the files and folders that ``globs`` name by path and no input holds.

    ``audit("today", reference_globs=("archive/",))`` reads the archive too,
    as ``dedup audit today/ --reference archive/`` does.
    """
    given = (inputs,) if isinstance(inputs, Path) else inputs
    outside = reference_inputs(given, globs)
    return (*given, *outside) if outside else inputs


def input_paths(inputs: Inputs) -> Path | tuple[Path, ...]:
    """One path, or several: a list of one path is that path (its documents are named alike)."""
    if isinstance(inputs, str | os.PathLike):
        return Path(inputs)
    paths = tuple(Path(path) for path in inputs)
    if not paths:
        raise InputError("no input given; give a folder of documents, or folders and files")
    return paths[0] if len(paths) == 1 else paths
