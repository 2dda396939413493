"""The content fingerprint of a revision: SHA-256 over a canonical serialisation of what the
parties agree on, so a printed or e-mailed copy can be tied to the revision it claims to be.

What it covers (and only this; comments, findings, acknowledgements, ids, colours and the
export time are left out, so discussing a revision never changes it):

- parties: the MSP's legal name and address, the client's legal name, the agreement
  reference and exhibit label;
- terms: title, revision number, service model, effective dates, business days and hours
  and their time zone, cost structure, control level;
- roles: name, side, named person, absence backup;
- the activities in scope: code, name, the letters of every role holding any, the split
  note, the required coverage, the role covering each window and (from version 2) the
  response target in minutes for each window that has one;
- tools: every column of the Tools sheet;
- compliance controls: framework, control, origination, the client's and the MSP's part
  and the responsible role.

The serialisation (version "raci-fingerprint/2"; the version is the document's "format"
key, so two versions never give the same fingerprint): a JSON object with exactly those keys,
keys sorted, no whitespace between tokens (separators "," and ":"), non-ASCII characters
written as themselves, UTF-8 encoded. Text is NFC-normalised, line breaks are "\\n", a
non-breaking space is a space, and each value is trimmed. Choices are stored values
("fully_managed", "msp"), dates ISO (YYYY-MM-DD, "" when open), times HH:MM, letters in
canonical order ("AR"). Lists are sorted so that column, row and tool order never count:
roles and tools by name (case-folded), rows by activity code, controls by framework and
control id. Both the database and a workbook produce this same document (see
`exports.exhibit`), which is how `verify_exhibit` recomputes a copy's fingerprint.

Versions: 1 had no response targets. A revision signed under version 1 keeps the
fingerprint frozen then, and still recomputes with version 1 (`document(version=1)` leaves
the targets out), so its copies keep verifying; revisions signed since are version 2.
"""

import hashlib
import json
import unicodedata
from dataclasses import dataclass

from engagements.analysis.controls import responsibility_matrix
from engagements.analysis.data import WINDOW_ORDER, MatrixData

FORMATS = {1: "raci-fingerprint/1", 2: "raci-fingerprint/2"}
VERSION = 2  # what a revision signed today is frozen with
FORMAT = FORMATS[VERSION]
SHORT_LENGTH = 12  # how many hex digits the footer of every page prints


@dataclass(frozen=True)
class Parties:
    """Who the agreement is between, as the exhibit names them."""

    msp_name: str
    msp_address: str
    client_name: str
    agreement_reference: str
    exhibit_label: str


def text(value) -> str:
    """A value as the serialisation writes it: NFC, "\\n" line breaks, NBSP as space, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = unicodedata.normalize("NFC", str(value))
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.strip() for line in value.split("\n")).strip()


def _key(name: str) -> str:
    return text(name).casefold()


def document(
    *,
    parties: Parties,
    terms: dict,
    roles: list[dict],
    rows: list[dict],
    tools: list[dict],
    controls: list[dict],
    version: int = VERSION,
) -> dict:
    """The canonical document from plain values (both the database and a workbook give
    these): every string cleaned, every list in its canonical order. Version 1 leaves each
    row's response targets out."""
    if version < 2:
        rows = [{k: v for k, v in row.items() if k != "targets"} for row in rows]
    else:
        rows = [{"targets": {}, **row} for row in rows]

    def clean(mapping: dict) -> dict:
        return {k: clean(v) if isinstance(v, dict) else text(v) for k, v in mapping.items()}

    return {
        "format": FORMATS[version],
        "parties": clean(
            {
                "msp": parties.msp_name,
                "msp_address": parties.msp_address,
                "client": parties.client_name,
                "agreement_reference": parties.agreement_reference,
                "exhibit_label": parties.exhibit_label,
            }
        ),
        "terms": clean(terms),
        "roles": sorted((clean(r) for r in roles), key=lambda r: _key(r["name"])),
        "rows": sorted((clean(r) for r in rows), key=lambda r: r["code"]),
        "tools": sorted((clean(t) for t in tools), key=lambda t: _key(t["name"])),
        "controls": sorted(
            (clean(c) for c in controls), key=lambda c: (c["framework"], c["control"])
        ),
    }


def canonical_bytes(doc: dict) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def digest(doc: dict) -> str:
    """The fingerprint: SHA-256 of the canonical bytes, 64 lower-case hex digits."""
    return hashlib.sha256(canonical_bytes(doc)).hexdigest()


def short(fingerprint: str) -> str:
    return fingerprint[:SHORT_LENGTH]


def revision_document(data: MatrixData, parties: Parties, version: int = VERSION) -> dict:
    """The canonical document of a loaded revision."""
    engagement = data.engagement
    roles_by_id = data.roles_by_id
    terms = {
        "title": engagement.title,
        "revision": engagement.revision,
        "service_model": engagement.service_model,
        "effective_from": engagement.effective_from.isoformat()
        if engagement.effective_from
        else "",
        "effective_to": engagement.effective_to.isoformat() if engagement.effective_to else "",
        "business_days": "".join(sorted(engagement.business_days)),
        "business_start": f"{engagement.business_start:%H:%M}",
        "business_end": f"{engagement.business_end:%H:%M}",
        "time_zone": engagement.client.time_zone,
        "cost_structure": engagement.cost_structure,
        "control_level": engagement.control_level,
    }
    roles = []
    for role in data.roles:
        backup = roles_by_id.get(role.absence_backup_id)
        roles.append(
            {
                "name": role.name,
                "side": role.side,
                "person": role.person_name,
                "backup": backup.name if backup else "",
            }
        )
    rows = []
    for row in data.in_scope_rows:
        cells = data.row_cells(row)
        coverage = data.row_coverage(row)
        rows.append(
            {
                "code": row.activity.code,
                "activity": row.activity.name,
                "letters": {
                    roles_by_id[role_id].name: letters
                    for role_id, letters in cells.items()
                    if role_id in roles_by_id
                },
                "split_note": row.split_note,
                "coverage_need": row.required_coverage,
                "coverage": {w: coverage[w].name for w in WINDOW_ORDER if w in coverage},
                "targets": data.row_targets(row),
            }
        )
    tools = [
        {
            "name": tool.name,
            "category": tool.category,
            "owner_side": tool.owner_side,
            "licence_holder_side": tool.licence_holder_side,
            "administered_by": tool.administered_by.name if tool.administered_by else "",
            "exit_fate": tool.exit_fate,
            "notes": tool.notes,
        }
        for tool in data.tools
    ]
    controls = [
        {
            "framework": line.framework_name,
            "control": line.control_id,
            "origination": line.origination_label,
            "customer_part": line.customer_part,
            "msp_part": line.msp_part,
            "responsible_role": line.responsible_role,
        }
        for line in responsibility_matrix(data)
    ]
    return document(
        parties=parties,
        terms=terms,
        roles=roles,
        rows=rows,
        tools=tools,
        controls=controls,
        version=version,
    )


def revision_fingerprint(data: MatrixData, parties: Parties, version: int = VERSION) -> str:
    return digest(revision_document(data, parties, version))


def frozen_version(data: MatrixData, parties: Parties, frozen: str) -> int:
    """The serialisation version a frozen fingerprint was computed with: the newest whose
    recomputation gives it (the current version when none does, i.e. the content changed)."""
    for version in sorted(FORMATS, reverse=True):
        if revision_fingerprint(data, parties, version) == frozen:
            return version
    return VERSION


def differences(expected: dict, found: dict, path: str = "") -> list[str]:
    """Paths where two documents differ ("rows/PATCH-01/letters/Service desk"): lists of
    records are compared by their name, code or control, so one changed cell is one path."""
    if isinstance(expected, dict) and isinstance(found, dict):
        out = []
        for key in sorted(set(expected) | set(found)):
            if key not in expected or key not in found:
                out.append(f"{path}{key}")
            else:
                out.extend(differences(expected[key], found[key], f"{path}{key}/"))
        return out
    if isinstance(expected, list) and isinstance(found, list):
        return differences(_by_id(expected), _by_id(found), path)
    return [] if expected == found else [path.rstrip("/")]


def _by_id(records: list) -> dict:
    keyed = {}
    for record in records:
        if isinstance(record, dict):
            ident = (
                record.get("code")
                or record.get("name")
                or (f"{record.get('framework', '')} {record.get('control', '')}".strip())
            )
        else:
            ident = str(record)
        keyed[ident] = record
    return keyed
