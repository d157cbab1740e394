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


def test_help_on_each_public_class_names_each_of_its_fields() -> None:
    # help(dedup.ScanConfig) listed the fields with no word on what they
    # are (only jobs had one), help(dedup.Member) said "One occurrence of a
    # clustered passage." and nothing on its offsets, label or edits.
    import dataclasses
    import inspect
    import re

    import dedup

    for name in dedup.__all__:
        cls = getattr(dedup, name)
        if not (inspect.isclass(cls) and dataclasses.is_dataclass(cls)):
            continue
        literals = " ".join(re.findall(r"``([^`]+)``", cls.__doc__ or ""))
        for field in dataclasses.fields(cls):
            assert re.search(rf"\b{field.name}\b", literals), f"{name}.{field.name}"
