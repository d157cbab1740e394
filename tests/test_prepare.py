"""The per-document stages on real text: fingerprints, ranges and words of a batch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dedup import prepare as prepare_module
from dedup.candidates import band_keys, hash64, signature_matrix
from dedup.prepare import Settings, run_batch
from dedup.prepare import batch as batch_module
from dedup.prepare import corpus as corpus_module
from dedup.segment import Segmenter, build_segmenter
from dedup.shingle import Vocabulary, shingles, token_columns, token_ids, tokenize
from dedup.units import TABLE_COLUMNS

SCAN_SETTINGS = Settings(2, num_perm=128, seed=1, min_words=5, max_window=3, bands=(26, 4))
"""The scan's defaults (datasketch's 26 bands of 4 rows at threshold 0.5)."""

ROOT = Path(__file__).resolve().parent.parent


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


def _inputs_texts(inputs_dir: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(inputs_dir.glob("*.txt"))]


def test_workers_started_before_the_segmenter_is_trained_give_the_same_units(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.prepare import prepare

    texts = _inputs_texts(inputs_dir)
    settings = SCAN_SETTINGS
    alone = prepare(texts, build_segmenter(texts), settings, jobs=1)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where the segmenter is handed over

    def train() -> Segmenter:
        return build_segmenter(texts)

    # Trained in a process of its own where processes are forked: a copy comes back.
    shared = prepare(texts, train, settings, jobs=2)
    assert shared.segmenter.model == alone.segmenter.model
    for name in ("abbrev_types", "collocations", "sent_starters", "ortho_context"):
        assert getattr(shared.segmenter.__getstate__()["params"], name) == \
            getattr(alone.segmenter.__getstate__()["params"], name)
    assert shared.seconds["train"] > 0
    assert np.array_equal(alone.units.rows, shared.units.rows)
    for name in ("fingerprints", "ranges", "sizes", "doc", "start", "end"):
        assert np.array_equal(getattr(alone, name), getattr(shared, name))
    assert np.array_equal(np.concatenate(list(alone.band_keys.blocks)),
                          np.concatenate(list(shared.band_keys.blocks)))
    assert shared.sentences == alone.sentences > 100
    assert list(tmp_path.iterdir()) == []


def test_a_training_that_fails_stops_the_workers_and_raises(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.prepare import prepare

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    settings = SCAN_SETTINGS

    def train() -> Segmenter:
        raise OSError("the corpus went away")

    with pytest.raises(OSError, match="went away"):
        prepare(_inputs_texts(inputs_dir), train, settings, jobs=2)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def forked() -> None:
    """Skip where worker processes are not forked: only there does Punkt train apart."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the training runs apart only where processes are forked")


def test_the_segmenter_is_trained_in_a_process_of_its_own_where_forked(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    # So that it trains while this process sets up numba for the workers.
    from dedup.prepare import prepare

    texts = _inputs_texts(inputs_dir)
    settings = SCAN_SETTINGS
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    trainer = tmp_path / "trainer"

    def train() -> Segmenter:
        trainer.write_text(str(os.getpid()), encoding="utf-8")
        return build_segmenter(texts)

    shared = prepare(texts, train, settings, jobs=2)
    assert shared.sentences > 100
    assert int(trainer.read_text(encoding="utf-8")) != os.getpid()
    trainer.unlink()
    assert list(tmp_path.iterdir()) == []


def test_a_training_process_that_dies_stops_the_workers_and_raises(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    from dedup.prepare import prepare

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    settings = SCAN_SETTINGS

    def train() -> Segmenter:
        os._exit(3)  # killed, say, with no word to the scan

    with pytest.raises(RuntimeError, match="ended with no result .exit code 3"):
        prepare(_inputs_texts(inputs_dir), train, settings, jobs=2)
    assert list(tmp_path.iterdir()) == []


def test_one_job_trains_apart_when_asked_and_gives_the_same_units(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    # The batches run here; the first tokenises while another process trains.
    from dedup.prepare import prepare

    texts = _inputs_texts(inputs_dir)
    settings = SCAN_SETTINGS
    alone = prepare(texts, build_segmenter(texts), settings, jobs=1)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr(batch_module, "BATCH_CHARS", 20_000)  # several batches, one waits
    trainer = tmp_path / "trainer"

    def train() -> Segmenter:
        trainer.write_text(str(os.getpid()), encoding="utf-8")
        return build_segmenter(texts)

    monkeypatch.setattr(corpus_module, "TRAIN_APART_MIN_CHARS", 0)  # inputs/ is shorter
    apart = prepare(texts, train, settings, jobs=1, train_apart=True)
    assert int(trainer.read_text(encoding="utf-8")) != os.getpid()
    assert apart.seconds["train"] > 0 and list(apart.seconds)[0] == "train"
    assert apart.segmenter.model == alone.segmenter.model
    assert np.array_equal(alone.units.rows, apart.units.rows)
    for name in ("fingerprints", "ranges", "sizes", "doc", "start", "end"):
        assert np.array_equal(getattr(alone, name), getattr(apart, name))
    assert apart.sentences == alone.sentences > 100
    trainer.unlink()
    assert list(tmp_path.iterdir()) == []


def test_a_training_apart_that_fails_in_a_one_job_scan_raises_its_error(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.prepare import prepare

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    settings = SCAN_SETTINGS

    def train() -> Segmenter:
        raise OSError("the corpus went away")

    monkeypatch.setattr(corpus_module, "TRAIN_APART_MIN_CHARS", 0)
    with pytest.raises(OSError, match="went away"):
        prepare(_inputs_texts(inputs_dir), train, settings, jobs=1, train_apart=True)
    assert list(tmp_path.iterdir()) == []


def test_a_training_process_that_dies_in_a_one_job_scan_raises_rather_than_waits(
    inputs_dir: Path, forked: None,
) -> None:
    # The batches wait here for the segmenter: a trainer killed with no
    # word must end the wait. In a process of its own, so that a wait
    # that never ends fails the test (timeout) instead of hanging it.
    probe = (
        "import os\n"
        "from pathlib import Path\n"
        "import dedup.prepare as prepare\n"
        "prepare.corpus.TRAIN_APART_MIN_CHARS = 0\n"
        f"texts = [p.read_text(encoding='utf-8') for p in sorted(Path({str(inputs_dir)!r})"
        ".glob('*.txt'))]\n"
        "settings = prepare.Settings(2, num_perm=128, seed=1, min_words=5, max_window=3,"
        " bands=(26, 4))\n"
        "try:\n"
        "    prepare.prepare(texts, lambda: os._exit(3), settings, jobs=1, train_apart=True)\n"
        "except RuntimeError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ended with no result (exit code 3)" in done.stdout


def test_a_default_scan_in_one_process_trains_apart_and_jobs_1_trains_here(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    import dedup
    from dedup import pipeline

    if multiprocessing.get_start_method() != "fork" or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("the training runs apart only where processes are forked, with 2 cores")
    trainers = tmp_path / "trainers"
    real = pipeline.build_segmenter

    def train(texts: object) -> Segmenter:
        with trainers.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return real(texts)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build_segmenter", train)
    default = dedup.scan(inputs_dir)  # a small corpus: one job, too short to train apart
    monkeypatch.setattr(corpus_module, "TRAIN_APART_MIN_CHARS", 0)
    apart = dedup.scan(inputs_dir)
    one = dedup.scan(inputs_dir, jobs=1)
    here, away, asked = (int(pid) for pid in trainers.read_text(encoding="utf-8").split())
    assert here == os.getpid() and away != os.getpid() and asked == os.getpid()
    assert default == apart == one


def _slow_batch(work: object) -> object:
    """A worker's batch that takes a while, then says it finished (in a file named by its pid)."""
    import time

    marker = Path(os.environ["DEDUP_TEST_MARKERS"]) / str(os.getpid())
    # Written aside and renamed: the test counts markers, and one created
    # empty, its text not yet in, read as "" when the interrupt came between.
    aside = marker.with_suffix(".part")
    aside.write_text("started", encoding="utf-8")
    aside.replace(marker)
    time.sleep(3)
    marker.write_text("finished", encoding="utf-8")
    return work


def test_an_interrupt_stops_busy_workers_instead_of_waiting_for_them(
    inputs_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Waiting for them could wait forever (CPython gh-107219: a pool broken
    # by Ctrl-C while it shuts down leaves its workers blocked on a pipe).
    import multiprocessing


    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers take the test's batch function only when forked")
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv("DEDUP_TEST_MARKERS", str(markers))
    monkeypatch.setattr(corpus_module, "run_batch", _slow_batch)
    settings = SCAN_SETTINGS

    def train() -> Segmenter:
        while sum(not marker.suffix for marker in markers.iterdir()) < 2:  # both are busy
            os.sched_yield()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        prepare_module.prepare(_inputs_texts(inputs_dir), train, settings, jobs=2)
    for child in multiprocessing.active_children():
        child.join()
    states = [marker.read_text(encoding="utf-8") for marker in markers.iterdir()
              if not marker.suffix]
    assert states == ["started", "started"]


class _NoWorkers:
    """Stands in for ``ProcessPoolExecutor`` where a scan must start no worker process."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started")


def test_a_small_corpus_is_scanned_in_this_process_unless_jobs_are_given(
    inputs_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dedup
    from dedup.prepare import PARALLEL_MIN_CHARS

    assert sum(len(text) for text in _inputs_texts(inputs_dir)) < PARALLEL_MIN_CHARS
    monkeypatch.setattr("dedup.prepare.pool.ProcessPoolExecutor", _NoWorkers)
    report = dedup.scan(inputs_dir)
    assert report.clusters
    with pytest.raises(AssertionError, match="worker process was started"):
        dedup.scan(inputs_dir, jobs=2)


def test_a_corpus_of_the_least_parallel_size_gets_every_core() -> None:
    from dedup.prepare import PARALLEL_MIN_CHARS, default_jobs

    cores = len(os.sched_getaffinity(0))
    assert default_jobs() == default_jobs(PARALLEL_MIN_CHARS) == cores
    assert default_jobs(PARALLEL_MIN_CHARS - 1) == default_jobs(0) == 1


def test_workers_inherit_numba_set_up_from_the_main_process(inputs_dir: Path) -> None:
    # numba sets up its typing and target registries at a process's first
    # compiled call (0.17 s, importing its lowering modules): the main
    # process does it once before it forks the workers, which so never do.
    # In a process of its own, where no compiled loop has run yet.
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "import dedup.prepare as prepare\n"
        "from dedup.segment import build_segmenter\n"
        "assert 'numba.np.arraymath' not in sys.modules\n"
        "original = prepare.run_batch\n"
        "def probe_batch(item):\n"
        "    inherited = 'numba.np.arraymath' in sys.modules\n"
        "    batch = original(item)\n"
        "    batch.seconds['inherited'] = float(inherited)\n"
        "    batch.seconds['batches'] = 1.0\n"
        "    return batch\n"
        "prepare.corpus.run_batch = probe_batch\n"
        f"texts = [p.read_text(encoding='utf-8') for p in sorted(Path({str(inputs_dir)!r})"
        ".glob('*.txt'))]\n"
        "settings = prepare.Settings(2, num_perm=128, seed=1, min_words=5, max_window=3,"
        " bands=(26, 4))\n"
        "done = prepare.prepare(texts, lambda: build_segmenter(texts), settings, jobs=2)\n"
        "print(int(done.seconds['inherited']), int(done.seconds['batches']))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    inherited, batches = map(int, done.stdout.split())
    assert batches > 2 and inherited == batches


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie no one reaps has ended too)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except (FileNotFoundError, ProcessLookupError):
        return True
    return any(line.startswith("State:") and "Z" in line.split()[1:2]
               for line in status.splitlines())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_end_when_their_scan_is_killed_outright(tmp_path: Path) -> None:
    # A scan killed with SIGKILL (a job's time limit, the OOM killer) left
    # its workers waiting forever on a pipe their siblings kept open.
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "scan.py"
    script.write_text(
        "import os, time\n"
        "from dedup.prepare import workers\n"
        "with workers(max_workers=2) as pool:\n"
        "    pids = {pool.submit(os.getpid).result() for _ in range(8)}\n"
        "    print(*sorted(pids), flush=True)\n"
        "    time.sleep(120)\n", encoding="utf-8")
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                          text=True) as scan:
        try:
            assert scan.stdout is not None
            pids = [int(pid) for pid in scan.stdout.readline().split()]
            assert pids and not any(_gone(pid) for pid in pids)
        finally:
            scan.send_signal(signal.SIGKILL)
            scan.wait()
    waited = 0.0
    while not all(_gone(pid) for pid in pids) and waited < 60:  # they look once a second
        time.sleep(0.2)
        waited += 0.2
    assert all(_gone(pid) for pid in pids)
