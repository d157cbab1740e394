"""Where the quotation starts and ends in the variant, and where the source's words were cut.

Alignment and trimming:


* Words of the variant before the first aligned word or after the last one
  (``..., Stoltenberg said``) are context, not quotation: they are left out
  of the score and out of ``start``/``end``. ``end`` is extended over
  sentence-final ``.!?…`` directly after the last word, but never over a
  closing quotation mark, so ``variant_text[start:end]`` is the quoted words.
* Source words before the first or after the last aligned word make the
  variant a partial quote: ``trimmed`` is true and they become ``delete``
  edits that cost 0.25 a word and are never ``material``.
* Source words the variant leaves out inside the quote where it has an
  ellipsis (``…``, ``...``, ``[...]``) are a cut it marks: like a partial
  quote's, they are ``trim`` deletions at 0.25 a word and make ``trimmed``
  true, unless they are a material edit (a bare "not": see below), which
  no ellipsis excuses. A variant that ends with the start of a word and an
  ellipsis (``the Russian mili…``, a post cut at its length limit) leaves
  that word out, and the rest: a trim, not a replaced word.
* Variant words in square brackets (``[Emmanuel Macron]``, ``[NATO]``
  for "we") are an editor's, marked as such: inserted or replacing up to
  three source words, they are a cosmetic edit, unless they change a
  negation, number or modal. So is a name in parentheses after a
  pronoun, added or left out (``he (Mr Howard) had``: ``referent_gloss``).
* Except: variant words joined to the first or last aligned word by spaces
  only (no punctuation, quote mark or line break between them; a currency
  sign is part of the amount after it) replace the
  adjacent leftover source words when there are no more of them than those
  source words; before the quote they must also follow an opening quotation
  mark (or be one word opening the text). So ``... Dmytro Zelensky.`` for
  ``... Dmytro Kuleba.`` is a ``name`` edit, not a trim. And the source's
  last one or two words, names or numbers after a mark (``in Blackburn,
  Lancashire.``, ``on September 7, 1996.``), are replaced by as many
  words of the same kinds that end the variant's sentence after the same
  mark (``in Blackburn, Cumbria.``: a ``name`` edit; ``..., Jones said.``
  stays context).
* An aligned run of ``r`` source words at either edge is treated as a chance
  match inside the context (and trimmed away) when the gap between it and
  the rest skips source words and has at least ``2r + 2`` words on a side.
"""

from __future__ import annotations

import re
import unicodedata

from dedup.fidelity.special import negations_in
from dedup.fidelity.vocabulary import ELLIPSIS, JOINERS, OPENING_QUOTES, SENTENCE_END
from dedup.fidelity.words import Words


def marks_cut(variant: Words, index: int) -> bool:
    """Whether an ellipsis (``…``, ``...``, ``[...]``) stands just before word ``index``."""
    return 0 < index < variant.size and ELLIPSIS.search(
        variant.text, variant.ends[index - 1], variant.starts[index]) is not None


def cut_word(source: Words, s0: int, s1: int, variant: Words, v0: int, v1: int) -> bool:
    """Whether variant word ``v0``, alone in the gap, is source word ``s0`` cut by an ellipsis.

    ``mili…`` for ``military``, as a post or a link preview cut at its
    length limit ends; only at the end of what is scored, where no aligned
    word follows (``60… sites`` for ``600 sites`` is a number changed).
    """
    if v1 - v0 != 1 or s0 == s1:
        return False
    fragment, word = variant.norms[v0], source.norms[s0]
    return (len(fragment) < len(word) and word.startswith(fragment)
            and ELLIPSIS.match(variant.text, variant.ends[v0]) is not None)


def through_sentence_end(text: str, end: int) -> int:
    """Move ``end`` past sentence-final ``.!?…`` right after it."""
    while end < len(text) and text[end] in SENTENCE_END:
        end += 1
    return end


def negation_before(variant: Words, v0: int) -> bool:
    """Whether the variant's word right before its first aligned one negates it.

    ``Belgium is not trying to extradite`` for ``... trying to extradite``:
    whatever the words before it are, a ``not`` (``never``, ``isn't``)
    written on to the words the source has is no context but a changed
    negation.
    """
    if v0 < 1:
        return False
    text = variant.text
    if any(_is_boundary(char) for char in text[variant.ends[v0 - 1] : variant.starts[v0]]):
        return False
    return negations_in([variant.norms[v0 - 1]]) > 0


def swapped_end(source: Words, s1: int, variant: Words, v1: int) -> int:
    """Count the variant's last words that stand for the source's, after the same mark.

    ``... in Blackburn, Beatles.`` for ``... in Blackburn, Lancashire.``,
    ``on September 7, 1997.`` for ``on September 7, 1996.``: the source
    ends with names or numbers after a mark (a comma), and the variant,
    after the same mark, ends its sentence with as many words of the same
    kinds, capitalised for capitalised, numbers for numbers. They are a
    changed name or number, not context; ``..., Stoltenberg said.`` is
    context still (``said`` is no name). Returns 0 when they are not.
    """
    count = source.size - s1
    if not 0 < count <= 2 or not 0 < v1 < variant.size or v1 + count > variant.size:
        return 0
    marks = _mark_between(source, s1 - 1)
    if not marks or marks != _mark_between(variant, v1 - 1):
        return 0
    if attached(variant, v1, 1, count) != count - 1:  # the words run on to a mark
        return 0
    last = v1 + count - 1
    after = variant.text[variant.ends[last] : variant.starts[last + 1]] if last + 1 < variant.size \
        else variant.text[variant.ends[last] :]
    if not any(char in SENTENCE_END for char in after) and last + 1 < variant.size:
        return 0
    for offset in range(count):
        kinds = {_word_kind(words, at) for words, at in ((source, s1 + offset),
                                                         (variant, v1 + offset))}
        if len(kinds) != 1 or kinds == {"other"}:
            return 0
    return count


def _mark_between(words: Words, left: int) -> str:
    """The marks between word ``left`` and the next, without spaces and currency signs."""
    between = words.text[words.ends[left] : words.starts[left + 1]]
    return "".join(char for char in between if not char.isspace() and char not in _CURRENCY)


def _word_kind(words: Words, at: int) -> str:
    """``number`` (digits), ``name`` (capitalised) or ``other``, for ``swapped_end``."""
    token = words.text[words.starts[at] : words.ends[at]]
    if token[:1].isdigit():
        return "number"
    return "name" if token[:1].isupper() else "other"


def attached(words: Words, index: int, step: int, limit: int) -> int:
    """Count the words that run on from word ``index`` in direction ``step``.

    Stops at the first boundary (punctuation, quotation mark, line break);
    returns 0 when more than ``limit`` words run on.
    """
    text, starts, ends = words.text, words.starts, words.ends
    count = 0
    while 0 <= index + step < len(starts):
        left = min(index, index + step)
        if any(_is_boundary(char) for char in text[ends[left] : starts[left + 1]]):
            break
        if _in_url(text, starts[index + step]):  # a post's link: ``Ukraine https://t.co/x``
            break
        count += 1
        index += step
        if count > limit:
            return 0
    return count


# A web address: a scheme, ``www.``, or a host name before a path
# (``pic.twitter.com/x``, ``t.co/x``; not ``U.S./EU`` nor ``Ukraine.Including``).
_URL = re.compile(r"[a-z][a-z0-9+.\-]*://|\bwww\.|(?:[\w\-]+\.)+[a-z]{2,}/", re.IGNORECASE)


def _in_url(text: str, at: int) -> bool:
    """Whether the word at ``at`` is part of a web address (``https://t.co/x``, ``t.co/x``)."""
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    return _URL.search(text, start, end) is not None


def _is_boundary(char: str) -> bool:
    """Tell whether a character between two words separates clauses.

    Square brackets do not: they mark an editor's words inside the quote;
    nor does a currency sign, part of the amount after it (``about £200``).
    """
    return char == "\n" or not (char.isspace() or char in JOINERS or char in "[]"
                                or char in _CURRENCY)


_CURRENCY = frozenset(chr(point) for point in range(0x10000)
                      if unicodedata.category(chr(point)) == "Sc")


def opens(text: str, position: int, words: int) -> bool:
    """Tell whether ``words`` words at ``position`` open a quote or (one word) the text."""
    index = position - 1
    while index >= 0 and (text[index].isspace() or text[index] == "["):
        index -= 1
    return (index < 0 and words == 1) or (index >= 0 and text[index] in OPENING_QUOTES)
