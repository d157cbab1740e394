"""The examples in the library's docstrings run and print what they show.

Through the installed package, as the rest of the suite imports it.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dedup


def _modules_with_examples() -> list[str]:
    names = [dedup.__name__]
    names += [info.name for info in pkgutil.walk_packages(dedup.__path__, "dedup.")]
    found = []
    for name in sorted(names):
        if name == "dedup.__main__":
            continue  # runs the CLI on import
        if any(test.examples for test in doctest.DocTestFinder().find(
                importlib.import_module(name))):
            found.append(name)
    return found


@pytest.mark.parametrize("name", _modules_with_examples())
def test_the_docstring_examples_show_what_they_print(name: str) -> None:
    results = doctest.testmod(importlib.import_module(name), report=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples in {name}"


def test_every_module_with_examples_is_checked() -> None:
    # The stages whose docstrings show how they are used.
    assert {"dedup", "dedup.shingle.text", "dedup.shingle.tokens", "dedup.candidates",
            "dedup.fidelity.scoring", "dedup.fidelity.spelling"} <= set(
        _modules_with_examples())
