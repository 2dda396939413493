"""What an import reports: the problems that stop it, the changes it makes, and why a
file is refused."""

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, where a person can find it."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}: {self.message}"
        if self.sheet:
            return f"{self.sheet}: {self.message}"
        return self.message


@dataclass(frozen=True)
class Change:
    """One value the import changes (or would change, in a dry run)."""

    sheet: str
    cell: str
    subject: str
    field: str
    before: str
    after: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.field in ("added", "removed"):
            return f"{where}: {self.subject}: {self.field}"
        return f'{where}: {self.subject}: {self.field} "{self.before}" -> "{self.after}"'


@dataclass
class ImportResult:
    changes: list[Change]
    applied: bool
    version: int
    warnings: list[str] = field(default_factory=list)


class WorkbookError(Exception):
    """The workbook cannot be imported; `problems` says every reason."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems) or [Problem("", "", message)]


class WorkbookRefused(WorkbookError):
    """The file is not a workbook we will open: wrong type, damaged, too big, macros."""


class WorkbookInvalid(WorkbookError):
    """The workbook opened, but some of its cells cannot be imported."""
