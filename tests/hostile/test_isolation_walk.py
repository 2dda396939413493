"""Isolation, walked: every URL of the project (pages and API, found by walking the URLconf,
so a URL added later is walked too), with its ids filled from the other client's objects,
requested with every method it answers (GET and POST for page views) by the people of acme:
always a 404, never a page, a redirect to success or a 403 that would tell them the object
exists (a 405 for a method the view never takes only when a made-up id gets it too), and
globex's data is unchanged afterwards. Anonymous visitors are sent to the login page (pages)
or refused with 401/403 (API).

To walk a new URL, name its path kwargs in KWARGS (by kwarg name, or for `pk` and `id` by
the path segment before it). A kwarg the map does not know fails the walk with a message
saying so: a new URL cannot silently escape it.
"""

import json

import pytest
from django.conf import settings
from django.test import Client as PageClient
from django.urls import reverse
from rest_framework.test import APIClient

from engagements import services
from engagements.models import (
    Activity,
    ApiToken,
    Assessment,
    Assignment,
    ControlResponsibility,
    Engagement,
    FindingAcknowledgement,
    Invitation,
    ITTeam,
    Membership,
    Person,
)
from engagements.services.mfa import api_token_issue
from tests.helpers.matrix import snapshot
from tests.helpers.sheets import PLAIN, upload, xlsx
from tests.helpers.urlwalk import all_urls

pytestmark = pytest.mark.django_db

# URLs that name nothing of a client's: Django's admin and sign-in pages (staff and anyone,
# by design), the API schema and docs, and the API's JSON 404 for unmatched paths.
SKIP_PREFIXES = ("/admin/", "/accounts/")
# Public by design: the API's schema and docs, and the load balancers' health endpoints
# (which say only up or down; tests/project/test_health.py).
SKIP_NAMES = {
    "api-schema",
    "api-docs",
    "engagements.api.base.api_not_found",
    "healthz",
    "readyz",
}
# The invitee's page names no client's object by id: its signed token is the secret, and
# tests/services/test_invitations.py covers tampered, expired, used and revoked tokens.
SKIP_NAMES |= {"invitation_accept"}
# URLs whose kwargs name the shared catalog (every client sees it), not a client's object.
SHARED_CATALOG = {"api-domain-detail", "api-framework-controls"}

# kwarg name -> which of the other client's objects fills it. For "pk" and "id", the
# path segment before the kwarg says what it is ("/roles/{pk}/" is a role).
KWARGS = {
    "engagement_pk": "engagement",
    "client_pk": "client",
    "row_id": "row",
    "role_id": "role",
    "tool_id": "tool",
    "control_id": "responsibility",
    "comment_id": "comment",
    "acknowledgement_id": "acknowledgement",
    "assessment_pk": "assessment",
    "token": "sheet",  # a sheet import under way (held in its starter's session)
    "person_id": "person",
    "person_pk": "person",
    "row_pk": "row",
    "invitation_id": "invitation",
    "membership_id": "membership",
    "token_id": "api_token",
}
BY_SEGMENT = {
    "engagements": "engagement",
    "clients": "client",
    "roles": "role",
    "rows": "row",
    "tools": "tool",
    "comments": "comment",
    "acknowledgements": "acknowledgement",
    "controls": "responsibility",
    "assignments": "assignment",
    "events": "event",
    "assessments": "assessment",
    "people": "person",
    "tokens": "api_token",
}

# What a POST carries: plausible values for every form and serializer field we know, so that
# a leak would change something rather than stop at a validation error.
FIELDS = {
    "letters": "R",
    "name": "Renamed by acme",
    "title": "Renamed by acme",
    "person_name": "Mallory",
    "body": "acme was here",
    "note": "acme was here",
    "reason": "acme was here",
    "split_note": "acme was here",
    "in_scope": "false",
    "side": "msp",
    "category": "RMM",
    "notes": "acme was here",
    "finding_key": "GAP_NO_RESPONSIBLE:activity=x",
    "origination": "msp",
    "it_team": ITTeam.NONE,
}


def _world(engagement, am, itm, framework) -> dict:
    """One of everything a URL can name, in one client's engagement."""
    services.comment_add(engagement=engagement, body="Question", by=itm)
    row = services.activity_create_custom(
        engagement=engagement,
        domain=Activity.objects.get(code="security.edr").domain,
        name=f"Only engagement {engagement.pk}'s duty",
        by=am,
    )
    FindingAcknowledgement.objects.create(
        engagement=engagement, finding_key="GAP_NO_RESPONSIBLE:activity=x", reason="ok", by=am
    )
    services.controls_select(
        engagement=engagement,
        by=am,
        controls=list(framework.controls.filter(selectable=True)[:2]),
    )
    services.assessment_save(client=engagement.client, by=am, it_team=ITTeam.SMALL_OVERWHELMED)
    starter = PageClient()
    starter.force_login(am)
    started = starter.post(
        reverse("engagement_sheet_upload", args=[engagement.pk]),
        {"sheet": upload(xlsx(("Matrix", PLAIN)), "theirs.xlsx"), "use_saved": "on"},
    )
    person = services.person_create(
        client=engagement.client,
        name=f"Only engagement {engagement.pk}'s person",
        side="internal",
        by=am,
    )
    invitation = services.invitation_create(
        client=engagement.client,
        email=f"new{engagement.pk}@example.com",
        kind="service_desk",
        by=am,
    )
    return {
        # The other account manager's own API token (list and revoke: only the owner's).
        "api_token": api_token_issue(user=am, name="theirs").token.pk,
        "sheet": started["Location"].split("/")[2],
        "person": person.pk,
        "invitation": invitation.pk,
        "membership": Membership.objects.get(client=engagement.client, user=itm).pk,
        "engagement": engagement.pk,
        "client": engagement.client_id,
        "row": row.pk,
        "role": engagement.roles.first().pk,
        "tool": engagement.tools.first().pk,
        "comment": engagement.comments.first().pk,
        "acknowledgement": FindingAcknowledgement.objects.filter(engagement=engagement)[0].pk,
        "responsibility": ControlResponsibility.objects.filter(engagement=engagement)[0].pk,
        "assignment": Assignment.objects.filter(row__engagement=engagement)[0].pk,
        "event": 1,
        "assessment": Assessment.objects.get(client=engagement.client).pk,
    }


NOWHERE = {key: 999_999 for key in {*KWARGS.values(), *BY_SEGMENT.values()}}


def _state(engagement) -> dict:
    """Everything of the other client's a request could change."""
    return {
        **snapshot(engagement),
        "responsibilities": sorted(
            ControlResponsibility.objects.filter(engagement=engagement).values_list(
                "id", "origination", "responsible_role_id", "split_description"
            )
        ),
        "assessment": list(
            Assessment.objects.filter(client=engagement.client_id).values_list(
                "it_team", "updated_at"
            )
        ),
        "people": sorted(
            Person.objects.filter(client=engagement.client_id).values_list(
                "id", "name", "email", "phone", "active"
            )
        ),
        "access": sorted(
            Membership.objects.filter(client=engagement.client_id).values_list("id", "kind")
        ),
        "invitations": sorted(
            Invitation.objects.filter(client=engagement.client_id).values_list(
                "id", "nonce", "revoked_at"
            )
        ),
        "api_tokens": sorted(
            ApiToken.objects.filter(
                user__in=Membership.objects.filter(client=engagement.client_id).values("user")
            ).values_list("id", "name")
        ),
        "client_engagements": sorted(
            Engagement.objects.filter(client=engagement.client_id).values_list("id", "status")
        ),
    }


def _walked_urls():
    return [
        url
        for url in all_urls()
        if not url.template.startswith(SKIP_PREFIXES) and url.name not in SKIP_NAMES
    ]


def _fill(url, objects: dict) -> str | None:
    """The URL with the other client's ids, or None when it names none of them."""
    if not url.kwargs or url.name in SHARED_CATALOG:
        return None
    segments = url.template.strip("/").split("/")
    values = {}
    for index, segment in enumerate(segments):
        if not segment.startswith("{"):
            continue
        kwarg = segment[1:-1]
        key = KWARGS.get(kwarg) or (
            BY_SEGMENT.get(segments[index - 1]) if kwarg in ("pk", "id") else None
        )
        assert key is not None, (
            f"{url.template} ({url.name}): the walk does not know what {{{kwarg}}} names. Add "
            "it to KWARGS (or BY_SEGMENT) in tests/hostile/test_isolation_walk.py."
        )
        values[kwarg] = objects[key]
    return url.fill(values)


def _methods(url) -> list[str]:
    return sorted(url.methods() or {"GET", "POST"})


def _request(client, method: str, path: str, api: bool):
    if api:
        return client.generic(
            method, path, json.dumps(FIELDS), content_type="application/json", HTTP_IF_MATCH="*"
        )
    if method == "GET":
        return client.get(path)
    return client.post(path, FIELDS)


@pytest.fixture
def globex_world(globex_engagement, other_account_manager, other_client_it_manager, hipaa):  # noqa: F811
    return _world(globex_engagement, other_account_manager, other_client_it_manager, hipaa)


@pytest.fixture
def acme_world(co_managed, account_manager, client_it_manager, hipaa):  # noqa: F811
    """acme's people have their own engagement: they are real users, not empty accounts."""
    return _world(co_managed, account_manager, client_it_manager, hipaa)


def test_the_walk_covers_the_pages_and_the_api(globex_world):
    filled = {url.name: _fill(url, globex_world) for url in _walked_urls()}
    walked = {name for name, path in filled.items() if path}

    assert len(walked) >= 40
    for name in (
        "engagement_matrix",
        "engagement_cell",
        "engagement_row",
        "engagement_role_update",
        "engagement_tool_update",
        "engagement_import",
        "engagement_approve",
        "api-matrix",
        "api-engagement-submit",
        "api-engagement-request-changes",
        "api-role-detail",
        "api-engagement-control-detail",
        "api-engagement-import",
        "api-engagement-export-xlsx",
        "api-engagement-oscal",
        "api-tool-detail",
    ):
        assert name in walked, name


@pytest.mark.parametrize("who", ["account_manager", "client_it_manager"])
def test_every_url_naming_the_other_clients_objects_is_a_404(
    who, request, acme_world, globex_world, globex_engagement
):
    user = request.getfixturevalue(who)
    leaks = []
    for url in _walked_urls():
        path = _fill(url, globex_world)
        if path is None:
            continue
        api = url.template.startswith("/api/")
        client = APIClient() if api else PageClient()
        client.force_login(user)
        for method in _methods(url):
            before = _state(globex_engagement)
            response = _request(client, method, path, api)
            if response.status_code == 405:
                # A method the view does not take: fine if a made-up id gets the same answer.
                made_up = _request(client, method, _fill(url, NOWHERE), api)
                if made_up.status_code != 405:
                    leaks.append(f"{method} {path} ({url.name}): 405, but {made_up.status_code}")
            elif response.status_code != 404:
                leaks.append(f"{method} {path} ({url.name}): {response.status_code}")
            if api and response.status_code == 404:
                assert response["Content-Type"].startswith("application/json"), path
            if _state(globex_engagement) != before:
                leaks.append(f"{method} {path} ({url.name}) changed globex's data")

    assert not leaks, f"{who} of acme reached globex's objects:\n" + "\n".join(leaks)


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(globex_world, globex_engagement):
    login = reverse(settings.LOGIN_URL)
    wrong = []
    for url in _walked_urls():
        if url.kwargs and url.name in SHARED_CATALOG:
            continue
        path = _fill(url, globex_world) or url.fill({})
        api = url.template.startswith("/api/")
        client = APIClient() if api else PageClient()
        for method in _methods(url):
            if url.name == "api-token" and method == "POST":
                continue  # signing in is the one thing anyone may try
            before = _state(globex_engagement)
            response = _request(client, method, path, api)
            if api:
                ok = response.status_code in (401, 403)
            else:
                ok = response.status_code == 302 and response["Location"].startswith(login)
            if not ok:
                wrong.append(f"{method} {path} ({url.name}): {response.status_code}")
            if _state(globex_engagement) != before:
                wrong.append(f"{method} {path} ({url.name}) changed globex's data")

    assert not wrong, "\n".join(wrong)


# -- ids in bodies and query strings, on URLs that name no object -----------------------------


def test_creating_in_the_other_clients_name_is_refused(
    acme_world, globex_world, globex_engagement, account_manager
):
    api = APIClient()
    api.force_login(account_manager)
    page = PageClient()
    page.force_login(account_manager)
    before = _state(globex_engagement)

    engagement = api.post(
        "/api/engagements/",
        {"client": globex_world["client"], "title": "Mine now", "service_model": "co_managed"},
        format="json",
    )
    tool = api.post(
        "/api/tools/", {"engagement": globex_world["engagement"], "name": "Spy"}, format="json"
    )
    new_page = page.post(
        reverse("engagement_new"),
        {"client": globex_world["client"], "title": "Mine now", "service_model": "co_managed"},
    )

    assert engagement.status_code == 400 and "client" in engagement.json()
    assert tool.status_code == 400 and "engagement" in tool.json()
    assert new_page.status_code in (200, 400)  # the form again, with its error
    assert _state(globex_engagement) == before


@pytest.mark.parametrize(
    "path, param",
    [
        ("/api/engagements/", "client"),
        ("/api/assignments/", "engagement"),
        ("/api/tools/", "engagement"),
        ("/api/assignments/", "client"),
        ("/api/tools/", "client"),
    ],
)
def test_filtering_a_list_by_the_other_clients_ids_shows_nothing_of_theirs(
    path, param, acme_world, globex_world, globex, account_manager
):
    api = APIClient()
    api.force_login(account_manager)
    value = globex_world[param] if param == "engagement" else globex_world["client"]

    response = api.get(path, {param: value, "page_size": 1000})

    if response.status_code == 200:
        assert response.json()["results"] == []
    else:
        assert response.status_code == 400


# -- another engagement's objects under this engagement's URL ---------------------------------

ENGAGEMENT_KWARGS = {"engagement_pk"}
# Objects of the client rather than of one engagement: both engagements of acme share them,
# so a URL naming only the client and them has nothing to mix.
CLIENT_OBJECTS = {"client", "person", "invitation", "membership"}


def _mixed(url, engagement_objects: dict, other_objects: dict) -> str | None:
    """The URL with this engagement's id and the other engagement's ids for everything else
    (None when it names nothing but the engagement)."""
    if url.name in SHARED_CATALOG or len(url.kwargs) < 2:
        return None
    segments = url.template.strip("/").split("/")
    named = {
        KWARGS.get(segment[1:-1]) or BY_SEGMENT.get(segments[index - 1])
        for index, segment in enumerate(segments)
        if segment.startswith("{")
    }
    if named <= CLIENT_OBJECTS:
        return None
    values = {}
    for index, segment in enumerate(segments):
        if not segment.startswith("{"):
            continue
        kwarg = segment[1:-1]
        key = KWARGS.get(kwarg) or BY_SEGMENT.get(segments[index - 1])
        names_engagement = key == "engagement" or kwarg in ENGAGEMENT_KWARGS
        values[kwarg] = (engagement_objects if names_engagement else other_objects)[key]
    return url.fill(values)


def test_another_engagements_objects_under_this_engagements_urls_are_404(
    acme_world,
    fully_managed,
    account_manager,
    client_it_manager,
    hipaa,  # noqa: F811
):
    """Both engagements are acme's, so both are visible: a row, role, tool or control of one
    must still not be reachable, or changed, through the other's URLs."""
    other_world = _world(fully_managed, account_manager, client_it_manager, hipaa)
    co_managed = Engagement.objects.get(pk=acme_world["engagement"])
    wrong, walked = [], 0
    for url in _walked_urls():
        path = _mixed(url, acme_world, other_world)
        if path is None:
            continue
        walked += 1
        api = url.template.startswith("/api/")
        client = APIClient() if api else PageClient()
        client.force_login(account_manager)
        for method in _methods(url):
            before = (_state(co_managed), _state(fully_managed))
            response = _request(client, method, path, api)
            if response.status_code not in (404, 405):
                wrong.append(f"{method} {path} ({url.name}): {response.status_code}")
            if (_state(co_managed), _state(fully_managed)) != before:
                wrong.append(f"{method} {path} ({url.name}) changed an engagement")

    assert walked >= 10
    assert not wrong, "\n".join(wrong)
