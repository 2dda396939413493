"""Rules over the letters: who is Accountable, who does the work, who hears about it.

Each rule is shown both ways: a matrix that has the problem, and the smallest change that
clears it.
"""

import pytest

from engagements.analysis import AnalysisConfig, Severity

IT_MANAGER, SYSADMIN = "Client IT manager", "Internal systems administrator"
NOC, DESK = "MSP NOC", "MSP service desk"


def test_an_activity_with_no_accountable_is_a_gap(sketch):
    sketch.row("patching.servers", "Deploy server patches", letters={NOC: "R", IT_MANAGER: "I"})
    [finding] = sketch.found("GAP_NO_ACCOUNTABLE")
    assert finding.severity == Severity.ERROR
    assert finding.key == "GAP_NO_ACCOUNTABLE:activity=patching.servers"
    assert finding.message == 'Nobody is accountable for "Deploy server patches".'
    assert (finding.domain, finding.activity) == ("patching", "patching.servers")

    sketch.set("patching.servers", NOC, "AR")
    assert sketch.found("GAP_NO_ACCOUNTABLE") == []


def test_an_out_of_scope_activity_needs_no_accountable(sketch):
    sketch.row("patching.servers", letters={}, in_scope=False)
    assert sketch.findings() == []


def test_two_accountables_are_an_overlap(sketch):
    sketch.row(
        "patching.servers",
        "Deploy server patches",
        letters={IT_MANAGER: "A", NOC: "AR"},
    )
    [finding] = sketch.found("OVERLAP_MULTIPLE_ACCOUNTABLE")
    assert finding.severity == Severity.ERROR
    assert finding.message == (
        '2 roles are accountable for "Deploy server patches": Client IT manager (Internal IT) '
        "and MSP NOC (MSP)."
    )

    sketch.set("patching.servers", IT_MANAGER, "I")
    assert sketch.found("OVERLAP_MULTIPLE_ACCOUNTABLE") == []


def test_an_activity_nobody_does_has_no_responsible(sketch):
    sketch.row("security.vulnerability-scans", "Scan for vulnerabilities", letters={NOC: "A"})
    [finding] = sketch.found("GAP_NO_RESPONSIBLE")
    assert finding.severity == Severity.ERROR
    assert "Scan for vulnerabilities" in finding.message

    sketch.set("security.vulnerability-scans", NOC, "AR")  # an A/R cell counts as R
    assert sketch.found("GAP_NO_RESPONSIBLE") == []


def test_work_shared_across_sides_without_a_split_note_is_an_overlap(sketch):
    sketch.row(
        "cloud.identity",
        "Manage identity and conditional access",
        letters={IT_MANAGER: "A", SYSADMIN: "R", NOC: "R"},
    )
    [finding] = sketch.found("OVERLAP_UNSPLIT_SHARED")
    assert finding.severity == Severity.WARNING
    assert finding.message == (
        "Both Internal systems administrator (Internal IT) and MSP NOC (MSP) do the work on "
        '"Manage identity and conditional access", and nobody has written down how it is split.'
    )

    sketch.rows["cloud.identity"].split_note = "Sysadmin owns policies; the NOC handles lockouts."
    assert sketch.found("OVERLAP_UNSPLIT_SHARED") == []


def test_a_blank_split_note_is_no_split(sketch):
    sketch.row("cloud.identity", split_note="   ", letters={SYSADMIN: "AR", NOC: "R"})
    assert len(sketch.found("OVERLAP_UNSPLIT_SHARED")) == 1


def test_work_shared_on_one_side_only_is_not_an_unsplit_overlap(sketch):
    sketch.row("cloud.identity", letters={IT_MANAGER: "AR", SYSADMIN: "R"})
    assert sketch.found("OVERLAP_UNSPLIT_SHARED") == []


def test_more_responsibles_than_the_threshold_is_a_warning(sketch):
    sketch.row(
        "helpdesk.tier1",
        "Answer tier-1 user requests",
        split_note="Everyone answers the phone.",
        letters={IT_MANAGER: "AR", SYSADMIN: "R", NOC: "R", DESK: "R"},
    )
    [finding] = sketch.found("WARN_TOO_MANY_RESPONSIBLE")
    assert finding.severity == Severity.WARNING
    assert finding.message.startswith(
        '4 roles are responsible for "Answer tier-1 user requests" (more than 3): '
        "Client IT manager, Internal systems administrator, MSP NOC and MSP service desk."
    )

    sketch.set("helpdesk.tier1", SYSADMIN, "I")
    assert sketch.found("WARN_TOO_MANY_RESPONSIBLE") == []


def test_the_responsible_threshold_is_configurable(sketch):
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "AR", NOC: "R"})
    assert sketch.found("WARN_TOO_MANY_RESPONSIBLE", AnalysisConfig(max_responsible=3)) == []
    assert len(sketch.found("WARN_TOO_MANY_RESPONSIBLE", AnalysisConfig(max_responsible=1))) == 1


def test_work_nobody_is_consulted_or_informed_about_is_a_silo(sketch):
    sketch.row("tools.rmm", "Administer the RMM platform", letters={NOC: "AR"})
    [finding] = sketch.found("INFO_NO_CONSULTED_OR_INFORMED")
    assert finding.severity == Severity.INFO
    assert finding.message == (
        'Nobody beyond MSP NOC is consulted or informed about "Administer the RMM platform".'
    )

    sketch.set("tools.rmm", SYSADMIN, "I")
    assert sketch.found("INFO_NO_CONSULTED_OR_INFORMED") == []


@pytest.mark.parametrize("letters", ["C", "AC", "RI"])
def test_any_c_or_i_on_the_row_means_somebody_hears(sketch, letters):
    sketch.row("tools.rmm", letters={NOC: "AR", SYSADMIN: letters})
    assert sketch.found("INFO_NO_CONSULTED_OR_INFORMED") == []


def test_an_empty_row_is_a_gap_not_a_silo(sketch):
    sketch.row("tools.rmm", letters={})
    codes = {f.code for f in sketch.findings()}
    assert {"GAP_NO_ACCOUNTABLE", "GAP_NO_RESPONSIBLE"} <= codes
    assert "INFO_NO_CONSULTED_OR_INFORMED" not in codes
