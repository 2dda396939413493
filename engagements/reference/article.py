"""The reference article's tables, word for word, as data: the comparison of the two models
(which the templates' domain leads must read back as) and the scenario checklist with its FAQ
(which the recommendation scores). Rules that use them live in analysis/.
"""

from dataclasses import dataclass

from engagements.models import ITTeam, ServiceModel


# The article's comparison table. Each feature maps to a catalog domain (whose lead is read
# back from the matrix) or to an engagement attribute.
@dataclass(frozen=True)
class ComparisonRow:
    feature: str
    fully_managed: str
    co_managed: str
    lead_managed: str
    lead_co_managed: str
    domain: str = ""
    attribute: str = ""


COMPARISON_TABLE = (
    ComparisonRow(
        "IT Staffing",
        "MSP provides all IT staff",
        "Internal staff + MSP augments",
        "MSP",
        "Shared",
        domain="staffing",
    ),
    ComparisonRow(
        "IT Strategy",
        "MSP owns the strategy fully",
        "Shared between internal and MSP",
        "MSP",
        "Shared",
        domain="strategy",
    ),
    ComparisonRow(
        "Tool Ownership",
        "MSP owns and manages tools",
        "Can use client or MSP tools",
        "MSP",
        "Flexible",
        domain="tools",
    ),
    ComparisonRow(
        "Mentoring",
        "Internal staff not applicable",
        "MSP mentors internal IT staff",
        "N/A",
        "MSP",
        domain="mentoring",
    ),
    ComparisonRow(
        "Vacation Coverage",
        "MSP handles automatically",
        "MSP covers internal team gaps",
        "MSP",
        "MSP",
        domain="vacation-cover",
    ),
    ComparisonRow(
        "Sick Leave Coverage",
        "MSP handles automatically",
        "MSP fills in for absent staff",
        "MSP",
        "MSP",
        domain="sick-leave-cover",
    ),
    ComparisonRow(
        "Cost Structure",
        "Predictable monthly fee",
        "Varies by scope and team size",
        "Fixed",
        "Variable",
        attribute="cost_structure",
    ),
    ComparisonRow(
        "Control Level",
        "Low, the provider manages all",
        "High, internal team stays active",
        "Low",
        "High",
        attribute="control_level",
    ),
)


# -- the article's scenario table, word for word -------------------------------------------

SCENARIO_HEADING = ("Scenario", "Fully Managed IT", "Co-Managed IT")
TEAM_QUESTION = ("Do you have an existing IT team?", "Fully Managed IT", "Co-Managed IT")

COLUMNS = {
    ServiceModel.FULLY_MANAGED: "Fully Managed IT",
    ServiceModel.CO_MANAGED: "Co-Managed IT",
}
# Fully managed first, as in the article's table; also the order results are listed in.
MODELS = (ServiceModel.FULLY_MANAGED, ServiceModel.CO_MANAGED)

# Best first. The article uses these eight words and no others in its scenario cells.
FIT_LEVELS = (
    "Best fit",
    "Excellent fit",
    "Good option",
    "Possible",
    "Consider hybrid",
    "Less ideal",
    "Not ideal",
    "Not recommended",
)
RULED_OUT = "Not recommended"


def fit_points(fit: str) -> int:
    """Points for a fit on the article's ladder: "Best fit" 7 down to "Not recommended" 0."""
    return len(FIT_LEVELS) - 1 - FIT_LEVELS.index(fit)


@dataclass(frozen=True)
class ScenarioRow:
    """One row of the checklist, and which answer in the assessment selects it."""

    scenario: str
    fully_managed: str
    co_managed: str
    answer: str  # the Assessment field the row answers
    value: object  # the answer that selects the row: an ITTeam value, or True

    def fit(self, service_model: str) -> str:
        if service_model == ServiceModel.FULLY_MANAGED:
            return self.fully_managed
        return self.co_managed

    @property
    def cells(self) -> tuple[str, str, str]:
        return (self.scenario, self.fully_managed, self.co_managed)

    @property
    def favours(self) -> str:
        """The model with the better cell, or "" when both cells are the same."""
        fm, cm = fit_points(self.fully_managed), fit_points(self.co_managed)
        if fm == cm:
            return ""
        return ServiceModel.FULLY_MANAGED if fm > cm else ServiceModel.CO_MANAGED


SCENARIO_TABLE = (
    ScenarioRow(
        "No internal IT staff at all", "Best fit", "Not recommended", "it_team", ITTeam.NONE
    ),
    ScenarioRow(
        "Small IT team, overwhelmed",
        "Good option",
        "Excellent fit",
        "it_team",
        ITTeam.SMALL_OVERWHELMED,
    ),
    ScenarioRow(
        "Mid-size IT team, needs depth", "Possible", "Best fit", "it_team", ITTeam.MID_NEEDS_DEPTH
    ),
    ScenarioRow(
        "Large IT team, needs 24/7 cover",
        "Consider hybrid",
        "Best fit",
        "it_team",
        ITTeam.LARGE_NEEDS_24X7,
    ),
    ScenarioRow("Want full control retained", "Not ideal", "Best fit", "wants_full_control", True),
    ScenarioRow(
        "Want hands-off, predictable cost", "Best fit", "Less ideal", "wants_hands_off_cost", True
    ),
    ScenarioRow(
        "Need specialized security skills",
        "Good option",
        "Excellent fit",
        "needs_security_skills",
        True,
    ),
)
TEAM_ROWS = {row.value: row for row in SCENARIO_TABLE if row.answer == "it_team"}


def scenario_table_lines() -> list[tuple[str, str, str]]:
    """The checklist as the article prints it: heading, the team question, then the rows."""
    return [SCENARIO_HEADING, TEAM_QUESTION, *(row.cells for row in SCENARIO_TABLE)]


# -- the article's last FAQ: signs the current model has been outgrown ----------------------

OUTGROWN_QUESTION = "How do I know if my company has outgrown its current IT model?"
OUTGROWN_CONCLUSION = (
    "If any of these describe your current situation, your IT model is no longer serving the "
    "business and it is time to evaluate alternatives."
)


@dataclass(frozen=True)
class Signal:
    answer: str  # the Assessment field
    words: str  # the FAQ's words for it


OUTGROWN_SIGNALS = (
    Signal("recurring_backlogs", "recurring support backlogs"),
    Signal("preventable_incidents", "security incidents that could have been prevented"),
    Signal("always_reactive", "an IT team that is constantly reactive and never strategic"),
    Signal("staff_turnover", "increasing turnover of IT staff"),
    Signal(
        "stalled_projects",
        "a growing list of technology projects that never get started because the team is "
        "too consumed by daily operations",
    ),
)

# Words from the article's definitions, quoted when a rule (not a row) decides.
SUPPLEMENTS_QUOTE = (
    "Co-Managed IT is a partnership model where an external provider supplements your "
    "existing in-house staff."
)
FULLY_MANAGED_QUOTE = (
    "Fully Managed IT is the right choice for small to mid-sized businesses that have no "
    "existing internal IT staff"
)
CO_MANAGED_QUOTE = (
    "Co-Managed IT is the right choice for mid-market companies that have an existing IT team "
    "but recognize that team cannot cover every domain at the depth the business now requires."
)
