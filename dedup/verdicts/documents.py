"""The media documents' quotations, audited one document at a time, on worker processes.

In: the media documents, their quotations and speakers, and the
references' ``Matcher``. Out: each document's ``Quote``s, numbered in
document order (``numbered``). The documents are independent of each
other: ``audit_documents`` sends runs of them to ``jobs`` workers, which
inherit the matcher when forked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from dedup import attribution
from dedup.layout import page_furniture
from dedup.matching import Matcher
from dedup.models import (
    Document,
    Quote,
)
from dedup.prepare import bounds_of_sizes, workers
from dedup.quotes import Quotation, extract
from dedup.verdicts.pieces import Documents, on_record
from dedup.verdicts.verdict import judge_quotation


def audit_documents(
    media: Sequence[int],
    matcher: Matcher,
    documents: Sequence[Document],
    *,
    material_weight: float,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Quote]:
    """The verdicts on the quotations of the documents numbered ``media``, numbered q1, q2, ...

    Each media document's quotations, their speakers and their verdicts
    depend on nothing but it and the references, so with ``jobs`` above 1
    runs of media documents are audited in that many processes (which
    receive the matcher once, as they start), and their quotations are
    numbered in document order here: the quotes are the same for any number
    of jobs. ``progress`` is told how many documents are done.
    """
    bounds = bounds_of_sizes([len(documents[index].text) for index in media], jobs)
    batches = [list(media[lo:hi]) for lo, hi in bounds]
    quotes: list[Quote] = []
    if jobs <= 1 or len(batches) <= 1:
        _number((_audit_batch(batch, matcher, documents, material_weight) for batch in batches),
                quotes, progress)
        return quotes
    with workers(max_workers=min(jobs, len(batches)), initializer=_receive,
                 initargs=(matcher, documents, material_weight)) as pool:
        _number(pool.map(_audit_shared, batches), quotes, progress)
    return quotes


def numbered(found: Iterable[Sequence[Quote]]) -> list[Quote]:
    """Each media document's quotes, in document order, numbered q1, q2, ... across them all.

    As :func:`audit_documents` numbers them: for an engine that audits the
    documents elsewhere (``dedup.engines.spark``).
    """
    quotes: list[Quote] = []
    _number(iter([list(found)]), quotes, None)
    return quotes


def _number(batches: Iterator[Sequence[Sequence[Quote]]], quotes: list[Quote],
            progress: Callable[[int], None] | None) -> None:
    """Append each document's quotes to ``quotes``, numbered on from those before."""
    done = 0
    for batch in batches:
        for found in batch:
            first = len(quotes) + 1
            quotes.extend(replace(quote, id=f"q{first + number}")
                          for number, quote in enumerate(found))
            done += 1
            if progress is not None:
                progress(done)


_shared: tuple[Matcher, Sequence[Document], float] | None = None
"""In a worker: the matcher, the documents and the material weight (``audit_documents``)."""


def _receive(matcher: Matcher, documents: Sequence[Document], material_weight: float) -> None:
    global _shared
    _shared = (matcher, documents, material_weight)


def _audit_shared(batch: list[int]) -> list[list[Quote]]:
    """In a worker: ``_audit_batch`` with what the worker received as it started."""
    if _shared is None:
        raise RuntimeError("the worker was started without the matcher")
    return _audit_batch(batch, *_shared)


def _audit_batch(
    batch: list[int], matcher: Matcher, documents: Sequence[Document], material_weight: float
) -> list[list[Quote]]:
    """The quotes of each document of ``batch``, each document's numbered from q1."""
    return [audit_media(documents[index], matcher, documents, material_weight=material_weight)
            for index in batch]


def audit_media(doc: Document, matcher: Matcher, documents: Documents, *,
                material_weight: float) -> list[Quote]:
    """The quotes of one media document: its quotations, their speakers, their verdicts.

    Numbered from q1. ``documents`` need hold only the reference
    documents, by their index (the matcher's ``Reference.doc``).
    """
    quotations = extract(doc.text)
    return audit_document(doc, quotations, attribution.speakers(doc.text, quotations), matcher,
                          documents, material_weight=material_weight)


def audit_document(
    doc: Document,
    quotations: Sequence[Quotation],
    speakers: Sequence[str | None],
    matcher: Matcher,
    documents: Documents,
    *,
    material_weight: float,
    first_id: int = 1,
) -> list[Quote]:
    """The verdict on every quotation of one media document, numbered from ``first_id``."""
    quotes = []
    furniture = page_furniture(doc.text) if quotations else []
    second_hand = {inner.start for quotation in quotations for inner in quotation.within}
    for number, (quotation, speaker) in enumerate(zip(quotations, speakers, strict=True)):
        if quotation.within and on_record(doc.text, quotation, matcher, furniture):
            # The speaker's own words are on record: so are the words they
            # quote, and the whole quotation is judged (the quotation within
            # is judged on its own too). Else those words are all the
            # speaker's, and on no record.
            quotation = quotation.whole()
        verdict = judge_quotation(doc.text, quotation, speaker, matcher, documents, material_weight,
                                  furniture, quotation.start in second_hand)
        quotes.append(Quote(
            id=f"q{first_id + number}",
            doc=doc.id,
            start=quotation.start,
            end=quotation.end,
            text=doc.text[quotation.start : quotation.end],
            speaker=speaker,
            short=quotation.short,
            fragments=quotation.fragments,
            source=verdict.source,
            fidelity=verdict.fidelity,
            label=verdict.label,
            flags=verdict.flags,
            edits=verdict.edits,
            passages=verdict.passages,
        ))
    return quotes
