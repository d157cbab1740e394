"""The references as the matcher reads them, and the shapes it answers with.

``reference`` turns one reference document into a ``Reference``: its
words as columns (spelling keys, spans, sentence starts, turns), without
time codes or page furniture (step 0). ``Part`` is one run of a piece's
words matched to a run of a reference's words; ``Allowed`` says which
turns may hold them. ``WINDOW`` and ``MIN_PART`` are the two sizes every
step uses.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from dedup.attribution import Turn
from dedup.fidelity import spelling_key
from dedup.layout import footnote_markers, page_furniture
from dedup.models import Sentence
from dedup.quotes import extract
from dedup.shingle import punctuated, time_notes, token_columns

WINDOW = 24
"""Words per indexed reference window."""
MIN_PART = 3
"""Fewest matched words for a stretch of a quotation to count as found."""

Allowed = Callable[[Turn], bool]


@dataclass(frozen=True)
class Reference:
    """A reference document prepared for matching.

    Its words are kept as columns, not an object each (a year of
    transcripts is tens of millions of words): ``starts[i]`` and
    ``ends[i]`` are word ``i``'s span in ``text``, ``keys[i]`` its spelling
    key (each distinct key one string, shared by all references).
    """

    doc: int
    text: str
    starts: Sequence[int]
    ends: Sequence[int]
    keys: tuple[str, ...]
    sentence_starts: tuple[int, ...]
    turns: tuple[Turn, ...]
    turn_starts: tuple[int, ...]
    quoted: Sequence[int] = ()
    """Per word, 1 if it lies inside a quotation of the reference's own (a
    press release's or agency copy's ``“...,” he said.``), else 0 (as
    ``bytes``); all 0 in a transcript without quotation marks."""
    punctuated: bool = True
    """Whether the record has sentence punctuation; automatic captions have
    none, and their sentences are their cues, cut by time."""

    def turn_at(self, token: int) -> Turn:
        """The turn that holds token ``token``."""
        index = bisect.bisect_right(self.turn_starts, token) - 1
        return self.turns[max(0, index)]


@dataclass(frozen=True)
class Part:
    """Piece words ``[var_lo, var_hi)`` matched to words ``[src_lo, src_hi)`` of a reference."""

    ref: int
    src_lo: int
    src_hi: int
    var_lo: int
    var_hi: int
    matched: int


def reference(
    doc: int, text: str, sentences: Sequence[Sentence], turns: Sequence[Turn],
    known: dict[str, str] | None = None,
) -> Reference:
    """Prepare one reference document: its words, keys, sentence starts and turn starts in words.

    A transcript's time codes (``0:05`` on a line of its own between a
    caption's words, a caption file's cue timings, ``[00:01:23]``) and its
    page furniture (``Page 2 of 3`` and a running header between two
    pages of a PDF's text) and footnote markers (``justice.12``) are no
    words: left out, the words around them are next to each other.
    ``known`` keeps one string per spelling key, for all the references
    it is given with (else each reference keeps its own). The words are
    :func:`dedup.shingle.tokenize`'s, read as columns (a ``Token`` per word
    of a 5 MB transcript was 200 MB while it was prepared).
    """
    starts, ends, norms = token_columns(text)
    notes = sorted(time_notes(text) + page_furniture(text) + footnote_markers(text))
    if notes:
        at = np.searchsorted(np.array([start for start, _ in notes], dtype=np.int64), starts,
                             side="right") - 1
        note_ends = np.array([end for _, end in notes], dtype=np.int64)
        kept = (at < 0) | (starts >= note_ends[np.maximum(at, 0)])
        starts, ends = starts[kept], ends[kept]
        norms = list(itertools.compress(norms, kept.tolist()))
    sentence_starts = np.unique(np.searchsorted(
        starts, np.fromiter((s.start for s in sentences), dtype=np.int64), side="left"))
    turn_starts = np.searchsorted(
        starts, np.fromiter((t.start for t in turns), dtype=np.int64), side="left")
    fragments = sorted((f.start, f.end) for q in extract(text) for f in q.fragments)
    quoted = np.zeros(len(starts), dtype=np.uint8)
    if fragments:
        at = np.searchsorted(np.array([start for start, _ in fragments], dtype=np.int64),
                             starts, side="right") - 1
        fragment_ends = np.array([end for _, end in fragments], dtype=np.int64)
        quoted[(at >= 0) & (starts < fragment_ends[np.maximum(at, 0)])] = 1
    one = (known if known is not None else {}).setdefault
    forms = {norm: one(key, key) for norm in dict.fromkeys(norms) for key in [spelling_key(norm)]}
    offsets, width = ("i", np.int32) if len(text) < 2**31 else ("q", np.int64)
    return Reference(doc, text, array(offsets, starts.astype(width).tobytes()),
                     array(offsets, ends.astype(width).tobytes()),
                     tuple(map(forms.__getitem__, norms)), tuple(sentence_starts.tolist()),
                     tuple(turns), tuple(turn_starts.tolist()), quoted.tobytes(),
                     punctuated(text, len(norms)))
