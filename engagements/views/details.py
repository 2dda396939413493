"""The engagement's own terms, saved from the matrix page."""

from copy import copy

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from engagements import services
from engagements.forms.details import EngagementDetailsForm
from engagements.views.common import engagement_for
from engagements.views.matrix import save_editor


@login_required
@require_POST
def details_update(request, pk):
    """Title, business days and hours, dates, cost structure and control level."""
    engagement = engagement_for(request, pk)
    return save_editor(
        request,
        engagement,
        EngagementDetailsForm(request.POST, prefix="details"),
        key="details",
        anchor="details",
        # The service changes a copy: a refused change must not show on the page that
        # comes back (the revision as stored, beside the form with what was typed).
        save=lambda **fields: services.engagement_update(engagement=copy(engagement), **fields),
        done=lambda _: "Saved the engagement's details.",
    )
