"""/api/engagements/{id}/findings/: gaps, overlaps and risks, filtered and paginated."""

import pytest

from engagements import services
from engagements.analysis import Finding
from tests.helpers.matrix import GAP_KEY, make_gap

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_gap(co_managed, account_manager):
    return make_gap(co_managed, account_manager)


def url(engagement):
    return f"/api/engagements/{engagement.pk}/findings/"


def codes(response):
    assert response.status_code == 200, response.content
    return [f["code"] for f in response.json()["results"]]


def test_a_gap_is_listed_with_its_message_suggestion_and_subject(am, with_gap):
    response = am.get(url(with_gap), {"severity": "error"})

    assert response.status_code == 200
    [finding] = response.json()["results"]
    assert finding["code"] == "GAP_NO_ACCOUNTABLE"
    assert finding["severity"] == "error"
    assert "patch" in finding["message"].lower()
    assert finding["suggestion"]
    assert finding["subject"] == "activity=patching.servers"
    assert finding["key"] == GAP_KEY
    assert finding["domain"] == "patching"
    assert finding["activity"] == "patching.servers"
    assert finding["acknowledgement"] is None


def test_every_field_of_a_finding_is_serialised(am, with_gap):
    fields = set(am.get(url(with_gap)).json()["results"][0])

    assert set(Finding.__dataclass_fields__) | {"subject", "key", "acknowledgement"} == fields


def test_an_acknowledged_finding_carries_the_reason(am, itm, with_gap, account_manager):
    services.finding_acknowledge(
        engagement=with_gap, finding_key=GAP_KEY, reason="Vendor patches them.", by=account_manager
    )

    finding = itm.get(url(with_gap)).json()["results"][0]

    assert finding["acknowledgement"]["reason"] == "Vendor patches them."
    assert finding["acknowledgement"]["by"] == "am"


def test_filters_by_severity_code_domain_activity_and_acknowledgement(am, with_gap):
    everything = am.get(url(with_gap), {"page_size": 1000}).json()["results"]

    def expected(keep):
        return [f["code"] for f in everything if keep(f)]

    def got(**query):
        return codes(am.get(url(with_gap), {"page_size": 1000, **query}))

    assert got(severity="error") == ["GAP_NO_ACCOUNTABLE"]
    assert got(severity=["warning", "info"]) == expected(lambda f: f["severity"] != "error")
    assert got(code="gap_no_accountable") == ["GAP_NO_ACCOUNTABLE"]
    assert got(code="OVERLAP_MULTIPLE_ACCOUNTABLE") == []
    assert got(domain="patching") == expected(lambda f: f["domain"] == "patching")
    assert "GAP_NO_ACCOUNTABLE" in got(domain="patching")
    assert "GAP_NO_ACCOUNTABLE" not in got(domain="helpdesk")
    assert got(activity="patching.servers") == expected(
        lambda f: f["activity"] == "patching.servers"
    )
    assert got(acknowledged="true") == []
    assert got(acknowledged="false") == [f["code"] for f in everything]


def test_ordering_and_pagination(am, co_managed, account_manager):
    make_gap(co_managed, account_manager)
    row = co_managed.rows.get(activity__code="helpdesk.tier1")
    services.assignment_set(
        engagement=co_managed,
        row=row,
        role=co_managed.roles.get(name="MSP NOC"),
        letters="A",
        by=account_manager,
    )  # a second Accountable: an overlap

    by_code = codes(am.get(url(co_managed), {"ordering": "code"}))
    assert by_code == sorted(by_code)
    assert codes(am.get(url(co_managed), {"ordering": "-code"})) == sorted(by_code, reverse=True)
    page = am.get(url(co_managed), {"page_size": 1}).json()
    assert page["count"] == len(by_code) and len(page["results"]) == 1
    assert am.get(url(co_managed), {"page": 50}).status_code == 404


@pytest.mark.parametrize("query", [{"severity": "fatal"}, {"code": "x" * 100}, {"domain": "\x00"}])
def test_a_bad_filter_is_400(am, with_gap, query):
    response = am.get(url(with_gap), query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_a_template_matrix_has_no_errors(am, co_managed):
    assert am.get(url(co_managed), {"severity": "error"}).json()["count"] == 0


def test_another_clients_people_get_404(other_am, other_itm, with_gap):
    assert other_am.get(url(with_gap)).status_code == 404
    assert other_itm.get(url(with_gap)).status_code == 404


def test_anonymous_gets_401(anon, with_gap):
    assert anon.get(url(with_gap)).status_code == 401
