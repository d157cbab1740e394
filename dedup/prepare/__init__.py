"""Documents -> units, shingle sets and the LSH keys of their signatures, on all cores.

The per-document stages (segment, tokenise, build units, shingle, MinHash
signatures and their band keys) depend on nothing outside their document, so the corpus is cut
into batches of whole documents, in order, and the batches run in ``jobs``
worker processes (``concurrent.futures.ProcessPoolExecutor``); with one job
they run here, in this process. Each batch sends back plain rows and NumPy
arrays, and the batches are joined in document order.

Shingles are kept as fingerprints, datasketch's ``sha1_hash64`` of their
UTF-8 bytes (whose low 32 bits are the ``sha1_hash32`` MinHash starts
from): one per token position of the corpus, the shingle that starts there,
and a unit's shingle set is the set of the fingerprints in its range of
positions (a unit of ``shingle_size`` words or fewer has one fingerprint of
its own). Two different shingles would have to share all 64 bits to be
taken for one.

Punkt trains on the corpus while the workers start (in a process of its
own where processes are forked, else in the main process): each worker
tokenises its first batch and hashes the shingles, which need no
sentences, before it waits for the segmenter.

Always holds: the result is the same for any number of jobs (units are
numbered in document order, and every value is computed from its own
document); each worker measures the seconds it spends in each stage.
"""


from dedup.prepare.batch import (
    BATCH_CHARS,
    COLUMNS,
    SHINGLE_WINDOW,
    Batch,
    Fingerprints,
    Prepared,
    Ranges,
    Settings,
    batch_bounds,
    bounds_of_sizes,
    run_batch,
    runs_of,
)
from dedup.prepare.corpus import TRAIN_APART_MIN_CHARS, prepare
from dedup.prepare.pool import PARALLEL_MIN_CHARS, default_jobs, exit_with_parent, workers

__all__ = [
    "BATCH_CHARS",
    "COLUMNS",
    "PARALLEL_MIN_CHARS",
    "SHINGLE_WINDOW",
    "TRAIN_APART_MIN_CHARS",
    "Batch",
    "Fingerprints",
    "Prepared",
    "Ranges",
    "Settings",
    "batch_bounds",
    "bounds_of_sizes",
    "default_jobs",
    "exit_with_parent",
    "prepare",
    "run_batch",
    "runs_of",
    "workers",
]
