"""``Matcher``: the containment index over the references' windows, and the lookups on it.

Steps 1, 3 and 4: candidate windows from the index (``containment_index``
of ``dedup.candidates``), merged into regions cut to the allowed turns;
the best chain of each (``dedup.matching.chains``); the rest of the
piece looked up again; a piece at an ellipsis looked for word for word
beside its neighbour (``exact_after``, ``exact_before``).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence

import numpy as np

from dedup.candidates import ContainmentIndex, containing, containment_index
from dedup.matching.chains import Chain, best_chain, is_start
from dedup.matching.record import MIN_PART, WINDOW, Allowed, Part, Reference
from dedup.shingle import shingles

_PLACES_AT_ONCE = 256
"""Places of a word made Python ints at a time, as ``Matcher.exact`` goes through them."""


class Matcher:
    """Finds where pieces of quotations come from in the reference documents."""

    def __init__(
        self, references: Sequence[Reference], *, num_perm: int, containment: float, seed: int
    ) -> None:
        self.references = tuple(references)
        # The windows ``(ref, lo, hi)`` in reference order, as three columns
        # (a tuple of Python ints each was 8 to 11 bytes a reference word).
        step = WINDOW // 2
        refs, los, his = array("q"), array("q"), array("q")
        for ref_index, ref in enumerate(self.references):
            for lo in range(0, max(1, len(ref.keys) - step), step):
                refs.append(ref_index)
                los.append(lo)
                his.append(min(len(ref.keys), lo + WINDOW))
        self.windows = np.stack([np.frombuffer(column, dtype=np.int64) if column
                                 else np.zeros(0, dtype=np.int64) for column in (refs, los, his)],
                                axis=1).astype(np.int32 if max(his, default=0) < 2**31
                                               else np.int64)
        del refs, los, his
        # Each window's set is made as the index reads it and let go (all of
        # them at once were a third of an audit's peak).
        self.index: ContainmentIndex = containment_index(
            (shingles(ref.keys[lo : lo + WINDOW], 2) for ref in self.references
             for lo in range(0, max(1, len(ref.keys) - step), step)),
            num_perm=num_perm, threshold=containment, seed=seed,
        )
        # Where each word is in all the references, in reference order, for
        # the exact search of short quotations: ``ref << 32 | at`` (scanning
        # every reference word for each was quadratic, and so was asking
        # every reference for the places of a quotation's first word). One
        # array, each word's places a run of it (``_place_starts`` by the
        # word's number in ``_words``): a list of Python ints per word was
        # 40 bytes per reference word, in the main process and every worker.
        self._words: dict[str, int] = {}
        number = self._words.setdefault
        numbers = np.fromiter((number(key, len(self._words)) for ref in self.references
                               for key in ref.keys), dtype=np.int64)
        places = np.concatenate([np.empty(0, dtype=np.int64)] + [
            np.arange(len(ref.keys), dtype=np.int64) | (ref_index << 32)
            for ref_index, ref in enumerate(self.references)])
        self._places = places[np.argsort(numbers, kind="stable")]
        self._place_starts = np.zeros(len(self._words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(numbers, minlength=len(self._words)), out=self._place_starts[1:])

    def _places_of(self, key: str) -> tuple[int, int]:
        """The run ``[lo, hi)`` of ``_places`` that holds the places of word ``key``."""
        word = self._words.get(key)
        if word is None:
            return 0, 0
        return int(self._place_starts[word]), int(self._place_starts[word + 1])

    def locate(self, keys: Sequence[str], allowed: Allowed,
               near: tuple[int, int] | None = None) -> list[Part]:
        """The parts of the piece with words ``keys`` found in allowed turns.

        Where two places hold the words equally well (a speech as prepared
        and as delivered, in two references or one after the other in one;
        a release and its correction), the part is at the one nearest word
        ``near[1]`` of reference ``near[0]``, or with no ``near`` the first.
        """
        parts: list[Part] = []
        todo = [(0, len(keys))]
        while todo:
            v0, v1 = todo.pop()
            if v1 - v0 < MIN_PART:
                continue
            best = self._best(keys[v0:v1], allowed, near)
            if best is None:
                continue
            ref, chain = best
            parts.append(Part(ref, chain.src_lo, chain.src_hi, v0 + chain.var_lo,
                              v0 + chain.var_hi, chain.matched))
            todo.extend([(v0 + chain.var_hi, v1), (v0, v0 + chain.var_lo)])
        return sorted(parts, key=lambda p: p.var_lo)

    def exact(self, keys: Sequence[str], allowed: Allowed) -> list[Part]:
        """The first place the words ``keys`` appear, in order, in an allowed turn."""
        size = len(keys)
        if not size:
            return []
        # The places of the quotation's rarest word, in reference order: the
        # words must stand around each, so the first that holds them all is
        # the first place of the words.
        runs = [self._places_of(key) for key in keys]
        shift = min(range(size), key=lambda at: runs[at][1] - runs[at][0])
        wanted = tuple(keys)
        first, last = runs[shift]
        for block in range(first, last, _PLACES_AT_ONCE):
            for found in self._places[block : min(last, block + _PLACES_AT_ONCE)].tolist():
                ref_index, lo = found >> 32, (found & 0xFFFFFFFF) - shift
                ref = self.references[ref_index]
                if lo >= 0 and ref.keys[lo : lo + size] == wanted and allowed(ref.turn_at(lo)):
                    return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def exact_after(
        self, keys: Sequence[str], ref_index: int, after: int, allowed: Allowed
    ) -> list[Part]:
        """The first place the words ``keys`` appear within ``WINDOW`` words after word ``after``.

        For a piece too short to locate on its own that follows an ellipsis
        (``“But we need to do even… more.”``): it is looked for just after
        the words the piece before it was found at, in reference
        ``ref_index``, in an allowed turn.
        """
        ref, size = self.references[ref_index], len(keys)
        if not size:
            return []
        for lo in range(after, min(len(ref.keys) - size, after + WINDOW) + 1):
            if list(ref.keys[lo : lo + size]) == list(keys) and allowed(ref.turn_at(lo)):
                return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def exact_before(
        self, keys: Sequence[str], ref_index: int, before: int, allowed: Allowed
    ) -> list[Part]:
        """The last place the words ``keys`` appear within ``WINDOW`` words before word ``before``.

        For a piece too short to locate on its own that an ellipsis ends
        (``“I will… be specific before they are able to conclude.”``): it is
        looked for just before the words the piece after it was found at,
        in reference ``ref_index``, in an allowed turn.
        """
        ref, size = self.references[ref_index], len(keys)
        if not size:
            return []
        for lo in range(before - size, max(-1, before - size - WINDOW - 1), -1):
            if list(ref.keys[lo : lo + size]) == list(keys) and allowed(ref.turn_at(lo)):
                return [Part(ref_index, lo, lo + size, 0, size, size)]
        return []

    def _best(self, keys: Sequence[str], allowed: Allowed,
              near: tuple[int, int] | None = None) -> tuple[int, Chain] | None:
        """The best chain of the piece in any candidate region.

        Of chains as good, the first by ``_tie_rank``, then the first region.
        A chain's value is at most twice the number of the piece's words
        that stand in its region (its words matched, plus its blocks' words
        less their gaps), so the regions are aligned from the highest such
        bound down, and once the best value found is above a region's bound,
        neither it nor any after it can win: a year of transcripts gives a
        quotation of common words dozens of candidate regions.
        """
        regions = self._regions(keys, allowed)
        bounds = []
        for ref_index, lo, hi in regions:
            present = set(self.references[ref_index].keys[lo:hi])
            bounds.append(2 * sum(key in present for key in keys))
        best: tuple[int, Chain] | None = None
        best_at = -1
        for at in sorted(range(len(regions)), key=lambda at: -bounds[at]):
            if best is not None and bounds[at] < best[1].value:
                break
            ref_index, lo, hi = regions[at]
            chain = best_chain(self.references[ref_index], lo, hi, keys)
            if chain is None or chain.matched < min(MIN_PART, len(keys)):
                continue
            if best is None or chain.value > best[1].value or (
                    chain.value == best[1].value
                    and (self._tie_rank(ref_index, chain, near), at)
                    < (self._tie_rank(*best, near), best_at)):
                best, best_at = (ref_index, chain), at
        return best

    def _tie_rank(self, ref_index: int, chain: Chain, near: tuple[int, int] | None
                  ) -> tuple[float, bool]:
        """Of chains as good: the nearest ``near``, then one of whole sentences, lowest first.

        A sentence that one version of a speech ends where another goes on
        ("... and more aid." / "... and more aid, and it needs them now.")
        is quoted whole from the first, not trimmed from the second.
        """
        distance = 0.0 if near is None else _distance(ref_index, chain, near)
        ref = self.references[ref_index]
        whole = (is_start(ref.sentence_starts, chain.src_lo)
                 and (chain.src_hi == len(ref.keys)
                      or is_start(ref.sentence_starts, chain.src_hi)))
        return distance, not whole

    def _regions(self, keys: Sequence[str], allowed: Allowed) -> list[tuple[int, int, int]]:
        """Candidate regions ``(ref, lo, hi)`` for the piece, cut to allowed turns."""
        step = WINDOW // 2
        # A piece that repeats itself ("A. A. A. ...") asks each window once.
        queries = list({
            frozenset(shingles(keys[lo : lo + step], 2)): None
            for lo in range(0, max(1, len(keys) - step + 1), max(1, step // 3))
        })
        # Window numbers follow ``(ref, lo)``, so their order is the windows'.
        found = sorted({key for keys_found in containing(self.index, queries)
                        for key in keys_found})
        hits: list[list[int]] = self.windows[found].tolist()
        regions: list[list[int]] = []
        for ref_index, lo, hi in hits:
            if regions and regions[-1][0] == ref_index and lo <= regions[-1][2] + len(keys):
                regions[-1][2] = max(regions[-1][2], hi)
            else:
                regions.append([ref_index, lo, hi])
        result = []
        for ref_index, lo, hi in regions:
            ref = self.references[ref_index]
            lo, hi = max(0, lo - len(keys)), min(len(ref.keys), hi + len(keys))
            # Only the turns from the one holding word ``lo`` to the last
            # starting before ``hi`` (a transcript has hundreds of turns).
            first = max(0, bisect.bisect_right(ref.turn_starts, lo) - 1)
            for turn_index in range(first, len(ref.turns)):
                t_lo = ref.turn_starts[turn_index]
                if t_lo >= hi:
                    break
                if not allowed(ref.turns[turn_index]):
                    continue
                t_hi = (ref.turn_starts[turn_index + 1] if turn_index + 1 < len(ref.turns)
                        else len(ref.keys))
                if max(lo, t_lo) < min(hi, t_hi):
                    result.append((ref_index, max(lo, t_lo), min(hi, t_hi)))
        return result


def _distance(ref_index: int, chain: Chain, near: tuple[int, int]) -> float:
    """How far a chain lies from word ``near[1]`` of reference ``near[0]`` (another's: endless)."""
    if ref_index != near[0]:
        return float("inf")
    return max(0, chain.src_lo - near[1], near[1] - chain.src_hi)
