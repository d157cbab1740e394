"""(canonical passage, variant text) -> word alignment, edits, fidelity, label.

In: the canonical passage ``source_text`` and one other occurrence
``variant_text``. Out: a ``Scored`` holding a ``Fidelity`` (score, label,
edits, ``trimmed``) and ``start``/``end``, the span of ``variant_text`` that
reproduces the passage. Both texts are split into the words of
``dedup.shingle.tokenize`` (kept as columns, not an object per word) and
aligned word by word on spelling keys of the normalised words, so
punctuation, quotation marks, dashes and line breaks never produce an edit.
The alignment is rapidfuzz's ``Indel`` (longest common subsequence) rather
than Levenshtein: it keeps the most words aligned, where Levenshtein may
pair context words by substitution and lose a longer quoted run; of the
alignments that keep as many words, one with fewer runs is taken
(``_gathered``: a piece whose first words also stand earlier in the
sentence is a trimmed copy, not one with cuts inside it). Adjacent
deletions and insertions between two aligned words form one gap (a
``replace`` when it has words on both sides).

The rules live in one module each, in the order data flows through them:
``vocabulary`` (the closed classes of words), ``spelling`` (spelling
keys), ``numbers`` (numbers by value), ``forms`` (dates, ordinals,
decades, fractions as one word), ``words`` (a text's words as columns),
``special`` (negations and modals), ``speech`` (what transcripts add),
``edges`` (where the quotation starts and ends: the trimming rules),
``names`` (names, and the changes that leave one as it was), ``align``
(the word alignment), ``material`` (what each gap costs: the cosmetic
and material rules) and ``scoring`` (``score``).

The score, with ``n`` the number of words of the whole source passage::

    cost     = 0.25 * trimmed_words
               + sum(max(k, m) + (material_weight - 1 if material else 0))
    fidelity = round(max(0.0, 1 - cost / max(1, n)), 4)

Labels: ``paraphrase`` when nothing aligns, when fewer than half of the
source words inside the aligned stretch align, or when fewer than 4 words
(or than half the source words, if that is less) align at all; else
``altered`` when there is any costly edit; else ``cosmetic`` when there is a
cosmetic edit; else ``verbatim``. Trim deletions do not change the label:
a faithful partial quote is ``verbatim`` (or ``cosmetic``) with
``trimmed=True`` and a fidelity below 1.

Each edit carries its offsets: ``source_start``/``source_end`` into
``source_text`` and ``variant_start``/``variant_end`` into the scored span
``variant_text[start:end]`` (an empty side is the point of insertion or
deletion), so ``source_text[e.source_start:e.source_end]`` runs from the
first to the last edited source word.

Always holds: ``0 <= start <= end <= len(variant_text)``, ``0 <= fidelity
<= 1``, edits are in source order and their offsets lie inside the
texts, and a passage scored against itself (or against a copy that
differs only in punctuation, quotation marks or line breaks) has
fidelity 1.0 and label ``verbatim``. The alignment is rapidfuzz's
bit-parallel LCS, so two 5,000-word texts take well under a second; two
passages of more than ``ALIGN_CELLS`` word pairs (copies of a huge
document) are aligned a window at a time (``equal_blocks``), in time and
memory linear in their length.
"""

from dedup.fidelity.align import ALIGN_CELLS, ALIGN_WINDOW, equal_blocks
from dedup.fidelity.scoring import TRIM_COST, Scored, fidelity_of, score
from dedup.fidelity.spelling import spelling_key

__all__ = [
    "ALIGN_CELLS",
    "ALIGN_WINDOW",
    "TRIM_COST",
    "Scored",
    "equal_blocks",
    "fidelity_of",
    "score",
    "spelling_key",
]
