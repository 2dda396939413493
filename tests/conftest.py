"""Shared fixtures: the catalog, two clients with their people, and template engagements.

"acme" is the client under test; "globex" is another client whose people must never see
acme's data (every endpoint and page is tested against globex's users).
"""

import pytest
from django.conf import settings
from django.core.management import call_command

from engagements import services
from engagements.models import MembershipKind, ServiceModel
from tests.factories import ClientFactory, MembershipFactory, UserFactory

pytest_plugins = [
    "tests.fixtures.analysis",
    "tests.fixtures.api",
    "tests.fixtures.compliance",
    "tests.fixtures.engagements",
    "tests.fixtures.oncall",
    "tests.fixtures.pages",
    "tests.fixtures.workbook",
]

# Real password hashing costs ~0.3 s a user; tests do not need it to be slow.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the activity catalog once per test database."""
    with django_db_blocker.unblock():
        call_command("loaddata", "catalog", verbosity=0)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _catalog_survives_flush(request, django_db_blocker):
    """Transactional tests (live server, real threads, backups) end with a flush that
    empties every table; put the catalog back for the tests that follow."""
    yield
    if _is_transactional(request):
        with django_db_blocker.unblock():
            call_command("loaddata", "catalog", verbosity=0)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def acme(db):
    return ClientFactory(name="Acme Logistics", slug="acme", time_zone="America/Chicago")


@pytest.fixture
def globex(db):
    return ClientFactory(name="Globex Corp", slug="globex", time_zone="Europe/London")


@pytest.fixture
def account_manager(acme):
    user = UserFactory(username="am", first_name="Alex", last_name="Morgan")
    MembershipFactory(user=user, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
    return user


@pytest.fixture
def client_it_manager(acme):
    user = UserFactory(username="itm", first_name="Kim", last_name="Osei")
    MembershipFactory(user=user, client=acme, kind=MembershipKind.CLIENT_IT_MANAGER)
    return user


@pytest.fixture
def other_account_manager(globex):
    user = UserFactory(username="other-am")
    MembershipFactory(user=user, client=globex, kind=MembershipKind.ACCOUNT_MANAGER)
    return user


@pytest.fixture
def other_client_it_manager(globex):
    user = UserFactory(username="other-itm")
    MembershipFactory(user=user, client=globex, kind=MembershipKind.CLIENT_IT_MANAGER)
    return user


@pytest.fixture
def co_managed(acme, account_manager):
    """A draft co-managed engagement for acme, built from the co-managed template."""
    return services.engagement_create(
        client=acme,
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=account_manager,
    )


@pytest.fixture
def fully_managed(acme, account_manager):
    return services.engagement_create(
        client=acme,
        title="Managed IT",
        service_model=ServiceModel.FULLY_MANAGED,
        by=account_manager,
    )


@pytest.fixture
def globex_engagement(globex, other_account_manager):
    return services.engagement_create(
        client=globex,
        title="Globex managed",
        service_model=ServiceModel.FULLY_MANAGED,
        by=other_account_manager,
    )
