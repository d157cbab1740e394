"""The plain values that flow between the pipeline stages.

Every stage takes and returns these frozen dataclasses (or tuples of them);
nothing else crosses a stage boundary. Offsets are always code-point offsets
into ``Document.text``, the decoded text of the document, so that
``document.text[start:end]`` is exactly the passage a report shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["reference", "media"]
Label = Literal["verbatim", "cosmetic", "altered", "paraphrase"]
EditOp = Literal["replace", "insert", "delete"]
Material = Literal["number", "negation", "modal", "name"]
AuditLabel = Literal["verbatim", "cosmetic", "altered", "paraphrase", "unsourced", "misattributed"]
Flag = Literal["trimmed", "joined", "spliced", "ellipsis"]

ROLES: tuple[Role, ...] = ("reference", "media")


@dataclass(frozen=True)
class Document:
    """One decoded source text: a file, or one record of a JSON/CSV file.

    ``id`` is ``d1``, ``d2`` ... in path order. ``path`` is the POSIX path
    relative to the scanned folder; for records it is ``file#N`` with N the
    1-based record number (or the record's ``id``). ``text`` is the decoded
    text every offset points into; ``role`` is ``reference`` or ``media``;
    ``title``, ``outlet``, ``date`` (``YYYY-MM-DD``) and ``url`` come from
    the manifest or the record, else None; ``encoding`` is how the file was
    decoded and ``sha256`` the hex SHA-256 of its file's bytes (of a dataset
    record's text).
    """

    id: str
    path: str
    text: str
    role: Role = "media"
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    sha256: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file (or record) that could not be read, and why, in plain words.

    ``path`` as a document's would be; ``reason`` one line.
    """

    path: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """What ingest hands on: the readable documents and what was skipped."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()
    manifest: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``doc.text[start:end]``, whitespace-trimmed."""

    doc: int
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its span in the text and its normalised form."""

    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """A stretch of one document that is indexed for matching.

    ``kind`` is ``sentence``, ``window`` (several adjacent sentences, so that a
    news sentence joining transcript lines can match them) or ``fragment`` (a
    piece of a sentence between quotation marks, so that a quotation inside a
    longer sentence can match). ``first`` and ``last`` are the sentence
    indices the unit spans.
    """

    id: int
    doc: int
    kind: Literal["sentence", "window", "fragment"]
    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True)
class Edit:
    """One difference between the canonical words and a variant's words.

    ``op`` is ``replace``, ``insert`` or ``delete``; ``source`` the
    canonical words and ``variant`` the variant's (empty for an insert or a
    delete). ``cosmetic`` edits (case, spelling variant, split or joined compound) cost
    nothing; ``material`` names what a costly edit changed that matters;
    ``trim`` deletions are the source words a partial quote leaves out at its
    start or end.

    ``source_start``/``source_end`` locate the edited words in the canonical
    passage's text and ``variant_start``/``variant_end`` in the variant's
    (scored) text, so a report can highlight them without aligning again; an
    empty side is the point where the words were inserted or deleted. They
    are ``None`` when unknown and take no part in equality: two edits are
    equal when they make the same change.
    """

    op: EditOp
    source: str
    variant: str
    material: Material | None = None
    cosmetic: bool = False
    trim: bool = False
    source_start: int | None = field(default=None, compare=False)
    source_end: int | None = field(default=None, compare=False)
    variant_start: int | None = field(default=None, compare=False)
    variant_end: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Fidelity:
    """How faithfully a variant reproduces its canonical passage."""

    fidelity: float
    label: Label
    edits: tuple[Edit, ...] = ()
    trimmed: bool = False


@dataclass(frozen=True)
class Member:
    """One occurrence of a clustered passage.

    ``doc`` is its document's id and ``text == document.text[start:end]``.
    ``fidelity`` (0 to 1), ``label`` (``verbatim``, ``cosmetic``,
    ``altered``, ``paraphrase``) and ``edits`` measure it against the
    cluster's original; ``trimmed`` when it quotes only part of it.
    ``against`` is set when they measure it against another member: the
    nearest of several reference versions (a speech as prepared and as
    delivered), where a copy of one is no misquote of the other.
    """

    doc: str
    start: int
    end: int
    text: str
    fidelity: float = 1.0
    label: Label = "verbatim"
    edits: tuple[Edit, ...] = ()
    trimmed: bool = False
    against: int | None = None
    """The index in the cluster's members of the member measured against, if not the original."""


@dataclass(frozen=True)
class Cluster:
    """The versions of one passage; ``members[canonical]`` is the original.

    ``id`` is ``c1``, ``c2`` ... in report order; ``boilerplate`` marks a
    short formula many documents share (see ``ScanConfig``).
    """

    id: str
    canonical: int
    members: tuple[Member, ...]
    boilerplate: bool = False


@dataclass(frozen=True)
class Fragment:
    """The words of a quotation between one pair of marks: ``text[start:end]``.

    ``start`` and ``end`` are offsets into the document's text.
    """

    start: int
    end: int


SPLICE_ELSEWHERE = "…"
"""The source of a splice's ``delete`` edit when its passages are in another order in
the record, or in two documents: no words lie between them to name."""


@dataclass(frozen=True)
class QuoteSource:
    """The passage of a reference document a quotation comes from.

    ``text == reference.text[start:end]``, ``doc`` the reference's id.
    ``speaker`` is the speaker of the transcript turn it lies in, as the
    record names it, or None when the record does not say.
    """

    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Quote:
    """One quotation in a media document and the audit's verdict on it.

    ``text == document.text[start:end]``: from the first fragment's first
    word to the last fragment's last, without the outer marks (a quotation
    split by its attribution keeps the attribution between its fragments).
    ``fidelity`` is None when no source was found (``unsourced``).

    ``id`` is ``q1``, ``q2`` ...; ``doc`` the media document's id;
    ``speaker`` as the article names them (None when it does not);
    ``short`` for one or two words; ``fragments`` the spans between marks;
    ``source`` the reference passage (None when unsourced); ``label`` the
    verdict, ``flags`` (``trimmed``, ``joined``, ``spliced``, ``ellipsis``)
    and ``edits`` how it differs from the source. ``passages`` are the
    record's passages it reproduces, in its order: one, unless it is
    spliced or cut at an ellipsis, when each piece says where it is (a
    splice of two records' words has one in each); empty when unsourced.
    """

    id: str
    doc: str
    start: int
    end: int
    text: str
    speaker: str | None
    short: bool
    fragments: tuple[Fragment, ...]
    source: QuoteSource | None
    fidelity: float | None
    label: AuditLabel
    flags: tuple[Flag, ...] = ()
    edits: tuple[Edit, ...] = ()
    passages: tuple[QuoteSource, ...] = ()


@dataclass(frozen=True)
class Overlap:
    """How much of a media document's wording the reference documents hold (``dedup.overlap``).

    ``words``: share of its words found in some reference; ``word_pairs``:
    share of its pairs of consecutive words found consecutive in one.
    """

    words: float
    word_pairs: float


@dataclass(frozen=True)
class Report:
    """Everything a scan found, in the shape of ``report.json``.

    ``settings`` are the options it was made with and ``stats`` its counts
    (both as in ``report.json``); ``documents`` in path order, ``clusters``
    (empty for an audit), ``skipped`` files and records, ``quotes`` (an
    audit's; empty for a scan). ``overlap`` is keyed by document id: every
    media document of a scan or audit that has reference documents.
    """

    settings: dict[str, Any]
    documents: tuple[Document, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[Skipped, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    quotes: tuple[Quote, ...] = ()
    overlap: dict[str, Overlap] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every file was read, 3 when some were skipped, 1 when none was."""
        if not self.documents:
            return 1
        return 3 if self.skipped else 0
