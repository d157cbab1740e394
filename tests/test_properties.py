"""Invariants over random text: no exception, spans inside the text, offsets exact.

Random Unicode and a "soup" of quotation marks, apostrophes, dashes and line
breaks (the characters the stages treat specially) stress segmentation,
quotation extraction, alignment and decoding.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dedup.fidelity import score
from dedup.ingest.decode import Unreadable, decode_bytes
from dedup.quotes import extract
from dedup.segment import build_segmenter, segment
from dedup.shingle import tokenize
from dedup.units import build_units

SEGMENTER = build_segmenter([])
SOUP = st.lists(
    st.sampled_from(
        [*"“”„‟«»″‘’\"'`", "``", "''", *" \n\r\t.!?,;:-—–…", "Mr.", "U.S.", "word", "NATO", "7"]
    ),
    max_size=120,
).map("".join)
TEXT = st.one_of(st.text(max_size=300), SOUP)


@given(TEXT)
def test_sentences_are_sorted_trimmed_spans_covering_every_visible_character(text: str) -> None:
    spans = SEGMENTER.spans(text)
    covered = [False] * len(text)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(covered[i] or char.isspace() for i, char in enumerate(text))


@given(TEXT)
def test_quotation_fragments_are_ordered_spans_inside_the_text(text: str) -> None:
    last_end = 0
    for quotation in extract(text):
        assert quotation.fragments
        for fragment in quotation.fragments:
            assert last_end <= fragment.start <= fragment.end <= len(text)
            last_end = fragment.end
        assert quotation.opens <= quotation.start <= quotation.end <= quotation.closes <= len(text)


@given(TEXT)
def test_units_are_exact_spans_of_whole_tokens(text: str) -> None:
    sentences = segment(0, text, SEGMENTER)
    tokens = tokenize(text)
    for item in build_units(0, text, sentences, tokens, min_words=1, max_window=3):
        unit = item.unit
        assert 0 <= unit.start < unit.end <= len(text)
        words = tokens[item.token_start : item.token_end]
        assert words and unit.start <= words[0].start and words[-1].end <= unit.end


@given(TEXT, TEXT)
def test_alignment_never_fails_and_its_span_is_inside_the_variant(source: str,
                                                                  variant: str) -> None:
    scored = score(source, variant)
    assert 0 <= scored.start <= scored.end <= len(variant)
    assert 0.0 <= scored.fidelity.fidelity <= 1.0


@given(TEXT)
def test_a_passage_scored_against_itself_is_verbatim(text: str) -> None:
    scored = score(text, text)
    if tokenize(text):
        assert (scored.fidelity.fidelity, scored.fidelity.label) == (1.0, "verbatim")


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_with_a_reason(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except Unreadable as problem:
        assert str(problem)
    else:
        assert encoding in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-8+cp1252",
                            "utf-8-sig+cp1252", "cp1252", "cp1252+latin-1", "latin-1"}
        assert isinstance(text, str)


@given(st.text(max_size=300))
def test_utf8_text_decodes_to_itself(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        decoded, _ = decode_bytes(data)
    except Unreadable:
        return  # control characters or NUL: refused as binary, with a reason
    if "\ufeff" not in text[:1] and not any("\ud800" <= c <= "\udfff" for c in text):
        assert decoded == text

