"""Harbor Dental Group: fully managed, no internal IT; the 2025 plan superseded by the
signed 2026 renewal, which adds the SOC and the HIPAA Security Rule."""

import datetime

from engagements import services
from engagements.demo.common import cell_set, controls_apply, demo_user, role_of, row_of
from engagements.demo.harbor_hipaa import HARBOR_HIPAA
from engagements.demo.people import people_name
from engagements.models import (
    Client,
    Coverage,
    Domain,
    Role,
    ServiceModel,
    Side,
    Tool,
    Window,
)
from engagements.models.choices import WINDOWS_NEEDED
from engagements.reference.templates import get_template


def harbor_seed():
    """Fully managed, no internal IT: revision 1 signed off and superseded, revision 2 signed."""
    alex, pat = demo_user("alex"), demo_user("pat")
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
        agreement_reference="MSA-2024-0117, SOW 2025-01",
        exhibit_label="Exhibit B",
    )
    # The first year's plan had no separate SOC: the NOC ran the security tools too.
    _harbor_without_soc(first, alex)
    # In 2025 nobody was named as the practice's sponsor yet (see the 2026 renewal).
    people_name(first, alex, leave=("Client executive sponsor",))
    services.engagement_submit(engagement=first, by=alex)
    services.engagement_approve(
        engagement=first,
        by=pat,
        signer_name="Pat Lindqvist",
        signer_title="Practice Manager",
        note="Matches the signed proposal.",
    )
    second = services.engagement_revise(
        engagement=first,
        by=alex,
        note="2026 renewal: Saturday clinic hours, imaging server, HIPAA, and the MSP's SOC.",
    )
    services.engagement_update(
        engagement=second,
        by=alex,
        business_days="123456",
        agreement_reference="MSA-2024-0117, SOW 2026-01",
        effective_from=datetime.date(2026, 1, 1),
        effective_to=datetime.date(2026, 12, 31),
    )
    services.tool_add(
        engagement=second,
        name="Dental imaging server backup agent",
        category="Backup",
        owner_side=Side.MSP,
        licence_holder_side=Side.INTERNAL,
        administered_by=role_of(second, "MSP NOC"),
        exit_fate="transfers_to_client",
        notes="Licence bought by the clinic through the imaging vendor.",
        by=alex,
    )
    cell_set(second, "security.awareness", "Client executive sponsor", "C", alex)
    _harbor_adds_soc(second, alex)
    # The practice manager is the HIPAA security official (below); the vCIO stands in for
    # her when she is away.
    services.role_update(
        role=role_of(second, "Client executive sponsor"),
        by=alex,
        person_name="Pat Lindqvist",
        absence_backup=role_of(second, "MSP vCIO"),
    )
    _harbor_hipaa(second, alex)
    people_name(second, alex)
    services.engagement_submit(engagement=second, by=alex)
    services.engagement_approve(
        engagement=second,
        by=pat,
        signer_name="Pat Lindqvist",
        signer_title="Practice Manager",
        note="Approved for 2026.",
    )


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
    noc = role_of(engagement, "MSP NOC")
    soc = role_of(engagement, "MSP SOC")
    covered = [
        (entry.row, entry.window)
        for entry in Coverage.objects.filter(role=soc).select_related("row")
    ]
    services.role_remove(role=soc, by=by)
    services.matrix_cells_set(
        engagement=engagement,
        changes=[
            services.CellChange(
                row=row_of(engagement, code), role=role_of(engagement, name), letters=letters
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
                row=row_of(engagement, code),
                role=role,
                letters=template.cells[code].get(role.name, ""),
            )
            for code in codes
            for role in roles
        ],
        by=by,
    )
    for code in codes:
        row = row_of(engagement, code)
        windows = WINDOWS_NEEDED[row.activity.default_coverage]
        for window, name in template.coverage_for(code, row.activity.domain.code, windows).items():
            services.coverage_set(
                engagement=engagement, row=row, window=window, role=role_of(engagement, name), by=by
            )
    services.tool_update(
        tool=Tool.objects.get(engagement=engagement, name="Endpoint detection and response"),
        by=by,
        administered_by=soc,
    )


HARBOR_VENDOR = "Cloud practice-management software vendor"


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
        cell_set(engagement, row.activity.code, "Client executive sponsor", "AR", by)
        cell_set(engagement, row.activity.code, "MSP vCIO", "C", by)
        services.coverage_set(
            engagement=engagement,
            row=row,
            window=Window.BUSINESS_HOURS,
            role=role_of(engagement, "Client executive sponsor"),
            by=by,
        )
    controls_apply(
        engagement,
        "hipaa-security-rule",
        HARBOR_HIPAA,
        by,
        vendor=HARBOR_VENDOR,
        own_rows={"own:official": official, "own:premises": premises},
    )
