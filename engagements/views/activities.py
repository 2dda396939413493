"""The matrix's activities: a custom one for this client, one from the catalog brought back,
or one taken out of the matrix."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from engagements import selectors, services
from engagements.forms.activities import CustomActivityForm, RowAddForm
from engagements.views.common import engagement_for
from engagements.views.matrix import remove_part, save_editor


@login_required
@require_POST
def activity_add(request, pk):
    """Add a custom activity for this client and put it in the matrix."""
    engagement = engagement_for(request, pk)
    return save_editor(
        request,
        engagement,
        CustomActivityForm(request.POST, prefix="activity"),
        key="activity",
        anchor="activities",
        save=lambda **fields: services.activity_create_custom(engagement=engagement, **fields),
        done=lambda row: f'Added "{row.activity.name}" to {row.activity.domain.name}.',
        then=lambda row: f"row-{row.pk}",
    )


@login_required
@require_POST
def row_add(request, pk):
    """Bring back a catalog activity (or one of the client's own) that is not in the matrix."""
    engagement = engagement_for(request, pk)
    activities = selectors.addable_activity_list(engagement=engagement)
    return save_editor(
        request,
        engagement,
        RowAddForm(request.POST, prefix="row-add", activities=activities),
        key="row",
        anchor="activities",
        save=lambda **fields: services.row_add(engagement=engagement, **fields),
        done=lambda row: f'Added "{row.activity.name}" to the matrix.',
        then=lambda row: f"row-{row.pk}",
    )


@login_required
@require_POST
def row_remove(request, pk, row_id):
    return remove_part(
        request,
        pk,
        selectors.engagement_row_list,
        row_id,
        lambda row, **kw: services.row_remove(row=row, **kw),
        done=lambda row: (
            f'Removed "{row.activity.name}" from the matrix. Add it back under "Activities".'
        ),
        anchor=lambda row, ok: "activities" if ok else f"row-{row.pk}",
    )
