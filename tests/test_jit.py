import os
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


def test_a_loop_compiled_from_another_module_is_compiled_again_when_that_module_changes(
        tmp_path: Path) -> None:
    # numba keeps a cached loop while its own file is unchanged, but the
    # loop holds the code of the loops it calls: dedup's packages call
    # loops of their sibling modules (the banding calls hashing's
    # ``folded``). An edit to the callee must reach the caller.
    package = tmp_path / "loops"
    package.mkdir()
    (package / "__init__.py").write_text("")
    callee = package / "callee.py"
    callee.write_text("from dedup.jit import njit\n\n@njit()\ndef step():\n    return 1\n")
    (package / "caller.py").write_text(
        "from dedup.jit import njit\nfrom loops.callee import step\n\n"
        "@njit()\ndef total(n):\n    s = 0\n    for _ in range(n):\n        s += step()\n"
        "    return s\n")
    probe = "from loops.caller import total\nprint(total(3))\n"

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=tmp_path, check=False,
                              env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "3"
    assert list((package / "__pycache__").glob("caller.total-*.nbi"))  # cached
    callee.write_text("from dedup.jit import njit\n\n@njit()\ndef step():\n    return 2\n")
    later = callee.stat().st_mtime_ns + 10**9  # a clock's tick apart, whatever its resolution
    os.utime(callee, ns=(later, later))
    assert run() == "6"
