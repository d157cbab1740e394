"""Quality gate: dedup's figures on real labelled corpora must not drop.

Runs ``benchmarks/quality.py --subset`` (a fixed quarter of METER, an eighth
of the PAN suspicious documents, all short answers, BBC entertainment) once
and checks each headline figure against its floor in
``benchmarks/quality_baseline.json``: a figure may sit at most
``noise_margin`` below its floor. The scan is seeded, so the only noise is
the sentence model (NLTK's packaged ``punkt_tab`` when installed, else a
model trained on the input); the margin covers that.

The corpora are not part of the repository: the gate runs when
``../shared/eval`` (beside the repository) holds them and is skipped with a
reason otherwise, or for a corpus whose files differ from the ones the
floors were pinned on (the digests in the baseline). Floors only go up:
raise them with ``python benchmarks/quality.py --subset --json OUT`` when a
change improves a figure.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import benchmark_module

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval"
BASELINE = json.loads((ROOT / "benchmarks" / "quality_baseline.json").read_text("utf-8"))
FLOORS: dict[str, float] = BASELINE["floors"]

pytestmark = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"evaluation corpora not found at {DATA}"
)


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    return benchmark_module("quality")


@pytest.fixture(scope="module")
def figures(quality: ModuleType) -> dict[str, Any]:
    results = quality.evaluate(DATA, subset=True, say=lambda _: None)
    return dict(quality.flatten(results))


@pytest.fixture(scope="module")
def digests(quality: ModuleType) -> dict[str, str | None]:
    """Each pinned corpus's digest here, None when its folder is absent."""
    out: dict[str, str | None] = {}
    for corpus in BASELINE["digests"]:
        folder = DATA / quality.CORPORA[corpus][0]
        out[corpus] = quality.digest(folder) if folder.is_dir() else None
    return out


@pytest.mark.parametrize("corpus", sorted(BASELINE["digests"]))
def test_corpus_is_the_pinned_one(digests: dict[str, str | None], corpus: str) -> None:
    if digests[corpus] is None:
        pytest.skip(f"{corpus} not found under {DATA}")
    assert digests[corpus] == BASELINE["digests"][corpus], (
        f"{corpus} under {DATA} differs from the copy the floors were pinned on"
    )


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_figure_holds_its_floor(
    figures: dict[str, Any], digests: dict[str, str | None], key: str
) -> None:
    corpus = key.split(".")[0]
    if digests[corpus] != BASELINE["digests"][corpus]:
        pytest.skip(f"{corpus} is absent or not the copy the floors were pinned on")
    floor = FLOORS[key]
    assert figures[key] >= floor - BASELINE["noise_margin"], (
        f"{key} = {figures[key]} dropped below its floor {floor} "
        f"(noise margin {BASELINE['noise_margin']})"
    )
