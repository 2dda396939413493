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

from django.conf import settings

from engagements.analysis.data import MatrixData
from engagements.exports.oscal.ssp.controls import requirement
from engagements.exports.oscal.ssp.plan import (
    OSCAL_VERSION,
    RACI_NS,
    NothingToExport,
    Plan,
    uuid_for,
)
from engagements.exports.oscal.ssp.system import (
    back_matter,
    characteristics,
    implementation,
    metadata,
)


def engagement_ssp(data: MatrixData, *, msp_name: str | None = None) -> dict:
    """The engagement as an OSCAL SSP document (a dict ready for json.dumps)."""
    if not data.controls:
        raise NothingToExport(
            "No compliance controls are selected for this engagement yet: select a framework "
            "or some of its controls first."
        )
    msp_name = msp_name or getattr(settings, "RACI_MSP_NAME", "") or "Managed service provider"
    plan = Plan(data, msp_name)
    requirements = [requirement(plan, line) for line in plan.lines]
    return {
        "system-security-plan": {
            "uuid": uuid_for("ssp", plan.subject),
            "metadata": metadata(plan),
            "import-profile": {"href": f"#{uuid_for('selection', plan.subject)}"},
            "system-characteristics": characteristics(plan),
            "system-implementation": implementation(plan),
            "control-implementation": {
                "description": (
                    "Who provides each control selected for this engagement: the MSP, "
                    "the client's internal IT, both (with the split described), or a "
                    "vendor the control is inherited from."
                ),
                "implemented-requirements": requirements,
            },
            "back-matter": back_matter(plan),
        }
    }


__all__ = ["OSCAL_VERSION", "RACI_NS", "NothingToExport", "engagement_ssp"]
