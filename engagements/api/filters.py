"""Query-string filters for the API's lists, one FilterSet per list, fields listed explicitly.

A value of the wrong kind (a word where an id goes, a status that does not exist) is a 400
naming the parameter; an id too large for the database is a 400 too, never a 500.
"""

import django_filters
from django import forms
from django_filters import rest_framework as filters

from engagements.analysis import Severity
from engagements.api.base import MAX_ID, parse_id
from engagements.models import (
    Assignment,
    Comment,
    Engagement,
    ServiceModel,
    Side,
    Status,
    Tool,
    ToolFate,
)
from engagements.models.letters import LETTERS
from engagements.selectors.findings_counts import findings_counts


class IdFilter(django_filters.Filter):
    """A database id: a positive whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ClientFilter(filters.CharFilter):
    """A client by id or by slug."""

    def __init__(self, *args, field_name="client", **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("help_text", "The client's id or slug.")
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, queryset, value):
        if value in ("", None):
            return queryset
        number = parse_id(value)
        if number is not None:
            return queryset.filter(**{f"{self.field_name}_id": number})
        return queryset.filter(**{f"{self.field_name}__slug": value})


NONE_CHOICE = ("none", "Not set")


class BlankableChoiceFilter(filters.ChoiceFilter):
    """A choice where "none" means the field was left empty."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, choices=[*choices, NONE_CHOICE], **kwargs)

    def filter(self, queryset, value):
        if value == NONE_CHOICE[0]:
            return queryset.filter(**{self.field_name: ""})
        return super().filter(queryset, value)


class EngagementFilter(filters.FilterSet):
    client = ClientFilter()
    service_model = filters.ChoiceFilter(choices=ServiceModel.choices)
    status = filters.MultipleChoiceFilter(
        choices=Status.choices, help_text="One or more: ?status=draft&status=in_review."
    )
    current = filters.BooleanFilter(
        method="filter_current", help_text="true: leave out superseded revisions."
    )
    # Last, so it only runs the findings over engagements the other filters kept.
    has_errors = filters.BooleanFilter(
        method="filter_has_errors",
        help_text="true: only engagements with errors nobody accepted (they block sign-off); "
        "false: only those without.",
    )

    class Meta:
        model = Engagement
        fields = ["client", "service_model", "status", "current", "has_errors"]

    def filter_current(self, queryset, name, value):
        if value:
            return queryset.exclude(status=Status.SUPERSEDED)
        return queryset.filter(status=Status.SUPERSEDED)

    def filter_has_errors(self, queryset, name, value):
        with_errors = [
            pk for pk, counts in findings_counts(queryset).items() if counts.unacknowledged_errors
        ]
        if value:
            return queryset.filter(pk__in=with_errors)
        return queryset.exclude(pk__in=with_errors)


class AssignmentFilter(filters.FilterSet):
    client = ClientFilter(field_name="row__engagement__client")
    engagement = IdFilter(field_name="row__engagement_id")
    status = filters.MultipleChoiceFilter(
        field_name="row__engagement__status", choices=Status.choices
    )
    domain = filters.CharFilter(field_name="row__activity__domain__code", max_length=40)
    activity = filters.CharFilter(field_name="row__activity__code", max_length=80)
    in_scope = filters.BooleanFilter(field_name="row__in_scope")
    side = filters.ChoiceFilter(field_name="role__side", choices=Side.choices)
    role = filters.CharFilter(
        field_name="role__name", lookup_expr="iexact", max_length=120, help_text="Role name."
    )
    letter = filters.ChoiceFilter(
        choices=[(letter, letter) for letter in LETTERS],
        method="filter_letter",
        help_text="Cells holding this letter (R, A, C or I).",
    )

    class Meta:
        model = Assignment
        fields = [
            "client",
            "engagement",
            "status",
            "domain",
            "activity",
            "in_scope",
            "side",
            "role",
            "letter",
        ]

    def filter_letter(self, queryset, name, value):
        return queryset.filter(letters__contains=value)


class ToolFilter(filters.FilterSet):
    client = ClientFilter(field_name="engagement__client")
    engagement = IdFilter(field_name="engagement_id")
    owner_side = BlankableChoiceFilter(choices=Side.choices, help_text='"none": no owner set.')
    licence_holder_side = BlankableChoiceFilter(choices=Side.choices)
    exit_fate = BlankableChoiceFilter(
        choices=ToolFate.choices,
        help_text='The agreed exit terms; "none": tools with no exit terms agreed.',
    )
    category = filters.CharFilter(lookup_expr="iexact", max_length=80)

    class Meta:
        model = Tool
        fields = ["client", "engagement", "owner_side", "licence_holder_side", "exit_fate"]


class CommentFilter(filters.FilterSet):
    activity = filters.CharFilter(
        field_name="row__activity__code", max_length=80, help_text="Comments on this activity."
    )

    class Meta:
        model = Comment
        fields = ["activity"]


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
    acknowledged = filters.BooleanFilter(
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
