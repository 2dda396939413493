"""The migration that turns each role's free-text person into a person of the client's
directory: no name is lost, and one person named on several roles is one person.

The data step runs against today's models on roles that name people only as text, as every
role did before the migration (migrating the schema backwards is not possible on SQLite:
the same-engagement triggers block rebuilding the role table)."""

import importlib

from django.apps import apps

from engagements.models import Person, Role
from tests.factories import ClientFactory, EngagementFactory, RoleFactory

migration = importlib.import_module("engagements.migrations.0008_people_holidays_oncall")


def test_every_person_name_becomes_a_linked_person_without_loss(db):
    acme, globex = ClientFactory(slug="acme"), ClientFactory(slug="globex")
    first = EngagementFactory(client=acme, slug="one")
    second = EngagementFactory(client=acme, slug="two")
    other = EngagementFactory(client=globex, slug="x")
    for engagement, role_name, person_name, side in [
        (first, "IT lead", "Dana Ortiz", "internal"),
        (first, "Backup admin", "  dana   ORTIZ ", "internal"),
        (first, "NOC", "", "msp"),
        (second, "IT lead", "Dana Ortiz", "internal"),
        (second, "vCIO", "Élodie Brun", "msp"),
        (other, "IT lead", "Dana Ortiz", "internal"),
    ]:
        RoleFactory(engagement=engagement, name=role_name, person_name=person_name, side=side)

    migration.people_from_person_names(apps, None)

    assert sorted(Person.objects.values_list("client__slug", "name", "side")) == [
        ("acme", "Dana Ortiz", "internal"),
        ("acme", "Élodie Brun", "msp"),
        ("globex", "Dana Ortiz", "internal"),
    ]
    for role in Role.objects.select_related("engagement"):
        linked = list(role.people.all())
        if role.person_name.strip():
            assert [p.name.casefold() for p in linked] == [
                " ".join(role.person_name.split()).casefold()
            ]
            assert linked[0].client_id == role.engagement.client_id
        else:
            assert linked == []
    # The revision's own text stays as it was written.
    assert Role.objects.get(engagement=first, name="Backup admin").person_name == (
        "  dana   ORTIZ "
    )
