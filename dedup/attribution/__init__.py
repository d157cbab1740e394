"""Who said it: speakers of media quotations and turns of reference transcripts.

The stage's code, moved whole into :mod:`dedup.attribution.transcripts`
on the way to a package of modules by concern.
"""

from __future__ import annotations

from dedup.attribution.transcripts import (
    SPEAKER_LABEL,
    Turn,
    header_speaker,
    interview_labels,
    introduces,
    name_words,
    same_speaker,
    says,
    speakers,
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
