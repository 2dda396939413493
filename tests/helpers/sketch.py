"""Matrices sketched in memory, for rule tests that need no database.

The rules are pure functions over MatrixData, so a test can draw the smallest matrix that
shows a problem, run the rules, change one thing and run them again, in microseconds.
"""

import datetime
from itertools import count

from engagements.analysis import AnalysisConfig, engagement_findings
from engagements.analysis.data import MatrixData
from engagements.models import (
    Activity,
    Client,
    CoverageNeed,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    ServiceModel,
    Tool,
)


class Sketch:
    """A small engagement: add roles, rows, letters, coverage and tools, then `.data()`."""

    def __init__(
        self,
        service_model: str = ServiceModel.CO_MANAGED,
        business_days: str = "12345",
        business_start: datetime.time = datetime.time(8, 0),
        business_end: datetime.time = datetime.time(17, 0),
        time_zone: str = "America/Chicago",
    ):
        self._ids = count(1)
        self.client = Client(id=1, name="Acme Logistics", slug="acme", time_zone=time_zone)
        self.engagement = Engagement(
            id=1,
            client=self.client,
            title="Co-managed IT",
            slug="co-managed-it",
            service_model=service_model,
            business_days=business_days,
            business_start=business_start,
            business_end=business_end,
        )
        self.roles: dict[str, Role] = {}
        self.rows: dict[str, MatrixRow] = {}
        self.cells: dict[tuple[int, int], str] = {}
        self.coverage: dict[tuple[int, str], int] = {}
        self.tools: dict[str, Tool] = {}
        self.acknowledgements: dict[str, FindingAcknowledgement] = {}
        self._domains: dict[str, Domain] = {}
        self.people: dict[int, list] = {}  # role id -> directory people
        self.targets: dict[tuple[int, str], int] = {}  # (row id, window) -> minutes

    # -- building --------------------------------------------------------------------------

    def role(self, name: str, side: str, person: str = "", backup: str = "") -> Role:
        role = Role(
            id=next(self._ids),
            engagement=self.engagement,
            name=name,
            side=side,
            person_name=person,
            order=len(self.roles),
        )
        if backup:
            role.absence_backup = self.roles[backup]
        self.roles[name] = role
        return role

    def backup(self, name: str, backup: str | None) -> None:
        self.roles[name].absence_backup = self.roles[backup] if backup else None

    def row(
        self,
        code: str,
        name: str = "",
        *,
        need: str = CoverageNeed.BUSINESS_HOURS,
        in_scope: bool = True,
        split_note: str = "",
        coverage_need: str = "",
        letters: dict[str, str] | None = None,
        covered_by: dict[str, str] | None = None,
    ) -> MatrixRow:
        domain_code = code.split(".")[0] if "." in code else "ops"
        domain = self._domains.setdefault(
            domain_code,
            Domain(id=next(self._ids), code=domain_code, name=domain_code.title(), order=0),
        )
        activity = Activity(
            id=next(self._ids),
            domain=domain,
            code=code,
            name=name or code.split(".")[-1].replace("-", " ").capitalize(),
            default_coverage=need,
            order=len(self.rows),
        )
        row = MatrixRow(
            id=next(self._ids),
            engagement=self.engagement,
            activity=activity,
            in_scope=in_scope,
            split_note=split_note,
            coverage_need=coverage_need,
            order=len(self.rows),
        )
        self.rows[code] = row
        for role_name, value in (letters or {}).items():
            self.set(code, role_name, value)
        for window, role_name in (covered_by or {}).items():
            self.cover(code, window, role_name)
        return row

    def set(self, code: str, role_name: str, letters: str) -> None:
        key = (self.rows[code].id, self.roles[role_name].id)
        if letters:
            self.cells[key] = letters
        else:
            self.cells.pop(key, None)

    def cover(self, code: str, window: str, role_name: str | None) -> None:
        key = (self.rows[code].id, window)
        if role_name:
            self.coverage[key] = self.roles[role_name].id
        else:
            self.coverage.pop(key, None)

    def name_people(self, role_name: str, *people) -> None:
        """Directory people on a role (Person objects, unsaved)."""
        self.people[self.roles[role_name].id] = list(people)

    def target(self, code: str, window: str, minutes: int | None) -> None:
        key = (self.rows[code].id, window)
        if minutes:
            self.targets[key] = minutes
        else:
            self.targets.pop(key, None)

    def tool(self, name: str, administered_by: str = "", **fields) -> Tool:
        tool = Tool(id=next(self._ids), engagement=self.engagement, name=name, **fields)
        if administered_by:
            tool.administered_by = self.roles[administered_by]
        self.tools[name] = tool
        return tool

    def acknowledge(self, key: str, reason: str = "Accepted for this revision.") -> None:
        self.acknowledgements[key] = FindingAcknowledgement(finding_key=key, reason=reason)

    # -- reading ---------------------------------------------------------------------------

    def data(self) -> MatrixData:
        return MatrixData(
            engagement=self.engagement,
            roles=list(self.roles.values()),
            rows=list(self.rows.values()),
            cells=dict(self.cells),
            coverage=dict(self.coverage),
            tools=sorted(self.tools.values(), key=lambda t: t.name),
            acknowledgements=dict(self.acknowledgements),
            people={role_id: list(people) for role_id, people in self.people.items()},
            response_targets=dict(self.targets),
        )

    def findings(self, config: AnalysisConfig | None = None):
        return engagement_findings(self.data(), config or AnalysisConfig())

    def found(self, code: str, config: AnalysisConfig | None = None):
        """The findings with one code."""
        return [f for f in self.findings(config) if f.code == code]

    def keys(self, code: str, config: AnalysisConfig | None = None) -> list[str]:
        return [f.key for f in self.found(code, config)]
