"""The two starting points for a new engagement, written from the reference article.

A template lists the roles (matrix columns), the letters for every catalog activity, the
split notes for shared duties, and the coverage rule. Applied to a new engagement it creates
a matrix whose domain leads read back as the article's comparison table (see
reference.article.COMPARISON_TABLE and its tests).
"""

from dataclasses import dataclass, field

from engagements.models import ControlLevel, CostStructure, ServiceModel, Side, ToolFate, Window

# Role names used in both templates.
SPONSOR = "Client executive sponsor"
IT_MANAGER = "Client IT manager"
INTERNAL_DESK = "Internal service desk"
SYSADMIN = "Internal systems administrator"
VCIO = "MSP vCIO"
MSP_DESK = "MSP service desk"
NOC = "MSP NOC"
SOC = "MSP SOC"


@dataclass(frozen=True)
class RoleSpec:
    name: str
    side: str
    backup: str = ""  # name of the role that covers absences


@dataclass(frozen=True)
class ToolSpec:
    name: str
    category: str
    owner_side: str
    licence_holder_side: str
    administered_by: str
    exit_fate: str
    notes: str = ""


@dataclass(frozen=True)
class ScopeTemplate:
    service_model: str
    label: str
    description: str
    cost_structure: str
    control_level: str
    roles: tuple[RoleSpec, ...]
    cells: dict[str, dict[str, str]]  # activity code -> role name -> letters
    out_of_scope_domains: tuple[str, ...] = ()
    split_notes: dict[str, str] = field(default_factory=dict)
    tools: tuple[ToolSpec, ...] = ()
    # Who looks after the work outside business hours when the row's R role does not.
    after_hours_by_domain: dict[str, str] = field(default_factory=dict)
    after_hours_default: str = NOC

    def role(self, name: str) -> RoleSpec:
        return next(spec for spec in self.roles if spec.name == name)

    def coverage_for(self, activity_code: str, domain_code: str, windows) -> dict[str, str]:
        """window -> role name for one row: business hours go to whoever does the work
        (internal first); nights and weekends to the MSP; absences to the backup of the
        internal role doing the work."""
        letters = self.cells.get(activity_code, {})
        doers = [name for name, value in letters.items() if "R" in value]
        internal_doers = [n for n in doers if self.role(n).side == Side.INTERNAL]
        msp_doers = [n for n in doers if self.role(n).side == Side.MSP]
        out_of_hours = self.after_hours_by_domain.get(domain_code, self.after_hours_default)
        if msp_doers and msp_doers[0] in (NOC, SOC, MSP_DESK):
            out_of_hours = msp_doers[0]
        result = {}
        for window in windows:
            if window == Window.BUSINESS_HOURS:
                result[window] = (internal_doers or msp_doers or [out_of_hours])[0]
            else:
                result[window] = out_of_hours
        if internal_doers and self.role(internal_doers[0]).backup:
            result[Window.ABSENCE_BACKUP] = self.role(internal_doers[0]).backup
        return result


# -- fully managed: the MSP is the whole IT department --------------------------------------

_FM = {
    # staffing: "MSP provides all IT staff"
    "staffing.headcount-plan": {VCIO: "AR", SPONSOR: "I"},
    "staffing.recruit-onboard": {VCIO: "AR", SPONSOR: "I"},
    "staffing.augment": {VCIO: "A", NOC: "R", SPONSOR: "I"},
    "staffing.workload": {VCIO: "AR", SPONSOR: "I"},
    "staffing.on-call-rota": {NOC: "AR", MSP_DESK: "C", SPONSOR: "I"},
    # strategy: "MSP owns the strategy fully"
    "strategy.roadmap": {VCIO: "AR", SPONSOR: "C"},
    "strategy.budget": {VCIO: "AR", SPONSOR: "C"},
    "strategy.business-review": {VCIO: "AR", SPONSOR: "C"},
    "strategy.lifecycle": {VCIO: "AR", NOC: "C", SPONSOR: "I"},
    "strategy.projects": {VCIO: "AR", SPONSOR: "C"},
    # tools: "MSP owns and manages tools"
    "tools.select": {VCIO: "AR", SPONSOR: "I"},
    "tools.rmm": {NOC: "AR", VCIO: "I"},
    "tools.ticketing": {MSP_DESK: "AR", VCIO: "I"},
    "tools.licences": {VCIO: "AR", SPONSOR: "I"},
    "tools.admin-access": {NOC: "AR", SPONSOR: "I"},
    "tools.exit-plan": {VCIO: "AR", SPONSOR: "C"},
    # helpdesk
    "helpdesk.tier1": {MSP_DESK: "AR", SPONSOR: "I"},
    "helpdesk.tier2": {MSP_DESK: "AR", NOC: "C"},
    "helpdesk.walk-up": {MSP_DESK: "AR", SPONSOR: "I"},
    "helpdesk.joiners-leavers": {MSP_DESK: "AR", SPONSOR: "C"},
    "helpdesk.major-incident-comms": {MSP_DESK: "AR", NOC: "C", SPONSOR: "I"},
    # security
    "security.edr": {SOC: "AR", NOC: "I"},
    "security.firewall": {SOC: "A", NOC: "R"},
    "security.email": {SOC: "AR", MSP_DESK: "I"},
    "security.soc-monitoring": {SOC: "AR", NOC: "I"},
    "security.incident-response": {SOC: "AR", SPONSOR: "I"},
    "security.awareness": {SOC: "AR", SPONSOR: "I"},
    "security.vulnerability-scans": {SOC: "AR", NOC: "I"},
    # patching
    "patching.approve-windows": {NOC: "AR", SPONSOR: "C"},
    "patching.workstations": {NOC: "AR", MSP_DESK: "I"},
    "patching.servers": {NOC: "AR", SPONSOR: "I"},
    "patching.third-party": {NOC: "AR", MSP_DESK: "I"},
    "patching.firmware": {NOC: "AR", SOC: "I"},
    "patching.compliance-report": {NOC: "AR", SPONSOR: "I"},
    # backups and DR
    "backup-dr.monitor-jobs": {NOC: "AR", VCIO: "I"},
    "backup-dr.restore-tests": {NOC: "AR", SPONSOR: "I"},
    "backup-dr.dr-plan": {VCIO: "A", NOC: "R", SPONSOR: "C"},
    "backup-dr.execute-recovery": {NOC: "AR", SPONSOR: "I"},
    "backup-dr.offsite-copies": {NOC: "AR", VCIO: "I"},
    # monitoring and remote access
    "monitoring.respond-alerts": {NOC: "AR", MSP_DESK: "I"},
    "monitoring.tune-thresholds": {NOC: "AR", SOC: "C"},
    "monitoring.remote-access": {NOC: "AR", SPONSOR: "I"},
    "monitoring.network-isp": {NOC: "AR", MSP_DESK: "I"},
    "monitoring.capacity": {NOC: "AR", VCIO: "I"},
    # cloud
    "cloud.tenant-admin": {NOC: "AR", SPONSOR: "I"},
    "cloud.iaas": {NOC: "AR", VCIO: "I"},
    "cloud.identity": {NOC: "AR", SOC: "C"},
    "cloud.cost-review": {VCIO: "AR", SPONSOR: "I"},
    "cloud.migrations": {VCIO: "A", NOC: "R", SPONSOR: "C"},
    # vendors
    "vendors.msp-relationship": {SPONSOR: "A", VCIO: "R"},
    "vendors.isp-telecom": {NOC: "AR", SPONSOR: "I"},
    "vendors.hardware-procurement": {VCIO: "AR", SPONSOR: "C"},
    "vendors.software-escalation": {MSP_DESK: "AR", SPONSOR: "I"},
    "vendors.contract-renewals": {VCIO: "AR", SPONSOR: "C"},
    # compliance
    "compliance.framework": {VCIO: "AR", SPONSOR: "C"},
    "compliance.policies": {VCIO: "AR", SPONSOR: "C"},
    "compliance.risk-assessment": {VCIO: "A", SOC: "R", SPONSOR: "C"},
    "compliance.access-reviews": {VCIO: "A", SOC: "R", SPONSOR: "C"},
    "compliance.audit-evidence": {VCIO: "A", SOC: "R", SPONSOR: "I"},
    # vacation and sick leave: "MSP handles automatically"
    "vacation-cover.plan": {MSP_DESK: "AR", VCIO: "I"},
    "vacation-cover.handover": {MSP_DESK: "AR", VCIO: "I"},
    "vacation-cover.cover-duties": {MSP_DESK: "AR", SPONSOR: "I"},
    "vacation-cover.hand-back": {MSP_DESK: "AR", VCIO: "I"},
    "sick-leave-cover.same-day": {MSP_DESK: "AR", SPONSOR: "I"},
    "sick-leave-cover.break-glass": {NOC: "AR", SPONSOR: "I"},
    "sick-leave-cover.extended-absence": {VCIO: "AR", SPONSOR: "I"},
    "sick-leave-cover.runbooks-current": {NOC: "AR", VCIO: "I"},
}

FULLY_MANAGED = ScopeTemplate(
    service_model=ServiceModel.FULLY_MANAGED,
    label="Fully managed",
    description="The MSP acts as the whole IT department; the client has no internal IT staff.",
    cost_structure=CostStructure.FIXED,
    control_level=ControlLevel.LOW,
    roles=(
        RoleSpec(SPONSOR, Side.INTERNAL),
        RoleSpec(VCIO, Side.MSP),
        RoleSpec(MSP_DESK, Side.MSP),
        RoleSpec(NOC, Side.MSP),
        RoleSpec(SOC, Side.MSP),
    ),
    cells=_FM,
    out_of_scope_domains=("mentoring",),  # "Internal staff not applicable"
    after_hours_by_domain={"helpdesk": MSP_DESK, "security": SOC},
    tools=(
        ToolSpec("MSP RMM", "RMM", Side.MSP, Side.MSP, NOC, ToolFate.REMOVED),
        ToolSpec("MSP ticketing (PSA)", "PSA", Side.MSP, Side.MSP, MSP_DESK, ToolFate.REMOVED),
        ToolSpec(
            "Endpoint detection and response", "EDR", Side.MSP, Side.MSP, SOC, ToolFate.REMOVED
        ),
        ToolSpec(
            "Backup platform",
            "Backup",
            Side.MSP,
            Side.MSP,
            NOC,
            ToolFate.TRANSFERS_TO_CLIENT,
            "Backup data is exported to the client.",
        ),
        ToolSpec(
            "Microsoft 365 tenant",
            "Cloud",
            Side.INTERNAL,
            Side.INTERNAL,
            NOC,
            ToolFate.CLIENT_KEEPS,
        ),
    ),
)


# -- co-managed: the MSP supplements an internal team ---------------------------------------

_CM = {
    # staffing: "Internal staff + MSP augments" -> Shared
    "staffing.headcount-plan": {IT_MANAGER: "AR", VCIO: "C"},
    "staffing.recruit-onboard": {IT_MANAGER: "AR", VCIO: "C"},
    "staffing.augment": {IT_MANAGER: "A", VCIO: "R"},
    "staffing.workload": {IT_MANAGER: "AR", VCIO: "I"},
    "staffing.on-call-rota": {IT_MANAGER: "AR", NOC: "R"},
    # strategy: "Shared between internal and MSP"
    "strategy.roadmap": {IT_MANAGER: "AR", VCIO: "R"},
    "strategy.budget": {IT_MANAGER: "AR", VCIO: "C"},
    "strategy.business-review": {IT_MANAGER: "A", VCIO: "R", INTERNAL_DESK: "I"},
    "strategy.lifecycle": {IT_MANAGER: "A", VCIO: "R", SYSADMIN: "C"},
    "strategy.projects": {IT_MANAGER: "AR", VCIO: "C"},
    # tools: "Can use client or MSP tools" -> Flexible (each tool has its own owner)
    "tools.select": {IT_MANAGER: "AR", VCIO: "C"},
    "tools.rmm": {NOC: "AR", SYSADMIN: "C"},
    "tools.ticketing": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "C"},
    "tools.licences": {IT_MANAGER: "A", SYSADMIN: "R", VCIO: "C"},
    "tools.admin-access": {IT_MANAGER: "A", SYSADMIN: "R", NOC: "C"},
    "tools.exit-plan": {IT_MANAGER: "A", VCIO: "R"},
    # mentoring: "MSP mentors internal IT staff" -> MSP
    "mentoring.training-plan": {VCIO: "AR", IT_MANAGER: "C"},
    "mentoring.shadowing": {VCIO: "A", NOC: "R", SYSADMIN: "C", INTERNAL_DESK: "C"},
    "mentoring.runbooks": {VCIO: "A", NOC: "R", SYSADMIN: "C"},
    "mentoring.certifications": {VCIO: "AR", IT_MANAGER: "C"},
    # helpdesk: the internal team keeps day-to-day user support
    "helpdesk.tier1": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "R"},
    "helpdesk.tier2": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "C"},
    "helpdesk.walk-up": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "I"},
    "helpdesk.joiners-leavers": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "I"},
    "helpdesk.major-incident-comms": {IT_MANAGER: "AR", NOC: "C", INTERNAL_DESK: "I"},
    # security: the MSP brings the depth
    "security.edr": {SOC: "AR", SYSADMIN: "I"},
    "security.firewall": {IT_MANAGER: "A", SOC: "R", SYSADMIN: "C"},
    "security.email": {SOC: "AR", INTERNAL_DESK: "I"},
    "security.soc-monitoring": {SOC: "AR", IT_MANAGER: "I"},
    "security.incident-response": {IT_MANAGER: "A", SOC: "R", SYSADMIN: "R"},
    "security.awareness": {IT_MANAGER: "A", SOC: "R"},
    "security.vulnerability-scans": {SOC: "AR", SYSADMIN: "I"},
    # patching
    "patching.approve-windows": {IT_MANAGER: "AR", NOC: "C"},
    "patching.workstations": {NOC: "AR", INTERNAL_DESK: "I"},
    "patching.servers": {IT_MANAGER: "A", NOC: "R", SYSADMIN: "C"},
    "patching.third-party": {NOC: "AR", SYSADMIN: "I"},
    "patching.firmware": {IT_MANAGER: "A", SYSADMIN: "R", NOC: "C"},
    "patching.compliance-report": {NOC: "AR", IT_MANAGER: "I"},
    # backups and DR
    "backup-dr.monitor-jobs": {NOC: "AR", SYSADMIN: "I"},
    "backup-dr.restore-tests": {IT_MANAGER: "A", SYSADMIN: "R", NOC: "R"},
    "backup-dr.dr-plan": {IT_MANAGER: "A", VCIO: "R", SYSADMIN: "C"},
    "backup-dr.execute-recovery": {IT_MANAGER: "A", NOC: "R", SYSADMIN: "R"},
    "backup-dr.offsite-copies": {NOC: "AR", IT_MANAGER: "I"},
    # monitoring and remote access
    "monitoring.respond-alerts": {NOC: "AR", SYSADMIN: "I"},
    "monitoring.tune-thresholds": {NOC: "AR", SYSADMIN: "C"},
    "monitoring.remote-access": {NOC: "AR", IT_MANAGER: "C"},
    "monitoring.network-isp": {NOC: "AR", SYSADMIN: "I"},
    "monitoring.capacity": {NOC: "AR", IT_MANAGER: "I"},
    # cloud
    "cloud.tenant-admin": {IT_MANAGER: "A", SYSADMIN: "R", NOC: "C"},
    "cloud.iaas": {NOC: "AR", SYSADMIN: "C"},
    "cloud.identity": {IT_MANAGER: "A", SYSADMIN: "R", SOC: "C"},
    "cloud.cost-review": {IT_MANAGER: "A", VCIO: "R"},
    "cloud.migrations": {IT_MANAGER: "A", VCIO: "R", SYSADMIN: "R"},
    # vendors: the internal manager owns the relationship with the MSP (article FAQ)
    "vendors.msp-relationship": {IT_MANAGER: "AR", VCIO: "C"},
    "vendors.isp-telecom": {IT_MANAGER: "A", SYSADMIN: "R", NOC: "C"},
    "vendors.hardware-procurement": {IT_MANAGER: "A", INTERNAL_DESK: "R", VCIO: "C"},
    "vendors.software-escalation": {IT_MANAGER: "A", INTERNAL_DESK: "R", MSP_DESK: "R"},
    "vendors.contract-renewals": {IT_MANAGER: "AR", VCIO: "I"},
    # compliance: "clear agreement on which party is responsible for which controls"
    "compliance.framework": {IT_MANAGER: "AR", VCIO: "C"},
    "compliance.policies": {IT_MANAGER: "A", VCIO: "R", SOC: "C"},
    "compliance.risk-assessment": {IT_MANAGER: "A", VCIO: "R", SOC: "C"},
    "compliance.access-reviews": {IT_MANAGER: "A", SYSADMIN: "R", SOC: "C"},
    "compliance.audit-evidence": {IT_MANAGER: "A", SOC: "R", SYSADMIN: "R"},
    # vacation and sick leave: "MSP covers internal team gaps" / "fills in for absent staff"
    "vacation-cover.plan": {MSP_DESK: "AR", IT_MANAGER: "C"},
    "vacation-cover.handover": {MSP_DESK: "AR", INTERNAL_DESK: "C"},
    "vacation-cover.cover-duties": {MSP_DESK: "AR", IT_MANAGER: "I"},
    "vacation-cover.hand-back": {MSP_DESK: "AR", INTERNAL_DESK: "I"},
    "sick-leave-cover.same-day": {MSP_DESK: "AR", IT_MANAGER: "I"},
    "sick-leave-cover.break-glass": {NOC: "AR", IT_MANAGER: "C"},
    "sick-leave-cover.extended-absence": {VCIO: "AR", IT_MANAGER: "C"},
    "sick-leave-cover.runbooks-current": {NOC: "AR", SYSADMIN: "C"},
}

CO_MANAGED = ScopeTemplate(
    service_model=ServiceModel.CO_MANAGED,
    label="Co-managed",
    description="The MSP supplements the client's internal IT team, which stays in charge.",
    cost_structure=CostStructure.VARIABLE,
    control_level=ControlLevel.HIGH,
    roles=(
        RoleSpec(IT_MANAGER, Side.INTERNAL, backup=VCIO),
        RoleSpec(INTERNAL_DESK, Side.INTERNAL, backup=MSP_DESK),
        RoleSpec(SYSADMIN, Side.INTERNAL, backup=NOC),
        RoleSpec(VCIO, Side.MSP),
        RoleSpec(MSP_DESK, Side.MSP),
        RoleSpec(NOC, Side.MSP),
        RoleSpec(SOC, Side.MSP),
    ),
    cells=_CM,
    split_notes={
        "staffing.on-call-rota": "Internal staff are on call in business hours; the MSP NOC "
        "takes nights, weekends and holidays.",
        "strategy.roadmap": "The IT manager sets priorities; the vCIO drafts the roadmap and "
        "brings options seen at other clients.",
        "helpdesk.tier1": "The internal desk answers in business hours; the MSP desk answers "
        "after hours and takes overflow.",
        "security.incident-response": "The SOC contains and investigates; the systems "
        "administrator restores systems and keeps users informed.",
        "backup-dr.restore-tests": "The systems administrator runs the test restore; the NOC "
        "checks the backup chain and records the result.",
        "backup-dr.execute-recovery": "The NOC restores infrastructure; the systems "
        "administrator restores applications and checks them with their owners.",
        "cloud.migrations": "The vCIO's engineers plan and move workloads; the systems "
        "administrator tests and accepts each one.",
        "vendors.software-escalation": "Whoever holds the ticket opens and chases the vendor case.",
        "compliance.audit-evidence": "The SOC exports security evidence; the systems "
        "administrator gathers access and asset records.",
    },
    after_hours_by_domain={"helpdesk": MSP_DESK, "security": SOC},
    tools=(
        ToolSpec("MSP RMM", "RMM", Side.MSP, Side.MSP, NOC, ToolFate.REMOVED),
        ToolSpec(
            "Client ticketing system",
            "Ticketing",
            Side.INTERNAL,
            Side.INTERNAL,
            INTERNAL_DESK,
            ToolFate.CLIENT_KEEPS,
            "The MSP desk works in the client's queue with its own accounts.",
        ),
        ToolSpec(
            "Endpoint detection and response", "EDR", Side.MSP, Side.MSP, SOC, ToolFate.REMOVED
        ),
        ToolSpec(
            "Backup platform", "Backup", Side.INTERNAL, Side.INTERNAL, NOC, ToolFate.CLIENT_KEEPS
        ),
        ToolSpec(
            "Microsoft 365 tenant",
            "Cloud",
            Side.INTERNAL,
            Side.INTERNAL,
            SYSADMIN,
            ToolFate.CLIENT_KEEPS,
        ),
    ),
)

# Response targets most MSP contracts start from, in minutes per window: the urgent
# round-the-clock duties answer within a quarter of an hour, the rest within the working
# day. A template sets only the windows the activity's coverage need includes.
_URGENT = {"business_hours": 15, "after_hours": 15, "weekends_holidays": 15}
_PROMPT = {"business_hours": 30, "after_hours": 60, "weekends_holidays": 60}
RESPONSE_TARGETS: dict[str, dict[str, int]] = {
    "monitoring.respond-alerts": _URGENT,
    "security.soc-monitoring": _URGENT,
    "security.incident-response": _URGENT,
    "security.edr": _PROMPT,
    "backup-dr.monitor-jobs": _PROMPT,
    "backup-dr.execute-recovery": _PROMPT,
    "monitoring.network-isp": _PROMPT,
    "helpdesk.major-incident-comms": _PROMPT,
    "helpdesk.tier1": {"business_hours": 60, "after_hours": 240},
}

TEMPLATES = {
    ServiceModel.FULLY_MANAGED: FULLY_MANAGED,
    ServiceModel.CO_MANAGED: CO_MANAGED,
}


def get_template(service_model: str) -> ScopeTemplate:
    return TEMPLATES[ServiceModel(service_model)]
