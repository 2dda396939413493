"""schemathesis hooks for .ci/schemathesis (loaded through SCHEMATHESIS_HOOKS).

- Auth: an API token asked for with the demo user's password (POST /api/auth/token/), and
  asked for again after the run's own DELETE /api/auth/token/ revoked it.
- If-Match: a write to an engagement's content needs the matrix ETag (428 without, 412 when
  stale). schemathesis cannot know the current one, so every case of such an operation is
  sent with it, read just before from the engagement the case names: positive data then
  reaches the validation and must be accepted, negative data must be refused for what it is.
  The case that leaves the header out on purpose (the coverage phase's "missing If-Match")
  is sent as generated and must be a 428.

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
    if "If-Match" not in case.operation.headers:
        return
    if _leaves_if_match_out_on_purpose(case):
        return
    auth = (case.headers or {}).get("Authorization", "")
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
