"""Peak memory and time of a scan over one huge single-line file.

The file repeats the sentences of ``inputs/`` with no line break, as a broken
export or a minified page does. Usage:

    python benchmarks/huge_line.py --mb 50 [--max-file-size BYTES]

Prints the file size, the wall time of ``dedup.scan``, the CPU time of the
process during the scan (on a shared machine the wall time also counts the
other jobs), the seconds of each stage, and the peak resident memory of the
process (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import dedup

ROOT = Path(__file__).resolve().parent.parent


def huge_line(size: int) -> str:
    """Real sentences of ``inputs/`` joined by spaces, repeated to ``size`` characters."""
    text = " ".join(
        " ".join(path.read_text(encoding="utf-8").split())
        for path in sorted((ROOT / "inputs").glob("*.txt"))
    )
    return (text + " ") * (size // (len(text) + 1)) + text[: size % (len(text) + 1)]


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.txt"
        path.write_text(huge_line(int(args.mb * 1_000_000)), encoding="utf-8")
        size = path.stat().st_size
        stages: dict[str, float] = {}
        started, cpu = time.perf_counter(), _cpu_seconds()
        report = dedup.scan(folder, timings=lambda stage, seconds: stages.update({stage: seconds}))
        elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file: {size:,} bytes")
    print(f"scan: {elapsed:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:,.0f} MB")
    print("stages: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in stages.items()))
    print(f"documents {report.stats['documents']}, sentences {report.stats['sentences']}, "
          f"units {report.stats['units']}, clusters {report.stats['clusters']}, "
          f"members {report.stats['members']}")


if __name__ == "__main__":
    main()
