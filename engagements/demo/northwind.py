"""Northwind Logistics: co-managed, a small overwhelmed team of two, in review."""

import datetime

from engagements import services
from engagements.demo.common import cell_set, demo_user, role_of, row_of
from engagements.demo.people import people_name
from engagements.models import (
    Client,
    ServiceModel,
    Window,
)


def northwind_seed():
    """Co-managed, a small overwhelmed team of two; in review with warnings to discuss."""
    alex, kim = demo_user("alex"), demo_user("kim")
    client = Client.objects.get(slug="northwind")
    engagement = services.engagement_create(
        client=client,
        title="Co-managed IT support",
        service_model=ServiceModel.CO_MANAGED,
        by=alex,
        effective_from=datetime.date(2026, 2, 1),
        business_days="12345",
        business_start=datetime.time(7, 0),
        business_end=datetime.time(16, 0),
    )
    sysadmin = role_of(engagement, "Internal systems administrator")
    # The one sysadmin is a named person with no backup: a single point of failure.
    services.role_update(role=sysadmin, by=alex, person_name="Chris Olsen", absence_backup=None)
    services.role_update(
        role=role_of(engagement, "Client IT manager"), by=alex, person_name="Kim Osei"
    )
    # Chris alone holds the tenant admin rights: nobody is named to step in for him.
    services.coverage_set(
        engagement=engagement,
        row=row_of(engagement, "cloud.tenant-admin"),
        window=Window.ABSENCE_BACKUP,
        role=None,
        by=alex,
    )
    # The small team is overwhelmed: everyone picks up tier-1 calls.
    cell_set(engagement, "helpdesk.tier1", "Client IT manager", "AR", alex)
    cell_set(engagement, "helpdesk.tier1", "Internal systems administrator", "R", alex)
    people_name(engagement, alex)
    services.engagement_submit(engagement=engagement, by=alex)
    services.comment_add(
        engagement=engagement,
        by=kim,
        row=row_of(engagement, "cloud.tenant-admin"),
        body="Chris is our only admin. Can the NOC take tenant admin when he is out?",
    )
    services.comment_add(
        engagement=engagement,
        by=alex,
        row=row_of(engagement, "cloud.tenant-admin"),
        body="Yes: we propose MSP NOC as Chris's absence backup in the next draft.",
    )
