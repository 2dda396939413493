"""Choosing a model and moving between models: the article's questionnaire, starting a draft
from its recommendation, and the domains that change hands."""

from django import forms

from engagements.forms.common import PageForm
from engagements.models import ITTeam

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
