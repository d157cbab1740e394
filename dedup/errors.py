"""The errors dedup raises on purpose.

::

    DedupError                 anything dedup reports as a one-line message
    ├── ConfigError            an option value that cannot work
    ├── InputError             the input folder is missing or holds nothing usable
    └── OutputError            the output folder cannot be written

A file that cannot be read is not an error: it is listed under ``skipped``
in the report and the run goes on.
"""

from __future__ import annotations


class DedupError(Exception):
    """Base class: the message says what went wrong and what to do."""


class ConfigError(DedupError):
    """An option value is out of range or inconsistent with another."""


class InputError(DedupError):
    """The input cannot be scanned at all."""


class OutputError(DedupError):
    """The report cannot be written where it was asked for."""
