"""No stored value reaches a user: every page (as each demo user), the workbook, the OSCAL
plan's prose, the notification emails and the audit trail's display fields show labels and
people's names, never a stored choice value that differs from its label (`weekends_holidays`,
`msp`), a field name (`exit_fate`) or a username.

The demo data is seeded once for the module (inside a transaction rolled back at the end)
and every test reads it.
"""

import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client as PageClient
from rest_framework.test import APIClient

from engagements import selectors
from engagements.analysis import engagement_findings
from engagements.demo import USERS, seed_demo
from engagements.exports.oscal.ssp import engagement_ssp
from engagements.exports.xlsx import build_workbook
from engagements.models import Comment, Engagement, Person, choices
from engagements.selectors.matrix import load_matrix
from engagements.services import notifications
from engagements.views.audit import PAGE_SIZE as AUDIT_PAGE_SIZE
from tests.helpers.urlwalk import all_urls

# -- what must not be read -------------------------------------------------------------------


def _raw_values() -> set[str]:
    """Stored choice values no text for people should hold: those in snake_case, those whose
    label is the value in capitals ("msp" for "MSP"), and those whose one-word label is
    another word ("info" for "Note", not "create" for "Created"). Values that are words of
    their label ("draft", "removed") are ordinary words in a sentence."""
    raw = set()
    for choice_set in vars(choices).values():
        if not (isinstance(choice_set, type) and hasattr(choice_set, "choices")):
            continue
        for value, label in choice_set.choices:
            label = str(label)
            if value == label:
                continue
            one_other_word = " " not in label and not label.lower().startswith(value.lower())
            if "_" in value or label.upper() == label or one_other_word:
                raw.add(value)
    return raw


RAW_VALUES = _raw_values()
# Snake case is never a word: it is a stored value or a field name (exit_fate, owner_side).
SNAKE_CASE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
# Raw values that are one word ("msp", "api", "info"), found as whole words, case and all.
WORD_VALUES = sorted(v for v in RAW_VALUES if "_" not in v)
# Usernames where a person's name belongs ("admin" is also a word, so it is left out).
USERNAMES = sorted(username for username, *_ in USERS if username != "admin")
# Addresses, links and paths are not prose: "alex@msp.example" names no side.
NOT_PROSE = re.compile(r"\S+\.(?:json|xml|xlsx)\b|\S+@\S+|https?://\S+|(?<![\w>])/[\w./?=&%-]+")


def problems(text: str, *, names: bool = True) -> list[str]:
    """What in one piece of visible text nobody should have to read."""
    text = NOT_PROSE.sub(" ", text)
    found = SNAKE_CASE.findall(text)
    words = [*WORD_VALUES, *(USERNAMES if names else ())]
    found += [w for w in words if re.search(rf"(?<![\w.@-]){re.escape(w)}(?![\w@-])", text)]
    return found


def test_the_walk_knows_a_raw_value_when_it_sees_one():
    assert {"weekends_holidays", "exit_fate"} <= set(
        SNAKE_CASE.findall("weekends_holidays exit_fate")
    )
    assert {"msp", "api", "not_applicable", "info"} <= RAW_VALUES
    assert not {"draft", "removed", "submit", "internal"} & RAW_VALUES
    assert problems("removed by the msp") == ["msp"]
    assert problems("Exit fate: exit_fate") == ["exit_fate"]
    assert problems("changed by alex") == ["alex"]
    assert problems("changed by alex", names=False) == []
    assert problems("Removed by the MSP · Alex Morgan <alex@msp.example> · /api/x_y/") == []


class VisibleText(HTMLParser):
    """What a person reads on a page: text outside scripts and styles, and the attributes
    a browser or a screen reader shows (title, alt, aria-label, placeholder)."""

    SHOWN = ("title", "alt", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.attributes += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data)


def page_problems(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    # A username may stay available as a tooltip on the person's name.
    return problems(" | ".join(parser.text)) + problems(" | ".join(parser.attributes), names=False)


# -- the demo, seeded once -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data for every test of this module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def engagements(demo, db) -> list[Engagement]:
    return list(Engagement.objects.select_related("client").order_by("client__slug", "revision"))


def user(username: str):
    return get_user_model().objects.get(username=username)


PAGE_URLS = [
    url
    for url in all_urls()
    if not url.template.startswith(("/api/", "/admin/", "/accounts/"))
    and (url.methods() is None or "GET" in url.methods())
    # A sheet import's pages exist only while one is under way: they are read in
    # tests/views/test_sheet_onramp.py.
    and "token" not in url.kwargs
    # Resending or revoking an invitation and removing a member are buttons (POST only), and
    # so are making recovery codes or an API token, and revoking one.
    and not {"invitation_id", "membership_id", "token_id"} & set(url.kwargs)
    and url.name not in {"mfa_recovery_new", "account_token_new"}
]


def _rows_worth_seeing(engagement: Engagement, findings) -> list[int]:
    """Rows with something on them (findings, comments, a split note, a coverage need of
    their own) and the first row of each domain."""
    rows = list(engagement.rows.select_related("activity"))
    commented = set(
        Comment.objects.filter(engagement=engagement, row__isnull=False).values_list(
            "row_id", flat=True
        )
    )
    flagged = {f.row_id for f in findings if f.row_id}
    firsts = {}
    for row in sorted(rows, key=lambda r: r.order):
        firsts.setdefault(row.activity.domain_id, row.pk)
    return sorted(
        row.pk
        for row in rows
        if row.pk in commented | flagged | set(firsts.values())
        or row.split_note
        or row.coverage_need
    )


def _paths(engagement: Engagement, *, deep: bool) -> list[tuple[str, str]]:
    """Every page of one engagement worth reading, with its ids filled in, as (pattern,
    path); `deep` adds the pages whose words do not depend on who reads them (each
    activity's, role's, tool's and control's, every page of the audit trail), read once per
    engagement by its account manager."""
    data = load_matrix(engagement)
    ids = {
        "row_id": _rows_worth_seeing(engagement, engagement_findings(data)),
        "role_id": [role.pk for role in data.roles],
        "tool_id": [tool.pk for tool in data.tools],
        "control_id": [resp.pk for resp in data.controls][:8],
        # The client's directory: each person's page lists where they are named.
        "person_id": list(
            Person.objects.filter(client=engagement.client_id).values_list("pk", flat=True)[:6]
        ),
    }
    values = {"pk": engagement.pk, "client_pk": engagement.client_id}
    paths = []
    for url in PAGE_URLS:
        many = [name for name in ids if name in url.kwargs]
        if many and not deep:
            continue
        if many:
            # A cell's URL names a row and a role: walk the rows, with the first role.
            firsts = {name: (ids[name] or [0])[0] for name in many[1:]}
            paths += [
                (url.template, url.fill({**values, **firsts, many[0]: i})) for i in ids[many[0]]
            ]
        else:
            paths.append((url.template, url.fill(values)))
    revisions = sorted(
        Engagement.objects.filter(client=engagement.client_id).values_list("revision", flat=True)
    )
    base = f"/engagements/{engagement.pk}/"
    paths += [("diff", f"{base}diff/?old={old}&new={new}") for old, new in pairwise(revisions)]
    if deep:
        paths += [("edit", f"{base}compliance/?edit={pk}") for pk in ids["control_id"]]
        pages = -(-len(selectors.engagement_audit_trail(engagement)) // AUDIT_PAGE_SIZE)
        paths += [("audit", f"{base}audit/?page={n}") for n in range(2, pages + 1)]
    return paths


@pytest.mark.parametrize("username", [username for username, *_ in USERS])
def test_no_page_shows_a_raw_value_or_a_username(engagements, username):
    client = PageClient()
    client.force_login(user(username))
    visible = set(selectors.engagement_list(user=user(username)).values_list("pk", flat=True))
    paths = {("/", "/")}
    for engagement in engagements:
        if engagement.pk in visible:
            deep = engagement.account_manager.username == username
            paths.update(_paths(engagement, deep=deep))
    read, found, not_pages = 0, {}, set()
    for pattern, path in sorted(paths):
        if pattern in not_pages:
            continue
        response = client.get(path)
        if response.status_code == 405:  # a form's target: it takes POST only
            not_pages.add(pattern)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        read += 1
        if page_problems(response.content.decode()):
            found[path] = page_problems(response.content.decode())
    assert read > len(visible) * 8
    assert found == {}


# -- the exports -----------------------------------------------------------------------------


def test_no_workbook_cell_shows_a_raw_value_or_a_username(engagements):
    found = {}
    for engagement in engagements:
        workbook = build_workbook(engagement)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and problems(cell.value):
                        found[f"r{engagement.pk} {sheet.title}!{cell.coordinate}"] = (
                            cell.value,
                            problems(cell.value),
                        )
    assert found == {}


# OSCAL keys whose values are prose for people; the rest are tokens, ids and links.
OSCAL_PROSE = {"title", "description", "remarks", "system-name"}


def _prose(node, key=""):
    if isinstance(node, dict):
        for name, value in node.items():
            if name != "props":
                yield from _prose(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _prose(value, key)
    elif isinstance(node, str) and key in OSCAL_PROSE:
        yield node


def test_no_oscal_prose_shows_a_raw_value_or_a_username(engagements):
    planned, found = 0, {}
    for engagement in engagements:
        data = load_matrix(engagement)
        if not data.controls:
            continue
        planned += 1
        for text in _prose(engagement_ssp(data)):
            if problems(text):
                found[text] = problems(text)
    assert planned
    assert found == {}


def test_no_email_shows_a_raw_value_or_a_username(engagements, mailoutbox):
    for engagement in engagements:
        manager = engagement.account_manager
        notifications.submitted(engagement, manager)
        notifications.approved(engagement, manager)
        notifications.changes_requested(engagement, manager, "Please split the patching.")
        for comment in Comment.objects.filter(engagement=engagement)[:3]:
            notifications.commented(comment)
    assert mailoutbox
    found = {
        m.subject: problems(f"{m.subject}\n{m.body}")
        for m in mailoutbox
        if problems(f"{m.subject}\n{m.body}")
    }
    assert found == {}


def test_the_audit_trails_display_fields_show_no_raw_value(engagements):
    api = APIClient()
    api.force_authenticate(user("admin"))
    found = {}
    for engagement in engagements:
        response = api.get(f"/api/engagements/{engagement.pk}/audit/?page_size=1000")
        assert response.status_code == 200
        for entry in response.json()["results"]:
            shown = [entry["user_name"], entry["action"], entry["subject"]]
            for change in entry["changes"]:
                shown += [change["field_label"], change["old"], change["new"]]
            if problems(" | ".join(shown)):
                found[str(shown)] = problems(" | ".join(shown))
    assert found == {}
