"""gunicorn's settings, read from the environment (docs/operations/configuration.md).

gunicorn reads this file from the directory it starts in (`make serve`, `make loadtest`);
options on its command line win over it.

The default worker is sync: one request at a time per worker, and the connection closed
after each answer, so every request goes to whichever worker is free. gthread keeps a
client's connection open between requests (keep-alive); measured with 8 clients polling
over 3 workers (docs/operations/performance.md) it saved no CPU per request and each
kept-alive client stayed with one worker, so requests queued behind a busy worker while
another idled: slower at the 95th percentile. It suits many short-lived clients, or
threads (`GUNICORN_THREADS`) for an app that waits on the network.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


# Workers: gunicorn reads WEB_CONCURRENCY itself (1 without it; `make serve` asks for 3).
threads = _int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "") or "sync"
keepalive = _int("GUNICORN_KEEPALIVE", 5)
