"""Writers that turn a :class:`dedup.models.Report` into files people read."""

from __future__ import annotations

from dedup.report.json_writer import SCHEMA, report_to_dict, write_atomic, write_json
from dedup.report.quotes_csv import quotes_csv, write_quotes_csv

__all__ = [
    "SCHEMA",
    "quotes_csv",
    "report_to_dict",
    "write_atomic",
    "write_json",
    "write_quotes_csv",
]
