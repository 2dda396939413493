"""Views derived from the matrix that are not findings: week arithmetic, domain leads."""

from datetime import datetime, timedelta

from ..matrix_data import MatrixData
from ..models import Side


def week_hours(data: MatrixData) -> dict[str, float]:
    """Hours per week in each window, from the engagement's business days and hours."""
    engagement = data.engagement
    day = datetime(2000, 1, 1)
    span = datetime.combine(day, engagement.business_end) - datetime.combine(
        day, engagement.business_start
    )
    business_days = len(engagement.business_days)
    business = business_days * span / timedelta(hours=1)
    return {
        "business_hours": business,
        "after_hours": business_days * 24 - business,
        "weekends_holidays": (7 - business_days) * 24.0,
    }


LEAD_LABELS = {Side.MSP: "MSP", Side.INTERNAL: "Internal", Side.VENDOR: "Vendor"}


def domain_lead(data: MatrixData, domain_code: str) -> str:
    """Who leads a domain, in the words of the article's comparison table.

    "N/A" when nothing in the domain is in scope; "Flexible" when the Accountable side
    differs from activity to activity; "Shared" when one side is Accountable throughout but
    both sides do the work; otherwise the side that is Accountable and does the work.
    """
    rows = [row for row in data.in_scope_rows if row.activity.domain.code == domain_code]
    if not rows:
        return "N/A"
    accountable_sides = {role.side for row in rows for role in data.roles_with(row, "A")}
    responsible_sides = {role.side for row in rows for role in data.roles_with(row, "R")}
    if len(accountable_sides) > 1:
        return "Flexible"
    if {Side.INTERNAL, Side.MSP} <= responsible_sides:
        return "Shared"
    if not accountable_sides:
        return "Nobody"
    return LEAD_LABELS[next(iter(accountable_sides))]
