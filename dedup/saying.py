"""Words that report speech in the press's other languages: who said a quotation.

English has its own lists, tuned on English news (:mod:`dedup.attribution`
and :mod:`dedup.quotes`). These are the common reporting verbs of French,
German, Spanish, Italian, Portuguese, Dutch, Polish, Russian and Ukrainian
papers, in the forms they print before or after a quotation (``« ... », a
déclaré Macron``, ``„...“, sagte Scholz``, ``Sánchez dijo: “...”``,
``«...», — заявил Песков``), and their words for "according to". Words
that are English words too are left out (Spanish and Italian ``dice``,
German ``so``, Dutch ``zegt`` is kept), so English text reads as before.
"""

from __future__ import annotations

__all__ = ["ACCORDING_TO", "HE_OR_SHE", "PRONOUN_AFTER", "VERBS"]

_BY_LANGUAGE = {
    "fr": ("a dit", "a déclaré", "a affirmé", "a expliqué", "a ajouté", "a souligné",
           "a assuré", "a estimé", "a averti", "a indiqué", "a répondu", "a précisé",
           "dit", "déclare", "affirme", "explique", "ajoute", "souligne", "assure", "estime",
           "indique", "précise", "répond"),
    "de": ("sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "warnte",
           "warnt", "meinte", "meint", "ergänzte", "unterstrich", "versicherte", "antwortete",
           "schrieb", "kritisierte"),
    "es": ("dijo", "afirmó", "declaró", "explicó", "añadió", "aseguró", "señaló", "advirtió",
           "indicó", "subrayó", "respondió", "afirma", "asegura", "señala", "explica",
           "declara", "añade"),
    "it": ("ha detto", "ha dichiarato", "ha affermato", "ha spiegato", "ha aggiunto",
           "ha sottolineato", "ha commentato", "ha risposto", "ha assicurato", "afferma",
           "dichiara", "spiega", "aggiunge", "sottolinea"),
    "pt": ("disse", "afirmou", "declarou", "explicou", "acrescentou", "sublinhou", "garantiu",
           "respondeu", "diz", "afirma", "declara", "explica"),
    "nl": ("zei", "zegt", "verklaarde", "stelde", "benadrukte", "voegde toe", "antwoordde"),
    "pl": ("powiedział", "powiedziała", "stwierdził", "stwierdziła", "dodał", "dodała",
           "podkreślił", "podkreśliła", "oświadczył", "oświadczyła", "mówi"),
    "ru": ("сказал", "сказала", "заявил", "заявила", "отметил", "отметила", "добавил",
           "добавила", "подчеркнул", "подчеркнула", "сообщил", "сообщила", "говорит",
           "пояснил", "пояснила", "ответил", "ответила"),
    "uk": ("сказав", "заявив", "зазначив", "зазначила", "додав", "додала", "наголосив",
           "наголосила", "повідомив", "повідомила", "відповів", "відповіла"),
}

VERBS = "|".join(sorted({verb for verbs in _BY_LANGUAGE.values() for verb in verbs},
                        key=lambda verb: (-len(verb), verb)))
"""The verbs as a regex alternation, longer first (``a dit`` before ``dit``)."""

ACCORDING_TO = "according to|selon|laut|según|secondo|segundo|volgens|zdaniem"
""""According to" before a name, in English and these languages."""

HE_OR_SHE = {"er": "he", "sie": "she", "il": "he", "elle": "she", "он": "he", "она": "she",
             "він": "he", "вона": "she"}
"""Third-person pronouns after their verb of saying, as "he" or "she".

German ``„...“, sagte er``, French ``« ... », a-t-elle ajouté`` and ``dit-il``,
Russian and Ukrainian ``«...», — сказал он``: whom they stand for is found
as for English "he said". Spanish, Italian and Portuguese leave the
pronoun out (``dijo``), Polish and Dutch seldom print it there.
"""
_SINGULAR_BEFORE = ("sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "warnte",
                    "warnt", "meinte", "meint", "ergänzte", "unterstrich", "versicherte",
                    "antwortete", "schrieb", "kritisierte", "сказал", "сказала", "заявил",
                    "заявила", "отметил", "отметила", "добавил", "добавила", "подчеркнул",
                    "подчеркнула", "пояснил", "пояснила", "ответил", "ответила", "сказав",
                    "заявив", "зазначив", "зазначила", "додав", "додала", "наголосив",
                    "наголосила", "відповів", "відповіла")
_FRENCH_PAST = ("dit", "déclaré", "affirmé", "expliqué", "ajouté", "souligné", "assuré",
                "estimé", "averti", "indiqué", "répondu", "précisé", "poursuivi", "insisté")
_FRENCH_PRESENT = ("dit", "déclare", "affirme", "explique", "ajoute", "souligne", "assure",
                   "estime", "indique", "précise", "répond", "poursuit", "insiste", "lance")
PRONOUN_AFTER = (
    rf"(?:(?:{'|'.join(_SINGULAR_BEFORE)})\s+(?P<pro>er|sie|он|она|він|вона)"
    rf"|a-t-(?P<pro_fr>il|elle)\s+(?:{'|'.join(_FRENCH_PAST)})"
    rf"|(?:{'|'.join(_FRENCH_PRESENT)})(?:-t)?-(?P<pro_inv>il|elle))\b"
)
"""A verb of saying and its pronoun after it: ``sagte er``, ``a-t-il dit``, ``dit-elle``."""
