"""Quotations in other languages and scripts than English: what is cosmetic, what is not.

The fixtures are short passages written in the style of ``inputs/``: a
transcript's sentence and the same sentence as a newspaper prints it.
"""

from __future__ import annotations

import pytest

from dedup.fidelity import score

# --- accents and other optional marks -----------------------------------------


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        # An English outlet's ASCII spelling of Turkish names.
        ("Cumhurbaşkanı Erdoğan İstanbul'da yaptığı konuşmada önemli açıklamalar yaptı.",
         "Cumhurbaşkanı Erdogan Istanbul'da yaptığı konuşmada önemli açıklamalar yaptı."),
        # A Turkish headline in capitals: İ and ı have no case pair of their own.
        ("Cumhurbaşkanı Erdoğan İstanbul'da yaptığı konuşmada önemli açıklamalar yaptı.",
         "CUMHURBAŞKANI ERDOĞAN İSTANBUL'DA YAPTIĞI KONUŞMADA ÖNEMLİ AÇIKLAMALAR YAPTI."),
        # Greek capitals drop the tonos.
        ("Ο πρωθυπουργός Κυριάκος Μητσοτάκης δήλωσε ότι η χώρα είναι έτοιμη για τις εκλογές.",
         "Ο ΠΡΩΘΥΠΟΥΡΓΟΣ ΚΥΡΙΑΚΟΣ ΜΗΤΣΟΤΑΚΗΣ ΔΗΛΩΣΕ ΟΤΙ Η ΧΩΡΑ ΕΙΝΑΙ ΕΤΟΙΜΗ ΓΙΑ ΤΙΣ ΕΚΛΟΓΕΣ."),
        # Russian ё is mostly printed е.
        ("Мы никогда не признаём аннексию Крыма, заявил президент в своей речи.",
         "Мы никогда не признаем аннексию Крыма, заявил президент в своей речи."),
        # Arabic short vowels and a stretched word (tatweel).
        ("قال الرئيس إن الحكومة ستدعم الشعب الفلسطيني في عام 2024 بكل الوسائل الممكنة",
         "قال الرئيـــس إن الحكومة ستدعم الشَّعب الفلسطيني في عام 2024 بكل الوسائل الممكنة"),
        # Hebrew vowel points.
        ("אנחנו נמשיך לפעול בכל הכוח נגד הטרור, אמר ראש הממשלה בישיבת הממשלה.",
         "אֲנַחְנוּ נמשיך לפעול בכל הכוח נגד הטרור, אמר ראש הממשלה בישיבת הממשלה."),
    ],
)
def test_marks_a_copy_may_leave_out_are_cosmetic(source: str, variant: str) -> None:
    result = score(source, variant, context=False).fidelity
    assert result.label == "cosmetic"
    assert result.fidelity == 1.0
    assert result.edits and all(edit.cosmetic for edit in result.edits)


def test_another_name_with_the_same_letters_but_accents_is_still_material() -> None:
    result = score(
        "Cumhurbaşkanı Erdoğan İstanbul'da yaptığı konuşmada önemli açıklamalar yaptı.",
        "Cumhurbaşkanı Kılıçdaroğlu İstanbul'da yaptığı konuşmada önemli açıklamalar yaptı.",
        context=False,
    ).fidelity
    assert [edit.material for edit in result.edits] == ["name"]


def test_cyrillic_short_i_is_a_letter_not_an_accent() -> None:
    # мой (my, singular) and мои (plural) are two words.
    result = score("Это мой последний срок на посту президента страны.",
                   "Это мои последний срок на посту президента страны.", context=False).fidelity
    assert result.label == "altered"


# --- numbers written the way other languages write them -----------------------


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        # A decimal comma is not a thousands separator: 1,5 is not 15.
        ("Die Inflation liegt bei 1,5 Prozent und wird im nächsten Jahr weiter sinken.",
         "Die Inflation liegt bei 15 Prozent und wird im nächsten Jahr weiter sinken."),
        ("La inflación se sitúa en el 1,5 % y seguirá bajando el próximo año.",
         "La inflación se sitúa en el 15 % y seguirá bajando el próximo año."),
        ("Die Regierung stellt 1.000.000 Euro für den Wiederaufbau der Schulen bereit.",
         "Die Regierung stellt 1.000 Euro für den Wiederaufbau der Schulen bereit."),
        ("Die Regierung stellt 1.000.000 Euro für den Wiederaufbau der Schulen bereit.",
         "Die Regierung stellt 100 000 Euro für den Wiederaufbau der Schulen bereit."),
        ("Der Gipfel findet am 5.4.2022 in Brüssel statt, teilte die Regierung mit.",
         "Der Gipfel findet am 6.4.2022 in Brüssel statt, teilte die Regierung mit."),
    ],
)
def test_a_number_changed_in_another_languages_writing_is_material(
    source: str, variant: str
) -> None:
    result = score(source, variant, context=False).fidelity
    assert result.label == "altered"
    assert [edit.material for edit in result.edits] == ["number"]


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        ("Die Regierung stellt 1.000.000 Euro für den Wiederaufbau der Schulen bereit.",
         "Die Regierung stellt 1000000 Euro für den Wiederaufbau der Schulen bereit."),
        ("Die Regierung stellt 1.000.000 Euro für den Wiederaufbau der Schulen bereit.",
         "Die Regierung stellt 1\u202f000\u202f000 Euro für den Wiederaufbau der Schulen bereit."),
        ("La France livrera 1 000 000 d’obus supplémentaires avant la fin de l’été prochain.",
         "La France livrera 1,000,000 d’obus supplémentaires avant la fin de l’été prochain."),
        ("Die Inflation liegt bei 1,5 Prozent und wird im nächsten Jahr weiter sinken.",
         "Die Inflation liegt bei 1.5 Prozent und wird im nächsten Jahr weiter sinken."),
        ("Die Inflation liegt bei 1,5 Prozent und wird im nächsten Jahr weiter sinken.",
         "Die Inflation liegt bei 1,5 % und wird im nächsten Jahr weiter sinken."),
        ("Инфляция в прошлом году составила 7,5 процента, сообщил министр.",
         "Инфляция в прошлом году составила 7,5%, сообщил министр."),
    ],
)
def test_a_number_written_another_languages_way_is_cosmetic(source: str, variant: str) -> None:
    result = score(source, variant, context=False).fidelity
    assert result.fidelity == 1.0
    assert all(edit.cosmetic for edit in result.edits)


# --- negations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        ("Wir werden diese Vorschläge nicht akzeptieren, sagte der Minister gestern.",
         "Wir werden diese Vorschläge akzeptieren, sagte der Minister gestern."),
        ("Nós não vamos aceitar essa proposta do governo, disse o ministro ontem.",
         "Nós vamos aceitar essa proposta do governo, disse o ministro ontem."),
        ("Мы никогда не признаем аннексию Крыма, заявил президент в своей речи.",
         "Мы признаем аннексию Крыма, заявил президент в своей речи."),
        ("La France n’acceptera pas cette proposition, a dit le ministre hier.",
         "La France acceptera cette proposition, a dit le ministre hier."),
        ("Η κυβέρνηση δεν θα δεχτεί αυτή την πρόταση, δήλωσε ο υπουργός.",
         "Η κυβέρνηση θα δεχτεί αυτή την πρόταση, δήλωσε ο υπουργός."),
        ("Bu teklif kabul edilebilir değil, dedi bakan dün akşam.",
         "Bu teklif kabul edilebilir, dedi bakan dün akşam."),
        ("قال الوزير إن الحكومة لن تقبل هذا الاقتراح في هذه المرحلة",
         "قال الوزير إن الحكومة تقبل هذا الاقتراح في هذه المرحلة"),
        ("ראש הממשלה אמר שהממשלה לא תקבל את ההצעה הזאת בשום מקרה",
         "ראש הממשלה אמר שהממשלה תקבל את ההצעה הזאת בשום מקרה"),
    ],
)
def test_a_negation_dropped_in_another_language_is_material(source: str, variant: str) -> None:
    result = score(source, variant, context=False).fidelity
    assert result.label == "altered"
    assert [edit.material for edit in result.edits if not edit.cosmetic] == ["negation"]
