"""Frozen, validated settings for a scan and an audit. Values only: no algorithms here.

Every default is explained in docs/how-it-works.md ("Why these defaults"); each field but
``jobs`` becomes part of ``settings`` in ``report.json`` so a report says how
it was made (``jobs`` only says how many processes did the work: the report
is the same for any number).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from dedup.errors import ConfigError

MAX_SEED = 2**32 - 1
"""The largest MinHash seed (datasketch draws its permutations from a 32-bit seeded generator)."""


@dataclass(frozen=True)
class ScanConfig:
    """Options that shape a scan's result.

    Attributes:
        ``shingle_size``: words per shingle (``--shingle-size``).
        ``num_perm``: MinHash permutations (at least 16).
        ``threshold``: Jaccard similarity of two passages' shingle sets for
            them to match, in (0, 1].
        ``seed``: MinHash seed, 0 to 4294967295.
        ``min_words``: shortest passage that can match.
        ``max_window``: most adjacent sentences indexed as one unit.
        ``boilerplate_min_docs``, ``boilerplate_max_words``: a cluster in at
            least that many documents whose passages have a median under that
            many words, or most of whose members keep under that many words
            of the original around words of their own (a template: a feed's
            header line, a byline), is marked ``boilerplate``.
        ``material_weight``: the cost in words of a material edit (at least 1).
        ``max_file_size``: larger files are skipped, with a reason (bytes).
        ``reference_globs``: documents whose path or file name matches one
            are ``reference`` sources (overrides ``manifest.csv``).
        ``jobs``: see below; the only field that is not in ``report.json``.

    Numbers are checked and kept as plain ``int``/``float`` (a NumPy number
    is converted); a wrong value raises :class:`dedup.ConfigError`.

    Example:
        >>> ScanConfig(threshold=0.6).shingle_size
        2

    """

    shingle_size: int = 2
    num_perm: int = 128
    threshold: float = 0.5
    seed: int = 1
    min_words: int = 5
    max_window: int = 3
    boilerplate_min_docs: int = 3
    boilerplate_max_words: int = 8
    material_weight: float = 3.0
    max_file_size: int = 100_000_000
    reference_globs: tuple[str, ...] = field(default_factory=tuple)
    jobs: int | None = None
    """Worker processes for the per-document stages; None: one per core, or one for a corpus
    of less than ``dedup.prepare.PARALLEL_MIN_CHARS`` characters."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reference_globs", _globs(self.reference_globs))
        _numbers(self)
        checks = [
            *_common_checks(self.num_perm, self.seed, self.material_weight, self.max_file_size),
            (self.shingle_size >= 1, f"shingle_size must be at least 1, got {self.shingle_size}"),
            (0.0 < self.threshold <= 1.0, f"threshold must be in (0, 1], got {self.threshold}"),
            (self.min_words >= 1, f"min_words must be at least 1, got {self.min_words}"),
            (self.max_window >= 1, f"max_window must be at least 1, got {self.max_window}"),
            (
                self.boilerplate_min_docs >= 2,
                f"boilerplate_min_docs must be at least 2, got {self.boilerplate_min_docs}",
            ),
            (
                self.jobs is None or self.jobs >= 1,
                f"jobs must be at least 1, got {self.jobs}",
            ),
        ]
        _enforce(checks)

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values, for the report."""
        values = asdict(self)
        values["reference_globs"] = list(self.reference_globs)
        del values["jobs"]
        return values


@dataclass(frozen=True)
class AuditConfig:
    """Options that shape an audit of quotations against the reference documents.

    Attributes:
        ``num_perm``: MinHash permutations of the reference index (at least 16).
        ``containment``: share of a quotation's words a window of the
            references must hold to be a candidate, in (0, 1].
        ``seed``: MinHash seed, 0 to 4294967295.
        ``material_weight``: the cost in words of a material edit or a splice.
        ``max_file_size``: larger files are skipped, with a reason (bytes).
        ``reference_globs``: as for :class:`ScanConfig`.
        ``jobs``: as for :class:`ScanConfig` (the media documents are audited
            in that many processes); the only field that is not in ``report.json``.

    Example:
        >>> AuditConfig().containment
        0.5

    """

    num_perm: int = 128
    containment: float = 0.5
    seed: int = 1
    material_weight: float = 3.0
    max_file_size: int = 100_000_000
    reference_globs: tuple[str, ...] = field(default_factory=tuple)
    jobs: int | None = None
    """Worker processes for the media documents' quotations; None as for :class:`ScanConfig`."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reference_globs", _globs(self.reference_globs))
        _numbers(self)
        checks = [
            *_common_checks(self.num_perm, self.seed, self.material_weight, self.max_file_size),
            (
                0.0 < self.containment <= 1.0,
                f"containment must be in (0, 1], got {self.containment}",
            ),
            (
                self.jobs is None or self.jobs >= 1,
                f"jobs must be at least 1, got {self.jobs}",
            ),
        ]
        _enforce(checks)

    def as_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values, for the report."""
        values = asdict(self)
        values["reference_globs"] = list(self.reference_globs)
        del values["jobs"]
        return values


def _numbers(config: ScanConfig | AuditConfig) -> None:
    """Make each numeric field a plain finite ``int`` or ``float``, or raise ConfigError.

    A NumPy number from a notebook's parameter sweep becomes the Python
    number (``report.json`` could not be written with a ``numpy.int64`` in
    its settings), a whole number given for a float field a float (the same
    settings, the same bytes); a bool, a string, a fraction for a count or an
    infinite weight (``Infinity`` is not JSON) is refused by name.
    """
    for spec in fields(config):
        value = getattr(config, spec.name)
        if spec.type in ("int", "int | None"):
            if value is None and spec.type == "int | None":
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise ConfigError(f"{spec.name} must be a whole number, got {value!r}")
            object.__setattr__(config, spec.name, int(value))
        elif spec.type == "float":
            if (isinstance(value, bool) or not isinstance(value, numbers.Real)
                    or not math.isfinite(value)):
                raise ConfigError(f"{spec.name} must be a finite number, got {value!r}")
            object.__setattr__(config, spec.name, float(value))


def _globs(value: object) -> tuple[str, ...]:
    """``reference_globs`` as a tuple: one string is one pattern, not one per character."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"reference_globs must be glob patterns (strings), got {value!r}")
    return tuple(value)


def _common_checks(
    num_perm: int, seed: int, material_weight: float, max_file_size: int
) -> list[tuple[bool, str]]:
    """The checks of the options a scan and an audit share."""
    return [
        (num_perm >= 16, f"num_perm must be at least 16, got {num_perm}"),
        (0 <= seed <= MAX_SEED, f"seed must be in 0..{MAX_SEED}, got {seed}"),
        (material_weight >= 1.0, f"material_weight must be at least 1, got {material_weight}"),
        (max_file_size >= 1, f"max_file_size must be at least 1 byte, got {max_file_size}"),
    ]


def _enforce(checks: list[tuple[bool, str]]) -> None:
    """Raise the first failed check's message as a ConfigError."""
    for ok, message in checks:
        if not ok:
            raise ConfigError(message)
