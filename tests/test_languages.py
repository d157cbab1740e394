"""Quotations in other languages and scripts than English: what is cosmetic, what is not.

The fixtures are short passages written in the style of ``inputs/``: a
transcript's sentence and the same sentence as a newspaper prints it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dedup
from dedup.fidelity import score
from dedup.quotes import extract
from dedup.report import render_html, report_to_dict
from dedup.report.markdown import escape, render_markdown
from dedup.shingle import normalise, token_spans, tokenize, word_count

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
    assert result.label in ("verbatim", "cosmetic")  # Hebrew points are not letters
    assert result.fidelity == 1.0
    assert all(edit.cosmetic for edit in result.edits)


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
        # A point before three digits groups them in Spanish or German: read
        # as English, 1.500 was 1.5 and the same as 1,5.
        ("Invertiremos 1.500 millones de euros en vivienda pública durante dos años.",
         "Invertiremos 1,5 millones de euros en vivienda pública durante dos años."),
        ("Die Regierung stellt 2.000 Euro für jede Familie mit Kindern bereit, sagte er.",
         "Die Regierung stellt 2 Euro für jede Familie mit Kindern bereit, sagte er."),
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


# --- Chinese and Japanese: no spaces between words ----------------------------

_MFA = """外交部发言人毛宁主持例行记者会

毛宁：女士们、先生们，下午好。
中方始终认为，对话协商是解决乌克兰危机的唯一可行出路。我们将在2024年向乌克兰提供五十亿美元的人道主义援助，以支持其重建工作。

记者：请问中方对最新局势有何评论？
"""
_XINHUA = (
    "新华社北京电 外交部发言人毛宁在例行记者会上表示，"
    "“中方始终认为，对话协商是解决乌克兰危机的唯一可行出路。"
    "我们将在2024年向乌克兰提供五亿美元的人道主义援助，以支持其重建工作。”\n"
)
_KANTEI = """岸田内閣総理大臣記者会見

岸田総理：
物価高から国民生活を守るため、一人当たり四万円の定額減税を実施いたします。
"""
_ASAHI = (
    "首相は「物価高から国民生活を守るため、一人当たり三万円の定額減税を実施いたします」と強調した。\n"
)


def _corpus(folder: Path, reference: str, media: str) -> Path:
    (folder / "000_transcript.txt").write_text(reference, encoding="utf-8")
    (folder / "001_article.txt").write_text(media, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "path,role\n000_transcript.txt,reference\n001_article.txt,media\n", encoding="utf-8")
    return folder


def test_each_chinese_or_japanese_character_is_a_word() -> None:
    tokens = tokenize("在2024年表示“中方")
    assert [t.norm for t in tokens] == ["在", "2024", "年", "表", "示", "中", "方"]
    starts, ends = token_spans("在2024年表示“中方")
    assert (starts.tolist(), ends.tolist()) == ([t.start for t in tokens], [t.end for t in tokens])
    assert word_count("物価高から国民生活を守るため") == 14


def test_scan_finds_a_copied_chinese_paragraph_and_its_changed_number(tmp_path: Path) -> None:
    report = dedup.scan(_corpus(tmp_path, _MFA, _XINHUA))
    texts = {d.id: (tmp_path / d.path).read_text(encoding="utf-8") for d in report.documents}
    (cluster,) = [c for c in report.clusters if "乌克兰" in c.members[c.canonical].text]
    (copy,) = [m for m in cluster.members if m is not cluster.members[cluster.canonical]]
    assert texts[copy.doc][copy.start : copy.end] == copy.text
    assert copy.text.startswith("中方始终认为")
    assert copy.label == "altered"
    assert [(e.source, e.material) for e in copy.edits if not e.cosmetic] == [("十", "number")]


def test_audit_reads_japanese_corner_quotes_and_a_changed_numeral(tmp_path: Path) -> None:
    report = dedup.audit(_corpus(tmp_path, _KANTEI, _ASAHI))
    (quote,) = report.quotes
    assert quote.text == "物価高から国民生活を守るため、一人当たり三万円の定額減税を実施いたします"
    assert _ASAHI[quote.start : quote.end] == quote.text
    assert quote.label == "altered"
    assert [(e.source, e.variant, e.material) for e in quote.edits] == [("四", "三", "number")]


def test_an_edit_of_chinese_words_is_shown_as_written() -> None:
    result = score("外交部发言人毛宁主持例行记者会", "外交部发言人毛宁在例行记者会", context=False)
    assert [(e.source, e.variant) for e in result.fidelity.edits] == [("主持", "在")]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("‹ Je veux remercier nos soldats déployés en Estonie ›, a dit le président.",
         "Je veux remercier nos soldats déployés en Estonie"),
        ("‚Die Inflation wird im nächsten Jahr weiter sinken‘, so Scholz.",
         "Die Inflation wird im nächsten Jahr weiter sinken"),
        ("Er sagte: „Wir nennen das ‚Zeitenwende‘ und meinen es ernst“, so Scholz.",
         "Wir nennen das ‚Zeitenwende‘ und meinen es ernst"),
        ("首相は「物価高から国民生活を守るため」と強調した。", "物価高から国民生活を守るため"),
        ("他说：「我们呼吁各方『保持冷静』，避免局势升级。」",
         "我们呼吁各方『保持冷静』，避免局势升级。"),
    ],
)
def test_other_languages_single_marks_and_corner_brackets_are_quotation_marks(
    text: str, quoted: str
) -> None:
    (quotation,) = extract(text)
    assert text[quotation.start : quotation.end] == quoted


# --- right-to-left text in report.html ----------------------------------------

_KNESSET = "ראש הממשלה אמר שהממשלה לא תקבל את ההצעה הזאת בשום מקרה ובשום תנאי.\n"
_YNET = "\"ראש הממשלה אמר שהממשלה תקבל את ההצעה הזאת בשום מקרה ובשום תנאי\", נמסר.\n"


def test_report_html_sets_hebrew_words_in_their_own_direction(tmp_path: Path) -> None:
    # In a left-to-right page, "<del>A</del> → <ins>B</ins>" with A and B
    # Hebrew is one right-to-left run, shown "B → A": each side isolated.
    page = render_html(report_to_dict(dedup.audit(_corpus(tmp_path, _KNESSET, _YNET))))
    assert '<del dir="auto">לא</del>' in page
    assert re.search(r'<p class="passage" dir="auto">[^<]*ראש הממשלה', page)
    assert '<blockquote class="context" dir="auto">' in page


# --- invisible marks inside words ---------------------------------------------

_SCHOLZ = ("Pressekonferenz von Bundeskanzler Olaf Scholz\n\nBundeskanzler Scholz:\n"
           "Wir werden die Ukraine so lange unterstützen, wie das nötig ist.\n"
           "Wir werden keine Kampfflugzeuge liefern, das habe ich immer gesagt.\n")
# A web page's soft hyphens (for its line breaking) and a zero-width joiner.
_SPIEGEL = ("»Wir werden die Ukra\u00adine so lange unter\u00adstüt\u200dzen, wie das nötig "
            "ist«, sagte Scholz.\n")


def test_soft_hyphens_and_joiners_are_inside_the_word() -> None:
    tokens = tokenize(_SPIEGEL)
    assert [t.norm for t in tokens][3:6] == ["ukraine", "so", "lange"]
    assert _SPIEGEL[tokens[3].start : tokens[3].end] == "Ukra\u00adine"
    assert normalise("unterstützen") in [t.norm for t in tokens]
    starts, ends = token_spans(_SPIEGEL)
    assert (starts.tolist(), ends.tolist()) == ([t.start for t in tokens], [t.end for t in tokens])


def test_a_quotation_with_soft_hyphens_is_found_verbatim(tmp_path: Path) -> None:
    # Three words split in two by marks nobody sees left the quotation unsourced.
    (quote,) = dedup.audit(_corpus(tmp_path, _SCHOLZ, _SPIEGEL)).quotes
    assert _SPIEGEL[quote.start : quote.end] == quote.text
    assert quote.label == "verbatim"  # the same letters
    assert quote.fidelity == 1.0


@pytest.mark.parametrize(
    ("source", "variant"),
    [
        ("Le président Emmanuel Macron a dit qu’il soutiendra l’Ukraine jusqu’au bout.",
         "Le président Emmanuel Macron a dit qu`il soutiendra l`Ukraine jusqu`au bout."),
        ("O ministro disse que a Costa d’Ovest não vai aceitar a proposta do governo.",
         "O ministro disse que a Costa d´Ovest não vai aceitar a proposta do governo."),
    ],
)
def test_an_accent_typed_for_the_apostrophe_is_an_apostrophe(source: str, variant: str) -> None:
    # "qu`il" was three words, "l Ukraine" a changed name: fidelity 0.27.
    result = score(source, variant, context=False).fidelity
    assert result.fidelity == 1.0
    assert not [edit for edit in result.edits if not edit.cosmetic]
    tokens = tokenize(variant)
    starts, ends = token_spans(variant)
    assert (starts.tolist(), ends.tolist()) == ([t.start for t in tokens], [t.end for t in tokens])


def test_summary_isolates_right_to_left_words(tmp_path: Path) -> None:
    # Two Arabic numbers either side of an arrow are one right-to-left run
    # in a left-to-right line: shown "٣٥٠ → ٢٥٠", the change reversed.
    said = "قدمنا مساعدات بقيمة ٢٥٠ مليون دولار إلى الشعب الفلسطيني خلال عام ٢٠٢٣.\n"
    printed = ("وأوضح الوزير: «قدمنا مساعدات بقيمة ٣٥٠ مليون دولار إلى الشعب الفلسطيني"
               " خلال عام ٢٠٢٣».\n")
    report = dedup.scan(_corpus(tmp_path, "وزير الخارجية\n\n" + said, printed))
    summary = render_markdown(report_to_dict(report))
    assert "“\u2068٢٥٠\u2069” → “\u2068٣٥٠\u2069” (number)" in summary
    assert escape("Nato said") == "Nato said"
    assert escape("a \u202eevil") == "\u2068a \u202eevil\u2069"


# --- accents folded in matching and in speakers' names ------------------------


def test_scan_finds_a_copy_in_greek_capitals(tmp_path: Path) -> None:
    # Greek capitals drop the accents: every accented word was another word,
    # so the copy shared no shingle but "η" with the original.
    said = ("Η κυβέρνηση δεν θα δεχτεί καμία πρόταση που θέτει σε κίνδυνο την εθνική "
            "κυριαρχία της χώρας.\n")
    printed = ("«Η ΚΥΒΕΡΝΗΣΗ ΔΕΝ ΘΑ ΔΕΧΤΕΙ ΚΑΜΙΑ ΠΡΟΤΑΣΗ ΠΟΥ ΘΕΤΕΙ ΣΕ ΚΙΝΔΥΝΟ ΤΗΝ ΕΘΝΙΚΗ "
               "ΚΥΡΙΑΡΧΙΑ ΤΗΣ ΧΩΡΑΣ», δήλωσε ο πρωθυπουργός.\n")
    report = dedup.scan(_corpus(tmp_path, "Συνέντευξη Τύπου\n\n" + said, printed))
    (cluster,) = report.clusters
    copy = cluster.members[1 - cluster.canonical]
    assert printed[copy.start : copy.end] == copy.text
    assert copy.text.startswith("Η ΚΥΒΕΡΝΗΣΗ")
    assert copy.label == "cosmetic"
    assert copy.fidelity == 1.0


def test_a_speaker_named_without_accents_is_the_speaker(tmp_path: Path) -> None:
    transcript = ("Cumhurbaşkanı Erdoğan'ın basın toplantısı\n\nCumhurbaşkanı Erdoğan:\n"
                  "İstanbul'da yeni bir havalimanı inşa edeceğiz ve bu proje 2026 yılında "
                  "tamamlanacak.\n")
    article = ("Erdogan said: \"Istanbul'da yeni bir havalimani insa edecegiz ve bu proje 2026 "
               "yilinda tamamlanacak.\"\n")
    (quote,) = dedup.audit(_corpus(tmp_path, transcript, article)).quotes
    assert quote.label == "cosmetic"  # not misattributed: Erdogan is Erdoğan
    assert quote.fidelity == 1.0


def test_a_hebrew_negation_with_a_prefix_is_material() -> None:
    result = score("אנחנו נמשיך לפעול נגד הטרור, ולא נעצור עד שכל החטופים יחזרו הביתה.",
                   "אנחנו נמשיך לפעול נגד הטרור, ונעצור עד שכל החטופים יחזרו הביתה.",
                   context=False).fidelity
    assert [edit.material for edit in result.edits] == ["negation"]


# --- who said it, in the press's other languages --------------------------------


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        ("„Wir werden die Ukraine so lange wie nötig unterstützen“, sagte Scholz am Montag.",
         "Scholz"),
        ("Scholz erklärte: „Wir werden die Ukraine so lange wie nötig unterstützen.“", "Scholz"),
        ("« Nous soutiendrons l’Ukraine aussi longtemps qu’il le faudra », a déclaré "
         "Élisabeth Borne mardi.", "Élisabeth Borne"),
        ("“Apoyaremos a Ucrania todo el tiempo que sea necesario”, dijo Sánchez.", "Sánchez"),
        ("«Мы будем поддерживать Украину столько, сколько потребуется», — заявил Песков.",
         "Песков"),
        ("«Ми підтримуватимемо Україну стільки, скільки буде потрібно», — заявив Зеленський.",
         "Зеленський"),
        ("“We will support Ukraine for as long as it takes,” said Özlem Türeci.", "Özlem Türeci"),
        ("« Nous soutiendrons l’Ukraine aussi longtemps qu’il le faudra », selon Macron.",
         "Macron"),
    ],
)
def test_a_speaker_is_named_in_the_press_of_other_languages(article: str, speaker: str) -> None:
    from dedup.attribution import speakers

    assert speakers(article, extract(article)) == [speaker]


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        ("Bundeskanzler Olaf Scholz reiste am Montag nach Kiew. „Wir werden die Ukraine "
         "weiter unterstützen“, sagte er.", "Bundeskanzler Olaf Scholz"),
        ("Außenministerin Annalena Baerbock war in Kiew. „Wir stehen an eurer Seite“, "
         "sagte sie.", "Außenministerin Annalena Baerbock"),
        ("Le président Emmanuel Macron était à Bruxelles. « Nous soutiendrons l’Ukraine », "
         "a-t-il dit.", "Emmanuel Macron"),
        ("La ministre Catherine Colonna était à Kiev. « Nous sommes là », ajoute-t-elle.",
         "Catherine Colonna"),
        ("Президент Владимир Путин выступил в Москве. «Мы не отступим», — сказал он.",
         "Президент Владимир Путин"),
    ],
)
def test_he_or_she_after_the_verb_in_other_languages_stands_for_the_sentence_before(
        article: str, speaker: str) -> None:
    # "sagte er", "a-t-il dit", "сказал он": the pronoun was not read after
    # its verb, and the sentence before was not read for its subject where
    # a German verb or a preposition came between (the subject was "Montag").
    from dedup.attribution import speakers

    assert speakers(article, extract(article)) == [speaker]


def test_an_attribution_in_german_joins_the_two_fragments_of_one_quotation(
        tmp_path: Path) -> None:
    transcript = ("Pressekonferenz von Bundeskanzler Olaf Scholz\n\nOlaf Scholz:\n"
                  "Wir werden die Ukraine so lange wie nötig unterstützen, politisch, "
                  "finanziell und humanitär.\n")
    article = ("„Wir werden die Ukraine so lange wie nötig unterstützen“, sagte Scholz, "
               "„politisch, finanziell und humanitär.“\n")
    (quote,) = dedup.audit(_corpus(tmp_path, transcript, article)).quotes
    assert len(quote.fragments) == 2
    assert (quote.speaker, quote.label) == ("Scholz", "verbatim")


GERMAN = "Wir haben die ukrainische Regierung in Kiew unterstützt und werden das weiter tun."


@pytest.mark.parametrize(("variant", "material"), [
    # German gives every noun a capital: a noun put for another is no name changed.
    (GERMAN.replace("Regierung", "Armee"), None),
    ("Die Lage an der Front ist ernst, sagte der Minister.", None),
    # A name is still a name: one put for another, and one after "von der".
    (GERMAN.replace("Kiew", "Moskau"), "name"),
])
def test_a_german_noun_put_for_another_is_no_name_changed(variant: str,
                                                          material: str | None) -> None:
    source = (GERMAN if "Lage" not in variant
              else "Die Situation an der Front ist ernst, sagte der Minister.")
    (edit,) = [e for e in score(source, variant, context=False).fidelity.edits
               if not e.cosmetic]
    assert edit.material == material


def test_a_name_after_von_der_is_a_name_in_german() -> None:
    source = "Die Kommission unter Ursula von der Leyen ist sich einig."
    (edit,) = score(source, source.replace("Leyen", "Layen"), context=False).fidelity.edits
    assert edit.material == "name"
