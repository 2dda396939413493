"""Rules about the engagement as a whole: the service model sold, the client's view of work
done on its behalf, and one role carrying too much."""

from engagements.analysis import AnalysisConfig, Severity
from engagements.models import ServiceModel, Side
from tests.helpers.sketch import Sketch

IT_MANAGER, SYSADMIN = "Client IT manager", "Internal systems administrator"
NOC, DESK = "MSP NOC", "MSP service desk"


def _fully_managed():
    sketch = Sketch(service_model=ServiceModel.FULLY_MANAGED)
    sketch.role("Client executive sponsor", Side.INTERNAL)
    sketch.role(NOC, Side.MSP)
    sketch.role("MSP vCIO", Side.MSP)
    return sketch


# -- MODEL_MISMATCH --------------------------------------------------------------------------


def test_client_staff_doing_it_work_in_a_fully_managed_engagement_is_a_mismatch():
    sketch = _fully_managed()
    sketch.row("tools.rmm", letters={NOC: "AR"})
    sketch.row(
        "vendors.hardware-procurement",
        "Procure hardware",
        letters={"MSP vCIO": "A", "Client executive sponsor": "R"},
    )
    [finding] = sketch.found("MODEL_MISMATCH")
    assert finding.severity == Severity.WARNING
    assert finding.key == "MODEL_MISMATCH:engagement"
    assert finding.message == (
        "This engagement is fully managed, yet Client executive sponsor on the client's side "
        'does the work on "Procure hardware".'
    )

    sketch.set("vendors.hardware-procurement", "Client executive sponsor", "C")
    sketch.set("vendors.hardware-procurement", "MSP vCIO", "AR")
    assert sketch.found("MODEL_MISMATCH") == []


def test_a_fully_managed_client_may_stay_accountable_and_informed():
    sketch = _fully_managed()
    sketch.row("vendors.msp-relationship", letters={"Client executive sponsor": "A", NOC: "R"})
    sketch.row("strategy.budget", letters={"MSP vCIO": "AR", "Client executive sponsor": "C"})
    assert sketch.found("MODEL_MISMATCH") == []


def test_a_co_managed_engagement_where_the_internal_team_does_nothing_is_a_mismatch(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR", IT_MANAGER: "I"})
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "A", DESK: "R"})
    [finding] = sketch.found("MODEL_MISMATCH")
    assert finding.message.startswith(
        "This engagement is co-managed, yet no internal role is responsible for any activity"
    )

    sketch.set("helpdesk.tier1", SYSADMIN, "R")
    assert sketch.found("MODEL_MISMATCH") == []


def test_an_empty_co_managed_draft_is_not_yet_a_mismatch(sketch):
    sketch.row("tools.rmm", letters={IT_MANAGER: "I"})
    assert sketch.found("MODEL_MISMATCH") == []


def test_out_of_scope_work_does_not_count_for_the_model():
    sketch = _fully_managed()
    sketch.row("helpdesk.walk-up", in_scope=False, letters={"Client executive sponsor": "AR"})
    assert sketch.found("MODEL_MISMATCH") == []


# -- GAP_CLIENT_NOT_INFORMED -----------------------------------------------------------------


def test_msp_work_the_client_never_hears_about_is_a_gap(sketch):
    sketch.row(
        "backup-dr.offsite-copies",
        "Manage offsite copies",
        letters={NOC: "AR", DESK: "C"},
    )
    [finding] = sketch.found("GAP_CLIENT_NOT_INFORMED")
    assert finding.severity == Severity.WARNING
    assert finding.message == (
        'MSP NOC (MSP) answers for "Manage offsite copies", and nobody in the client\'s IT team '
        "is even informed."
    )

    sketch.set("backup-dr.offsite-copies", IT_MANAGER, "I")
    assert sketch.found("GAP_CLIENT_NOT_INFORMED") == []


def test_an_activity_nobody_answers_for_and_the_client_is_not_in_is_a_gap_too(sketch):
    sketch.row("backup-dr.offsite-copies", "Manage offsite copies", letters={NOC: "R"})
    [finding] = sketch.found("GAP_CLIENT_NOT_INFORMED")
    assert finding.message == (
        'Nobody in the client\'s IT team is involved in "Manage offsite copies", not even informed.'
    )
    sketch.set("backup-dr.offsite-copies", SYSADMIN, "A")
    assert sketch.found("GAP_CLIENT_NOT_INFORMED") == []


def test_a_fully_managed_client_need_not_hear_about_every_activity():
    sketch = _fully_managed()
    sketch.row("tools.rmm", letters={NOC: "AR"})
    assert sketch.found("GAP_CLIENT_NOT_INFORMED") == []


# -- ROLE_OVERLOADED -------------------------------------------------------------------------


def test_a_role_holding_most_of_the_work_is_flagged(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR", SYSADMIN: "I"})
    sketch.row("patching.servers", letters={NOC: "AR", IT_MANAGER: "I"})
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "A", DESK: "R"})
    [finding] = sketch.found("ROLE_OVERLOADED")
    assert finding.severity == Severity.INFO
    assert finding.key == "ROLE_OVERLOADED:role=MSP NOC"
    assert finding.message == (
        "MSP NOC is responsible for 2 of the 3 R letters in this engagement (67%)."
    )

    sketch.set("patching.servers", SYSADMIN, "R")
    sketch.set("patching.servers", NOC, "A")
    assert sketch.found("ROLE_OVERLOADED") == []


def test_exactly_the_share_is_not_more_than_the_share(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR"})
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "A", DESK: "R"})
    assert sketch.found("ROLE_OVERLOADED") == []  # 1 of 2 is 50%, not more


def test_the_overload_share_is_configurable(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR"})
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "A", DESK: "R"})
    found = sketch.found("ROLE_OVERLOADED", AnalysisConfig(role_overload_share=0.4))
    assert [f.role for f in found] == [NOC, DESK]
