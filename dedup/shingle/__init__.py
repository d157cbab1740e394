"""Text -> normalised word tokens with spans, and word shingles.

Pure functions, no state. Normalisation makes the differences that the
fidelity stage calls cosmetic invisible to matching: case (``casefold``),
Unicode compatibility forms (NFKC), accents and other marks a copy may
leave out (``fold_marks``: ``Erdogan`` for ``Erdoğan``), curly versus
straight apostrophes,
hyphenation (``land-bridge`` gives the words ``land`` and ``bridge``, as
``land bridge`` does, and ``nego-`` at the end of a line and ``tiations`` on
the next, a word a PDF's line end breaks, the one word ``negotiations``)
and digit grouping (``10,000`` and ``10000`` are one number). Punctuation
and line breaks are not tokens at all.

Always holds: ``text[token.start:token.end]`` is the surface form of every
token, tokens are in text order, and ``normalise`` is idempotent.

Modules: ``patterns`` (what a word is), ``text`` (normalised forms, and
questions of a whole text), ``compiled`` (the numba tokenizer and word
table) and ``tokens`` (tokens, counts and shingles).
"""


from dedup.shingle.compiled import SeenWords, Vocabulary, token_ids, token_spans
from dedup.shingle.text import (
    TIME_CODE,
    TIME_CODES,
    WORDS_PER_SENTENCE_MARK,
    Normalised,
    fold_marks,
    normalise,
    normalise_all,
    outside_links,
    punctuated,
    time_notes,
    without_footnote_mark,
)
from dedup.shingle.tokens import (
    count_words,
    has_word,
    jaccard,
    normalised_words,
    shingles,
    shingles_at,
    token_columns,
    token_parts,
    tokenize,
    word_count,
)

__all__ = [
    "Normalised",
    "SeenWords",
    "TIME_CODE",
    "TIME_CODES",
    "Vocabulary",
    "WORDS_PER_SENTENCE_MARK",
    "count_words",
    "fold_marks",
    "has_word",
    "jaccard",
    "normalise",
    "normalise_all",
    "normalised_words",
    "outside_links",
    "punctuated",
    "shingles",
    "shingles_at",
    "time_notes",
    "token_columns",
    "token_ids",
    "token_parts",
    "token_spans",
    "tokenize",
    "without_footnote_mark",
    "word_count",
]
