"""What every page shares: finding the engagement the user may see, calling a service
through the page door, and answering an htmx request with fragments."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse

from engagements import selectors
from engagements.doors import through
from engagements.errors import RaciError, StaleVersion
from engagements.forms.common import add_service_errors
from engagements.models import Door, Engagement, MembershipKind, Status
from engagements.models.labels import person_name
from engagements.permissions import can_edit, can_review, memberships_of
from engagements.services.common import versions_restored


def engagement_for(request, pk: int) -> Engagement:
    """The engagement revision, if this user may see it; otherwise it does not exist (404)."""
    return get_object_or_404(selectors.engagement_list(user=request.user), pk=pk)


def part_of(engagement: Engagement, parts, part_id: int):
    """One row, role or tool of this revision (`parts` is its selector), or a 404 for any
    other; tied to the revision object the page holds, so each service sees the version
    the one before it bumped."""
    part = get_object_or_404(parts(engagement=engagement), pk=part_id)
    part.engagement = engagement
    return part


# Pages name people as everything else does.
person = person_name


def is_account_manager(user) -> bool:
    return user.is_superuser or MembershipKind.ACCOUNT_MANAGER in memberships_of(user).values()


def may_transition(engagement: Engagement) -> bool:
    """A move to the other model starts from a draft (in place) or a signed-off revision (a
    new draft); one in review or superseded is refused (services.engagement_transition)."""
    return engagement.status in (Status.DRAFT, Status.SIGNED_OFF)


def abilities(user, engagement: Engagement) -> dict:
    """What the user may do on this revision, for the templates."""
    may_edit = can_edit(user, engagement)
    return {
        "may_transition": may_edit and may_transition(engagement),
        "may_edit": may_edit,
        "editing": may_edit and engagement.is_editable,
        "may_review": can_review(user, engagement),
        "may_comment": not engagement.is_frozen,
        "may_acknowledge": not engagement.is_frozen,
    }


@dataclass
class Outcome:
    """What happened when a page asked a service to do something."""

    ok: bool
    result: Any = None
    errors: ValidationError | None = None
    message: str = ""
    stale: bool = False
    changed_by: str = ""  # when stale: who changed the matrix since the page was loaded
    status: int = 200
    field_errors: dict[str, list[str]] = field(default_factory=dict)


def attempt(work: Callable[[], Any]) -> Outcome:
    """Run one or more service calls as a single change through the page door.

    Everything in `work` is committed together or not at all (and an engagement it changed
    in memory gets its stored version back). Validation errors and the
    services' own refusals come back as an Outcome for the page to show; a PermissionDenied
    is left to Django (403).
    """
    try:
        with versions_restored(), through(Door.PAGE), transaction.atomic():
            result = work()
    except ValidationError as exc:
        field_errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Outcome(
            ok=False,
            errors=exc,
            status=422,
            field_errors=field_errors,
            message=" ".join(message for messages in field_errors.values() for message in messages),
        )
    except StaleVersion as exc:
        return Outcome(
            ok=False,
            message=exc.message,
            stale=True,
            changed_by=exc.changed_by or "someone else",
            status=exc.status_code,
        )
    except RaciError as exc:
        return Outcome(ok=False, message=exc.message, status=exc.status_code)
    return Outcome(ok=True, result=result)


def show_refusal(form, outcome: Outcome) -> None:
    """Put what a service refused on the form: each error on the field it names (or at the
    top), or the refusal's message at the top when it named no field."""
    if outcome.errors is not None:
        add_service_errors(form, outcome.errors)
    else:
        form.add_error(None, outcome.message)


def expected_version(request) -> int | None:
    """The matrix version the page was showing when the user changed it."""
    raw = request.POST.get("expected_version", "")
    try:
        return int(raw)
    except ValueError:
        return None


def back_to(
    engagement: Engagement, name: str = "engagement_matrix", anchor: str = "", query: str = ""
):
    url = reverse(name, args=[engagement.pk]) + query
    return redirect(f"{url}#{anchor}" if anchor else url, permanent=False)


def saved_trigger(engagement: Engagement) -> dict:
    """The htmx event that tells the page its change was saved, with the version it made."""
    return {"raci:saved": {"version": engagement.version}}


def fragments(request, parts: list[tuple[str, dict]], *, status=200, trigger=None):
    """An htmx answer made of several rendered partials: the first replaces the request's
    target, the others carry hx-swap-oob and replace the element with their id.

    Each out-of-band part travels inside a <template>: after a table row or cell the HTML
    parser is in table mode and would drop the forms of a later panel; a template parses
    its content on its own, and htmx unwraps it.
    """
    first, *others = parts
    html = render_to_string(first[0], first[1], request) + "".join(
        f"<template>{render_to_string(template, context, request)}</template>"
        for template, context in others
    )
    response = HttpResponse(html, status=status)
    if trigger:
        response["HX-Trigger"] = json.dumps(trigger)
    return response
