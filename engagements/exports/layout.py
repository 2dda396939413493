"""The workbook's layout as both directions read it: sheet names, column headers, the words
written for each choice, and the format version.

The exporter writes these; the importer finds columns by these headers (not by position)
and accepts the labels, the stored values and a few short forms people type by hand.
"""

from django.db import models

from engagements.models import CoverageNeed, Side, ToolFate, Window
from engagements.models.choices import SIDE_SHORT
from engagements.models.text import name_key, nfc

# Bumped when a change to the layout means an older raci could misread a newer workbook.
FORMAT_VERSION = "1"

COVER = "Cover"
MATRIX = "RACI matrix"
COVERAGE = "Coverage"
FINDINGS = "Findings"
TOOLS = "Tools"
COMPLIANCE = "Compliance"  # written, never read back
CHANGES = "Changes"  # since the previous revision; never read back
LEGEND = "Legend"
# The exhibit's order: the agreement, then what changed, then the appendices.
SHEETS = (COVER, MATRIX, COVERAGE, TOOLS, COMPLIANCE, CHANGES, FINDINGS, LEGEND)

# RACI matrix columns (role columns sit between CODE and IN_SCOPE; the findings marker
# comes last, outside the print area).
ACTIVITY = "Activity"
CODE = "Code"
FINDINGS_MARK = "Findings"
IN_SCOPE = "In scope"
SPLIT_NOTE = "Split note"
MATRIX_FIXED = (ACTIVITY, CODE, FINDINGS_MARK, IN_SCOPE, SPLIT_NOTE)

# Coverage columns.
REQUIRED = "Required coverage"
WINDOW_HEADERS = {window.value: window.label for window in Window}

# Tools columns.
TOOL = "Tool"
CATEGORY = "Category"
OWNER_SIDE = "Owner side"
LICENCE_HOLDER = "Licence holder"
ADMINISTERED_BY = "Administered by"
EXIT_FATE = "Fate at the end"
NOTES = "Notes"
TOOL_HEADERS = (TOOL, CATEGORY, OWNER_SIDE, LICENCE_HOLDER, ADMINISTERED_BY, EXIT_FATE, NOTES)

# Compliance columns (the customer responsibility matrix).
FRAMEWORK = "Framework"
CONTROL = "Control"
CONTROL_TITLE = "Title"
ORIGINATION = "Origination"
CAN_BE_INHERITED = "Can be inherited"
CUSTOMER_PART = "Customer's responsibility"
MSP_PART = "MSP's responsibility"
RESPONSIBLE_ROLE = "Responsible role"
IMPLEMENTED_BY = "Implementing activities"
COMPLIANCE_HEADERS = (
    FRAMEWORK,
    CONTROL,
    CONTROL_TITLE,
    ORIGINATION,
    CAN_BE_INHERITED,
    CUSTOMER_PART,
    MSP_PART,
    RESPONSIBLE_ROLE,
    IMPLEMENTED_BY,
    FINDINGS_MARK,
)

# Legend rows the importer reads back.
FORMAT_LABEL = "Format version"
ENGAGEMENT_LABEL = "Engagement id"
VERSION_LABEL = "Matrix version"

YES, NO = "Yes", "No"
SIDE_BANDS = SIDE_SHORT  # the band over each side's role columns

# The longest free text the API and the pages accept (a split note, a tool's notes).
LONG_TEXT = 10_000

# Excel and LibreOffice cap a cell at this many characters.
CELL_MAX_CHARS = 32_767


def normalize(value) -> str:
    """What a person meant, for matching: NFC, trimmed, case folded, single spaces (the
    key names are compared by: models.text.name_key)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return name_key(str(value))


def cell_text(value) -> str:
    """A cell as text, NFC (as every door stores text: models.text.nfc), trimmed; numbers
    without a trailing .0; empty for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return nfc(text.strip())


def _vocabulary(choices: type[models.TextChoices], extra: dict[str, str] | None = None):
    words = {}
    for choice in choices:
        words[normalize(choice.value)] = choice.value
        words[normalize(choice.label)] = choice.value
        words[normalize(choice.value.replace("_", " "))] = choice.value
    for word, value in (extra or {}).items():
        words[normalize(word)] = value
    return words


SIDE_WORDS = _vocabulary(
    Side,
    {
        "internal": Side.INTERNAL,
        "client": Side.INTERNAL,
        "vendor": Side.VENDOR,
        "third party": Side.VENDOR,
    },
)
FATE_WORDS = _vocabulary(
    ToolFate,
    {
        "transfers": ToolFate.TRANSFERS_TO_CLIENT,
        "transferred to the client": ToolFate.TRANSFERS_TO_CLIENT,
        "removed": ToolFate.REMOVED,
        "client keeps": ToolFate.CLIENT_KEEPS,
    },
)
NEED_WORDS = _vocabulary(
    CoverageNeed,
    {"24/7": CoverageNeed.ALWAYS, "24 x 7": CoverageNeed.ALWAYS, "extended": CoverageNeed.EXTENDED},
)
YES_NO_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "x": True,
    "in": True,
    "in scope": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "out": False,
    "out of scope": False,
}
