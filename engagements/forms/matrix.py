"""The row settings on the matrix page: one activity's scope, split note, coverage need and
who covers each window, saved as one form."""

from django import forms

from engagements.forms.common import LONG_TEXT, PageForm, RolePickField
from engagements.models import WINDOWS_NEEDED, CoverageNeed, Window

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
