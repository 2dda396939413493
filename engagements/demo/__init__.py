"""Demo data: three clients from the article's scenarios, built through the services.

Harbor Dental has no internal IT (fully managed: the superseded 2025 revision left the
MSP's NOC with over half the work; the signed 2026 renewal adds the SOC and the HIPAA
Security Rule, with the practice manager as security official); Northwind Logistics has a
small overwhelmed team (co-managed, in review, with warnings to discuss: one admin nobody
can stand in for); Cobalt Manufacturing has a mid-size team that needs security depth and
24/7 cover (co-managed draft, with real gaps and overlaps left in for the findings to show).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from engagements import services
from engagements.doors import through
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import (
    Activity,
    Client,
    Control,
    Coverage,
    Domain,
    Door,
    MatrixRow,
    MembershipKind,
    Role,
    ServiceModel,
    Side,
    Tool,
    Window,
)
from engagements.models.choices import WINDOWS_NEEDED
from engagements.reference.templates import get_template

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
        _compliance_catalogs()
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
        _cobalt_csf()
        _assessments()
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


def _assessments():
    for slug, username, answers in ASSESSMENTS:
        services.assessment_save(
            client=Client.objects.get(slug=slug), by=_user(username), **answers
        )


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
    # The first year's plan had no separate SOC: the NOC ran the security tools too.
    _harbor_without_soc(first, alex)
    services.engagement_submit(engagement=first, by=alex)
    services.engagement_approve(engagement=first, by=pat, note="Matches the signed proposal.")
    second = services.engagement_revise(
        engagement=first,
        by=alex,
        note="2026 renewal: Saturday clinic hours, imaging server, HIPAA, and the MSP's SOC.",
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
    _harbor_adds_soc(second, alex)
    # The practice manager is the HIPAA security official (below); the vCIO stands in for
    # her when she is away.
    services.role_update(
        role=_role(second, "Client executive sponsor"),
        by=alex,
        person_name="Pat Lindqvist",
        absence_backup=_role(second, "MSP vCIO"),
    )
    _harbor_hipaa(second, alex)
    services.engagement_submit(engagement=second, by=alex)
    services.engagement_approve(engagement=second, by=pat, note="Approved for 2026.")


# Harbor's 2025 plan had no separate SOC: the NOC ran the security tools and the vCIO the
# awareness training. (activity, role, letters)
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
    """Drop the SOC from Harbor's first plan and hand its duties and hours to the NOC."""
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


def _harbor_adds_soc(engagement, by):
    """The renewal brings the MSP's SOC in: the duties the NOC covered go back to the way
    the fully managed template shares them."""
    template = get_template(ServiceModel.FULLY_MANAGED)
    soc = services.role_add(engagement=engagement, name="MSP SOC", side=Side.MSP, by=by)
    roles = list(Role.objects.filter(engagement=engagement))
    codes = sorted({code for code, _, _ in HARBOR_SECURITY_TO_NOC})
    services.matrix_cells_set(
        engagement=engagement,
        changes=[
            services.CellChange(
                row=_row(engagement, code),
                role=role,
                letters=template.cells[code].get(role.name, ""),
            )
            for code in codes
            for role in roles
        ],
        by=by,
    )
    for code in codes:
        row = _row(engagement, code)
        windows = WINDOWS_NEEDED[row.activity.default_coverage]
        for window, name in template.coverage_for(code, row.activity.domain.code, windows).items():
            services.coverage_set(
                engagement=engagement, row=row, window=window, role=_role(engagement, name), by=by
            )
    services.tool_update(
        tool=Tool.objects.get(engagement=engagement, name="Endpoint detection and response"),
        by=by,
        administered_by=soc,
    )


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


# -- compliance ------------------------------------------------------------------------------

# Harbor Dental's HIPAA Security Rule responsibilities for 2026: (control, origination,
# responsible role, implementing activities, text). The text is the split for a shared
# control, the MSP's part for an MSP one, the practice's part for an internal one.
# "own:official" and "own:premises" are the two duties the practice keeps (custom activities).
HARBOR_HIPAA = [
    (
        "164.308(a)(1)(ii)(A)",
        "shared",
        "MSP vCIO",
        ["compliance.risk-assessment", "own:official"],
        "The vCIO and SOC run the annual risk analysis of every system holding ePHI; the "
        "security official confirms the list of clinics, devices and vendors and accepts the "
        "report.",
    ),
    (
        "164.308(a)(1)(ii)(B)",
        "shared",
        "MSP vCIO",
        ["compliance.policies", "own:official"],
        "The MSP carries out the agreed risk treatment on the systems it runs; the practice "
        "funds it and accepts the remaining risks in writing.",
    ),
    (
        "164.308(a)(1)(ii)(C)",
        "internal",
        "Client executive sponsor",
        ["own:official"],
        "The practice applies its sanction policy to staff who break the security policies; the "
        "MSP reports the violations it sees.",
    ),
    (
        "164.308(a)(1)(ii)(D)",
        "msp",
        "MSP SOC",
        ["security.soc-monitoring"],
        "The SOC reviews audit logs and access reports daily and escalates anything unusual.",
    ),
    (
        "164.308(a)(2)",
        "internal",
        "Client executive sponsor",
        ["own:official"],
        "The executive sponsor is the practice's named HIPAA security official.",
    ),
    (
        "164.308(a)(3)(ii)(A)",
        "shared",
        "MSP service desk",
        ["helpdesk.joiners-leavers", "own:official"],
        "The practice decides who may work with patient records; the service desk grants only "
        "the access the practice approved.",
    ),
    (
        "164.308(a)(3)(ii)(B)",
        "internal",
        "Client executive sponsor",
        ["own:official"],
        "The practice checks new staff before it asks for their access.",
    ),
    (
        "164.308(a)(3)(ii)(C)",
        "msp",
        "MSP service desk",
        ["helpdesk.joiners-leavers"],
        "The service desk disables a leaver's accounts the day the practice reports it.",
    ),
    (
        "164.308(a)(4)(ii)(A)",
        "not_applicable",
        None,
        [],
        "The practice is not a health care clearinghouse.",
    ),
    (
        "164.308(a)(4)(ii)(B)",
        "shared",
        "MSP service desk",
        ["helpdesk.joiners-leavers", "own:official"],
        "The security official approves each access request; the service desk grants exactly "
        "what was approved.",
    ),
    (
        "164.308(a)(4)(ii)(C)",
        "msp",
        "MSP NOC",
        ["tools.admin-access", "compliance.access-reviews"],
        "The MSP sets up, changes and reviews access rights and sends the quarterly access "
        "review to the security official.",
    ),
    (
        "164.308(a)(5)(ii)(A)",
        "msp",
        "MSP SOC",
        ["security.awareness"],
        "Monthly security reminders and a yearly training for all staff.",
    ),
    (
        "164.308(a)(5)(ii)(B)",
        "msp",
        "MSP SOC",
        ["security.edr", "security.email"],
        "Endpoint protection and email filtering on every device and mailbox.",
    ),
    (
        "164.308(a)(5)(ii)(C)",
        "msp",
        "MSP SOC",
        ["security.soc-monitoring"],
        "The SOC watches failed and unusual log-ins and reports them.",
    ),
    (
        "164.308(a)(5)(ii)(D)",
        "msp",
        "MSP NOC",
        ["cloud.identity"],
        "Password and multi-factor policies enforced in the tenant.",
    ),
    (
        "164.308(a)(6)(ii)",
        "msp",
        "MSP SOC",
        ["security.incident-response"],
        "The SOC leads the response to security incidents and documents each one.",
    ),
    (
        "164.308(a)(7)(ii)(A)",
        "msp",
        "MSP NOC",
        ["backup-dr.monitor-jobs", "backup-dr.offsite-copies"],
        "Nightly backups of the practice-management and imaging servers, with immutable "
        "offsite copies.",
    ),
    (
        "164.308(a)(7)(ii)(B)",
        "msp",
        "MSP vCIO",
        ["backup-dr.dr-plan", "backup-dr.execute-recovery"],
        "The vCIO keeps the disaster recovery plan; the NOC executes it.",
    ),
    (
        "164.308(a)(7)(ii)(C)",
        "shared",
        "MSP vCIO",
        ["backup-dr.dr-plan", "own:official"],
        "The MSP keeps systems and remote access running in emergency mode; the practice "
        "decides how the clinics keep seeing patients (paper charts, which sites open).",
    ),
    (
        "164.308(a)(7)(ii)(D)",
        "msp",
        "MSP NOC",
        ["backup-dr.restore-tests"],
        "Quarterly restore tests and a yearly review of the contingency plan.",
    ),
    (
        "164.308(a)(7)(ii)(E)",
        "shared",
        "MSP vCIO",
        ["backup-dr.dr-plan", "own:official"],
        "The vCIO lists the applications and data; the practice ranks them by clinical impact.",
    ),
    (
        "164.308(a)(8)",
        "msp",
        "MSP vCIO",
        ["compliance.audit-evidence", "strategy.business-review"],
        "A yearly technical and non-technical evaluation against the Security Rule.",
    ),
    (
        "164.308(b)(3)",
        "internal",
        "Client executive sponsor",
        ["own:official"],
        "The practice keeps signed business associate agreements with the MSP and every "
        "vendor that handles ePHI.",
    ),
    (
        "164.310(a)(2)(i)",
        "shared",
        "MSP vCIO",
        ["backup-dr.execute-recovery", "own:premises"],
        "The MSP restores data; the practice lets its engineers into the clinics during an "
        "emergency.",
    ),
    (
        "164.310(a)(2)(ii)",
        "internal",
        "Client executive sponsor",
        ["own:premises"],
        "The practice keeps its facility security plan for the clinics and the server closet.",
    ),
    (
        "164.310(a)(2)(iii)",
        "internal",
        "Client executive sponsor",
        ["own:premises"],
        "The practice controls who enters the server closet and signs in visitors.",
    ),
    (
        "164.310(a)(2)(iv)",
        "internal",
        "Client executive sponsor",
        ["own:premises"],
        "The practice logs repairs to locks, doors and alarms.",
    ),
    (
        "164.310(b)",
        "shared",
        "MSP service desk",
        ["helpdesk.tier1", "own:premises"],
        "The practice decides where and how workstations are used at the front desk and in "
        "the operatories; the MSP configures screen privacy and lock settings.",
    ),
    (
        "164.310(c)",
        "shared",
        "MSP NOC",
        ["security.edr", "own:premises"],
        "The practice places workstations out of patients' view and locks the rooms; the MSP "
        "enforces screen locks and disk encryption.",
    ),
    (
        "164.310(d)(2)(i)",
        "msp",
        "MSP vCIO",
        ["strategy.lifecycle"],
        "Retired drives are wiped or destroyed, with a certificate of destruction.",
    ),
    (
        "164.310(d)(2)(ii)",
        "msp",
        "MSP vCIO",
        ["strategy.lifecycle"],
        "Devices are wiped before they are re-issued.",
    ),
    (
        "164.310(d)(2)(iii)",
        "msp",
        "MSP vCIO",
        ["vendors.hardware-procurement", "strategy.lifecycle"],
        "The asset register records every move of hardware and media and who carried it.",
    ),
    (
        "164.310(d)(2)(iv)",
        "msp",
        "MSP NOC",
        ["backup-dr.monitor-jobs"],
        "A verified backup is taken before any server or workstation is moved.",
    ),
    (
        "164.312(a)(2)(i)",
        "msp",
        "MSP NOC",
        ["cloud.identity", "helpdesk.joiners-leavers"],
        "One named account per person; no shared log-ins at the front desk.",
    ),
    (
        "164.312(a)(2)(ii)",
        "msp",
        "MSP NOC",
        ["sick-leave-cover.break-glass"],
        "Break-glass accounts for the practice-management system, tested twice a year.",
    ),
    (
        "164.312(a)(2)(iii)",
        "msp",
        "MSP NOC",
        ["cloud.identity"],
        "Sessions lock after 10 minutes and sign out after 8 hours.",
    ),
    (
        "164.312(a)(2)(iv)",
        "msp",
        "MSP SOC",
        ["security.edr"],
        "Disk encryption on every workstation, laptop and server.",
    ),
    (
        "164.312(b)",
        "msp",
        "MSP SOC",
        ["security.soc-monitoring"],
        "Audit logging on servers and the tenant, kept for six years.",
    ),
    (
        "164.312(c)(2)",
        "inherited",
        None,
        [],
        "The cloud practice-management system checksums and versions patient records.",
    ),
    (
        "164.312(d)",
        "msp",
        "MSP NOC",
        ["cloud.identity"],
        "Multi-factor authentication for every account that reaches ePHI.",
    ),
    (
        "164.312(e)(2)(i)",
        "msp",
        "MSP SOC",
        ["security.firewall", "security.email"],
        "TLS on every connection carrying ePHI; tampering is detected and alerted.",
    ),
    (
        "164.312(e)(2)(ii)",
        "msp",
        "MSP SOC",
        ["security.email", "security.firewall"],
        "Encrypted email for messages with patient data; VPN between the clinics.",
    ),
]
HARBOR_VENDOR = "Cloud practice-management software vendor"

# Cobalt's first CSF 2.0 subcategories, left unfinished on purpose: RS.MA-01 has no owner
# (GAP_CONTROL_OWNER), PR.AA-01 is shared with no written split (OVERLAP_CONTROL_UNSPLIT),
# and ID.RA-01 relies on the SOC, which holds no R on vulnerability scans
# (GAP_CONTROL_UNIMPLEMENTED).
COBALT_CSF = [
    (
        "GV.RR-02",
        "internal",
        "Client IT manager",
        ["vendors.msp-relationship"],
        "This responsibility matrix, signed by both sides, is the record.",
    ),
    (
        "ID.AM-01",
        "msp",
        "MSP NOC",
        ["tools.rmm"],
        "The RMM keeps the hardware inventory; the NOC sends a monthly export.",
    ),
    (
        "ID.RA-01",
        "msp",
        "MSP SOC",
        ["security.vulnerability-scans"],
        "Weekly authenticated vulnerability scans of servers and the plant network.",
    ),
    ("PR.AA-01", "shared", "Internal systems administrator", ["cloud.identity"], ""),
    (
        "PR.PS-02",
        "msp",
        "MSP NOC",
        ["patching.servers", "patching.third-party"],
        "Servers and third-party software are patched in the agreed windows.",
    ),
    (
        "PR.IR-02",
        "inherited",
        "Cloud hosting provider",
        [],
        "Power, cooling and fire protection of the hosted servers.",
    ),
    (
        "DE.CM-01",
        "msp",
        "MSP SOC",
        ["security.soc-monitoring", "monitoring.network-isp"],
        "Network and internet links are monitored around the clock.",
    ),
    ("RS.MA-01", "", None, ["security.incident-response"], ""),
    (
        "RC.RP-01",
        "shared",
        "MSP NOC",
        ["backup-dr.execute-recovery"],
        "The NOC restores servers and cloud workloads; the systems administrator restores "
        "plant-floor systems and confirms production can restart.",
    ),
]


def _compliance_catalogs():
    """Load the CSF 2.0 and HIPAA catalogs the demo uses (a second load changes nothing)."""
    for key in ("csf", "hipaa"):
        services.catalog_load(catalog=parse_catalog(BUNDLED[key]))


def _apply_controls(engagement, framework_code, table, by, vendor="", own_rows=None):
    own_rows = own_rows or {}
    controls = {
        c.control_id: c
        for c in Control.objects.filter(
            framework__code=framework_code, control_id__in=[entry[0] for entry in table]
        )
    }
    selected = services.controls_select(
        engagement=engagement, by=by, controls=[controls[entry[0]] for entry in table]
    )
    by_control = {resp.control.control_id: resp for resp in selected}
    for control_id, origination, role_name, activities, text in table:
        fields = {
            "origination": origination,
            "responsible_role": _role(engagement, role_name) if role_name else None,
            "implementing_rows": [
                own_rows[code] if code in own_rows else _row(engagement, code)
                for code in activities
            ],
        }
        if origination == "shared":
            fields["split_description"] = text
        elif origination in ("msp", "inherited"):
            fields["msp_responsibility"] = text
        else:
            fields["customer_responsibility"] = text
        if origination == "inherited":
            fields["vendor_name"] = vendor or role_name
        services.control_responsibility_update(
            responsibility=by_control[control_id], by=by, **fields
        )


def _harbor_hipaa(engagement, by):
    """The 2026 renewal adds the HIPAA Security Rule: who provides each safeguard."""
    official = services.activity_create_custom(
        engagement=engagement,
        domain=Domain.objects.get(code="compliance"),
        name="Act as the practice's HIPAA security official",
        description="Named security official: approves access, applies sanctions, keeps BAAs.",
        by=by,
    )
    premises = services.activity_create_custom(
        engagement=engagement,
        domain=Domain.objects.get(code="security"),
        name="Secure the clinic premises and workstation areas",
        description="Locks, visitor sign-in, server closet, where screens face.",
        by=by,
    )
    for row in (official, premises):
        _set(engagement, row.activity.code, "Client executive sponsor", "AR", by)
        _set(engagement, row.activity.code, "MSP vCIO", "C", by)
        services.coverage_set(
            engagement=engagement,
            row=row,
            window=Window.BUSINESS_HOURS,
            role=_role(engagement, "Client executive sponsor"),
            by=by,
        )
    _apply_controls(
        engagement,
        "hipaa-security-rule",
        HARBOR_HIPAA,
        by,
        vendor=HARBOR_VENDOR,
        own_rows={"own:official": official, "own:premises": premises},
    )


def _cobalt_csf():
    """Cobalt starts mapping NIST CSF 2.0: a few subcategories, not all of them settled."""
    engagement = Client.objects.get(slug="cobalt").engagements.get()
    _apply_controls(engagement, "nist-csf-2-0", COBALT_CSF, _user("jordan"))
