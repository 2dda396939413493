"""API shapes. Read serializers say what clients get; write serializers check the shape of
what they send (types, lengths, choices). What a change *means* is checked by the services.

Inside one engagement, roles are named by name and activities by code (both stable across
revisions), so a script written against revision 1 still works on revision 2.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.analysis import Severity, engagement_findings, summarize
from engagements.api.base import SafeIdRelatedField
from engagements.models import (
    Activity,
    Assignment,
    Client,
    Comment,
    ControlLevel,
    CostStructure,
    CoverageNeed,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Tool,
    ToolFate,
    WorkflowEvent,
)
from engagements.models.labels import person_name
from engagements.models.letters import display_letters
from engagements.permissions import memberships_of
from engagements.selectors.matrix import load_matrix

LONG_TEXT = 10_000


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$",
        "example": "08:00",
    }
)
class HourMinuteField(serializers.TimeField):
    """A time of day: "08:00" out, "08:00" or "08:00:00" in (no time zone: business hours are
    in the client's own time zone)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


# -- catalog and clients ----------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    custom = serializers.BooleanField(source="is_custom", read_only=True)
    client = serializers.IntegerField(
        source="client_id", read_only=True, allow_null=True, help_text="Set on a custom activity."
    )

    class Meta:
        model = Activity
        fields = ["code", "name", "description", "default_coverage", "order", "custom", "client"]


class DomainSerializer(serializers.ModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "name", "description", "order", "activities"]


ACCESS_CHOICES = [
    ("administrator", "Administrator: sees every client"),
    ("account_manager", "The MSP's account manager for this client"),
    ("client_it_manager", "One of the client's IT managers"),
]


class ClientSerializer(serializers.ModelSerializer):
    access = serializers.SerializerMethodField(help_text="How you have access to this client.")

    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "slug",
            "industry",
            "employee_count",
            "internal_it_headcount",
            "time_zone",
            "created_at",
            "access",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=ACCESS_CHOICES))
    def get_access(self, client) -> str:
        user = self.context["request"].user
        kind = memberships_of(user).get(client.pk)
        if kind:
            return kind
        return "administrator"


class ClientRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "name", "slug"]


# -- engagements ------------------------------------------------------------------------------


class FindingCountsSerializer(serializers.Serializer):
    errors = serializers.IntegerField()
    warnings = serializers.IntegerField()
    info = serializers.IntegerField()
    unacknowledged_errors = serializers.IntegerField(
        help_text="Errors nobody accepted with a reason: these block sign-off."
    )


def finding_counts(summary) -> dict:
    return {
        "errors": summary.by_severity.get(Severity.ERROR, 0),
        "warnings": summary.by_severity.get(Severity.WARNING, 0),
        "info": summary.by_severity.get(Severity.INFO, 0),
        "unacknowledged_errors": summary.unacknowledged_errors,
    }


class EngagementSerializer(serializers.ModelSerializer):
    client = ClientRefSerializer(read_only=True)
    business_hours = serializers.CharField(source="business_hours_label", read_only=True)
    account_manager = serializers.SlugRelatedField(slug_field="username", read_only=True)
    signed_off_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    updated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    business_start = HourMinuteField(read_only=True)
    business_end = HourMinuteField(read_only=True)
    next_revision = serializers.SerializerMethodField()
    editable = serializers.BooleanField(
        source="is_editable", read_only=True, help_text="Only a draft's matrix can change."
    )
    etag = serializers.CharField(
        read_only=True, help_text="The matrix version as an ETag, for If-Match."
    )
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = [
            "id",
            "client",
            "title",
            "slug",
            "service_model",
            "status",
            "revision",
            "previous_revision",
            "next_revision",
            "business_days",
            "business_start",
            "business_end",
            "business_hours",
            "effective_from",
            "effective_to",
            "cost_structure",
            "control_level",
            "account_manager",
            "signed_off_by",
            "signed_off_at",
            "version",
            "etag",
            "editable",
            "findings",
            "created_at",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_next_revision(self, engagement) -> int | None:
        try:
            return engagement.next_revision.pk
        except Engagement.next_revision.RelatedObjectDoesNotExist:
            return None

    @extend_schema_field(FindingCountsSerializer)
    def get_findings(self, engagement) -> dict:
        """Views pass the summaries of a whole page in the context (loaded in one go); any
        other caller (the browsable API's forms) gets this engagement's loaded on its own."""
        summaries = self.context.get("summaries") or {}
        summary = summaries.get(engagement.pk)
        if summary is None:
            data = load_matrix(engagement)
            summary = summarize(data, engagement_findings(data))
        return finding_counts(summary)


class EngagementFieldsSerializer(serializers.Serializer):
    """The fields of a draft an account manager may change."""

    title = serializers.CharField(max_length=200)
    business_days = serializers.CharField(
        max_length=7,
        required=False,
        help_text='ISO weekday numbers, Monday = 1: "12345" is Monday to Friday.',
    )
    business_start = HourMinuteField(required=False)
    business_end = HourMinuteField(required=False)
    effective_from = serializers.DateField(required=False, allow_null=True)
    effective_to = serializers.DateField(required=False, allow_null=True)
    cost_structure = serializers.ChoiceField(choices=CostStructure.choices, required=False)
    control_level = serializers.ChoiceField(choices=ControlLevel.choices, required=False)


class EngagementCreateSerializer(EngagementFieldsSerializer):
    client = SafeIdRelatedField(queryset=Client.objects.none(), help_text="The client's id.")
    service_model = serializers.ChoiceField(choices=ServiceModel.choices)
    template = serializers.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="The template the matrix starts from; the service model's own by default.",
    )

    def __init__(self, *args, clients=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clients is not None:
            self.fields["client"].queryset = clients


class EngagementUpdateSerializer(EngagementFieldsSerializer):
    title = serializers.CharField(max_length=200, required=False)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class RequestChangesSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=LONG_TEXT, help_text="What should change.")


class ReviseSerializer(NoteSerializer):
    service_model = serializers.ChoiceField(
        choices=ServiceModel.choices,
        required=False,
        help_text="Change the service model in the new revision (e.g. co-managed to fully "
        "managed).",
    )


# -- roles, rows, tools -----------------------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    absence_backup = serializers.CharField(
        source="absence_backup.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Name of the role that steps in when this one is away.",
    )

    class Meta:
        model = Role
        fields = ["id", "name", "side", "person_name", "absence_backup", "order"]


class RoleWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    side = serializers.ChoiceField(choices=Side.choices)
    person_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    absence_backup = serializers.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Name of another role of this engagement; null or empty for none.",
    )
    order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)


class MatrixRowSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.code", read_only=True)
    name = serializers.CharField(source="activity.name", read_only=True)
    description = serializers.CharField(source="activity.description", read_only=True)
    domain = serializers.CharField(source="activity.domain.code", read_only=True)
    custom = serializers.BooleanField(source="activity.is_custom", read_only=True)
    required_coverage = serializers.ChoiceField(
        choices=CoverageNeed.choices,
        read_only=True,
        help_text="coverage_need when set, else the activity's default.",
    )

    class Meta:
        model = MatrixRow
        fields = [
            "id",
            "activity",
            "name",
            "description",
            "domain",
            "custom",
            "in_scope",
            "split_note",
            "coverage_need",
            "required_coverage",
            "order",
        ]


class RowCreateSerializer(serializers.Serializer):
    """Either a catalog (or this client's custom) activity by code, or a new custom one."""

    activity = serializers.CharField(
        max_length=80, required=False, help_text="Code of an activity to bring into the matrix."
    )
    domain = serializers.CharField(
        max_length=40, required=False, help_text="For a new custom activity: its domain's code."
    )
    name = serializers.CharField(
        max_length=200, required=False, help_text="For a new custom activity: its name."
    )
    description = serializers.CharField(
        max_length=LONG_TEXT, required=False, allow_blank=True, default=""
    )
    default_coverage = serializers.ChoiceField(
        choices=CoverageNeed.choices, required=False, default=CoverageNeed.BUSINESS_HOURS
    )

    def validate(self, attrs):
        if "activity" in attrs and ("domain" in attrs or "name" in attrs):
            raise serializers.ValidationError(
                "Send either activity (an existing one) or domain and name (a new custom one)."
            )
        if "activity" not in attrs and not ("domain" in attrs and "name" in attrs):
            raise serializers.ValidationError(
                "Send activity (the code of an existing activity), or domain and name to "
                "create a custom activity."
            )
        return attrs


class RowUpdateSerializer(serializers.Serializer):
    in_scope = serializers.BooleanField(required=False)
    split_note = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    coverage_need = serializers.ChoiceField(
        choices=CoverageNeed.choices,
        required=False,
        allow_blank=True,
        help_text='Overrides the activity\'s default coverage; "" goes back to the default.',
    )


class ToolSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="engagement.client.slug", read_only=True)
    administered_by = serializers.CharField(
        source="administered_by.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Tool
        fields = [
            "id",
            "engagement",
            "client",
            "name",
            "category",
            "owner_side",
            "licence_holder_side",
            "administered_by",
            "exit_fate",
            "notes",
        ]
        read_only_fields = fields


class ToolFieldsSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    category = serializers.CharField(max_length=80, required=False, allow_blank=True)
    owner_side = serializers.ChoiceField(choices=Side.choices, required=False, allow_blank=True)
    licence_holder_side = serializers.ChoiceField(
        choices=Side.choices, required=False, allow_blank=True
    )
    administered_by = serializers.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Name of the role that administers it.",
    )
    exit_fate = serializers.ChoiceField(
        choices=ToolFate.choices,
        required=False,
        allow_blank=True,
        help_text="What happens to the tool when the engagement ends.",
    )
    notes = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)


class ToolCreateSerializer(ToolFieldsSerializer):
    engagement = SafeIdRelatedField(queryset=Engagement.objects.none())

    def __init__(self, *args, engagements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if engagements is not None:
            self.fields["engagement"].queryset = engagements


class ToolUpdateSerializer(ToolFieldsSerializer):
    name = serializers.CharField(max_length=120, required=False)


# -- the flat list of cells -------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    engagement = serializers.IntegerField(source="row.engagement_id", read_only=True)
    client = serializers.CharField(source="row.engagement.client.slug", read_only=True)
    status = serializers.CharField(source="row.engagement.status", read_only=True)
    domain = serializers.CharField(source="row.activity.domain.code", read_only=True)
    activity = serializers.CharField(source="row.activity.code", read_only=True)
    activity_name = serializers.CharField(source="row.activity.name", read_only=True)
    in_scope = serializers.BooleanField(source="row.in_scope", read_only=True)
    role = serializers.CharField(source="role.name", read_only=True)
    side = serializers.CharField(source="role.side", read_only=True)
    letters = serializers.SerializerMethodField(help_text='Shown with slashes: "A/R".')

    class Meta:
        model = Assignment
        fields = [
            "id",
            "engagement",
            "client",
            "status",
            "domain",
            "activity",
            "activity_name",
            "in_scope",
            "role",
            "role_id",
            "side",
            "letters",
        ]

    def get_letters(self, assignment) -> str:
        return display_letters(assignment.letters)


# -- the review conversation ------------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(
        source="row.activity.code", read_only=True, allow_null=True, default=None
    )
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "activity", "author", "author_name", "body", "created_at"]

    def get_author_name(self, comment) -> str:
        return person_name(comment.author)


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=LONG_TEXT)
    activity = serializers.CharField(
        max_length=80,
        required=False,
        allow_null=True,
        help_text="Code of the activity the comment is about; leave out for the engagement.",
    )


class AcknowledgementSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FindingAcknowledgement
        fields = ["id", "finding_key", "reason", "by", "at"]


class AcknowledgementCreateSerializer(serializers.Serializer):
    finding_key = serializers.CharField(
        max_length=200, help_text='The finding\'s key, e.g. "GAP_NO_ACCOUNTABLE:activity=x".'
    )
    reason = serializers.CharField(max_length=LONG_TEXT)


class WorkflowEventSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = WorkflowEvent
        fields = ["id", "transition", "from_status", "to_status", "by", "at", "note", "door"]


# -- findings ---------------------------------------------------------------------------------


class FindingAcknowledgementRefSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FindingAcknowledgement
        fields = ["id", "reason", "by", "at"]


class FindingSerializer(serializers.Serializer):
    """Any Finding the rules produce, plus whether it was accepted for sign-off."""

    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=[(s, s) for s in Severity.ORDER])
    message = serializers.CharField()
    suggestion = serializers.CharField()
    subject = serializers.CharField(help_text='What it is about: "activity=patching.servers".')
    key = serializers.CharField(help_text="Stable key, used to acknowledge it.")
    domain = serializers.CharField(allow_blank=True)
    activity = serializers.CharField(allow_blank=True)
    role = serializers.CharField(allow_blank=True)
    tool = serializers.CharField(allow_blank=True)
    control = serializers.CharField(allow_blank=True)
    row_id = serializers.IntegerField(allow_null=True)
    role_id = serializers.IntegerField(allow_null=True)
    tool_id = serializers.IntegerField(allow_null=True)
    acknowledgement = serializers.SerializerMethodField()

    @extend_schema_field(FindingAcknowledgementRefSerializer(allow_null=True))
    def get_acknowledgement(self, finding) -> dict | None:
        ack = self.context["acknowledgements"].get(finding.key)
        return FindingAcknowledgementRefSerializer(ack).data if ack else None


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
