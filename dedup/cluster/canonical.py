"""Step 3 of the cluster stage: each run of segments -> a ``Group`` with its canonical member.

In: runs of segments (``merge_runs``) and the documents. Out: ``Group``
values, in document order, each with its members in canonical order and
the ``boilerplate`` mark.

The canonical member: from a ``reference`` document if there is one; then
the earliest dated; then, of those nearly as long as the longest, the one
whose words hold the words of the most members, as a copy or a trimmed
copy (syndicated copy: the version most papers print, not one paper's
longer edit of it); then the longest (in words); ties go to the earliest
document and position. A group whose passages have a median length
under ``boilerplate_max_words`` words and that recurs in at least
``boilerplate_min_docs`` documents is a stock formula (a greeting, an
attribution such as "told BBC Radio 4's Today programme"):
``boilerplate``. Once scored, a template (a feed's header line or a
byline: a short frame filled in with other words in each document) is
marked too (``dedup.variants``). The final clusters keep the mark only
when their documents share nothing else (``dedup.variants.unmark_story_quotes``).

Its own module: the only step that reads the documents' texts and roles.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from dedup.cluster.shapes import Documents, Group, Segment
from dedup.shingle import has_word, normalised_words


def canonical_order(members: Sequence[Segment], documents: Documents) -> list[int]:
    """The indices of the members, best canonical first (the rule in the module docstring)."""
    explains = _explains(members, documents)

    def rank(item: tuple[int, Segment]) -> tuple[int, int, str, int, int, int, int]:
        index, segment = item
        doc = documents[segment.doc]
        return (
            0 if doc.role == "reference" else 1,
            0 if doc.date else 1,
            doc.date or "",
            -explains[index],
            -segment.words,
            segment.doc,
            segment.start,
        )

    return [index for index, _ in sorted(enumerate(members), key=rank)]


EXPLAINED_MOST_VERSIONS = 64
"""Most distinct versions of a group compared with each other by ``_explains``."""

NEARLY_AS_LONG = (3, 0.1)
"""How many words, or what share of its words, a member ``_explains`` counts for may lack
beside the longest member: whichever is more."""


def _explains(members: Sequence[Segment], documents: Documents) -> list[int]:
    """For each member, how many members' words its own words hold, in a row (itself too).

    Syndicated copy with no reference and no date: the wire's text is the
    version most papers print, in whole or in part, not the longest one (a
    paper that adds a word, or writes ``76 per cent`` for ``76%``, prints
    the longest). A member's words hold another's when the other's words,
    normalised, are a run of its own: a copy, or a trimmed copy. A group
    of more distinct versions than ``EXPLAINED_MOST_VERSIONS`` (each paper
    editing its own copy) counts copies only, so the work stays linear.
    A member much shorter than the longest (by more than three words and a
    tenth of them, ``NEARLY_AS_LONG``) counts 0: the longer members hold
    words it lacks (a copy that runs into the next sentence), which it
    would leave out of their span.
    All 1 in a group with a reference member: a reference is the original,
    and of several (a release and its corrected version), the longest.
    """
    # Two members: the longer holds the shorter, or neither holds the other.
    if len(members) < 3 or any(documents[s.doc].role == "reference" for s in members):
        return [1] * len(members)
    texts = [" " + " ".join(normalised_words(documents[s.doc].text, s.start, s.end)) + " "
             for s in members]
    copies = Counter(texts)
    if len(copies) > EXPLAINED_MOST_VERSIONS:
        held = copies
    else:
        held = Counter({text: sum(count for other, count in copies.items() if other in text)
                        for text in copies})
    longest = max(s.words for s in members)
    least = longest - max(NEARLY_AS_LONG[0], NEARLY_AS_LONG[1] * longest)
    return [held[text] if s.words >= least else 0 for s, text in zip(members, texts, strict=True)]


def describe_groups(
    runs: Iterable[Sequence[Segment]],
    documents: Documents,
    *,
    boilerplate_min_docs: int,
    boilerplate_max_words: int,
) -> list[Group]:
    """Each run of passages as a group with its canonical member, in document order."""
    groups = []
    for run in runs:
        members = join_continuations(run, documents)
        order = tuple(canonical_order(members, documents))
        distinct_docs = len({s.doc for s in members})
        boilerplate = (
            statistics.median(s.words for s in members) < boilerplate_max_words
            and distinct_docs >= boilerplate_min_docs
        )
        groups.append(Group(tuple(members), order[0], boilerplate, order))
    return sorted(groups, key=lambda g: (g.members[0].doc, g.members[0].start))


def join_continuations(members: Sequence[Segment], documents: Documents) -> list[Segment]:
    """The members, with a passage's new segment joined to a member of its document it touches.

    A sentence match can take only part of a copy: a media sentence that
    holds a whole copied passage matches the first of the source's two
    sentences that passage spans, and the passage stage places the rest of
    the source side as a new segment of the same group, right after it.
    Scored apart, each against the canonical member, the two halves lose
    each other's words. So two members of one document with nothing but
    spaces and punctuation between them, one of them a passage's new
    segment (``first == -1``), are one member. Members are in document order.
    """
    joined: list[Segment] = []
    for segment in sorted(members, key=lambda s: (s.doc, s.start)):
        if joined and joined[-1].doc == segment.doc and -1 in (joined[-1].first, segment.first) \
                and joined[-1].end <= segment.start \
                and not has_word(documents[segment.doc].text, joined[-1].end, segment.start):
            before = joined[-1]
            joined[-1] = Segment(before.doc, before.first, max(before.last, segment.last),
                                 before.start, segment.end, before.words + segment.words,
                                 before.starts_sentence, segment.ends_sentence)
        else:
            joined.append(segment)
    return joined
