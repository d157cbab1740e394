"""Text -> sentences with exact character spans (the only package that imports nltk).

In: the decoded texts of a corpus (to pick or train a Punkt model once, with
``build_segmenter``), then one text at a time. Out: ``(start, end)`` spans, or
``Sentence`` values for one document.

How a text is cut, in two steps:

1. Hard boundaries from the layout (``dedup.segment.boundaries``, where
   each rule is spelled out). A blank line ends a sentence, and so does a
   single line break unless it is plainly inside a sentence; bullets,
   press-agency paragraph marks, hard-wrapped and double-spaced texts,
   time codes, a PDF's page furniture and a transcript's speaker labels
   have rules of their own.
2. Punkt (Kiss & Strunk 2006, "Unsupervised multilingual sentence boundary
   detection") cuts each block between hard boundaries
   (``dedup.segment.segmenter``). The packaged ``punkt_tab`` English model
   is used when it is installed; otherwise a model is trained on the corpus
   itself. Nothing is ever downloaded. The project's abbreviation list
   (``dedup.segment.abbreviations``) is added to either model. Punkt is
   consulted only where a boundary is in doubt, and its answer for the
   plainest contexts is worked out with its own rules
   (``dedup.segment.punkt_rules``: also initialisms and "no.").

Punkt only proposes cut points; the spans are built here from them, so what
always holds, for any text: spans are sorted and non-overlapping, each is
non-empty and whitespace-trimmed, and together they cover every
non-whitespace character exactly once. Work is linear in the text size, and
the same texts always give the same model and the same spans.
"""

from __future__ import annotations

from dedup.segment.abbreviations import ABBREVIATIONS
from dedup.segment.segmenter import (
    MAX_TRAINING_CHARS,
    Model,
    Segmenter,
    Segmenters,
    build_segmenter,
    segment,
)

__all__ = [
    "ABBREVIATIONS",
    "MAX_TRAINING_CHARS",
    "Model",
    "Segmenter",
    "Segmenters",
    "build_segmenter",
    "segment",
]
