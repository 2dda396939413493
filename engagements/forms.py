"""Forms of the web pages. They check the shape of what was typed; the services decide what
it means (and their ValidationError messages land back on these forms' fields)."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from engagements import selectors
from engagements.models import (
    WINDOWS_NEEDED,
    ControlLevel,
    CostStructure,
    CoverageNeed,
    Domain,
    ITTeam,
    Origination,
    ServiceModel,
    Side,
    Status,
    ToolFate,
    Window,
)
from engagements.models.choices import UNDECIDED, UNDECIDED_LABEL
from engagements.models.engagement import WEEKDAY_NAMES
from engagements.services.compliance import RESPONSIBILITY_FIELDS

WEEKDAY_CHOICES = [(str(day), name) for day, name in WEEKDAY_NAMES.items()]
CURRENT_STATUSES = [(value, label) for value, label in Status.choices if value != Status.SUPERSEDED]
# Free text (notes, comments, descriptions, reasons): the API's limit too
# (api/serializers.py LONG_TEXT), well inside a workbook cell's 32,767 characters.
LONG_TEXT = 10_000


class PageForm(forms.Form):
    """Labels without a trailing colon: the layout already sets them apart."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form, prefixed with what it is about."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field in ("__all__", None):
                form.add_error(None, message)
            else:
                form.add_error(None, f"{field.replace('_', ' ').capitalize()}: {message}")


class BusinessDaysField(forms.MultipleChoiceField):
    """Weekday checkboxes, stored as ISO weekday digits ("12345")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=WEEKDAY_CHOICES, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return list(value)
        return value

    def clean(self, value):
        days = super().clean(value)
        return "".join(sorted(days))


# -- portfolio -----------------------------------------------------------------------------


def _visible_clients(request):
    if request is None:
        return selectors.client_list(user=None).none()
    return selectors.client_list(user=request.user)


class PortfolioFilter(django_filters.FilterSet):
    """Filters on the home page; every choice is limited to what the user may see."""

    client = django_filters.ModelChoiceFilter(
        queryset=_visible_clients, empty_label="All clients", label="Client"
    )
    status = django_filters.ChoiceFilter(
        choices=CURRENT_STATUSES, empty_label="Any status", label="Status"
    )
    service_model = django_filters.ChoiceFilter(
        choices=ServiceModel.choices, empty_label="Any model", label="Model"
    )


# -- engagements ---------------------------------------------------------------------------


class EngagementDetailsForm(PageForm):
    """What an account manager may change about a draft besides its matrix."""

    title = forms.CharField(max_length=200)
    business_days = BusinessDaysField(
        help_text="The days the client's business hours apply to.",
    )
    business_start = forms.TimeField(widget=TimeInput, label="Business hours start")
    business_end = forms.TimeField(widget=TimeInput, label="Business hours end")
    effective_from = forms.DateField(widget=DateInput, required=False)
    effective_to = forms.DateField(widget=DateInput, required=False)
    cost_structure = forms.ChoiceField(choices=CostStructure.choices)
    control_level = forms.ChoiceField(choices=ControlLevel.choices)

    @classmethod
    def initial_for(cls, engagement) -> dict:
        return {name: getattr(engagement, name) for name in cls.base_fields}


class EngagementCreateForm(PageForm):
    client = forms.ModelChoiceField(queryset=None, empty_label="Choose a client")
    title = forms.CharField(
        max_length=200, help_text='What the agreement is called, e.g. "Managed IT services".'
    )
    service_model = forms.ChoiceField(
        choices=ServiceModel.choices,
        widget=forms.RadioSelect,
        initial=ServiceModel.CO_MANAGED,
        help_text="Fully managed: the MSP is the whole IT department. Co-managed: the MSP "
        "supplements the client's own IT team.",
    )
    template = forms.ChoiceField(
        choices=ServiceModel.choices,
        widget=forms.RadioSelect,
        initial=ServiceModel.CO_MANAGED,
        label="Start from the template",
        help_text="The roles, letters, coverage and tools the matrix starts with. Usually the "
        "same as the model.",
    )
    business_days = BusinessDaysField(initial=list("12345"))
    business_start = forms.TimeField(
        widget=TimeInput, initial="08:00", label="Business hours start"
    )
    business_end = forms.TimeField(widget=TimeInput, initial="17:00", label="Business hours end")
    effective_from = forms.DateField(widget=DateInput, required=False)
    effective_to = forms.DateField(widget=DateInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = selectors.managed_client_list(user=user)


# -- matrix --------------------------------------------------------------------------------


def role_label(role) -> str:
    return f"{role.name} ({role.person_name})" if role.person_name else role.name


class RolePickField(forms.TypedChoiceField):
    """Pick one of the engagement's roles (already loaded), grouped by side; cleans to the
    Role itself, or None for the empty choice."""

    def __init__(self, *, roles, empty_label, **kwargs):
        self.roles_by_key = {str(role.pk): role for role in roles}
        groups = []
        for side, side_label in Side.choices:
            options = [(str(r.pk), role_label(r)) for r in roles if r.side == side]
            if options:
                groups.append((side_label, options))
        super().__init__(
            choices=[("", empty_label), *groups],
            coerce=self.roles_by_key.__getitem__,
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        if hasattr(value, "pk"):
            return str(value.pk)
        return "" if value is None else str(value)


class RoleForm(PageForm):
    name = forms.CharField(max_length=120)
    side = forms.ChoiceField(choices=Side.choices)
    person_name = forms.CharField(
        max_length=120,
        required=False,
        label="Named person",
        help_text="When this role is one person: a single point of failure without a backup.",
    )

    def __init__(self, *args, roles, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absence_backup"] = RolePickField(
            roles=[r for r in roles if role is None or r.pk != role.pk],
            empty_label="No backup",
            required=False,
            help_text="Who steps in on vacation or sick leave.",
        )

    @staticmethod
    def initial_for(role) -> dict:
        return {
            "name": role.name,
            "side": role.side,
            "person_name": role.person_name,
            "absence_backup": role.absence_backup_id,
        }


class CustomActivityForm(PageForm):
    domain = forms.ModelChoiceField(queryset=Domain.objects.all(), empty_label="Choose a domain")
    name = forms.CharField(max_length=200, label="Activity")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT, required=False
    )
    default_coverage = forms.ChoiceField(
        choices=CoverageNeed.choices, label="Coverage needed", initial=CoverageNeed.BUSINESS_HOURS
    )


class RowAddForm(PageForm):
    activity = forms.ModelChoiceField(queryset=None, empty_label="Choose an activity")

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities


COVERAGE_NEED_CHOICES = [("", "The activity's default")] + list(CoverageNeed.choices)


class RowSettingsForm(PageForm):
    """Scope, split note, coverage need and who covers each window, for one row."""

    in_scope = forms.BooleanField(required=False, label="In scope")
    split_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        required=False,
        label="How the work is split",
        help_text="Write who does what when both sides are Responsible.",
    )
    coverage_need = forms.ChoiceField(
        choices=COVERAGE_NEED_CHOICES, required=False, label="Coverage needed"
    )

    def __init__(self, *args, row, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        needed = WINDOWS_NEEDED[row.required_coverage]
        self.fields["coverage_need"].choices = [
            ("", f"The activity's default ({row.activity.get_default_coverage_display()})")
        ] + list(CoverageNeed.choices)
        for window, label in Window.choices:
            field = RolePickField(roles=roles, required=False, empty_label="Nobody", label=label)
            if window in needed:
                field.help_text = "Needed for this activity."
            self.fields[f"cover_{window}"] = field

    def coverage_fields(self):
        return [self[f"cover_{window}"] for window in Window.values]

    @staticmethod
    def initial_for(row, row_coverage: dict) -> dict:
        initial = {
            "in_scope": row.in_scope,
            "split_note": row.split_note,
            "coverage_need": row.coverage_need,
        }
        for window, role in row_coverage.items():
            initial[f"cover_{window}"] = role.pk
        return initial


class ToolForm(PageForm):
    name = forms.CharField(max_length=120)
    category = forms.CharField(max_length=80, required=False)
    owner_side = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(Side.choices), required=False, label="Owned by"
    )
    licence_holder_side = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(Side.choices),
        required=False,
        label="Licence held by",
    )
    exit_fate = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(ToolFate.choices),
        required=False,
        label="When the engagement ends",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT, required=False
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administered_by"] = RolePickField(
            roles=roles, required=False, empty_label="Nobody yet", label="Administered by"
        )
        # Keep the notes last, after the role picker added above.
        self.fields["notes"] = self.fields.pop("notes")

    @staticmethod
    def initial_for(tool) -> dict:
        return {
            "name": tool.name,
            "category": tool.category,
            "owner_side": tool.owner_side,
            "licence_holder_side": tool.licence_holder_side,
            "administered_by": tool.administered_by_id,
            "exit_fate": tool.exit_fate,
            "notes": tool.notes,
        }


# -- review --------------------------------------------------------------------------------


class CommentForm(PageForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        label="Comment",
        required=False,
    )


class NoteForm(PageForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT, required=False
    )


class AcknowledgeForm(PageForm):
    finding_key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        required=False,
        label="Why both sides accept this error",
    )


class ImportForm(PageForm):
    workbook = forms.FileField(
        label="Edited workbook (.xlsx)",
        help_text="A workbook downloaded from this engagement, at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class DiffForm(PageForm):
    """Pick two revisions of the same engagement to compare, by revision number."""

    old = forms.TypedChoiceField(coerce=int, label="From revision")
    new = forms.TypedChoiceField(coerce=int, label="To revision")

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(e.revision), f"Revision {e.revision} ({e.get_status_display().lower()})")
            for e in revisions
        ]
        for name in ("old", "new"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("new") and data["old"] == data["new"]:
            raise ValidationError("Choose two different revisions.")
        return data


# -- compliance ------------------------------------------------------------------------------


class ComplianceFilterForm(PageForm):
    """The compliance page's filters (GET). A value that is not one of the choices is
    ignored and shown as an error beside its field."""

    framework = forms.ChoiceField(required=False)
    origination = forms.ChoiceField(
        required=False,
        choices=[("", "Any origination"), (UNDECIDED, UNDECIDED_LABEL), *Origination.choices],
    )
    role = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Responsible role"
    )
    with_findings = forms.BooleanField(required=False, label="Only controls with findings")

    def __init__(self, *args, frameworks, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [("", "All frameworks"), *frameworks]
        self.fields["role"].choices = [
            ("", "Any role"),
            *((str(role.pk), role_label(role)) for role in roles),
        ]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "framework": data.get("framework") or "",
            "origination": data.get("origination") or "",
            "role_id": data.get("role"),
            "with_findings": bool(data.get("with_findings")),
        }


class ControlSelectForm(PageForm):
    """Bring a framework into the engagement: all of it, or the controls listed."""

    framework = forms.ChoiceField()
    controls = forms.CharField(
        required=False,
        label="Only these controls",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Control ids separated by commas or spaces (PR.AA-01, 164.312(b), AC-2(1)). "
        "Leave empty for the whole framework.",
    )

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.frameworks = {framework.code: framework for framework in frameworks}
        self.fields["framework"].choices = [
            (f.code, f"{f.name} ({f.selectable_count} controls)") for f in self.frameworks.values()
        ]

    def clean(self):
        data = super().clean()
        framework = self.frameworks.get(data.get("framework"))
        if framework is None:
            return data
        data["framework"] = framework
        wanted = [part for part in re.split(r"[\s,;]+", data.get("controls") or "") if part]
        data["controls"] = []
        if wanted:
            known = {c.control_id.lower(): c for c in selectors.control_list(framework=framework)}
            missing = [cid for cid in wanted if cid.lower() not in known]
            if missing:
                self.add_error("controls", f"Not in {framework.name}: {', '.join(missing)}.")
            data["controls"] = [known[cid.lower()] for cid in wanted if cid.lower() in known]
        return data


class ControlResponsibilityForm(PageForm):
    """Who provides one selected control. The service decides what fits together."""

    origination = forms.ChoiceField(
        required=False, choices=[("", "Not decided"), *Origination.choices]
    )
    vendor_name = forms.CharField(
        max_length=200,
        required=False,
        label="Inherited from",
        help_text="The vendor that provides it (only when inherited).",
    )
    split_description = forms.CharField(
        required=False,
        max_length=LONG_TEXT,
        label="How it is split",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a shared control: which part each side does.",
    )
    msp_responsibility = forms.CharField(
        required=False,
        max_length=LONG_TEXT,
        label="The MSP's part",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    customer_responsibility = forms.CharField(
        required=False,
        max_length=LONG_TEXT,
        label="The client's part",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, roles, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_role"] = RolePickField(
            roles=roles, empty_label="Nobody yet", required=False, label="Responsible role"
        )
        rows_by_key = {str(row.pk): row for row in rows}
        groups: dict[str, list] = {}
        for row in rows:
            groups.setdefault(row.activity.domain.name, []).append((str(row.pk), row.activity.name))
        self.fields["implementing_rows"] = forms.TypedMultipleChoiceField(
            choices=list(groups.items()),
            coerce=rows_by_key.__getitem__,
            required=False,
            label="Implementing activities",
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        self.order_fields(RESPONSIBILITY_FIELDS)

    @staticmethod
    def initial_for(responsibility, row_ids) -> dict:
        return {
            "origination": responsibility.origination,
            "responsible_role": responsibility.responsible_role_id,
            "vendor_name": responsibility.vendor_name,
            "split_description": responsibility.split_description,
            "msp_responsibility": responsibility.msp_responsibility,
            "customer_responsibility": responsibility.customer_responsibility,
            "implementing_rows": [str(row_id) for row_id in row_ids],
        }

    def changes(self, responsibility, row_ids) -> dict:
        """The fields whose value differs from what is stored: only those go to the
        service, so changing the origination lets it drop what no longer fits."""
        data = self.cleaned_data
        changed = {}
        for name in (
            "origination",
            "vendor_name",
            "split_description",
            "msp_responsibility",
            "customer_responsibility",
        ):
            if data[name] != getattr(responsibility, name):
                changed[name] = data[name]
        role = data["responsible_role"]
        if (role.pk if role else None) != responsibility.responsible_role_id:
            changed["responsible_role"] = role
        if {row.pk for row in data["implementing_rows"]} != set(row_ids):
            changed["implementing_rows"] = data["implementing_rows"]
        return changed


# -- the model questionnaire and moving between models -------------------------------------

ASSESSMENT_LABELS = {
    "wants_full_control": "Want full control retained",
    "wants_hands_off_cost": "Want hands-off, predictable cost",
    "needs_security_skills": "Need specialized security skills",
    "recurring_backlogs": "Recurring support backlogs",
    "preventable_incidents": "Security incidents that could have been prevented",
    "always_reactive": "An IT team that is constantly reactive and never strategic",
    "staff_turnover": "Increasing turnover of IT staff",
    "stalled_projects": "Technology projects that never get started because the team is too "
    "consumed by daily operations",
}
PREFERENCE_NAMES = ("wants_full_control", "wants_hands_off_cost", "needs_security_skills")
SIGNAL_NAMES = (
    "recurring_backlogs",
    "preventable_incidents",
    "always_reactive",
    "staff_turnover",
    "stalled_projects",
)


class AssessmentForm(PageForm):
    """The article's checklist: the IT team, three preferences, five outgrown-model signals.
    An unticked box is a "no"."""

    it_team = forms.ChoiceField(
        choices=ITTeam.choices,
        widget=forms.RadioSelect,
        label="Do you have an existing IT team?",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ASSESSMENT_LABELS.items():
            self.fields[name] = forms.BooleanField(required=False, label=label)

    def preferences(self):
        return [self[name] for name in PREFERENCE_NAMES]

    def signals(self):
        return [self[name] for name in SIGNAL_NAMES]


class StartFromRecommendationForm(PageForm):
    title = forms.CharField(
        max_length=200,
        required=False,
        label="Title of the new engagement",
        help_text="Leave empty to use the model's name.",
    )


class TransitionForm(PageForm):
    """Which domains change hands, and why (the note goes on the revision's history)."""

    domains = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Domains",
        error_messages={"required": "Pick at least one domain to move."},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note (optional)"
    )

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = [(domain.code, domain.name) for domain in domains]
