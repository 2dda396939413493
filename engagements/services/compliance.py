"""Compliance catalogs and who provides each selected control in an engagement.

`catalog_load` stores a parsed OSCAL catalog (reference data, like the activity catalog).
The rest change one draft's customer responsibility matrix, with the same guards as every
matrix write: the account manager only, drafts only, optional expected_version, and the
version (ETag) bumped.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from engagements.models import (
    Control,
    ControlResponsibility,
    Engagement,
    Framework,
    Origination,
    Role,
    Side,
)
from engagements.models.catalog import CatalogItem, ParsedCatalog
from engagements.services.common import (
    as_history_user,
    engagement_edit_begin,
    fields_allowed,
    history_attrs,
)
from engagements.services.findings_counts import findings_counts_forget
from engagements.services.limits import ensure_room

# -- catalogs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogLoadResult:
    framework: Framework
    framework_created: bool
    added: int
    changed: int
    unchanged: int
    removed: int  # no longer in the catalog and selected nowhere: deleted
    retired: int  # no longer in the catalog but still selected somewhere: kept, unselectable

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.framework_created or self.added or self.changed or self.removed or self.retired
        )

    def summary(self) -> str:
        if not self.changed_anything:
            return f"{self.framework.name}: already up to date ({self.unchanged} items)."
        parts = [f"{self.added} added", f"{self.changed} changed", f"{self.unchanged} unchanged"]
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.retired:
            parts.append(f"{self.retired} no longer in the catalog but kept (still selected)")
        return f"{self.framework.name}: " + ", ".join(parts) + "."


_CONTROL_FIELDS = ("oscal_id", "title", "kind", "requirement", "statement", "selectable", "order")


def _item_values(item: CatalogItem) -> dict:
    return {name: getattr(item, name) for name in _CONTROL_FIELDS}


@transaction.atomic
def catalog_load(*, catalog: ParsedCatalog) -> CatalogLoadResult:
    """Store a catalog, or bring a stored one up to date. Loading the same file twice
    changes nothing; controls an engagement already selected are never deleted."""
    framework_values = {
        "name": catalog.name,
        "version": catalog.version,
        "source": catalog.source,
        "description": catalog.description,
    }
    framework = Framework.objects.filter(code=catalog.code).first()
    framework_created = framework is None
    framework_changed = False
    if framework is None:
        framework = Framework(code=catalog.code, **framework_values)
        framework.full_clean()
        framework.save()
    elif any(getattr(framework, k) != v for k, v in framework_values.items()):
        for name, value in framework_values.items():
            setattr(framework, name, value)
        framework.full_clean()
        framework.save()
        framework_changed = True

    existing = {c.control_id: c for c in Control.objects.filter(framework=framework)}
    by_id = dict(existing)
    # New items level by level, so each knows its parent's primary key when created.
    depth: dict[str, int] = {}
    for item in catalog.items:
        depth[item.control_id] = depth[item.parent] + 1 if item.parent else 0
    new = [item for item in catalog.items if item.control_id not in existing]
    for level in sorted({depth[item.control_id] for item in new}):
        batch = [
            Control(
                framework=framework,
                control_id=item.control_id,
                parent=by_id[item.parent] if item.parent else None,
                **_item_values(item),
            )
            for item in new
            if depth[item.control_id] == level
        ]
        Control.objects.bulk_create(batch)
        by_id.update(
            (c.control_id, c)
            for c in Control.objects.filter(
                framework=framework, control_id__in=[c.control_id for c in batch]
            )
        )

    changed, unchanged, to_update = 0, 0, []
    for item in catalog.items:
        if item.control_id not in existing:
            continue
        control = by_id[item.control_id]
        wanted = _item_values(item)
        wanted["parent_id"] = by_id[item.parent].pk if item.parent else None
        if all(getattr(control, name) == value for name, value in wanted.items()):
            unchanged += 1
            continue
        for name, value in wanted.items():
            setattr(control, name, value)
        to_update.append(control)
        changed += 1
    Control.objects.bulk_update(to_update, [*_CONTROL_FIELDS, "parent"])

    wanted_ids = {item.control_id for item in catalog.items}
    gone = [c for c in by_id.values() if c.control_id not in wanted_ids]
    in_use = set(
        ControlResponsibility.objects.filter(control__in=gone).values_list("control_id", flat=True)
    )
    kept = [c for c in gone if c.pk in in_use and (c.selectable or c.parent_id)]
    for control in kept:
        control.selectable, control.parent = False, None
    Control.objects.bulk_update(kept, ["selectable", "parent"])
    removed = [c.pk for c in gone if c.pk not in in_use]
    Control.objects.filter(pk__in=removed).delete()
    if new or changed or framework_changed or removed or kept:
        # Control findings of every engagement that selected one may differ now.
        findings_counts_forget()
    return CatalogLoadResult(
        framework=framework,
        framework_created=framework_created,
        added=len(new),
        changed=changed + (1 if framework_changed else 0),
        unchanged=unchanged,
        removed=len(removed),
        retired=len(kept),
    )


# -- selecting controls ----------------------------------------------------------------------


def _check_selectable(controls: list[Control], framework: Framework | None) -> None:
    errors = []
    for control in controls:
        if framework is not None and control.framework_id != framework.pk:
            errors.append(f"{control.control_id} is not part of {framework.name}.")
        elif not control.selectable:
            errors.append(
                f"{control.control_id} is a {control.get_kind_display().lower()} that groups "
                "other controls (or was withdrawn); select the controls under it instead."
            )
    if errors:
        raise ValidationError({"controls": errors})


@transaction.atomic
def controls_select(
    *,
    engagement: Engagement,
    by,
    framework: Framework | None = None,
    controls: Iterable[Control] | None = None,
    expected_version: int | None = None,
) -> list[ControlResponsibility]:
    """Bring a whole framework (every control a responsibility can be given to) or chosen
    controls into the engagement. Controls already selected keep what was agreed for them;
    new ones start with nobody owning them. Returns the responsibilities asked for."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    controls = list(controls or ())
    if framework is None and not controls:
        raise ValidationError({"controls": "Choose a framework or at least one control."})
    if not controls:
        controls = list(Control.objects.filter(framework=framework, selectable=True))
    _check_selectable(controls, framework)
    already = set(
        ControlResponsibility.objects.filter(engagement=engagement).values_list(
            "control_id", flat=True
        )
    )
    wanted, seen = [], set()
    for control in controls:
        if control.pk not in already and control.pk not in seen:
            wanted.append(ControlResponsibility(engagement=engagement, control=control))
        seen.add(control.pk)
    if wanted:
        ensure_room(engagement, "controls", adding=len(wanted))
        bulk_create_with_history(
            wanted,
            ControlResponsibility,
            default_user=by,
            custom_historical_attrs=history_attrs(),
        )
    return list(
        ControlResponsibility.objects.filter(engagement=engagement, control__in=seen)
        .select_related("control__framework")
        .order_by("control__framework__name", "control__order")
    )


@transaction.atomic
def controls_deselect(
    *,
    engagement: Engagement,
    by,
    responsibilities: Iterable[ControlResponsibility] | None = None,
    framework: Framework | None = None,
    expected_version: int | None = None,
) -> int:
    """Take controls (or a whole framework) out of the engagement, with what was agreed for
    them. Returns how many were removed."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    responsibilities = list(responsibilities or ())
    if framework is None and not responsibilities:
        raise ValidationError({"controls": "Choose a framework or at least one control."})
    for resp in responsibilities:
        if resp.engagement_id != engagement.pk:
            raise ValidationError({"controls": "That control belongs to another engagement."})
    if framework is not None:
        responsibilities += list(
            ControlResponsibility.objects.filter(
                engagement=engagement, control__framework=framework
            ).exclude(pk__in=[r.pk for r in responsibilities])
        )
    for resp in responsibilities:
        as_history_user(resp, by).delete()
    return len(responsibilities)


# -- who provides a control ------------------------------------------------------------------

RESPONSIBILITY_FIELDS = (
    "origination",
    "responsible_role",
    "vendor_name",
    "split_description",
    "msp_responsibility",
    "customer_responsibility",
    "implementing_rows",
)
_TEXT_FIELDS = ("vendor_name", "split_description", "msp_responsibility", "customer_responsibility")
MAX_TEXT = 10_000

# The sides a responsible role may sit on, for each origination.
ROLE_SIDES = {
    Origination.MSP: {Side.MSP},
    Origination.INTERNAL: {Side.INTERNAL},
    Origination.SHARED: {Side.MSP, Side.INTERNAL},
    Origination.INHERITED: {Side.MSP, Side.INTERNAL, Side.VENDOR},
    Origination.NOT_APPLICABLE: set(),
}


def _role_fits(role: Role | None, origination: str) -> bool:
    return role is None or not origination or role.side in ROLE_SIDES[origination]


@transaction.atomic
def control_responsibility_update(
    *,
    responsibility: ControlResponsibility,
    by,
    expected_version: int | None = None,
    **fields,
) -> ControlResponsibility:
    """Say who provides a control: its origination (MSP, internal IT, shared, inherited from
    a named vendor, not applicable), the role that answers for it, how a shared control is
    split, each side's part in words, and the activities that implement it.

    Changing the origination drops what no longer fits it: the vendor of a control that is
    no longer inherited, and a responsible role from the wrong side.
    """
    engagement = responsibility.engagement
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    fields_allowed(fields, RESPONSIBILITY_FIELDS)
    errors: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if len(fields[name]) > MAX_TEXT:
                errors[name] = f"Keep this under {MAX_TEXT:,} characters."

    origination = fields.get("origination", responsibility.origination) or ""
    if origination not in Origination.values and origination != "":
        errors["origination"] = (
            f'"{origination}" is not an origination; use one of {", ".join(Origination.values)}.'
        )
    role = fields.get("responsible_role", responsibility.responsible_role)
    if role is not None and role.engagement_id != engagement.pk:
        errors["responsible_role"] = "That role belongs to another engagement."
    rows = fields.get("implementing_rows")
    if rows is not None:
        rows = list(dict.fromkeys(rows))
        if any(row.engagement_id != engagement.pk for row in rows):
            errors["implementing_rows"] = "An activity belongs to another engagement."
    if errors:
        raise ValidationError(errors)

    if "origination" in fields and origination != responsibility.origination:
        if origination != Origination.INHERITED and "vendor_name" not in fields:
            fields["vendor_name"] = ""
        if "responsible_role" not in fields and not _role_fits(role, origination):
            fields["responsible_role"] = role = None
    if not _role_fits(role, origination):
        allowed = " or ".join(Side(side).label for side in sorted(ROLE_SIDES[origination]))
        errors["responsible_role"] = (
            "A control that does not apply has no responsible role."
            if origination == Origination.NOT_APPLICABLE
            else f"{role.name} is {role.get_side_display()}; a control of origination "
            f'"{Origination(origination).label}" is answered for by {allowed}.'
        )
    vendor = fields.get("vendor_name", responsibility.vendor_name)
    if origination == Origination.INHERITED and not vendor:
        errors["vendor_name"] = "Name the vendor the control is inherited from."
    if vendor and origination != Origination.INHERITED:
        errors["vendor_name"] = "Only an inherited control names a vendor."
    if errors:
        raise ValidationError(errors)

    for name, value in fields.items():
        if name != "implementing_rows":
            setattr(responsibility, name, value)
    responsibility.full_clean(exclude=["engagement", "control"])
    as_history_user(responsibility, by).save()
    if rows is not None:
        as_history_user(responsibility, by).implementing_rows.set(rows)
    return responsibility
