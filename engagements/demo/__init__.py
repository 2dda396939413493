"""Demo data: three clients from the article's scenarios, built through the services.

Harbor Dental has no internal IT (fully managed: the superseded 2025 revision left the
MSP's NOC with over half the work; the signed 2026 renewal adds the SOC and the HIPAA
Security Rule, with the practice manager as security official); Northwind Logistics has a
small overwhelmed team (co-managed, in review, with warnings to discuss: one admin nobody
can stand in for); Cobalt Manufacturing has a mid-size team that needs security depth and
24/7 cover (co-managed draft, with real gaps and overlaps left in for the findings to show).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from engagements import services
from engagements.demo.cobalt import cobalt_csf_seed, cobalt_seed
from engagements.demo.common import catalogs_load, demo_user
from engagements.demo.harbor import harbor_seed
from engagements.demo.northwind import northwind_seed
from engagements.demo.people import directory_seed, invitation_seed
from engagements.doors import through
from engagements.models import Activity, Client, Door, MembershipKind

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

# The MSP and its clients as their contracts name them (the exhibit's parties).
MSP = ("Brightline Managed Services LLC", "400 Commerce Street, Suite 210\nHartford, CT 06103\nUSA")
LEGAL_NAMES = {
    "harbor-dental": ("Harbor Dental Group, P.C.", "US"),
    "northwind": ("Northwind Logistics Inc.", "US"),
    "cobalt": ("Cobalt Manufacturing GmbH", "DE"),
}


def seed_demo() -> bool:
    """Create the demo data; returns False (and changes nothing) when it is already there."""
    if Client.objects.filter(slug__in=[c[1] for c in CLIENTS]).exists():
        return False
    with through(Door.COMMAND), transaction.atomic():
        if not Activity.objects.exists():
            call_command("loaddata", "catalog", verbosity=0)
        catalogs_load()
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
        admin = demo_user("admin")
        services.msp_organisation_set(legal_name=MSP[0], address=MSP[1], by=admin)
        for name, slug, industry, employees, it, tz, am, cim in CLIENTS:
            client = services.client_create(
                name=name,
                slug=slug,
                industry=industry,
                employee_count=employees,
                internal_it_headcount=it,
                time_zone=tz,
                legal_name=LEGAL_NAMES[slug][0],
                country=LEGAL_NAMES[slug][1],
                by=admin,
            )
            services.membership_set(
                client=client, user=demo_user(am), kind=MembershipKind.ACCOUNT_MANAGER, by=admin
            )
            services.membership_set(
                client=client, user=demo_user(cim), kind=MembershipKind.CLIENT_IT_MANAGER, by=admin
            )
            directory_seed(client, demo_user(am))
        harbor_seed()
        northwind_seed()
        cobalt_seed()
        cobalt_csf_seed()
        assessments_seed()
        invitation_seed()
    return True


# Each client's answers to the model questionnaire, by who answered: the recommendation
# page shows why each client is on the model it is.
ASSESSMENTS = [
    # A practice with no IT staff, wanting a predictable bill and HIPAA-grade security.
    (
        "harbor-dental",
        "alex",
        {"it_team": "none", "wants_hands_off_cost": True, "needs_security_skills": True},
    ),
    # Two people keeping the lights on, firefighting, but wanting to keep control.
    (
        "northwind",
        "kim",
        {
            "it_team": "small_overwhelmed",
            "wants_full_control": True,
            "recurring_backlogs": True,
            "always_reactive": True,
        },
    ),
    # A seven-person team that needs depth and security skills, with projects stalling.
    (
        "cobalt",
        "jordan",
        {
            "it_team": "mid_needs_depth",
            "wants_full_control": True,
            "needs_security_skills": True,
            "stalled_projects": True,
        },
    ),
]


def assessments_seed():
    for slug, username, answers in ASSESSMENTS:
        services.assessment_save(
            client=Client.objects.get(slug=slug), by=demo_user(username), **answers
        )


def demo_summary() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    if not settings.RACI_REQUIRE_MFA:
        lines.append("  Two-factor sign-in is off (RACI_REQUIRE_MFA=0, the DEBUG default).")
    for username, what in LOGINS:
        lines.append(f"  {username:<8} {what}")
    return "\n".join(lines)
