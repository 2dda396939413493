"""Forms of the web pages, module for module beside views/: a view module takes the forms it
handles from the forms module of the same name (common.py holds what they share); a page
that shows another module's form blank (the matrix page shows every editor) takes it from
that module. Forms check the shape of what was typed; the services decide what it means,
and their ValidationError messages land back on these forms' fields."""

from engagements.forms.activities import CustomActivityForm, RowAddForm
from engagements.forms.advice import (
    AssessmentForm,
    StartFromRecommendationForm,
    TransitionForm,
)
from engagements.forms.audit import AuditFilterForm
from engagements.forms.common import (
    BusinessDaysField,
    DateInput,
    PageForm,
    RolePickField,
    TimeInput,
    add_service_errors,
    initial_from,
    long_text,
    role_label,
)
from engagements.forms.compliance import (
    ComplianceFilterForm,
    ControlResponsibilityForm,
    ControlSelectForm,
)
from engagements.forms.details import EngagementDetailsForm
from engagements.forms.exchange import ImportForm
from engagements.forms.matrix import RowSettingsForm
from engagements.forms.portfolio import EngagementCreateForm, PortfolioFilter
from engagements.forms.review import AcknowledgeForm, CommentForm, NoteForm
from engagements.forms.revisions import DiffForm
from engagements.forms.roles import RoleForm
from engagements.forms.tools import ToolForm

__all__ = [
    "AcknowledgeForm",
    "AssessmentForm",
    "AuditFilterForm",
    "BusinessDaysField",
    "CommentForm",
    "ComplianceFilterForm",
    "ControlResponsibilityForm",
    "ControlSelectForm",
    "CustomActivityForm",
    "DateInput",
    "DiffForm",
    "EngagementCreateForm",
    "EngagementDetailsForm",
    "ImportForm",
    "NoteForm",
    "PageForm",
    "PortfolioFilter",
    "RoleForm",
    "RolePickField",
    "RowAddForm",
    "RowSettingsForm",
    "StartFromRecommendationForm",
    "TimeInput",
    "ToolForm",
    "TransitionForm",
    "add_service_errors",
    "initial_from",
    "long_text",
    "role_label",
]
