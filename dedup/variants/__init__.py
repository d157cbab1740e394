"""Groups of passages -> report clusters with a fidelity score per variant.

Each non-canonical member is aligned word by word to the canonical passage
(:func:`dedup.fidelity.score`); its span is narrowed to the words that align,
so reporting words around a quotation ("..., Stoltenberg said.") are not
counted as part of the copy. Where a reference original has other reference
versions in the cluster, a media document's member is measured against the
nearest of them (``Member.against``).

A variant whose aligned part is shorter than ``min_words`` words is dropped
(a "Thank you very much." that matched as the edge of a longer unit), as
is one none of whose words align (a passage's side that joined a group
through a longer unit holding it, scored against a canonical member it
shares nothing with), and so is a group left with fewer than two members.
The variants a group's canonical member drops are scored once more,
against the first of them, with the group's other members: a sentence
that joins the copies of two sources is the bridge between them, and each
copy keeps its cluster. A reference's member among those that align with
them is their original in the place of a media document's (the words a
speech as delivered adds to the prepared text, the group's original).
A cluster is boilerplate when its group is, or when it is a template (a
short frame its members fill in with other words, a feed's header or a
byline: ``_templated``), it still recurs in ``boilerplate_min_docs``
documents, and those documents do not share the rest of one story
(:func:`unmark_story_quotes`).

Always holds: ``member.text == documents[doc].text[start:end]``; the
canonical member has fidelity 1.0; cluster ids ``c1, c2, ...`` follow the
order of the groups, which is document order.
"""


from dedup.variants.clusters import unmark_story_quotes
from dedup.variants.jobs import BATCH_CHARS, PARALLEL_MIN_CHARS, score_groups

__all__ = ["BATCH_CHARS", "PARALLEL_MIN_CHARS", "score_groups", "unmark_story_quotes"]
