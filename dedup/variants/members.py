"""One group's members scored against its canonical passage, on a worker or here.

In: a ``Work`` (the group's texts and where each member sits). Out: the
group's clusters as ``Made``: each member aligned with
``dedup.fidelity.score`` and narrowed to the words that align, a media
document's member measured against the nearest reference version
(``_nearest_references``), the members that drop out of the canonical
member's cluster scored again against the first of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from dedup.fidelity import Scored, score
from dedup.models import Member
from dedup.quotes import Quotation, extract
from dedup.shingle import count_words, has_word, outside_links


class Work(NamedTuple):
    """One group as a worker needs it: the texts, and where each member sits."""

    source: str
    variants: list[str]
    material_weight: float
    min_words: int
    places: tuple[tuple[str, int, int], ...] = ()
    """``(document id, start, end)`` of each member, in the group's order."""
    canonical: int = 0
    order: tuple[int, ...] = ()
    """The members by the canonical rule: who heads the cluster of the dropped ones."""
    references: frozenset[int] = frozenset()
    """The members that are in reference documents."""


Made = list[tuple[int, tuple[Member, ...]]]
"""A group's clusters: where the canonical member is among the members, and the members."""


def _frame_only(source: str, result: Scored) -> bool:
    """Whether a trimmed variant keeps only words of ``source`` outside its quotations.

    ``Lib Dem home affairs spokesman Mark Oaten said`` is no copy of
    ``Lib Dem home affairs spokesman Mark Oaten said: "This has all the
    signs of ..."``: the quotation, most of the original, is what a copy
    reproduces; such variants, from two documents or more, are a cluster
    of their own (``_members``). Where the quotation is the lesser part
    ("called it "a disaster" and ..."), the reporter's words are the
    passage, and a copy of them stays a trimmed copy.
    """
    trims: list[tuple[int, int]] = []
    for edit in result.fidelity.edits:
        if edit.trim:
            if edit.source_start is None or edit.source_end is None:
                return False
            trims.append((edit.source_start, edit.source_end))
    if not trims:
        return False
    quoted = [(fragment.start, fragment.end)
              for quotation in _quotations(source) for fragment in quotation.fragments]
    if 2 * sum(end - start for start, end in quoted) < len(source.strip()):
        return False
    cut = sorted(trims)
    for start, end in quoted:
        at = start
        for low, high in cut:  # what of the fragment no trim covers must hold no word
            if high <= at or low >= end:
                continue
            if has_word(source, at, low):
                return False
            at = max(at, high)
        if has_word(source, at, end):
            return False
    return True


@functools.lru_cache(maxsize=256)
def _quotations(source: str) -> tuple[Quotation, ...]:
    """The quotations of an original passage, which its trimmed variants ask about in turn."""
    return extract(source)


def clusters_of(item: Work) -> Made:
    """A group's cluster, then the cluster of the members its canonical one leaves out.

    A group can hold two copies that one member holds both of: a sentence
    that ends the copy of one source and starts the copy of another,
    matched to the second, and a passage of the first source that lies
    inside it. Scored against the canonical member (the second source),
    the first source's passage aligns nowhere and the sentence narrows to
    the second copy. So the members left out are scored again, against the
    first of them by the canonical rule (``order``), with every other
    member but the canonical one; a member's second span must not overlap
    its first.

    A reference's member there heads that cluster in the place of a media
    document's: the speech as delivered goes on past the prepared text
    that is the group's original ("... and more aid, and it needs them
    now, not months from now."), so the papers quoting its last words are
    left out; the transcript, not the first of those papers, is their
    original. It is scored again over its second span, the words the
    papers share with it.
    """
    seen: dict[tuple[str, str], Scored | None] = {}
    texts = list(_texts(item))
    everyone = range(len(item.places))
    canonical_at, members, kept = _members(item, everyone, item.canonical, texts, {}, seen)
    made = [(canonical_at, members)]
    left_out = [index for index in item.order if index not in kept]
    if left_out:
        taken = {index: (member.start, member.end) for index, member in kept.items()}
        others = [index for index in everyone if index != item.canonical]
        at, again, held = _members(item, others, left_out[0], texts, taken, seen)
        if left_out[0] not in item.references:
            head = next((index for index in item.order
                         if index in item.references and index in held), None)
            if head is not None:
                # The reference's words the papers share, as the original.
                second = held[head]
                texts[head] = second.text
                places = list(item.places)
                places[head] = (second.doc, second.start, second.end)
                at, again, _ = _members(item._replace(places=tuple(places)), others, head,
                                        texts, taken, seen)
        made.append((at, again))
    return made


def _texts(item: Work) -> Iterator[str]:
    """The texts of all members of the group, in order."""
    variants = iter(item.variants)
    for index in range(len(item.places)):
        yield item.source if index == item.canonical else next(variants)


def _members(
    item: Work,
    indices: Sequence[int],
    canonical: int,
    texts: Sequence[str],
    taken: dict[int, tuple[int, int]],
    seen: dict[tuple[str, str], Scored | None],
) -> tuple[int, tuple[Member, ...], dict[int, Member]]:
    """Members ``indices`` scored against member ``canonical``: its place, them, the kept by index.

    A member whose aligned span overlaps its span in ``taken`` is left out,
    and so are the members that keep only the words around the original's
    quotation when two documents or more have such a member
    (``_frame_only``): they are a cluster of their own.
    """
    source = texts[canonical]
    results: dict[int, Scored | None] = {}
    for index in indices:
        if index != canonical:
            text = texts[index]
            # Copies repeat word for word within a group: each distinct text is scored once.
            if (source, text) not in seen:
                seen[(source, text)] = _scored(source, text, item.material_weight, item.min_words)
            results[index] = seen[(source, text)]
    framed = {index for index, result in results.items()
              if result is not None and result.fidelity.trimmed and _frame_only(source, result)}
    if len({item.places[index][0] for index in framed}) < 2:
        framed = set()  # alone, the words it shares stay a trimmed copy
    members: list[Member] = []
    kept: dict[int, Member] = {}
    canonical_at = 0
    for index in indices:
        doc, start, end = item.places[index]
        if index == canonical:
            canonical_at = len(members)
            members.append(Member(doc, start, end, source))
            kept[index] = members[-1]
            continue
        text = texts[index]
        result = results[index]
        if result is None or index in framed:  # too few words aligned, or none quoted
            continue
        first = taken.get(index)
        if first is not None and first[0] < start + result.end and start + result.start < first[1]:
            continue
        members.append(_variant(doc, start, text, result))
        kept[index] = members[-1]
    if canonical in item.references:
        _nearest_references(item, canonical, texts, taken, seen, members, kept)
    return canonical_at, tuple(members), kept


def _nearest_references(
    item: Work,
    canonical: int,
    texts: Sequence[str],
    taken: dict[int, tuple[int, int]],
    seen: dict[tuple[str, str], Scored | None],
    members: list[Member],
    kept: dict[int, Member],
) -> None:
    """Measure each media member against the reference version it is nearest, in place.

    A speech published as prepared and as delivered, or a transcript and
    its correction, are two originals: a paper that quotes one word for
    word has not misquoted the other. So a member of a media document is
    scored against every other reference member kept with a text of its
    own, and takes the score with the higher fidelity (the original's on a
    tie) over a span holding the one scored against the original, with
    ``against`` saying which member it was measured against.

    A version is its member's text, the words it shares with the original:
    the edits' source offsets index the text ``against`` names, which a
    reviewer reads beside the copy (a correction that adds words around
    the sentence narrows to the sentence, and the words it adds are no
    part of that version).
    """
    source = texts[canonical]
    others = [index for index in kept
              if index != canonical and index in item.references and kept[index].text != source]
    if not others:
        return
    position = {index: at for at, index in enumerate(kept)}  # kept is in members' order
    versions = {other: kept[other].text for other in others}
    for index, member in kept.items():
        if index == canonical or index in item.references:
            continue
        doc, start, _ = item.places[index]
        text = texts[index]
        best: tuple[float, int, Scored] | None = None
        for other in others:
            key = (versions[other], text)
            if key not in seen:
                seen[key] = _scored(versions[other], text, item.material_weight, item.min_words)
            result = seen[key]
            if (result is None or result.fidelity.fidelity <= member.fidelity
                    or best is not None and result.fidelity.fidelity <= best[0]):
                continue
            lo, hi = start + result.start, start + result.end
            first = taken.get(index)
            # The nearer version must account for all the words the original
            # does (a shorter one that leaves some out is not nearer), and a
            # wider span must still miss the member's first span.
            if (lo > member.start or hi < member.end
                    or first is not None and first[0] < hi and lo < first[1]
                    or result.fidelity.trimmed and _frame_only(versions[other], result)):
                continue
            best = (result.fidelity.fidelity, other, result)
        if best is None:
            continue
        _, other, result = best
        members[position[index]] = kept[index] = _variant(doc, start, text, result,
                                                           position[other])


def _variant(doc: str, start: int, text: str, result: Scored,
             against: int | None = None) -> Member:
    """The member of the variant ``text`` (at ``start`` in ``doc``): its scored span and score."""
    return Member(
        doc=doc,
        start=start + result.start,
        end=start + result.end,
        text=text[result.start : result.end],
        fidelity=result.fidelity.fidelity,
        label=result.fidelity.label,
        edits=result.fidelity.edits,
        trimmed=result.fidelity.trimmed,
        against=against,
    )


def _scored(source: str, text: str, material_weight: float, min_words: int) -> Scored | None:
    """The variant ``text`` scored, or None when fewer than ``min_words`` of its words align.

    A variant none of whose words align is scored over all of its text (a
    paraphrase, fidelity 0): it is dropped however long that text is.
    """
    result = score(source, text, material_weight=material_weight)
    if not result.aligned:
        return None
    # The span's words, as in the document: the pattern looks at nothing outside it.
    # Counting stops at ``min_words``: a long span costs no more than a short one.
    # The parts of a web address are no words: a shared link is no passage.
    spans = outside_links(text, result.start, result.end)
    enough = count_words(text, spans, most=min_words) >= min_words
    return result if enough else None
