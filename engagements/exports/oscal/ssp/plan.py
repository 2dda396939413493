"""The plan being built: the engagement's data, and the parties, roles and components it
names, with the small helpers every part of the plan uses (stable UUIDs, our own props)."""

import uuid

from django.utils.text import slugify

from engagements.analysis.controls import ResponsibilityLine, responsibility_matrix
from engagements.analysis.data import MatrixData
from engagements.errors import RaciError
from engagements.models import Origination, Role, Side
from engagements.models.text import name_key

OSCAL_VERSION = "1.1.2"
# Our own properties (origination, activities) live in this namespace.
RACI_NS = "urn:raci:oscal"
_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, RACI_NS)

PROVIDER_ROLE = "provider"  # the MSP as an organisation
CUSTOMER_ROLE = "customer"  # the client as an organisation
PREPARER_ROLE = "prepared-by"


class NothingToExport(RaciError):
    """An OSCAL plan needs at least one control: the engagement has selected none."""


def uuid_for(*parts) -> str:
    """The same UUID for the same thing in every export of the same revision."""
    return str(uuid.uuid5(_UUID_NS, ":".join(str(p) for p in parts)))


def prop(name: str, value: str) -> dict:
    return {"name": name, "ns": RACI_NS, "value": " ".join(str(value).split())}


def first_text(*candidates: str) -> str:
    """The first non-blank text (OSCAL descriptions may not be empty)."""
    return next(c.strip() for c in candidates if c and c.strip())


class Plan:
    """One SSP in the making: the engagement's data, and the parties, roles and components
    handed out so far (each gets one stable UUID, however often it is named)."""

    def __init__(self, data: MatrixData, msp_name: str):
        self.data = data
        self.engagement = engagement = data.engagement
        self.client = engagement.client
        self.msp_name = msp_name
        self.subject = f"{self.client.pk}:{engagement.slug}"
        self.lines = responsibility_matrix(data)
        self.controls = {resp.id: resp.control for resp in data.controls}
        self.msp_party = uuid_for("party", "msp", msp_name.lower())
        self.client_party = uuid_for("party", "client", self.client.pk)
        self.vendor_parties: dict[str, str] = {}
        self.vendor_names: dict[str, str] = {}
        self.person_parties: dict[str, dict] = {}
        self.role_ids = self._role_ids(data.roles)
        self.this_system = uuid_for("component", self.subject, "this-system")
        self.msp_component = uuid_for("component", self.subject, "msp")
        self.vendor_components: dict[str, str] = {}
        for role in data.roles:
            if role.side == Side.VENDOR:
                self.vendor(role.name)
        for line in self.lines:
            if line.origination == Origination.INHERITED and line.vendor_name:
                self.vendor(line.vendor_name)

    @staticmethod
    def _role_ids(roles: list[Role]) -> dict[int, str]:
        taken = {PROVIDER_ROLE, CUSTOMER_ROLE, PREPARER_ROLE}
        ids = {}
        for role in roles:
            base = "role-" + (slugify(role.name) or str(role.pk))
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            taken.add(candidate)
            ids[role.pk] = candidate
        return ids

    def vendor(self, name: str) -> str:
        key = name_key(name)
        if key not in self.vendor_parties:
            self.vendor_names[key] = " ".join(name.split())
            self.vendor_parties[key] = uuid_for("party", "vendor", self.client.pk, key)
            self.vendor_components[key] = uuid_for("component", self.subject, "vendor", key)
        return key

    def _side_party(self, role: Role) -> str:
        if role.side == Side.MSP:
            return self.msp_party
        if role.side == Side.VENDOR:
            return self.vendor_parties[self.vendor(role.name)]
        return self.client_party

    def role_party(self, role: Role) -> str:
        if not role.person_name.strip():
            return self._side_party(role)
        key = f"{role.side}:{role.person_name.strip().lower()}"
        if key not in self.person_parties:
            self.person_parties[key] = {
                "uuid": uuid_for("party", "person", self.client.pk, key),
                "type": "person",
                "name": role.person_name.strip(),
                "member-of-organizations": [self._side_party(role)],
            }
        return self.person_parties[key]["uuid"]

    def responsible(self, role: Role | None) -> list[dict]:
        if role is None:
            return []
        return [{"role-id": self.role_ids[role.pk], "party-uuids": [self.role_party(role)]}]

    def customer(self, line: ResponsibilityLine) -> list[dict]:
        role = self.data.roles_by_id.get(line.responsible_role_id)
        if role is not None and role.side == Side.INTERNAL:
            return self.responsible(role)
        return [{"role-id": CUSTOMER_ROLE, "party-uuids": [self.client_party]}]

    def provider(self, line: ResponsibilityLine) -> list[dict]:
        role = self.data.roles_by_id.get(line.responsible_role_id)
        if role is not None and role.side == Side.MSP:
            return self.responsible(role)
        return [{"role-id": PROVIDER_ROLE, "party-uuids": [self.msp_party]}]
