"""The migration that gives every name its key (0012): names already stored that are the
same name (case, spacing or Unicode form aside) in one scope are not renamed, so a signed
revision's text never changes; the later one's key is marked "#id" so the constraint holds,
until someone renames it.

The data step runs against today's models, as tests/models/test_people_migration.py does."""

import importlib

from django.apps import apps

from engagements.models import Role, Side
from tests.factories import EngagementFactory, RoleFactory

migration = importlib.import_module("engagements.migrations.0012_names_name_key")


def test_existing_names_get_their_keys_and_lookalikes_are_kept_marked_not_renamed(db):
    engagement, other = EngagementFactory(slug="one"), EngagementFactory(slug="two")
    first = RoleFactory(engagement=engagement, name="Help desk", side=Side.MSP)
    second = RoleFactory(engagement=engagement, name="Placeholder", side=Side.MSP)
    elsewhere = RoleFactory(engagement=other, name="HELP DESK", side=Side.MSP)
    # As stored before the migration: no keys, and a name only spacing and case tell apart.
    Role.objects.filter(pk=second.pk).update(name="help   DESK", name_key="x")
    Role.objects.filter(pk__in=[first.pk, elsewhere.pk]).update(name_key="")

    migration.fill_name_keys(apps, None)

    keys = dict(Role.objects.values_list("pk", "name_key"))
    assert keys[first.pk] == "help desk"
    assert keys[elsewhere.pk] == "help desk"  # another engagement: another scope
    assert keys[second.pk] == f"help desk #{second.pk}"
    assert Role.objects.get(pk=second.pk).name == "help   DESK"


def test_a_marked_lookalike_can_still_be_saved_and_loses_its_mark_when_renamed(db):
    engagement = EngagementFactory(slug="one")
    RoleFactory(engagement=engagement, name="Help desk", side=Side.MSP)
    second = RoleFactory(engagement=engagement, name="Placeholder", side=Side.MSP)
    Role.objects.filter(pk=second.pk).update(name="help   DESK", name_key="x")
    migration.fill_name_keys(apps, None)

    role = Role.objects.get(pk=second.pk)
    role.side = Side.INTERNAL
    role.save()
    assert Role.objects.get(pk=second.pk).name_key == f"help desk #{second.pk}"

    role.name = "Service desk"
    role.save()
    assert Role.objects.get(pk=second.pk).name_key == "service desk"
