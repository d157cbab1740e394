from __future__ import annotations

import numpy as np

from dedup.models import Sentence
from dedup.shingle import tokenize
from dedup.units import UnitTable, build_units, unit_rows

LINES = (
    "We now see a significant movement of troops away from Kyiv.\n"
    "To regroup, rearm and resupply.\n"
    "And they shift their focus to the east."
)
QUOTED = (
    "“We now see a significant movement of troops away from Kyiv, to regroup, rearm and "
    "resupply, and they shift their focus to the east,” Stoltenberg said."
)


def _sentences(text: str) -> list[Sentence]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append(Sentence(0, len(spans), start, start + len(line)))
        start += len(line) + 1
    return spans


def test_windows_join_adjacent_sentences() -> None:
    units = build_units(0, LINES, _sentences(LINES), tokenize(LINES), min_words=5, max_window=3)
    windows = [u.unit for u in units if u.unit.kind == "window"]
    assert [(w.first, w.last) for w in windows] == [(0, 1), (1, 2), (0, 2)]
    assert LINES[windows[-1].start : windows[-1].end] == LINES


def test_short_sentences_are_not_units() -> None:
    units = build_units(0, LINES, _sentences(LINES), tokenize(LINES), min_words=6, max_window=1)
    assert [LINES[u.unit.start : u.unit.end] for u in units] == [
        "We now see a significant movement of troops away from Kyiv.",
        "And they shift their focus to the east.",
    ]


def test_quotation_inside_a_sentence_is_a_fragment() -> None:
    sentence = Sentence(0, 0, 0, len(QUOTED))
    units = build_units(0, QUOTED, [sentence], tokenize(QUOTED), min_words=5, max_window=1)
    fragments = [u for u in units if u.unit.kind == "fragment"]
    quotation = QUOTED[1 : QUOTED.index(",”")]
    assert [QUOTED[f.unit.start : f.unit.end] for f in fragments] == [quotation]
    assert fragments[0].starts_sentence and not fragments[0].ends_sentence


def test_unit_ids_continue_from_first_id() -> None:
    units = build_units(3, LINES, _sentences(LINES), tokenize(LINES), min_words=1, max_window=2,
                        first_id=10)
    assert [u.unit.id for u in units] == list(range(10, 10 + len(units)))
    assert {u.unit.doc for u in units} == {3}


def test_unit_table_rows_read_back_as_the_units_build_units_makes() -> None:
    text = LINES + "\n" + QUOTED
    sentences = _sentences(text)
    tokens = tokenize(text)
    expected = build_units(4, text, sentences, tokens, min_words=3, max_window=2)
    rows = unit_rows(text, [(s.start, s.end) for s in sentences], [t.start for t in tokens],
                     [t.end for t in tokens], min_words=3, max_window=2)
    table = UnitTable(np.column_stack([np.full(len(rows), 4), rows]).astype(np.int32))
    assert len(table) == len(expected)
    assert list(table) == expected
    assert {u.unit.kind for u in table} == {"sentence", "window", "fragment"}
    assert table[-1] is table[len(table) - 1]


def test_no_unit_ends_with_a_speaker_label() -> None:
    # From inputs/004: each turn is thanked, then the next label follows.
    text = ("NATO Spokesperson:\nThank you very much.\n"
            "NATO Secretary General Jens Stoltenberg:\nAllies understand the urgency.")
    units = build_units(0, text, _sentences(text), tokenize(text), min_words=3, max_window=3)
    found = [text[u.unit.start : u.unit.end] for u in units]
    assert "NATO Secretary General Jens Stoltenberg:\nAllies understand the urgency." in found
    assert "Thank you very much.\nAllies understand the urgency." not in found  # not adjacent
    assert not any(unit.endswith(":") for unit in found)
    assert "NATO Spokesperson:\nThank you very much." in found  # a label may open a unit
