"""Time of a scan and an audit on text of awkward shapes, at two sizes.

Broken exports, captions in capitals, Chinese text without spaces, a chant
quoted at length: text no news corpus holds much of, where a pattern that
backtracks or a walk repeated for each quotation turns linear work into
quadratic. Each shape is written at ``--small`` and at ``--large``
characters, as one reference (``ref/a.txt``) and two media documents (a
copy, and the same text quoted whole after "He said:"), and the same
process times ``dedup.scan`` and ``dedup.audit`` on each (one process,
imports done before the clock). Usage:

    python benchmarks/shapes.py [--small 10000] [--large 100000] [--shape NAME ...]

Prints, for each shape, the seconds at both sizes and their ratio. Linear
work grows about as the size does (ten times); a shape that grows past
``--flag`` times that is marked ``<-``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dedup

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CHINESE = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]


def _shapes(size: int, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Each shape's text of about ``size`` characters, made when called."""

    def word() -> str:
        return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(2, 9)))

    def words(count: int, between: str = " ") -> str:
        return between.join(word() for _ in range(count))

    def chinese(count: int) -> str:
        return "".join(rng.choice(_CHINESE) for _ in range(count))

    return {
        "chinese, a slash inside": lambda: chinese(size // 2) + "/" + chinese(size // 2),
        "chinese, with punctuation": lambda: "".join(
            chinese(rng.randint(5, 30)) + rng.choice("，。、；：？！") for _ in range(size // 18)),
        "one word, no space": lambda: words(size // 6, ""),
        "words joined by points": lambda: words(size // 6, "."),
        "words joined by slashes": lambda: words(size // 6, "/"),
        "no punctuation": lambda: words(size // 6),
        "capitals, one line": lambda: " ".join(word().upper() for _ in range(size // 6)),
        "initials": lambda: " ".join(rng.choice("ABCDEFGHIJ") + "." for _ in range(size // 3)),
        "abbreviations": lambda: " ".join(word()[:2].capitalize() + "." for _ in range(size // 4)),
        "quotations on one line": lambda: " ".join(
            f"“{words(3)}” {word()}" for _ in range(size // 30)),
        "quotations left open": lambda: " ".join(f"“{words(3)}" for _ in range(size // 25)),
        "a speaker for each": lambda: " ".join(
            f"{word().capitalize()} {word().capitalize()} said: “{words(4)}.”"
            for _ in range(size // 60)),
        "a phrase repeated": lambda: "we will not go " * (size // 15),
        "A. A. A.": lambda: "A. " * (size // 3),
        "short lines": lambda: "\n".join(words(rng.randint(1, 8)) for _ in range(size // 30)),
    }


def _write(folder: Path, text: str) -> None:
    """One reference and two media documents: a copy, and the text quoted whole."""
    (folder / "ref").mkdir(parents=True)
    (folder / "media").mkdir()
    (folder / "ref" / "a.txt").write_text(f"Start. {text}\nThe end.\n", encoding="utf-8")
    (folder / "media" / "b.txt").write_text(f"Begin. {text}\nThe end.\n", encoding="utf-8")
    (folder / "media" / "c.txt").write_text(f"He said: “{text}” The end.\n", encoding="utf-8")


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(text: str) -> tuple[float, float]:
    """Seconds of a scan and of an audit of the shape's three documents."""
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), text)
        scan = _timed(lambda: dedup.scan(folder, jobs=1))
        audit = _timed(lambda: dedup.audit(folder, reference_globs=("ref/*",), jobs=1))
    return scan, audit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000, help="characters (default 10,000)")
    parser.add_argument("--large", type=int, default=100_000, help="characters (default 100,000)")
    parser.add_argument("--shape", action="append", help="only this shape (repeatable)")
    parser.add_argument("--flag", type=float, default=2.0,
                        help="mark a ratio past this many times the sizes' (default 2)")
    args = parser.parse_args()
    known = list(_shapes(0, random.Random(0)))
    for name in args.shape or ():
        if name not in known:
            parser.error(f"no shape {name!r}; the shapes: {', '.join(known)}")
    measure("A warm-up scan. It loads the compiled loops.")
    growth = args.large / args.small
    print(f"{'shape':<28} {'scan s':>15} {'ratio':>7} {'audit s':>15} {'ratio':>7}")
    for name in args.shape or known:
        times = []
        for size in (args.small, args.large):
            text = _shapes(size, random.Random(7))[name]()
            times.append(measure(text))
        (scan_small, audit_small), (scan_large, audit_large) = times
        cells = []
        for small, large in ((scan_small, scan_large), (audit_small, audit_large)):
            ratio = large / max(small, 1e-9)
            mark = " <-" if ratio > args.flag * growth else ""
            cells.append(f"{small:6.2f} → {large:6.2f} {ratio:6.1f}x{mark}")
        print(f"{name:<28} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
