"""Choosing a model and moving between models: the questionnaire, the recommendation and a
move's result."""

from rest_framework import serializers

from engagements.analysis.recommendation import PREFERENCE_FIELDS, SIGNAL_FIELDS, ReasonKind
from engagements.api.serializers import strict
from engagements.api.serializers.engagements import EngagementSerializer
from engagements.models import Client, ITTeam, ServiceModel
from engagements.reference.article import FIT_LEVELS

YES_NO_FIELDS = (*PREFERENCE_FIELDS, *SIGNAL_FIELDS)


class AssessmentSerializer(serializers.Serializer):
    client = strict.IntegerField(help_text="The client's id.")
    answered = strict.BooleanField(help_text="False until someone answers; then the rest.")
    it_team = strict.ChoiceField(
        choices=ITTeam.choices,
        allow_null=True,
        help_text='"Do you have an existing IT team?" (null before the first answer).',
    )
    wants_full_control = strict.BooleanField()
    wants_hands_off_cost = strict.BooleanField()
    needs_security_skills = strict.BooleanField()
    recurring_backlogs = strict.BooleanField()
    preventable_incidents = strict.BooleanField()
    always_reactive = strict.BooleanField()
    staff_turnover = strict.BooleanField()
    stalled_projects = strict.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = strict.CharField(allow_null=True, help_text="Username.")


def assessment_document(client: Client, assessment) -> dict:
    document = {"client": client.pk, "answered": assessment is not None}
    document["it_team"] = assessment.it_team if assessment else None
    for name in YES_NO_FIELDS:
        document[name] = bool(assessment and getattr(assessment, name))
    document["updated_at"] = assessment.updated_at if assessment else None
    document["updated_by"] = (
        assessment.updated_by.username if assessment and assessment.updated_by else None
    )
    return AssessmentSerializer(document).data


class AssessmentWriteSerializer(serializers.Serializer):
    """Every answer at once (PUT replaces them): a yes/no left out is a "no"."""

    it_team = strict.ChoiceField(
        choices=ITTeam.choices, help_text='"Do you have an existing IT team?"'
    )
    wants_full_control = strict.BooleanField(default=False)
    wants_hands_off_cost = strict.BooleanField(default=False)
    needs_security_skills = strict.BooleanField(default=False)
    recurring_backlogs = strict.BooleanField(default=False)
    preventable_incidents = strict.BooleanField(default=False)
    always_reactive = strict.BooleanField(default=False)
    staff_turnover = strict.BooleanField(default=False)
    stalled_projects = strict.BooleanField(default=False)


class AnswerFitSerializer(serializers.Serializer):
    scenario = strict.CharField(help_text="The row of the article's table, word for word.")
    fit = strict.ChoiceField(
        choices=[(f, f) for f in FIT_LEVELS], help_text="The cell, word for word."
    )
    weight = strict.IntegerField(help_text="2 for the IT-team row, 1 for the others.")
    points = strict.IntegerField()


class ModelFitSerializer(serializers.Serializer):
    service_model = strict.ChoiceField(choices=ServiceModel.choices)
    column = strict.CharField(help_text='The article\'s column, e.g. "Co-Managed IT".')
    score = strict.IntegerField()
    ruled_out = strict.BooleanField(help_text='A "Not recommended" cell applies.')
    signal_points = strict.IntegerField(help_text="Points from outgrown-model signals.")
    fits = AnswerFitSerializer(many=True, help_text="The cell of each answered row.")


class ReasonSerializer(serializers.Serializer):
    kind = strict.ChoiceField(
        choices=[(k, k) for k in (ReasonKind.SCENARIO, ReasonKind.SIGNAL, ReasonKind.RULE)]
    )
    text = strict.CharField(help_text="The reason, quoting the article.")
    favours = strict.CharField(
        allow_blank=True, help_text='The service model it argues for ("" when neutral).'
    )
    scenario = strict.CharField(allow_blank=True, help_text="The row, word for word.")
    fully_managed = strict.CharField(allow_blank=True, help_text="Its Fully Managed cell.")
    co_managed = strict.CharField(allow_blank=True, help_text="Its Co-Managed cell.")
    quote = strict.CharField(allow_blank=True, help_text="Words quoted for signals, rules.")


class RecommendationSerializer(serializers.Serializer):
    client = strict.IntegerField()
    service_model = strict.ChoiceField(
        choices=ServiceModel.choices, help_text="The recommended model."
    )
    column = strict.CharField()
    summary = strict.CharField(help_text='For example "Co-Managed IT (20 to 11)."')
    decided_by = strict.ChoiceField(
        choices=[("score", "score"), ("ruled_out", "ruled_out"), ("tie_break", "tie_break")]
    )
    margin = strict.IntegerField()
    is_close = strict.BooleanField(help_text="Worth discussing the other model first.")
    models = ModelFitSerializer(many=True, help_text="Fully managed first, as in the article.")
    reasons = ReasonSerializer(many=True)


class StartSerializer(serializers.Serializer):
    title = strict.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text='Defaults to the model\'s name ("Co-managed IT").',
    )


class TransitionSerializer(serializers.Serializer):
    to_model = strict.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="The model to move to; defaults to the other one. co_managed: the internal "
        "team takes the domains over; fully_managed: the MSP takes them back.",
    )
    domains = serializers.ListField(
        child=strict.CharField(max_length=40),
        allow_empty=False,
        max_length=100,
        help_text='Domain codes, e.g. ["helpdesk", "patching"] (GET /api/domains/).',
    )
    note = strict.CharField(max_length=2000, required=False, allow_blank=True)


class CellChangeSerializer(serializers.Serializer):
    activity = strict.CharField(help_text="Activity code.")
    role = strict.CharField()
    before = strict.CharField(allow_blank=True)
    after = strict.CharField(allow_blank=True)


class TransitionResultSerializer(serializers.Serializer):
    engagement = EngagementSerializer(help_text="The draft on the new model.")
    previous = strict.IntegerField(
        allow_null=True, help_text="The signed-off revision it started from (null: in place)."
    )
    to_model = strict.ChoiceField(choices=ServiceModel.choices)
    domains = serializers.ListField(child=strict.CharField())
    roles_added = serializers.ListField(child=strict.CharField())
    roles_removed = serializers.ListField(child=strict.CharField())
    rows_kept = serializers.ListField(
        child=strict.CharField(), help_text="Custom activities left as they were."
    )
    cells = CellChangeSerializer(many=True, help_text="Every cell the move changed.")
    diff_url = strict.CharField(
        allow_null=True, help_text="The diff page between the two revisions (null: in place)."
    )


def recommendation_document(client: Client, recommendation) -> dict:
    return RecommendationSerializer(
        {
            "client": client.pk,
            "service_model": recommendation.service_model,
            "column": recommendation.column,
            "summary": recommendation.summary,
            "decided_by": recommendation.decided_by,
            "margin": recommendation.margin,
            "is_close": recommendation.is_close,
            "models": recommendation.models,
            "reasons": recommendation.reasons,
        }
    ).data
