"""Golden corpora: one small folder per phenomenon, cut from ``inputs/``.

Each folder holds the documents and a ``manifest.csv``; beside it,
``<case>.expected.json`` holds the part of the report a reviewer reads (it
sits outside the folder, where a scan would read it as a document). A change in the output fails the
test; when the change is intended, regenerate with
``pytest tests/test_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedup

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _findings(folder: Path) -> dict[str, Any]:
    report = dedup.scan(folder)
    paths = {d.id: d.path for d in report.documents}
    return {
        "documents": [{"path": d.path, "role": d.role, "encoding": d.encoding}
                      for d in report.documents],
        "clusters": [
            {
                "canonical": c.canonical,
                "boilerplate": c.boilerplate,
                "members": [
                    {
                        "path": paths[m.doc],
                        "span": [m.start, m.end],
                        "text": m.text,
                        "fidelity": m.fidelity,
                        "label": m.label,
                        "trimmed": m.trimmed,
                        "edits": [[e.op, e.source, e.variant, e.material, e.cosmetic]
                                  for e in m.edits],
                    }
                    for m in c.members
                ],
            }
            for c in report.clusters
        ],
        "skipped": [[s.path, s.reason] for s in report.skipped],
    }


@pytest.mark.parametrize("case", CASES)
def test_golden_corpus(case: str, request: pytest.FixtureRequest) -> None:
    folder = GOLDEN / case
    expected_file = GOLDEN / f"{case}.expected.json"
    found = _findings(folder)
    if request.config.getoption("--update-golden"):
        expected_file.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n",
                                 encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert found == expected
