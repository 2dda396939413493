"""python manage.py findings <engagement-id> [--format text|json]"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from engagements import services
from engagements.management.commands.findings import Command
from engagements.models import FindingsCount, MatrixRow, Role
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def _run(*args):
    """Run the command; returns (exit code, stdout)."""
    out = StringIO()
    try:
        call_command("findings", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def _break(engagement, by):
    """Leave server patching with nobody accountable: one error."""
    services.assignment_set(
        engagement=engagement,
        row=MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers"),
        role=Role.objects.get(engagement=engagement, name="Client IT manager"),
        letters="",
        by=by,
    )


def test_a_clean_engagement_prints_its_summary_and_exits_0(co_managed):
    code, out = _run(str(co_managed.pk))
    assert code == 0
    assert out.splitlines()[0] == (
        "Acme Logistics — Co-managed IT, revision 1 (draft, Co-managed IT)"
    )
    assert "0 errors, 0 warnings" in out
    assert "Ready for review." in out


def test_remaining_errors_are_printed_and_exit_1(co_managed, account_manager):
    _break(co_managed, account_manager)
    code, out = _run(str(co_managed.pk))
    assert code == 1
    assert "1 error blocks sign-off." in out
    assert "ERROR   GAP_NO_ACCOUNTABLE  activity=patching.servers" in out
    assert '  Nobody is accountable for "Deploy server patches".' in out
    assert "  Fix: Mark exactly one role A" in out


def test_acknowledged_errors_are_shown_with_their_reason_and_exit_0(
    co_managed, account_manager, client_it_manager
):
    _break(co_managed, account_manager)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key="GAP_NO_ACCOUNTABLE:activity=patching.servers",
        reason="The change board answers for patches until Q3.",
        by=client_it_manager,
    )
    code, out = _run(str(co_managed.pk))
    assert code == 0
    assert "1 error acknowledged" in out
    assert "Acknowledged by Kim Osei: The change board answers for patches until Q3." in out


def test_json_is_one_document_a_script_can_read(co_managed, account_manager):
    _break(co_managed, account_manager)
    code, out = _run(str(co_managed.pk), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["engagement"]["id"] == co_managed.pk
    assert document["summary"]["by_severity"]["error"] == 1
    assert document["summary"]["unacknowledged_errors"] == 1
    assert document["summary"]["ready_for_review"] is False
    [error] = [f for f in document["findings"] if f["severity"] == "error"]
    assert error["key"] == "GAP_NO_ACCOUNTABLE:activity=patching.servers"
    assert error["suggestion"] and error["acknowledged"] is None


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("999999", "There is no engagement with id 999999."),
        ("abc", '"abc" is not an engagement id (a whole number).'),
    ],
)
def test_an_unknown_id_is_a_one_line_error_and_exit_2(db, capsys, argument, message):
    with pytest.raises(CommandError) as error:
        call_command("findings", argument)
    assert str(error.value) == message
    assert error.value.returncode == 2

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "findings", argument])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"CommandError: {message}"
    assert captured.out == ""


def test_an_unknown_format_is_refused(co_managed):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("findings", str(co_managed.pk), "--format", "xml")


def test_a_signed_revision_is_reported_without_review_advice(
    co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    code, out = _run(str(co_managed.pk))
    assert code == 0
    assert out.splitlines()[0].endswith("revision 1 (signed off, Co-managed IT)")
    summary = out.splitlines()[1]
    assert summary.startswith("0 errors, 0 warnings, ") and summary.endswith(" notes.")


def test_refresh_stores_the_stale_portfolio_counts_and_says_how_many(co_managed):
    code, out = _run("--refresh")
    assert code == 0
    assert out.strip() == "Stored the findings counts of 1 engagement."
    assert FindingsCount.objects.filter(engagement=co_managed).exists()

    assert _run("--refresh") == (0, "Stored the findings counts of 0 engagements.\n")


@pytest.mark.parametrize(
    "arguments, message",
    [
        ((), "Give an engagement id, or --refresh."),
        (("1", "--refresh"), "Give an engagement id or --refresh, not both."),
    ],
)
def test_refresh_or_an_id_is_needed_but_not_both(db, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("findings", *arguments)
    assert str(error.value) == message
    assert error.value.returncode == 2
