from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import input_path
from hypothesis import given
from hypothesis import strategies as st

from dedup.shingle import (
    count_words,
    jaccard,
    normalise,
    normalise_all,
    normalised_words,
    outside_links,
    shingles,
    shingles_at,
    token_columns,
    token_parts,
    token_spans,
    tokenize,
)
from dedup.shingle.patterns import TOKEN, TOKEN_SPLIT, broken_words


@pytest.fixture(scope="module")
def sample_text() -> str:
    return input_path("001").read_text(encoding="utf-8")


def test_token_spans_point_at_the_surface_words() -> None:
    text = input_path("001").read_text(encoding="utf-8")
    for token in tokenize(text):
        assert normalise(text[token.start : token.end]) == token.norm


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Nato’s other partners", "NATO's other partners", id="case-and-apostrophe"),
        pytest.param("a land-bridge to Crimea", "a land bridge to Crimea", id="hyphenation"),
        pytest.param("NATO′s other partners", "NATO's other partners", id="prime-apostrophe"),
        pytest.param("10,000 drones", "10000 drones", id="digit-grouping"),
        pytest.param("to the east,”\nStoltenberg", "to the east Stoltenberg", id="punctuation"),
    ],
)
def test_cosmetic_differences_give_the_same_tokens(first: str, second: str) -> None:
    assert [t.norm for t in tokenize(first)] == [t.norm for t in tokenize(second)]


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param("Russian missiles continue to strike Ukrainian cities, civi-\nlians,",
                     id="hyphen-newline"),
        pytest.param("Russian missiles continue to strike Ukrainian cities, civi- \r\n  lians,",
                     id="hyphen-crlf-indented"),
        pytest.param("Russian missiles continue to strike Ukrainian cities, civi\u00ad\nlians,",
                     id="soft-hyphen"),
        pytest.param("Russian missiles continue to strike Ukrainian cities, civi\u2010\rlians,",
                     id="unicode-hyphen-cr"),
    ],
)
def test_a_word_hyphenated_across_a_line_break_is_one_word(broken: str) -> None:
    # Text extracted from a PDF breaks words at its line ends: "civi-\nlians"
    # read as "civi" and "lians", so a quotation of the clean words was
    # only a cosmetic copy of the transcript, and a short one unfound.
    clean = "Russian missiles continue to strike Ukrainian cities, civilians,"
    assert [t.norm for t in tokenize(broken)] == [t.norm for t in tokenize(clean)]
    assert normalised_words(broken) == normalised_words(clean)
    last = tokenize(broken)[-1]
    assert broken[last.start : last.end] == broken[broken.index("civi") : broken.rindex(",")]
    starts, ends = token_spans(broken)
    assert (starts.tolist(), ends.tolist()) == ([t.start for t in tokenize(broken)],
                                                [t.end for t in tokenize(broken)])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("the Indo-\nPacific", ["the", "indo", "pacific"], id="capital-after"),
        pytest.param("the war -\nwhich", ["the", "war", "which"], id="dash-after-a-space"),
        pytest.param("the war-\n\nwhich", ["the", "war", "which"], id="blank-line"),
        pytest.param("in 2022-\nthe", ["in", "2022", "the"], id="number"),
    ],
)
def test_a_hyphen_ending_a_line_joins_only_a_word_going_on_in_lower_case(
    text: str, words: list[str]
) -> None:
    assert [t.norm for t in tokenize(text)] == words
    starts, _ = token_spans(text)
    assert len(starts) == len(words)


def test_a_footnotes_superscript_marker_is_left_out_of_its_words_matching_form() -> None:
    assert normalise("atrocities³") == normalise("atrocities") == "atrocities"
    assert normalise("Allies¹²") == "allies"
    assert normalise("km²") == "km2"  # a unit's power: too short a word for a marker


def test_decomposed_accents_and_vowel_signs_stay_inside_their_word() -> None:
    composed = "Le ministre a déclaré à Genève"
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    assert [t.norm for t in tokenize(decomposed)] == [t.norm for t in tokenize(composed)]
    hindi = "प्रधानमंत्री ने कहा"  # the vowel signs and viramas are combining marks
    assert [hindi[t.start : t.end] for t in tokenize(hindi)] == ["प्रधानमंत्री", "ने", "कहा"]
    starts, ends = token_spans(decomposed)
    assert [decomposed[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)] == [
        unicodedata.normalize("NFD", word) for word in composed.split()]


def test_an_emoji_in_a_post_is_no_word() -> None:
    # Emoji ending in a variation selector (U+FE0F) made an invisible word:
    # a copied sentence with "‼️" in it was an altered copy.
    post = "Targeting and murdering civilians is a war crime ‼️❤️ All the facts 🗣️"
    plain = "Targeting and murdering civilians is a war crime All the facts"
    assert [t.norm for t in tokenize(post)] == [t.norm for t in tokenize(plain)]
    assert count_words(post, [(0, len(post))], most=100) == 11


def test_changed_number_gives_different_tokens() -> None:
    assert [t.norm for t in tokenize("600 million euros")] != [
        t.norm for t in tokenize("500 million euros")
    ]


def test_tokenize_window_keeps_offsets_into_the_whole_text() -> None:
    text = "Good afternoon. NATO Foreign Ministers will meet tomorrow."
    start = text.index("NATO")
    tokens = tokenize(text, start, len(text))
    assert tokens[0].norm == "nato"
    assert text[tokens[0].start : tokens[0].end] == "NATO"


def test_shingles_of_a_short_sequence_are_the_whole_sequence() -> None:
    assert shingles(["good", "afternoon"], 3) == {"good afternoon"}


def test_shingles_are_word_ngrams() -> None:
    words = [t.norm for t in tokenize("To regroup, rearm and resupply.")]
    assert shingles(words, 2) == {"to regroup", "regroup rearm", "rearm and", "and resupply"}


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shingles(["a"], 0)


@given(st.text())
def test_normalise_is_idempotent(word: str) -> None:
    assert normalise(normalise(word)) == normalise(word)


@given(st.text())
def test_token_spans_lie_inside_the_text_in_order(text: str) -> None:
    tokens = tokenize(text)
    assert all(0 <= t.start < t.end <= len(text) for t in tokens)
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:], strict=False))


@given(st.sets(st.text(max_size=5)), st.sets(st.text(max_size=5)))
def test_jaccard_is_symmetric_and_bounded(first: set[str], second: set[str]) -> None:
    assert jaccard(first, second) == jaccard(second, first)
    assert 0.0 <= jaccard(first, second) <= 1.0


def test_token_columns_are_the_tokens_of_tokenize(sample_text: str) -> None:
    starts, ends, norms = token_columns(sample_text)
    tokens = tokenize(sample_text)
    assert starts.tolist() == [t.start for t in tokens]
    assert ends.tolist() == [t.end for t in tokens]
    assert norms == [t.norm for t in tokens]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_token_spans_are_those_of_the_token_regex(name: str) -> None:
    text = input_path(name).read_text(encoding="utf-8")
    starts, ends = token_spans(text)
    want_starts, want_ends, _ = token_columns(text)
    assert (starts.tolist(), ends.tolist()) == (want_starts.tolist(), want_ends.tolist())


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("3rd 10abc", ["3", "rd", "10", "abc"], id="digits-then-letters-touch"),
        pytest.param("10,000.5 km, 3.", ["10,000.5", "km", "3"], id="grouped-number"),
        pytest.param("NATO’s rock'n'roll a''b", ["NATO’s", "rock'n'roll", "a", "b"],
                     id="inner-apostrophes"),
        pytest.param("0ʼ ʼa snake_case", ["0", "ʼ", "ʼa", "snake", "case"],
                     id="modifier-apostrophe-is-a-letter"),
        pytest.param("٣٤,٥ Ünïcode 𝟘x", ["٣٤,٥", "Ünïcode", "𝟘", "x"], id="non-ascii-digits"),
        pytest.param("crime ‼️ All 🗣️: 1️⃣ ❤️", ["crime", "All", "1"],
                     id="emoji-variation-selectors"),
        pytest.param("\u0301abc e\u0301", ["abc", "e\u0301"], id="mark-after-no-letter"),
    ],
)
def test_token_spans_on_edge_cases(text: str, words: list[str]) -> None:
    starts, ends = token_spans(text)
    assert [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)] == words


@given(st.text(alphabet=st.sampled_from(list("aZ9٣𝟘é_ '’ʼ′.,-\n\r\t\u0301\u00ad\u2010"))
               | st.characters()))
def test_token_spans_match_the_token_regex_on_any_text(text: str) -> None:
    starts, ends = token_spans(text)
    want_starts, want_ends, _ = token_columns(text)
    assert (starts.tolist(), ends.tolist()) == (want_starts.tolist(), want_ends.tolist())


@given(st.text(alphabet=st.sampled_from(list("aZé9 -\u2010\u00ad\n\r\t.'"))))
def test_text_the_fast_patterns_read_has_no_word_broken_across_a_line(text: str) -> None:
    # Text without a hyphen before a line break is read with patterns that
    # never look for one: where the full pattern joins a word, the text must have one.
    if any("\n" in word or "\r" in word for word in TOKEN.findall(text)):
        assert broken_words(text)


# ASCII text, with the characters that make or join tokens drawn more often.
_ASCII_TEXT = st.text(
    alphabet=st.sampled_from(list("aZz09_ '.,-\n\r\t")) | st.characters(max_codepoint=127)
)


@given(_ASCII_TEXT)
def test_ascii_text_is_split_as_by_the_token_regex(text: str) -> None:
    assert token_parts(text) == TOKEN_SPLIT.split(text)


@given(_ASCII_TEXT, st.integers(0, 30), st.integers(0, 30), st.integers(1, 10))
def test_ascii_text_words_are_counted_as_by_the_token_regex(
    text: str, start: int, end: int, most: int
) -> None:
    found = len(TOKEN.findall(text, start, end))
    assert count_words(text, [(start, end)], most=most) == min(most, found)


@given(_ASCII_TEXT, st.integers(0, 30), st.integers(0, 30))
def test_ascii_text_words_are_normalised_as_by_the_token_regex(
    text: str, start: int, end: int
) -> None:
    assert normalised_words(text, start, end) == normalise_all(TOKEN.findall(text, start, end))


@pytest.mark.parametrize("size", [1, 2, 3])
def test_shingles_at_positions_make_the_shingle_set_of_every_stretch(
    sample_text: str, size: int
) -> None:
    words = [t.norm for t in tokenize(sample_text)][:60]
    at = shingles_at(words, size)
    for lo in range(0, 40, 7):
        for hi in range(lo + size + 1, 60, 11):
            assert set(at[lo : hi - size + 1]) == shingles(words[lo:hi], size)


# The pattern ``outside_links`` read links with until it took time cubic in a
# run's length: the reference its faster reading must agree with.
_LINK_PATTERN = re.compile(
    r"\S*?(?:[a-z][a-z0-9+.\-]*://|\bwww\.|(?:[\w\-]+\.)+[a-z]{2,}/)\S*", re.IGNORECASE)


def _outside_links_by_pattern(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if text.find("/", start, end) < 0 and text.find("www.", start, end) < 0:
        return [(start, end)]
    spans, at = [], start
    for link in _LINK_PATTERN.finditer(text, start, end):
        spans.append((at, link.start()))
        at = link.end()
    return [*spans, (at, end)]


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        pytest.param("See https://t.co/x now", ["See ", " now"], id="scheme"),
        pytest.param("at www.nato.int today", ["at ", " today"], id="www"),
        pytest.param("(nato.int/cps/en)", ["", ""], id="domain-before-a-slash"),
        pytest.param("and/or 24/7 a.m./p.m.", ["and/or 24/7 a.m./p.m."], id="slashes-are-no-link"),
        pytest.param("awww.nato.int ok", ["awww.nato.int ok"], id="www-inside-a-word"),
        pytest.param("9://x .com/ a.b/", ["9://x .com/ a.b/"], id="no-letter-or-name"),
    ],
)
def test_outside_links_leaves_out_each_run_holding_a_web_address(
    text: str, outside: list[str]
) -> None:
    assert [text[a:b] for a, b in outside_links(text, 0, len(text))] == outside


@given(st.lists(st.sampled_from(
    ["a", "W", "w", "Z", "é", "中", "9", "+", "-", "_", ".", ":", "/", " ", "\n", "K", "ſ",
     "www.", "://", ".com/", "http"]), max_size=12).map("".join), st.data())
def test_outside_links_reads_links_as_the_pattern_does(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert outside_links(text, start, end) == _outside_links_by_pattern(text, start, end)


@pytest.mark.parametrize(
    "run",
    [
        pytest.param("这是一个没有空格的中文句子" * 4_000, id="chinese"),
        pytest.param("a" * 50_000, id="letters"),
        pytest.param("a-b." * 12_000, id="names-and-points"),
    ],
)
def test_outside_links_reads_a_long_run_with_a_slash_in_one_pass(run: str) -> None:
    # The pattern took 1.7 s for 1,000 such characters and 98 s for 4,000
    # (cubic): on these it would not finish.
    text = f"Before {run[: len(run) // 2]}/{run[len(run) // 2 :]} after"
    assert outside_links(text, 0, len(text)) == [(0, len(text))]
    linked = text.replace("/", "x.com/", 1)
    assert outside_links(linked, 0, len(linked)) == [(0, 7), (len(linked) - 6, len(linked))]
