"""Documents -> passages of words two documents share, by seed and extend.

Sentence units match when their word pairs overlap by half, so a short
verbatim piece inside a long sentence, a copied passage glued to the text
before it (``use.Exclusive``, no space after the full stop, so no sentence
boundary) and a rewrite that keeps runs of the source's words go unseen.
This stage finds such reuse from the words alone, as text-alignment systems
do (seeding, extension, filtering; Potthast et al., PAN 2013 overview):

1. **Seeds.** Every run of ``SEED_WORDS`` normalised words is hashed. A seed
   found at most ``MAX_COPIES`` times in the corpus gives a hit for each
   pair of its places in two different documents (its position in one, its
   position in the other). Seeds common across the corpus are no evidence
   of reuse and would make the hits quadratic. A seed repeated inside a
   document (press-agency copy repeats its lead in each update) gives one
   hit per copy, each on its own diagonal.
2. **Diagonal runs.** The hits of a pair of documents that lie on one
   diagonal (the same offset between their positions), each at most
   ``GAP_WORDS`` words after the previous one, form a run: a stretch copied
   word for word, or with single words changed.
3. **Passages.** Runs of a pair that lie at most ``GAP_WORDS`` apart in both
   documents, on diagonals at most ``GAP_WORDS`` apart, join (a rewrite
   inserts or drops words, which moves the diagonal a little); a run that
   fits no open passage opens one. A phrase repeated inside a copy also
   pairs its first place in one text with its second place in the other,
   on a far diagonal: such runs stay out of the copy's passage, whose
   sides would otherwise stretch over words that are not the copy.
4. **Kept** are the passages whose seeds cover at least ``MIN_WORDS`` words
   and at least ``MIN_DENSITY`` of the passage's longer side. A phrase one
   text repeats a few words away pairs both its places with the other
   text's one place, on near diagonals: such runs join the passage, but
   the words they share are counted once in each text (the fewer of the
   two counts), and each side must be ``MIN_DENSITY`` covered on its own;
   a phrase of six words said twice is no passage of twelve.

Each passage keeps its hits, so the cluster stage can leave out the words
that sentence matches already explain (:func:`dedup.cluster.choose`).

Always holds: work is linear in the words plus the hits (at most
``MAX_COPIES ** 2`` per seed), besides sorting the repeated seeds and the
hits; the loops are compiled with numba; passages are in the order of
their pair ``(first, second)``, ``first < second``, then of their first
hit; the same texts give the same passages.
"""


from dedup.passages.find import (
    GAP_WORDS,
    MAX_COPIES,
    MIN_DENSITY,
    MIN_WORDS,
    SEED_WORDS,
    Passage,
    covered_words,
    find_passages,
    passages_of,
)
from dedup.passages.seeds import run_key
from dedup.passages.words import Hits, Words, span_type, words_of

__all__ = [
    "GAP_WORDS",
    "MAX_COPIES",
    "MIN_DENSITY",
    "MIN_WORDS",
    "SEED_WORDS",
    "Hits",
    "Passage",
    "Words",
    "covered_words",
    "find_passages",
    "passages_of",
    "run_key",
    "span_type",
    "words_of",
]
