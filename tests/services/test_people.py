"""The people directory: adding, correcting and retiring people; roles naming them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import selectors, services
from engagements.models import Person, Side, Window
from tests.factories import (
    AssignmentFactory,
    CoverageFactory,
    EngagementFactory,
    MatrixRowFactory,
    RoleFactory,
)


def test_an_account_manager_adds_a_person_to_the_client_directory(acme, account_manager):
    person = services.person_create(
        client=acme,
        name="  Dana   Ortiz ",
        side=Side.INTERNAL,
        email="dana@acme.example",
        phone="+1 312 555 0101",
        by=account_manager,
    )
    assert (person.name, person.email, person.phone, person.active) == (
        "Dana Ortiz",
        "dana@acme.example",
        "+1 312 555 0101",
        True,
    )


def test_the_same_name_twice_in_one_directory_is_refused(acme, account_manager):
    services.person_create(client=acme, name="Dana Ortiz", side=Side.INTERNAL, by=account_manager)
    with pytest.raises(ValidationError) as error:
        services.person_create(
            client=acme, name="DANA ORTIZ", side=Side.INTERNAL, by=account_manager
        )
    assert "name" in error.value.message_dict
    assert Person.objects.filter(client=acme).count() == 1


def test_a_phone_number_of_letters_is_refused(acme, account_manager):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            client=acme, name="Dana", side=Side.INTERNAL, phone="call me", by=account_manager
        )
    assert "phone" in error.value.message_dict
    assert not Person.objects.exists()


def test_a_client_it_manager_cannot_change_the_directory(acme, client_it_manager):
    with pytest.raises(PermissionDenied):
        services.person_create(client=acme, name="Dana", side=Side.INTERNAL, by=client_it_manager)


def test_a_role_named_by_text_finds_or_adds_the_directory_person(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    dana = services.person_create(
        client=acme, name="Dana Ortiz", side=Side.INTERNAL, by=account_manager
    )
    lead = services.role_add(
        engagement=engagement,
        name="IT lead",
        side=Side.INTERNAL,
        person_name="dana ortiz, Sam Lee",
        by=account_manager,
    )
    assert list(lead.people.order_by("name")) == [dana, Person.objects.get(name="Sam Lee")]
    assert lead.person_name == "Dana Ortiz, Sam Lee"


def test_a_role_names_directory_people_and_a_backup_person(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    dana = services.person_create(client=acme, name="Dana", side=Side.INTERNAL, by=account_manager)
    sam = services.person_create(client=acme, name="Sam", side=Side.MSP, by=account_manager)
    role = services.role_add(
        engagement=engagement, name="IT lead", side="internal", by=account_manager
    )
    role = services.role_update(
        role=role, people=[dana], absence_backup_person=sam, by=account_manager
    )
    assert list(role.people.all()) == [dana]
    assert role.person_name == "Dana"
    assert role.absence_backup_person == sam


def test_a_person_from_another_client_cannot_be_named(acme, globex, account_manager, admin_user):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    stranger = services.person_create(client=globex, name="Lee", side="internal", by=admin_user)
    role = services.role_add(
        engagement=engagement, name="IT lead", side="internal", by=account_manager
    )
    with pytest.raises(ValidationError) as error:
        services.role_update(role=role, people=[stranger], by=account_manager)
    assert "people" in error.value.message_dict
    assert not role.people.exists()


def test_renaming_a_person_renames_them_in_drafts(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    role = services.role_add(
        engagement=engagement,
        name="IT lead",
        side="internal",
        person_name="Dana Ortiz",
        by=account_manager,
    )
    services.person_update(person=role.people.get(), name="Dana Ortiz-Reyes", by=account_manager)
    role.refresh_from_db()
    assert role.person_name == "Dana Ortiz-Reyes"


def test_a_new_revision_keeps_the_people_of_each_role(signed_co_managed, account_manager):
    role = signed_co_managed.roles.first()
    person = Person.objects.create(client=signed_co_managed.client, name="Dana", side=role.side)
    role.people.add(person)
    draft = services.engagement_revise(engagement=signed_co_managed, by=account_manager)
    assert list(draft.roles.get(name=role.name).people.all()) == [person]


def test_where_a_person_is_named_lists_every_duty_and_window(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    dana = services.person_create(client=acme, name="Dana", side="internal", by=account_manager)
    lead = RoleFactory(engagement=engagement, name="IT lead", side="internal")
    lead.people.add(dana)
    RoleFactory(engagement=engagement, name="NOC", side="msp", absence_backup_person=dana)
    row = MatrixRowFactory(engagement=engagement)
    AssignmentFactory(row=row, role=lead, letters="AR")
    CoverageFactory(row=row, role=lead, window=Window.BUSINESS_HOURS)

    mentions = selectors.person_mentions(user=account_manager, person=dana)

    assert [(m.role.name, m.as_backup) for m in mentions] == [("IT lead", False), ("NOC", True)]
    assert [(d.activity, d.letters, d.windows) for d in mentions[0].duties] == [
        (row.activity.name, "A/R", ["Business hours"])
    ]
