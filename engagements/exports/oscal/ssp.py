"""The engagement's control responsibilities as an OSCAL System Security Plan (JSON).

The plan is the client's IT environment. Its components are the environment itself with the
client's internal IT team ("this-system"), the MSP's managed services, and each vendor a
control is inherited from. Per selected control it says, in OSCAL's shared-responsibility
terms (NIST's leveraged and leveraging SSP examples):

- what the MSP or a vendor provides (`export.provided`) and what it leaves to the client
  (`export.responsibilities`),
- what the client inherits (`inherited`) and how it carries its own part (`satisfied`),
- who answers for it (`responsible-roles`: the matrix roles, with their people and
  organisations as parties), its origination and the activities that implement it (props).

Pure: everything comes from MatrixData; UUIDs are derived from stable keys, so exporting
the same revision twice gives the same document.
"""

import uuid

from django.conf import settings
from django.utils.text import slugify

from engagements.analysis.controls import ResponsibilityLine, responsibility_matrix
from engagements.analysis.data import MatrixData
from engagements.errors import RaciError
from engagements.models import Origination, Role, Side

OSCAL_VERSION = "1.1.2"
# Our own properties (origination, activities) live in this namespace.
RACI_NS = "urn:raci:oscal"
_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, RACI_NS)

PROVIDER_ROLE = "provider"  # the MSP as an organisation
CUSTOMER_ROLE = "customer"  # the client as an organisation
PREPARER_ROLE = "prepared-by"


class NothingToExport(RaciError):
    """An OSCAL plan needs at least one control: the engagement has selected none."""


def _uuid(*parts) -> str:
    return str(uuid.uuid5(_UUID_NS, ":".join(str(p) for p in parts)))


def _prop(name: str, value: str) -> dict:
    return {"name": name, "ns": RACI_NS, "value": " ".join(str(value).split())}


def _text(*candidates: str) -> str:
    """The first non-blank text (OSCAL descriptions may not be empty)."""
    return next(c.strip() for c in candidates if c and c.strip())


class _Document:
    """Builds one SSP; keeps the parties, roles and components it has handed out."""

    def __init__(self, data: MatrixData, msp_name: str):
        self.data = data
        self.engagement = engagement = data.engagement
        self.client = engagement.client
        self.msp_name = msp_name
        self.subject = f"{self.client.pk}:{engagement.slug}"
        self.lines = responsibility_matrix(data)
        self.controls = {resp.id: resp.control for resp in data.controls}
        self.msp_party = _uuid("party", "msp", msp_name.lower())
        self.client_party = _uuid("party", "client", self.client.pk)
        self.vendor_parties: dict[str, str] = {}
        self.vendor_names: dict[str, str] = {}
        self.person_parties: dict[str, dict] = {}
        self.role_ids = self._role_ids(data.roles)
        self.this_system = _uuid("component", self.subject, "this-system")
        self.msp_component = _uuid("component", self.subject, "msp")
        self.vendor_components: dict[str, str] = {}
        for role in data.roles:
            if role.side == Side.VENDOR:
                self._vendor(role.name)
        for line in self.lines:
            if line.origination == Origination.INHERITED and line.vendor_name:
                self._vendor(line.vendor_name)

    # -- parties and roles -------------------------------------------------------------------

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

    def _vendor(self, name: str) -> str:
        key = _key(name)
        if key not in self.vendor_parties:
            self.vendor_names[key] = " ".join(name.split())
            self.vendor_parties[key] = _uuid("party", "vendor", self.client.pk, key)
            self.vendor_components[key] = _uuid("component", self.subject, "vendor", key)
        return key

    def _side_party(self, role: Role) -> str:
        if role.side == Side.MSP:
            return self.msp_party
        if role.side == Side.VENDOR:
            return self.vendor_parties[self._vendor(role.name)]
        return self.client_party

    def _role_party(self, role: Role) -> str:
        if not role.person_name.strip():
            return self._side_party(role)
        key = f"{role.side}:{role.person_name.strip().lower()}"
        if key not in self.person_parties:
            self.person_parties[key] = {
                "uuid": _uuid("party", "person", self.client.pk, key),
                "type": "person",
                "name": role.person_name.strip(),
                "member-of-organizations": [self._side_party(role)],
            }
        return self.person_parties[key]["uuid"]

    def _responsible(self, role: Role | None) -> list[dict]:
        if role is None:
            return []
        return [{"role-id": self.role_ids[role.pk], "party-uuids": [self._role_party(role)]}]

    def _customer(self, line: ResponsibilityLine) -> list[dict]:
        role = self.data.roles_by_id.get(line.responsible_role_id)
        if role is not None and role.side == Side.INTERNAL:
            return self._responsible(role)
        return [{"role-id": CUSTOMER_ROLE, "party-uuids": [self.client_party]}]

    def _provider(self, line: ResponsibilityLine) -> list[dict]:
        role = self.data.roles_by_id.get(line.responsible_role_id)
        if role is not None and role.side == Side.MSP:
            return self._responsible(role)
        return [{"role-id": PROVIDER_ROLE, "party-uuids": [self.msp_party]}]

    # -- the document ------------------------------------------------------------------------

    def build(self) -> dict:
        requirements = [self._requirement(line) for line in self.lines]
        return {
            "system-security-plan": {
                "uuid": _uuid("ssp", self.subject),
                "metadata": self._metadata(),
                "import-profile": {"href": f"#{_uuid('selection', self.subject)}"},
                "system-characteristics": self._characteristics(),
                "system-implementation": self._implementation(),
                "control-implementation": {
                    "description": (
                        "Who provides each control selected for this engagement: the MSP, "
                        "the client's internal IT, both (with the split described), or a "
                        "vendor the control is inherited from."
                    ),
                    "implemented-requirements": requirements,
                },
                "back-matter": self._back_matter(),
            }
        }

    def _metadata(self) -> dict:
        engagement = self.engagement
        roles = [
            {"id": PROVIDER_ROLE, "title": "Managed service provider"},
            {"id": CUSTOMER_ROLE, "title": "Client"},
        ]
        for role in self.data.roles:
            description = role.get_side_display()
            if role.person_name.strip():
                description += f": {role.person_name.strip()}"
            roles.append(
                {"id": self.role_ids[role.pk], "title": role.name, "description": description}
            )
        responsible = [
            {"role-id": PROVIDER_ROLE, "party-uuids": [self.msp_party]},
            {"role-id": CUSTOMER_ROLE, "party-uuids": [self.client_party]},
        ]
        for role in self.data.roles:
            responsible.append(
                {"role-id": self.role_ids[role.pk], "party-uuids": [self._role_party(role)]}
            )
        parties = [
            {"uuid": self.msp_party, "type": "organization", "name": self.msp_name},
            {"uuid": self.client_party, "type": "organization", "name": self.client.name},
        ]
        for key, party in self.vendor_parties.items():
            parties.append({"uuid": party, "type": "organization", "name": self.vendor_names[key]})
        parties.extend(self.person_parties.values())
        manager = engagement.account_manager
        if manager is not None:
            roles.append({"id": PREPARER_ROLE, "title": "Prepared by"})
            manager_party = _uuid("party", "user", manager.pk)
            parties.append(
                {
                    "uuid": manager_party,
                    "type": "person",
                    "name": manager.get_full_name() or manager.get_username(),
                    "props": [{"name": "job-title", "value": "Account manager"}],
                    "member-of-organizations": [self.msp_party],
                }
            )
            responsible.append({"role-id": PREPARER_ROLE, "party-uuids": [manager_party]})
        metadata = {
            "title": f"{self.client.name}: {engagement.title}, revision {engagement.revision}, "
            "control responsibilities",
            "last-modified": engagement.updated_at.isoformat(),
            "version": f"{engagement.revision}.{engagement.version}",
            "oscal-version": OSCAL_VERSION,
            "props": [
                _prop("engagement-status", engagement.status),
                _prop("service-model", engagement.service_model),
            ],
            "roles": roles,
            "parties": parties,
            "responsible-parties": responsible,
        }
        if engagement.signed_off_at:
            metadata["published"] = engagement.signed_off_at.isoformat()
        return metadata

    def _characteristics(self) -> dict:
        engagement = self.engagement
        return {
            "system-ids": [
                {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": self.this_system}
            ],
            "system-name": f"{self.client.name} IT environment",
            "system-name-short": self.client.slug,
            "description": (
                f"The IT environment of {self.client.name}, looked after under the "
                f'{engagement.get_service_model_display().lower()} engagement "{engagement.title}"'
                f" (revision {engagement.revision}, {engagement.get_status_display().lower()}) "
                f"with {self.msp_name}. This plan records who provides each selected control."
            ),
            "system-information": {
                "information-types": [
                    {
                        "uuid": _uuid("information-type", self.subject),
                        "title": f"{self.client.name} business information",
                        "description": (
                            "The information the client's IT environment stores and "
                            "processes. Its security categorisation is outside this "
                            "responsibility agreement."
                        ),
                    }
                ]
            },
            "status": {"state": "operational"},
            "authorization-boundary": {
                "description": (
                    f"The systems and services of {self.client.name} covered by the in-scope "
                    "activities of the engagement's responsibility matrix."
                )
            },
        }

    def _implementation(self) -> dict:
        users = [
            {
                "uuid": _uuid("user", self.subject, role.name.lower()),
                "title": role.name,
                "props": [
                    {
                        "name": "type",
                        "value": "internal" if role.side == Side.INTERNAL else "external",
                    }
                ],
                "role-ids": [self.role_ids[role.pk]],
            }
            for role in self.data.roles
        ]
        components = [
            {
                "uuid": self.this_system,
                "type": "this-system",
                "title": f"{self.client.name} IT environment and internal IT",
                "description": (
                    f"{self.client.name}'s own systems and its internal IT team: what the "
                    "client provides itself and the responsibilities the MSP leaves to it."
                ),
                "status": {"state": "operational"},
                "responsible-roles": [
                    {"role-id": CUSTOMER_ROLE, "party-uuids": [self.client_party]}
                ],
            },
            {
                "uuid": self.msp_component,
                "type": "service",
                "title": f"{self.msp_name} managed IT services",
                "description": (
                    f"The {self.engagement.get_service_model_display().lower()} services "
                    f"{self.msp_name} provides to {self.client.name} under this engagement."
                ),
                "props": [{"name": "implementation-point", "value": "external"}],
                "status": {"state": "operational"},
                "responsible-roles": [{"role-id": PROVIDER_ROLE, "party-uuids": [self.msp_party]}],
            },
        ]
        for key, component in self.vendor_components.items():
            name = self.vendor_names[key]
            components.append(
                {
                    "uuid": component,
                    "type": "service",
                    "title": name,
                    "description": f"Services of {name} that controls are inherited from.",
                    "props": [{"name": "implementation-point", "value": "external"}],
                    "status": {"state": "operational"},
                }
            )
        result = {"components": components}
        if users:
            result["users"] = users
        else:
            result["users"] = [
                {
                    "uuid": _uuid("user", self.subject, "client"),
                    "title": "Client staff",
                    "props": [{"name": "type", "value": "internal"}],
                    "role-ids": [CUSTOMER_ROLE],
                }
            ]
        return result

    # -- one control -------------------------------------------------------------------------

    def _requirement(self, line: ResponsibilityLine) -> dict:
        control = self.controls[line.responsibility_id]
        key = (self.subject, control.framework.code, control.control_id)
        role = self.data.roles_by_id.get(line.responsible_role_id)
        props = [_prop("framework", line.framework)]
        if line.origination:
            props.append(_prop("origination", line.origination))
            props.append(_prop("can-be-inherited", line.can_be_inherited))
        for row_id in line.implementing_row_ids:
            props.append(_prop("implemented-by", self.data.rows_by_id[row_id].activity.code))
        requirement = {
            "uuid": _uuid("requirement", *key),
            "control-id": control.oscal_id or control.control_id,
            "props": props,
        }
        if role is not None:
            requirement["responsible-roles"] = self._responsible(role)
        by_components = self._by_components(line, key)
        if by_components:
            requirement["by-components"] = by_components
        remarks = [f"Origination: {line.origination_label}."]
        if line.split_description:
            remarks.append(f"Split: {line.split_description}")
        if line.implemented_by:
            remarks.append("Implemented by: " + "; ".join(line.implemented_by) + ".")
        requirement["remarks"] = "\n\n".join(remarks)
        return requirement

    def _by_components(self, line: ResponsibilityLine, key: tuple) -> list[dict]:
        origination = line.origination
        cid = line.control_id
        if not origination:
            return []
        if origination == Origination.NOT_APPLICABLE:
            return [
                {
                    "component-uuid": self.this_system,
                    "uuid": _uuid("by-component", *key, "this-system"),
                    "description": _text(
                        line.customer_responsibility,
                        line.split_description,
                        f"{cid} does not apply to {self.client.name}.",
                    ),
                    "implementation-status": {"state": "not-applicable"},
                }
            ]
        if origination == Origination.INTERNAL:
            result = [
                {
                    "component-uuid": self.this_system,
                    "uuid": _uuid("by-component", *key, "this-system"),
                    "description": _text(
                        line.customer_responsibility,
                        f"{self.client.name}'s internal IT provides {cid}.",
                    ),
                    "responsible-roles": self._customer(line),
                }
            ]
            if line.msp_responsibility:
                result.append(
                    {
                        "component-uuid": self.msp_component,
                        "uuid": _uuid("by-component", *key, "msp"),
                        "description": line.msp_responsibility,
                        "responsible-roles": self._provider(line),
                    }
                )
            return result
        # Provided by the MSP (wholly or in part) or by a vendor: an export on the provider's
        # component, inherited (and, where the client has a part, satisfied) on this system.
        if origination == Origination.INHERITED:
            vendor = self._vendor(line.vendor_name)
            provider_component = self.vendor_components[vendor]
            provider_roles = (
                self._responsible(self.data.roles_by_id[line.responsible_role_id])
                if line.responsible_side == Side.VENDOR
                else []
            )
            provided_text = _text(
                line.msp_responsibility,
                f"{line.vendor_name} provides {cid}; the client inherits it.",
            )
        else:
            provider_component = self.msp_component
            provider_roles = self._provider(line)
            provided_text = _text(
                line.msp_responsibility,
                line.split_description if origination == Origination.SHARED else "",
                f"{self.msp_name}'s part of {cid} is not written down yet."
                if origination == Origination.SHARED
                else f"{self.msp_name} provides {cid}.",
            )
        provided_uuid = _uuid("provided", *key)
        provided = {"uuid": provided_uuid, "description": provided_text}
        if provider_roles:
            provided["responsible-roles"] = provider_roles
        export: dict = {"provided": [provided]}
        customer_text = line.customer_responsibility or (
            line.split_description if origination == Origination.SHARED else ""
        )
        if origination == Origination.SHARED and not customer_text:
            customer_text = f"{self.client.name}'s part of {cid} is not written down yet."
        responsibility_uuid = _uuid("responsibility", *key)
        if customer_text:
            export["responsibilities"] = [
                {
                    "uuid": responsibility_uuid,
                    "provided-uuid": provided_uuid,
                    "description": customer_text,
                    "responsible-roles": self._customer(line),
                }
            ]
        provider = {
            "component-uuid": provider_component,
            "uuid": _uuid("by-component", *key, "provider"),
            "description": provided_text,
            "export": export,
        }
        inherited = {
            "uuid": _uuid("inherited", *key),
            "provided-uuid": provided_uuid,
            "description": provided_text,
        }
        this_system = {
            "component-uuid": self.this_system,
            "uuid": _uuid("by-component", *key, "this-system"),
            "description": _text(
                customer_text,
                f"{self.client.name} inherits {cid} and has no part of its own in it.",
            ),
            "inherited": [inherited],
        }
        if customer_text:
            this_system["satisfied"] = [
                {
                    "uuid": _uuid("satisfied", *key),
                    "responsibility-uuid": responsibility_uuid,
                    "description": customer_text,
                    "responsible-roles": self._customer(line),
                }
            ]
        if origination == Origination.SHARED:
            this_system["implementation-status"] = {"state": "partial"}
        return [provider, this_system]

    def _back_matter(self) -> dict:
        frameworks = {}
        for resp in self.data.controls:
            frameworks.setdefault(resp.control.framework.code, resp.control.framework)
        resources = []
        for framework in frameworks.values():
            resource = {
                "uuid": _uuid("framework", framework.code),
                "title": framework.name,
                "description": f"{framework.name}"
                + (f", version {framework.version}" if framework.version else "")
                + (f", loaded from {framework.source}." if framework.source else "."),
                "props": [_prop("framework", framework.code)],
            }
            if framework.source:
                resource["rlinks"] = [{"href": framework.source}]
            resources.append(resource)
        names = ", ".join(f.name for f in frameworks.values()) or "no framework yet"
        resources.insert(
            0,
            {
                "uuid": _uuid("selection", self.subject),
                "title": f"Controls selected for {self.engagement.title}",
                "description": f"{len(self.lines)} controls selected from: {names}.",
            },
        )
        return {"resources": resources}


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


def engagement_ssp(data: MatrixData, *, msp_name: str | None = None) -> dict:
    """The engagement as an OSCAL SSP document (a dict ready for json.dumps)."""
    if not data.controls:
        raise NothingToExport(
            "No compliance controls are selected for this engagement yet: select a framework "
            "or some of its controls first."
        )
    msp_name = msp_name or getattr(settings, "RACI_MSP_NAME", "") or "Managed service provider"
    return _Document(data, msp_name).build()


__all__ = ["OSCAL_VERSION", "RACI_NS", "NothingToExport", "engagement_ssp"]
