from __future__ import annotations

import dataclasses

import pytest

from dedup.models import Document, Report, Skipped

DOC = Document(
    "d1", "a.txt", "Allies have also increased humanitarian assistance and financial aid."
)


@pytest.mark.parametrize(
    ("documents", "skipped", "code"),
    [
        pytest.param((DOC,), (), 0, id="all-read"),
        pytest.param((DOC,), (Skipped("b.txt", "empty file"),), 3, id="some-skipped"),
        pytest.param((), (Skipped("b.txt", "empty file"),), 1, id="nothing-readable"),
    ],
)
def test_exit_code_follows_the_contract(
    documents: tuple[Document, ...], skipped: tuple[Skipped, ...], code: int
) -> None:
    assert Report({}, documents, (), skipped).exit_code == code


def test_models_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DOC.text = "changed"  # type: ignore[misc]
