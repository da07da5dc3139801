"""A real local webhook receiver for the reminder tests, and an e-mail backend that can be
made to stall after writing a message (so a test can kill the worker in that window)."""

import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend


class WebhookReceiver:
    """An HTTP server on 127.0.0.1 recording every POST. `mode` sets its answer: "ok" (204),
    "error" (500), "slow" (holds the request `slow_seconds`, or until the receiver closes,
    before answering)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.mode = "ok"
        self.slow_seconds = 30.0
        self.received = threading.Event()
        self.closing = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(
                    {"headers": dict(self.headers.items()), "body": body, "path": self.path}
                )
                receiver.received.set()
                if receiver.mode == "slow":
                    # Slowness is what the sender is tested against; released when the
                    # receiver closes, so that no request outlives the test.
                    receiver.closing.wait(receiver.slow_seconds)
                self.send_response(500 if receiver.mode == "error" else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


def signature_valid(*, secret: str, headers: dict, body: bytes) -> bool:
    """Check the X-Appeals-Signature header the way a partner would."""
    parts = dict(item.split("=", 1) for item in headers["X-Appeals-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def payload(request: dict) -> dict:
    return json.loads(request["body"])


class StallingFileBackend(FileEmailBackend):
    """The file backend; while the file named by $STALL_MAIL_MARKER exists, it sleeps after
    writing each message: the message is out, the reminder not yet marked sent."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        marker = os.environ.get("STALL_MAIL_MARKER")
        while marker and os.path.exists(marker):
            time.sleep(0.2)
        return sent
