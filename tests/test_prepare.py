"""The per-document stages on real text: fingerprints, ranges and words of a batch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dedup.candidates import band_keys, hash64, signature_matrix
from dedup.prepare import Settings, run_batch
from dedup.segment import build_segmenter
from dedup.shingle import Vocabulary, shingles, token_columns, token_ids, tokenize
from dedup.units import TABLE_COLUMNS


@pytest.mark.parametrize("size", [1, 2, 3])
def test_each_unit_has_the_hashes_of_its_shingles(inputs_dir: Path, size: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(inputs_dir.glob("*.txt"))]
    # A document with no words first (so no units), and an empty one among the others.
    texts = ["— … —", texts[0], "", *texts[1:]]
    first = 7
    settings = Settings(size, num_perm=128, seed=1, min_words=2, max_window=3, bands=(8, 4))
    batch = run_batch((first, texts, build_segmenter(texts), settings))
    tokens = [tokenize(text) for text in texts]
    lo_column, hi_column = TABLE_COLUMNS.index("lo"), TABLE_COLUMNS.index("hi")
    short = 0
    sets = []
    for row, (lo, hi) in zip(batch.units.tolist(), batch.ranges.tolist(), strict=True):
        norms = [t.norm for t in tokens[row[0] - first][row[lo_column] : row[hi_column]]]
        assert set(batch.fingerprints[lo:hi].tolist()) == {hash64(s) for s in shingles(norms, size)}
        sets.append(shingles(norms, size))
        short += len(norms) <= size
    # The band keys are those of datasketch's values for the same sets.
    expected = band_keys(signature_matrix(sets, num_perm=128, seed=1)[:, :32], 4)
    assert np.array_equal(batch.band_keys, expected)
    # Units of the shingle size or fewer words (and at least ``min_words``) were checked too.
    assert short or size < settings.min_words
    assert batch.words[0].tolist() == [hash64(t.norm) for doc in tokens for t in doc]
    assert batch.words[1].tolist() == [t.start for doc in tokens for t in doc]
    assert batch.words[3].tolist() == [len(doc) for doc in tokens]


def test_token_ids_number_the_forms_of_token_columns(inputs_dir: Path) -> None:
    text = (inputs_dir / "001_sofia_globe_2022-04-05_article.txt").read_text(encoding="utf-8")
    vocabulary = Vocabulary()
    starts, ends, ids = token_ids(text, vocabulary)
    want_starts, want_ends, norms = token_columns(text)
    assert starts.tolist() == want_starts.tolist() and ends.tolist() == want_ends.tolist()
    assert [vocabulary.forms[i] for i in ids.tolist()] == norms
    assert len(vocabulary.forms) == len(set(norms)) < len(norms)


def test_token_ids_share_one_vocabulary_across_documents(inputs_dir: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(inputs_dir.glob("*.txt"))]
    # Surface forms that differ only in case, apostrophe or digit grouping share one form.
    texts.append("NATO’s nato's Nato’S 10,000 10000 Bučа BUČА")
    vocabulary = Vocabulary()
    for text in texts:
        _, _, ids = token_ids(text, vocabulary)
        assert [vocabulary.forms[i] for i in ids.tolist()] == token_columns(text)[2]
    assert len(vocabulary.forms) == len(set(vocabulary.forms))
    assert ids.tolist()[:3] == [vocabulary.forms.index("nato's")] * 3
