"""The portfolio benchmark behind `make bench`: does the app keep up with a whole MSP?

Builds (once) a synthetic portfolio in its own database -- by default the SQLite file
bench/bench-<parameters>.sqlite3, or the database DATABASE_URL names (PostgreSQL) -- with
`generate_portfolio` (500 clients x 120 activities x 12 roles, plus one engagement of
1,000 activities x 20 roles), then times each path a user waits on and prints one line
per path: median and p95 (ms or s), SQL queries, peak memory where it matters, the floor
measured in the same run, the ratio to it, the target and PASS/MISS.

Floors: for database reads, one raw SQL query fetching the same rows (no ORM, no Python
work on them); for the xlsx export, openpyxl write-only mode writing the same cells bare;
for the import, openpyxl read-only mode reading the same workbook's values.

    python bench/run.py                 # the full portfolio (first build takes minutes)
    python bench/run.py --quick         # 50 clients, a 200 x 10 large engagement
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/raci_bench python bench/run.py

The database is reused while the parameters are the same (they are stored in it); other
parameters rebuild it. Writes made while measuring are rolled back.
"""

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = {"clients": 50, "activities": 60, "roles": 10, "large_activities": 200, "large_roles": 10}
FULL = {"clients": 500, "activities": 120, "roles": 12, "large_activities": 1000, "large_roles": 20}
META_TABLE = "bench_parameters"
SP800_53_MODERATE = "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog-min.json"


def _args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small portfolio, fewer repeats")
    for name, default in FULL.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=None)
        del default
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per read path")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--only", default="", help="comma-separated line names to run")
    parser.add_argument("--profile", default="", help="cProfile this line name, print it")
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    for name in FULL:
        if getattr(args, name) is not None:
            sizes[name] = getattr(args, name)
    args.sizes = sizes
    if args.repeat is None:
        args.repeat = 5 if args.quick else 15
    return args


def _environment(sizes: dict, seed: int) -> None:
    """Settings for a production-like process (DEBUG off) that the test Client can call."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raci_project.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    os.environ.setdefault("DEBUG", "0")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        os.environ[name] = "0"
    # The synthetic account manager has no authenticator app: with the production default
    # (RACI_REQUIRE_MFA=1) every page and API session would be sent to enrolment. The check
    # costs no query either way (what a session owes is decided at sign-in).
    os.environ["RACI_REQUIRE_MFA"] = "0"
    if not os.environ.get("DATABASE_URL"):
        tag = "-".join(f"{v}" for v in sizes.values()) + f"-s{seed}"
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / f'bench-{tag}.sqlite3'}"


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)  # seconds
    queries: int | None = None
    peak_mb: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p95(self) -> float:
        ordered = sorted(self.runs)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(func, repeat: int, *, queries=True, memory=False, warmup=1) -> Timing:
    """Time `func` `repeat` times (after `warmup` untimed runs); count the queries of one
    more run; trace the peak memory of one more (tracemalloc slows Python: never timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timing = Timing()
    for _ in range(warmup):
        func()
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        timing.runs.append(time.perf_counter() - started)
    if queries:
        with CaptureQueriesContext(connection) as captured:
            func()
        timing.queries = len(captured)
    if memory:
        tracemalloc.start()
        try:
            func()
            timing.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    return timing


@dataclass
class Line:
    name: str
    timing: Timing
    floor: Timing | None
    target: str
    ok: bool | None
    seconds: bool = False  # print in s instead of ms
    note: str = ""

    def cells(self) -> list[str]:
        scale, unit = (1, "s") if self.seconds else (1000, "ms")
        fmt = "{:.2f}" if self.seconds else "{:.1f}"
        t = self.timing
        floor = fmt.format(self.floor.median * scale) if self.floor else "-"
        ratio = f"{t.median / self.floor.median:.1f}x" if self.floor and self.floor.median else "-"
        return [
            self.name,
            unit,
            fmt.format(t.median * scale),
            fmt.format(t.p95 * scale),
            "-" if t.queries is None else str(t.queries),
            "-" if t.peak_mb is None else f"{t.peak_mb:.0f}",
            floor,
            ratio,
            self.target,
            "-" if self.ok is None else ("PASS" if self.ok else "MISS"),
        ]


HEADER = ["path", "unit", "median", "p95", "queries", "peak MB", "floor", "ratio", "target", ""]


def table(lines: list[Line]) -> str:
    rows = [HEADER] + [line.cells() for line in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    out = []
    for n, row in enumerate(rows):
        out.append(
            "| "
            + " | ".join(
                cell.ljust(w) if i in (0, 8) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


# -- the database -----------------------------------------------------------------------------


def _stored_parameters():
    from django.db import connection

    if META_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT parameters FROM {META_TABLE}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def build(sizes: dict, seed: int, rebuild: bool) -> dict:
    """Migrate, load the catalogs, generate the portfolio, select SP 800-53 moderate on one
    engagement; skipped when the database already holds this portfolio."""
    from django.core.management import call_command
    from django.db import connection

    wanted = {**sizes, "seed": seed}
    stored = _stored_parameters()
    if stored and stored.get("sizes") == wanted and not rebuild:
        call_command("migrate", verbosity=0)  # the code may have moved on since the build
        return stored
    if stored is not None or rebuild:
        print("Emptying the benchmark database (other parameters) ...", flush=True)
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {META_TABLE}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "catalog", verbosity=0)
    out = io.StringIO()
    call_command(
        "load_catalog",
        str(ROOT / "fixtures/oscal" / SP800_53_MODERATE),
        stdout=out,
    )
    print(f"Catalogs loaded ({time.perf_counter() - started:.1f} s); generating ...", flush=True)
    from engagements.demo.synthetic import PortfolioSize, generate_portfolio

    generating = time.perf_counter()
    totals = generate_portfolio(PortfolioSize(**sizes, seed=seed))
    generated = time.perf_counter() - generating
    oscal_id = _select_moderate(totals)
    stored = {
        "sizes": wanted,
        "large": totals["large_engagement_id"],
        "oscal": oscal_id,
        "user": totals["account_manager"],
        "generate_seconds": round(generated, 1),
        "totals": {k: v for k, v in totals.items() if isinstance(v, int)},
    }
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {META_TABLE} (parameters TEXT)")
        cursor.execute(f"INSERT INTO {META_TABLE} VALUES (%s)", [json.dumps(stored)])
    print(
        f"Built in {time.perf_counter() - started:.1f} s (generate_portfolio {generated:.1f} s): "
        f"{stored['totals']}",
        flush=True,
    )
    return stored


def _select_moderate(totals) -> int:
    """SP 800-53 moderate selected on the first synthetic client's draft (through the
    services, like a person choosing it)."""
    from engagements import services
    from engagements.doors import through
    from engagements.models import Door, Engagement, Framework, Status

    framework = Framework.objects.filter(name__icontains="800-53").first()
    engagement = (
        Engagement.objects.filter(client__slug__startswith="bench-0", status=Status.DRAFT)
        .select_related("client")
        .order_by("client__slug")
        .first()
    )
    with through(Door.COMMAND):
        services.controls_select(
            engagement=engagement, framework=framework, by=engagement.account_manager
        )
    return engagement.pk


# -- the lines --------------------------------------------------------------------------------


def raw(sql: str, params):
    """A floor: one raw query, every row fetched, nothing built from them."""
    from django.db import connection

    def fetch():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return fetch


CELLS_SQL = """
SELECT r.id, a.code, ro.name, x.letters, r.in_scope, r.split_note
FROM engagements_assignment x
JOIN engagements_matrixrow r ON r.id = x.row_id
JOIN engagements_activity a ON a.id = r.activity_id
JOIN engagements_role ro ON ro.id = x.role_id
WHERE r.engagement_id = %s
ORDER BY r."order", r.id, ro."order"
"""

ENGAGEMENTS_SQL = """
SELECT e.id, e.title, e.status, e.revision, e.service_model, c.name
FROM engagements_engagement e
JOIN engagements_client c ON c.id = e.client_id
JOIN engagements_membership m ON m.client_id = c.id
WHERE m.user_id = %s AND e.status <> 'superseded'
ORDER BY c.name, e.title
"""


def run(args) -> list[Line]:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client as HttpClient

    from engagements import selectors, services
    from engagements.analysis import engagement_findings
    from engagements.models import Engagement
    from engagements.selectors.findings import engagement_findings_read, parsed_forget
    from engagements.selectors.matrix import load_matrix

    stored = build(args.sizes, args.seed, args.rebuild)
    # The portfolio is bulk-built, not through the services, which store each engagement's
    # findings counts after a change: store them here (only those stale), as the services
    # would have, so the portfolio lines measure what a user sees.
    refreshing = time.perf_counter()
    counted = services.findings_counts_refresh()
    if counted:
        print(
            f"Findings counts stored for {counted} engagement(s) "
            f"({time.perf_counter() - refreshing:.1f} s).",
            flush=True,
        )
    user = get_user_model().objects.get(username=stored["user"])
    large = Engagement.objects.get(pk=stored["large"])
    http = HttpClient()
    http.force_login(user)
    repeat = args.repeat
    only = {n.strip() for n in args.only.split(",") if n.strip()}
    lines: list[Line] = []
    cells_floor = raw(CELLS_SQL, [large.pk])

    def want(name):
        return not only or name in only

    def get(url, expected=200):
        def call():
            response = http.get(url)
            assert response.status_code == expected, (url, response.status_code)
            return response

        return call

    def forgetting(func):
        def call():
            _documents_forget()
            return func()

        return call

    def add(name, func, floor, target_ms=None, max_queries=None, note="", max_ratio=None, **kw):
        if args.profile == name:
            _profile(func)
        timing = measure(func, repeat, **kw)
        floor_timing = measure(floor, repeat, queries=False) if floor else None
        ok = None
        target = []
        if target_ms is not None:
            ok = timing.median * 1000 < target_ms
            target.append(f"< {target_ms} ms")
        if max_ratio is not None and floor_timing is not None:
            ok = (ok is not False) and timing.median <= max_ratio * floor_timing.median
            target.append(f"<= {max_ratio:g}x")
        if max_queries is not None:
            ok = (ok is not False) and timing.queries <= max_queries
            target.append(f"<= {max_queries} q")
        lines.append(Line(name, timing, floor_timing, ", ".join(target), ok, note=note))
        print(table(lines[-1:]).splitlines()[-1], flush=True)

    print(table([]), flush=True)
    matrix_url = f"/api/engagements/{large.pk}/matrix/"
    if want("matrix document API"):
        # Read again by the same process: the version has not moved, the document is not
        # built again (what most reads are).
        add("matrix document API", get(matrix_url), cells_floor, 150, 10, max_ratio=5)
    if want("matrix document API (first read)"):
        # Built: what a read after a change costs, or the first read by a process.
        add(
            "matrix document API (first read)",
            forgetting(get(matrix_url)),
            cells_floor,
            150,
            10,
            max_ratio=5,
        )
    small = Engagement.objects.exclude(pk=large.pk).order_by("pk").first()
    small_url = f"/api/engagements/{small.pk}/matrix/"
    small_floor = raw(CELLS_SQL, [small.pk])
    if want("matrix document 120 x 12"):
        # The per-request floor: a small matrix, so what every request costs shows.
        add("matrix document 120 x 12", get(small_url), small_floor, 15)
    if want("matrix document 120 x 12 (first read)"):
        add("matrix document 120 x 12 (first read)", forgetting(get(small_url)), small_floor, 15)

    def findings():
        engagement = Engagement.objects.select_related("client").get(pk=large.pk)
        return engagement_findings_read(engagement).findings

    def findings_first_read():
        parsed_forget()
        return findings()

    if want("findings (large)"):
        # What a read costs: the stored findings, current since the last change committed,
        # read by a process that has not parsed them yet.
        add("findings (large)", findings_first_read, cells_floor, 100, max_ratio=5)
    if want("findings repeat read"):
        # Read again by the same process: the stored row is fetched, not parsed again.
        add("findings repeat read", findings, cells_floor, None, max_ratio=1.5)
    if want("findings in full (large)"):

        def findings_in_full():
            engagement = Engagement.objects.select_related("client").get(pk=large.pk)
            return engagement_findings(load_matrix(engagement))

        # Every rule over the whole loaded matrix: what a stale or missing result costs.
        add("findings in full (large)", findings_in_full, cells_floor, None)
    if want("findings API (large)"):
        add(
            "findings API (large)",
            get(f"/api/engagements/{large.pk}/findings/?page_size=1000"),
            cells_floor,
            None,
        )
    engagements_floor = raw(ENGAGEMENTS_SQL, [user.pk])
    if want("portfolio summary"):
        add(
            "portfolio summary",
            lambda: selectors.portfolio_findings_summary(user=user),
            engagements_floor,
            500,
        )
    if want("portfolio page"):
        add("portfolio page", get("/"), engagements_floor, None)
    if want("engagements API page 1"):
        add(
            "engagements API page 1",
            get("/api/engagements/"),
            raw(ENGAGEMENTS_SQL + " LIMIT 50", [user.pk]),
            None,
        )
    if want("matrix editor page"):
        add("matrix editor page", get(f"/engagements/{large.pk}/"), cells_floor, 300, 17)
    if want("grid cell save + findings"):
        add("grid cell save + findings", _grid_save(http, large), _cell_edit_floor(large), 200)
    if want("grid rows (100 more)"):
        domain = large.rows.order_by("-order").values_list("activity__domain_id", flat=True)[0]
        add(
            "grid rows (100 more)",
            get(f"/engagements/{large.pk}/grid/rows/?domain={domain}&start=0"),
            cells_floor,
            150,
        )
    if want("cell edit API + findings"):
        edit = _cell_edit(http, large)
        add("cell edit API + findings", edit, _cell_edit_floor(large), 100, max_ratio=5)
        edit.restore()
    if want("matrix PATCH refused"):
        refused, parse_floor = _unknown_cells_patch(http, large)
        add("matrix PATCH refused", refused, parse_floor, 300, 6)
    if want("xlsx export") or want("xlsx import"):
        lines.extend(_workbook_lines(args, large, user, want))
    if want("exhibit PDF (large)"):
        lines.extend(_pdf_lines(args, large))
    if want("OSCAL export (800-53 mod)"):
        add(
            "OSCAL export (800-53 mod)",
            get(f"/api/engagements/{stored['oscal']}/oscal/"),
            raw(
                "SELECT cr.id, c.oscal_id, cr.origination FROM "
                "engagements_controlresponsibility cr JOIN engagements_control c "
                "ON c.id = cr.control_id WHERE cr.engagement_id = %s",
                [stored["oscal"]],
            ),
            None,
        )
    del transaction
    return lines, stored


def _documents_forget() -> None:
    """Forget the matrix documents this process remembers (the first-read lines)."""
    from engagements.api.views.matrix import DOCUMENTS

    DOCUMENTS.clear()


def _cell_edit(http, large):
    """PATCH one cell of the large matrix (If-Match its version; Prefer: return=minimal, so
    the answer is not the whole 1,000-row document), then GET its findings: what an API client
    does to change a cell and see what it did. Committed, as a user's edit is (the stored
    findings are brought up to date once it commits); each run flips the cell between two
    letters, so the matrix ends as it began after an even number of runs."""
    from engagements.models import Assignment, Engagement

    cell = (
        Assignment.objects.filter(row__engagement=large)
        .select_related("row__activity", "role")
        .order_by("row__order", "role__order")
        .first()
    )
    original = cell.letters
    flipped = original + "C" if "C" not in original else original.replace("C", "") or "I"
    state = {"letters": original}

    def edit():
        etag = Engagement.objects.get(pk=large.pk).etag
        letters = flipped if state["letters"] == original else original
        response = http.patch(
            f"/api/engagements/{large.pk}/matrix/",
            data=json.dumps(
                {
                    "cells": [
                        {
                            "activity": cell.row.activity.code,
                            "role": cell.role.name,
                            "letters": letters,
                        }
                    ]
                }
            ),
            content_type="application/json",
            headers={"If-Match": etag, "Prefer": "return=minimal"},
        )
        assert response.status_code == 204, response.content[:300]
        state["letters"] = letters
        findings = http.get(f"/api/engagements/{large.pk}/findings/?page_size=1000")
        assert findings.status_code == 200

    def restore():
        if state["letters"] != original:
            edit()

    edit.restore = restore
    return edit


def _unknown_cells_patch(http, large):
    """A PATCH of the large matrix listing as many cells as it has (20,000 at full size,
    about 2 MB), every one naming an activity and a role it does not have: refused with a
    400 after one query of names, before any entry is validated (2.4 s before). The floor
    is parsing the same JSON body."""
    from engagements.models import Engagement

    count = large.rows.count() * large.roles.count()
    body = json.dumps(
        {
            "cells": [
                {"activity": f"no.such.duty.{i:05d}", "role": f"Nobody {i}", "letters": "A/R"}
                for i in range(count)
            ]
        }
    )

    def refused():
        etag = Engagement.objects.get(pk=large.pk).etag
        response = http.patch(
            f"/api/engagements/{large.pk}/matrix/",
            data=body,
            content_type="application/json",
            headers={"If-Match": etag},
        )
        assert response.status_code == 400, response.content[:300]
        assert "non_field_errors" in response.json()

    return refused, lambda: json.loads(body)


def _grid_save(http, large):
    """What the matrix editor sends when one cell is typed: the cell and what the grid
    showed (JSON), answered with the findings panel, status and counts drawn again. Rolled
    back each time."""
    from django.db import transaction

    from engagements.models import Assignment, Engagement

    cell = Assignment.objects.filter(row__engagement=large).order_by("pk").first()

    def save():
        shown = Engagement.objects.get(pk=large.pk)
        body = {
            "version": shown.version,
            "since": shown.updated_at.isoformat(),
            "cells": [
                {
                    "row": cell.row_id,
                    "role": cell.role_id,
                    "letters": "C" if "C" not in cell.letters else "I",
                    "was": cell.letters,
                }
            ],
        }
        with transaction.atomic():
            response = http.post(
                f"/engagements/{large.pk}/grid/save/",
                data=json.dumps(body),
                content_type="application/json",
            )
            assert response.status_code == 200, response.content[:300]
            transaction.set_rollback(True)

    return save


def _cell_edit_floor(large):
    """One UPDATE of the cell and one SELECT of the matrix's cells, rolled back."""
    from django.db import connection, transaction

    from engagements.models import Assignment

    cell_id = Assignment.objects.filter(row__engagement=large).order_by("pk").first().pk
    fetch = raw(CELLS_SQL, [large.pk])

    def floor():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE engagements_assignment SET letters = letters WHERE id = %s", [cell_id]
                )
            fetch()
            transaction.set_rollback(True)

    return floor


def _workbook_lines(args, large, user, want) -> list[Line]:
    """Export and import of the large engagement: seconds and peak memory, each with its
    openpyxl floor, alternated so both meet the same neighbours on a shared machine."""
    from django.db import transaction
    from openpyxl import load_workbook

    from bench.excel_bench import _bare_copy, _changed, _empty_copy
    from engagements.exports.imports import import_workbook
    from engagements.exports.xlsx import workbook_bytes
    from engagements.models import Engagement

    repeat = max(3, args.repeat // 3)

    def fresh(pk=large.pk):
        return Engagement.objects.select_related("client", "account_manager", "signed_off_by").get(
            pk=pk
        )

    content = workbook_bytes(fresh())
    lines = []
    if want("xlsx export"):
        export = lambda: workbook_bytes(fresh())  # noqa: E731
        bare = _bare_copy(content)
        timing, floor = Timing(), Timing()
        for _ in range(repeat):
            for func, into in ((export, timing), (bare, floor)):
                started = time.perf_counter()
                func()
                into.runs.append(time.perf_counter() - started)
        for func, into in ((export, timing), (bare, floor)):
            into.peak_mb = measure(func, 0, queries=False, memory=True, warmup=0).peak_mb
        timing.queries = measure(export, 0, warmup=0).queries
        ratio = timing.median / floor.median
        ok = timing.median < 3 and ratio <= 1.8 and timing.peak_mb < 300
        lines.append(
            Line("xlsx export (large)", timing, floor, "< 3 s, <= 1.8x, < 300 MB", ok, seconds=True)
        )
        print(table(lines[-1:]).splitlines()[-1], flush=True)
    if want("xlsx import"):

        def read_floor():
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            for ws in workbook.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            workbook.close()

        changed_content, changed = _changed(content, 0.1)

        def apply(pk=large.pk, data=changed_content):
            with transaction.atomic():
                import_workbook(
                    engagement=fresh(pk), file=io.BytesIO(data), by=user, filename="bench.xlsx"
                )
                transaction.set_rollback(True)

        floor = measure(read_floor, repeat, queries=False, warmup=0)
        timing = measure(apply, repeat, memory=True, warmup=0)
        ok = timing.median < 5 and timing.peak_mb < 300
        lines.append(
            Line(
                f"xlsx import ({changed} cells changed)",
                timing,
                floor,
                "< 5 s, < 300 MB",
                ok,
                seconds=True,
            )
        )
        print(table(lines[-1:]).splitlines()[-1], flush=True)

        def into_copy():
            with transaction.atomic():
                copy = _empty_copy(large, user)
                import_workbook(
                    engagement=fresh(copy.pk),
                    file=io.BytesIO(content),
                    by=user,
                    filename="bench.xlsx",
                )
                transaction.set_rollback(True)

        timing = measure(into_copy, max(1, repeat // 2), memory=True, warmup=0)
        ok = timing.median < 5 and timing.peak_mb < 300
        lines.append(
            Line("xlsx import (empty copy)", timing, floor, "< 5 s, < 300 MB", ok, seconds=True)
        )
        print(table(lines[-1:]).splitlines()[-1], flush=True)
    return lines


def _pdf_lines(args, large) -> list[Line]:
    """The exhibit PDF of the large engagement (WeasyPrint), with the workbook it is drawn
    from as its floor, alternated so both meet the same neighbours on a shared machine."""
    try:
        import weasyprint  # noqa: F401

        from engagements.exports.pdf import exhibit_pdf
        from engagements.exports.xlsx import workbook_bytes
        from engagements.models import Engagement
    except (ImportError, OSError):  # OSError: Pango's libraries are missing
        print("exhibit PDF (large): skipped, WeasyPrint (or Pango) is not installed", flush=True)
        return []

    def fresh(pk=large.pk):
        return Engagement.objects.select_related("client", "account_manager", "signed_off_by").get(
            pk=pk
        )

    make = lambda: exhibit_pdf(fresh())  # noqa: E731
    floor_func = lambda: workbook_bytes(fresh())  # noqa: E731
    if args.profile == "exhibit PDF (large)":
        _profile(make)
    repeat = max(1, args.repeat // 5)
    timing, floor = Timing(), Timing()
    for _ in range(repeat):
        for func, into in ((make, timing), (floor_func, floor)):
            started = time.perf_counter()
            func()
            into.runs.append(time.perf_counter() - started)
    timing.queries = measure(make, 0, warmup=0).queries
    ok = timing.median < 10
    line = Line("exhibit PDF (large)", timing, floor, "< 10 s", ok, seconds=True)
    print(table([line]).splitlines()[-1], flush=True)
    return [line]


def _profile(func) -> None:
    """cProfile one run (after a warm-up), the 25 costliest functions by own plus callee time."""
    import cProfile
    import pstats

    func()
    profiler = cProfile.Profile()
    profiler.enable()
    func()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main(argv=None) -> int:
    args = _args(argv)
    _environment(args.sizes, args.seed)
    import warnings

    import django

    # The test Client runs whitenoise's middleware without collected static files.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    lines, stored = run(args)
    load = os.getloadavg()
    print()
    print(
        f"{connection.vendor} ({connection.settings_dict['NAME']}), {os.cpu_count()} cores, "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; portfolio {stored['sizes']}, "
        f"{stored['totals']}; {args.repeat} timed runs per read path; process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(table(lines))
    return 0 if all(line.ok is not False for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
