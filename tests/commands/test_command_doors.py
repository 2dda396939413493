"""Management commands record their changes as the "command" door, so the audit trail
never shows them as an anonymous service call."""

import pytest
from django.core.management import call_command

from engagements.models import Assignment, Door, Engagement, MatrixRow, Role, Tool

pytestmark = pytest.mark.django_db

COMMANDS = {
    "seed_demo": [],
    "generate_portfolio": [
        *("--clients", "1", "--activities", "3", "--roles", "2"),
        *("--large-activities", "3", "--large-roles", "2"),
    ],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_records_its_changes_as_the_command_door(command):
    call_command(command, *COMMANDS[command], verbosity=0)
    doors = set()
    for model in (Engagement, Role, MatrixRow, Assignment, Tool):
        doors |= set(model.history.values_list("door", flat=True).distinct())
    assert doors == {Door.COMMAND}
