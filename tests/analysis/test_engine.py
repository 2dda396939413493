"""The engine: what a finding looks like, the order findings come in, the summary, and the
rule registry that lets a new rule family plug in."""

import pytest
from django.test import override_settings

from engagements import analysis
from engagements.analysis import (
    RULES,
    Finding,
    Severity,
    engagement_findings,
    finding_side,
    rule,
    summarize,
    unacknowledged_errors,
)
from engagements.models import Side

IT_MANAGER, SYSADMIN = "Client IT manager", "Internal systems administrator"
NOC, DESK = "MSP NOC", "MSP service desk"


def _messy(sketch):
    """Errors, warnings and information on several subjects, rows added out of order."""
    sketch.row("tools.rmm", letters={NOC: "AR"})  # silo (info)
    sketch.row("patching.servers", letters={IT_MANAGER: "A", NOC: "AR"})  # two As (error)
    sketch.row("cloud.identity", letters={SYSADMIN: "AR", NOC: "R", DESK: "I"})  # unsplit
    sketch.tool("Legacy VPN appliance")  # no owner (error), no exit terms (warning)
    return sketch


def test_errors_come_first_then_warnings_then_information(sketch):
    severities = [f.severity for f in _messy(sketch).findings()]
    assert severities == sorted(severities, key=Severity.ORDER.index)
    assert severities[0] == Severity.ERROR and severities[-1] == Severity.INFO


def test_within_a_severity_findings_follow_the_matrix_then_roles_then_tools(sketch):
    findings = _messy(sketch).findings()
    assert [f.key for f in findings] == [
        "GAP_COVERAGE:activity=tools.rmm",
        "OVERLAP_MULTIPLE_ACCOUNTABLE:activity=patching.servers",
        "GAP_COVERAGE:activity=patching.servers",
        "GAP_COVERAGE:activity=cloud.identity",
        "GAP_TOOL_OWNER:tool=Legacy VPN appliance",
        "GAP_CLIENT_NOT_INFORMED:activity=tools.rmm",
        "OVERLAP_UNSPLIT_SHARED:activity=cloud.identity",
        "RISK_NO_ABSENCE_COVER:role=Internal systems administrator",
        "GAP_TOOL_EXIT_TERMS:tool=Legacy VPN appliance",
        "INFO_NO_CONSULTED_OR_INFORMED:activity=tools.rmm",
        "INFO_NO_CONSULTED_OR_INFORMED:activity=patching.servers",
        "ROLE_OVERLOADED:role=MSP NOC",
    ]


def test_a_finding_has_a_stable_key_and_reads_as_a_dict():
    finding = Finding(
        code="GAP_NO_ACCOUNTABLE",
        severity=Severity.ERROR,
        message="Nobody is accountable.",
        suggestion="Mark one A.",
        domain="patching",
        activity="patching.servers",
        row_id=7,
    )
    assert finding.subject == "activity=patching.servers"
    assert finding.key == "GAP_NO_ACCOUNTABLE:activity=patching.servers"
    as_dict = finding.as_dict()
    assert as_dict["key"] == finding.key
    assert as_dict["code"] == "GAP_NO_ACCOUNTABLE"
    assert as_dict["row_id"] == 7
    assert Finding("MODEL_MISMATCH", Severity.WARNING, "m", "s").key == "MODEL_MISMATCH:engagement"


def test_the_summary_counts_by_severity_by_domain_and_by_side(sketch):
    data = _messy(sketch).data()
    summary = summarize(data, engagement_findings(data, analysis.AnalysisConfig()))
    assert summary.by_severity == {"error": 5, "warning": 4, "info": 3}
    assert summary.total == 12
    assert summary.by_domain == {
        "tools": {"error": 1, "warning": 1, "info": 1},
        "patching": {"error": 2, "info": 1},
        "cloud": {"error": 1, "warning": 1},
    }
    # Activities count for the side that is accountable; two sides accountable is shared;
    # a tool nobody owns has nobody to act on it yet.
    assert summary.by_side == {
        "internal": {"error": 1, "warning": 2},
        "msp": {"error": 1, "warning": 1, "info": 2},
        "shared": {"error": 2, "info": 1},
        "unassigned": {"error": 1, "warning": 1},
    }
    assert summary.unacknowledged_errors == 5
    assert not summary.ready_for_review


def test_the_side_of_a_finding_is_who_answers_for_its_subject(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR"})
    sketch.tool("Client ticketing", owner_side=Side.INTERNAL)
    data = sketch.data()
    row, role, tool = data.rows[0], data.roles[0], data.tools[0]
    assert finding_side(data, Finding("X", "info", "", "", row_id=row.id)) == "msp"
    assert finding_side(data, Finding("X", "info", "", "", role_id=role.id)) == "internal"
    assert finding_side(data, Finding("X", "info", "", "", tool_id=tool.id)) == "internal"
    assert finding_side(data, Finding("X", "info", "", "")) == "shared"
    assert finding_side(data, Finding("X", "info", "", "", control="PR.AA-01")) == "unassigned"


def test_an_engagement_with_only_warnings_is_ready_for_review(sketch):
    sketch.row(
        "cloud.identity",
        letters={SYSADMIN: "AR", NOC: "R", IT_MANAGER: "I"},
        covered_by={"business_hours": SYSADMIN},
    )
    data = sketch.data()
    summary = summarize(data, engagement_findings(data))
    assert summary.by_severity["error"] == 0 and summary.by_severity["warning"] > 0
    assert summary.ready_for_review


def test_acknowledged_errors_no_longer_block_but_still_count(sketch):
    sketch.row("patching.servers", letters={IT_MANAGER: "A", NOC: "AR", SYSADMIN: "I"})
    sketch.cover("patching.servers", "business_hours", NOC)
    sketch.acknowledge("OVERLAP_MULTIPLE_ACCOUNTABLE:activity=patching.servers")
    data = sketch.data()
    findings = engagement_findings(data)
    assert unacknowledged_errors(data, findings) == []
    summary = summarize(data, findings)
    assert (summary.by_severity["error"], summary.unacknowledged_errors) == (1, 0)
    assert summary.acknowledged_errors == 1
    assert summary.as_dict()["acknowledged_errors"] == 1


def test_the_thresholds_come_from_settings(sketch):
    sketch.row("helpdesk.tier1", letters={IT_MANAGER: "AR", DESK: "R"}, split_note="By shift.")
    with override_settings(RACI_MAX_RESPONSIBLE=1):
        codes = {f.code for f in engagement_findings(sketch.data())}
    assert "WARN_TOO_MANY_RESPONSIBLE" in codes
    assert "WARN_TOO_MANY_RESPONSIBLE" not in {f.code for f in engagement_findings(sketch.data())}


@pytest.fixture
def registry():
    saved = list(RULES)
    yield RULES
    RULES[:] = saved


def test_a_rule_module_added_later_runs_with_the_others(sketch, registry):
    def gap_tool_admin(data, config):
        for tool in data.tools:
            if tool.administered_by_id is None:
                yield Finding(
                    "GAP_TOOL_ADMIN",
                    Severity.WARNING,
                    "No admin.",
                    "Name one.",
                    tool=tool.name,
                    tool_id=tool.id,
                )

    rule(gap_tool_admin)
    rule(gap_tool_admin)  # registering twice (a module re-imported) runs it once
    sketch.tool("MSP RMM", owner_side=Side.MSP, exit_fate="removed")
    assert [f.key for f in sketch.findings()] == ["GAP_TOOL_ADMIN:tool=MSP RMM"]


def test_every_rule_module_in_the_package_is_loaded():
    modules = {check.__module__.rsplit(".", 1)[-1] for check in RULES}
    assert {"matrix", "coverage", "model", "tools"} <= modules
