"""Cobalt Manufacturing: co-managed draft for a mid-size team, with real gaps left in."""

import datetime

from engagements import services
from engagements.demo.common import cell_set, controls_apply, demo_user, row_of
from engagements.demo.people import people_name
from engagements.models import (
    Client,
    ServiceModel,
    Side,
    Window,
)


def cobalt_seed():
    """Co-managed draft for a mid-size team: security depth and 24/7 cover, not yet clean."""
    jordan = demo_user("jordan")
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
    cell_set(engagement, "security.incident-response", "Client IT manager", "C", jordan)
    # Overlap: two accountables for server patching.
    cell_set(engagement, "patching.servers", "MSP NOC", "AR", jordan)
    # Shared work with no written split.
    cell_set(engagement, "cloud.identity", "MSP SOC", "R", jordan)
    cell_set(engagement, "cloud.iaas", "Cloud hosting provider", "C", jordan)
    # Coverage gap: nobody watches alerts at weekends.
    services.coverage_set(
        engagement=engagement,
        row=row_of(engagement, "monitoring.respond-alerts"),
        window=Window.WEEKENDS_HOLIDAYS,
        role=None,
        by=jordan,
    )
    # No R at all on vulnerability scans.
    cell_set(engagement, "security.vulnerability-scans", "MSP SOC", "A", jordan)
    # Offsite copies drafted for the NOC alone: nobody at Cobalt would hear about them.
    cell_set(engagement, "backup-dr.offsite-copies", "Client IT manager", "", jordan)
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
    people_name(engagement, jordan)
    services.comment_add(
        engagement=engagement,
        by=jordan,
        row=row_of(engagement, "security.incident-response"),
        body="Waiting on Lee to confirm who owns incident response on the plant floor.",
    )


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


def cobalt_csf_seed():
    """Cobalt starts mapping NIST CSF 2.0: a few subcategories, not all of them settled."""
    engagement = Client.objects.get(slug="cobalt").engagements.get()
    controls_apply(engagement, "nist-csf-2-0", COBALT_CSF, demo_user("jordan"))
