"""Folder -> Corpus: find the documents, decode them and attach their metadata.

In: a folder (or several folders and files), an optional ``manifest.csv``
in any folder (for the documents under it) and optional ``reference_globs``. Out: a
:class:`~dedup.models.Corpus` holding the readable documents and, for
everything else, a :class:`~dedup.models.Skipped` entry that says in one
line what is wrong.

Documents are ``.txt``, ``.md``, ``.html``/``.htm``, the caption files
``.srt`` and ``.vtt``, PDF, Word and OpenDocument files (``.pdf``, ``.docx``, ``.odt``), saved
e-mail messages, ``.eml`` (one document per file), and ``.json``,
``.jsonl``, ``.csv`` (one document per record, each record with a string
``text`` field). Word processors' files
dedup cannot read (``.doc``, ``.rtf``, ``.pages``) are skipped,
saying what to save them as. Other files and hidden names are ignored, and
so are dedup's own outputs in a folder whose ``report.json`` is a dedup
report (``dedup scan .`` writes ``./dedup-report``, which the next run of it
must not read back).

Always holds: documents are in order of their relative POSIX path (records
in file order) and have the ids ``d1``, ``d2`` ... in that order; for ``.txt``
and ``.md`` files ``Document.text`` is the whole decoded file (byte order mark
removed, newlines untouched), so offsets index into what the file says; a
caption file's text (also a ``.txt`` that opens as one) has the file's
length, its cue words in their places; a
file that cannot be read never raises, it becomes a ``Skipped`` entry.

The package walks the folder (:mod:`~dedup.ingest.walk`), reads each file
(:mod:`~dedup.ingest.files`), reads the manifests and settles each
document's role and metadata (:mod:`~dedup.ingest.manifest`), in
:func:`~dedup.ingest.corpus.load_corpus`; the stages of reading one file
live beside them: :mod:`~dedup.ingest.decode` (bytes to text),
:mod:`~dedup.ingest.html` (a page's main text), :mod:`~dedup.ingest.office`
(a PDF's, Word or OpenDocument file's text), :mod:`~dedup.ingest.mail` (an
e-mail's body and headers), :mod:`~dedup.ingest.captions` (a caption
file's cues) and :mod:`~dedup.ingest.records` (one text per JSON, JSONL or
CSV record).
"""

from dedup.ingest.corpus import load_corpus
from dedup.ingest.manifest import document_of
from dedup.ingest.walk import KINDS_READ, is_dedup_report, reference_inputs

__all__ = [
    "KINDS_READ",
    "document_of",
    "is_dedup_report",
    "load_corpus",
    "reference_inputs",
]
