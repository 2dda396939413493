"""Throughput over HTTP behind `make loadtest`: gunicorn on 127.0.0.1 against the benchmark
database, driven by a bounded load generator, then stopped.

Uses the portfolio `make bench` builds (the SQLite file under bench/, or the database
DATABASE_URL names; `--quick` for the small one), starts gunicorn with `--workers` workers
on 127.0.0.1, and runs `--users` concurrent users for `--seconds`. Each user works on its own
120 x 12 engagement and repeats a mix: the matrix document (half of the time sending back
the ETag it holds, as a polling client does), the findings, a cell edit with If-Match, and
the portfolio home page. It prints requests/s, p50/p95/p99 per kind and in total, and the
errors (anything but 2xx or 304), and stops everything it started.

    python bench/loadtest.py                    # 30 s, 8 users, 3 workers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/raci_bench python bench/loadtest.py
    DATABASE_URL=... python bench/loadtest.py --two-servers

`--two-servers` (PostgreSQL only) starts a second gunicorn on `--port2`, first checks that
what must be shared is shared -- a session signed in on one is signed in on the other, a
lockout earned on one holds on the other, an edit through one makes the other's held ETag
412, and the other reads the findings stored after that edit -- then splits the users
across both servers.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402  (the benchmark's database and its parameters)

# What each user does, and how often (weights).
MIX = {"matrix": 3, "matrix (If-None-Match)": 2, "findings": 3, "cell edit": 1, "portfolio": 1}


def _args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small benchmark portfolio")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT", 8105)))
    parser.add_argument("--port2", type=int, default=int(os.environ.get("LOADTEST_PORT2", 8115)))
    parser.add_argument("--two-servers", action="store_true")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    args.sizes = dict(bench.QUICK if args.quick else bench.FULL)
    return args


# -- preparing the database (in this process) --------------------------------------------------


def prepare(args) -> dict:
    """Build (or reuse) the benchmark portfolio, store every findings count and result as
    the services would have, and hand out what the users need: an API token, the
    engagements they edit (120 x 12 drafts, one each) and the portfolio user's password."""
    bench._environment(args.sizes, args.seed)
    import django

    django.setup()
    from engagements import services
    from engagements.models import Engagement, Status
    from engagements.services.mfa import api_token_issue

    stored = bench.build(args.sizes, args.seed, rebuild=False)
    services.findings_counts_refresh()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=stored["user"])
    token = api_token_issue(user=user, name="make loadtest")
    engagements = list(
        Engagement.objects.filter(status=Status.DRAFT, client__memberships__user=user)
        .exclude(pk__in=[stored["large"], stored["oscal"]])
        .order_by("pk")
        .values_list("pk", flat=True)[: args.users]
    )
    if len(engagements) < args.users:
        raise SystemExit(f"Only {len(engagements)} draft engagements to edit; use fewer users.")
    from django.db import connection

    from engagements.models import Assignment

    cells = {}  # engagement -> (activity code, role name): the cell its user edits
    for engagement in engagements:
        cell = (
            Assignment.objects.filter(row__engagement_id=engagement, letters__contains="R")
            .select_related("row__activity", "role")
            .order_by("row__order", "row_id", "role__order")
            .first()
        )
        cells[engagement] = (cell.row.activity.code, cell.role.name, cell.letters)

    return {
        "token": token.key,
        "username": user.username,
        "password": "bench-password",  # generate_portfolio's account manager
        "engagements": engagements,
        "cells": cells,
        "database": f"{connection.vendor} ({connection.settings_dict['NAME']})",
        "vendor": connection.vendor,
    }


# -- the servers --------------------------------------------------------------------------------


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PYTHONWARNINGS": "ignore:No directory at",  # static files are not collected here
        # The synthetic account manager has no authenticator app: the production default
        # (RACI_REQUIRE_MFA=1) would send every page to enrolment.
        "RACI_REQUIRE_MFA": "0",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "raci_project.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: stopped as a whole
    )
    return process


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited with {process.returncode}.")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn on port {port} did not answer within {timeout:.0f} s.")


def server_cpu(servers: list[subprocess.Popen]) -> float:
    """CPU seconds used so far by every process of these servers (master and workers: each
    server is its own process group), from /proc; 0 where /proc is not there."""
    groups = {server.pid for server in servers}
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) in groups:  # process group; then utime and stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# -- signing in as a browser does -------------------------------------------------------------


def sign_in(http, base: str, username: str, password: str):
    """POST the login form (with its CSRF token); the answer the login gave."""
    page = http.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return http.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
    )


# -- the users ----------------------------------------------------------------------------------


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []
        self.generator_cpu = 0.0  # CPU seconds the load generator itself used
        self.server_cpu = 0.0  # and the app servers (not the database)

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {detail}")


@dataclass
class Answer:
    status_code: int
    headers: http.client.HTTPMessage
    body: bytes


class Connection:
    """One keep-alive HTTP/1.1 connection to a server, on the standard library's
    http.client. The generator shares two cores with the servers it measures: httpx spends
    several times the CPU per request, and every microsecond it spends is taken from the
    servers. Bodies are read (the server must send them) but never decoded or parsed. A
    connection the server closed (the sync worker closes after each answer, gthread after
    its keep-alive) is opened again before the next request."""

    def __init__(self, base: str, headers: dict[str, str]):
        parsed = urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.headers = headers
        self.http: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        sent = {**self.headers, **(headers or {})}
        for attempt in (1, 2):
            reused = self.http is not None
            if self.http is None:
                self.http = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.http.request(method, path, body=body, headers=sent)
                response = self.http.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    continue  # the server closed an idle connection as we sent on it
                raise
            if response.will_close:
                self.close()
            return Answer(response.status, response.headers, data)
        raise AssertionError("unreachable")

    def get(self, path: str, headers=None) -> Answer:
        return self.request("GET", path, headers=headers)

    def close(self) -> None:
        if self.http is not None:
            self.http.close()
            self.http = None


class User:
    """One simulated user: an API client with a token and a browser signed in, working on
    its own engagement."""

    def __init__(self, number: int, base: str, prepared: dict):
        import httpx

        self.rng = random.Random(number)
        self.engagement = prepared["engagements"][number]
        self.activity, self.role, self.original = prepared["cells"][self.engagement]
        # The letters the user flips the cell to and back from.
        self.other = "R" if self.original != "R" else "RC"
        self.flipped = False
        self.etag = None
        self.api = Connection(base, {"Authorization": f"Token {prepared['token']}"})
        # Signing in (untimed) takes a form and its CSRF token: httpx does that; the timed
        # requests send the session cookie it got.
        with httpx.Client(base_url=base, timeout=30) as signing_in:
            sign_in(signing_in, base, prepared["username"], prepared["password"])
            cookie = "; ".join(f"{k}={v}" for k, v in signing_in.cookies.items())
        self.browser = Connection(base, {"Cookie": cookie})
        self.matrix = f"/api/engagements/{self.engagement}/matrix/"
        self.findings = f"/api/engagements/{self.engagement}/findings/"

    def close(self) -> None:
        self.api.close()
        self.browser.close()

    def once(self, kind: str):
        """Do one thing of this kind; (whether it went as expected, the answer)."""
        if kind == "matrix":
            response = self.api.get(self.matrix)
            self.etag = response.headers.get("ETag", self.etag)
            return response.status_code == 200, response
        if kind == "matrix (If-None-Match)":
            response = self.api.get(self.matrix, headers={"If-None-Match": self.etag or '"-"'})
            self.etag = response.headers.get("ETag", self.etag)
            return response.status_code in (200, 304), response
        if kind == "findings":
            response = self.api.get(self.findings)
            return response.status_code == 200, response
        if kind == "cell edit":
            self.flipped = not self.flipped
            letters = self.other if self.flipped else self.original
            body = {"cells": [{"activity": self.activity, "role": self.role, "letters": letters}]}
            response = self.api.request(
                "PATCH",
                self.matrix,
                body=json.dumps(body).encode(),
                headers={
                    "Content-Type": "application/json",
                    "If-Match": self.etag or '"-"',
                    "Prefer": "return=minimal",
                },
            )
            self.etag = response.headers.get("ETag", self.etag)
            return response.status_code in (200, 204), response
        response = self.browser.get("/")
        return response.status_code == 200, response

    def run(self, deadline: float, results: Results) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                ok, response = self.once(kind)
            except (OSError, http.client.HTTPException) as error:
                ok, response, detail = False, None, repr(error)
            elapsed = time.perf_counter() - started
            if not ok and response is not None:  # only a failure's body is ever decoded
                detail = f"{response.status_code} {response.body[:120].decode(errors='replace')!r}"
            results.add(kind, elapsed, ok, "" if ok else detail)


def drive(bases: list[str], prepared: dict, args, servers=()) -> tuple[Results, float]:
    """Sign every user in and warm each server's workers up (untimed), then run the mix for
    `args.seconds`."""
    users = [User(n, bases[n % len(bases)], prepared) for n in range(args.users)]
    try:
        for user in users:
            for kind in MIX:
                user.once(kind)
        results = Results()
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=user.run, args=(deadline, results), daemon=True)
            for user in users
        ]
        started, cpu, served = time.perf_counter(), time.process_time(), server_cpu(servers)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 60)
        results.generator_cpu = time.process_time() - cpu
        results.server_cpu = server_cpu(servers) - served
        return results, time.perf_counter() - started
    finally:
        for user in users:
            user.close()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results: Results, elapsed: float) -> int:
    everything = [t for times in results.times.values() for t in times]
    errors = sum(results.errors.values())
    print("| requests | kind | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for kind, times in sorted(results.times.items(), key=lambda item: -len(item[1])):
        print(
            f"| {len(times)} | {kind} | {len(times) / elapsed:.1f} | "
            f"{statistics.median(times) * 1000:.0f} | {_percentile(times, 0.95) * 1000:.0f} | "
            f"{_percentile(times, 0.99) * 1000:.0f} | {results.errors[kind]} |"
        )
    if everything:
        print(
            f"| {len(everything)} | all | {len(everything) / elapsed:.1f} | "
            f"{statistics.median(everything) * 1000:.0f} | "
            f"{_percentile(everything, 0.95) * 1000:.0f} | "
            f"{_percentile(everything, 0.99) * 1000:.0f} | {errors} |"
        )
    for example in results.examples:
        print(f"error: {example}")
    return 0 if everything and not errors else 1


# -- two servers, one database ----------------------------------------------------------------


def check_shared(first: str, second: str, prepared: dict) -> list[str]:
    """What must hold across app servers; one line per check, raising on the first that
    does not hold."""
    import httpx
    from django.conf import settings
    from django.contrib.auth import get_user_model

    lines = []
    with httpx.Client(timeout=30) as browser:
        signed_in = sign_in(browser, first, prepared["username"], prepared["password"])
        assert signed_in.status_code == 302, f"sign-in on {first}: {signed_in.status_code}"
        home = browser.get(f"{second}/")
        assert home.status_code == 200, f"the session from {first} on {second}: {home.status_code}"
    lines.append("session: signed in on the first server, the second shows the portfolio")

    victim = get_user_model().objects.create_user(
        f"lockout-{int(time.time() * 1000)}", password="the-right-password"
    )
    with httpx.Client(timeout=30) as attacker:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(attacker, first, victim.username, "wrong")
    with httpx.Client(timeout=30) as browser:
        refused = sign_in(browser, second, victim.username, "the-right-password")
    assert refused.status_code == 429, f"lockout on {second}: {refused.status_code}"
    lines.append(
        f"lockout: {settings.AXES_FAILURE_LIMIT} failures on the first server, the right "
        "password refused (429) on the second"
    )

    api = {"Authorization": f"Token {prepared['token']}"}
    engagement = prepared["engagements"][0]
    activity, role, original = prepared["cells"][engagement]
    matrix = f"/api/engagements/{engagement}/matrix/"
    findings = f"/api/engagements/{engagement}/findings/?page_size=1000"
    with httpx.Client(timeout=30, headers=api) as http:
        held = http.get(f"{first}{matrix}").headers["ETag"]
        before = http.get(f"{first}{findings}").json()["count"]
        body = {"cells": [{"activity": activity, "role": role, "letters": ""}]}
        edited = http.patch(
            f"{second}{matrix}", json=body, headers={"If-Match": held, "Prefer": "return=minimal"}
        )
        assert edited.status_code == 204, f"edit through {second}: {edited.status_code}"
        stale = http.patch(f"{first}{matrix}", json=body, headers={"If-Match": held})
        assert stale.status_code == 412, f"stale ETag on {first}: {stale.status_code}"
        lines.append("versions: an edit through the second server, the first's ETag is 412")

        on_first = http.get(f"{first}{findings}")
        on_second = http.get(f"{second}{findings}")
        assert on_first.json() == on_second.json(), "the servers disagree on the findings"
        assert on_first.headers["ETag"] == on_second.headers["ETag"]
        lines.append(
            f"stored findings: both servers read the same findings after the edit "
            f"({before} before, {on_first.json()['count']} after), with the same ETag"
        )
        restore = {"cells": [{"activity": activity, "role": role, "letters": original}]}
        http.patch(
            f"{first}{matrix}",
            json=restore,
            headers={"If-Match": edited.headers["ETag"], "Prefer": "return=minimal"},
        )
    return lines


def main(argv=None) -> int:
    args = _args(argv)
    prepared = prepare(args)
    if args.two_servers and prepared["vendor"] != "postgresql":
        print("--two-servers needs PostgreSQL: set DATABASE_URL (SQLite is one file per host).")
        return 2
    ports = [args.port, args.port2] if args.two_servers else [args.port]
    servers = []
    try:
        for port in ports:
            servers.append(start_server(port, args.workers))
        for port, server in zip(ports, servers, strict=True):
            wait_ready(port, server)
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        if args.two_servers:
            for line in check_shared(bases[0], bases[1], prepared):
                print(f"holds: {line}")
        load_before = os.getloadavg()[0]
        results, elapsed = drive(bases, prepared, args, servers)
        server_seconds = results.server_cpu
        load = os.getloadavg()
        print(
            f"\n{prepared['database']}, {len(servers)} server(s) x {args.workers} gunicorn "
            f"{os.environ.get('GUNICORN_WORKER_CLASS') or 'sync'} workers "
            f"({os.environ.get('GUNICORN_THREADS') or 1} thread each), {args.users} users, "
            f"{elapsed:.0f} s; {os.cpu_count()} cores, load "
            f"{load_before:.2f} before, {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} after"
        )
        requests = sum(len(times) for times in results.times.values())
        print(
            f"load generator: {results.generator_cpu:.1f} CPU s in {elapsed:.0f} s "
            f"({results.generator_cpu / elapsed:.0%} of one core), "
            f"{results.generator_cpu / max(1, requests) * 1000:.2f} ms CPU a request; "
            f"app servers: {server_seconds:.1f} CPU s, "
            f"{server_seconds / max(1, requests) * 1000:.1f} ms CPU a request"
        )
        return report(results, elapsed)
    finally:
        for server in servers:
            stop_server(server)


if __name__ == "__main__":
    sys.exit(main())
