from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
from pathlib import Path

import pytest
from conftest import input_path

from dedup.errors import InputError
from dedup.ingest import load_corpus, reference_inputs
from dedup.models import Corpus, Document

SAMPLE_NAMES = sorted(path.name for path in input_path("000").parent.glob("*.txt"))
# Real sentences from the sample corpus: one with curly quotes, one plain ASCII.
QUOTE = next(
    line
    for line in input_path("001").read_text(encoding="utf-8").splitlines()
    if line.startswith("“We now see")
)
SENTENCE = "We have just concluded important meetings of NATO Foreign Ministers."
WORDS = QUOTE[1 : QUOTE.index(",”")]  # the quotation's words, without its marks


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def only_document(corpus: Corpus) -> Document:
    (document,) = corpus.documents
    return document


def reasons(corpus: Corpus) -> dict[str, str]:
    return {item.path: item.reason for item in corpus.skipped}


# --- the sample corpus -------------------------------------------------------------------


def test_sample_documents_are_in_sorted_order_with_sequential_ids(inputs_dir: Path) -> None:
    corpus = load_corpus(inputs_dir)
    assert [(d.id, d.path) for d in corpus.documents] == [
        (f"d{number}", name) for number, name in enumerate(SAMPLE_NAMES, start=1)
    ]


def test_sample_roles_come_from_the_manifest(inputs_dir: Path) -> None:
    corpus = load_corpus(inputs_dir)
    roles = {d.path[:3]: d.role for d in corpus.documents}
    assert roles == {
        "000": "reference",
        "001": "media",
        "002": "media",
        "003": "reference",
        "004": "reference",
    }


def test_sample_manifest_metadata_is_applied(inputs_dir: Path) -> None:
    document = load_corpus(inputs_dir).documents[1]
    assert (document.date, document.outlet, document.title) == (
        "2022-04-05",
        "The Sofia Globe",
        "Moscow is not giving up its ambitions in Ukraine, Nato Secretary General says",
    )


def test_sample_empty_manifest_cell_gives_none(inputs_dir: Path) -> None:
    assert load_corpus(inputs_dir).documents[2].outlet is None


def test_sample_manifest_is_recorded_and_nothing_skipped(inputs_dir: Path) -> None:
    corpus = load_corpus(inputs_dir)
    assert (corpus.manifest, corpus.skipped) == ("manifest.csv", ())


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sample_text_is_the_file_decoded_as_utf8(inputs_dir: Path, prefix: str) -> None:
    path = input_path(prefix)
    (document,) = [d for d in load_corpus(inputs_dir).documents if d.path == path.name]
    assert (document.text, document.encoding) == (path.read_bytes().decode("utf-8"), "utf-8")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sample_sha256_is_the_hash_of_the_file_bytes(inputs_dir: Path, prefix: str) -> None:
    path = input_path(prefix)
    (document,) = [d for d in load_corpus(inputs_dir).documents if d.path == path.name]
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_reference_globs_override_manifest_roles(inputs_dir: Path) -> None:
    corpus = load_corpus(inputs_dir, reference_globs=["001_*"])
    assert [d.role for d in corpus.documents] == ["media", "reference", "media", "media", "media"]


def test_reference_glob_matches_the_bare_file_name_in_a_subfolder(tmp_path: Path) -> None:
    write(tmp_path, "official/transcript.txt", SENTENCE)
    write(tmp_path, "news/article.txt", QUOTE)
    corpus = load_corpus(tmp_path, reference_globs=["transcript.*"])
    assert {d.path: d.role for d in corpus.documents} == {
        "news/article.txt": "media",
        "official/transcript.txt": "reference",
    }


# --- the folder itself -------------------------------------------------------------------


def test_missing_folder_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_a_file_given_alone_is_its_one_document_named_by_its_file_name(tmp_path: Path) -> None:
    document = only_document(load_corpus(write(tmp_path, "news/a.txt", SENTENCE)))
    assert (document.path, document.text) == ("a.txt", SENTENCE)


# --- several folders and files -----------------------------------------------------------


def split_inputs(inputs_dir: Path, folder: Path) -> tuple[Path, Path]:
    """inputs/ as a newsroom keeps it: the transcripts (with the manifest) apart from the news."""
    transcripts, articles = folder / "archive" / "transcripts", folder / "today"
    transcripts.mkdir(parents=True)
    articles.mkdir()
    for path in sorted(inputs_dir.iterdir()):
        target = transcripts if "transcript" in path.name or path.suffix == ".csv" else articles
        target.joinpath(path.name).write_bytes(path.read_bytes())
    return transcripts, articles


def test_several_inputs_are_named_from_the_folder_that_holds_them_all(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    article = articles / input_path("001").name
    corpus = load_corpus([article, transcripts])
    assert [(d.id, d.path) for d in corpus.documents] == [
        ("d1", "archive/transcripts/" + input_path("000").name),
        ("d2", "archive/transcripts/" + input_path("003").name),
        ("d3", "archive/transcripts/" + input_path("004").name),
        ("d4", "today/" + input_path("001").name),
    ]
    assert [d.text for d in corpus.documents] == [
        input_path(prefix).read_text(encoding="utf-8") for prefix in ("000", "003", "004", "001")]


def test_each_folders_manifest_gives_the_roles_of_its_own_documents(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    corpus = load_corpus([articles, transcripts])
    assert [(d.role, d.outlet, d.date) for d in corpus.documents] == [
        ("reference", "NATO", "2022-04-05"),
        ("reference", "NATO", "2022-11-30"),
        ("reference", "NATO", "2024-04-04"),
        ("media", None, None),  # the manifest in archive/transcripts/ lists them by its paths
        ("media", None, None),
    ]
    assert corpus.manifest == "manifest.csv"
    assert [item.reason for item in corpus.skipped] == [
        f"archive/transcripts/manifest.csv line {line}: no document "
        f"'archive/transcripts/{input_path(prefix).name}' in the folder"
        for line, prefix in ((3, "001"), (4, "002"))]


def test_reference_globs_see_the_path_from_the_folder_that_holds_every_input(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    corpus = load_corpus([articles, transcripts], reference_globs=["archive/*"])
    assert [d.role for d in corpus.documents] == ["reference"] * 3 + ["media"] * 2


def test_a_reference_named_by_its_path_is_the_glob_of_its_documents(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    corpus = load_corpus([articles, transcripts], reference_globs=[str(transcripts)])
    assert [d.role for d in corpus.documents] == ["reference"] * 3 + ["media"] * 2
    bucharest = str(inputs_dir / input_path("003").name)  # as a shell gives it: no document's path
    corpus = load_corpus(inputs_dir, reference_globs=[bucharest])
    assert [d.path for d in corpus.documents if d.role == "reference"] == [input_path("003").name]


def test_a_reference_folder_no_input_holds_is_read_too(inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    assert reference_inputs([articles], [str(transcripts), "*transcript*"]) == [transcripts]
    assert reference_inputs([tmp_path], [str(transcripts)]) == []  # held by an input


def test_an_input_inside_a_folder_given_or_given_twice_is_read_once(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, articles = split_inputs(inputs_dir, tmp_path)
    article = articles / input_path("001").name
    once = load_corpus([articles, article, transcripts, transcripts.parent / "transcripts"])
    assert [d.path for d in once.documents] == [d.path for d in
                                                load_corpus([articles, transcripts]).documents]


def test_a_file_given_by_name_keeps_its_row_of_the_manifest_beside_it(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, _ = split_inputs(inputs_dir, tmp_path)
    article = inputs_dir / input_path("001").name
    corpus = load_corpus([article, transcripts])
    by_path = {d.path.rsplit("/", 1)[-1]: d for d in corpus.documents}
    assert (by_path[article.name].outlet, by_path[article.name].date) == (
        "The Sofia Globe", "2022-04-05")
    # Only the given file's row counts: the rows of 000 ... are not this run's documents.
    assert [item.reason for item in corpus.skipped if "inputs" in item.path] == []


def test_a_manifest_below_the_folder_given_gives_the_documents_under_it_their_rows(
        inputs_dir: Path, tmp_path: Path) -> None:
    split_inputs(inputs_dir, tmp_path)  # the manifest goes to archive/transcripts/
    corpus = load_corpus(tmp_path)
    by_name = {d.path.rsplit("/", 1)[-1][:3]: d for d in corpus.documents}
    assert {name: (d.role, d.outlet, d.date) for name, d in by_name.items()} == {
        "000": ("reference", "NATO", "2022-04-05"),
        "001": ("media", None, None),  # its row is in archive/transcripts/, not above it
        "002": ("media", None, None),
        "003": ("reference", "NATO", "2022-11-30"),
        "004": ("reference", "NATO", "2024-04-04"),
    }
    assert corpus.manifest == "manifest.csv"
    name = "archive/transcripts/manifest.csv"
    assert [item.reason for item in corpus.skipped] == [  # 001's and 002's rows
        f"{name} line {line}: no document 'archive/transcripts/{input_path(prefix).name}' in "
        "the folder" for line, prefix in ((3, "001"), (4, "002"))]


def test_a_subfolders_row_for_a_document_wins_over_one_above_it(
        inputs_dir: Path, tmp_path: Path) -> None:
    transcripts, _ = split_inputs(inputs_dir, tmp_path)
    rows = (transcripts / "manifest.csv").read_text(encoding="utf-8").splitlines()
    above = [rows[0]] + ["archive/transcripts/" + row.replace(",NATO,", ",NATO press office,")
                         for row in rows[1:] if row.startswith(("000", "003"))]
    write(tmp_path, "manifest.csv", "\n".join(above) + "\n")
    (transcripts / "manifest.csv").write_text(
        "\n".join(row for row in rows if not row.startswith("003")) + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    outlets = {d.path.rsplit("/", 1)[-1][:3]: d.outlet for d in corpus.documents}
    assert (outlets["000"], outlets["003"]) == ("NATO", "NATO press office")
    assert [item.reason for item in corpus.skipped if item.path == "manifest.csv"] == [
        f"manifest.csv line 2: 'archive/transcripts/{input_path('000').name}' has a row in "
        "archive/transcripts/manifest.csv too (line 2), which is nearer the document and used"]


def test_a_file_of_a_kind_dedup_does_not_read_is_skipped_saying_which_it_reads(
        tmp_path: Path) -> None:
    article = write(tmp_path, "today/article.txt", QUOTE)
    picture = write(tmp_path, "today/photo.jpg", b"\xff\xd8\xff")
    corpus = load_corpus([article, picture])
    assert [d.path for d in corpus.documents] == ["article.txt"]
    assert reasons(corpus) == {"photo.jpg": "not a kind of file dedup reads (.txt, .md, .html, "
                                            ".htm, .pdf, .docx, .odt, .eml, .srt, .vtt, .json, "
                                            ".jsonl or .csv)"}


def test_dedups_own_output_given_by_name_is_no_document(inputs_dir: Path, tmp_path: Path) -> None:
    from dedup import scan
    from dedup.report import report_to_dict, write_csv, write_json

    report = scan(inputs_dir)
    (tmp_path / "out").mkdir()
    write_json(report, tmp_path / "out" / "report.json")
    write_csv(report_to_dict(report), tmp_path / "out" / "clusters.csv")
    article = inputs_dir / input_path("001").name
    corpus = load_corpus([article, tmp_path / "out" / "clusters.csv",
                          tmp_path / "out" / "report.json"])
    assert [d.path.rsplit("/", 1)[-1] for d in corpus.documents] == [article.name]
    assert sorted(item.reason for item in corpus.skipped) == [
        "dedup's own output, not a document: give the documents it was made from"] * 2


def test_a_missing_input_among_several_raises_input_error(tmp_path: Path) -> None:
    article = write(tmp_path, "article.txt", QUOTE)
    with pytest.raises(InputError, match=f"input {tmp_path / 'nowhere'} does not exist"):
        load_corpus([article, tmp_path / "nowhere"])


def test_empty_folder_gives_no_documents_and_no_manifest(tmp_path: Path) -> None:
    assert load_corpus(tmp_path) == Corpus(documents=(), skipped=(), manifest=None)


# --- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        pytest.param(codecs.BOM_UTF8 + QUOTE.encode(), "utf-8-sig", QUOTE, id="utf-8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + QUOTE.encode("utf-16-le"), "utf-16", QUOTE, id="utf-16-le"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + QUOTE.encode("utf-16-be"), "utf-16", QUOTE, id="utf-16-be"
        ),
        pytest.param(QUOTE.encode("cp1252"), "cp1252", QUOTE, id="cp1252-smart-quotes"),
        pytest.param(  # a cp1252 apostrophe pasted into a UTF-8 file saved with a BOM
            codecs.BOM_UTF8 + QUOTE.encode().replace("’".encode(), b"\x92") + b" It\x92s",
            "utf-8-sig+cp1252",
            QUOTE + " It’s",
            id="utf-8-bom-stray-byte",
        ),
        pytest.param(
            SENTENCE.encode("latin-1") + b" \x8d\xe9",
            "latin-1",
            SENTENCE + " \x8dé",
            id="latin-1-fallback",
        ),
        pytest.param(  # a cp1252 article with a stray byte that cp1252 leaves undefined
            QUOTE.encode("cp1252") + b" \x81",
            "cp1252+latin-1",
            QUOTE + " \x81",
            id="cp1252-undefined-byte",
        ),
    ],
)
def test_encoding_is_detected_and_recorded(
    tmp_path: Path, data: bytes, encoding: str, text: str
) -> None:
    write(tmp_path, "quote.txt", data)
    document = only_document(load_corpus(tmp_path))
    assert (document.text, document.encoding) == (text, encoding)


def test_cp1252_curly_quotes_become_unicode_quotes(tmp_path: Path) -> None:
    write(tmp_path, "quote.txt", b"\x93We now see a significant movement of troops\x94")
    assert (
        only_document(load_corpus(tmp_path)).text == "“We now see a significant movement of troops”"
    )


def test_crlf_newlines_are_kept_so_offsets_index_the_file(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", f"{SENTENCE}\r\n\r\n{QUOTE}\r\n")
    assert only_document(load_corpus(tmp_path)).text == f"{SENTENCE}\r\n\r\n{QUOTE}\r\n"


# --- files that are not documents --------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            SENTENCE.encode() + b"\x00\x00" + SENTENCE.encode(),
            "binary file (contains NUL bytes), not text",
            id="nul-bytes",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), not text", id="png"
        ),
        pytest.param(
            b"%PDF-1.7\n" + SENTENCE.encode(), "binary file (PDF document), not text", id="pdf"
        ),
        pytest.param(
            bytes(range(1, 9)) * 20,
            "binary file (100% control characters), not text",
            id="controls",
        ),
    ],
)
def test_binary_file_named_txt_is_skipped(tmp_path: Path, data: bytes, reason: str) -> None:
    write(tmp_path, "image.txt", data)
    corpus = load_corpus(tmp_path)
    assert (corpus.documents, reasons(corpus)) == ((), {"image.txt": reason})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \r\n\t\n", "no text (the file holds only whitespace)", id="whitespace"),
        pytest.param(codecs.BOM_UTF8, "no text (the file holds only whitespace)", id="only-bom"),
    ],
)
def test_file_without_text_is_skipped(tmp_path: Path, data: bytes, reason: str) -> None:
    write(tmp_path, "blank.md", data)
    assert reasons(load_corpus(tmp_path)) == {"blank.md": reason}


def test_other_extensions_are_ignored_without_a_skipped_entry(tmp_path: Path) -> None:
    for name in ("photo.png", "README", "data.xml", "slides.pptx"):
        write(tmp_path, name, SENTENCE)
    write(tmp_path, "article.TXT", QUOTE)
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], corpus.skipped) == (["article.TXT"], ())


def test_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, ".draft.txt", SENTENCE)
    write(tmp_path, ".git/notes.txt", SENTENCE)
    write(tmp_path, "article.txt", QUOTE)
    assert [d.path for d in load_corpus(tmp_path).documents] == ["article.txt"]


def test_file_larger_than_max_file_size_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "big.txt", SENTENCE * 2)
    corpus = load_corpus(tmp_path, max_file_size=len(SENTENCE))
    assert reasons(corpus) == {"big.txt": "file is 136 bytes, larger than --max-file-size 68"}


def test_max_file_size_formats_large_numbers_with_separators(tmp_path: Path) -> None:
    write(tmp_path, "big.txt", "x" * 10_001)
    corpus = load_corpus(tmp_path, max_file_size=10_000)
    assert reasons(corpus)["big.txt"] == "file is 10,001 bytes, larger than --max-file-size 10,000"


def test_skipped_files_are_logged_as_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "blank.txt", b"")
    with caplog.at_level(logging.WARNING, logger="dedup.ingest"):
        load_corpus(tmp_path)
    assert caplog.messages == ["skipped blank.txt: empty file"]


# --- unreadable files and links ----------------------------------------------------------


def test_broken_symlink_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert reasons(load_corpus(tmp_path))["gone.txt"].startswith("broken symbolic link")


def test_symlink_to_itself_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    assert reasons(load_corpus(tmp_path)) == {
        "self.txt": "symbolic link loop (the link points back to itself)"
    }


def test_symlink_loop_folder_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path, "sub/article.txt", QUOTE)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], list(reasons(corpus))) == (
        ["sub/article.txt"],
        ["sub/loop"],
    )


def test_symlinked_folder_outside_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/article.txt", QUOTE)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert [d.path for d in load_corpus(tmp_path / "corpus").documents] == ["linked/article.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert reasons(load_corpus(tmp_path)) == {
        "pipe.txt": "not a regular file (a pipe, socket or device), not read"
    }


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", SENTENCE)
    path.chmod(0)
    try:
        assert reasons(load_corpus(tmp_path)) == {
            "secret.txt": "cannot be read (permission denied)"
        }
    finally:
        path.chmod(0o644)


def test_folder_named_like_a_document_is_walked_as_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "x.txt/inner.txt", SENTENCE)
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], corpus.skipped) == (["x.txt/inner.txt"], ())


# --- names and ids -----------------------------------------------------------------------


def test_non_ascii_and_space_file_names_are_read(tmp_path: Path) -> None:
    write(tmp_path, "Déclaration de l’OTAN.txt", QUOTE)
    write(tmp_path, "press conference.md", SENTENCE)
    assert [d.path for d in load_corpus(tmp_path).documents] == [
        "Déclaration de l’OTAN.txt",
        "press conference.md",
    ]


def test_utf8_file_names_are_read_whatever_the_locale_encoding(tmp_path: Path) -> None:
    # An ASCII locale (LC_ALL=C without Python's UTF-8 mode) gives Python the
    # name's bytes undecoded: the file was skipped as "not valid UTF-8".
    import subprocess
    import sys

    write(tmp_path, "Déclaration de l’OTAN.txt", QUOTE)
    write(tmp_path, "manifest.csv", "path,role\nDéclaration de l’OTAN.txt,reference\n")
    probe = ("import sys\n"
             "from dedup.ingest import load_corpus\n"
             "corpus = load_corpus(sys.argv[1])\n"
             "print(sys.getfilesystemencoding())\n"
             "print(ascii([(d.path, d.role) for d in corpus.documents]), ascii(corpus.skipped))\n")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True,
                          text=True, env=env, check=True)
    encoding, found = done.stdout.splitlines()
    assert encoding == "ascii"
    assert found == ascii([("Déclaration de l’OTAN.txt", "reference")]) + " ()"


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path: Path) -> None:
    write(tmp_path, "b/article.txt", QUOTE)
    write(tmp_path, "a/article.txt", SENTENCE)
    corpus = load_corpus(tmp_path)
    assert [(d.id, d.path) for d in corpus.documents] == [
        ("d1", "a/article.txt"),
        ("d2", "b/article.txt"),
    ]


def test_traversal_is_sorted_by_relative_path_across_folders(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a.txt", "c/a.txt"):
        write(tmp_path, name, SENTENCE)
    assert [d.path for d in load_corpus(tmp_path).documents] == [
        "a.txt",
        "a/z.txt",
        "b.txt",
        "c/a.txt",
    ]


# --- HTML --------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html><head><title>Moscow is not giving up</title>
<style>p {{ color: red; }}</style><script>var tracking = "{SENTENCE}";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header>The Sofia Globe</header>
<article><p>{QUOTE}</p>
<p>{SENTENCE}   It&#8217;s
 over.</p></article>
<footer>Share this: Facebook</footer></body></html>
"""


def test_html_keeps_the_paragraphs_as_separate_lines(tmp_path: Path) -> None:
    write(tmp_path, "page.html", PAGE)
    assert only_document(load_corpus(tmp_path)).text == f"{QUOTE}\n\n{SENTENCE} It’s over."


def test_html_title_element_becomes_the_title(tmp_path: Path) -> None:
    write(tmp_path, "page.htm", PAGE)
    assert only_document(load_corpus(tmp_path)).title == "Moscow is not giving up"


def test_manifest_title_wins_over_html_title(tmp_path: Path) -> None:
    write(tmp_path, "page.html", PAGE)
    write(
        tmp_path, "manifest.csv", "path,role,outlet,date,title\npage.html,media,,,From manifest\n"
    )
    assert only_document(load_corpus(tmp_path)).title == "From manifest"


def test_html_line_break_splits_lines(tmp_path: Path) -> None:
    write(tmp_path, "page.html", f"<p>{SENTENCE}<br>{QUOTE}</p>")
    assert only_document(load_corpus(tmp_path)).text == f"{SENTENCE}\n{QUOTE}"


@pytest.mark.parametrize("br", ["<br/>", "<br />", "</br>"])
def test_html_line_break_of_any_spelling_is_one_line_break(tmp_path: Path, br: str) -> None:
    # XHTML's <br /> (WordPress writes it) made a blank line, a paragraph end.
    write(tmp_path, "page.html", f"<p>{SENTENCE}{br}{QUOTE}</p>")
    assert only_document(load_corpus(tmp_path)).text == f"{SENTENCE}\n{QUOTE}"


def test_html_q_element_gets_the_marks_a_browser_shows(tmp_path: Path) -> None:
    # Without them the audit saw no quotation in "He added: <q>...</q>".
    write(tmp_path, "page.html", f"<p>He added: <q>{SENTENCE} <q>Bucha</q></q></p>")
    assert only_document(load_corpus(tmp_path)).text == f"He added: “{SENTENCE} ‘Bucha’”"


def test_html_q_element_with_its_own_marks_gets_no_more(tmp_path: Path) -> None:
    write(tmp_path, "page.html", f"<p>He added: <q>“{SENTENCE}”</q></p>")
    assert only_document(load_corpus(tmp_path)).text == f"He added: “{SENTENCE}”"


@pytest.mark.parametrize(("markup", "text"), [
    pytest.param(f"<p>He said:</p><blockquote>\n <p>\n  {SENTENCE}\n </p><p>{WORDS}</p>"
                 "</blockquote>", f"He said:\n\n“{SENTENCE}”\n\n“{WORDS}”",
                 id="each paragraph"),
    pytest.param(f"<blockquote><p>{SENTENCE}<p>{SENTENCE}</blockquote>",
                 f"“{SENTENCE}”\n\n“{SENTENCE}”", id="paragraphs left open"),
    pytest.param(f"<blockquote>{SENTENCE}</blockquote>", f"“{SENTENCE}”", id="no paragraph"),
    pytest.param("<blockquote><p>NATO’s Allies don't agree.</p></blockquote>",
                 "“NATO’s Allies don't agree.”", id="apostrophes"),
    pytest.param(f"<blockquote><p>{QUOTE}</p></blockquote>", QUOTE, id="marks typed"),
    pytest.param(f'<blockquote class="twitter-tweet"><p lang="en">{SENTENCE}</p>&mdash; NATO '
                 '(@NATO) <a href="https://x.com/NATO/status/1">April 5, 2022</a></blockquote>',
                 f"“{SENTENCE}”\n\n— NATO (@NATO) April 5, 2022", id="an embedded post"),
])
def test_html_blockquote_paragraphs_are_quotations(tmp_path: Path, markup: str, text: str) -> None:
    # A block quotation has no marks on the page: its indent says what they say.
    write(tmp_path, "page.html", markup)
    assert only_document(load_corpus(tmp_path)).text == text


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param('<div role="dialog" aria-label="Cookies"><p>We use cookies to improve your '
                     "experience.</p><div><button>Accept all</button></div></div>",
                     id="cookie banner"),
        pytest.param('<div role="navigation"><div><a href="/">Home</a></div><div><a href="/w">'
                     "World</a></div></div>", id="role navigation"),
        pytest.param("<button>Share on Facebook</button><button>Share on X</button>",
                     id="buttons"),
        pytest.param("<select><option>English</option><option>Deutsch</option></select>",
                     id="menu"),
        pytest.param("<div hidden>Sign up to our newsletter <div>for the latest news</div>"
                     "</div>", id="hidden"),
        pytest.param('<video controls><source src="a.mp4" type="video/mp4">Your browser does '
                     "not support the video tag.</video>", id="video fallback"),
    ],
)
def test_html_page_chrome_marked_by_role_tag_or_hidden_is_left_out(
        tmp_path: Path, chrome: str) -> None:
    # Saved pages of one site share it: it made clusters of its own.
    write(tmp_path, "page.html", f"<body>{chrome}<p>{QUOTE}</p>{chrome}<p>{SENTENCE}</p></body>")
    assert only_document(load_corpus(tmp_path)).text == f"{QUOTE}\n\n{SENTENCE}"


def test_html_hidden_input_hides_nothing_after_it(tmp_path: Path) -> None:
    write(tmp_path, "page.html", f'<p>{QUOTE}<input type="hidden" hidden></p><p>{SENTENCE}</p>')
    assert only_document(load_corpus(tmp_path)).text == f"{QUOTE}\n\n{SENTENCE}"


def test_html_head_left_open_ends_where_the_body_starts(tmp_path: Path) -> None:
    # Both </head> and <body> may be left out: the page read as having no text.
    write(tmp_path, "page.html", f"<html><head><meta charset=utf-8><title>T</title>"
          f"<link rel=stylesheet href=a.css><p>{QUOTE}</p>")
    document = only_document(load_corpus(tmp_path))
    assert (document.text, document.title) == (QUOTE, "T")


def test_html_blocks_by_default_style_are_separate_lines(tmp_path: Path) -> None:
    write(tmp_path, "page.html", f"<center>{QUOTE}</center><center>{SENTENCE}</center>")
    assert only_document(load_corpus(tmp_path)).text == f"{QUOTE}\n\n{SENTENCE}"


def test_html_articles_own_header_is_kept_the_pages_is_not(tmp_path: Path) -> None:
    # The headline is where a page most often misquotes; it was dropped.
    write(tmp_path, "page.html", "<body><header>World News Daily</header><article><header>"
          f"<h1>Stoltenberg: Moscow “not giving up”</h1></header><p>{QUOTE}</p></article></body>")
    assert only_document(load_corpus(tmp_path)).text == (
        f"Stoltenberg: Moscow “not giving up”\n\n{QUOTE}")


def test_deeply_nested_html_is_read(tmp_path: Path) -> None:
    depth = 10_000
    write(tmp_path, "deep.html", "<div>" * depth + SENTENCE + "</div>" * depth)
    assert only_document(load_corpus(tmp_path)).text == SENTENCE


def test_html_with_only_scripts_and_navigation_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "page.html", "<script>var x = 1;</script><nav>Home</nav><style>p{}</style>")
    assert reasons(load_corpus(tmp_path)) == {
        "page.html": "no text after removing scripts, styles and navigation"
    }


# --- JSON, JSONL and CSV records ---------------------------------------------------------


def test_jsonl_malformed_line_is_skipped_and_other_records_kept(tmp_path: Path) -> None:
    lines = [json.dumps({"text": SENTENCE}), "{not json", json.dumps({"id": "q", "text": QUOTE})]
    write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus(tmp_path)
    assert [(d.path, d.text) for d in corpus.documents] == [
        ("feed.jsonl#1", SENTENCE),
        ("feed.jsonl#q", QUOTE),
    ]
    assert list(reasons(corpus)) == ["feed.jsonl#2"]
    assert reasons(corpus)["feed.jsonl#2"].startswith("line 2: invalid JSON (")


def test_record_without_id_never_takes_the_id_of_another(tmp_path: Path) -> None:
    lines = [json.dumps({"text": SENTENCE}), json.dumps({"id": "1", "text": QUOTE}),
             json.dumps({"id": "1", "text": "Again."})]
    write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    corpus = load_corpus(tmp_path)
    assert [(d.path, d.text) for d in corpus.documents] == [
        ("feed.jsonl#line 1", SENTENCE),
        ("feed.jsonl#1", QUOTE),
    ]
    assert reasons(corpus) == {"feed.jsonl#3": "line 3: repeats the id '1' of an earlier record"}


def test_lone_surrogate_escapes_are_read_as_replacement_characters(tmp_path: Path) -> None:
    # Half a UTF-16 pair is valid JSON but no UTF-8 file can hold it.
    write(tmp_path, "feed.jsonl", '{"id": "s\\ud800", "title": "T\\udc00", '
                                  '"text": "Lone \\udc00 surrogate, \\ud83d\\ude00 a pair."}\n')
    document = only_document(load_corpus(tmp_path))
    assert (document.path, document.title) == ("feed.jsonl#s\ufffd", "T\ufffd")
    assert document.text == "Lone \ufffd surrogate, \U0001f600 a pair."


def test_json_record_without_text_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "items.json", json.dumps([{"text": SENTENCE}, {"title": "no body"}]))
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], reasons(corpus)) == (
        ["items.json#1"],
        {"items.json#2": "record 2: no 'text' field"},
    )


def test_json_single_object_is_one_record(tmp_path: Path) -> None:
    write(tmp_path, "one.json", json.dumps({"id": 7, "text": QUOTE}))
    assert only_document(load_corpus(tmp_path)).path == "one.json#7"


def test_json_documents_key_holds_the_records(tmp_path: Path) -> None:
    write(tmp_path, "all.json", json.dumps({"documents": [{"text": SENTENCE}, {"text": QUOTE}]}))
    assert [d.text for d in load_corpus(tmp_path).documents] == [SENTENCE, QUOTE]


def test_invalid_json_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "broken.json", '[{"text": "unfinished"')
    corpus = load_corpus(tmp_path)
    assert corpus.documents == ()
    assert reasons(corpus)["broken.json"].startswith("invalid JSON (")


def test_records_share_the_file_hash_and_encoding(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "\n".join(json.dumps({"text": t}) for t in (SENTENCE, QUOTE)).encode()
    write(tmp_path, "feed.jsonl", data)
    corpus = load_corpus(tmp_path)
    assert {(d.sha256, d.encoding) for d in corpus.documents} == {
        (hashlib.sha256(data).hexdigest(), "utf-8-sig")
    }


def test_record_metadata_wins_over_the_manifest_row_of_its_file(tmp_path: Path) -> None:
    records = [
        {"text": SENTENCE, "outlet": "NATO", "role": "reference", "date": "2022-11-30T12:00:00Z"},
        {"text": QUOTE},
    ]
    write(tmp_path, "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    write(
        tmp_path, "manifest.csv", "path,role,outlet,date,title\nfeed.jsonl,media,Wire,2022-04-05,\n"
    )
    corpus = load_corpus(tmp_path)
    assert [(d.role, d.outlet, d.date) for d in corpus.documents] == [
        ("reference", "NATO", "2022-11-30"),
        ("media", "Wire", "2022-04-05"),
    ]


# Dates as people write them, and the ISO date each stands for.
READABLE_DATES = [
    pytest.param("2022-04-05", "2022-04-05", id="iso-date"),
    pytest.param("2022-04-05T10:30:00+02:00", "2022-04-05", id="iso-datetime"),
    pytest.param("2022-04-05 10:30", "2022-04-05", id="iso-datetime-space"),
    pytest.param("05.04.2022", "2022-04-05", id="dotted"),
    pytest.param("5.4.2022", "2022-04-05", id="dotted-one-digit"),
    pytest.param("05.04.22", "2022-04-05", id="dotted-short-year"),
    pytest.param("01.03.00", "2000-03-01", id="dotted-year-00"),
    pytest.param("31.12.69", "2069-12-31", id="dotted-year-69"),
    pytest.param("02.11.99", "1999-11-02", id="dotted-year-99"),
    pytest.param("01.01.70", "1970-01-01", id="dotted-year-70"),
    pytest.param("05/04/2022", "2022-04-05", id="slashed"),
]
# Dates that are read as none: not a date, no such day, or ambiguous.
UNREADABLE_DATES = [
    pytest.param("5 April 2022", id="words"),
    pytest.param("2022-13-45", id="impossible-iso"),
    pytest.param("31.02.2022", id="impossible-day-first"),
    pytest.param("05/04/22", id="slashed-short-year"),
    pytest.param("2022/04/05", id="year-first-slashed"),
    pytest.param("05.04.202", id="three-digit-year"),
]


@pytest.mark.parametrize(("date", "kept"), READABLE_DATES)
def test_record_dates_are_read_as_iso_dates(tmp_path: Path, date: str, kept: str) -> None:
    write(tmp_path, "feed.jsonl", json.dumps({"text": SENTENCE, "date": date}))
    assert only_document(load_corpus(tmp_path)).date == kept


@pytest.mark.parametrize("date", UNREADABLE_DATES)
def test_unreadable_record_date_is_dropped_with_a_warning(
    tmp_path: Path, date: str, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "feed.jsonl", json.dumps({"id": "a", "text": SENTENCE, "date": date}))
    with caplog.at_level(logging.WARNING, logger="dedup.ingest"):
        corpus = load_corpus(tmp_path)
    assert (only_document(corpus).date, corpus.skipped) == (None, ())
    message = f"feed.jsonl#a: line 1: date {date!r} is not a date; kept without one"
    assert caplog.messages == [message]


def test_csv_record_day_first_date_is_read(tmp_path: Path) -> None:
    write(tmp_path, "rows.csv", f"text,date,outlet\n{SENTENCE},02.11.99,PA\n")
    document = only_document(load_corpus(tmp_path))
    assert (document.date, document.outlet) == ("1999-11-02", "PA")


def test_csv_quoted_field_keeps_its_line_breaks(tmp_path: Path) -> None:
    text = f"{SENTENCE}\n\n{QUOTE}"
    escaped = text.replace('"', '""')
    write(tmp_path, "rows.csv", f'id,outlet,text\nsofia,The Sofia Globe,"{escaped}"\n')
    document = only_document(load_corpus(tmp_path))
    assert (document.path, document.outlet, document.text) == (
        "rows.csv#sofia",
        "The Sofia Globe",
        text,
    )


def test_csv_field_longer_than_the_csv_modules_limit_is_read(tmp_path: Path) -> None:
    import csv

    text = (input_path("004").read_text(encoding="utf-8") + "\n") * 8  # about 200,000 characters
    assert len(text) > csv.field_size_limit()
    escaped = text.replace('"', '""')
    write(tmp_path, "rows.csv", f'id,text\nlong,"{escaped}"\n')
    limit = csv.field_size_limit()
    corpus = load_corpus(tmp_path)
    assert (only_document(corpus).text, corpus.skipped) == (text, ())
    assert csv.field_size_limit() == limit  # the module's limit is put back


def test_csv_without_text_column_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "rows.csv", f"title,body\nA,{SENTENCE}\n")
    assert reasons(load_corpus(tmp_path)) == {"rows.csv": "no 'text' column (columns: title, body)"}


def test_csv_rows_are_numbered_from_one_below_the_header(tmp_path: Path) -> None:
    write(tmp_path, "rows.csv", f'text\n{SENTENCE}\n""\n')
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], reasons(corpus)) == (
        ["rows.csv#1"],
        {"rows.csv#2": "row 2 (line 3): empty 'text' field"},
    )


# --- the manifest ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        pytest.param(
            "a.txt,foo,,,",
            "manifest.csv line 2: unknown role 'foo' (use reference or media)",
            id="unknown-role",
        ),
        pytest.param(
            "typo.txt,media,,,",
            "manifest.csv line 2: no document 'typo.txt' in the folder",
            id="missing-file",
        ),
    ],
)
def test_bad_manifest_row_is_skipped_and_the_document_still_read(
    tmp_path: Path, row: str, reason: str
) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "manifest.csv", f"path,role,outlet,date,title\n{row}\n")
    corpus = load_corpus(tmp_path)
    assert ([d.path for d in corpus.documents], corpus.skipped[0].reason) == (["a.txt"], reason)


def test_manifest_is_not_a_document(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "manifest.csv", "path,role,outlet,date,title,notes\na.txt,reference,,,,x\n")
    corpus = load_corpus(tmp_path)
    assert [(d.path, d.role) for d in corpus.documents] == [("a.txt", "reference")]


def test_manifest_with_another_name_is_used(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "meta.csv", "path,role,outlet,date,title,url\na.txt,media,,,,https://x.org/a\n")
    corpus = load_corpus(tmp_path, manifest_name="meta.csv")
    assert (corpus.manifest, only_document(corpus).url) == ("meta.csv", "https://x.org/a")


@pytest.mark.parametrize(("date", "kept"), READABLE_DATES)
def test_manifest_dates_are_read_as_iso_dates(tmp_path: Path, date: str, kept: str) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "manifest.csv", f"path,role,outlet,date,title\na.txt,reference,PA,{date},T\n")
    corpus = load_corpus(tmp_path)
    assert (only_document(corpus).date, corpus.skipped) == (kept, ())


@pytest.mark.parametrize("date", UNREADABLE_DATES)
def test_manifest_row_with_unreadable_date_is_used_without_the_date(
    tmp_path: Path, date: str, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "b.txt", QUOTE)
    write(
        tmp_path,
        "manifest.csv",
        f"path,role,outlet,date,title\nb.txt,media,,2022-04-05,\na.txt,reference,PA,{date},Title\n",
    )
    with caplog.at_level(logging.WARNING, logger="dedup.ingest"):
        corpus = load_corpus(tmp_path)
    assert [(d.path, d.role, d.outlet, d.title, d.date) for d in corpus.documents] == [
        ("a.txt", "reference", "PA", "Title", None),
        ("b.txt", "media", None, None, "2022-04-05"),
    ]
    assert corpus.skipped == ()
    assert caplog.messages == [
        f"manifest.csv line 3: date {date!r} is not a date like 2022-04-05 or 05.04.2022; "
        "the row is used without a date"
    ]


def test_manifest_row_refused_for_its_role_gets_no_date_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "a.txt", SENTENCE)
    write(tmp_path, "manifest.csv", "path,role,outlet,date,title\na.txt,foo,,someday,\n")
    with caplog.at_level(logging.WARNING, logger="dedup.ingest"):
        corpus = load_corpus(tmp_path)
    assert reasons(corpus) == {
        "manifest.csv": "manifest.csv line 2: unknown role 'foo' (use reference or media)"
    }
    assert caplog.messages == [
        "skipped manifest.csv: manifest.csv line 2: unknown role 'foo' (use reference or media)"
    ]


def test_dedup_outputs_are_skipped_only_beside_a_dedup_report(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / "out" / "clusters").mkdir(parents=True)
    (folder / "a.txt").write_text("A document.", encoding="utf-8")
    (folder / "out" / "report.json").write_text('{\n  "schema": "dedup.report/1"}',
                                                encoding="utf-8")
    (folder / "out" / "summary.md").write_text("Found 3 clusters.", encoding="utf-8")
    (folder / "out" / "clusters" / "part-00000.jsonl").write_text('{"text": "x"}\n',
                                                                  encoding="utf-8")
    (folder / "out" / "mine.txt").write_text("Kept.", encoding="utf-8")
    (folder / "other").mkdir()
    (folder / "other" / "report.json").write_text('{"text": "Not a dedup report."}',
                                                  encoding="utf-8")
    (folder / "other" / "summary.md").write_text("Read.", encoding="utf-8")
    paths = [d.path for d in load_corpus(folder).documents]
    assert paths == ["a.txt", "other/report.json#1", "other/summary.md", "out/mine.txt"]
