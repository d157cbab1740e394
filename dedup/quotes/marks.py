"""What a mark is: quotation glyphs, which way one turns, and apostrophes told from marks.

``is_opening`` reads a mark's surroundings first, then its glyph;
``is_apostrophe`` and ``is_straight_apostrophe`` tell a single mark
between letters, or opening an elision (``rock 'n' roll``, ``the '60s``),
or ending a plural's possessive, from a quotation mark.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

# Every mark a literal branch (not a ``[...]`` class): then the regex engine
# skips to the next mark's first character itself (about three times faster).
# ‹ › are French and Swiss single marks, ‚ ‘ German ones, 「 」 and 『 』
# (within them) the Chinese and Japanese ones.
MARK = re.compile("|".join(["``", "''", *map(re.escape, "\"“”„‟«»″‘’'‹›‚「」『』")]))
_OPENING_GLYPHS = frozenset({"“", "„", "«", "‘", "``", "‹", "‚", "「", "『"})
_CLOSING_GLYPHS = frozenset({"”", "»", "’", "''", "″", "›", "」", "』"})
SINGLE = frozenset({"‘", "’", "'", "‹", "›", "‚", "『", "』"})
CURLY_DOUBLE = frozenset({"“", "„", "«"})
_SPACE_BEFORE_OPENING = frozenset(" \t\n\r([{—–-/:")
_PUNCTUATION_AFTER_CLOSING = frozenset(",.;:!?)]}…")


def break_between(breaks: Sequence[int], low: int, high: int) -> int | None:
    """The first paragraph break in ``[low, high)``, or None."""
    at = bisect.bisect_left(breaks, low)
    return breaks[at] if at < len(breaks) and breaks[at] < high else None


def is_opening(text: str, at: int, mark: str) -> bool | None:
    """Whether the mark at ``at`` opens (True) or closes (False); None when unclear."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    # An opening mark is followed by the words it quotes, never by a comma or a
    # full stop: French puts a space before the closing mark too ("agir », a dit").
    opens = (before in _SPACE_BEFORE_OPENING and not after.isspace()
             and after not in _PUNCTUATION_AFTER_CLOSING)
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens != closes:
        return opens
    if mark in _OPENING_GLYPHS:
        return True
    if mark in _CLOSING_GLYPHS:
        return False
    return None


def is_apostrophe(text: str, at: int) -> bool:
    """A ``’`` or ``‘`` between two letters or digits (``NATO’s``, ``rock’n’roll``)."""
    return 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()


# Words that open with an apostrophe ("rock 'n' roll", "rock 'n roll", "'em",
# "the '60s").
_ELISION = re.compile(r"'(?:n'|n\b|em\b|til\b|cause\b|tis\b|\d\ds\b)", re.IGNORECASE)


def is_straight_apostrophe(text: str, at: int, breaks: Sequence[int]) -> bool:
    """Whether the straight mark at ``at`` is an apostrophe that is not between two letters.

    An elision (``'n'``, ``'em``, ``'60s``), or a plural's possessive
    (``the nurses' union``) when the next straight mark of the paragraph
    closes too: ``'The nurses' union is right,' she said`` closes at the
    second mark; ``called them 'idiots' and said: 'go'`` at the first.
    """
    if _ELISION.match(text, at) or (at and _ELISION.match(text, at - 2)
                                     and text[at - 2] == "'"):
        return True
    if text[max(0, at - 3) : at].casefold() == "'n " and text[at + 1 : at + 2].isalpha():
        return True  # "rock 'n 'roll", as a paper may spell it
    if not (text[at - 1 : at] in ("s", "S") and text[at + 1 : at + 2] == " "
            and text[at + 2 : at + 3].isalpha()):
        return False
    paragraph_end = break_between(breaks, at, len(text))
    end = len(text) if paragraph_end is None else paragraph_end
    for match in re.finditer("'", text[at + 1 : end]):
        later = at + 1 + match.start()
        if not is_apostrophe(text, later):
            return is_opening(text, later, "'") is False
    return False
