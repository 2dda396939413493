"""Selecting compliance controls into an engagement, by control id."""

from engagements import services
from engagements.models import Control


def control(framework, control_id):
    return Control.objects.get(framework=framework, control_id=control_id)


def select(engagement, framework, *control_ids, by):
    """Select controls into an engagement; returns control_id -> responsibility."""
    selected = services.controls_select(
        engagement=engagement,
        by=by,
        framework=framework,
        controls=[control(framework, cid) for cid in control_ids] or None,
    )
    return {resp.control.control_id: resp for resp in selected}
