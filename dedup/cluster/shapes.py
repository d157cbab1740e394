"""The shapes the cluster stage hands between its steps: segments and groups.

In: nothing (the other submodules import these). Out: ``Segment`` (a
passage of one document: a unit, or adjacent units merged), ``Group``
(segments found to be versions of one another, with the canonical member)
and the ``Units``, ``Documents`` and ``Passages`` aliases (all of a scan's,
or one connected component's, by id). Its own module so that every step
can import them without importing another step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dedup.models import Document
from dedup.passages import Passage
from dedup.units import UnitTokens

Units = Sequence[UnitTokens] | Mapping[int, UnitTokens]
"""Units by id: all of them, or those of one connected component."""
Documents = Sequence[Document] | Mapping[int, Document]
"""Documents by index: all of them, or those one component's groups need."""
Passages = Sequence[Passage] | Mapping[int, Passage]
"""Passages by their index in the scan's list: all of them, or those of one component."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A passage of one document: a unit, or several adjacent units merged."""

    doc: int
    first: int
    last: int
    start: int
    end: int
    words: int
    starts_sentence: bool
    ends_sentence: bool

    def joined(self, following: Segment) -> Segment:
        """The segment extended over the one that directly follows it."""
        return Segment(self.doc, self.first, following.last, self.start, following.end,
                       self.words + following.words, self.starts_sentence,
                       following.ends_sentence)

    def precedes(self, other: Segment) -> bool:
        """Whether ``other`` starts at the sentence after this one ends."""
        return (
            self.doc == other.doc
            and self.ends_sentence
            and other.starts_sentence
            and other.first == self.last + 1
        )


@dataclass(frozen=True)
class Group:
    """Passages found to be versions of one another."""

    members: tuple[Segment, ...]
    canonical: int
    boilerplate: bool
    order: tuple[int, ...] = ()
    """The members by ``canonical_order``, worked out once (empty: not worked out)."""
