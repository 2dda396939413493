"""factory_boy factories: each builds the smallest valid object; tests say what matters."""

import datetime

import factory
from django.contrib.auth import get_user_model

from engagements.models import (
    Activity,
    Assignment,
    Client,
    Coverage,
    CoverageNeed,
    Domain,
    Engagement,
    MatrixRow,
    Membership,
    MembershipKind,
    Role,
    ServiceModel,
    Side,
    Tool,
    Window,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n}")
    slug = factory.Sequence(lambda n: f"client-{n}")
    industry = "Logistics"
    employee_count = 120
    internal_it_headcount = 2
    time_zone = "America/Chicago"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    client = factory.SubFactory(ClientFactory)
    kind = MembershipKind.ACCOUNT_MANAGER


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.LazyAttribute(lambda d: d.code.replace("-", " ").title())
    order = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        django_get_or_create = ("code",)

    domain = factory.SubFactory(DomainFactory)
    code = factory.Sequence(lambda n: f"activity-{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")
    default_coverage = CoverageNeed.BUSINESS_HOURS
    order = factory.Sequence(lambda n: n)


class EngagementFactory(factory.django.DjangoModelFactory):
    """A bare draft with no roles or rows (use services.engagement_create for a template)."""

    class Meta:
        model = Engagement

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Engagement {n}")
    slug = factory.Sequence(lambda n: f"engagement-{n}")
    service_model = ServiceModel.CO_MANAGED
    account_manager = factory.SubFactory(UserFactory)
    business_days = "12345"
    business_start = datetime.time(8, 0)
    business_end = datetime.time(17, 0)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    engagement = factory.SubFactory(EngagementFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    side = Side.MSP
    order = factory.Sequence(lambda n: n)


class MatrixRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatrixRow

    engagement = factory.SubFactory(EngagementFactory)
    activity = factory.SubFactory(ActivityFactory)
    order = factory.Sequence(lambda n: n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    row = factory.SubFactory(MatrixRowFactory)
    role = factory.SubFactory(RoleFactory, engagement=factory.SelfAttribute("..row.engagement"))
    letters = "R"


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    row = factory.SubFactory(MatrixRowFactory)
    role = factory.SubFactory(RoleFactory, engagement=factory.SelfAttribute("..row.engagement"))
    window = Window.BUSINESS_HOURS


class ToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tool

    engagement = factory.SubFactory(EngagementFactory)
    name = factory.Sequence(lambda n: f"Tool {n}")
    category = "RMM"
    owner_side = Side.MSP
    licence_holder_side = Side.MSP
    exit_fate = "removed"


# -- compliance -------------------------------------------------------------------------------


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagements.Framework"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.LazyAttribute(lambda f: f.code.replace("-", " ").title())
    version = "1.0"


class ControlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagements.Control"

    framework = factory.SubFactory(FrameworkFactory)
    control_id = factory.Sequence(lambda n: f"CTL-{n:02d}")
    oscal_id = factory.LazyAttribute(lambda c: c.control_id.lower())
    title = factory.Sequence(lambda n: f"Control {n}")
    kind = "control"
    order = factory.Sequence(lambda n: n)


class ControlResponsibilityFactory(factory.django.DjangoModelFactory):
    """A selected control; origination, role and rows are up to the test."""

    class Meta:
        model = "engagements.ControlResponsibility"
        skip_postgeneration_save = True

    engagement = factory.SubFactory(EngagementFactory)
    control = factory.SubFactory(ControlFactory)

    @factory.post_generation
    def implementing_rows(self, create, rows, **kwargs):
        if create and rows:
            self.implementing_rows.set(rows)
