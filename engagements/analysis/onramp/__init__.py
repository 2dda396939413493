"""Someone else's RACI sheet, read as pure data: where its header, activities, roles and
sections are (layout), what its letters say (letters), and how its columns and rows map onto
roles and the catalog (mapping). Nothing here reads a file, queries or writes: the reader in
exports/imports/foreign hands in the rows, and the services write what the mapping plans."""

from engagements.analysis.onramp.layout import Layout, SheetGrid, detect_layout
from engagements.analysis.onramp.letters import CellLetters, read_cell
from engagements.analysis.onramp.mapping import (
    CatalogEntry,
    ColumnChoice,
    Proposal,
    RowChoice,
    UnknownLetter,
    propose,
)

__all__ = [
    "CatalogEntry",
    "CellLetters",
    "ColumnChoice",
    "Layout",
    "Proposal",
    "RowChoice",
    "SheetGrid",
    "UnknownLetter",
    "detect_layout",
    "propose",
    "read_cell",
]
