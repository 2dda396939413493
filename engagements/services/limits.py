"""Ceilings per engagement, so a draft cannot grow without bound (a script adding rows in
a loop, a mistaken import). Each is a setting; going past one is a ValidationError that
names the limit, which the API answers as 400 and the pages show beside the form."""

from django.conf import settings
from django.core.exceptions import ValidationError

from engagements.models import ControlResponsibility, Engagement, MatrixRow, Role, Tool

# kind: (setting, model, plural as a user says it)
LIMITS = {
    "rows": ("RACI_MAX_ROWS", MatrixRow, "activities"),
    "roles": ("RACI_MAX_ROLES", Role, "roles"),
    "tools": ("RACI_MAX_TOOLS", Tool, "tools"),
    "controls": ("RACI_MAX_CONTROLS", ControlResponsibility, "controls"),
}


def ensure_room(engagement: Engagement, kind: str, adding: int = 1) -> None:
    """Refuse adding `adding` more of `kind` when the engagement would pass its ceiling."""
    setting, model, plural = LIMITS[kind]
    limit = getattr(settings, setting)
    present = model.objects.filter(engagement=engagement).count()
    if present + adding > limit:
        raise ValidationError(
            f"An engagement can have at most {limit:,} {plural} ({setting}); this one has "
            f"{present:,}, and this change would add {adding:,}."
        )
