"""Shared fixtures: the bundled sample corpus and an NLTK with no data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# The suite must pass without NLTK's punkt data, as on a fresh machine: point
# NLTK at an empty folder before anything imports it.
os.environ["NLTK_DATA"] = tempfile.mkdtemp(prefix="dedup-empty-nltk-")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# No timed tests: Hypothesis's per-example deadline fails on a busy machine.
settings.register_profile("dedup", deadline=None)
settings.load_profile("dedup")

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.fixture(scope="session")
def inputs_dir() -> Path:
    """The sample corpus shipped in ``inputs/``."""
    return INPUTS


def input_path(prefix: str) -> Path:
    """The sample document whose file name starts with ``prefix`` ("000" ...)."""
    (match,) = sorted(INPUTS.glob(f"{prefix}_*.txt"))
    return match


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*/expected.json from the current output",
    )
