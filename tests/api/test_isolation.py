"""Two clients, each with an engagement holding roles, rows, cells, a tool, a comment, an
accepted error and a custom activity. Every list shows each client's people only their own;
every detail of the other client's is a 404."""

import pytest

from engagements import services
from engagements.models import Activity, Assignment
from tests.helpers.http import api_client
from tests.helpers.matrix import GAP_KEY, make_gap

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    co_managed,
    globex_engagement,
    account_manager,
    client_it_manager,
    other_account_manager,
    other_client_it_manager,
):
    sides = {}
    for name, engagement, am, itm in (
        ("acme", co_managed, account_manager, client_it_manager),
        ("globex", globex_engagement, other_account_manager, other_client_it_manager),
    ):
        make_gap(engagement, am)
        ack = services.finding_acknowledge(
            engagement=engagement, finding_key=GAP_KEY, reason="Accepted.", by=am
        )
        comment = services.comment_add(engagement=engagement, body="Question", by=itm)
        custom = services.activity_create_custom(
            engagement=engagement,
            domain=Activity.objects.get(code="security.edr").domain,
            name=f"{name} only duty",
            by=am,
        )
        sides[name] = {
            "client": engagement.client_id,
            "engagement": engagement.pk,
            "role": engagement.roles.first().pk,
            "row": custom.pk,
            "assignment": Assignment.objects.filter(row__engagement=engagement).first().pk,
            "tool": engagement.tools.first().pk,
            "comment": comment.pk,
            "ack": ack.pk,
            "viewers": [api_client(am), api_client(itm)],
        }
    return sides


OTHER = {"acme": "globex", "globex": "acme"}


def _owners(item, kind, slugs):
    """The client ids an item of a list belongs to (empty: shared catalog)."""
    if kind == "clients":
        return {item["id"]}
    if kind == "engagements":
        return {item["client"]["id"]}
    if kind in ("assignments", "tools"):
        return {slugs[item["client"]]}
    if kind == "domains":
        return {a["client"] for a in item["activities"] if a["client"] is not None}
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["clients", "engagements", "assignments", "tools", "domains"])
def test_every_top_level_list_shows_each_client_only_its_own(world, kind, acme, globex):
    slugs = {"acme": acme.pk, "globex": globex.pk}
    for side in ("acme", "globex"):
        for viewer in world[side]["viewers"]:
            response = viewer.get(f"/api/{kind}/", {"page_size": 1000})
            assert response.status_code == 200
            owners = set().union(*(_owners(i, kind, slugs) for i in response.json()["results"]))
            assert owners == {world[side]["client"]}, (side, kind, owners)


NESTED_LISTS = ["roles", "rows", "comments", "acknowledgements", "events", "findings", "matrix"]


@pytest.mark.parametrize("what", NESTED_LISTS)
def test_every_list_inside_an_engagement_is_404_for_the_other_client(world, what):
    for side in ("acme", "globex"):
        mine = f"/api/engagements/{world[side]['engagement']}/{what}/"
        theirs = f"/api/engagements/{world[OTHER[side]]['engagement']}/{what}/"
        for viewer in world[side]["viewers"]:
            assert viewer.get(mine).status_code == 200, mine
            assert viewer.get(theirs).status_code == 404, theirs


DETAILS = [
    "/api/clients/{client}/",
    "/api/engagements/{engagement}/",
    "/api/assignments/{assignment}/",
    "/api/tools/{tool}/",
    "/api/engagements/{engagement}/roles/{role}/",
    "/api/engagements/{engagement}/rows/{row}/",
    "/api/engagements/{engagement}/comments/{comment}/",
    "/api/engagements/{engagement}/acknowledgements/{ack}/",
]


@pytest.mark.parametrize("template", DETAILS)
def test_every_detail_of_the_other_client_is_404(world, template):
    for side in ("acme", "globex"):
        mine = template.format(**world[side])
        theirs = template.format(**world[OTHER[side]])
        for viewer in world[side]["viewers"]:
            assert viewer.get(mine).status_code == 200, mine
            response = viewer.get(theirs)
            assert response.status_code == 404, theirs
            # The same answer as for an id that never existed: nothing is confirmed.
            missing = template.format(**{k: 10**12 for k in world[side] if k != "viewers"})
            assert response.json() == viewer.get(missing).json()


@pytest.mark.parametrize(
    "template",
    [
        "/api/engagements/{engagement}/roles/{role}/",
        "/api/engagements/{engagement}/rows/{row}/",
        "/api/engagements/{engagement}/comments/{comment}/",
        "/api/engagements/{engagement}/acknowledgements/{ack}/",
    ],
)
def test_an_object_of_the_other_client_is_404_even_under_ones_own_engagement(world, template):
    for side in ("acme", "globex"):
        mixed = template.format(**{**world[OTHER[side]], "engagement": world[side]["engagement"]})
        for viewer in world[side]["viewers"]:
            assert viewer.get(mixed).status_code == 404, mixed


def test_a_superuser_sees_both_clients(world, admin):
    clients = {c["id"] for c in admin.get("/api/clients/").json()["results"]}

    assert clients == {world["acme"]["client"], world["globex"]["client"]}
