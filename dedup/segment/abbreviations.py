"""The abbreviations a sentence goes on after: titles, months, US states, and the rest.

In: nothing. Out: ``TITLES``, ``MONTHS``, ``US_STATES`` and ``ABBREVIATIONS``
(lower-case, without the final full stop, as Punkt stores them). The layout
rules (``boundaries``), the Punkt trainer (``punkt_rules``) and the
segmenter all read them: their own module, so that none of those imports
another for them.
"""

from __future__ import annotations

TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt"}
    | {"sen", "rep", "gov", "pres", "st", "jr", "sr", "rev", "hon"}
    | {"sens", "reps", "govs", "gens", "adm", "brig", "maj", "cmdr", "cpl", "pvt", "det"}
    | {"insp", "supt", "atty", "messrs", "fr", "mme", "mlle"}
)
"""Titles: a line ending in one of these (with its full stop) goes on."""

MONTHS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
"""Abbreviated month names."""

US_STATES = frozenset(
    {"ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "kan", "ky", "md", "mich"}
    | {"minn", "mont", "neb", "nev", "okla", "tenn", "vt", "va", "wis", "wyo"}
)
"""US states as news agencies abbreviate them (``Mobile, Ala.``, ``D-Calif.``), those
that are no English word: "Ill." or "Miss." may end a sentence as the word."""

ABBREVIATIONS = frozenset(
    TITLES
    | MONTHS
    | {"etc", "vs", "inc", "ltd", "co", "corp", "no", "vol", "fig", "approx"}
    | {"e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "mt", "ft"}
    | US_STATES
    | set("abcdefghijklmnopqrstuvwxyz")
)
"""Lower-case abbreviations without their final full stop, as Punkt stores them."""
