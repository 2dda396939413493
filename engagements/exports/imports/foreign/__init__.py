"""The on-ramp: a RACI sheet the MSP already keeps, in its own layout, into a draft.

`sheet_preview` reads the file (.xlsx or .csv, under the workbook import's limits), finds
its layout, proposes a mapping (over the one saved for this layout at this client, and
under what the person chose) and shows the matrix it would make with its findings; it
writes nothing. `sheet_import` does the same and, when nothing is wrong, creates the draft
(or fills an existing draft) in one transaction and keeps the mapping for the client. Any
problem stops it with every problem named by sheet and cell; nothing is written then.
"""

import os
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from engagements.analysis import Finding, engagement_findings
from engagements.analysis.data import MatrixData
from engagements.analysis.onramp import Proposal, propose
from engagements.analysis.onramp.layout import text_key
from engagements.analysis.onramp.mapping import MappingError
from engagements.doors import through
from engagements.exports.imports.foreign.reading import MAX_BYTES, read_sheet_file
from engagements.exports.imports.results import Problem, WorkbookInvalid, WorkbookRefused
from engagements.models import (
    Activity,
    Client,
    Door,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
)
from engagements.permissions import can_edit
from engagements.selectors.matrix import load_matrix
from engagements.selectors.onramp import (
    catalog_entries,
    layout_signature,
    msp_name,
    onramp_catalog,
    sheet_mapping_for,
)
from engagements.services import engagement_ensure_editable
from engagements.services.onramp import (
    SheetNotApplied,
    engagement_create_from_sheet,
    engagement_fill_from_sheet,
    sheet_mapping_save,
)

__all__ = [
    "MAX_BYTES",
    "MappingError",
    "Problem",
    "read_sheet_file",
    "SheetPreview",
    "WorkbookInvalid",
    "WorkbookRefused",
    "sheet_import",
    "sheet_preview",
]


@dataclass
class SheetPreview:
    """What a sheet would become: the proposal (mapping, matches, letters, problems), the
    matrix it makes (existing draft included) and that matrix's findings."""

    proposal: Proposal
    data: MatrixData | None
    findings: list[Finding]
    signature: str
    titles: list[str]
    saved_mapping: bool  # a mapping saved for this layout was applied
    problems: list[Problem] = field(default_factory=list)

    @property
    def mapping(self) -> dict:
        return self.proposal.mapping()

    @property
    def new_role_names(self) -> list[str]:
        return [column.role for column in self.proposal.new_roles]

    @property
    def new_activity_names(self) -> list[str]:
        return [row.activity_name for row in self.proposal.new_activities]


def _merged(saved: dict | None, given: dict | None) -> dict | None:
    """The person's choices over the saved mapping, part by part."""
    if not saved:
        return given
    if given is None or not isinstance(given, dict) or not isinstance(saved, dict):
        return given if given is not None else saved
    merged = dict(saved)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(saved.get(key), dict):
            merged[key] = {**saved[key], **value}
        else:
            merged[key] = value
    return merged


def _check_access(client: Client | None, engagement: Engagement | None, by) -> None:
    if engagement is not None:
        if not can_edit(by, engagement):
            raise PermissionDenied("Only the account manager of this client can import its scope.")
        engagement_ensure_editable(engagement)
    elif client is None or not can_edit(by, client):
        raise PermissionDenied("Only the account manager of this client can import a sheet.")


def _propose(*, file, filename, client, engagement, mapping, use_saved: bool):
    grids = read_sheet_file(file, filename)
    activities, domains = onramp_catalog(client=client)
    existing = (
        {role.name: role.side for role in Role.objects.filter(engagement=engagement)}
        if engagement is not None
        else {}
    )
    context = dict(
        catalog=catalog_entries(activities),
        domains={code: domain.name for code, domain in domains.items()},
        existing_roles=existing,
        client_name=client.name,
        msp_name=msp_name(),
    )
    proposal = propose(grids, mapping=mapping, **context)
    titles = [title for _, title in sorted(proposal.layout.titles.items())]
    signature = layout_signature(titles)
    saved = sheet_mapping_for(client=client, signature=signature) if use_saved else None
    if saved is not None:
        proposal = propose(grids, mapping=_merged(saved.mapping, mapping), **context)
    return proposal, activities, domains, titles, signature, saved is not None


def _problems(proposal: Proposal) -> list[Problem]:
    return [Problem(proposal.sheet, cell, message) for cell, message in proposal.problems]


def _preview_data(proposal, activities, domains, client, engagement, service_model, title):
    """The matrix the sheet makes, as unsaved objects with stand-in ids, over the draft's
    own when one is filled: what the findings and the preview read."""
    if engagement is not None:
        base = load_matrix(engagement)
        target, roles, rows = base.engagement, list(base.roles), list(base.rows)
        cells = dict(base.cells)
        coverage, tools = dict(base.coverage), list(base.tools)
    else:
        target = Engagement(
            client=client,
            title=title or "Preview",
            service_model=service_model or ServiceModel.CO_MANAGED,
        )
        roles, rows, cells, coverage, tools = [], [], {}, {}, []
    next_id = -1
    by_name = {text_key(role.name): role for role in roles}
    for column in proposal.roles:
        if text_key(column.role) not in by_name:
            role = Role(id=next_id, engagement=target, name=column.role, side=column.side)
            next_id -= 1
            roles.append(role)
            by_name[text_key(column.role)] = role
    by_code = {activity.code: activity for activity in activities}
    by_activity = {row.activity.code: row for row in rows}
    for choice in proposal.activity_rows:
        if choice.new:
            activity = Activity(
                id=next_id,
                code=f"new.{choice.number}",
                name=choice.activity_name,
                domain=domains.get(choice.domain) or next(iter(domains.values())),
                client=client,
                order=10_000 + choice.number,
            )
            next_id -= 1
        else:
            activity = by_code[choice.activity]
        row = by_activity.get(activity.code)
        if row is None:
            row = MatrixRow(id=next_id, engagement=target, activity=activity, order=activity.order)
            next_id -= 1
            rows.append(row)
            by_activity[activity.code] = row
        for name, letters in choice.letters.items():
            cells[(row.id, by_name[text_key(name)].id)] = letters
    rows.sort(key=lambda r: (r.activity.domain.order, r.activity.domain.code, r.order, r.id))
    return MatrixData(
        engagement=target, roles=roles, rows=rows, cells=cells, coverage=coverage, tools=tools
    )


def sheet_preview(
    *,
    file,
    filename: str,
    client: Client,
    by,
    mapping: dict | None = None,
    engagement: Engagement | None = None,
    service_model: str = "",
    title: str = "",
    use_saved: bool = True,
) -> SheetPreview:
    """What the sheet would become, written nowhere. Raises WorkbookRefused for a file not
    opened, MappingError for a mapping of the wrong shape, PermissionDenied."""
    if engagement is not None:
        client = engagement.client
    _check_access(client, engagement, by)
    proposal, activities, domains, titles, signature, saved = _propose(
        file=file,
        filename=filename,
        client=client,
        engagement=engagement,
        mapping=mapping,
        use_saved=use_saved,
    )
    data, findings = None, []
    if proposal.layout.found and proposal.roles:
        data = _preview_data(
            proposal, activities, domains, client, engagement, service_model, title
        )
        findings = engagement_findings(data)
    return SheetPreview(
        proposal=proposal,
        data=data,
        findings=findings,
        signature=signature,
        titles=titles,
        saved_mapping=saved,
        problems=_problems(proposal),
    )


def sheet_import(
    *,
    file,
    filename: str,
    client: Client,
    by,
    title: str = "",
    service_model: str = "",
    mapping: dict | None = None,
    engagement: Engagement | None = None,
    expected_version: int | None = None,
    use_saved: bool = True,
    save_mapping: bool = True,
) -> tuple[Engagement, SheetPreview]:
    """Create the draft the sheet makes (or fill `engagement`) and keep the mapping for
    the client, all in one transaction. Raises WorkbookInvalid with every problem (sheet
    and cell) and writes nothing; WorkbookRefused, MappingError, PermissionDenied and the
    services' errors likewise leave everything as it was."""
    preview = sheet_preview(
        file=file,
        filename=filename,
        client=client,
        by=by,
        mapping=mapping,
        engagement=engagement,
        service_model=service_model,
        title=title,
        use_saved=use_saved,
    )
    if engagement is not None:
        client = engagement.client
    if not title:
        title = os.path.splitext(os.path.basename(filename or ""))[0].strip() or "Imported sheet"
    if not service_model:
        # Roles on the client's side mean the client keeps part of the work.
        internal = any(column.side == Side.INTERNAL for column in preview.proposal.roles)
        service_model = ServiceModel.CO_MANAGED if internal else ServiceModel.FULLY_MANAGED
    if preview.problems:
        count = len(preview.problems)
        raise WorkbookInvalid(
            f"The sheet has {count} problem{'s' if count != 1 else ''}; nothing was imported.",
            preview.problems,
        )
    proposal = preview.proposal
    activities, domains = onramp_catalog(client=client)
    by_code = {activity.code: activity for activity in activities}
    try:
        with through(Door.IMPORT), transaction.atomic():
            if engagement is None:
                result = engagement_create_from_sheet(
                    client=client,
                    title=title,
                    service_model=service_model,
                    proposal=proposal,
                    activities=by_code,
                    domains=domains,
                    by=by,
                )
            else:
                result = engagement_fill_from_sheet(
                    engagement=engagement,
                    proposal=proposal,
                    activities=by_code,
                    domains=domains,
                    by=by,
                    expected_version=expected_version,
                )
            if save_mapping:
                sheet_mapping_save(
                    client=client,
                    signature=preview.signature,
                    titles=preview.titles,
                    mapping=preview.mapping,
                    by=by,
                )
    except SheetNotApplied as exc:
        raise WorkbookInvalid(
            "The sheet could not be imported; nothing was written.",
            [Problem(sheet, cell, message) for sheet, cell, message in exc.problems],
        ) from exc
    return result, preview


# Errors a door turns into a 400 naming what is wrong.
INPUT_ERRORS = (WorkbookRefused, WorkbookInvalid, MappingError, ValidationError)
