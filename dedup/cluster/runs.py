"""Step 2 of the cluster stage: groups whose members travel together merged into runs.

In: the groups ``choose`` made, in its order. Out: the groups with runs
merged: when every member of one group is directly followed, in its
document, by a member of another group of the same size, the two travel
together (a quotation of several sentences) and become one group of longer
passages, repeated until nothing changes. Its own module: plain Python over
dictionaries, and ``merge_keys`` tells the Spark engine where two groups can
meet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dedup.cluster.shapes import Segment


def merge_keys(members: Sequence[Segment]) -> Iterator[tuple[tuple[int, int, int], bool]]:
    """Where a group may meet another in ``merge_runs``: ``(doc, sentence, size)`` keys.

    ``True`` marks the sentence after a member that ends one, ``False`` the
    sentence a member starts; a group joins another only where its ``True``
    key is the other's ``False`` key.
    """
    size = len(members)
    for segment in members:
        if segment.ends_sentence:
            yield (segment.doc, segment.last + 1, size), True
        if segment.starts_sentence:
            yield (segment.doc, segment.first, size), False


def merge_runs(groups: Sequence[Sequence[Segment]]) -> list[list[Segment]]:
    """Join groups whose members all directly follow the members of another.

    Groups are tried in order of number; after a join the same group is
    tried again. A join only removes the starts of the joined group, so no
    group tried before it can have become joinable: going on from there
    gives the same groups as starting over.
    """
    live: dict[int, list[Segment]] = {i: list(members) for i, members in enumerate(groups)}
    owner = {(s.doc, s.first): key for key, members in live.items() for s in members
             if s.starts_sentence}
    starts = {(s.doc, s.first): s for members in live.values() for s in members
              if s.starts_sentence}
    keys = sorted(live)
    position = 0
    while position < len(keys):
        key = keys[position]
        members = live.get(key)
        joined = None if members is None else _joined(key, members, live, owner, starts)
        if members is None or joined is None:
            position += 1
            continue
        following, other = joined
        for segment in following:
            del owner[(segment.doc, segment.first)], starts[(segment.doc, segment.first)]
        live[key] = [s.joined(f) for s, f in zip(members, following, strict=True)]
        for segment in live[key]:
            if segment.starts_sentence:
                starts[(segment.doc, segment.first)] = segment
        del live[other]
    return [sorted(m, key=lambda s: (s.doc, s.start)) for _, m in sorted(live.items())]


def _joined(
    key: int,
    members: list[Segment],
    live: dict[int, list[Segment]],
    owner: dict[tuple[int, int], int],
    starts: dict[tuple[int, int], Segment],
) -> tuple[list[Segment], int] | None:
    """The members that directly follow ``members`` and their group, if they all do."""
    following = [starts.get((s.doc, s.last + 1)) for s in members]
    if any(f is None or not s.precedes(f) for s, f in zip(members, following, strict=True)):
        return None
    found = [f for f in following if f is not None]
    owners = {owner[(f.doc, f.first)] for f in found}
    if len(owners) != 1:
        return None
    (other,) = owners
    if other == key or len(live[other]) != len(members):
        return None
    return found, other
