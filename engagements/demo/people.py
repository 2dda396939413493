"""The demo clients' people: where each client works (for its public holidays), its staff and
the MSP's people on its account, with emails and phones, and who holds which role."""

from engagements import services
from engagements.demo.common import demo_user
from engagements.models import Client, Person, Role, Side

LOCATIONS = {"harbor-dental": ("US", "NY"), "northwind": ("US", "IL"), "cobalt": ("DE", "BY")}

# The MSP's NOC and SOC work in rotas of two: neither rests on one person.
MSP_ROTAS = [
    ("Sam Rivera", Side.MSP, "sam.rivera@msp.example", "+1 212 555 0191", ["MSP NOC"]),
    ("Priya Nair", Side.MSP, "priya.nair@msp.example", "+1 212 555 0192", ["MSP NOC"]),
    ("Tomás Silva", Side.MSP, "tomas.silva@msp.example", "+1 212 555 0193", ["MSP SOC"]),
    ("Grace Park", Side.MSP, "grace.park@msp.example", "+1 212 555 0194", ["MSP SOC"]),
]

# The vCIO, with a colleague who stands in for her, and the service desk's two agents.
MSP_ACCOUNT_TEAM = [
    ("Maya Chen", Side.MSP, "maya.chen@msp.example", "+1 212 555 0181", ["MSP vCIO"]),
    ("Daniel Okafor", Side.MSP, "daniel.okafor@msp.example", "+1 212 555 0182", []),
    ("Omar Haddad", Side.MSP, "omar.haddad@msp.example", "+1 212 555 0101", ["MSP service desk"]),
    ("Lucía Gómez", Side.MSP, "lucia.gomez@msp.example", "+1 212 555 0102", ["MSP service desk"]),
]
# Who stands in for a one-person role when they are away.
BACKUP_PEOPLE = {"MSP vCIO": "Daniel Okafor"}

# slug -> (name, side, email, phone, roles held)
DIRECTORY = {
    "harbor-dental": [
        (
            "Pat Lindqvist",
            Side.INTERNAL,
            "pat@harbordental.example",
            "+1 212 555 0140",
            ["Client executive sponsor"],
        ),
        *MSP_ACCOUNT_TEAM,
        *MSP_ROTAS,
    ],
    "northwind": [
        (
            "Kim Osei",
            Side.INTERNAL,
            "kim@northwind.example",
            "+1 312 555 0120",
            ["Client IT manager"],
        ),
        (
            "Chris Olsen",
            Side.INTERNAL,
            "chris@northwind.example",
            "+1 312 555 0121",
            ["Internal systems administrator"],
        ),
        (
            "Dana Ortiz",
            Side.INTERNAL,
            "dana@northwind.example",
            "+1 312 555 0122",
            ["Client executive sponsor"],
        ),
        *MSP_ACCOUNT_TEAM,
        *MSP_ROTAS,
    ],
    "cobalt": [
        (
            "Lee Nakamura",
            Side.INTERNAL,
            "lee@cobalt.example",
            "+49 89 5550 1200",
            ["Client IT manager"],
        ),
        (
            "Anna Weber",
            Side.INTERNAL,
            "anna.weber@cobalt.example",
            "+49 89 5550 1201",
            ["Internal systems administrator"],
        ),
        (
            "Jonas Bauer",
            Side.INTERNAL,
            "jonas.bauer@cobalt.example",
            "+49 89 5550 1202",
            ["Internal service desk"],
        ),
        (
            "Sabine Koch",
            Side.INTERNAL,
            "sabine.koch@cobalt.example",
            "+49 89 5550 1203",
            ["Client executive sponsor"],
        ),
        *MSP_ACCOUNT_TEAM,
        *MSP_ROTAS,
        (
            "Hosting support desk",
            Side.VENDOR,
            "support@hosting.example",
            "+49 30 5550 9000",
            ["Cloud hosting provider"],
        ),
    ],
}


def directory_seed(client: Client, by) -> None:
    """Say where the client works and fill its directory (before its engagements)."""
    country, subdivision = LOCATIONS[client.slug]
    services.client_location_set(client=client, country=country, subdivision=subdivision, by=by)
    for name, side, email, phone, _ in DIRECTORY[client.slug]:
        if not Person.objects.filter(client=client, name=name).exists():
            services.person_create(
                client=client, name=name, side=side, email=email, phone=phone, by=by
            )


def people_name(engagement, by, *, leave=()) -> None:
    """Name the directory's people on each role of a draft that has that role (but the
    roles in `leave`), and the backup people of one-person roles."""
    people = {p.name: p for p in Person.objects.filter(client=engagement.client)}
    holders: dict[str, list[Person]] = {}
    for name, _, _, _, roles in DIRECTORY[engagement.client.slug]:
        for role_name in roles:
            holders.setdefault(role_name, []).append(people[name])
    for role in Role.objects.filter(engagement=engagement):
        if role.name in leave or role.name not in holders or role.people.exists():
            continue
        fields = {"people": holders[role.name]}
        if role.name in BACKUP_PEOPLE:
            fields["absence_backup_person"] = people[BACKUP_PEOPLE[role.name]]
        services.role_update(role=role, by=by, **fields)


def invitation_seed() -> None:
    """One pending invitation: Jordan invites the MSP's service desk to Cobalt."""
    services.invitation_create(
        client=Client.objects.get(slug="cobalt"),
        email="servicedesk@msp.example",
        kind="service_desk",
        by=demo_user("jordan"),
    )
