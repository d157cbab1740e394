"""The ``dedup`` command: options -> config -> library call -> files -> exit code.

A thin layer: every option is turned into a :class:`ScanConfig` once, here;
the library does the work; :class:`DedupError` becomes a one-line error with
exit code 1, and a bad option (click's check, or the library's
:class:`ConfigError`) exit code 2, a usage error.

Exit codes: 0 every file read; 1 fatal error or nothing readable; 2 usage
error; 3 the scan finished but some files were skipped; 4 (audit) a
quotation got a label named by ``--fail-on``.
"""


from __future__ import annotations

import logging

import click

from dedup import __version__
from dedup.cli.audit import audit_command
from dedup.cli.check import check_command
from dedup.cli.report import report_command
from dedup.cli.scan import scan_command
from dedup.cli.shared import Warnings


@click.group()
@click.version_option(__version__, prog_name="dedup")
def main() -> None:
    """Find duplicate and variant passages and quotations across documents."""
    library = logging.getLogger("dedup")
    if not any(isinstance(handler, Warnings) for handler in library.handlers):
        library.addHandler(Warnings(logging.WARNING))


for command in (scan_command, report_command, audit_command, check_command):
    main.add_command(command)

__all__ = ["audit_command", "check_command", "main", "report_command", "scan_command"]
