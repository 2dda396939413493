"""What the database itself refuses to store, on SQLite and on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagements.models import Assignment, Coverage, Engagement, MembershipKind, Role, Status
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    CoverageFactory,
    EngagementFactory,
    MatrixRowFactory,
    MembershipFactory,
    RoleFactory,
    ToolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_a_letter_outside_raci_is_never_stored():
    cell = AssignmentFactory(letters="AR")
    _refused(lambda: Assignment.objects.filter(pk=cell.pk).update(letters="X"))
    _refused(lambda: Assignment.objects.filter(pk=cell.pk).update(letters="RA"))  # not canonical
    _refused(lambda: Assignment.objects.filter(pk=cell.pk).update(letters=""))
    cell.refresh_from_db()
    assert cell.letters == "AR"


def test_a_cell_whose_role_belongs_to_another_engagement_is_never_stored():
    row = MatrixRowFactory()
    foreign_role = RoleFactory()  # a different engagement
    _refused(lambda: Assignment.objects.create(row=row, role=foreign_role, letters="R"))
    assert not Assignment.objects.filter(row=row).exists()


def test_moving_a_cell_to_another_engagements_role_is_refused():
    cell = AssignmentFactory()
    foreign_role = RoleFactory()
    _refused(lambda: Assignment.objects.filter(pk=cell.pk).update(role=foreign_role))


def test_a_coverage_role_from_another_engagement_is_never_stored():
    row = MatrixRowFactory()
    _refused(lambda: Coverage.objects.create(row=row, role=RoleFactory(), window="after_hours"))


def test_an_absence_backup_from_another_engagement_is_never_stored():
    role = RoleFactory()
    _refused(lambda: Role.objects.filter(pk=role.pk).update(absence_backup=RoleFactory()))


def test_a_role_cannot_back_itself_up():
    role = RoleFactory()
    _refused(lambda: Role.objects.filter(pk=role.pk).update(absence_backup=role))


def test_a_tool_administered_by_another_engagements_role_is_never_stored():
    tool = ToolFactory()
    _refused(lambda: type(tool).objects.filter(pk=tool.pk).update(administered_by=RoleFactory()))


def test_two_roles_in_one_engagement_cannot_share_a_name_whatever_the_case():
    role = RoleFactory(name="MSP NOC")
    _refused(lambda: RoleFactory(engagement=role.engagement, name="msp noc"))


def test_the_same_role_name_may_appear_in_two_engagements():
    RoleFactory(name="MSP NOC")
    RoleFactory(name="MSP NOC")
    assert Role.objects.filter(name="MSP NOC").count() == 2


def test_a_cell_is_stored_once_per_row_and_role():
    cell = AssignmentFactory()
    _refused(lambda: Assignment.objects.create(row=cell.row, role=cell.role, letters="C"))


def test_business_hours_that_end_before_they_start_are_refused_by_the_database():
    _refused(
        lambda: EngagementFactory(
            business_start=datetime.time(17, 0), business_end=datetime.time(8, 0)
        )
    )


def test_business_hours_that_end_before_they_start_get_a_field_message():
    engagement = EngagementFactory.build(
        client=ClientFactory(),
        account_manager=UserFactory(),
        business_start=datetime.time(17, 0),
        business_end=datetime.time(8, 0),
    )
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "business_end" in error.value.message_dict


def test_a_signed_off_revision_must_say_who_signed_it():
    engagement = EngagementFactory()
    _refused(lambda: Engagement.objects.filter(pk=engagement.pk).update(status=Status.SIGNED_OFF))


def test_only_one_revision_of_an_engagement_is_current():
    first = EngagementFactory(slug="scope")
    _refused(
        lambda: EngagementFactory(
            client=first.client, slug="scope", revision=2, account_manager=first.account_manager
        )
    )


def test_a_client_it_manager_belongs_to_one_client_only():
    membership = MembershipFactory(kind=MembershipKind.CLIENT_IT_MANAGER)
    _refused(
        lambda: MembershipFactory(
            user=membership.user, client=ClientFactory(), kind=MembershipKind.CLIENT_IT_MANAGER
        )
    )


def test_an_account_manager_may_serve_several_clients():
    membership = MembershipFactory(kind=MembershipKind.ACCOUNT_MANAGER)
    MembershipFactory(user=membership.user, client=ClientFactory())
    assert membership.user.memberships.count() == 2


def test_an_unknown_time_zone_gets_a_field_message():
    client = ClientFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        client.full_clean()
    assert "time_zone" in error.value.message_dict


def test_business_days_must_be_weekday_numbers():
    engagement = EngagementFactory.build(
        client=ClientFactory(), account_manager=UserFactory(), business_days="1289"
    )
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "business_days" in error.value.message_dict


def test_coverage_is_one_role_per_window():
    entry = CoverageFactory()
    _refused(lambda: Coverage.objects.create(row=entry.row, window=entry.window, role=entry.role))


def test_every_model_reads_as_text():
    cell = AssignmentFactory(letters="AR")
    assert str(cell) == f"{cell.role}: A/R"
    assert "r1" in str(cell.row.engagement)
