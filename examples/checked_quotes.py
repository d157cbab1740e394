"""List every quotation whose words the record does not hold as printed, with its source.

Run from the project root:  python examples/checked_quotes.py [FOLDER]

FOLDER's ``manifest.csv`` says which documents are the record (``reference``).
"""

from __future__ import annotations

import sys

import dedup


def main(folder: str) -> None:
    """Print each quotation of the audit of ``folder`` that is not verbatim, with its source."""
    report = dedup.audit(folder)
    paths = {doc.id: doc.path for doc in report.documents}
    for quote in report.quotes:
        if quote.label == "verbatim":
            continue
        said = f"{quote.speaker}: " if quote.speaker else ""
        flags = f" ({', '.join(quote.flags)})" if quote.flags else ""
        print(f"{quote.id} {quote.label}{flags}  {paths[quote.doc]} [{quote.start}:{quote.end}]")
        print(f"    quoted: {said}“{' '.join(quote.text.split())}”")
        if quote.source is None:
            print("    source: none in the references")
            continue
        source = quote.source
        by = f" ({source.speaker})" if source.speaker else ""
        print(f"    source: {paths[source.doc]}{by} [{source.start}:{source.end}]")
        print(f"    record: “{' '.join(source.text.split())}”")
        for edit in quote.edits:
            if not (edit.trim or edit.cosmetic):  # what changed the words, not their form
                kind = f" ({edit.material})" if edit.material else ""
                print(f"    {edit.op}: {edit.source!r} -> {edit.variant!r}{kind}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "inputs")
