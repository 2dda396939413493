"""The engagement's tools: added, changed and removed from the matrix page."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods, require_POST

from engagements import selectors, services
from engagements.forms.tools import ToolForm
from engagements.views.common import engagement_for, part_of
from engagements.views.matrix import part_form, remove_part, save_editor


@login_required
@require_POST
def tool_add(request, pk):
    engagement = engagement_for(request, pk)
    roles = list(selectors.engagement_role_list(engagement=engagement))
    return save_editor(
        request,
        engagement,
        ToolForm(request.POST, prefix="tool-new", roles=roles),
        key="tool",
        anchor="tools",
        save=lambda **fields: services.tool_add(engagement=engagement, **fields),
        done=lambda tool: f'Added the tool "{tool.name}".',
    )


@login_required
@require_http_methods(["GET", "POST"])
def tool_update(request, pk, tool_id):
    """GET: the tool's form, asked for when its card is opened (or a page of its own)."""
    engagement = engagement_for(request, pk)
    tool = part_of(engagement, selectors.engagement_tool_list, tool_id)
    roles = list(selectors.engagement_role_list(engagement=engagement))
    if request.method == "GET":
        form = ToolForm(prefix=f"tool-{tool.pk}", roles=roles, initial=ToolForm.initial_for(tool))
        return part_form(
            request,
            engagement,
            "engagements/_tool_form.html",
            f"Edit {tool.name}",
            "tools",
            form=form,
            tool=tool,
        )
    return save_editor(
        request,
        engagement,
        ToolForm(request.POST, prefix=f"tool-{tool.pk}", roles=roles),
        key=("tool", tool.pk),
        anchor="tools",
        save=lambda **fields: services.tool_update(tool=tool, **fields),
        done=lambda tool: f'Saved the tool "{tool.name}".',
    )


@login_required
@require_POST
def tool_remove(request, pk, tool_id):
    return remove_part(
        request,
        pk,
        selectors.engagement_tool_list,
        tool_id,
        lambda tool, **kw: services.tool_remove(tool=tool, **kw),
        done=lambda tool: f'Removed the tool "{tool.name}".',
        anchor=lambda tool, ok: "tools",
    )
