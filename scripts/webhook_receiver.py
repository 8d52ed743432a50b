"""A Standard Webhooks receiver for the chaos run and the notifications benchmark (issue 17).

It is what a game backend runs: an HTTP server that takes campaign-svc's webhook POSTs and
verifies every signature with the maintained `standardwebhooks` library from PyPI (never with
code of ours), then keeps what it accepted, by event id (the `webhook-id` every retry repeats).
It can be told to misbehave, as receivers do:

* `ok`:   verify, keep, answer 204 (a request that does not verify is answered 400 and counted);
* `500`:  answer 500 (verified and counted, not kept: the sender must try again);
* `hang`: hold the request open past the sender's timeout, then answer 503 to no one;
* `down`: the listening socket is closed (connections are refused) until another mode is set.

By default every response closes its connection (HTTP/1.0), so `down` refuses every next
attempt at once instead of leaving keep-alive connections open; `keep_alive=True` (the
benchmark, which never goes down) keeps them, as a production receiver would.

`ensure_library()` makes `standardwebhooks` importable: if the running Python lacks it, it
installs the pinned version into a venv under target/ (once; reused after) and re-executes the
calling script with that venv's Python, so a fresh machine needs only python3 with venv.
"""

import base64
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STANDARDWEBHOOKS = "standardwebhooks==1.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "webhook-receiver", "venv")
MODES = ("ok", "500", "hang", "down")


def ensure_library():
    """Re-executes the calling script under a venv that has `standardwebhooks` unless this Python
    already imports it."""
    try:
        import standardwebhooks  # noqa: F401
        return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.environ.get("WEBHOOK_RECEIVER_VENV") == VENV:
        sys.exit(f"{STANDARDWEBHOOKS} is not importable even in {VENV}: remove it and run again")
    stamp = os.path.join(VENV, ".requirements")
    if not os.path.exists(python) or _read(stamp) != STANDARDWEBHOOKS:
        print(f"webhook receiver: installing {STANDARDWEBHOOKS} into {os.path.relpath(VENV, ROOT)} "
              "(first run only)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        STANDARDWEBHOOKS], check=True)
        with open(stamp, "w") as f:
            f.write(STANDARDWEBHOOKS)
    script = os.path.abspath(sys.argv[0])
    os.execve(python, [python, script] + sys.argv[1:], dict(os.environ, WEBHOOK_RECEIVER_VENV=VENV))


def _read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def secrets_key():
    """A fresh WEBHOOK_SECRETS_KEY for one run: base64 of 32 random bytes."""
    return base64.b64encode(os.urandom(32)).decode()


class Receipt:
    """One accepted event: its type, its grant, when it first and last arrived, how often."""

    __slots__ = ("event_type", "request_id", "first_at", "count")

    def __init__(self, event_type, request_id, at):
        self.event_type, self.request_id, self.first_at, self.count = event_type, request_id, at, 1


class WebhookReceiver:
    """The receiver on 127.0.0.1:`port`; `hold_secs` is how long `hang` holds a request (more than
    the sender's timeout)."""

    def __init__(self, port, hold_secs=3.0, keep_alive=False):
        self.port = port
        self.keep_alive = keep_alive
        self.url = f"http://127.0.0.1:{port}/hooks/grants"
        self.hold_secs = hold_secs
        self.secret = None
        self.mode = "ok"
        self.lock = threading.Lock()
        self.events = {}  # event id -> Receipt, for the events answered 2xx
        self.answered = {"ok": 0, "500": 0, "hang": 0}  # requests answered per mode
        self.unverified = 0  # requests whose signature or id did not verify
        self.server = None
        self._verifier = None

    def set_secret(self, secret):
        from standardwebhooks import Webhook
        self.secret = secret
        self._verifier = Webhook(secret)

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if receiver.keep_alive else "HTTP/1.0"

            def log_message(self, *_):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.take(body, {k.lower(): v for k, v in self.headers.items()})
                if status is None:  # hang
                    time.sleep(receiver.hold_secs)
                    status = 503
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up (hang): nobody is listening

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def set_mode(self, mode):
        assert mode in MODES, mode
        with self.lock:
            previous, self.mode = self.mode, mode
        if mode == "down" and previous != "down":
            self.stop()
        elif mode != "down" and previous == "down":
            self.start()

    def take(self, body, headers):
        """Verifies a request and answers it by the current mode: the status, or None to hang."""
        from standardwebhooks import WebhookVerificationError
        try:
            payload = self._verifier.verify(body, headers)
            # The body's id is the event id the header names: what receivers dedupe on.
            verified = isinstance(payload, dict) and payload.get("id") == headers.get("webhook-id")
        except (WebhookVerificationError, ValueError, AttributeError):
            verified = False
        now = time.time()
        with self.lock:
            if not verified:
                self.unverified += 1
                return 400
            mode = self.mode
            if mode == "500":
                self.answered["500"] += 1
                return 500
            if mode == "hang":
                self.answered["hang"] += 1
                return None
            self.answered["ok"] += 1
            data = payload.get("data") or {}
            seen = self.events.get(payload["id"])
            if seen is None:
                self.events[payload["id"]] = Receipt(payload.get("type"), data.get("request_id"), now)
            else:
                seen.count += 1
            return 204

    def snapshot(self):
        """The accepted events (event id -> Receipt), a copy."""
        with self.lock:
            return dict(self.events)


def register(campaign_url, receiver, event_types, description):
    """`POST /admin/webhooks` on campaign-svc for the receiver; keeps the secret (shown once)."""
    import urllib.request
    req = urllib.request.Request(
        f"{campaign_url}/admin/webhooks", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"url": receiver.url, "event_types": event_types,
                         "description": description}).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        endpoint = json.loads(r.read())
    receiver.set_secret(endpoint["secret"])
    return endpoint["id"]
