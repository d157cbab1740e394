import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_loops_compile_where_numba_can_write_no_cache() -> None:
    # A read-only install run by an account with no writable home (a
    # service, a container): numba finds no folder for its cache. Its
    # locators are emptied here, as root writes any folder.
    probe = (
        "import logging\n"
        "import numba.core.caching as caching\n"
        "caching.CacheImpl._locator_classes = []\n"
        "logging.basicConfig(format='%(levelname)s %(message)s')\n"
        "from dedup.shingle import token_spans\n"
        "text = 'Allies met in Brussels.'\n"
        "starts, ends = token_spans(text)\n"
        "print([text[s:e] for s, e in zip(starts, ends, strict=True)])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["['Allies', 'met', 'in', 'Brussels']"]
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, done.stderr
    assert "NUMBA_CACHE_DIR" in warnings[0]


def test_set_up_is_a_saving_only_where_numba_moved_its_internals(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numba.core.registry

    from dedup.jit import set_up

    monkeypatch.delattr(numba.core.registry, "cpu_target")
    assert set_up() is None  # no ImportError: the workers set up as before
