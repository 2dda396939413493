"""schemathesis hooks for .ci/schemathesis (loaded through SCHEMATHESIS_HOOKS).

- Auth: an API token asked for with the demo user's password (POST /api/auth/token/), and
  asked for again after the run's own DELETE /api/auth/token/ revoked it.
- If-Match: a write to an engagement's content needs the matrix ETag (428 without, 412 when
  stale). schemathesis cannot know the current one, so every case of such an operation is
  sent with it, read just before from the engagement the case names: positive data then
  reaches the validation and must be accepted, negative data must be refused for what it is.
  The case that leaves the header out on purpose (the coverage phase's "missing If-Match")
  is sent as generated and must be a 428.

- Real ids in bodies: a made-up engagement or client id in a valid body is a 400 "no such
  object", so every valid body names the user's current engagement (and its client).
  Invalid cases are sent as generated.
- Rules between fields (business hours end after they start; an engagement does not end
  before it begins) cannot be written in a JSON Schema: valid data is made to keep them.

Environment: ST_BASE_URL, ST_USER, ST_PASSWORD.
"""

import os

import requests
import schemathesis

BASE_URL = os.environ.get("ST_BASE_URL", "http://127.0.0.1:8311")
SESSION = requests.Session()


TOKEN = {"key": None}


@schemathesis.auth(refresh_interval=None)
class DemoToken:
    """The token, kept here: asked for once, and again after the run revoked it."""

    def get(self, case, ctx):
        if TOKEN["key"] is None:
            response = SESSION.post(
                f"{BASE_URL}/api/auth/token/",
                json={"username": os.environ["ST_USER"], "password": os.environ["ST_PASSWORD"]},
                timeout=30,
            )
            response.raise_for_status()
            TOKEN["key"] = response.json()["token"]
        return TOKEN["key"]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Token {data}"


@schemathesis.hook
def after_call(ctx, case, response):
    if case.operation.label == "DELETE /api/auth/token/" and response.status_code == 204:
        TOKEN["key"] = None  # revoked: the next case asks for a new one


REAL = {}


def _real_ids(auth: str) -> dict:
    """The user's current engagement and its client (a draft for the demo's Cobalt users)."""
    if not REAL:
        response = SESSION.get(
            f"{BASE_URL}/api/engagements/",
            params={"current": "true"},
            headers={"Authorization": auth},
            timeout=30,
        )
        results = response.json().get("results", []) if response.status_code == 200 else []
        drafts = [e for e in results if e.get("status") == "draft"] or results
        if drafts:
            REAL.update(engagement=drafts[0]["id"], client=drafts[0]["client"]["id"])
    return REAL


def _aim(case, auth: str) -> None:
    """For valid data only: the real engagement (or client) in place of a made-up id in the
    body (a made-up one there can only be refused). Ids in paths are left to schemathesis,
    which reuses the ids it reads in answers: rewriting them here made its own record of
    which part of a case is invalid wrong."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return  # invalid data stays as generated: a made-up id may be what makes it invalid
    real = _real_ids(auth)
    if not real:
        return
    path = case.operation.path
    if isinstance(case.body, dict):
        if path in ("/api/engagements/", "/api/engagements/{id}/"):
            _between_fields(case.body)
        if path == "/api/tools/" and "engagement" in case.body:
            case.body["engagement"] = real["engagement"]
        if path == "/api/engagements/" and "client" in case.body:
            case.body["client"] = real["client"]


def _clock(text: str) -> tuple:
    return tuple(int(part) for part in text.split(".")[0].split(":"))


def _between_fields(body: dict) -> None:
    """Rules between two fields, which a JSON Schema cannot state, kept in valid data:
    business hours end after they start, an engagement does not end before it begins."""
    if "business_start" in body or "business_end" in body:
        body.setdefault("business_start", "00:00")
        body.setdefault("business_end", "23:59")
        start, end = body["business_start"], body["business_end"]
        if not (isinstance(start, str) and isinstance(end, str)):
            return  # a form (the from-sheet upload) carries its own fields
        if _clock(end) <= _clock(start):
            body["business_start"], body["business_end"] = "08:00", "17:00"
    if "effective_from" in body or "effective_to" in body:
        body.setdefault("effective_from", None)
        body.setdefault("effective_to", None)
        start, end = body["effective_from"], body["effective_to"]
        if start and end and end < start:
            body["effective_from"], body["effective_to"] = end, start


def _engagement_of(case, auth: str) -> int | None:
    """The engagement a write names: in its path, or (creating a tool) in its body; for a
    tool, the tool's engagement."""
    params = case.path_parameters or {}
    path = case.operation.path
    if path.startswith("/api/tools/"):
        if "id" in params:
            tool = SESSION.get(
                f"{BASE_URL}/api/tools/{params['id']}/", headers={"Authorization": auth}, timeout=30
            )
            return tool.json().get("engagement") if tool.status_code == 200 else None
        body = case.body if isinstance(case.body, dict) else {}
        return body.get("engagement")
    for name in ("engagement_pk", "id"):
        if name in params:
            return params[name]
    return None


def _leaves_if_match_out_on_purpose(case) -> bool:
    meta = case.meta
    data = getattr(getattr(meta, "phase", None), "data", None)
    return getattr(data, "parameter", None) == "If-Match"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    auth = (case.headers or {}).get("Authorization") or f"Token {DemoToken().get(case, ctx)}"
    _aim(case, auth)
    if "If-Match" not in case.operation.headers:
        return
    if _leaves_if_match_out_on_purpose(case):
        return
    engagement = _engagement_of(case, auth)
    if engagement is None:
        return
    matrix = SESSION.get(
        f"{BASE_URL}/api/engagements/{engagement}/matrix/",
        headers={"Authorization": auth},
        timeout=30,
    )
    etag = matrix.headers.get("ETag")
    if matrix.status_code == 200 and etag:
        case.headers = case.headers or {}
        case.headers["If-Match"] = etag
