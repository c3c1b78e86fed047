"""Model text made safe for where it goes: escaped for the terminal, fenced inside prompts.

A model's output is untrusted input. Printed raw, an ANSI escape in a plan note can recolour
or rewrite the terminal; pasted raw into another prompt (the LLM judge's), a note can pose as
an instruction. :func:`terminal_safe` shows control characters as visible escapes;
:func:`fence` sets text between markers that the text itself cannot close.
"""

from __future__ import annotations

import re

__all__ = ["fence", "terminal_safe"]

# C0 controls except tab and newline, DEL, C1 controls (ESC, CSI, ...), and the Unicode
# direction overrides that can make printed text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: object) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``); tabs and newlines stay."""
    return _CONTROL.sub(_escape, str(text))


def fence(text: object, label: str) -> str:
    """``text`` between ``<<<BEGIN LABEL>>>`` and ``<<<END LABEL>>>`` markers it cannot forge.

    Any ``<<<`` or ``>>>`` inside the text is broken up, so model text cannot end the fence
    early and continue as instructions. Prompts say that fenced text is data.
    """
    tag = label.upper()
    body = terminal_safe(text)
    for marker, broken in (("<<<", "<< <"), (">>>", "> >>")):
        while marker in body:  # repeat: one pass over "<<<<<<" would leave a new "<<<"
            body = body.replace(marker, broken)
    return f"<<<BEGIN {tag}>>>\n{body}\n<<<END {tag}>>>"
