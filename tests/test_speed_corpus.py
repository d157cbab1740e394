"""The speed benchmark's corpus: past the real documents, their words renamed.

``benchmarks/speed.py`` repeats its real documents to reach 1M sentences.
A repeat must be new text with the same statistics: the same sentences
and word frequencies, and no copy of the passes before it (copies would
make the report grow faster than the corpus, and the growth figure
measure that).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from types import ModuleType

import pytest

import dedup

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.fixture(scope="module")
def renamed(speed: ModuleType) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The sample corpus's texts and their renamed forms by file name, and the renaming."""
    texts = {path.name: path.read_text("utf-8") for path in sorted(INPUTS.glob("*.txt"))}
    words = sorted({w.lower() for text in texts.values() for w in speed._LONG_WORD.findall(text)})
    shuffled = words[:]
    random.Random(5).shuffle(shuffled)
    names = dict(zip(words, shuffled, strict=True))
    return texts, {name: speed._renamed(text, names) for name, text in texts.items()}, names


def test_renaming_changes_only_the_long_words_keeping_their_case(
    renamed: tuple[dict[str, str], dict[str, str], dict[str, str]],
) -> None:
    texts, new_texts, names = renamed
    long_word = re.compile(r"([^\W\d_]{4,})")  # words of four letters or more
    changed = 0
    for name, text in texts.items():
        old_parts, new_parts = long_word.split(text), long_word.split(new_texts[name])
        assert old_parts[0::2] == new_parts[0::2]  # spaces, punctuation, short words, numbers
        for old, new in zip(old_parts[1::2], new_parts[1::2], strict=True):
            assert new.lower() == names[old.lower()]
            assert new.isupper() == old.isupper()
            assert new[0].isupper() == old[0].isupper()
            changed += old != new
    assert changed > 4_000


def test_a_renamed_pass_keeps_the_sentences_and_copies_nothing(
    renamed: tuple[dict[str, str], dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    texts, new_texts, _ = renamed
    alone, both = tmp_path / "alone", tmp_path / "both"
    alone.mkdir()
    both.mkdir()
    for name, text in texts.items():
        for folder in (alone, both):
            (folder / name).write_text(text, encoding="utf-8")
        (both / f"renamed_{name}").write_text(new_texts[name], encoding="utf-8")
    original, report = dedup.scan(alone), dedup.scan(both)
    assert report.stats["sentences"] == 2 * original.stats["sentences"]
    renamed_ids = {d.id for d in report.documents if d.path.startswith("renamed_")}
    # Each pass holds its own clusters, as the real documents do. A cluster
    # joins a renamed document to a real one only where their words are
    # short ("And the follow up, if I may.") or numbers (a date line).
    kinds = [{m.doc in renamed_ids for m in c.members} for c in report.clusters]
    assert kinds.count({False}) == len(original.clusters) > 10
    assert kinds.count({True}) >= len(original.clusters) // 2
    assert kinds.count({True, False}) <= len(original.clusters) // 5
