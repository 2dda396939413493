"""Compliance controls: who provides each selected control, and the customer responsibility
matrix built from it. Pure, like every rule: it reads MatrixData and never queries.

Origination follows FedRAMP and the CSA: the MSP provides the control (the client
inherits it), internal IT provides it, both share it, a named vendor provides it, or it does
not apply. From the client's side that reads as FedRAMP's "can be inherited" column: Yes,
Partial (shared: the split must be written down) or No.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from engagements.analysis.core import AnalysisConfig, Finding, Severity, rule
from engagements.analysis.data import MatrixData
from engagements.models import ControlResponsibility, Origination, Side
from engagements.models.choices import SIDE_IN_SENTENCE, UNDECIDED_LABEL, Inheritance

# The sides that do the work of a control, for each origination that has any.
OWNING_SIDES = {
    Origination.MSP: (Side.MSP,),
    Origination.INTERNAL: (Side.INTERNAL,),
    Origination.SHARED: (Side.MSP, Side.INTERNAL),
}


def can_be_inherited(origination: str) -> str:
    """Yes when the MSP (or a vendor) provides the whole control, Partial when it is shared,
    No when internal IT provides it or it does not apply; blank while nobody has decided."""
    return {
        Origination.MSP: Inheritance.YES,
        Origination.INHERITED: Inheritance.YES,
        Origination.SHARED: Inheritance.PARTIAL,
        Origination.INTERNAL: Inheritance.NO,
        Origination.NOT_APPLICABLE: Inheritance.NO,
    }.get(origination, "")


def providers(origination: str) -> str:
    """Who provides a control, inside a sentence: "the MSP", "the MSP and internal IT"."""
    return " and ".join(SIDE_IN_SENTENCE[side] for side in OWNING_SIDES[origination])


def origination_label(resp: ControlResponsibility) -> str:
    if not resp.origination:
        return UNDECIDED_LABEL
    if resp.origination == Origination.INHERITED and resp.vendor_name:
        return f"Inherited from {resp.vendor_name}"
    return Origination(resp.origination).label


def _subject(resp: ControlResponsibility) -> dict:
    return {"control": resp.control.control_id}


def _name(resp: ControlResponsibility) -> str:
    return f"{resp.control.control_id} ({resp.control.title})"


# -- rules -----------------------------------------------------------------------------------


@rule
def gap_control_owner(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A selected control nobody provides is a gap an auditor will find first: no
    origination, no role answering for it, a role from the wrong side, or a vendor unnamed."""
    for resp in data.controls:
        role = resp.responsible_role
        origination = resp.origination
        if not origination:
            message = f"Nobody has said who provides {_name(resp)}."
            suggestion = (
                "Set its origination: the MSP, internal IT, shared, inherited from a vendor, "
                "or not applicable; then name the role that answers for it."
            )
        elif origination == Origination.INHERITED and not resp.vendor_name:
            message = f"{_name(resp)} is inherited, but from no named vendor."
            suggestion = "Name the vendor that provides it."
        elif origination not in OWNING_SIDES:
            continue
        elif role is None:
            message = (
                f"{_name(resp)} is provided by {providers(origination)} but no role answers for it."
            )
            suggestion = "Name the responsible role."
        elif role.side not in OWNING_SIDES[origination]:
            message = (
                f"{_name(resp)} is provided by {providers(origination)}, but "
                f"its responsible role, {role.name}, is {SIDE_IN_SENTENCE[role.side]}."
            )
            suggestion = "Give it a role from the side that provides it, or change its origination."
        else:
            continue
        yield Finding(
            code="GAP_CONTROL_OWNER",
            severity=Severity.ERROR,
            message=message,
            suggestion=suggestion,
            role=role.name if role else "",
            role_id=role.id if role else None,
            **_subject(resp),
        )


@rule
def overlap_control_unsplit(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A shared control with no written split is FedRAMP's "partial" problem: each side
    assumes the other covers the part in between."""
    for resp in data.controls:
        if resp.origination == Origination.SHARED and not resp.split_description.strip():
            yield Finding(
                code="OVERLAP_CONTROL_UNSPLIT",
                severity=Severity.WARNING,
                message=f"{_name(resp)} is shared, but nobody wrote down how it is split.",
                suggestion="Describe which part the MSP does and which part internal IT does.",
                **_subject(resp),
            )


@rule
def gap_control_unimplemented(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A control is only as real as the work behind it: the side that provides it must do
    (hold an R on) at least one in-scope activity implementing it."""
    for resp in data.controls:
        sides = OWNING_SIDES.get(resp.origination)
        if not sides:
            continue
        rows = [
            data.rows_by_id[row_id]
            for row_id in data.control_rows.get(resp.id, ())
            if row_id in data.rows_by_id and data.rows_by_id[row_id].in_scope
        ]
        if not rows:
            yield Finding(
                code="GAP_CONTROL_UNIMPLEMENTED",
                severity=Severity.WARNING,
                message=f"No in-scope activity of the matrix implements {_name(resp)}.",
                suggestion="Link the activities that implement it (or add one to the matrix).",
                **_subject(resp),
            )
            continue
        doing = {role.side for row in rows for role in data.roles_with(row, "R")}
        idle = [side for side in sides if side not in doing]
        if idle:
            names = " and ".join(SIDE_IN_SENTENCE[side] for side in idle)
            activities = ", ".join(f'"{row.activity.name}"' for row in rows)
            yield Finding(
                code="GAP_CONTROL_UNIMPLEMENTED",
                severity=Severity.WARNING,
                message=f"{_name(resp)} relies on {names}, which does none of the work on "
                f"the activities implementing it ({activities}).",
                suggestion=f"Mark a role of {names} R on one of them, or link the activity "
                "where that work is done.",
                **_subject(resp),
            )


# -- the customer responsibility matrix ------------------------------------------------------


@dataclass(frozen=True)
class ResponsibilityLine:
    """One line of the customer responsibility matrix (the workbook sheet, the page, the
    API): what the client can inherit from the MSP for one control, and what is left to it."""

    responsibility_id: int
    framework: str  # framework code
    framework_name: str
    control_id: str
    title: str
    kind: str
    requirement: str  # HIPAA: required / addressable
    parent_id: str  # the control_id of its category / standard / family
    origination: str  # stored value, "" while undecided
    origination_label: str  # "MSP", "Inherited from Azure", "Not decided"
    can_be_inherited: str  # Yes / Partial / No, "" while undecided
    responsible_role: str
    responsible_role_id: int | None
    responsible_side: str
    vendor_name: str
    split_description: str
    customer_responsibility: str
    msp_responsibility: str
    implemented_by: tuple[str, ...]  # activity names, in matrix order
    implementing_row_ids: tuple[int, ...]

    @property
    def customer_part(self) -> str:
        """What the client does, in words: what was written for it, else the split of a
        shared control, else what the origination says (all of it, none of it)."""
        if self.customer_responsibility:
            return self.customer_responsibility
        return {
            Origination.MSP: "None: the MSP provides it.",
            Origination.INHERITED: f"None: inherited from {self.vendor_name or 'a vendor'}.",
            Origination.SHARED: self.split_description or "Not written down yet.",
            Origination.INTERNAL: "All of it: internal IT provides it.",
            Origination.NOT_APPLICABLE: "None: it does not apply.",
        }.get(self.origination, "")

    @property
    def msp_part(self) -> str:
        """What the MSP does, in words, read the same way as `customer_part`."""
        if self.msp_responsibility:
            return self.msp_responsibility
        return {
            Origination.MSP: "All of it.",
            Origination.INHERITED: f"None: {self.vendor_name or 'a vendor'} provides it.",
            Origination.SHARED: self.split_description or "Not written down yet.",
            Origination.INTERNAL: "None: internal IT provides it.",
            Origination.NOT_APPLICABLE: "None: it does not apply.",
        }.get(self.origination, "")


def responsibility_matrix(data: MatrixData) -> list[ResponsibilityLine]:
    """The customer responsibility matrix of one engagement, in framework and catalog order."""
    row_order = {row.id: i for i, row in enumerate(data.rows)}
    lines = []
    for resp in data.controls:
        control = resp.control
        row_ids = sorted(
            (rid for rid in data.control_rows.get(resp.id, ()) if rid in data.rows_by_id),
            key=row_order.__getitem__,
        )
        role = resp.responsible_role
        lines.append(
            ResponsibilityLine(
                responsibility_id=resp.id,
                framework=control.framework.code,
                framework_name=control.framework.name,
                control_id=control.control_id,
                title=control.title,
                kind=control.kind,
                requirement=control.requirement,
                parent_id=control.parent.control_id if control.parent else "",
                origination=resp.origination,
                origination_label=origination_label(resp),
                can_be_inherited=can_be_inherited(resp.origination),
                responsible_role=role.name if role else "",
                responsible_role_id=role.id if role else None,
                responsible_side=role.side if role else "",
                vendor_name=resp.vendor_name,
                split_description=resp.split_description,
                customer_responsibility=resp.customer_responsibility,
                msp_responsibility=resp.msp_responsibility,
                implemented_by=tuple(data.rows_by_id[rid].activity.name for rid in row_ids),
                implementing_row_ids=tuple(row_ids),
            )
        )
    return lines
