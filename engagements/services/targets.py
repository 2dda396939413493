"""Response targets: how fast someone must respond to an activity in each window of the
week (the SLA table of the contract)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements.models import MatrixRow, ResponseTarget
from engagements.models.choices import TIME_WINDOWS
from engagements.services.common import as_history_user, engagement_edit_begin

MINUTES_MAX = 7 * 24 * 60  # a week: a longer "response" is no target at all


@transaction.atomic
def response_targets_set(
    *, row: MatrixRow, targets: dict, by, expected_version: int | None = None
) -> dict[str, int]:
    """Set the activity's response targets, window by window (minutes; None or 0 removes a
    window's target; windows not given stay as they are). Returns every target now set."""
    errors = {}
    for window, minutes in targets.items():
        if window not in TIME_WINDOWS:
            errors[window] = (
                "Not a window of the week: business_hours, after_hours or weekends_holidays."
            )
        elif minutes is not None and (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not 0 <= minutes <= MINUTES_MAX
        ):
            errors[window] = f"Give whole minutes from 1 to {MINUTES_MAX} (or null for none)."
    if errors:
        raise ValidationError(errors)
    engagement_edit_begin(row.engagement, by=by, expected_version=expected_version)
    current = {t.window: t for t in ResponseTarget.objects.filter(row=row)}
    for window, minutes in targets.items():
        existing = current.get(window)
        if not minutes:
            if existing is not None:
                as_history_user(existing, by).delete()
            continue
        target = existing or ResponseTarget(row=row, window=window)
        target.minutes = minutes
        as_history_user(target, by).save()
    return dict(
        ResponseTarget.objects.filter(row=row).order_by("window").values_list("window", "minutes")
    )
