"""Findings across every engagement a user sees, without a query per engagement."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements.analysis import engagement_findings, summarize
from engagements.models import FindingsCount, MembershipKind, Status
from engagements.selectors import portfolio_findings_summary
from engagements.selectors.matrix import load_matrix
from engagements.services import findings_counts_refresh
from tests.factories import ClientFactory, MembershipFactory, UserFactory
from tests.helpers import bulk

pytestmark = pytest.mark.django_db


def _add_engagements(user, how_many, acts):
    made = []
    for _ in range(how_many):
        client = ClientFactory()
        MembershipFactory(user=user, client=client, kind=MembershipKind.ACCOUNT_MANAGER)
        made.append(bulk.engagement(client=client, account_manager=user, acts=acts))
    return made


def _queries(user):
    with CaptureQueriesContext(connection) as captured:
        summary = portfolio_findings_summary(user=user)
    return len(captured), summary


def test_the_portfolio_costs_the_same_queries_for_2_or_20_engagements():
    am = UserFactory()
    acts = bulk.activities(10)
    _add_engagements(am, 2, acts)
    few, summary = _queries(am)
    assert summary.engagements == 2

    _add_engagements(am, 18, acts)
    many, summary = _queries(am)
    assert summary.engagements == 20
    # The page with its stored counts, those not current, then for them: their stored
    # counts, their acknowledgements, their stored findings and their matrices (ten, with
    # role people and response targets); the totals' aggregate. Nothing stored.
    assert many == few <= 16


def test_a_portfolio_counted_before_costs_two_queries_whatever_its_size():
    am = UserFactory()
    acts = bulk.activities(10)
    _add_engagements(am, 2, acts)
    findings_counts_refresh()
    few, _ = _queries(am)

    _add_engagements(am, 18, acts)
    findings_counts_refresh()
    many, summary = _queries(am)

    assert summary.engagements == 20
    assert many == few == 2


def test_each_engagement_has_its_counts_and_the_totals_add_up():
    am = UserFactory()
    engagements = _add_engagements(am, 3, bulk.activities(10))
    summary = portfolio_findings_summary(user=am)

    for entry in summary.entries:
        data = load_matrix(entry.engagement)
        expected = summarize(data, engagement_findings(data))
        assert entry.by_severity == expected.by_severity
        assert entry.unacknowledged_errors == expected.unacknowledged_errors
        assert not entry.ready_for_review
    assert {e.engagement.pk for e in summary.entries} == {e.pk for e in engagements}
    for severity in ("error", "warning", "info"):
        assert summary.totals[severity] == sum(e.by_severity[severity] for e in summary.entries)
    assert summary.unacknowledged_errors == sum(e.unacknowledged_errors for e in summary.entries)
    document = summary.as_dict()
    assert document["totals"]["engagements"] == 3
    assert document["engagements"][0]["by_severity"] == summary.entries[0].by_severity


def test_the_portfolio_shows_only_the_users_clients_and_current_revisions(
    co_managed, globex_engagement, account_manager, client_it_manager, other_account_manager
):
    superseded = bulk.engagement(
        client=co_managed.client,
        account_manager=account_manager,
        acts=bulk.activities(2),
        status=Status.SUPERSEDED,
        signed_off_by=account_manager,
        signed_off_at="2026-01-01T00:00:00Z",
    )
    mine = [e.engagement.pk for e in portfolio_findings_summary(user=account_manager).entries]
    assert mine == [co_managed.pk]
    assert superseded.pk not in mine
    theirs = portfolio_findings_summary(user=client_it_manager).entries
    assert [e.engagement.pk for e in theirs] == [co_managed.pk]
    others = portfolio_findings_summary(user=other_account_manager).entries
    assert [e.engagement.pk for e in others] == [globex_engagement.pk]


def test_a_fresh_template_is_ready_for_review_in_the_portfolio(co_managed, account_manager):
    [entry] = portfolio_findings_summary(user=account_manager).entries
    assert entry.ready_for_review
    assert (entry.errors, entry.warnings) == (0, 0)


def test_an_anonymous_user_has_an_empty_portfolio(co_managed):
    summary = portfolio_findings_summary(user=AnonymousUser())
    assert summary.entries == []
    assert summary.totals == {"error": 0, "warning": 0, "info": 0}


def test_a_page_of_the_portfolio_has_its_entries_and_totals_over_all_of_it():
    am = UserFactory()
    _add_engagements(am, 3, bulk.activities(10))
    findings_counts_refresh()
    everything = portfolio_findings_summary(user=am)

    first = portfolio_findings_summary(user=am, page=1, page_size=2)
    second = portfolio_findings_summary(user=am, page=2, page_size=2)

    assert [e.engagement.pk for e in first.entries + second.entries] == [
        e.engagement.pk for e in everything.entries
    ]
    for page in (first, second):
        assert page.engagements == 3
        assert page.totals == everything.totals
        assert page.ready_for_review == everything.ready_for_review
        assert page.unacknowledged_errors == everything.unacknowledged_errors


def test_a_page_counts_stale_engagements_once_and_stores_nothing():
    am = UserFactory()
    _add_engagements(am, 3, bulk.activities(10))
    summary = portfolio_findings_summary(user=am, page=2, page_size=2)

    assert len(summary.entries) == 1
    assert summary.engagements == 3
    assert summary.totals["error"] == sum(
        summarize(data, engagement_findings(data)).by_severity["error"]
        for data in (load_matrix(e.engagement) for e in portfolio_findings_summary(user=am).entries)
    )
    assert not FindingsCount.objects.exists()
