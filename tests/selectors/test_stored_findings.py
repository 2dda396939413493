"""Findings are stored per engagement version and rule settings, and brought up to date after
each change by checking only the rows it touched: whatever the change, the stored findings
are exactly what running every rule on the whole matrix gives, in the same order."""

import json

import pytest
from django.test import override_settings

from engagements import services
from engagements.analysis import AnalysisConfig, Severity, engagement_findings
from engagements.analysis import stored as stored_module
from engagements.analysis.stored import StoredState, findings_state
from engagements.models import Assignment, Engagement, FindingsCount, StoredFindings, Window
from engagements.selectors.findings import engagement_findings_read, findings_of_matrix
from engagements.selectors.matrix import load_matrix
from engagements.services import findings_counts as findings_counts_module
from engagements.services.findings_counts import findings_counts_forget, findings_counts_refresh
from tests.selectors.test_findings_counts import EDITS, _a_gap, _fresh

pytestmark = pytest.mark.django_db


def _full(engagement):
    return engagement_findings(load_matrix(_fresh(engagement)))


def _stored(engagement):
    return StoredState.from_json(StoredFindings.objects.get(engagement=engagement).state)


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_every_kind_of_change_the_stored_findings_are_a_full_recomputation(
    edit, co_managed, account_manager, django_capture_on_commit_callbacks
):
    first, change = EDITS[edit]
    with django_capture_on_commit_callbacks(execute=True):
        _a_gap(co_managed, account_manager)
    if first:
        with django_capture_on_commit_callbacks(execute=True):
            first(_fresh(co_managed), account_manager)

    with django_capture_on_commit_callbacks(execute=True):
        change(_fresh(co_managed), account_manager)

    stored = StoredFindings.objects.get(engagement=co_managed)
    assert stored.version == _fresh(co_managed).version
    assert _stored(co_managed).findings == _full(co_managed)


def test_a_cell_edit_checks_again_only_the_row_it_changed(
    co_managed, account_manager, django_capture_on_commit_callbacks, monkeypatch
):
    findings_counts_refresh()
    checked = []
    only_rows = stored_module._only_rows

    def spy(data, row_ids):
        checked.append(set(row_ids))
        return only_rows(data, row_ids)

    monkeypatch.setattr(stored_module, "_only_rows", spy)
    cell = Assignment.objects.filter(row__engagement=co_managed, letters__contains="A").first()

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_set(
            engagement=_fresh(co_managed),
            row=cell.row,
            role=cell.role,
            letters="",
            by=account_manager,
        )

    assert checked == [{cell.row_id}]
    assert _stored(co_managed).findings == _full(co_managed)


def test_a_role_change_checks_every_row_again(co_managed, account_manager):
    data = load_matrix(_fresh(co_managed))
    config = AnalysisConfig()
    before = findings_state(data, config)
    role = data.roles[0]
    services.role_update(role=role, name="Renamed desk", by=account_manager)

    after = findings_state(load_matrix(_fresh(co_managed)), config, before)

    assert after.context != before.context
    assert after.findings == _full(co_managed)


def test_stored_findings_read_back_exactly_as_computed(co_managed):
    state = findings_state(load_matrix(_fresh(co_managed)), AnalysisConfig())

    again = StoredState.from_json(state.to_json())

    assert again.findings == state.findings
    assert again.origins == state.origins
    assert again.rows == state.rows


def test_reading_current_findings_costs_two_queries(
    co_managed, account_manager, django_assert_num_queries
):
    findings_counts_refresh()
    engagement = _fresh(co_managed)

    with django_assert_num_queries(2):
        read = engagement_findings_read(engagement)

    assert read.findings == _full(co_managed)


def test_findings_of_a_loaded_matrix_cost_one_query_when_stored(
    co_managed, django_assert_num_queries
):
    findings_counts_refresh()
    data = load_matrix(_fresh(co_managed))

    with django_assert_num_queries(1):
        findings = findings_of_matrix(data)

    assert findings == engagement_findings(data)


def test_stale_stored_findings_are_brought_up_to_date_in_memory_and_nothing_is_written(
    co_managed, account_manager, django_capture_on_commit_callbacks
):
    findings_counts_refresh()
    stored_version = StoredFindings.objects.get(engagement=co_managed).version
    _a_gap(_fresh(co_managed), account_manager)  # not committed: nothing stored after it

    read = engagement_findings_read(_fresh(co_managed))

    assert read.findings == _full(co_managed)
    assert StoredFindings.objects.get(engagement=co_managed).version == stored_version


def test_findings_stored_under_other_rule_settings_are_computed_again(co_managed):
    findings_counts_refresh()

    with override_settings(RACI_MAX_RESPONSIBLE=1):
        read = engagement_findings_read(_fresh(co_managed))
        expected = _full(co_managed)

    assert read.findings == expected
    assert any(f.code == "WARN_TOO_MANY_RESPONSIBLE" for f in read.findings)


def test_forgetting_drops_the_stored_findings_and_stores_them_again(
    co_managed, django_capture_on_commit_callbacks
):
    findings_counts_refresh()

    with django_capture_on_commit_callbacks(execute=True):
        findings_counts_forget(engagement_ids=[co_managed.pk])

    assert _stored(co_managed).findings == _full(co_managed)


def test_a_refresh_stores_findings_missing_even_when_the_counts_are_current(co_managed):
    findings_counts_refresh()
    StoredFindings.objects.all().delete()

    findings_counts_refresh()

    assert _stored(co_managed).findings == _full(co_managed)
    assert Engagement.objects.get(pk=co_managed.pk).stored_findings.version == co_managed.version


def test_errors_are_listed_before_warnings_after_an_incremental_update(
    co_managed, account_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _a_gap(co_managed, account_manager)

    severities = [f.severity for f in _stored(co_managed).findings]

    assert severities == sorted(severities, key=Severity.ORDER.index)


def test_a_rows_fingerprint_is_the_digest_of_what_it_comes_from(co_managed):
    data = load_matrix(_fresh(co_managed))
    catalog = {}

    for row in data.rows:
        activity = row.activity
        written_out = stored_module._digest(
            (
                stored_module._values(row),
                stored_module._values(activity),
                stored_module._values(activity.domain),
                sorted(data.row_cells(row).items()),
                sorted((window, role.id) for window, role in data.row_coverage(row).items()),
            )
        )
        assert stored_module.row_fingerprint(data, row, catalog) == written_out
        assert stored_module.row_fingerprint(data, row) == written_out


def test_the_read_after_a_refresh_does_not_parse_what_the_refresh_stored(
    co_managed, account_manager, monkeypatch
):
    services.assignment_set(
        engagement=co_managed,
        row=co_managed.rows.first(),
        role=co_managed.roles.first(),
        letters="C",
        by=account_manager,
    )
    findings_counts_refresh(engagement_ids=[co_managed.pk])

    def parse(text):
        raise AssertionError("parsed again")

    monkeypatch.setattr(StoredState, "from_json", staticmethod(parse))
    read = engagement_findings_read(_fresh(co_managed))

    assert read.findings == _full(co_managed)


def _patch(client, engagement, body):
    return client.patch(
        f"/api/engagements/{engagement.pk}/matrix/",
        json.dumps(body),
        content_type="application/json",
        headers={"If-Match": _fresh(engagement).etag, "Prefer": "return=minimal"},
    )


def _first_cell(engagement):
    return Assignment.objects.filter(row__engagement=engagement).order_by("pk").first()


def _patch_cell(client, engagement, letters):
    cell = _first_cell(engagement)
    return _patch(
        client,
        engagement,
        {
            "cells": [
                {"activity": cell.row.activity.code, "role": cell.role.name, "letters": letters}
            ]
        },
    )


def _count_fingerprints(monkeypatch) -> list[int]:
    fingerprinted = []
    fingerprint = stored_module.row_fingerprint

    def spy(data, row, catalog=None):
        fingerprinted.append(row.id)
        return fingerprint(data, row, catalog)

    monkeypatch.setattr(stored_module, "row_fingerprint", spy)
    return fingerprinted


def test_a_cell_edit_through_the_api_stores_its_findings_with_the_change(
    client, co_managed, account_manager, django_capture_on_commit_callbacks
):
    """Stored in the change's own transaction: current before anything runs after its
    commit, and a full recomputation; the refresh after the commit writes nothing more."""
    findings_counts_refresh()
    client.force_login(account_manager)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        assert _patch_cell(client, co_managed, "C").status_code == 204
        stored = StoredFindings.objects.get(engagement=co_managed)
        assert stored.version == _fresh(co_managed).version
        assert _stored(co_managed).findings == _full(co_managed)
        assert FindingsCount.objects.get(engagement=co_managed).source.startswith(
            f"v{_fresh(co_managed).version}/"
        )

    for callback in after_commit:
        callback()
    assert StoredFindings.objects.get(engagement=co_managed).computed_at == stored.computed_at


def test_a_failed_refresh_with_the_change_keeps_the_change_and_is_done_after_its_commit(
    client, co_managed, account_manager, django_capture_on_commit_callbacks, monkeypatch
):
    findings_counts_refresh()
    client.force_login(account_manager)
    before = _fresh(co_managed).version
    real = findings_counts_module.findings_counts_refresh
    calls = []

    def fails_first(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("refresh broke")
        return real(**kwargs)

    monkeypatch.setattr(findings_counts_module, "findings_counts_refresh", fails_first)

    with django_capture_on_commit_callbacks(execute=True):
        response = _patch_cell(client, co_managed, "C")

    assert response.status_code == 204
    assert _fresh(co_managed).version == before + 1
    assert len(calls) == 2
    assert StoredFindings.objects.get(engagement=co_managed).version == before + 1
    assert _stored(co_managed).findings == _full(co_managed)


def test_a_cell_edit_through_the_api_fingerprints_only_the_row_it_changed(
    client, co_managed, account_manager, monkeypatch
):
    findings_counts_refresh()
    client.force_login(account_manager)
    fingerprinted = _count_fingerprints(monkeypatch)

    assert _patch_cell(client, co_managed, "C").status_code == 204

    assert fingerprinted == [_first_cell(co_managed).row_id]
    assert _stored(co_managed).findings == _full(co_managed)
    assert (
        _stored(co_managed).rows
        == findings_state(load_matrix(_fresh(co_managed)), AnalysisConfig.from_settings()).rows
    )


def test_a_coverage_and_cells_edit_through_the_api_is_a_full_recomputation(
    client, co_managed, account_manager, monkeypatch
):
    findings_counts_refresh()
    client.force_login(account_manager)
    rows = list(co_managed.rows.select_related("activity").order_by("order")[:3])
    roles = list(co_managed.roles.order_by("order"))
    fingerprinted = _count_fingerprints(monkeypatch)

    response = _patch(
        client,
        co_managed,
        {
            "cells": [
                {"activity": rows[0].activity.code, "role": roles[0].name, "letters": ""},
                {"activity": rows[1].activity.code, "role": roles[-1].name, "letters": "A"},
            ],
            "coverage": [
                {"activity": rows[2].activity.code, "window": window, "role": None}
                for window in Window.values
            ],
        },
    )

    assert response.status_code == 204
    assert sorted(fingerprinted) == sorted(row.pk for row in rows)
    assert _stored(co_managed).findings == _full(co_managed)
    assert (
        _stored(co_managed).rows
        == findings_state(load_matrix(_fresh(co_managed)), AnalysisConfig.from_settings()).rows
    )


def test_an_api_edit_after_a_change_whose_findings_were_not_stored_checks_every_row(
    client, co_managed, account_manager, django_capture_on_commit_callbacks, monkeypatch
):
    """The stored findings are two versions behind: what the edit did is not all that
    changed since, so every row is fingerprinted again."""
    findings_counts_refresh()
    client.force_login(account_manager)
    row = co_managed.rows.order_by("-order").first()
    with django_capture_on_commit_callbacks(execute=False):
        services.row_update(row=row, in_scope=False, by=account_manager)
    fingerprinted = _count_fingerprints(monkeypatch)

    assert _patch_cell(client, co_managed, "C").status_code == 204

    assert len(fingerprinted) == co_managed.rows.count()
    assert StoredFindings.objects.get(engagement=co_managed).version == _fresh(co_managed).version
    assert _stored(co_managed).findings == _full(co_managed)
