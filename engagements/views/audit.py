"""The audit trail page: every change to one revision, who made it, when, through which
door, and the old and new value, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from engagements.forms.audit import AuditFilterForm
from engagements.models import Door
from engagements.selectors.audit import KINDS, engagement_audit_trail
from engagements.views.common import abilities, engagement_for

PAGE_SIZE = 50


@login_required
@require_GET
def audit_page(request, pk):
    """The audit trail, filtered by door and kind of object, 50 entries a page."""
    engagement = engagement_for(request, pk)
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    trail = engagement_audit_trail(
        engagement, door=filters.get("door") or None, kind=filters.get("kind") or None
    )
    page = Paginator(trail, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    doors = dict(Door.choices)
    return render(
        request,
        "engagements/audit.html",
        {
            "engagement": engagement,
            "form": form,
            "page": page,
            "entries": [
                (entry, doors.get(entry.door, entry.door or "unknown"), KINDS[entry.kind])
                for entry in page.object_list
            ],
            "query": query.urlencode(),
            **abilities(request.user, engagement),
        },
    )
