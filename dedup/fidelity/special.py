"""Negations and modals, and whether a word is special (a negation, a number or a modal).

In: normalised words. Out: the negations (``negations_in``, with
``prefix_negations`` for "unwilling"/"willing" and ``verdicts`` for "not
guilty"/"cleared"), the modals (``modals_in``, "have to" for "must"), and
``is_special``, a remembered answer per word that the cheap checks of
``dedup.fidelity.material`` and ``dedup.fidelity.speech`` ask first.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from dedup.fidelity.numbers import numbers_in
from dedup.fidelity.vocabulary import (
    ASSIMILATED,
    ELIDING,
    MIN_NEGATED_STEM,
    MODALS,
    NEGATED_MODALS,
    NEGATING_PREFIXES,
    NEGATIONS,
    NOT_GUILTY,
    NOT_NEGATIONS,
    OBLIGED,
)
from dedup.fidelity.words import Words, sentence_start


def modal_norms(words: Words, first: int, last: int) -> list[str]:
    """The normalised words ``[first, last)``, without a "May" that is no modal.

    "May" capitalised inside a sentence is the month or a name ("the May
    1997 election", "Theresa May"), never the verb: its norm becomes ""
    here, so it is compared as a name, not as a modal.
    """
    norms = words.norms[first:last]
    if "may" not in norms:
        return norms
    return ["" if norm == "may" and words.tokens[index] == "May"
            and not sentence_start(words.text, words.starts[index]) else norm
            for index, norm in enumerate(norms, first)]


class _NegatedStems(dict[str, str]):
    """``stems[norm]``: the word ``norm`` negates by a prefix ("unwilling": "willing"), or ""."""

    def __missing__(self, norm: str) -> str:
        self[norm] = stem = _negated_stem(norm)
        return stem


def _negated_stem(norm: str) -> str:
    """Return the word a negating prefix of ``norm`` negates, or "" (see ``NEGATING_PREFIXES``)."""
    if norm in NOT_NEGATIONS or not norm.isalpha():
        return ""
    for prefix in NEGATING_PREFIXES:
        stem = norm[len(prefix):]
        if (norm.startswith(prefix) and len(stem) >= MIN_NEGATED_STEM[prefix]
                and (prefix != "in" or stem[0] not in "bmplr")
                and stem[0] in ASSIMILATED.get(prefix, stem[0])):
            return stem
    return ""


negated_stems = _NegatedStems()


def prefix_negations(norms: Sequence[str], others: Sequence[str]) -> int:
    """Count the words negated by a prefix whose stem is among ``others`` ("unwilling")."""
    stems = [stem for stem in map(negated_stems.__getitem__, norms) if stem]
    return sum(stem in others for stem in stems) if stems else 0


class _Special(dict[str, bool]):
    """``special[norm]``: whether the word can make an edit material other than as a name.

    A negation, a number or a modal: most gaps have none on either side,
    and then only their names are compared.
    """

    def __missing__(self, norm: str) -> bool:
        self[norm] = found = bool(negations_in([norm]) or numbers_in([norm]) or modals_in([norm]))
        return found


is_special = _Special()


def negations_in(norms: Sequence[str]) -> int:
    """Count the negations among the words ("don't" holds one, as French "n'acceptera" does).

    French elides "ne" before a vowel or a mute h only: the "n'" of "rock
    'n' roll" written "n'roll" negates nothing.
    """
    return sum(norm in NEGATIONS or norm.endswith("n't")
               or norm.startswith("n'") and norm[2:3] in ELIDING
               for norm in norms)


def verdicts(norms: Sequence[str], others: Sequence[str]) -> int:
    """Count the words that say "not guilty" (``NOT_GUILTY``) when the other side says it.

    A court reporter writes "cleared of" or "acquitted of" for "found not
    guilty of", and "denies" for "pleads not guilty to": the negation is in
    the word. Anywhere else "cleared" or "denied" negates nothing.
    """
    if NOT_GUILTY.isdisjoint(norms) or "guilty" not in others:
        return 0
    if not any(a == "not" and b == "guilty" for a, b in itertools.pairwise(others)):
        return 0
    return sum(norm in NOT_GUILTY for norm in norms)


def modals_in(norms: Sequence[str]) -> list[str]:
    """The modal verbs among the words, contractions reduced to the modal, sorted.

    "have to", "has to", "had to" and "have got to" say what "must" says
    (the same obligation; "had to" is "must" reported): they count as
    "must", so "we must go" -> "we have to go" keeps the modal, and "we
    must go" -> "we may go" does not. So "ought to" is "should", "going
    to" is "will", and "was going to" (or "were") is "would".
    """
    modals: list[str] = []
    for index, norm in enumerate(norms):
        if norm in OBLIGED or norm.endswith("'ve"):
            following = norms[index + 1 : index + 3]
            if following[:1] == ["to"] or following == ["got", "to"]:
                modals.append("must")
                continue
        if norm == "going" and norms[index + 1 : index + 2] == ["to"]:
            modals.append("would" if index and norms[index - 1] in ("was", "were") else "will")
            continue
        if norm == "ought":
            norm = "should"
        if norm in NEGATED_MODALS:
            norm = NEGATED_MODALS[norm]
        elif norm.endswith("n't"):
            norm = norm[:-3]
        elif norm.endswith("'ll"):
            norm = "will"
        elif norm.endswith("'d"):
            norm = "'d"
        if norm in MODALS or norm == "'d":
            modals.append(norm)
    modals.sort()
    return modals


def modals_differ(source: list[str], variant: list[str]) -> bool:
    """Whether two sides' modals (from ``modals_in``) differ.

    A "'d" is "would" or "had": it may stand for one "would" on the other
    side or for none, so "I'd" for "I would" and "we'd" for "we had" keep
    the modals, "I'd" for "I'll" does not.
    """
    if source == variant:
        return False
    source_rest = [modal for modal in source if modal != "'d"]
    variant_rest = [modal for modal in variant if modal != "'d"]
    for rest, contracted in ((source_rest, variant.count("'d")),
                             (variant_rest, source.count("'d"))):
        for _ in range(contracted):
            if "would" in rest:
                rest.remove("would")
    return source_rest != variant_rest
