"""Every closed set in the domain, as TextChoices, with the words people read for each.

A choice's label is how a list, a heading or a column names it. Where a sentence or a narrow
column needs other words, the second form is defined here, beside the first, and named for
where it is used (SIDE_IN_SENTENCE, SIDE_SHORT, ...).
"""

from enum import nonmember

from django.db import models


class Side(models.TextChoices):
    INTERNAL = "internal", "Internal IT"
    MSP = "msp", "MSP"
    VENDOR = "vendor", "Third-party vendor"


# A side where space is short: the workbook's side bands and a domain's lead, in the words
# of the article's comparison table.
SIDE_SHORT = {Side.INTERNAL: "Internal", Side.MSP: "MSP", Side.VENDOR: "Vendor"}
# A side inside a sentence: "owned by the MSP", "its responsible role is internal IT".
SIDE_IN_SENTENCE = {Side.INTERNAL: "internal IT", Side.MSP: "the MSP", Side.VENDOR: "a vendor"}


class Severity(models.TextChoices):
    """How much a finding matters. Findings are computed, never stored: only their counts
    are (FindingsCount), so these values live in no column."""

    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Note"

    # Worst first: the order findings are listed and counted in.
    ORDER = nonmember(("error", "warning", "info"))

    @property
    def plural(self) -> str:
        """ "errors", "warnings", "notes": for counts in a sentence."""
        return f"{self.label.lower()}s"


class ServiceModel(models.TextChoices):
    FULLY_MANAGED = "fully_managed", "Fully managed IT"
    CO_MANAGED = "co_managed", "Co-managed IT"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SIGNED_OFF = "signed_off", "Signed off"
    SUPERSEDED = "superseded", "Superseded"


# Statuses in which nothing about the revision may change any more.
FROZEN_STATUSES = (Status.SIGNED_OFF, Status.SUPERSEDED)


class CoverageNeed(models.TextChoices):
    """How many hours of the week an activity must be looked after."""

    BUSINESS_HOURS = "business_hours", "Business hours"
    EXTENDED = "extended", "Extended hours"
    ALWAYS = "24x7", "24x7"


class Window(models.TextChoices):
    """The parts of a 168-hour week, plus the absence backup slot."""

    BUSINESS_HOURS = "business_hours", "Business hours"
    AFTER_HOURS = "after_hours", "After hours"
    WEEKENDS_HOLIDAYS = "weekends_holidays", "Weekends and holidays"
    ABSENCE_BACKUP = "absence_backup", "Absence backup"


# The windows of the week a duty can be looked after in (absence backup is no time).
TIME_WINDOWS = (Window.BUSINESS_HOURS, Window.AFTER_HOURS, Window.WEEKENDS_HOLIDAYS)

# A window where space is short: the matrix page's coverage column.
WINDOW_SHORT = {
    Window.BUSINESS_HOURS: "Business hours",
    Window.AFTER_HOURS: "After hours",
    Window.WEEKENDS_HOLIDAYS: "Weekends",
    Window.ABSENCE_BACKUP: "Absence",
}
# A window inside a sentence: "nobody covers it after hours".
WINDOW_IN_SENTENCE = {
    Window.BUSINESS_HOURS: "business hours",
    Window.AFTER_HOURS: "after hours",
    Window.WEEKENDS_HOLIDAYS: "weekends and holidays",
    Window.ABSENCE_BACKUP: "absences",
}

# A coverage need inside a sentence: "needs extended-hours cover".
NEED_IN_SENTENCE = {
    CoverageNeed.BUSINESS_HOURS: "business-hours",
    CoverageNeed.EXTENDED: "extended-hours",
    CoverageNeed.ALWAYS: "24x7",
}

# Which time windows each coverage need requires (absence backup is judged separately).
WINDOWS_NEEDED = {
    CoverageNeed.BUSINESS_HOURS: (Window.BUSINESS_HOURS,),
    CoverageNeed.EXTENDED: (Window.BUSINESS_HOURS, Window.AFTER_HOURS),
    CoverageNeed.ALWAYS: (Window.BUSINESS_HOURS, Window.AFTER_HOURS, Window.WEEKENDS_HOLIDAYS),
}


class ToolFate(models.TextChoices):
    """What happens to a tool when the engagement ends (the article's FAQ on tools)."""

    TRANSFERS_TO_CLIENT = "transfers_to_client", "Transfers to the client"
    REMOVED = "removed", "Removed by the MSP"
    CLIENT_KEEPS = "client_keeps", "Client keeps it"


class CostStructure(models.TextChoices):
    FIXED = "fixed", "Fixed (predictable monthly fee)"
    VARIABLE = "variable", "Variable (by scope and team size)"


class ControlLevel(models.TextChoices):
    LOW = "low", "Low (the provider manages all)"
    HIGH = "high", "High (internal team stays active)"


class MembershipKind(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", "Account manager (MSP)"
    CLIENT_IT_MANAGER = "client_it_manager", "Client IT manager"
    # MSP staff who answer the phone: they read the agreed scope and who covers it now,
    # and change nothing.
    SERVICE_DESK = "service_desk", "Service desk (MSP, read only)"


class Origination(models.TextChoices):
    """Who provides a compliance control, in the FedRAMP / CSA sense."""

    MSP = "msp", "MSP"
    INTERNAL = "internal", "Internal IT"
    SHARED = "shared", "Shared"
    INHERITED = "inherited", "Inherited from a vendor"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Inheritance(models.TextChoices):
    """FedRAMP's "can be inherited" column, read from the client's side (derived from the
    origination, never stored)."""

    YES = "Yes"
    PARTIAL = "Partial"
    NO = "No"


# A control nobody has decided on yet has no origination (""); the filters on the
# compliance page and API name that choice with this word and label.
UNDECIDED = "undecided"
UNDECIDED_LABEL = "Not decided"


class ControlKind(models.TextChoices):
    FUNCTION = "function", "Function"
    CATEGORY = "category", "Category"
    SUBCATEGORY = "subcategory", "Subcategory"
    FAMILY = "family", "Control family"
    CONTROL = "control", "Control"
    ENHANCEMENT = "enhancement", "Control enhancement"
    SAFEGUARD = "safeguard", "Safeguard"
    STANDARD = "standard", "Standard"
    SPECIFICATION = "specification", "Implementation specification"


class Requirement(models.TextChoices):
    """HIPAA's split of implementation specifications."""

    REQUIRED = "required", "Required"
    ADDRESSABLE = "addressable", "Addressable"


class ITTeam(models.TextChoices):
    """The assessment's first question, in the article's scenario rows."""

    NONE = "none", "No internal IT staff at all"
    SMALL_OVERWHELMED = "small_overwhelmed", "Small IT team, overwhelmed"
    MID_NEEDS_DEPTH = "mid_needs_depth", "Mid-size IT team, needs depth"
    LARGE_NEEDS_24X7 = "large_needs_24x7", "Large IT team, needs 24/7 cover"


class ReasonKind(models.TextChoices):
    """What a recommendation's reason rests on (computed, never stored)."""

    SCENARIO = "scenario", "A row of the scenario table"
    SIGNAL = "signal", "A sign the model is outgrown"
    RULE = "rule", "How the rows were weighed"


class Door(models.TextChoices):
    """Through which door a change came in (kept on every audit record)."""

    PAGE = "page", "Web page"
    API = "api", "API"
    IMPORT = "import", "Excel import"
    ADMIN = "admin", "Admin"
    COMMAND = "command", "Management command"
    SHELL = "shell", "Service call"


class Transition(models.TextChoices):
    CREATE = "create", "Created"
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved and signed off"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    REVISE = "revise", "New revision started"
    TRANSITION = "transition", "Service model changed"
