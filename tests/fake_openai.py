"""A real local HTTP server speaking the OpenAI chat-completions API, for engine tests.

``FakeOpenAI(reply)`` serves on 127.0.0.1 in a thread; ``reply(body) -> (status, json)`` decides
each answer, so a test can make the server fail (401 echoing the key), answer, or die.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any], dict[str, str]], tuple[int, dict[str, Any]]]


def chat_answer(text: str, prompt_tokens: int = 11, completion_tokens: int = 5) -> dict[str, Any]:
    """A chat-completions response body with ``text`` and the given usage."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "x",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def echo_key_401(body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """What some proxies do: refuse the key and print it back in the error message."""
    key = headers.get("authorization", "")
    return 401, {"error": {"message": f"Incorrect API key provided: {key}", "type": "invalid_request_error",
                           "code": "invalid_api_key"}}


class FakeOpenAI:
    """The server; use as a context manager. ``requests`` counts the chat requests it received."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                outer.requests += 1
                status, data = outer.reply(body, {k.lower(): v for k, v in self.headers.items()})
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
