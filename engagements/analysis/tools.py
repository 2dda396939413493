"""Rules about the tools an engagement runs on: who owns each one, and what happens to it
when the engagement ends (the article's FAQ on tools and licences)."""

from collections.abc import Iterator

from engagements.analysis.core import AnalysisConfig, Finding, Severity, rule
from engagements.analysis.data import MatrixData
from engagements.models import Tool
from engagements.models.choices import SIDE_IN_SENTENCE


def _tool_subject(tool: Tool) -> dict:
    return {"tool": tool.name, "tool_id": tool.id}


def _held_by(tool: Tool) -> str:
    parts = []
    if tool.licence_holder_side:
        parts.append(f"{SIDE_IN_SENTENCE[tool.licence_holder_side]} holds the licence")
    if tool.administered_by_id and tool.administered_by is not None:
        parts.append(f"{tool.administered_by.name} administers it")
    return f" ({' and '.join(parts)})" if parts else ""


@rule
def gap_tool_owner(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A tool nobody owns: at renewal or exit, nobody can say whose it is."""
    for tool in data.tools:
        if not tool.owner_side:
            yield Finding(
                code="GAP_TOOL_OWNER",
                severity=Severity.ERROR,
                message=f'Nobody is named as the owner of the tool "{tool.name}"{_held_by(tool)}.',
                suggestion="Say whether the client, the MSP or a vendor owns it, and who holds "
                "the licence.",
                **_tool_subject(tool),
            )


@rule
def gap_tool_exit_terms(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A tool with no agreed fate at the end of the engagement: the client may lose access
    to its own data, or keep paying for a tool nobody runs."""
    for tool in data.tools:
        if not tool.exit_fate:
            owner = f", owned by {SIDE_IN_SENTENCE[tool.owner_side]}," if tool.owner_side else ""
            yield Finding(
                code="GAP_TOOL_EXIT_TERMS",
                severity=Severity.WARNING,
                message=f'Nobody has agreed what happens to "{tool.name}"{owner} when the '
                "engagement ends.",
                suggestion="Choose its fate at exit: transfers to the client, removed by the "
                "MSP, or the client keeps it.",
                **_tool_subject(tool),
            )
