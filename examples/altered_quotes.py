"""List every variant that is not word for word, with what changed.

Run from the project root:  python examples/altered_quotes.py [FOLDER]
"""

from __future__ import annotations

import sys

import dedup


def main(folder: str) -> None:
    """Print each variant of the scan of ``folder`` that is not word for word, with its edits."""
    report = dedup.scan(folder)
    paths = {doc.id: doc.path for doc in report.documents}
    for cluster in report.clusters:
        original = cluster.members[cluster.canonical]
        for member in cluster.members:
            if member is original or member.label == "verbatim":
                continue
            print(f"{cluster.id} {member.label} {member.fidelity:.2f}  {paths[member.doc]}"
                  f" [{member.start}:{member.end}]")
            print(f"    original: {' '.join(original.text.split())}")
            print(f"    variant:  {' '.join(member.text.split())}")
            for edit in member.edits:
                if edit.trim:  # the original's words before or after a partial quote
                    print(f"    trimmed: {edit.source!r}")
                elif not edit.cosmetic:
                    kind = f" ({edit.material})" if edit.material else ""
                    print(f"    {edit.op}: {edit.source!r} -> {edit.variant!r}{kind}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "inputs")
