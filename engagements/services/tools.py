"""The tools an engagement uses: who owns each, holds its licence, administers it, and what
becomes of it when the engagement ends.

The apply_* functions write one part of a change once its guard has passed
(engagement_edit_begin); the services below and matrix_changes_apply call them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements.models import Engagement, Side, Tool, ToolFate
from engagements.services.common import (
    as_history_user,
    engagement_edit_begin,
    fields_allowed,
    name_taken,
    same_engagement,
)
from engagements.services.limits import ensure_room

TOOL_FIELDS = (
    "name",
    "category",
    "owner_side",
    "licence_holder_side",
    "administered_by",
    "exit_fate",
    "notes",
)


def _check_tool(engagement: Engagement, tool: Tool) -> None:
    tool.name = (tool.name or "").strip()
    if not tool.name:
        raise ValidationError({"name": "A tool needs a name."})
    if name_taken(Tool.objects.filter(engagement=engagement), tool.name, exclude_pk=tool.pk):
        raise ValidationError({"name": f'A tool named "{tool.name}" is already listed.'})
    same_engagement(tool.administered_by, engagement, "administered_by", "role")
    if tool.owner_side and tool.owner_side not in Side.values:
        raise ValidationError({"owner_side": f'"{tool.owner_side}" is not a side.'})
    if tool.exit_fate and tool.exit_fate not in ToolFate.values:
        raise ValidationError({"exit_fate": f'"{tool.exit_fate}" is not an agreed fate.'})
    tool.full_clean(exclude=["engagement"])


def apply_tool_add(engagement: Engagement, fields: dict, by) -> Tool:
    """List a new tool, checked (fields as in TOOL_FIELDS, "name" among them)."""
    fields_allowed(fields, TOOL_FIELDS, verb="set")
    ensure_room(engagement, "tools")
    tool = Tool(engagement=engagement, **fields)
    _check_tool(engagement, tool)
    as_history_user(tool, by).save()
    return tool


def apply_tool_update(engagement: Engagement, tool: Tool, fields: dict, by) -> Tool:
    """Change a listed tool's fields, checked as a new one is."""
    fields_allowed(fields, TOOL_FIELDS)
    same_engagement(tool, engagement, "tool", "tool")
    for name, value in fields.items():
        setattr(tool, name, value)
    _check_tool(engagement, tool)
    as_history_user(tool, by).save()
    return tool


def apply_tool_remove(engagement: Engagement, tool: Tool, by) -> None:
    same_engagement(tool, engagement, "tool", "tool")
    as_history_user(tool, by).delete()


@transaction.atomic
def tool_add(
    *, engagement: Engagement, name: str, by, expected_version: int | None = None, **fields
) -> Tool:
    """List a tool the engagement uses, who owns it and what happens to it at the end."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    return apply_tool_add(engagement, {"name": name, **fields}, by)


@transaction.atomic
def tool_update(*, tool: Tool, by, expected_version: int | None = None, **fields) -> Tool:
    engagement_edit_begin(tool.engagement, by=by, expected_version=expected_version)
    return apply_tool_update(tool.engagement, tool, fields, by)


@transaction.atomic
def tool_remove(*, tool: Tool, by, expected_version: int | None = None) -> None:
    engagement_edit_begin(tool.engagement, by=by, expected_version=expected_version)
    apply_tool_remove(tool.engagement, tool, by)
