"""Redaction of secrets from text a run records or prints.

Some OpenAI-compatible servers and proxies echo the API key in their error messages, and an
error message ends up in ``history.jsonl``, a bench plan file or the terminal. Engines
register the keys they are given (:func:`register_secret`); :func:`redact` replaces those and
anything that looks like a key (``sk-...``, ``Bearer ...``, long hex or base64 tokens) with
``[REDACTED]``. :func:`redact_data` does the same inside JSON-like data, as a last line of
defence for every record written.
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["REDACTED", "redact", "redact_data", "register_secret"]

REDACTED = "[REDACTED]"

_lock = threading.Lock()
_secrets: set[str] = set()

#: Strings shaped like credentials: provider key prefixes, bearer tokens, long hex or base64 runs.
_PATTERNS = [
    re.compile(r"\b(?:sk|pk|rk|ak)-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\bBearer\s+[A-Za-z0-9._~+/=\-]{6,}"),
    re.compile(r"(?i)\b(api[_-]?key|token|secret|password)([\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{8,}"),
    re.compile(r"\b[0-9a-fA-F]{32,}\b"),
    # base64-like: 40+ characters mixing upper case, lower case and digits (identifiers have underscores)
    re.compile(r"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])"
               r"[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])"),
]


def register_secret(secret: str | None) -> None:
    """Remember ``secret`` (an API key) so that :func:`redact` removes it from any text.

    Very short values (placeholders such as ``x``) are ignored: removing them would mangle text.
    """
    if secret and len(secret) >= 6:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """``text`` with every registered secret and key-like string replaced by ``[REDACTED]``."""
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


def redact_data(data: Any) -> Any:
    """``data`` (dicts, lists, strings, numbers) with :func:`redact` applied to every string in it."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, dict):
        return {redact_data(k) if isinstance(k, str) else k: redact_data(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_data(v) for v in data]
    return data
