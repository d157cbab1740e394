"""benchmarks/reasons.py: planted edits of inputs/' transcripts, and dedup's reasons for them.

The benchmark runs on the reference transcripts of ``inputs/`` with a few
copies of each kind, and the sentences written into the script as filler
(no evaluation corpus: ``--data`` points at an empty folder). The tests
check what dedup must get right on real sentences, not pinned figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import INPUTS, benchmark_module

PER_KIND = 4


@pytest.fixture(scope="module")
def reasons() -> ModuleType:
    return benchmark_module("reasons")


def _run(reasons: ModuleType, folder: Path, seed: int = 1) -> dict[str, Any]:
    out = folder / f"reasons-{seed}.json"
    (folder / "no-data").mkdir(exist_ok=True)
    code = reasons.main(["--originals", str(INPUTS), "--data", str(folder / "no-data"),
                         "--per-kind", str(PER_KIND), "--seed", str(seed), "--json", str(out)])
    assert code == 0
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


@pytest.fixture(scope="module")
def result(reasons: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _run(reasons, tmp_path_factory.mktemp("reasons"))


def _copies(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [copy for copy in result["copies"] if copy["kind"] == kind]


def test_every_kind_is_planted_in_the_transcripts(reasons: ModuleType,
                                                  result: dict[str, Any]) -> None:
    # inputs/' transcripts hold numbers, negations, modals and names enough.
    for kind in reasons.KINDS:
        assert len(_copies(result, kind)) == PER_KIND, kind


@pytest.mark.parametrize("mode", ["scan", "audit"])
@pytest.mark.parametrize("kind", ["number", "negation", "modal", "name"])
def test_material_edits_are_found_and_named(result: dict[str, Any], mode: str,
                                            kind: str) -> None:
    for copy in _copies(result, kind):
        answer = copy["answers"][mode]
        assert answer["found"], (copy["copy"], answer)
        assert answer["right"], (copy["copy"], answer)
        assert f"[{kind}]" in answer["reason"]


@pytest.mark.parametrize("mode", ["scan", "audit"])
def test_verbatim_copies_are_verbatim_with_no_false_alarm(result: dict[str, Any],
                                                           mode: str) -> None:
    for copy in _copies(result, "verbatim"):
        assert copy["answers"][mode]["reason"] == "verbatim", copy
    assert result[mode]["false_alarm_count"] == 0


def test_trimmed_copies_are_flagged(result: dict[str, Any]) -> None:
    for kind in ("trim_start", "trim_end", "trim_middle"):
        for copy in _copies(result, kind):
            assert copy["answers"]["scan"]["reason"] == "verbatim+trimmed", copy
            assert copy["answers"]["audit"]["reason"].startswith("verbatim+"), copy
            assert "trimmed" in copy["answers"]["audit"]["reason"], copy


def test_a_splice_without_an_ellipsis_is_flagged_spliced_in_the_audit(
        result: dict[str, Any]) -> None:
    for copy in _copies(result, "splice"):
        assert "spliced" in copy["answers"]["audit"]["reason"], copy


def test_sentences_from_no_reference_are_unsourced(result: dict[str, Any]) -> None:
    for copy in _copies(result, "unsourced"):
        assert copy["answers"]["audit"]["reason"] == "unsourced"
        assert not copy["answers"]["scan"]["found"]


def test_figures_count_the_copies(reasons: ModuleType, result: dict[str, Any]) -> None:
    for mode in ("scan", "audit"):
        kinds = result[mode]["kinds"]
        assert sum(k["planted"] for k in kinds.values()) == len(result["copies"])
        for kind, figures in kinds.items():
            assert figures["right"] <= figures["planted"], kind
            assert sum(result[mode]["confusion"][kind].values()) == figures["planted"], kind


def test_same_seed_plants_the_same_copies(reasons: ModuleType, result: dict[str, Any],
                                          tmp_path: Path) -> None:
    again = _run(reasons, tmp_path)
    assert again["copies"] == result["copies"]
    other = _run(reasons, tmp_path, seed=2)
    assert [c["copy"] for c in other["copies"]] != [c["copy"] for c in result["copies"]]
