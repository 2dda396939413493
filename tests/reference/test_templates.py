"""The templates reproduce the article's comparison table, row by row."""

import pytest

from engagements.analysis import Severity, domain_lead, engagement_findings
from engagements.models import Activity, ServiceModel
from engagements.reference.article import COMPARISON_TABLE
from engagements.reference.templates import TEMPLATES
from engagements.selectors.matrix import load_matrix

pytestmark = pytest.mark.django_db

# The article's table, as printed: feature, fully managed, co-managed, who leads (managed),
# who leads (co-managed).
ARTICLE_TABLE = [
    ("IT Staffing", "MSP provides all IT staff", "Internal staff + MSP augments", "MSP", "Shared"),
    (
        "IT Strategy",
        "MSP owns the strategy fully",
        "Shared between internal and MSP",
        "MSP",
        "Shared",
    ),
    (
        "Tool Ownership",
        "MSP owns and manages tools",
        "Can use client or MSP tools",
        "MSP",
        "Flexible",
    ),
    ("Mentoring", "Internal staff not applicable", "MSP mentors internal IT staff", "N/A", "MSP"),
    (
        "Vacation Coverage",
        "MSP handles automatically",
        "MSP covers internal team gaps",
        "MSP",
        "MSP",
    ),
    (
        "Sick Leave Coverage",
        "MSP handles automatically",
        "MSP fills in for absent staff",
        "MSP",
        "MSP",
    ),
    (
        "Cost Structure",
        "Predictable monthly fee",
        "Varies by scope and team size",
        "Fixed",
        "Variable",
    ),
    (
        "Control Level",
        "Low, the provider manages all",
        "High, internal team stays active",
        "Low",
        "High",
    ),
]


def _lead(engagement, data, row):
    if row.domain:
        return domain_lead(data, row.domain)
    value = getattr(engagement, row.attribute)
    return {"fixed": "Fixed", "variable": "Variable", "low": "Low", "high": "High"}[value]


def test_the_comparison_table_is_the_articles_word_for_word():
    assert [
        (r.feature, r.fully_managed, r.co_managed, r.lead_managed, r.lead_co_managed)
        for r in COMPARISON_TABLE
    ] == ARTICLE_TABLE


@pytest.mark.parametrize("row", COMPARISON_TABLE, ids=[r.feature for r in COMPARISON_TABLE])
def test_each_row_of_the_table_reads_back_from_the_templates(row, fully_managed, co_managed):
    managed_data, co_data = load_matrix(fully_managed), load_matrix(co_managed)
    assert _lead(fully_managed, managed_data, row) == row.lead_managed
    assert _lead(co_managed, co_data, row) == row.lead_co_managed


@pytest.mark.parametrize("model", [ServiceModel.FULLY_MANAGED, ServiceModel.CO_MANAGED])
def test_a_template_covers_every_catalog_activity(model):
    codes = set(Activity.objects.filter(client__isnull=True).values_list("code", flat=True))
    template = TEMPLATES[model]
    in_scope = {code for code in codes if code.split(".")[0] not in template.out_of_scope_domains}
    assert set(template.cells) == in_scope


@pytest.mark.parametrize("fixture", ["fully_managed", "co_managed"])
def test_a_fresh_template_has_no_errors_or_warnings(fixture, request):
    engagement = request.getfixturevalue(fixture)
    findings = engagement_findings(load_matrix(engagement))
    assert [f for f in findings if f.severity != Severity.INFO] == []


def test_a_fully_managed_template_leaves_mentoring_out_of_scope(fully_managed):
    data = load_matrix(fully_managed)
    mentoring = [r for r in data.rows if r.activity.domain.code == "mentoring"]
    assert mentoring and not any(r.in_scope for r in mentoring)


def test_the_co_managed_template_gives_internal_roles_an_msp_absence_backup(co_managed):
    data = load_matrix(co_managed)
    internal = [r for r in data.roles if r.side == "internal"]
    assert internal and all(r.absence_backup and r.absence_backup.side == "msp" for r in internal)
