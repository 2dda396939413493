"""Every rule fires on the demo data where the data really has the problem, and stays quiet
where it does not; the documentation explains every rule."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from engagements.analysis import engagement_findings, summarize
from engagements.models import Engagement, Status
from engagements.selectors.matrix import load_matrices

# Every rule of the findings issue, with its severity.
RULES = {
    "GAP_NO_ACCOUNTABLE": "error",
    "OVERLAP_MULTIPLE_ACCOUNTABLE": "error",
    "GAP_NO_RESPONSIBLE": "error",
    "OVERLAP_UNSPLIT_SHARED": "warning",
    "GAP_COVERAGE": "error",
    "RISK_SINGLE_POINT_OF_FAILURE": "warning",
    "RISK_NO_ABSENCE_COVER": "warning",
    "WARN_TOO_MANY_RESPONSIBLE": "warning",
    "INFO_NO_CONSULTED_OR_INFORMED": "info",
    "MODEL_MISMATCH": "warning",
    "GAP_CLIENT_NOT_INFORMED": "warning",
    "ROLE_OVERLOADED": "info",
    "GAP_TOOL_OWNER": "error",
    "GAP_TOOL_EXIT_TERMS": "warning",
}

# What the demo shows, engagement by engagement (information about silos left aside: the
# article's templates have a few on purpose).
EXPECTED = {
    ("cobalt", 1): {
        "GAP_NO_ACCOUNTABLE:activity=security.incident-response",
        "GAP_NO_RESPONSIBLE:activity=security.vulnerability-scans",
        "OVERLAP_MULTIPLE_ACCOUNTABLE:activity=patching.servers",
        "GAP_COVERAGE:activity=monitoring.respond-alerts",
        "GAP_TOOL_OWNER:tool=Legacy VPN appliance",
        "GAP_CLIENT_NOT_INFORMED:activity=backup-dr.offsite-copies",
        "OVERLAP_UNSPLIT_SHARED:activity=cloud.identity",
        "GAP_TOOL_EXIT_TERMS:tool=Legacy VPN appliance",
        "GAP_TOOL_EXIT_TERMS:tool=Password manager",
    },
    ("harbor-dental", 1): {"ROLE_OVERLOADED:role=MSP NOC"},  # no SOC in 2025: the NOC did it
    ("harbor-dental", 2): {"MODEL_MISMATCH:engagement"},  # the practice manager's HIPAA duties
    ("northwind", 1): {
        "WARN_TOO_MANY_RESPONSIBLE:activity=helpdesk.tier1",
        "RISK_SINGLE_POINT_OF_FAILURE:activity=cloud.tenant-admin",
        "RISK_NO_ABSENCE_COVER:role=Internal systems administrator",
    },
}


@pytest.mark.django_db
def test_each_rule_fires_on_the_demo_exactly_where_the_data_has_the_problem():
    call_command("seed_demo", "--quiet-logins")
    engagements = Engagement.objects.select_related("client")
    matrices = load_matrices(engagements)
    fired, seen = set(), {}
    for engagement in engagements:
        data = matrices[engagement.pk]
        findings = [f for f in engagement_findings(data) if f.code in RULES]
        for finding in findings:
            assert finding.severity == RULES[finding.code], finding.code
        fired |= {f.code for f in findings}
        seen[(engagement.client.slug, engagement.revision)] = (
            engagement,
            summarize(data, findings),
            {f.key for f in findings if f.code != "INFO_NO_CONSULTED_OR_INFORMED"},
        )

    assert fired == set(RULES)
    assert {where: keys for where, (_, _, keys) in seen.items()} == EXPECTED

    cobalt, cobalt_summary, _ = seen[("cobalt", 1)]
    assert cobalt.status == Status.DRAFT and cobalt_summary.unacknowledged_errors == 5
    northwind, northwind_summary, _ = seen[("northwind", 1)]
    assert northwind.status == Status.IN_REVIEW and northwind_summary.ready_for_review
    assert northwind_summary.by_severity["warning"] == 3
    harbor, harbor_summary, _ = seen[("harbor-dental", 2)]
    assert harbor.status == Status.SIGNED_OFF and harbor_summary.unacknowledged_errors == 0


def test_the_docs_explain_every_rule_with_its_severity():
    page = Path(__file__).resolve().parents[2] / "docs" / "account-managers" / "findings.md"
    text = page.read_text()
    words = {"Error": "error", "Warning": "warning", "Note": "info"}
    # "### CODE {#code}", a blank line, then "*Error.* ..." (or Warning, Note).
    listed = {
        code: words[word]
        for code, word in re.findall(
            r"^### ([A-Z_]+) \{#[a-z_]+\}\n\n\*(Error|Warning|Note)\.\*", text, re.M
        )
    }
    assert {code: listed.get(code) for code in RULES} == RULES
    assert "python manage.py findings" in text
