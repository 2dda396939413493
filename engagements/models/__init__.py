"""The domain: what exists and what must always hold."""

from engagements.models.catalog import Activity, Domain
from engagements.models.choices import (
    FROZEN_STATUSES,
    WINDOWS_NEEDED,
    ControlKind,
    ControlLevel,
    CostStructure,
    CoverageNeed,
    Door,
    ITTeam,
    MembershipKind,
    Origination,
    Requirement,
    ServiceModel,
    Severity,
    Side,
    Status,
    ToolFate,
    Transition,
    Window,
)
from engagements.models.clients import Assessment, Client, Membership, validate_time_zone
from engagements.models.compliance import Control, ControlResponsibility, Framework
from engagements.models.derived import FindingsCount
from engagements.models.engagement import (
    Assignment,
    Coverage,
    Engagement,
    MatrixRow,
    ResponseTarget,
    Role,
    Tool,
    validate_business_days,
)
from engagements.models.onramp import SheetMapping
from engagements.models.people import Invitation, Person
from engagements.models.review import Comment, FindingAcknowledgement, WorkflowEvent

__all__ = [
    "FROZEN_STATUSES",
    "WINDOWS_NEEDED",
    "Activity",
    "Assessment",
    "Assignment",
    "Client",
    "Comment",
    "Control",
    "ControlKind",
    "ControlLevel",
    "ControlResponsibility",
    "CostStructure",
    "Coverage",
    "CoverageNeed",
    "Domain",
    "Door",
    "Engagement",
    "FindingAcknowledgement",
    "FindingsCount",
    "Framework",
    "ITTeam",
    "Invitation",
    "MatrixRow",
    "Membership",
    "MembershipKind",
    "Origination",
    "Person",
    "Requirement",
    "ResponseTarget",
    "Role",
    "ServiceModel",
    "Severity",
    "SheetMapping",
    "Side",
    "Status",
    "Tool",
    "ToolFate",
    "Transition",
    "Window",
    "WorkflowEvent",
    "validate_business_days",
    "validate_time_zone",
]
