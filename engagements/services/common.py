"""Guards every write shares: may this user change this revision, is it still a draft, has
anyone changed it since the user looked; and the small helpers every service uses."""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from engagements.doors import current_door
from engagements.errors import EngagementFrozen, NotEditable, StaleVersion
from engagements.models import Engagement, Status
from engagements.models.labels import person_name
from engagements.models.text import name_key
from engagements.permissions import can_edit, can_review, can_view
from engagements.services.findings_counts import findings_counts_refresh_after_commit


def ensure_can_edit(engagement: Engagement, by) -> None:
    """Only the client's account manager (or a superuser) changes the scope."""
    if not can_edit(by, engagement):
        raise PermissionDenied("Only the account manager of this client can change its scope.")


def ensure_can_review(engagement: Engagement, by) -> None:
    if not can_review(by, engagement):
        raise PermissionDenied("Only the client's IT manager can review this engagement.")


def ensure_can_view(engagement: Engagement, by) -> None:
    if not can_view(by, engagement):
        raise PermissionDenied("You do not have access to this engagement.")


def engagement_ensure_editable(engagement: Engagement) -> None:
    """A signed-off or superseded revision is part of a contract and never changes; a
    revision in review waits for the client's answer."""
    if engagement.status in (Status.SIGNED_OFF, Status.SUPERSEDED):
        raise EngagementFrozen(
            f"Revision {engagement.revision} of {engagement.title} is "
            f"{engagement.get_status_display().lower()} and can no longer change. "
            "Start a new revision to make changes."
        )
    if engagement.status != Status.DRAFT:
        raise NotEditable(
            f"Revision {engagement.revision} of {engagement.title} is in review. The client "
            "must request changes before the matrix can be edited again."
        )


# Engagements whose version was bumped in memory inside the current `versions_restored()`.
_bumped: ContextVar[list | None] = ContextVar("raci_bumped_versions", default=None)


@contextmanager
def versions_restored():
    """Wrap a transaction whose failure must not leave stale objects behind: a service that
    bumped an engagement's version and then was refused rolled the row back, but not the
    Python object; a page re-rendered from it would offer a version that never existed and
    the user's corrected save would be refused as stale. Put this outside the atomic block,
    so the stored values are read back after the rollback."""
    bumped: list = []
    token = _bumped.set(bumped)
    try:
        yield
    except BaseException:
        for engagement in bumped:
            engagement.refresh_from_db(fields=["version", "updated_at", "updated_by"])
        raise
    finally:
        _bumped.reset(token)


VERSION_MAX = 2_147_483_647  # PositiveIntegerField's ceiling on every database


def engagement_touch(engagement: Engagement, *, by, expected_version: int | None = None) -> int:
    """Record that the matrix changed: bump its version (the ETag) atomically.

    With expected_version, the bump only happens if nobody changed the matrix since the
    caller read it; otherwise StaleVersion is raised and the caller's transaction rolls back.
    Re-reads the status under the same row update, so a revision signed off a moment ago
    cannot be changed by a write that started before.
    """
    queryset = Engagement.objects.filter(pk=engagement.pk, status=Status.DRAFT)
    if expected_version is not None:
        # A number no version can be (from a tampered form, say) never reaches the database,
        # where PostgreSQL would refuse it as out of range: it is simply stale.
        in_range = 0 <= expected_version <= VERSION_MAX
        queryset = queryset.filter(version=expected_version) if in_range else queryset.none()
    updated = queryset.update(version=F("version") + 1, updated_at=timezone.now(), updated_by=by)
    if not updated:
        current = Engagement.objects.select_related("updated_by").filter(pk=engagement.pk).first()
        if current is None or current.status != Status.DRAFT:
            engagement.refresh_from_db()
            engagement_ensure_editable(engagement)
        who = person_name(current.updated_by)
        raise StaleVersion(
            f"The matrix was changed by {who or 'someone else'} "
            "since you loaded it. Reload to see their changes, then try again.",
            current_version=current.version,
            changed_by=who,
        )
    engagement.version = Engagement.objects.values_list("version", flat=True).get(pk=engagement.pk)
    engagement.updated_by = by
    bumped = _bumped.get()
    if bumped is not None:
        bumped.append(engagement)
    # What the portfolio's counts were computed from has changed: count again once the
    # change is committed, so the next portfolio read finds them current.
    findings_counts_refresh_after_commit(engagement_ids=[engagement.pk])
    return engagement.version


def engagement_edit_allowed(engagement: Engagement, by) -> None:
    """This user may change this revision, and it is still a draft."""
    ensure_can_edit(engagement, by)
    engagement_ensure_editable(engagement)


def engagement_edit_begin(engagement: Engagement, *, by, expected_version: int | None) -> None:
    """What every change to a draft's matrix passes once, however many parts it has: the
    user may edit, the revision is a draft, nobody changed it since `expected_version`
    (when given); then its version is bumped."""
    engagement_edit_allowed(engagement, by)
    engagement_touch(engagement, by=by, expected_version=expected_version)


def as_history_user(instance, by):
    """Tell django-simple-history who made the change (services know; requests may not)."""
    instance._history_user = by
    return instance


def history_attrs() -> dict:
    """History rows written in bulk get no signal to stamp their door: give it here."""
    return {"door": current_door()}


def bulk_create_in_history(objects: list, model, *, by) -> list:
    """Create many objects at once, each with its history row (its user and door)."""
    return bulk_create_with_history(
        objects, model, default_user=by, custom_historical_attrs=history_attrs()
    )


def copied(source, fields: Iterable[str]) -> dict:
    """The named fields' values, to build a copy of `source` (a model or a template spec)."""
    return {name: getattr(source, name) for name in fields}


def fields_allowed(fields, allowed, *, verb: str = "changed") -> None:
    """Refuse any field a service does not change, each named with its own error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: f"This field cannot be {verb} here." for name in unknown})


def same_engagement(obj, engagement: Engagement, field: str, what: str) -> None:
    """Refuse an object from another engagement, naming the field that carried it."""
    if obj is not None and obj.engagement_id != engagement.pk:
        raise ValidationError({field: f"That {what} belongs to another engagement."})


def name_taken(others, name: str, *, exclude_pk=None) -> bool:
    """Whether one of `others` (a queryset of named objects) already has this name, case,
    spacing and Unicode form aside (models.text.name_key, the column the database keeps
    unique); `exclude_pk` is the object being renamed."""
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    key = name_key(name)
    return others.filter(Q(name_key=key) | Q(name_key__startswith=f"{key} #")).exists()
