"""The findings counts stored for the portfolio (selectors.findings_counts) are never
shown stale: whatever changes an engagement's findings, the portfolio shows them as the
rules count them now. Reading them stores nothing; each change stores fresh counts once it is
committed (services.findings_counts_refresh), so the next read finds them current."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from engagements import services
from engagements.analysis import Severity, engagement_findings, summarize
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import (
    Activity,
    ControlResponsibility,
    Coverage,
    Engagement,
    FindingsCount,
    MatrixRow,
    Origination,
    Role,
    Side,
    Tool,
)
from engagements.selectors import portfolio_findings_summary
from engagements.selectors.findings_counts import findings_counts
from engagements.selectors.matrix import load_matrix
from engagements.services.findings_counts import findings_counts_forget, findings_counts_refresh

pytestmark = pytest.mark.django_db


def _fresh(engagement):
    return Engagement.objects.select_related("client").get(pk=engagement.pk)


def _computed(engagement):
    data = load_matrix(_fresh(engagement))
    summary = summarize(data, engagement_findings(data))
    return summary.by_severity, summary.unacknowledged_errors


def _shown(engagement, user):
    entry = next(
        e for e in portfolio_findings_summary(user=user).entries if e.engagement.pk == engagement.pk
    )
    return entry.by_severity, entry.unacknowledged_errors


def _accountable_cell(engagement):
    """A row and the role holding its A."""
    data = load_matrix(_fresh(engagement))
    for row in data.in_scope_rows:
        accountable = data.roles_with(row, "A")
        if accountable:
            return row, accountable[0], data.row_cells(row)[accountable[0].pk]
    raise AssertionError("no Accountable in the template")


def _a_gap(engagement, by):
    row, role, letters = _accountable_cell(engagement)
    services.assignment_set(
        engagement=engagement, row=row, role=role, letters=letters.replace("A", ""), by=by
    )


def _cells_cleared(engagement, by):
    row, role, letters = _accountable_cell(engagement)
    services.matrix_cells_set(
        engagement=engagement,
        changes=[services.CellChange(row=row, role=role, letters=letters.replace("A", ""))],
        by=by,
    )


def _coverage_cleared(engagement, by):
    entry = Coverage.objects.filter(row__engagement=engagement).first()
    services.coverage_set(
        engagement=engagement, row=entry.row, window=entry.window, role=None, by=by
    )


def _row_out_of_scope(engagement, by):
    row, _, _ = _accountable_cell(engagement)
    services.row_update(row=row, in_scope=False, by=by)


def _row_removed(engagement, by):
    row, _, _ = _accountable_cell(engagement)
    services.row_remove(row=row, by=by)


def _a_row_removed_first(engagement, by):
    _row_removed(engagement, by)


def _row_added_back(engagement, by):
    used = MatrixRow.objects.filter(engagement=engagement).values("activity")
    activity = Activity.objects.filter(client__isnull=True).exclude(pk__in=used).first()
    services.row_add(engagement=engagement, activity=activity, by=by)


def _role_added(engagement, by):
    services.role_add(engagement=engagement, name="Night shift", side=Side.MSP, by=by)


def _role_changed(engagement, by):
    _, role, _ = _accountable_cell(engagement)
    services.role_update(role=role, side=Side.VENDOR, by=by)


def _role_removed(engagement, by):
    _, role, _ = _accountable_cell(engagement)
    services.role_remove(role=role, by=by)


def _tool_added(engagement, by):
    services.tool_add(engagement=engagement, name="Backup console", by=by)


def _tool_changed(engagement, by):
    tool = Tool.objects.filter(engagement=engagement).first() or services.tool_add(
        engagement=engagement, name="RMM", owner_side=Side.MSP, by=by
    )
    services.tool_update(tool=tool, owner_side="", licence_holder_side="", by=by)


def _tool_removed(engagement, by):
    tool = Tool.objects.filter(engagement=engagement).first() or services.tool_add(
        engagement=engagement, name="RMM", by=by
    )
    services.tool_remove(tool=tool, by=by)


def _hours_changed(engagement, by):
    services.engagement_update(engagement=engagement, business_days="12345", by=by)


def _controls_selected(engagement, by):
    framework = services.catalog_load(catalog=parse_catalog(BUNDLED["hipaa"])).framework
    services.controls_select(engagement=engagement, framework=framework, by=by)


def _control_assigned(engagement, by):
    responsibility = ControlResponsibility.objects.filter(engagement=engagement).first()
    role = Role.objects.filter(engagement=engagement, side=Side.MSP).first()
    services.control_responsibility_update(
        responsibility=responsibility,
        origination=Origination.MSP,
        responsible_role=role,
        by=by,
    )


def _controls_deselected(engagement, by):
    services.controls_deselect(
        engagement=engagement,
        responsibilities=ControlResponsibility.objects.filter(engagement=engagement),
        by=by,
    )


def _error_acknowledged(engagement, by):
    data = load_matrix(_fresh(engagement))
    error = next(f for f in engagement_findings(data) if f.severity == Severity.ERROR)
    services.finding_acknowledge(
        engagement=engagement, finding_key=error.key, reason="Agreed on the call.", by=by
    )


def _acknowledgement_withdrawn(engagement, by):
    key = engagement.acknowledgements.get().finding_key
    services.finding_unacknowledge(engagement=engagement, finding_key=key, by=by)


def _submitted(engagement, by):
    services.engagement_submit(engagement=engagement, by=by)


# what changes: (what is done first, if anything; the change itself)
EDITS = {
    "a cell": (None, _a_gap),
    "cells in bulk": (None, _cells_cleared),
    "a coverage window": (None, _coverage_cleared),
    "a row out of scope": (None, _row_out_of_scope),
    "a row removed": (None, _row_removed),
    "a row added": (_a_row_removed_first, _row_added_back),
    "a role added": (None, _role_added),
    "a role's side": (None, _role_changed),
    "a role removed": (None, _role_removed),
    "a tool added": (None, _tool_added),
    "a tool's owner": (None, _tool_changed),
    "a tool removed": (None, _tool_removed),
    "business hours": (None, _hours_changed),
    "controls selected": (None, _controls_selected),
    "a control's owner": (_controls_selected, _control_assigned),
    "controls deselected": (_controls_selected, _controls_deselected),
    "an error acknowledged": (None, _error_acknowledged),
    "an acknowledgement withdrawn": (_error_acknowledged, _acknowledgement_withdrawn),
    "submitted for review": (None, _submitted),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_kind_of_edit_shows_in_the_portfolio_counts(
    edit, co_managed, account_manager, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first, change = EDITS[edit]
    with django_capture_on_commit_callbacks(execute=True):
        _a_gap(co_managed, account_manager)  # an error, so there is one to acknowledge
    if first:
        with django_capture_on_commit_callbacks(execute=True):
            first(_fresh(co_managed), account_manager)
    stored_before = FindingsCount.objects.get(engagement=co_managed).source

    with django_capture_on_commit_callbacks(execute=True):
        change(_fresh(co_managed), account_manager)

    assert FindingsCount.objects.get(engagement=co_managed).source != stored_before
    # Stored again after the change: the page of engagements with their stored counts, and
    # the totals' aggregate; no matrix loaded.
    with django_assert_num_queries(2):
        shown = _shown(co_managed, account_manager)
    assert shown == _computed(co_managed)


def test_a_new_gap_adds_an_error_to_the_portfolio(co_managed, account_manager):
    errors_before = _shown(co_managed, account_manager)[0][Severity.ERROR]

    _a_gap(_fresh(co_managed), account_manager)

    assert _shown(co_managed, account_manager)[0][Severity.ERROR] == errors_before + 1


def test_counts_are_stored_once_and_read_back_without_loading_the_matrix(
    co_managed, account_manager, django_assert_num_queries
):
    first = _shown(co_managed, account_manager)
    findings_counts_refresh()
    # The page of engagements with their stored counts, and the totals: nothing else.
    with django_assert_num_queries(2):
        again = _shown(co_managed, account_manager)
    assert again == first == _computed(co_managed)


def test_reading_stale_counts_counts_them_in_memory_and_writes_nothing(co_managed, account_manager):
    findings_counts_refresh()
    stored = FindingsCount.objects.get(engagement=co_managed)
    _a_gap(co_managed, account_manager)  # not committed: the stored count is stale

    with CaptureQueriesContext(connection) as queries:
        shown = _shown(co_managed, account_manager)
        counts = findings_counts([_fresh(co_managed)])

    assert shown == _computed(co_managed)
    assert counts[co_managed.pk].by_severity == _computed(co_managed)[0]
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert FindingsCount.objects.get(engagement=co_managed).source == stored.source


def test_a_refresh_stores_only_the_stale_counts(co_managed, account_manager, acme):
    other = services.engagement_create(
        client=acme, title="Managed IT", service_model="fully_managed", by=account_manager
    )
    assert findings_counts_refresh() == 2
    assert findings_counts_refresh() == 0

    _a_gap(co_managed, account_manager)

    assert findings_counts_refresh(engagement_ids=[co_managed.pk, other.pk]) == 1
    assert _shown(co_managed, account_manager) == _computed(co_managed)


def test_a_change_rolled_back_asks_for_no_refresh(
    co_managed, account_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _a_gap(co_managed, account_manager)
            raise RuntimeError("refused after the change")
    assert callbacks == []


def test_a_transaction_of_many_changes_stores_the_counts_once_from_its_last_state(
    co_managed, account_manager, django_capture_on_commit_callbacks
):
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                _a_gap(co_managed, account_manager)
                _tool_added(co_managed, account_manager)
                _role_added(co_managed, account_manager)
    stores = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("INSERT")
        and "findingscount" in query["sql"].lower()
    ]
    assert len(stores) == 1
    stored = FindingsCount.objects.get(engagement=co_managed)
    assert stored.source.startswith(f"v{_fresh(co_managed).version}/")
    assert _shown(co_managed, account_manager) == _computed(co_managed)


def test_a_count_stored_from_other_rule_settings_is_counted_again(
    co_managed, account_manager, settings
):
    findings_counts_refresh()
    stored_before = FindingsCount.objects.get(engagement=co_managed).source
    settings.RACI_MAX_RESPONSIBLE = 1

    assert _shown(co_managed, account_manager) == _computed(co_managed)
    assert findings_counts_refresh() == 1
    assert FindingsCount.objects.get(engagement=co_managed).source != stored_before


def test_forgetting_the_counts_makes_the_portfolio_count_them_again(
    co_managed, account_manager, django_capture_on_commit_callbacks
):
    findings_counts_refresh()
    with django_capture_on_commit_callbacks() as callbacks:
        findings_counts_forget()
    assert not FindingsCount.objects.exists()

    assert _shown(co_managed, account_manager) == _computed(co_managed)
    assert not FindingsCount.objects.exists()  # counted for the read, not stored by it

    for callback in callbacks:  # the commit
        callback()
    assert FindingsCount.objects.filter(engagement=co_managed).exists()


def test_loading_a_catalog_forgets_the_counts(co_managed, account_manager):
    findings_counts_refresh()

    services.catalog_load(catalog=parse_catalog(BUNDLED["hipaa"]))

    assert not FindingsCount.objects.exists()


def test_a_catalog_edit_in_the_admin_forgets_the_counts(
    co_managed, account_manager, admin_user, client
):
    patching = Activity.objects.get(code="patching.servers")
    unused = Activity.objects.create(domain=patching.domain, code="unused", name="Unused duty")
    findings_counts_refresh()
    client.force_login(admin_user)

    response = client.post(f"/admin/engagements/activity/{unused.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=unused.pk).exists()
    assert not FindingsCount.objects.exists()


def test_an_engagement_started_after_the_last_count_is_counted_too(
    co_managed, account_manager, acme
):
    findings_counts_refresh()

    started = services.engagement_create(
        client=acme, title="Managed IT", service_model="fully_managed", by=account_manager
    )

    assert _shown(started, account_manager) == _computed(started)
    assert _shown(co_managed, account_manager) == _computed(co_managed)


def test_a_catalog_fixture_loaded_with_loaddata_forgets_the_counts(
    co_managed, account_manager, tmp_path
):
    from django.core import serializers
    from django.core.management import call_command

    findings_counts_refresh()
    activity = Activity.objects.get(code="patching.servers")
    fixture = tmp_path / "catalog.json"
    fixture.write_text(serializers.serialize("json", [activity]))

    call_command("loaddata", str(fixture), verbosity=0)

    assert not FindingsCount.objects.exists()
    assert _shown(co_managed, account_manager) == _computed(co_managed)
