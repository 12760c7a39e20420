"""Text that cannot be written as UTF-8: a lone surrogate (half of a UTF-16 pair) from a file,
the browser or Python. Such text breaks generated code and saved flow files, so it is refused
wherever text comes in: settings, labels, flow files, expressions."""

from __future__ import annotations


def broken_character(text: str) -> int | None:
    """The position (from 1) of the first lone surrogate, or None."""
    for i, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return i + 1
    return None
