"""Where a file's bytes stop being UTF-8, and what to do, in words an analyst can act on.

A table saved by a spreadsheet in its "CSV" format is often Windows-1252 (``£`` is the byte
``a3``), or UTF-16 from "Unicode text". Every text the project reads (raw tables, ``source.yaml``,
a briefing) names the first such byte at its line and column, as an editor counts them, with the
character it would be in Windows-1252, so the cell can be found and the file saved again as UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Byte-order marks that open a file saved as UTF-16.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class BadBytes:
    """The first bytes of a file that are not UTF-8: their line and column (both from 1, the
    column counted in characters of the line before them), the bytes in hex, and, for a file
    saved as UTF-16 or one byte read in Windows-1252, what they are."""

    line: int
    column: int
    value: str
    utf16: bool
    windows_1252: str | None

    def check(self, *, column: bool = True) -> str:
        """What is wrong and what to do, naming the column unless ``column`` is False (where a
        message names it otherwise, e.g. as a table's column)."""
        if self.utf16:
            return "file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8"
        at = f" at column {self.column}" if column else ""
        meant = "" if self.windows_1252 is None else f" ({self.windows_1252} in Windows-1252)"
        return f"bytes are not UTF-8{at}{meant}: save the file as UTF-8"


def bad_bytes(raw: bytes, error: UnicodeDecodeError) -> BadBytes:
    """Where ``raw`` stops being UTF-8 (``error`` is what decoding it raised), and what it is."""
    start = raw.rfind(b"\n", 0, error.start) + 1
    before = raw[start : error.start].decode("utf-8", errors="replace")
    # Five bytes (81, 8d, 8f, 90, 9d) are no character in Windows-1252.
    shown = raw[error.start : error.start + 1].decode("cp1252", errors="replace")
    return BadBytes(
        line=raw.count(b"\n", 0, error.start) + 1,
        column=len(before) + 1,
        value=raw[error.start : error.end].hex(),
        utf16=raw.startswith(UTF16_MARKS),
        windows_1252=f"{shown!r} is byte {raw[error.start]:02x}" if shown != "\ufffd" else None,
    )
