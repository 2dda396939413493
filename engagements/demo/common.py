"""Small helpers the demo clients share: find a user, a row, a role; set a cell; apply a
compliance table."""

from django.contrib.auth import get_user_model

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import (
    Control,
    MatrixRow,
    Role,
)


def demo_user(username):
    return get_user_model().objects.get(username=username)


def row_of(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def role_of(engagement, name):
    return Role.objects.get(engagement=engagement, name=name)


def cell_set(engagement, code, role_name, letters, by):
    services.assignment_set(
        engagement=engagement,
        row=row_of(engagement, code),
        role=role_of(engagement, role_name),
        letters=letters,
        by=by,
    )


def catalogs_load():
    """Load the CSF 2.0 and HIPAA catalogs the demo uses (a second load changes nothing)."""
    for key in ("csf", "hipaa"):
        services.catalog_load(catalog=parse_catalog(BUNDLED[key]))


def controls_apply(engagement, framework_code, table, by, vendor="", own_rows=None):
    own_rows = own_rows or {}
    controls = {
        c.control_id: c
        for c in Control.objects.filter(
            framework__code=framework_code, control_id__in=[entry[0] for entry in table]
        )
    }
    selected = services.controls_select(
        engagement=engagement, by=by, controls=[controls[entry[0]] for entry in table]
    )
    by_control = {resp.control.control_id: resp for resp in selected}
    for control_id, origination, role_name, activities, text in table:
        fields = {
            "origination": origination,
            "responsible_role": role_of(engagement, role_name) if role_name else None,
            "implementing_rows": [
                own_rows[code] if code in own_rows else row_of(engagement, code)
                for code in activities
            ],
        }
        if origination == "shared":
            fields["split_description"] = text
        elif origination in ("msp", "inherited"):
            fields["msp_responsibility"] = text
        else:
            fields["customer_responsibility"] = text
        if origination == "inherited":
            fields["vendor_name"] = vendor or role_name
        services.control_responsibility_update(
            responsibility=by_control[control_id], by=by, **fields
        )
