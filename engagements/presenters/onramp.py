"""The on-ramp's preview laid out for the page: the matrix the sheet makes, by domain, with
roles grouped by side as the matrix page shows them; and its findings counted."""

from dataclasses import dataclass

from engagements.analysis.data import MatrixData
from engagements.models import Severity
from engagements.models.choices import SIDE_SHORT
from engagements.models.letters import display_letters


@dataclass
class PreviewCell:
    letters: str
    classes: str


@dataclass
class PreviewRow:
    name: str
    new: bool
    cells: list[PreviewCell]


def preview_matrix(data: MatrixData) -> dict:
    """Sides, columns (roles in side order) and domains of rows, each cell's letters."""
    sides = data.roles_by_side()
    columns = [role for _, roles in sides for role in roles]
    domains = []
    for domain, rows in data.domains():
        laid = []
        for row in rows:
            cells = data.row_cells(row)
            laid.append(
                PreviewRow(
                    name=row.activity.name,
                    new=(row.activity.id or 0) < 0,
                    cells=[
                        PreviewCell(
                            display_letters(cells.get(role.id, "")),
                            "cell "
                            + " ".join(f"has-{ch.lower()}" for ch in cells.get(role.id, "")),
                        )
                        for role in columns
                    ],
                )
            )
        domains.append({"domain": domain, "rows": laid})
    return {
        "sides": [
            {"side": side, "label": SIDE_SHORT[side], "count": len(roles)} for side, roles in sides
        ],
        "columns": columns,
        "domains": domains,
    }


def findings_counted(findings) -> list[dict]:
    """How many findings of each severity, worst first, only those there are."""
    counts = []
    for value in Severity.ORDER:
        severity = Severity(value)
        count = sum(1 for finding in findings if finding.severity == value)
        if count:
            counts.append({"severity": value, "label": severity.plural, "count": count})
    return counts


def row_options(row) -> list[tuple[str, str, bool]]:
    """The choices for one sheet row (value, label, selected): its closest activities with
    their scores, the activity chosen if it is not among them, a new activity, or skip."""
    chosen = "skip" if row.skip else "new" if row.new else row.activity
    options = [(c.code, f"{c.name} ({c.score:.0f})", c.code == chosen) for c in row.candidates]
    if chosen not in ("skip", "new", "") and chosen not in {c.code for c in row.candidates}:
        score = f" ({row.score:.0f})" if row.score is not None else ""
        options.insert(0, (chosen, f"{row.activity_name}{score}", True))
    text = row.text if len(row.text) <= 50 else row.text[:47] + "..."
    options.append(("new", f"New activity: {text}", chosen == "new"))
    options.append(("skip", "Skip this row", chosen == "skip"))
    return options
