"""Filters and ordering over an engagement's findings: a list the rules compute, not a
table, so the FilterSet filters a list and ordering sorts it."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from engagements.analysis import Severity
from engagements.api.filters.common import BooleanFilter


class FindingList(list):
    """Findings, dressed as enough of a queryset for a FilterSet to hold them."""

    model = None

    def all(self):
        return FindingList(self)


class FindingFilter(filters.FilterSet):
    """Filters over an engagement's findings (a list computed by the rules, not a table)."""

    severity = filters.MultipleChoiceFilter(
        label="Severity",
        choices=[(s, s) for s in Severity.ORDER],
        method="filter_severity",
        help_text="One or more: ?severity=error&severity=warning.",
    )
    code = filters.CharFilter(
        label="Code",
        method="filter_code",
        max_length=80,
        help_text="A finding code, e.g. GAP_NO_ACCOUNTABLE.",
    )
    domain = filters.CharFilter(
        label="Domain", method="filter_domain", max_length=40, help_text="Domain code."
    )
    activity = filters.CharFilter(label="Activity", method="filter_activity", max_length=80)
    acknowledged = BooleanFilter(
        label="Acknowledged",
        method="filter_acknowledged",
        help_text="Accepted for sign-off with a reason, or not.",
    )

    def __init__(self, data=None, queryset=(), *, acknowledgements=None, **kwargs):
        super().__init__(data, FindingList(queryset), **kwargs)
        self.acknowledgements = acknowledgements or {}

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self):
        findings = list(self.queryset)
        if self.is_bound and self.is_valid():
            findings = self.filter_queryset(findings)
        return findings

    def filter_severity(self, findings, name, value):
        return [f for f in findings if f.severity in value]

    def filter_code(self, findings, name, value):
        return [f for f in findings if f.code.lower() == value.lower()]

    def filter_domain(self, findings, name, value):
        return [f for f in findings if f.domain == value]

    def filter_activity(self, findings, name, value):
        return [f for f in findings if f.activity == value]

    def filter_acknowledged(self, findings, name, value):
        return [f for f in findings if (f.key in self.acknowledgements) == value]


# The findings action runs FindingFilter itself (over a list): its parameters, for the schema.
FINDINGS_PARAMETERS = [
    OpenApiParameter(
        "severity",
        OpenApiTypes.STR,
        many=True,
        enum=list(Severity.ORDER),
        description="One or more: ?severity=error&severity=warning.",
    ),
    OpenApiParameter("code", OpenApiTypes.STR, description="A code, e.g. GAP_NO_ACCOUNTABLE."),
    OpenApiParameter("domain", OpenApiTypes.STR, description="A domain code, e.g. patching."),
    OpenApiParameter("activity", OpenApiTypes.STR, description="An activity code."),
    OpenApiParameter(
        "acknowledged", OpenApiTypes.BOOL, description="Accepted for sign-off with a reason."
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description="severity, code, domain, activity or subject (prefix - for descending); "
        "by default errors first, in matrix order.",
    ),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT),
]

FINDING_SORT_KEYS = {
    "severity": lambda f: Severity.ORDER.index(f.severity) if f.severity in Severity.ORDER else 9,
    "code": lambda f: f.code,
    "domain": lambda f: f.domain,
    "activity": lambda f: f.activity,
    "subject": lambda f: f.subject,
}


def order_findings(findings: list, ordering: str) -> list:
    """?ordering=severity,-code over a list of findings; unknown names are left out."""
    terms = [term.strip() for term in (ordering or "").split(",") if term.strip()]
    for term in reversed(terms):  # stable sorts, last key first
        key = FINDING_SORT_KEYS.get(term.lstrip("-"))
        if key:
            findings = sorted(findings, key=key, reverse=term.startswith("-"))
    return findings
