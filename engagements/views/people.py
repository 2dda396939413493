"""The client's people and access page, one person's page (with where they are named), the
"Who covers now" page, and the invitee's page that accepts an invitation.

Who does what: anyone who sees the client reads these pages (the service desk included);
only its account manager changes people, where the client works, and who has access. A
client the user cannot see does not exist (404).
"""

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagements import selectors, services
from engagements.analysis.calendar import holiday_text, timeline, upcoming_holidays
from engagements.analysis.oncall import covering_in, on_call
from engagements.forms.people import (
    AcceptForm,
    InviteForm,
    LocationForm,
    OnCallForm,
    PersonForm,
)
from engagements.models import Invitation, Membership
from engagements.models.choices import WINDOW_SHORT
from engagements.permissions import can_edit
from engagements.services.invitations import InvitationInvalid, invitation_from_token
from engagements.views.advice import client_for
from engagements.views.common import attempt, show_refusal

# How far ahead the people page lists public holidays, and "Who covers now" its week.
HOLIDAYS_AHEAD_DAYS = 120
WEEK_DAYS = 7


def _people_context(request, client, **forms) -> dict:
    may_edit = can_edit(request.user, client)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(client.time_zone)).date()
    context = {
        "client": client,
        "may_edit": may_edit,
        "people": selectors.person_list(user=request.user, client=client),
        "holidays": upcoming_holidays(client, start=today, days=HOLIDAYS_AHEAD_DAYS),
        "today": today,
        "person_form": forms.get("person_form") or PersonForm(initial={"active": True}),
        "location_form": forms.get("location_form")
        or LocationForm(initial={"country": client.country, "subdivision": client.subdivision}),
        "invite_form": forms.get("invite_form") or InviteForm(),
    }
    if may_edit:
        context.update(selectors.client_access(user=request.user, client=client))
    return context


def _refuse_unless_manager(request, client) -> None:
    # Read the body before anything else, even where no field is used: an oversized post
    # is a 400 here as on every other page.
    request.POST  # noqa: B018
    if not can_edit(request.user, client):
        raise PermissionDenied("Only the account manager of this client can change this.")


def _back(client, anchor: str = ""):
    url = reverse("client_people", args=[client.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_GET
def people_page(request, client_pk: int):
    client = client_for(request, client_pk)
    return render(request, "engagements/people.html", _people_context(request, client))


@login_required
@require_POST
def person_add(request, client_pk: int):
    client = client_for(request, client_pk)
    _refuse_unless_manager(request, client)
    form = PersonForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "active"}
        outcome = attempt(lambda: services.person_create(client=client, by=request.user, **data))
        if outcome.ok:
            messages.success(request, f"{outcome.result.name} is in the directory.")
            return _back(client, "people")
        show_refusal(form, outcome)
    context = _people_context(request, client, person_form=form)
    return render(request, "engagements/people.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def person_page(request, client_pk: int, person_id: int):
    client = client_for(request, client_pk)
    person = get_object_or_404(
        selectors.person_list(user=request.user, client=client), pk=person_id
    )
    form = PersonForm(
        initial={
            "name": person.name,
            "side": person.side,
            "email": person.email,
            "phone": person.phone,
            "active": person.active,
        }
    )
    status = 200
    if request.method == "POST":
        _refuse_unless_manager(request, client)
        form = PersonForm(request.POST)
        if form.is_valid():
            outcome = attempt(
                lambda: services.person_update(person=person, by=request.user, **form.cleaned_data)
            )
            if outcome.ok:
                messages.success(request, f"{person.name} is saved.")
                return redirect("client_person", client.pk, person.pk)
            show_refusal(form, outcome)
        status = 422
    return render(
        request,
        "engagements/person.html",
        {
            "client": client,
            "person": person,
            "form": form,
            "may_edit": can_edit(request.user, client),
            "mentions": selectors.person_mentions(user=request.user, person=person),
        },
        status=status,
    )


@login_required
@require_POST
def location_set(request, client_pk: int):
    client = client_for(request, client_pk)
    _refuse_unless_manager(request, client)
    form = LocationForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            lambda: services.client_location_set(
                client=client, by=request.user, **form.cleaned_data
            )
        )
        if outcome.ok:
            messages.success(request, "Public holidays now follow where the client works.")
            return _back(client, "holidays")
        client.refresh_from_db()
        show_refusal(form, outcome)
    context = _people_context(request, client, location_form=form)
    return render(request, "engagements/people.html", context, status=422)


@login_required
@require_POST
def invitation_add(request, client_pk: int):
    client = client_for(request, client_pk)
    _refuse_unless_manager(request, client)
    form = InviteForm(request.POST)
    if form.is_valid():
        outcome = attempt(
            lambda: services.invitation_create(client=client, by=request.user, **form.cleaned_data)
        )
        if outcome.ok:
            messages.success(request, f"Invitation sent to {outcome.result.email}.")
            return _back(client, "access")
        show_refusal(form, outcome)
    context = _people_context(request, client, invite_form=form)
    return render(request, "engagements/people.html", context, status=422)


def _invitation_for(request, client, invitation_id) -> Invitation:
    _refuse_unless_manager(request, client)
    return get_object_or_404(Invitation, client=client, pk=invitation_id)


@login_required
@require_POST
def invitation_resend(request, client_pk: int, invitation_id: int):
    client = client_for(request, client_pk)
    invitation = _invitation_for(request, client, invitation_id)
    outcome = attempt(lambda: services.invitation_resend(invitation=invitation, by=request.user))
    if outcome.ok:
        messages.success(
            request, f"Sent again to {invitation.email}; the earlier link no longer works."
        )
    else:
        messages.error(request, outcome.message)
    return _back(client, "access")


@login_required
@require_POST
def invitation_revoke(request, client_pk: int, invitation_id: int):
    client = client_for(request, client_pk)
    invitation = _invitation_for(request, client, invitation_id)
    outcome = attempt(lambda: services.invitation_revoke(invitation=invitation, by=request.user))
    if outcome.ok:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    else:
        messages.error(request, outcome.message)
    return _back(client, "access")


@login_required
@require_POST
def member_remove(request, client_pk: int, membership_id: int):
    client = client_for(request, client_pk)
    _refuse_unless_manager(request, client)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), client=client, pk=membership_id
    )
    outcome = attempt(lambda: services.membership_remove(membership=membership, by=request.user))
    if outcome.ok:
        messages.success(
            request, f"{membership.user.email or membership.user} no longer has access."
        )
    else:
        messages.error(request, outcome.message)
    return _back(client, "access")


@require_http_methods(["GET", "POST"])
def invitation_accept_page(request, token: str):
    """The invitee's page: set a name and a password, and be signed in."""
    if request.method == "POST":
        request.POST  # noqa: B018  (read the body first: an oversized one is a 400)
    try:
        invitation = invitation_from_token(token)
    except InvitationInvalid as exc:
        return render(request, "engagements/invitation.html", {"refusal": exc.message}, status=410)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = attempt(
                lambda: services.invitation_accept(
                    token=token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password"],
                )
            )
        except InvitationInvalid as exc:
            context = {"refusal": exc.message}
            return render(request, "engagements/invitation.html", context, status=410)
        if outcome.ok:
            login(request, outcome.result, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome. You now have access to {invitation.client.name}.")
            return redirect("home")
        show_refusal(form, outcome)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "engagements/invitation.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


def _local_at(form, zone) -> dt.datetime:
    at = form.cleaned_data.get("at") if form.is_valid() else None
    if at is None:
        return timezone.now()
    # The form reads the time in the server's zone; the user typed the client's wall clock.
    wall_clock = timezone.make_naive(at) if timezone.is_aware(at) else at
    return wall_clock.replace(tzinfo=zone)


@login_required
@require_GET
def on_call_page(request, client_pk: int):
    """Who covers an activity now and through the next seven days, holidays marked."""
    client = client_for(request, client_pk)
    zone = zoneinfo.ZoneInfo(client.time_zone)
    activities = selectors.scope_activities(user=request.user, client=client)
    form = OnCallForm(request.GET or None, activities=activities)
    context = {"client": client, "form": form, "activities": activities}
    code = form.cleaned_data.get("activity") if form.is_valid() else ""
    if code:
        row = selectors.agreed_row(user=request.user, client=client, activity_code=code)
        if row is None:
            raise Http404("That activity is not in scope.")
        data = selectors.load_matrix(row.engagement)
        row = data.rows_by_id[row.pk]
        at = _local_at(form, zone)
        answer = on_call(data, row, at)
        week = []
        for span in timeline(row.engagement, answer.moment.local.date(), WEEK_DAYS):
            roles = covering_in(data, row, span.window)
            week.append(
                {
                    "span": span,
                    "window": WINDOW_SHORT[span.window],
                    "roles": roles,
                    "people": [p for role in roles for p in data.role_people(role) if p.active],
                    "now": span.start <= answer.moment.local < span.end,
                }
            )
        context.update(
            {
                "answer": answer,
                "window_label": WINDOW_SHORT[answer.moment.window],
                "week": week,
                "engagement": row.engagement,
                "targets": data.row_targets(row),
            }
        )
    today = timezone.now().astimezone(zone).date()
    context["holidays"] = [
        holiday_text(day, name)
        for day, name in upcoming_holidays(client, start=today, days=WEEK_DAYS)
    ]
    return render(request, "engagements/on_call.html", context)
