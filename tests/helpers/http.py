"""Clients and addresses for the page and API tests."""

import re

from django.test import Client
from rest_framework.test import APIClient

HTMX = {"HTTP_HX_REQUEST": "true"}

_ENGAGEMENT_PATH = re.compile(r"^/api/engagements/(\d+)/")
_TOOL_PATH = re.compile(r"^/api/tools/(\d+)/")


class _KeepsTheWriteContract:
    """A script that keeps the write contract: every write to an engagement's content sends
    the engagement's current ETag as If-Match, unless the test sends its own (an empty one
    to leave it out). Tests about something else than concurrency need not fetch it first;
    tests of the contract itself send the header they mean."""

    def generic(self, method, path, data="", content_type=None, **extra):
        # The matrix's own tests are about If-Match and always say what they send.
        writes = method in {"POST", "PUT", "PATCH", "DELETE"} and "/matrix/" not in path
        if writes and "HTTP_IF_MATCH" not in extra:
            etag = _current_etag(path, data, content_type)
            if etag:
                extra["HTTP_IF_MATCH"] = etag
        return super().generic(method, path, data, content_type, **extra)


class CarefulClient(_KeepsTheWriteContract, APIClient):
    pass


class CarefulDjangoClient(_KeepsTheWriteContract, Client):
    pass


def _current_etag(path: str, data, content_type) -> str | None:
    from engagements.models import Engagement, Tool

    engagement_id = None
    if match := _ENGAGEMENT_PATH.match(path):
        engagement_id = int(match.group(1))
    elif match := _TOOL_PATH.match(path):
        engagement_id = (
            Tool.objects.filter(pk=match.group(1)).values_list("engagement_id", flat=True).first()
        )
    elif path.startswith("/api/tools/") and content_type == "application/json" and data:
        import json

        try:
            engagement_id = json.loads(data).get("engagement")
        except (ValueError, AttributeError):
            engagement_id = None
    if not isinstance(engagement_id, int):
        return None
    engagement = Engagement.objects.filter(pk=engagement_id).first()
    # The tag as the API serves it (a revision out of draft adds its status).
    return None if engagement is None else engagement.etag


def api_client(user=None, *, careful: bool = True) -> APIClient:
    """A logged-in API client; careful (the default) sends If-Match like a good script."""
    client = CarefulClient() if careful else APIClient()
    if user is not None:
        client.force_login(user)
    return client


def cell_url(engagement, row, role) -> str:
    return f"/engagements/{engagement.pk}/cells/{row.pk}/{role.pk}/"


def admin_form_data(response):
    """Everything an admin change page would post back unchanged."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data
