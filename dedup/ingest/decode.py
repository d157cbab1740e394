"""Bytes -> text: encoding detection and refusal of binary files.

In: the raw bytes of a file. Out: the decoded text and the name of the
encoding it was read with, or :class:`Unreadable` saying why the bytes are
not text.

Always holds: a byte order mark decides the encoding before anything else;
otherwise files that look binary are refused, and the rest decode as UTF-8,
then cp1252, then latin-1, which decodes any byte, so text never fails to
decode once it has passed the binary check; a cp1252 file that holds one of
the five bytes cp1252 leaves undefined reads those as latin-1 and the rest
as cp1252 (``cp1252+latin-1``). A UTF-8 file with a few stray bytes (a
cp1252 quote pasted into it, a truncated character) stays UTF-8:
when it holds at least as many valid multi-byte characters as invalid bytes,
each invalid byte is read as cp1252 (else latin-1) and the encoding is
recorded as ``utf-8+cp1252`` (``utf-8-sig+cp1252`` after a UTF-8 byte order
mark, which is removed as for ``utf-8-sig``).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["Unreadable", "binary_kind", "decode_bytes"]

# Signatures of the binary formats most often found in a folder of texts.
_MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return, and DEL: text almost never holds them, binary formats are full of them.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.1
# What Python's "surrogateescape" error handler makes of each invalid byte.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# The bytes 0x80-0x9f that cp1252 reads as quotes, dashes and letters (latin-1
# reads them as control characters), as latin-1 decodes them, and their cp1252 reading.
_LATIN1_TO_CP1252 = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CP1252_ONLY = re.compile("[" + "".join(map(chr, _LATIN1_TO_CP1252)) + "]")


class Unreadable(Exception):
    """A file (or record) is not a usable document; the message says why."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read with.

    Byte order marks decide first; then binary files are refused; then UTF-8,
    cp1252 (Windows "smart quotes") and, as a last resort, latin-1, which
    decodes any byte.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                rest = data[len(bom):]
                utf8 = bom == codecs.BOM_UTF8 and binary_kind(rest) is None
                mixed = _mostly_utf8(rest) if utf8 else None
                if mixed is not None:
                    return mixed, "utf-8-sig+cp1252"
                raise Unreadable(
                    f"starts with a {encoding.upper()} byte order mark but is not valid "
                    f"{encoding.upper()} ({error.reason} at byte {error.start})"
                ) from error
    kind = binary_kind(data)
    if kind is not None:
        raise Unreadable(f"binary file ({kind}), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    if _CP1252_ONLY.search(text) is None:
        return text, "latin-1"
    # cp1252 text with one of the five bytes it leaves undefined: those read as
    # latin-1 (as browsers read windows-1252), the quotes and dashes as cp1252.
    return text.translate(_LATIN1_TO_CP1252), "cp1252+latin-1"


def _mostly_utf8(data: bytes) -> str | None:
    r"""UTF-8 text with its few invalid bytes read as cp1252, or None when it is not UTF-8.

    Example:
        >>> _mostly_utf8("“Kyiv” – ".encode() + b"it\x92s")
        '“Kyiv” – it’s'

    """
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(text))
    if len(_NON_ASCII.findall(text)) < invalid:
        return None
    return _ESCAPED_BYTE.sub(lambda match: _single_byte(ord(match.group()) - 0xDC00), text)


def _single_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def binary_kind(data: bytes) -> str | None:
    """Say what makes ``data`` binary, or return None when it looks like text."""
    for magic, kind in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return "contains NUL bytes"
    sample = data[:_CONTROL_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        return f"{controls / len(sample):.0%} control characters"
    return None
