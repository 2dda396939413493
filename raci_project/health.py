"""Health for load balancers, and the answer when the database is out of reach.

/healthz: the process answers (no database). /readyz: the database answers and every
migration is applied. Neither needs a login, and neither says more than up or down: no
host names, ports or driver messages.

server_error (handler500): an exception that reached Django. When it is the database that
failed (unreachable, connection lost), the answer is 503 with Retry-After, in JSON under
/api/ and a plain page elsewhere; any other error is a 500 the same way. Both name the
request id, which the request log carries too.
"""

import sys

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)

_migrated = False  # once every migration is applied, a running process can stop looking


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database_ready() -> tuple[bool, str]:
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if not _migrated:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return False, "migrations pending"
            _migrated = True
    except DATABASE_ERRORS:
        return False, "database unreachable"
    return True, "ready"


@csrf_exempt
@require_safe
@never_cache
def readyz(request):
    ready, state = _database_ready()
    if ready:
        return JsonResponse({"status": "ready"})
    response = JsonResponse({"status": "unavailable", "reason": state}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    error = sys.exc_info()[1]
    outage = isinstance(error, DATABASE_ERRORS)
    status = 503 if outage else 500
    request_id = getattr(request, "id", "")
    if outage:
        detail = (
            "The service is temporarily unavailable: its database does not answer. "
            "Try again shortly."
        )
    else:
        detail = "Something went wrong on our side; it has been logged."
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail, "request_id": request_id}, status=status)
    else:
        # A page that needs nothing but this template: no database, no context processors.
        html = render_to_string(
            "error.html", {"status": status, "detail": detail, "request_id": request_id}
        )
        response = HttpResponse(html, status=status)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
