"""The compliance tab: its filters, bringing a framework in, and who provides one control."""

import re

from django import forms

from engagements import selectors
from engagements.forms.common import PageForm, RolePickField, initial_from, long_text, role_label
from engagements.models import Origination
from engagements.models.choices import UNDECIDED, UNDECIDED_LABEL
from engagements.services.compliance import RESPONSIBILITY_FIELDS


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
        required=False, choices=[("", UNDECIDED_LABEL), *Origination.choices]
    )
    vendor_name = forms.CharField(
        max_length=200,
        required=False,
        label="Inherited from",
        help_text="The vendor that provides it (only when inherited).",
    )
    split_description = long_text(
        label="How it is split", help_text="For a shared control: which part each side does."
    )
    msp_responsibility = long_text(label="The MSP's part")
    customer_responsibility = long_text(label="The client's part")

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
            # Checkboxes grouped by domain in a box of their own height, with a search box
            # (static/raci/raci.js): 71 activities do not fit a six-line list.
            widget=forms.CheckboxSelectMultiple(attrs={"class": "picker-options"}),
        )
        self.order_fields(RESPONSIBILITY_FIELDS)

    @classmethod
    def initial_for(cls, responsibility, row_ids) -> dict:
        return {
            **initial_from(responsibility, [*cls.base_fields, "responsible_role"]),
            "implementing_rows": [str(row_id) for row_id in row_ids],
        }

    def changes(self, responsibility, row_ids) -> dict:
        """The fields whose value differs from what is stored: only those go to the
        service, so changing the origination lets it drop what no longer fits."""
        data = self.cleaned_data
        changed = {
            name: data[name]
            for name in self.base_fields
            if data[name] != getattr(responsibility, name)
        }
        role = data["responsible_role"]
        if (role.pk if role else None) != responsibility.responsible_role_id:
            changed["responsible_role"] = role
        if {row.pk for row in data["implementing_rows"]} != set(row_ids):
            changed["implementing_rows"] = data["implementing_rows"]
        return changed
