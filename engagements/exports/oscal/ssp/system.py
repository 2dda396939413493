"""The plan's description of the system: metadata (roles, parties), the client's IT
environment, its components and users, and the frameworks the controls come from."""

from engagements.exports.oscal.ssp.plan import (
    CUSTOMER_ROLE,
    OSCAL_VERSION,
    PREPARER_ROLE,
    PROVIDER_ROLE,
    Plan,
    prop,
    uuid_for,
)
from engagements.models import Side
from engagements.models.labels import in_sentence, person_name


def metadata(plan: Plan) -> dict:
    engagement = plan.engagement
    roles = [
        {"id": PROVIDER_ROLE, "title": "Managed service provider"},
        {"id": CUSTOMER_ROLE, "title": "Client"},
    ]
    for role in plan.data.roles:
        description = role.get_side_display()
        if role.person_name.strip():
            description += f": {role.person_name.strip()}"
        roles.append({"id": plan.role_ids[role.pk], "title": role.name, "description": description})
    responsible = [
        {"role-id": PROVIDER_ROLE, "party-uuids": [plan.msp_party]},
        {"role-id": CUSTOMER_ROLE, "party-uuids": [plan.client_party]},
    ]
    for role in plan.data.roles:
        responsible.append(
            {"role-id": plan.role_ids[role.pk], "party-uuids": [plan.role_party(role)]}
        )
    parties = [
        {"uuid": plan.msp_party, "type": "organization", "name": plan.msp_name},
        {"uuid": plan.client_party, "type": "organization", "name": plan.client.name},
    ]
    for key, party in plan.vendor_parties.items():
        parties.append({"uuid": party, "type": "organization", "name": plan.vendor_names[key]})
    parties.extend(plan.person_parties.values())
    manager = engagement.account_manager
    if manager is not None:
        roles.append({"id": PREPARER_ROLE, "title": "Prepared by"})
        manager_party = uuid_for("party", "user", manager.pk)
        parties.append(
            {
                "uuid": manager_party,
                "type": "person",
                "name": person_name(manager),
                "props": [{"name": "job-title", "value": "Account manager"}],
                "member-of-organizations": [plan.msp_party],
            }
        )
        responsible.append({"role-id": PREPARER_ROLE, "party-uuids": [manager_party]})
    metadata = {
        "title": f"{plan.client.name}: {engagement.title}, revision {engagement.revision}, "
        "control responsibilities",
        "last-modified": engagement.updated_at.isoformat(),
        "version": f"{engagement.revision}.{engagement.version}",
        "oscal-version": OSCAL_VERSION,
        "props": [
            prop("engagement-status", engagement.status),
            prop("service-model", engagement.service_model),
        ],
        "roles": roles,
        "parties": parties,
        "responsible-parties": responsible,
    }
    if engagement.signed_off_at:
        metadata["published"] = engagement.signed_off_at.isoformat()
    return metadata


def characteristics(plan: Plan) -> dict:
    engagement = plan.engagement
    return {
        "system-ids": [{"identifier-type": "https://ietf.org/rfc/rfc4122", "id": plan.this_system}],
        "system-name": f"{plan.client.name} IT environment",
        "system-name-short": plan.client.slug,
        "description": (
            f"The IT environment of {plan.client.name}, looked after under the "
            f'{in_sentence(engagement.get_service_model_display())} engagement "{engagement.title}"'
            f" (revision {engagement.revision}, {in_sentence(engagement.get_status_display())}) "
            f"with {plan.msp_name}. This plan records who provides each selected control."
        ),
        "system-information": {
            "information-types": [
                {
                    "uuid": uuid_for("information-type", plan.subject),
                    "title": f"{plan.client.name} business information",
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
                f"The systems and services of {plan.client.name} covered by the in-scope "
                "activities of the engagement's responsibility matrix."
            )
        },
    }


def implementation(plan: Plan) -> dict:
    users = [
        {
            "uuid": uuid_for("user", plan.subject, role.name.lower()),
            "title": role.name,
            "props": [
                {
                    "name": "type",
                    "value": "internal" if role.side == Side.INTERNAL else "external",
                }
            ],
            "role-ids": [plan.role_ids[role.pk]],
        }
        for role in plan.data.roles
    ]
    components = [
        {
            "uuid": plan.this_system,
            "type": "this-system",
            "title": f"{plan.client.name} IT environment and internal IT",
            "description": (
                f"{plan.client.name}'s own systems and its internal IT team: what the "
                "client provides itself and the responsibilities the MSP leaves to it."
            ),
            "status": {"state": "operational"},
            "responsible-roles": [{"role-id": CUSTOMER_ROLE, "party-uuids": [plan.client_party]}],
        },
        {
            "uuid": plan.msp_component,
            "type": "service",
            "title": f"{plan.msp_name} managed IT services",
            "description": (
                f"The {in_sentence(plan.engagement.get_service_model_display())} services "
                f"{plan.msp_name} provides to {plan.client.name} under this engagement."
            ),
            "props": [{"name": "implementation-point", "value": "external"}],
            "status": {"state": "operational"},
            "responsible-roles": [{"role-id": PROVIDER_ROLE, "party-uuids": [plan.msp_party]}],
        },
    ]
    for key, component in plan.vendor_components.items():
        name = plan.vendor_names[key]
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
                "uuid": uuid_for("user", plan.subject, "client"),
                "title": "Client staff",
                "props": [{"name": "type", "value": "internal"}],
                "role-ids": [CUSTOMER_ROLE],
            }
        ]
    return result


def back_matter(plan: Plan) -> dict:
    frameworks = {}
    for resp in plan.data.controls:
        frameworks.setdefault(resp.control.framework.code, resp.control.framework)
    resources = []
    for framework in frameworks.values():
        resource = {
            "uuid": uuid_for("framework", framework.code),
            "title": framework.name,
            "description": f"{framework.name}"
            + (f", version {framework.version}" if framework.version else "")
            + (f", loaded from {framework.source}." if framework.source else "."),
            "props": [prop("framework", framework.code)],
        }
        if framework.source:
            resource["rlinks"] = [{"href": framework.source}]
        resources.append(resource)
    names = ", ".join(f.name for f in frameworks.values()) or "no framework yet"
    resources.insert(
        0,
        {
            "uuid": uuid_for("selection", plan.subject),
            "title": f"Controls selected for {plan.engagement.title}",
            "description": f"{len(plan.lines)} controls selected from: {names}.",
        },
    )
    return {"resources": resources}
