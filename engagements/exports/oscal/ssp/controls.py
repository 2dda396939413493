"""One implemented requirement per selected control: who provides it (the MSP, internal
IT, both, or a vendor), what the client inherits, and what is left to the client."""

from engagements.analysis.controls import ResponsibilityLine
from engagements.exports.oscal.ssp.plan import Plan, first_text, prop, uuid_for
from engagements.models import Origination, Side


def requirement(plan: Plan, line: ResponsibilityLine) -> dict:
    control = plan.controls[line.responsibility_id]
    key = (plan.subject, control.framework.code, control.control_id)
    role = plan.data.roles_by_id.get(line.responsible_role_id)
    props = [prop("framework", line.framework)]
    if line.origination:
        props.append(prop("origination", line.origination))
        props.append(prop("can-be-inherited", line.can_be_inherited))
    for row_id in line.implementing_row_ids:
        props.append(prop("implemented-by", plan.data.rows_by_id[row_id].activity.code))
    requirement = {
        "uuid": uuid_for("requirement", *key),
        "control-id": control.oscal_id or control.control_id,
        "props": props,
    }
    if role is not None:
        requirement["responsible-roles"] = plan.responsible(role)
    parts = by_components(plan, line, key)
    if parts:
        requirement["by-components"] = parts
    remarks = [f"Origination: {line.origination_label}."]
    if line.split_description:
        remarks.append(f"Split: {line.split_description}")
    if line.implemented_by:
        remarks.append("Implemented by: " + "; ".join(line.implemented_by) + ".")
    requirement["remarks"] = "\n\n".join(remarks)
    return requirement


def by_components(plan: Plan, line: ResponsibilityLine, key: tuple) -> list[dict]:
    origination = line.origination
    cid = line.control_id
    if not origination:
        return []
    if origination == Origination.NOT_APPLICABLE:
        return [
            {
                "component-uuid": plan.this_system,
                "uuid": uuid_for("by-component", *key, "this-system"),
                "description": first_text(
                    line.customer_responsibility,
                    line.split_description,
                    f"{cid} does not apply to {plan.client.name}.",
                ),
                "implementation-status": {"state": "not-applicable"},
            }
        ]
    if origination == Origination.INTERNAL:
        result = [
            {
                "component-uuid": plan.this_system,
                "uuid": uuid_for("by-component", *key, "this-system"),
                "description": first_text(
                    line.customer_responsibility,
                    f"{plan.client.name}'s internal IT provides {cid}.",
                ),
                "responsible-roles": plan.customer(line),
            }
        ]
        if line.msp_responsibility:
            result.append(
                {
                    "component-uuid": plan.msp_component,
                    "uuid": uuid_for("by-component", *key, "msp"),
                    "description": line.msp_responsibility,
                    "responsible-roles": plan.provider(line),
                }
            )
        return result
    # Provided by the MSP (wholly or in part) or by a vendor: an export on the provider's
    # component, inherited (and, where the client has a part, satisfied) on this system.
    if origination == Origination.INHERITED:
        vendor = plan.vendor(line.vendor_name)
        provider_component = plan.vendor_components[vendor]
        provider_roles = (
            plan.responsible(plan.data.roles_by_id[line.responsible_role_id])
            if line.responsible_side == Side.VENDOR
            else []
        )
        provided_text = first_text(
            line.msp_responsibility,
            f"{line.vendor_name} provides {cid}; the client inherits it.",
        )
    else:
        provider_component = plan.msp_component
        provider_roles = plan.provider(line)
        provided_text = first_text(
            line.msp_responsibility,
            line.split_description if origination == Origination.SHARED else "",
            f"{plan.msp_name}'s part of {cid} is not written down yet."
            if origination == Origination.SHARED
            else f"{plan.msp_name} provides {cid}.",
        )
    provided_uuid = uuid_for("provided", *key)
    provided = {"uuid": provided_uuid, "description": provided_text}
    if provider_roles:
        provided["responsible-roles"] = provider_roles
    export: dict = {"provided": [provided]}
    customer_text = line.customer_responsibility or (
        line.split_description if origination == Origination.SHARED else ""
    )
    if origination == Origination.SHARED and not customer_text:
        customer_text = f"{plan.client.name}'s part of {cid} is not written down yet."
    responsibility_uuid = uuid_for("responsibility", *key)
    if customer_text:
        export["responsibilities"] = [
            {
                "uuid": responsibility_uuid,
                "provided-uuid": provided_uuid,
                "description": customer_text,
                "responsible-roles": plan.customer(line),
            }
        ]
    provider = {
        "component-uuid": provider_component,
        "uuid": uuid_for("by-component", *key, "provider"),
        "description": provided_text,
        "export": export,
    }
    inherited = {
        "uuid": uuid_for("inherited", *key),
        "provided-uuid": provided_uuid,
        "description": provided_text,
    }
    this_system = {
        "component-uuid": plan.this_system,
        "uuid": uuid_for("by-component", *key, "this-system"),
        "description": first_text(
            customer_text,
            f"{plan.client.name} inherits {cid} and has no part of its own in it.",
        ),
        "inherited": [inherited],
    }
    if customer_text:
        this_system["satisfied"] = [
            {
                "uuid": uuid_for("satisfied", *key),
                "responsibility-uuid": responsibility_uuid,
                "description": customer_text,
                "responsible-roles": plan.customer(line),
            }
        ]
    if origination == Origination.SHARED:
        this_system["implementation-status"] = {"state": "partial"}
    return [provider, this_system]
