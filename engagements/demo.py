"""Demo data: three clients from the article's scenarios, built through the services.

Harbor Dental has no internal IT (fully managed, signed off, with an earlier superseded
revision; the renewal leans hard on the MSP's NOC and keeps one chore with the practice
manager); Northwind Logistics has a small overwhelmed team (co-managed, in review, with
warnings to discuss: one admin nobody can stand in for); Cobalt Manufacturing has a
mid-size team that needs security depth and 24/7 cover (co-managed draft, with real gaps
and overlaps left in for the findings to show).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from . import services
from .audit import through
from .models import (
    Activity,
    Client,
    Coverage,
    Door,
    MatrixRow,
    MembershipKind,
    Role,
    ServiceModel,
    Side,
    Tool,
    Window,
)

DEMO_PASSWORD = "raci-demo-2026"

USERS = [
    # username, first, last, email, superuser
    ("admin", "Ada", "Admin", "admin@msp.example", True),
    ("alex", "Alex", "Morgan", "alex@msp.example", False),
    ("jordan", "Jordan", "Reyes", "jordan@msp.example", False),
    ("pat", "Pat", "Lindqvist", "pat@harbordental.example", False),
    ("kim", "Kim", "Osei", "kim@northwind.example", False),
    ("lee", "Lee", "Nakamura", "lee@cobalt.example", False),
]

CLIENTS = [
    # name, slug, industry, employees, internal IT, tz, account manager, client IT manager
    (
        "Harbor Dental Group",
        "harbor-dental",
        "Healthcare (dental clinics)",
        45,
        0,
        "America/New_York",
        "alex",
        "pat",
    ),
    (
        "Northwind Logistics",
        "northwind",
        "Logistics and warehousing",
        180,
        2,
        "America/Chicago",
        "alex",
        "kim",
    ),
    ("Cobalt Manufacturing", "cobalt", "Manufacturing", 650, 7, "Europe/Berlin", "jordan", "lee"),
]

LOGINS = [
    ("alex", "account manager for Harbor Dental and Northwind Logistics"),
    ("jordan", "account manager for Cobalt Manufacturing"),
    ("pat", "client IT manager at Harbor Dental (fully managed, signed off)"),
    ("kim", "client IT manager at Northwind Logistics (co-managed, in review)"),
    ("lee", "client IT manager at Cobalt Manufacturing (co-managed draft with gaps)"),
    ("admin", "superuser: sees everything, and the admin at /admin/"),
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _row(engagement, code):
    return MatrixRow.objects.get(engagement=engagement, activity__code=code)


def _role(engagement, name):
    return Role.objects.get(engagement=engagement, name=name)


def _set(engagement, code, role_name, letters, by):
    services.assignment_set(
        engagement=engagement,
        row=_row(engagement, code),
        role=_role(engagement, role_name),
        letters=letters,
        by=by,
    )


def seed_demo() -> bool:
    """Create the demo data; returns False (and changes nothing) when it is already there."""
    if Client.objects.filter(slug__in=[c[1] for c in CLIENTS]).exists():
        return False
    with through(Door.COMMAND), transaction.atomic():
        if not Activity.objects.exists():
            call_command("loaddata", "catalog", verbosity=0)
        User = get_user_model()
        for username, first, last, email, superuser in USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                is_superuser=superuser,
                is_staff=superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        admin = _user("admin")
        for name, slug, industry, employees, it, tz, am, cim in CLIENTS:
            client = services.client_create(
                name=name,
                slug=slug,
                industry=industry,
                employee_count=employees,
                internal_it_headcount=it,
                time_zone=tz,
                by=admin,
            )
            services.membership_set(
                client=client, user=_user(am), kind=MembershipKind.ACCOUNT_MANAGER, by=admin
            )
            services.membership_set(
                client=client, user=_user(cim), kind=MembershipKind.CLIENT_IT_MANAGER, by=admin
            )
        _harbor()
        _northwind()
        _cobalt()
    return True


def _harbor():
    """Fully managed, no internal IT: revision 1 signed off and superseded, revision 2 signed."""
    alex, pat = _user("alex"), _user("pat")
    client = Client.objects.get(slug="harbor-dental")
    first = services.engagement_create(
        client=client,
        title="Managed IT services",
        service_model=ServiceModel.FULLY_MANAGED,
        by=alex,
        effective_from=datetime.date(2025, 1, 1),
        effective_to=datetime.date(2025, 12, 31),
        business_days="12345",
        business_start=datetime.time(7, 30),
        business_end=datetime.time(18, 0),
    )
    services.engagement_submit(engagement=first, by=alex)
    services.engagement_approve(engagement=first, by=pat, note="Matches the signed proposal.")
    second = services.engagement_revise(
        engagement=first,
        by=alex,
        note="2026 renewal: Saturday clinic hours, imaging server, security run by the NOC.",
    )
    services.engagement_update(
        engagement=second,
        by=alex,
        business_days="123456",
        effective_from=datetime.date(2026, 1, 1),
        effective_to=datetime.date(2026, 12, 31),
    )
    services.tool_add(
        engagement=second,
        name="Dental imaging server backup agent",
        category="Backup",
        owner_side=Side.MSP,
        licence_holder_side=Side.INTERNAL,
        administered_by=_role(second, "MSP NOC"),
        exit_fate="transfers_to_client",
        notes="Licence bought by the clinic through the imaging vendor.",
        by=alex,
    )
    _set(second, "security.awareness", "Client executive sponsor", "C", alex)
    _harbor_without_soc(second, alex)
    # The practice manager keeps ordering clinical hardware through the dental supplier:
    # client staff doing IT work in a fully managed engagement, written down and covered.
    sponsor = _role(second, "Client executive sponsor")
    services.role_update(
        role=sponsor, by=alex, person_name="Pat Lindqvist", absence_backup=_role(second, "MSP vCIO")
    )
    _set(second, "vendors.hardware-procurement", "Client executive sponsor", "R", alex)
    services.row_update(
        row=_row(second, "vendors.hardware-procurement"),
        by=alex,
        split_note="The practice manager orders chairside and imaging hardware through the "
        "dental supplier; the vCIO specifies it and orders all other IT hardware.",
    )
    services.engagement_submit(engagement=second, by=alex)
    services.engagement_approve(engagement=second, by=pat, note="Approved for 2026.")


# Harbor's 2026 plan has no separate SOC: the NOC runs the security tools, and the vCIO
# the awareness training. (activity, role, letters)
HARBOR_SECURITY_TO_NOC = [
    ("security.edr", "MSP NOC", "AR"),
    ("security.firewall", "MSP NOC", "AR"),
    ("security.email", "MSP NOC", "AR"),
    ("security.soc-monitoring", "MSP NOC", "AR"),
    ("security.incident-response", "MSP NOC", "AR"),
    ("security.awareness", "MSP vCIO", "AR"),
    ("security.vulnerability-scans", "MSP NOC", "AR"),
    ("patching.firmware", "MSP vCIO", "I"),
    ("compliance.risk-assessment", "MSP NOC", "R"),
    ("compliance.access-reviews", "MSP NOC", "R"),
    ("compliance.audit-evidence", "MSP NOC", "R"),
]


def _harbor_without_soc(engagement, by):
    """Drop the SOC from Harbor's renewal and hand its duties and hours to the NOC."""
    noc = _role(engagement, "MSP NOC")
    soc = _role(engagement, "MSP SOC")
    covered = [
        (entry.row, entry.window)
        for entry in Coverage.objects.filter(role=soc).select_related("row")
    ]
    services.role_remove(role=soc, by=by)
    services.matrix_cells_set(
        engagement=engagement,
        changes=[
            services.CellChange(
                row=_row(engagement, code), role=_role(engagement, name), letters=letters
            )
            for code, name, letters in HARBOR_SECURITY_TO_NOC
        ],
        by=by,
    )
    for row, window in covered:
        services.coverage_set(engagement=engagement, row=row, window=window, role=noc, by=by)
    for tool in Tool.objects.filter(engagement=engagement, administered_by__isnull=True):
        services.tool_update(tool=tool, by=by, administered_by=noc)


def _northwind():
    """Co-managed, a small overwhelmed team of two; in review with warnings to discuss."""
    alex, kim = _user("alex"), _user("kim")
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
    sysadmin = _role(engagement, "Internal systems administrator")
    # The one sysadmin is a named person with no backup: a single point of failure.
    services.role_update(role=sysadmin, by=alex, person_name="Chris Olsen", absence_backup=None)
    services.role_update(
        role=_role(engagement, "Client IT manager"), by=alex, person_name="Kim Osei"
    )
    # Chris alone holds the tenant admin rights: nobody is named to step in for him.
    services.coverage_set(
        engagement=engagement,
        row=_row(engagement, "cloud.tenant-admin"),
        window=Window.ABSENCE_BACKUP,
        role=None,
        by=alex,
    )
    # The small team is overwhelmed: everyone picks up tier-1 calls.
    _set(engagement, "helpdesk.tier1", "Client IT manager", "AR", alex)
    _set(engagement, "helpdesk.tier1", "Internal systems administrator", "R", alex)
    services.engagement_submit(engagement=engagement, by=alex)
    services.comment_add(
        engagement=engagement,
        by=kim,
        row=_row(engagement, "cloud.tenant-admin"),
        body="Chris is our only admin. Can the NOC take tenant admin when he is out?",
    )
    services.comment_add(
        engagement=engagement,
        by=alex,
        row=_row(engagement, "cloud.tenant-admin"),
        body="Yes: we propose MSP NOC as Chris's absence backup in the next draft.",
    )


def _cobalt():
    """Co-managed draft for a mid-size team: security depth and 24/7 cover, not yet clean."""
    jordan = _user("jordan")
    client = Client.objects.get(slug="cobalt")
    engagement = services.engagement_create(
        client=client,
        title="Security and 24/7 operations",
        by=jordan,
        service_model=ServiceModel.CO_MANAGED,
        effective_from=datetime.date(2026, 4, 1),
        business_days="12345",
        business_start=datetime.time(6, 0),
        business_end=datetime.time(18, 0),
    )
    hosting = services.role_add(
        engagement=engagement, name="Cloud hosting provider", side=Side.VENDOR, by=jordan
    )
    # Gap: nobody accountable for incident response.
    _set(engagement, "security.incident-response", "Client IT manager", "C", jordan)
    # Overlap: two accountables for server patching.
    _set(engagement, "patching.servers", "MSP NOC", "AR", jordan)
    # Shared work with no written split.
    _set(engagement, "cloud.identity", "MSP SOC", "R", jordan)
    _set(engagement, "cloud.iaas", "Cloud hosting provider", "C", jordan)
    # Coverage gap: nobody watches alerts at weekends.
    services.coverage_set(
        engagement=engagement,
        row=_row(engagement, "monitoring.respond-alerts"),
        window=Window.WEEKENDS_HOLIDAYS,
        role=None,
        by=jordan,
    )
    # No R at all on vulnerability scans.
    _set(engagement, "security.vulnerability-scans", "MSP SOC", "A", jordan)
    # Offsite copies drafted for the NOC alone: nobody at Cobalt would hear about them.
    _set(engagement, "backup-dr.offsite-copies", "Client IT manager", "", jordan)
    # Tools with open questions.
    services.tool_add(
        engagement=engagement,
        name="Legacy VPN appliance",
        category="Remote access",
        by=jordan,
        administered_by=hosting,
    )
    services.tool_add(
        engagement=engagement,
        name="Password manager",
        category="Security",
        owner_side=Side.MSP,
        licence_holder_side=Side.MSP,
        by=jordan,
    )
    services.comment_add(
        engagement=engagement,
        by=jordan,
        row=_row(engagement, "security.incident-response"),
        body="Waiting on Lee to confirm who owns incident response on the plant floor.",
    )


def demo_summary() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for username, what in LOGINS:
        lines.append(f"  {username:<8} {what}")
    return "\n".join(lines)
