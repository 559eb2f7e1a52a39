"""Text from the command line, a file or a caller must be Unicode that UTF-8 can encode.

Python hands over a command-line byte that is not UTF-8 as a lone surrogate (U+DC80..U+DCFF,
PEP 383); such text cannot be encoded, hashed or parsed, so it is refused with one sentence
before it gets anywhere.
"""

from __future__ import annotations

from ssvkg.errors import InputError


def bad_unicode(text: str) -> str | None:
    """What is wrong with text (its first character UTF-8 cannot encode), or None."""
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError as e:
        code, at = ord(text[e.start]), e.start + 1
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of argv or a file name
            return f"byte 0x{code - 0xDC00:02x} at character {at} is not UTF-8"
        return f"it has a lone surrogate (U+{code:04X}) at character {at}"


def decode_utf8(data: bytes, shown: str, kind: str) -> str:
    """data as text, or InputError naming the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - good.rfind("\n")  # 1-based, in characters
        raise InputError(f"{shown} line {line}: invalid UTF-8 (byte 0x{data[e.start]:02x} at column {col}); "
                         f"{kind} must be UTF-8.") from None
