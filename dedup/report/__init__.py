"""Writers that turn a :class:`dedup.models.Report` into files people read."""

from __future__ import annotations

from dedup.report.json_writer import SCHEMA, report_to_dict, write_atomic, write_json

__all__ = ["SCHEMA", "report_to_dict", "write_atomic", "write_json"]
