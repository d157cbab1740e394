"""Whether a gap changes the meaning: a negation, a number, a modal or a name.

In: one gap, source words ``[s0, s1)`` against variant words ``[v0, v1)``.
Out: ``material_of``: the kind of material change, or None; with the
names and numbers the variant only moves elsewhere (``names_moved``,
``numbers_moved``), which change nothing.

Costs of the edits inside the aligned stretch:


* cosmetic, cost 0: a change of case only; a British/American spelling
  variant (``spelling_key``); a magnitude written short or long after
  unchanged digits (``£5m``/``£5 million``; ``mn``, ``bn``, ``k``); a
  compound written as one word, split or hyphenated (``land bridge``/
  ``landbridge``); a contraction spelt out (``don't``/``do not``, ``can't``/``cannot``; ``I'd``
  for ``I would`` or ``I had``); a percentage written ``50%``, ``50 per
  cent`` or ``fifty percent`` (digits and ``%`` are one word); a date of
  a day and a month in either order (``5 April``, ``April 5th``: one word,
  ``join_dates``, so a date counts as one word); "a" or "one" for "1"
  before hundred ... trillion (``a billion``/``1 billion``); an ordinal
  in digits or words (``1st``/``first``, ``21st``/``twenty-first``; an
  ordinal is one word, ``join_ordinals``); one number
  written another way (``5,000``/``five thousand``; a fraction,
  ``half a million``/``£½ million``, ``3½``/``three and a half``,
  ``1/2``/``half``, ``a quarter``/``¼``: one word, ``join_fractions``; a
  decade, ``1980s``/``the Eighties``/``'80s``: ``join_decades``);
  a courtesy title, or
  an office before a name, added or dropped (``Mr Stoltenberg``/
  ``Stoltenberg``, ``President Putin``/``Putin``); one or two forenames
  left out before a surname that stays, maybe for a title (``Kevan
  Roberts``/``Roberts``/``Mr Roberts``; ``dropped_forenames``: added or
  changed, a forename may name someone else); a name clipped (``Beds``/
  ``Bedfordshire``, ``Lancs``, ``the Met`` for ``the Metropolitan Police``:
  ``_clipping``), or an office written short (``Sgt``/``Sergeant``,
  ``Pte``, ``Capt``: ``_office_abbreviated``); a transcript's note
  left out (``[inaudible]``, ``(Applause.)``) and its time codes
  (``[00:01:23]``, or on a line of their own: ``time_code``); an acronym for its words
  (``US``/``the United States``, ``Nato``; ``GBH``/``grievous bodily
  harm`` and the few of one word, ``TV``/``television``:
  ``lower_case_acronym``), or in parentheses after them, added or
  left out (``Organisation (FAO)``); the disfluencies of speech left out
  or added (``disfluent``: ``um``, ``uh``; ``, you know,``; ``we, we
  will``; a false start, ``we are, we have been``).
  Punctuation differences are no edit at all, and neither is what a PDF's
  text adds to the words: a footnote's marker glued to the mark after a
  word, or a superscript one to the word (``justice.12 NATO``,
  ``atrocities³``: ``mark``, ``without_footnote_mark``), a paragraph's
  number opening the passage or a line (``12. The Allies``), and a page's number and
  running header or footer (left out of the words: ``dedup.layout``).
* costly: a gap of ``k`` source words replaced by ``m`` variant words costs
  ``max(k, m)`` (an insert ``m``, a delete ``k``), plus
  ``material_weight - 1`` once when it is material (so a changed modal costs
  ``material_weight`` words). Material, in order of precedence: it adds,
  drops or swaps a ``negation`` (not, never, n't, without, non ...; not
  the "or not" of "whether or not", nor one said again after "and" put
  for "or", "without pity and without remorse" for "without pity or
  remorse": ``_distributed_negation``, nor "not guilty" for "cleared",
  "acquitted" or "denies": ``verdicts``; or a
  word negated by a prefix whose stem is on the other side of the edit:
  unwilling/willing, illegal/legal, impossible, irresponsible, dishonest,
  inaccurate; ``NEGATING_PREFIXES``); a ``number`` (digits, two..twelve,
  hundred ... billion, dozen, half, first..tenth, and ``m``/``mn``/``bn``/
  ``k`` after digits, fractions, ``½``, ``two thirds``; not "one", which
  is mostly a pronoun; compared by value, so "10 thousand" for "10,000"
  is not one, nor ``½`` for ``half``, but ``½`` for ``¾`` is); a ``modal``
  verb (will, would, can, could, may, might, shall, should, must, ought;
  not "May" inside a sentence, the month or a name: ``modal_norms``;
  a "'d" is "would" or "had", so "I'd" for "I would" keeps the modal;
  "have to", "has to", "had to" are "must", so "must" -> "have to" is no
  changed modal, nor "should" -> "ought to", "will" -> "is going to",
  "would" -> "was going to");
  a ``name`` (a capitalised word that is not "I", not a courtesy title
  such as Mr, Mrs, Ms, Dr or Lord, not the passage's first word, not at
  a sentence start nor in a text written in capitals throughout, and
  whose spelling key (without a possessive 's), or singular or plural
  in lower case, is not on the other side of the edit, so neither a
  capitalised spelling variant, "NATO" for "NATO's",
  "Meeting" for "meetings" nor an acronym for the words it abbreviates,
  "EU" for "European Union", "TV" for "television", nor a clipping,
  "Lancs" for "Lancashire", is a name; nor is a name one edit drops and
  another adds back, "Sweden and Finland" for "Finland and Sweden", nor
  a name a third-person pronoun or a description replaces or is replaced
  by, "He said" for "Mr Hartley said", "the general" for "Pinochet", "a
  Secretary of State" for "Mr Blunkett": the words say who is meant, not
  another name).
* An inserted or deleted run (an edit with one side empty) is material
  only when its words are negations, numbers, modals, capitalised words
  and the words that go with them (``BARE_RUN_WORDS``: auxiliaries,
  "to", adverbs such as "also", "and", "per cent", "the", "of"; and
  fillers, which cost nothing in any gap): "we will
  go" -> "we go", "will not" -> "will" and leaving out "Finland," are
  material (not "the two of" before "them", "us" or "you"), but a run
  that takes the clause with it, "will be at the table", "10,000 drones
  and" or "the people of Ukraine", is an omission:
  it says less, not something else. A clause put for another (five words
  or more on both sides, ``REWRITTEN``) is a rewrite, never material;
  one put for up to four words that hold no negation, number, modal or name
  ("now" -> "We should finish mixing the album in about three weeks
  time") is a clause added or left out, material only when bare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dedup.fidelity.align import Segment
from dedup.fidelity.names import (
    abbreviates,
    clips,
    kind_of_body,
    names_in,
    referent,
    standing_for_words,
)
from dedup.fidelity.numbers import is_number_word, numbers_in, one_as_1, other_numbers
from dedup.fidelity.special import (
    is_special,
    modal_norms,
    modals_differ,
    modals_in,
    negations_in,
    prefix_negations,
    verdicts,
)
from dedup.fidelity.spelling import name_key
from dedup.fidelity.vocabulary import (
    BARE_RUN_WORDS,
    COORDINATED_SPAN,
    COORDINATING,
    FILLERS,
    REWRITTEN,
    WHETHER_SPAN,
)
from dedup.fidelity.words import Words
from dedup.models import Material


def material_of(
    source: Words,
    s0: int,
    s1: int,
    source_first: bool,
    variant: Words,
    v0: int,
    v1: int,
    variant_first: bool,
    moved: Sequence[str] = (),
    moved_numbers: Sequence[str] = (),
) -> Material | None:
    """Name what a costly edit of words ``[s0, s1)`` to ``[v0, v1)`` changes that matters.

    By precedence, or None. ``*_first`` says whether the first word is the
    passage's first word; a name whose key is in ``moved``, or a number in
    ``moved_numbers``, is on both sides of the passage, so not changed.
    """
    if s1 - s0 >= REWRITTEN and v1 - v0 >= REWRITTEN:
        # A clause put for another ("13 of them potentially fatal" ->
        # "married for 19 years and had two children"): a rewrite, costly by
        # its words, as an omitted clause is, but no number, name or modal
        # changed in it; the alignment isolates such a change in a small gap.
        return None
    source_norms, variant_norms = modal_norms(source, s0, s1), modal_norms(variant, v0, v1)
    special = is_special.__getitem__
    if (s1 - s0 >= REWRITTEN) != (v1 - v0 >= REWRITTEN):
        # A clause put for up to four words that say nothing special ("now" ->
        # "We should finish mixing the album in about three weeks time but"):
        # a clause added, or left out, as an inserted or deleted one is.
        if s1 - s0 >= REWRITTEN:
            clause, short, short_norms = (source, s0, s1), (variant, v0, v1, variant_first), \
                variant_norms
        else:
            clause, short, short_norms = (variant, v0, v1), (source, s0, s1, source_first), \
                source_norms
        if not any(map(special, short_norms)) and not names_in(*short) and not _bare(*clause):
            return None
    if source_norms and variant_norms:
        source_prefixed = prefix_negations(source_norms, variant_norms)
        variant_prefixed = prefix_negations(variant_norms, source_norms)
    else:
        # An inserted or deleted run is a changed negation, number, modal or
        # name only when it holds little else: "we will go" -> "we go" is,
        # leaving out the clause "we will be joined" is an omission.
        source_prefixed = variant_prefixed = 0
        words, first, last = (source, s0, s1) if s0 < s1 else (variant, v0, v1)
        if words.norms[first:last] == ["or", "not"] and "whether" in words.norms[
                max(0, first - WHETHER_SPAN):first]:
            return None  # "whether or not to go" says what "whether to go" says
        if (last - first == 3 and words.norms[first] == "the" and words.norms[last - 1] == "of"
                and words.norms[last : last + 1] in (["us"], ["you"], ["them"])
                and is_number_word(words.norms[first + 1])):
            return None  # "tied the two of them together" counts whom "them" means
        norms = words.norms
        if negations_in(norms[first:last]) and (
                norms[last - 1] in COORDINATING
                and negations_in(norms[last : last + COORDINATED_SPAN])
                or norms[first] in COORDINATING
                and negations_in(norms[max(0, first - COORDINATED_SPAN) : first])):
            # "is not and cannot be" -> "cannot be" or "is not": the negated
            # verb left out was one of two, and the one kept is negated too.
            return None
        if not _bare(words, first, last):
            return None
    if (source_prefixed != variant_prefixed or any(map(special, source_norms))
            or any(map(special, variant_norms))):
        if (negations_in(source_norms) + source_prefixed + verdicts(source_norms, variant_norms)
                != negations_in(variant_norms) + variant_prefixed
                + verdicts(variant_norms, source_norms)
                and not _distributed_negation(source, s0, s1, variant, v0, v1)
                and not _distributed_negation(variant, v0, v1, source, s0, s1)):
            return "negation"
        source_ones, variant_ones = one_as_1(source_norms, variant_norms), one_as_1(
            variant_norms, source_norms)
        if _less_moved(numbers_in(source_ones), moved_numbers) != _less_moved(
                numbers_in(variant_ones), moved_numbers):
            return "number"
        if modals_differ(modals_in(source_norms), modals_in(variant_norms)):
            return "modal"
    # Names are compared on spelling keys of the casefolded words, so a
    # capitalised spelling variant ("judgment"/"Judgement") is never a name.
    source_names = names_in(source, s0, s1, source_first)
    variant_names = names_in(variant, v0, v1, variant_first)
    if not source_names and not variant_names:
        return None
    # "TV" for "television", "GBH" for "grievous bodily harm": no name.
    for names, words, first, last, others, o0, o1 in (
            (source_names, source, s0, s1, variant, v0, v1),
            (variant_names, variant, v0, v1, source, s0, s1)):
        for key in standing_for_words(words, first, last, others, o0, o1):
            names.pop(key, None)
    if not source_names and not variant_names:
        return None
    if ((not variant_names or variant.norms[v0] in ("a", "an")) and referent(variant, v0, v1)
            or (not source_names or source.norms[s0] in ("a", "an"))
            and referent(source, s0, s1)):
        return None  # "Mr Hartley said" -> "He said": who is meant, not another name
    if source_names and variant_names and (
            abbreviates(source, s0, s1, variant, v0, v1)
            or abbreviates(variant, v0, v1, source, s0, s1)):
        return None
    # A title clipped is no name either ("Prof" for "Professor").
    if clips(source, s0, s1, variant, v0, v1) or clips(variant, v0, v1, source, s0, s1):
        return None
    # "Metropolitan Police Service" -> "Metropolitan Police": the same body,
    # without the word that says what kind of body it is.
    if v0 == v1 and kind_of_body(source, s0, s1) or s0 == s1 and kind_of_body(variant, v0, v1):
        return None
    source_keys = _common_keys(source, s0, s1) + list(moved)
    variant_keys = _common_keys(variant, v0, v1) + list(moved)
    if _outnumbered(source_names, variant_keys) or _outnumbered(variant_names, source_keys):
        return "name"
    return None


def _bare(words: Words, first: int, last: int) -> bool:
    """Whether words ``[first, last)`` hold little but negations, numbers, modals and names.

    Besides those, only ``BARE_RUN_WORDS`` (auxiliaries, "to", "the",
    "of" ...) and fillers: "will not", "Finland and", not a clause.
    """
    special = is_special.__getitem__
    return all(norm in BARE_RUN_WORDS or norm in FILLERS or special(norm)
               or surface[:1].isupper() and not words.shouted
               for norm, surface in zip(words.norms[first:last], words.tokens[first:last],
                                        strict=True))


def _distributed_negation(words: Words, first: int, last: int, others: Words, o0: int,
                          o1: int) -> bool:
    """Whether the side's coordinating word shares a negation the other side says again.

    "without pity or remorse" -> "without pity and without remorse", "it
    is not about stars. It is not about formats" -> "it's not about stars
    or formats": the side's words are "or", "and" or "nor" alone, the
    other's (a few) hold one negation, the same word as one that stands
    up to ``WHETHER_SPAN`` words before the side's. Not negating both
    ("not A or B" -> "not A and B") has no negation on the other side.
    """
    if last - first != 1 or words.norms[first] not in COORDINATING or not 0 < o1 - o0 < REWRITTEN:
        return False
    negations = [norm for norm in others.norms[o0:o1] if negations_in([norm])]
    return (len(negations) == 1 and negations_in(words.norms[first : last]) == 0
            and negations[0] in words.norms[max(0, first - WHETHER_SPAN) : first])


def names_moved(source: Words, variant: Words, body: Sequence[Segment]) -> list[str]:
    """The names one edit takes out of the passage and another puts back in.

    Words are aligned in order, so ``Finland and Sweden`` -> ``Sweden and
    Finland`` is two edits, one that adds Sweden and one that drops it (or
    trims it off the end): the name moved, it did not change. The edits
    still cost what a word edit costs.
    """
    first, last = body[0], body[-1]
    dropped = set(names_in(source, 0, first.s0, True))
    dropped.update(names_in(source, last.s1, source.size, False))
    added: set[str] = set()
    for segment in body:
        if not segment.aligned:
            dropped.update(names_in(source, segment.s0, segment.s1, segment.s0 == 0))
            added.update(names_in(variant, segment.v0, segment.v1, segment is first))
    return sorted(dropped & added)


def numbers_moved(source: Words, variant: Words, body: Sequence[Segment]) -> list[str]:
    """The numbers one edit takes out of the passage and another puts back in.

    As for names (:func:`names_moved`): "a fantastic eight years" ->
    "eight fantastic years" is "a" -> "eight" and "eight" left out, and no
    number changed. Only a number left out where none is put, and put where
    none is left out, moved: "40 tanks and 20 jets" -> "20 tanks and 40
    jets" changes two numbers. Each counts as often as it moved.
    """
    first, last = body[0], body[-1]
    dropped = Counter(numbers_in(source.norms[: first.s0]) + numbers_in(source.norms[last.s1 :]))
    added: Counter[str] = Counter()
    for segment in body:
        if not segment.aligned:
            source_numbers = numbers_in(source.norms[segment.s0 : segment.s1])
            variant_numbers = numbers_in(variant.norms[segment.v0 : segment.v1])
            if not variant_numbers:
                dropped.update(source_numbers)
            if not source_numbers:
                added.update(variant_numbers)
    return sorted((dropped & added).elements())


def _less_moved(numbers: list[str], moved: Sequence[str]) -> list[str]:
    """``numbers`` (sorted) without one of each number in ``moved``."""
    if not moved:
        return numbers
    rest = Counter(numbers)
    rest.subtract(moved)
    return sorted(rest.elements())


def _common_keys(words: Words, first: int, last: int) -> list[str]:
    """The spelling keys of words ``[first, last)``, and the other number of the lower-case ones.

    A capitalised word whose singular or plural is on the other side of
    the edit in lower case ("Meeting" for "meetings") is a title word,
    not a name; keys are without a possessive ``'s`` (``name_key``).
    A name written with or without an apostrophe before its "s" is the
    same name ("Morrison's" and "Morrisons", "Boy's Own" and "Boys Own"):
    a word with an apostrophe also has its key without it, and a
    capitalised one ending in "s" its key without the "s".
    """
    keys = list(map(name_key, words.norms[first:last]))
    for index in range(first, last):
        norm = words.norms[index]
        if words.tokens[index][:1].islower():
            keys.extend(other_numbers(keys[index - first]))
        elif "'" in norm:
            keys.append(norm.replace("'", ""))
        elif norm.endswith("s") and len(norm) > 3:
            keys.append(norm[:-1])
    return keys


def _outnumbered(names: dict[str, int], keys: list[str]) -> bool:
    """Whether some name occurs more often than its key among ``keys`` (``names - keys``).

    A gap has a name or two: counting them in the list costs less than a ``Counter``.
    """
    return any(count > keys.count(name) for name, count in names.items())
