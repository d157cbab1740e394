"""report.json values -> ``summary.md``, a short summary to paste into a chat or ticket.

In: the report as JSON values. Out: Markdown text: the counts, the outlets
table, the altered passages (or quotations) with their material edits, and
the most widely shared clusters.

Always holds: document text is quoted inline with Markdown and HTML
metacharacters escaped, so a pasted summary shows the words and never turns
them into links, images or markup (bare e-mail addresses aside: GitHub
links them whatever is escaped); passages are cut at 160 characters, and
the outlets table and the altered list at ``LIST_LIMIT`` lines each, so the
summary of any corpus fits in a chat message or a ticket (the rest is in
``report.html``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dedup.report import view
from dedup.report.html import TABLE_LIMIT
from dedup.report.json_writer import write_atomic

_LIMIT = 160
LIST_LIMIT = 20
"""Rows of the outlets table and lines of the altered list a summary shows at most."""
# Enough to keep inline text inert: emphasis, code, links and images need
# these, HTML needs ``<``, an entity (``&amp;``) ``&``; text never starts a
# line, so ``#``, ``-`` and ``1.`` cannot open a block.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# GitHub makes bare web addresses links (its autolink extension); a backslash
# before the ':' of ``http://`` or the '.' of ``www.`` keeps them words.
_AUTOLINK = re.compile(r"(?i)(?<![a-z0-9])(https?:|www\.)")
# The bidirectional classes of right-to-left letters and of Arabic digits,
# and of the controls that embed, override or isolate (an unclosed
# RIGHT-TO-LEFT OVERRIDE in a document would turn the rest of the line).
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI",
                            "FSI", "PDI"})


def escape(text: str, limit: int = _LIMIT) -> str:
    r"""One line of document text, shortened, with Markdown/HTML characters escaped.

    Example:
        >>> escape("<b>[link](javascript:x)</b>")
        '\\<b\\>\\[link\\](javascript:x)\\</b\\>'

    """
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    line = _SPECIAL.sub(r"\\\1", line)
    line = _AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], line)
    if not line.isascii() and any(map(_RIGHT_TO_LEFT.__contains__,
                                      map(unicodedata.bidirectional, line))):
        # Hebrew or Arabic in a left-to-right line: isolated (FIRST STRONG
        # ISOLATE ... POP DIRECTIONAL ISOLATE), so "“A” → “B”" of two
        # right-to-left words is not laid out as one run, "B → A", and no
        # control inside reaches past it.
        line = f"\u2068{line}\u2069"
    return line


def _edits(edits: list[Mapping[str, Any]]) -> str:
    return "; ".join(view.edit_words(e, lambda words: escape(words, 60)) for e in edits
                     if not e.get("cosmetic") and not e.get("trim"))


def code(text: str) -> str:
    """``text`` as an inline code span, fenced by more backticks than it holds."""
    line = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", line)), default=0) + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{fence}{pad}{line}{pad}{fence}"


def render_markdown(data: Mapping[str, Any], *, top: int = 5) -> str:
    """The report as a short Markdown summary.

    Example:
        >>> render_markdown({"documents": [], "clusters": []}).splitlines()[0]
        '# dedup report'

    """
    docs = view.documents(data)
    found = view.findings(data)
    counts = view.label_counts(found)
    quotes = view.quotes(data)
    kind = "quotations" if quotes else "variants"
    clusters = data.get("clusters", [])
    refs = sum(d.role == "reference" for d in docs.values())
    lines = [
        "# dedup report",
        "",
        f"- {view.count(len(docs), 'document')} ({refs} reference, {len(docs) - refs} media), "
        f"{len(data.get('skipped', []))} skipped",
    ]
    if not view.is_audit(data):  # an audit finds quotations, not clusters: no "0 clusters" line
        lines.append(f"- {view.count(len(clusters), 'cluster')} with "
                     f"{view.count(sum(len(c['members']) for c in clusters), 'passage')}")
    if quotes:
        lines.append(f"- {len(quotes)} quotations audited")
    mean = view.mean(f.fidelity for f in found)
    lines.append(
        f"- {kind}: " + ", ".join(f"{counts[label]} {label}" for label in view.LABELS
                                  if counts[label]) + (f"; mean fidelity {mean:.2f}"
                                                       if mean is not None else "")
    )
    rows = view.outlet_rows(data)
    if rows:
        lines += ["", "## Outlets", "",
                  f"| outlet | {kind} | " + " | ".join(view.LABELS) + " | mean fidelity |",
                  "|---|---:|" + "---:|" * len(view.LABELS) + "---:|"]
        for r in rows[:LIST_LIMIT]:
            mean_cell = f"{r.mean:.2f}" if r.mean is not None else "n/a"
            lines.append(f"| {escape(r.name, 60)} | {r.total} | "
                         + " | ".join(str(c) for c in r.counts) + f" | {mean_cell} |")
        if len(rows) > TABLE_LIMIT:  # more than the page's table lists
            lines += ["", f"{len(rows) - LIST_LIMIT} more outlets: `report.html` lists the "
                      f"{TABLE_LIMIT:,} with the most {kind}."]
        elif len(rows) > LIST_LIMIT:
            lines += ["", f"{len(rows) - LIST_LIMIT} more outlets in `report.html`."]
    lines += _changed(data, docs)
    lines += _drawn(docs, top)
    widest = [c for c in view.by_reach(clusters) if not c.get("boilerplate")][:top]
    if widest:
        lines += ["", "## Most widely shared", ""]
        for c in widest:
            original = c["members"][c["canonical"]]
            doc = docs.get(original["doc"])
            lines.append(f"- **{c['id']}**, {view.count(c['documents'], 'document')}, "
                         f"{len(c['members'])} passages, original in "
                         f"{code(doc.path if doc else original['doc'])}: "
                         f"“{escape(original['text'])}”")
    return "\n".join(lines) + "\n"


def _changed(data: Mapping[str, Any], docs: Mapping[str, view.DocView]) -> list[str]:
    """The altered (and misattributed) findings, each with its costly edits."""
    lines: list[str] = []
    bad = view.CHANGED
    if view.quotes(data):
        changed = [q for q in view.quotes(data) if q["label"] in bad]
        for q in sorted(changed, key=_first_look):
            doc = docs.get(q["doc"])
            who = escape(q.get("speaker") or "unknown speaker", 60)
            lines.append(f"- {q['label']}, {who}, in {code(doc.path if doc else q['doc'])}"
                         f"{_source(q, docs)}: "
                         f"“{escape(q['text'])}” {_edits(q.get('edits') or [])}".rstrip())
    else:
        # A reference's own versions (a release and its update, two press
        # conferences' titles) come after the media's edits of the references.
        found: list[tuple[tuple[bool, bool, float], str]] = []
        for c in data.get("clusters", []):
            for m in view.variants(c):
                if m["label"] in bad:
                    doc = docs.get(m["doc"])
                    found.append(((doc is not None and doc.role == "reference", *_first_look(m)),
                                  f"- {c['id']}, {code(doc.path if doc else m['doc'])} line "
                                  f"{m.get('line', '?')}, fidelity {m['fidelity']:.2f}"
                                  f"{_against(c, m, docs)}: {_edits(m.get('edits') or [])}"))
        lines = [line for _, line in sorted(found, key=lambda item: item[0])]
    if len(lines) > LIST_LIMIT:
        # report.html shows at most 1,000 clusters or 5,000 quotations, the
        # changed ones first: METER's 3,130 altered copies are in 1,910
        # clusters, and only the CSV holds them all.
        where = "`quotes.csv`" if view.quotes(data) else "`clusters.csv`"
        lines[LIST_LIMIT:] = [f"- … and {len(lines) - LIST_LIMIT} more, all in {where} "
                              "(`report.html` shows the altered first)"]
    return ["", "## Altered", "", *lines] if lines else []


def _first_look(finding: Mapping[str, Any]) -> tuple[bool, float]:
    """Sort key of a changed passage or quotation: a material edit first, then most faithful.

    The list stops at ``LIST_LIMIT`` lines: in report order, BBC's first 20
    of 445 altered copies were those of its first clusters, whatever they
    changed (and 13 of them no number, negation, modal or name), while its
    'eighth' -> 'ninth' in a copy otherwise word for word was further down.
    The most faithful first: a copy that keeps every other word and changes
    a number is the misquotation to check; a loose match of little fidelity
    (METER's 0.10: '22 stone' -> '22st' among a sentence of other words)
    has edits that may be the alignment's, not the writer's.
    """
    material = any(e.get("material") for e in finding.get("edits") or [])
    fidelity = finding.get("fidelity")
    return not material, -1.0 if fidelity is None else -float(fidelity)


def _source(quote: Mapping[str, Any], docs: Mapping[str, view.DocView]) -> str:
    """`` (source `path`)``: the record a quotation's verdict is against.

    Of several versions of a speech or release, the one the quotation is
    nearest; its edits are against that one's words, not another's.
    """
    source = quote.get("source")
    if not source:
        return ""
    doc = docs.get(source["doc"])
    return f" (source {code(doc.path if doc else source['doc'])})"


def _against(cluster: Mapping[str, Any], member: Mapping[str, Any],
             docs: Mapping[str, view.DocView]) -> str:
    """`` against `path` line N`` for a member measured against another reference version.

    Its edits are not against the original the cluster names: a reader
    holding the original would look for words it does not have.
    """
    at = member.get("against")
    if at is None:
        return ""
    version = cluster["members"][at]
    doc = docs.get(version["doc"])
    return (f" against {code(doc.path if doc else version['doc'])} line "
            f"{version.get('line', '?')}")


def _drawn(docs: Mapping[str, view.DocView], top: int) -> list[str]:
    """The media documents with the most of their word pairs in the references."""
    media = [d for d in docs.values() if d.reference_word_pairs is not None]
    media.sort(key=lambda d: -(d.reference_word_pairs or 0.0))  # stable: report order on ties
    lines = [f"- {code(d.path)}: {view.share(d.reference_word_pairs or 0.0)} of its word pairs and "
             f"{view.share(d.reference_words or 0.0)} of its words in the references"
             for d in media[:top]]
    return ["", "## Most drawn from the references", "", *lines] if lines else []


def write_markdown(data: Mapping[str, Any], path: Path) -> None:
    """Write ``summary.md`` atomically."""
    write_atomic(path, render_markdown(data))
