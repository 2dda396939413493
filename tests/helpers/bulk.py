"""Big engagements built straight into the database with bulk_create: a 500-activity
matrix in a handful of inserts instead of thousands of service calls."""

from itertools import count

from engagements.models import (
    Activity,
    Assignment,
    Coverage,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Tool,
    Window,
)

_serial = count(1)

ROLES = [
    ("Client IT manager", Side.INTERNAL),
    ("Internal systems administrator", Side.INTERNAL),
    ("MSP NOC", Side.MSP),
    ("MSP vCIO", Side.MSP),
    ("MSP service desk", Side.MSP),
    ("Cloud hosting provider", Side.VENDOR),
]

# Five kinds of row, repeated: (letters by role index, covered in business hours)
PATTERNS = [
    ({0: "A", 2: "R", 1: "I"}, True),  # clean
    ({2: "AR"}, False),  # silo, the client never hears, no cover
    ({0: "A", 3: "A", 1: "R"}, True),  # two Accountables
    ({0: "A", 1: "R", 2: "R"}, True),  # shared with no split note
    ({}, False),  # nobody at all
]


def activities(n: int) -> list[Activity]:
    """n catalog-style activities in a domain of their own."""
    serial = next(_serial)
    domain = Domain.objects.create(code=f"bulk-{serial}", name=f"Bulk {serial}", order=100)
    return Activity.objects.bulk_create(
        Activity(
            domain=domain,
            code=f"bulk-{serial}.activity-{i}",
            name=f"Bulk activity {i}",
            order=i,
        )
        for i in range(n)
    )


def engagement(*, client, account_manager, acts: list[Activity], **fields) -> Engagement:
    """A draft for `client` with one row per activity, six roles, letters in the five
    patterns above, business-hours cover on most rows, three tools and one acknowledgement."""
    serial = next(_serial)
    fields.setdefault("service_model", ServiceModel.CO_MANAGED)
    e = Engagement.objects.create(
        client=client,
        title=f"Bulk engagement {serial}",
        slug=f"bulk-engagement-{serial}",
        account_manager=account_manager,
        **fields,
    )
    roles = Role.objects.bulk_create(
        Role(engagement=e, name=name, side=side, order=i) for i, (name, side) in enumerate(ROLES)
    )
    rows = MatrixRow.objects.bulk_create(
        MatrixRow(engagement=e, activity=activity, order=i) for i, activity in enumerate(acts)
    )
    cells, coverage = [], []
    for i, row in enumerate(rows):
        letters, covered = PATTERNS[i % len(PATTERNS)]
        cells += [Assignment(row=row, role=roles[r], letters=v) for r, v in letters.items()]
        if covered:
            coverage.append(Coverage(row=row, window=Window.BUSINESS_HOURS, role=roles[2]))
    Assignment.objects.bulk_create(cells)
    Coverage.objects.bulk_create(coverage)
    Tool.objects.bulk_create(
        [
            Tool(engagement=e, name="MSP RMM", owner_side=Side.MSP, exit_fate="removed"),
            Tool(engagement=e, name="Legacy VPN appliance", administered_by=roles[5]),
            Tool(engagement=e, name="Password manager", owner_side=Side.MSP),
        ]
    )
    FindingAcknowledgement.objects.create(
        engagement=e,
        finding_key="GAP_TOOL_OWNER:tool=Legacy VPN appliance",
        reason="The hosting provider is retiring it in March.",
        by=account_manager,
    )
    return e
