"""Detection and fidelity quality of dedup on four real, labelled corpora.

Usage::

    python benchmarks/quality.py [--data ../shared/eval] [--json OUT]
                                 [--subset] [--only NAME ...] [--set OPTION=VALUE ...]

In: the evaluation corpora described in ``../shared/eval/README.md`` (METER,
a PAN 2013 text-alignment subset, the Clough & Stevenson short answers, BBC
News). They are research data for evaluation only: this script reads them in
place and hands dedup temporary folders of symbolic links with a
``manifest.csv`` for the roles; nothing is copied into the repository.

Out: one table of figures on stdout and, with ``--json``, the same figures as
JSON (a figure is ``null`` when its corpus was skipped). A corpus whose folder
is absent is skipped with a one-line note.

Always holds: dedup runs through its library API (``dedup.scan``) with the
same defaults as the CLI unless ``--set`` overrides one; no label is shown to
the detector; the rule that turns dedup's findings into a class (METER) is a
small logistic regression on seven figures of dedup's findings, fitted by
cross-validation over METER's catchline groups (each article is classified
by the model fitted without its group), documented below.
``--subset`` runs a fixed, deterministic part of each corpus (the quality
gate in ``tests/test_quality_gate.py``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz.distance import Indel

import dedup

# --- METER classification rule ------------------------------------------------
# Each article is described by seven figures from dedup's findings (its features):
#   coverage           share of the article's non-space characters that lie in
#                      passages dedup clusters with the agency (PA) copy of its
#                      catchline;
#   sqrt(coverage)     the same, spread out near zero, where a few reused
#                      sentences tell a partially derived article from a
#                      non-derived one;
#   source coverage    share of the agency copy's non-space characters in
#                      those clusters (how much of the copy the article uses);
#   log length         of the article, and of the agency copy (non-space
#                      characters): a short article that reuses a fifth of
#                      itself is more likely wholly derived than a long one;
#   reference words    the report's overlap of the article with the
#   and pairs          references (its agency copy): shares of its words and
#                      of its pairs of consecutive words found there, which
#                      see rewrites that leave no passage.
# A multinomial logistic regression (numpy; standardised features, classes
# weighted to equal total weight, L2 penalty METER_L2, fitted by gradient
# descent) gives each article the probabilities of the three classes; its
# score is P(wholly) - P(non), and two cut-offs on the score give its class:
#   wholly derived     score >= wholly cut-off
#   partially derived  score >= partially cut-off
#   non-derived        otherwise
# (the cut-offs: the pair, on a grid of the score's percentiles, with the best
# three-class macro F1 on the training articles). Nothing is fixed by hand:
# the model is fitted by METER_FOLDS-fold cross-validation over the catchline
# groups (the groups, in sorted order, are dealt to the folds in turn) and each
# article is classified by the model fitted on the other folds, so no
# article's label takes part in its own classification. The reported F1 are
# those out-of-fold classes; ``--fit`` prints the model fitted on all articles.
# Clough et al. (2002) also classified with cross-validated learned models.
METER_FOLDS = 10
METER_FEATURES = ("coverage", "sqrt coverage", "source coverage", "log length",
                  "log source length", "reference words", "reference pairs")
METER_L2 = 1.0
METER_STEPS = 3000

# --- PAN tolerance -------------------------------------------------------------
# The offsets of this PAN copy are shifted by a few characters to a few words,
# so a character counts as matched when it lies within PAN_TOLERANCE characters
# of the other side's span.
PAN_TOLERANCE = 50
# A case is "found" when dedup's detections cover at least this share of it.
PAN_CASE_FOUND = 0.5

# --- BBC -----------------------------------------------------------------------
# A duplicate group is recalled when dedup's clusters shared by the group's
# documents cover at least this share of each document's characters.
BBC_FOUND = 0.8

GRADES = {"non": 0, "heavy": 1, "light": 2, "cut": 3}

Figures = dict[str, Any]


# --- helpers -------------------------------------------------------------------


@contextmanager
def staged(files: Sequence[tuple[Path, str, str]]) -> Iterator[Path]:
    """A temporary folder of symbolic links plus a ``manifest.csv``.

    Args:
        files: ``(source file, name in the folder, role)`` triples.

    """
    with tempfile.TemporaryDirectory(prefix="dedup-quality-") as tmp:
        root = Path(tmp)
        rows = ["path,role"]
        for source, name, role in files:
            link = root / name
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(source.resolve())
            rows.append(f"{name},{role}")
        (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        yield root


def spans_union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged, non-empty spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def covered(text: str, spans: Iterable[tuple[int, int]]) -> int:
    """Non-space characters of ``text`` inside the union of ``spans``."""
    return sum(nonspace(text[s:e]) for s, e in spans_union(spans))


def nonspace(text: str) -> int:
    """Number of non-whitespace characters."""
    return sum(not c.isspace() for c in text)


def overlap(first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]) -> int:
    """Characters in both unions of spans."""
    total = 0
    a, b = spans_union(first), spans_union(second)
    i = j = 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def widen(spans: Iterable[tuple[int, int]], by: int) -> list[tuple[int, int]]:
    """Each span grown by ``by`` characters on both sides."""
    return [(max(0, s - by), e + by) for s, e in spans]


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation (average ranks for ties)."""

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    if len(x) < 3 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return statistics.correlation(ranks(x), ranks(y))


def f1_scores(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> list[float]:
    """F1 of each class."""
    scores = []
    for cls in classes:
        tp = sum(g == p == cls for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == cls != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == cls != p for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return scores


def rounded(value: float | None, digits: int = 3) -> float | None:
    """``value`` rounded for the report, None kept."""
    return None if value is None else round(value, digits)


def digest(folder: Path) -> str:
    """SHA-256 over every file of ``folder``: relative paths and contents, sorted."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@dataclass(frozen=True)
class Found:
    """dedup's findings for one document: spans clustered with the source side."""

    spans: tuple[tuple[int, int], ...]
    weighted: float  # sum over those members of non-space chars x fidelity
    sources: tuple[tuple[str, int, int], ...] = ()  # (path, start, end) of the source members


def findings(report: dedup.Report, is_source: Callable[[str], bool]) -> dict[str, Found]:
    """Per document path: its members in clusters that hold a source member.

    Boilerplate clusters count too: a stock formula copied from the source is
    still copied text. Members of the source documents are left out, and
    kept apart as ``Found.sources``: the source text each document reuses.
    """
    paths = {doc.id: doc.path for doc in report.documents}
    texts = {doc.id: doc.text for doc in report.documents}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    weighted: dict[str, float] = defaultdict(float)
    sources: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    for cluster in report.clusters:
        from_source = {(paths[m.doc], m.start, m.end) for m in cluster.members
                       if is_source(paths[m.doc])}
        if not from_source:
            continue
        for member in cluster.members:
            path = paths[member.doc]
            if is_source(path):
                continue
            spans[path].append((member.start, member.end))
            weighted[path] += nonspace(texts[member.doc][member.start : member.end]) * (
                member.fidelity
            )
            sources[path] |= from_source
    return {p: Found(tuple(spans_union(s)), weighted[p], tuple(sorted(sources[p])))
            for p, s in spans.items()}


# --- METER ---------------------------------------------------------------------


METER_CLASSES = ("wholly_derived", "partially_derived", "non_derived")


def sgml_spans(sgml: str, raw: str, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Character spans of ``raw`` annotated with one of ``kinds`` in ``sgml``.

    The annotated copy differs from the raw text in whitespace (and a few
    characters), so the non-space characters of both are aligned and each
    annotated character is mapped to its raw position.
    """
    body = sgml[sgml.find("<body>") + 6 : sgml.rfind("</body>")]
    ann_chars: list[str] = []
    ann_marked: list[bool] = []
    for match in re.finditer(r"<(\w+)[^>]*>(.*?)</\1>", body, re.S):
        marked = match.group(1) in kinds
        for char in unescape(match.group(2)):
            if not char.isspace():
                ann_chars.append(char)
                ann_marked.append(marked)
    raw_pos = [i for i, c in enumerate(raw) if not c.isspace()]
    raw_chars = "".join(raw[i] for i in raw_pos)
    spans: list[tuple[int, int]] = []
    for op in Indel.opcodes("".join(ann_chars), raw_chars):
        if op.tag != "equal":
            continue
        for offset in range(op.src_end - op.src_start):
            if ann_marked[op.src_start + offset]:
                at = raw_pos[op.dest_start + offset]
                spans.append((at, at + 1))
    return spans_union(spans)


def unescape(text: str) -> str:
    """The few SGML entities the METER annotation uses."""
    return (
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


@dataclass(frozen=True)
class Article:
    """dedup's findings on one METER article, and the features the classes come from."""

    text: str
    found: Found | None
    coverage: float
    weighted: float  # fidelity-weighted coverage
    features: tuple[float, ...]  # METER_FEATURES, in order


def meter_features(
    root: Path, rows: Sequence[dict[str, str]], options: Mapping[str, Any]
) -> dict[str, Article]:
    """Per article (by its newspaper file): dedup's findings against its agency copy."""
    by_catchline: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_catchline[(row["domain"], row["date"], row["catchline"])].append(row)
    out: dict[str, Article] = {}
    for key in sorted(by_catchline):
        group = by_catchline[key]
        pa = sorted({p for row in group for p in row["pa_source_files"].split(";") if p})
        files = [(root / p, f"pa/{i}_{Path(p).name}", "reference") for i, p in enumerate(pa)]
        files += [(root / r["newspaper_file"], f"news/{Path(r['newspaper_file']).name}", "media")
                  for r in group]
        with staged(files) as folder:
            report = dedup.scan(folder, **options)
        found = findings(report, lambda path: path.startswith("pa/"))
        texts = {doc.path: doc.text for doc in report.documents}
        ids = {doc.path: doc.id for doc in report.documents}
        pa_size = max(1, sum(nonspace(t) for path, t in texts.items() if path.startswith("pa/")))
        for row in group:
            name = f"news/{Path(row['newspaper_file']).name}"
            text = texts.get(name, "")
            hit = found.get(name)
            size = max(1, nonspace(text))
            coverage = covered(text, hit.spans) / size if hit else 0.0
            weighted = hit.weighted / size if hit else 0.0
            reused: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for path, start, end in hit.sources if hit else ():
                reused[path].append((start, end))
            source = sum(covered(texts[path], spans) for path, spans in reused.items()) / pa_size
            overlap = report.overlap.get(ids.get(name, ""))
            features = (coverage, math.sqrt(coverage), source, math.log(size), math.log(pa_size),
                        overlap.words if overlap else 0.0, overlap.word_pairs if overlap else 0.0)
            out[row["newspaper_file"]] = Article(text, hit, coverage, weighted, features)
    return out


def classify(score: float, wholly: float, partially: float) -> str:
    """The METER class an article's score implies with these cut-offs."""
    if score >= wholly:
        return "wholly_derived"
    if score >= partially:
        return "partially_derived"
    return "non_derived"


def meter_scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """Three-class macro F1 and derived-vs-non F1 (derived = wholly or partially)."""
    macro = statistics.fmean(f1_scores(gold, predicted, METER_CLASSES))

    def derived(labels: Sequence[str]) -> list[str]:
        return ["derived" if label != "non_derived" else "non" for label in labels]

    (binary,) = f1_scores(derived(gold), derived(predicted), ("derived",))
    return macro, binary


@dataclass(frozen=True)
class MeterModel:
    """A fitted METER rule: logistic regression on the features, then cut-offs on its score."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features + intercept) x classes, in METER_CLASSES order
    wholly: float = 0.0
    partially: float = 0.0

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Each article's probability of each class."""
        return softmax(with_intercept((features - self.mean) / self.scale) @ self.weights)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """P(wholly) - P(non): high for copied articles, low for independent ones."""
        probs = self.probabilities(features)
        return probs[:, 0] - probs[:, 2]

    def classify(self, features: np.ndarray) -> list[str]:
        """The class of each article (one row of features each)."""
        return [classify(s, self.wholly, self.partially) for s in self.scores(features)]


def with_intercept(values: np.ndarray) -> np.ndarray:
    """``values`` with a column of ones appended."""
    return np.hstack([values, np.ones((len(values), 1))])


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def fit_meter(gold: Sequence[str], features: Sequence[Sequence[float]]) -> MeterModel:
    """The logistic regression and the score cut-offs fitted on these articles."""
    values = np.asarray(features, dtype=float)
    labels = np.asarray([METER_CLASSES.index(g) for g in gold])
    mean, scale = values.mean(axis=0), values.std(axis=0) + 1e-9
    inputs = with_intercept((values - mean) / scale)
    targets = np.eye(len(METER_CLASSES))[labels]
    counts = np.bincount(labels, minlength=len(METER_CLASSES))
    balance = (len(labels) / (len(METER_CLASSES) * np.maximum(counts, 1)))[labels][:, None]
    penalty = np.ones((inputs.shape[1], 1))
    penalty[-1] = 0.0  # the intercept is not penalised
    weights = np.zeros((inputs.shape[1], len(METER_CLASSES)))
    for _ in range(METER_STEPS):  # convex: plain gradient descent converges
        error = (softmax(inputs @ weights) - targets) * balance
        weights -= 0.5 * (inputs.T @ error + METER_L2 * penalty * weights) / len(labels)
    model = MeterModel(mean, scale, weights)
    wholly, partially = score_cutoffs(labels, model.scores(values))
    return MeterModel(mean, scale, weights, wholly, partially)


def score_cutoffs(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The cut-offs (on the scores' percentiles) with the best macro F1, ties to the lowest."""
    grid = np.unique(np.percentile(scores, np.arange(101)))
    best = (-1.0, float(grid[0]), float(grid[0]))
    for wholly in grid[1:]:
        lows = grid[grid < wholly][:, None]  # one row per partially cut-off
        predicted = np.where(scores >= wholly, 0, np.where(scores >= lows, 1, 2))
        macro = np.zeros(len(lows))
        for cls in range(len(METER_CLASSES)):
            tp = np.sum((labels == cls) & (predicted == cls), axis=1)
            wrong = np.sum((labels == cls) != (predicted == cls), axis=1)
            macro += np.divide(2 * tp, 2 * tp + wrong, out=np.zeros(len(lows)),
                               where=tp > 0) / len(METER_CLASSES)
        if macro.max() > best[0]:
            at = int(np.argmax(macro))
            best = (float(macro[at]), float(wholly), float(lows[at, 0]))
    return best[1], best[2]


def cross_validated(
    rows: Sequence[dict[str, str]], articles: Mapping[str, Article], folds: int = METER_FOLDS
) -> list[str]:
    """Each article's class from the model fitted on the other folds of catchline groups."""
    keys = sorted({(r["domain"], r["date"], r["catchline"]) for r in rows})
    fold_of = {key: index % folds for index, key in enumerate(keys)}
    fold = [fold_of[(r["domain"], r["date"], r["catchline"])] for r in rows]
    features = np.array([articles[r["newspaper_file"]].features for r in rows])
    predicted = [""] * len(rows)
    for held in range(folds):
        train = [i for i, f in enumerate(fold) if f != held]
        test = [i for i, f in enumerate(fold) if f == held]
        if not test:
            continue
        model = fit_meter([rows[i]["label"] for i in train], features[train])
        for i, label in zip(test, model.classify(features[test]), strict=True):
            predicted[i] = label
    return predicted


def run_meter(data: Path, options: Mapping[str, Any], subset: bool, fit: bool) -> Figures:
    """METER: article classes, reused spans and fidelity against the annotation."""
    root = data / "meter"
    rows = read_tsv(root / "meter_index.tsv")
    if subset:
        # Every fourth catchline in sorted order: about a quarter of the corpus.
        keys = sorted({(r["domain"], r["date"], r["catchline"]) for r in rows})
        keep = set(keys[::4])
        rows = [r for r in rows if (r["domain"], r["date"], r["catchline"]) in keep]
    articles = meter_features(root, rows, options)
    figures: Figures = {"articles": len(rows)}
    gold = [row["label"] for row in rows]
    predicted = cross_validated(rows, articles)
    model = fit_meter(gold, [articles[r["newspaper_file"]].features for r in rows])
    if fit:
        print("meter model fitted on all articles (standardised features; weights for "
              + ", ".join(METER_CLASSES) + ")")
        for name, mean, scale, *weights in zip(
            METER_FEATURES, model.mean, model.scale, *model.weights[:-1].T, strict=True
        ):
            print(f"  {name:<18} mean {mean:8.3f} sd {scale:7.3f} weights "
                  + " ".join(f"{w:7.3f}" for w in weights))
        print(f"  score cut-offs: wholly >= {model.wholly:.3f}, partially >= {model.partially:.3f}")
    figures["cutoffs"] = [rounded(model.wholly), rounded(model.partially)]
    figures["macro_f1"], figures["binary_f1"] = (rounded(v) for v in meter_scores(gold, predicted))
    # What the binary figure is to be read against: every article called derived.
    _, all_derived = meter_scores(gold, ["wholly_derived"] * len(gold))
    figures["binary_f1_all_derived"] = rounded(all_derived)
    for domain in ("courts", "showbiz"):
        part = [i for i, r in enumerate(rows) if r["domain"] == domain]
        if part:
            macro, binary = meter_scores([gold[i] for i in part], [predicted[i] for i in part])
            figures[f"macro_f1_{domain}"] = rounded(macro)
            figures[f"binary_f1_{domain}"] = rounded(binary)

    # Spans and fidelity on the articles with span annotations.
    reused = labelled = both = 0
    fidelity: list[float] = []
    verbatim: list[float] = []
    for row in rows:
        if not row["sgml_file"] or not row["frac_verbatim_chars"]:
            continue
        article = articles[row["newspaper_file"]]
        weighted, hit, text = article.weighted, article.found, article.text
        sgml = (root / row["sgml_file"]).read_text(encoding="latin-1")
        gold = sgml_spans(sgml, text, ("Verbatim", "Rewrite"))
        mine = list(hit.spans) if hit else []
        labelled += covered(text, gold)
        reused += covered(text, mine)
        both += covered(text, [(s, e) for s, e in clip(mine, gold)])
        fidelity.append(weighted)
        verbatim.append(float(row["frac_verbatim_chars"]))
    figures["span_articles"] = len(fidelity)
    figures["span_precision"] = rounded(both / reused) if reused else None
    figures["span_recall"] = rounded(both / labelled) if labelled else None
    figures["spearman_verbatim"] = rounded(spearman(fidelity, verbatim))
    return figures


def clip(
    first: Sequence[tuple[int, int]], second: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The intersections of two unions of spans."""
    a, b = spans_union(first), spans_union(second)
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            yield start, end
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1


# --- PAN -------------------------------------------------------------------------


def run_pan(data: Path, options: Mapping[str, Any], subset: bool) -> Figures:
    """PAN 2013 verbatim cases: passage precision and recall with a tolerance."""
    root = data / "pan13_text_alignment_subset"
    cases = read_tsv(root / "pan_cases.tsv")
    by_susp: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for case in cases:
        by_susp[case["suspicious_doc"]][case["source_doc"]].append(case)
    susps = sorted(by_susp)
    if subset:
        susps = susps[::8]
    found_chars = gold_chars = det_chars = det_ok = 0
    cases_found = cases_total = 0
    for susp in susps:
        sources = sorted(by_susp[susp])
        files = [(root / "susp" / susp, f"susp/{susp}", "media")]
        files += [(root / "final_txt_files" / s, f"src/{s}", "reference") for s in sources]
        with staged(files) as folder:
            report = dedup.scan(folder, **options)
        paths = {doc.id: doc.path for doc in report.documents}
        text = next((d.text for d in report.documents if d.path == f"susp/{susp}"), "")
        for source in sources:
            pair = by_susp[susp][source]
            # Detections: suspicious-side members of clusters that also hold
            # a member of this source.
            mine: list[tuple[int, int]] = []
            for cluster in report.clusters:
                docs = {paths[m.doc] for m in cluster.members}
                if f"src/{source}" in docs:
                    mine += [(m.start, m.end) for m in cluster.members
                             if paths[m.doc] == f"susp/{susp}"]
            gold = [(int(c["this_offset"]), int(c["this_offset"]) + int(c["this_length"]))
                    for c in pair]
            det_chars += covered(text, mine)
            det_ok += covered(text, clip(mine, widen(gold, PAN_TOLERANCE)))
            gold_chars += covered(text, gold)
            found_chars += covered(text, clip(gold, widen(mine, PAN_TOLERANCE)))
            for span in gold:
                size = max(1, nonspace(text[span[0] : span[1]]))
                got = covered(text, clip([span], widen(mine, PAN_TOLERANCE)))
                cases_total += 1
                cases_found += got / size >= PAN_CASE_FOUND
    return {
        "cases": cases_total,
        "pairs": sum(len(by_susp[s]) for s in susps),
        "precision": rounded(det_ok / det_chars) if det_chars else None,
        "recall": rounded(found_chars / gold_chars) if gold_chars else None,
        "case_recall": rounded(cases_found / cases_total) if cases_total else None,
    }


# --- short answers ---------------------------------------------------------------


def run_short_answers(data: Path, options: Mapping[str, Any], subset: bool) -> Figures:
    """Clough & Stevenson: rank correlation of fidelity to source with the grade."""
    root = data / "clough_stevenson_short_answers"
    with (root / "file_information.csv").open(encoding="utf-8", newline="") as handle:
        answers = [r for r in csv.DictReader(handle) if r["Category"] in GRADES]
    figures: Figures = {"answers": len(answers)}
    scores: list[float] = []
    grades: list[float] = []
    for task in sorted({a["Task"] for a in answers}):
        group = [a for a in answers if a["Task"] == task]
        files = [(root / f"orig_task{task}.txt", f"orig_task{task}.txt", "reference")]
        files += [(root / a["File"], a["File"], "media") for a in group]
        with staged(files) as folder:
            report = dedup.scan(folder, **options)
        found = findings(report, lambda path: path.startswith("orig_"))
        texts = {doc.path: doc.text for doc in report.documents}
        task_scores = []
        for answer in group:
            hit = found.get(answer["File"])
            size = max(1, nonspace(texts.get(answer["File"], "")))
            task_scores.append(hit.weighted / size if hit else 0.0)
        task_grades = [float(GRADES[a["Category"]]) for a in group]
        figures[f"spearman_task{task}"] = rounded(spearman(task_scores, task_grades))
        scores += task_scores
        grades += task_grades
    figures["spearman"] = rounded(spearman(scores, grades))
    return figures


# --- BBC -------------------------------------------------------------------------


def run_bbc(data: Path, options: Mapping[str, Any], subset: bool) -> Figures:
    """BBC News: recall of the exact-duplicate groups, count of other clusters."""
    root = data / "bbc_news_2225"
    groups = [row["files"].split(";") for row in read_tsv(root / "exact_duplicate_groups.tsv")]
    topics = sorted(p.name for p in root.iterdir() if p.is_dir())
    if subset:
        topics = ["entertainment"]
    group_of = {path: index for index, files in enumerate(groups) for path in files}
    recalled = total = others = clusters = 0
    for topic in topics:
        files = [(p, f"{topic}/{p.name}", "media") for p in sorted((root / topic).glob("*.txt"))]
        with staged(files) as folder:
            report = dedup.scan(folder, **options)
        paths = {doc.id: doc.path for doc in report.documents}
        texts = {doc.path: doc.text for doc in report.documents}
        shared: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for cluster in report.clusters:
            clusters += 1
            docs = {paths[m.doc] for m in cluster.members}
            owners = [group_of.get(path, -1 - i) for i, path in enumerate(sorted(docs))]
            if len(docs) < 2 or len(set(owners)) != 1:
                others += 1
            for member in cluster.members:
                path = paths[member.doc]
                if path in group_of and any(
                    group_of.get(other) == group_of[path] for other in docs - {path}
                ):
                    shared[path].append((member.start, member.end))
        for files_ in groups:
            if not files_[0].startswith(f"{topic}/"):
                continue
            total += 1
            recalled += all(
                covered(texts[p], shared[p]) >= BBC_FOUND * max(1, nonspace(texts[p]))
                if p in texts else False
                for p in files_
            )
    return {
        "groups": total,
        "recall": rounded(recalled / total) if total else None,
        "other_clusters": others,
        "clusters": clusters,
    }


# --- main ------------------------------------------------------------------------


CORPORA: dict[str, tuple[str, Callable[..., Figures]]] = {
    "meter": ("meter", run_meter),
    "pan": ("pan13_text_alignment_subset", run_pan),
    "short_answers": ("clough_stevenson_short_answers", run_short_answers),
    "bbc": ("bbc_news_2225", run_bbc),
}

HEADLINE = {
    "meter": ("macro_f1", "binary_f1", "span_precision", "span_recall", "spearman_verbatim"),
    "pan": ("precision", "recall"),
    "short_answers": ("spearman",),
    "bbc": ("recall", "other_clusters"),
}


def evaluate(
    data: Path,
    *,
    options: Mapping[str, Any] | None = None,
    subset: bool = False,
    only: Sequence[str] = (),
    fit: bool = False,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run every corpus found under ``data``; a missing corpus gives nulls."""
    options = dict(options or {})
    results: dict[str, Any] = {
        "dedup": dedup.__version__,
        "settings": {**dedup.ScanConfig(**options).as_dict()},
        "subset": subset,
    }
    for name, (folder, runner) in CORPORA.items():
        if only and name not in only:
            continue
        if not (data / folder).is_dir():
            say(f"skipped {name}: {data / folder} not found")
            results[name] = {key: None for key in HEADLINE[name]} | {"seconds": None}
            continue
        began = time.perf_counter()
        kwargs: dict[str, Any] = {"fit": fit} if name == "meter" else {}
        figures = runner(data, options, subset, **kwargs)
        figures["seconds"] = round(time.perf_counter() - began, 1)
        results[name] = figures
    return results


def flatten(results: Mapping[str, Any]) -> dict[str, Any]:
    """``{"meter.macro_f1": 0.7, ...}`` for every corpus figure."""
    flat = {}
    for name in CORPORA:
        for key, value in results.get(name, {}).items():
            flat[f"{name}.{key}"] = value
    return flat


def table(results: Mapping[str, Any]) -> str:
    """The figures as a plain-text table."""
    lines = [f"{'figure':<32} {'value':>8}", f"{'-' * 32} {'-' * 8}"]
    for key, value in flatten(results).items():
        shown = "skipped" if value is None else str(value)
        lines.append(f"{key:<32} {shown:>8}")
    return "\n".join(lines)


def parse_option(text: str) -> tuple[str, Any]:
    """``threshold=0.4`` -> ("threshold", 0.4)."""
    key, _, value = text.partition("=")
    number: Any
    try:
        number = int(value)
    except ValueError:
        number = float(value)
    return key.replace("-", "_"), number


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=here.parent / "shared" / "eval",
                        help="folder holding the evaluation corpora (default: ../shared/eval)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--subset", action="store_true",
                        help="the deterministic subset the quality gate runs")
    parser.add_argument("--only", action="append", choices=sorted(CORPORA), default=[],
                        help="run only this corpus (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="override a dedup.ScanConfig default, e.g. threshold=0.4")
    parser.add_argument("--fit", action="store_true",
                        help="also print the METER cut-offs fitted on all articles")
    args = parser.parse_args(argv)
    options = dict(parse_option(item) for item in args.set)
    results = evaluate(args.data, options=options, subset=args.subset, only=args.only,
                       fit=args.fit)
    print(table(results))
    if args.json:
        meta = {k: v for k, v in results.items() if k not in CORPORA}
        flat = {**meta, **flatten(results)}
        args.json.write_text(json.dumps(flat, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
