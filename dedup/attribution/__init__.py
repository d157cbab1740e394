"""Who said it: speakers of media quotations and turns of reference transcripts.

In: a document's text (and its manifest title), and for media documents the
quotations found by :mod:`dedup.quotes`. Out: a speaker name (or None) per
quotation (:func:`speakers`), and the :class:`Turn` s of a transcript
(:func:`turns`).

* **Quotation speaker**, as the text says it, nearest first: after the
  closing mark, before the opening mark in the same sentence, at the end
  of the sentence it is inside; ``he``/``she`` and a role after "the" are
  the name before that the text gives them; a quotation with no
  attribution continues the speaker of the quotation just before it. The
  name is given in its fullest form in the document
  (:mod:`dedup.attribution.quotations`, which holds the rules in full).
* **Other languages**: the common verbs of saying of the press's other
  languages (:mod:`dedup.saying`) name a speaker in the same places
  (:mod:`dedup.attribution.vocabulary`).
* **Turns**: a speaker label at the start of a line starts a turn that
  runs to the next label; text before the first label is the document's
  main speaker (:mod:`dedup.attribution.transcripts`).
* **Same speaker**: names are compared on their words; an unknown speaker
  matches anyone (:mod:`dedup.attribution.names`).

Always holds: turns cover the document from 0 to its end, in order,
without gaps or overlaps.

The modules, data flowing one way (each imports only those before it):

* :mod:`~dedup.attribution.vocabulary`: the regular-expression words of a
  name, a verb of saying and a description, that the others compose;
* :mod:`~dedup.attribution.names`: a name's identifying words, whether two
  names can be one speaker, a name's cleaned and fullest forms;
* :mod:`~dedup.attribution.transcripts`: a transcript's speaker labels and
  its turns;
* :mod:`~dedup.attribution.patterns`: where news copy names a quotation's
  speaker, and what a match names;
* :mod:`~dedup.attribution.antecedents`: whom "he", "she", "the minister"
  or a quotation without attribution stands for, looking back;
* :mod:`~dedup.attribution.quotations`: the speaker of each quotation, the
  others' rules tried in order.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dedup.attribution.names import name_words, same_speaker
from dedup.attribution.transcripts import (
    SPEAKER_LABEL,
    Turn,
    header_speaker,
    interview_labels,
    title_speaker,
    turns,
)

__all__ = [
    "SPEAKER_LABEL",
    "Turn",
    "header_speaker",
    "interview_labels",
    "introduces",
    "name_words",
    "same_speaker",
    "says",
    "speakers",
    "title_speaker",
    "turns",
]

if TYPE_CHECKING:
    from dedup.attribution.patterns import introduces, says
    from dedup.attribution.quotations import speakers

# Imported when first asked for: their patterns take half a second to
# compile, and a scan, which reads only transcripts' turns, never uses them.
_LAZY = {"introduces": "patterns", "says": "patterns", "speakers": "quotations"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"dedup.attribution.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
