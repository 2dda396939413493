"""Rules about tools: who owns each one, and what happens to it when the engagement ends."""

from engagements.analysis import Severity
from engagements.models import Side, ToolFate

NOC = "MSP NOC"


def test_a_tool_with_no_owning_side_is_a_gap(sketch):
    sketch.tool("Legacy VPN appliance", administered_by=NOC, exit_fate=ToolFate.REMOVED)
    [finding] = sketch.found("GAP_TOOL_OWNER")
    assert finding.severity == Severity.ERROR
    assert finding.key == "GAP_TOOL_OWNER:tool=Legacy VPN appliance"
    assert finding.message == (
        'Nobody is named as the owner of the tool "Legacy VPN appliance" (MSP NOC administers it).'
    )

    sketch.tools["Legacy VPN appliance"].owner_side = Side.INTERNAL
    assert sketch.found("GAP_TOOL_OWNER") == []


def test_a_tool_owner_finding_says_who_holds_the_licence(sketch):
    sketch.tool("Password manager", licence_holder_side=Side.MSP, exit_fate=ToolFate.REMOVED)
    [finding] = sketch.found("GAP_TOOL_OWNER")
    assert "(the MSP holds the licence)" in finding.message


def test_a_tool_with_no_agreed_fate_at_exit_is_a_warning(sketch):
    sketch.tool("Password manager", owner_side=Side.MSP, licence_holder_side=Side.MSP)
    [finding] = sketch.found("GAP_TOOL_EXIT_TERMS")
    assert finding.severity == Severity.WARNING
    assert finding.message == (
        'Nobody has agreed what happens to "Password manager", owned by the MSP, when the '
        "engagement ends."
    )

    sketch.tools["Password manager"].exit_fate = ToolFate.TRANSFERS_TO_CLIENT
    assert sketch.found("GAP_TOOL_EXIT_TERMS") == []


def test_a_tool_with_an_owner_and_a_fate_is_clean(sketch):
    sketch.tool("MSP RMM", owner_side=Side.MSP, exit_fate=ToolFate.REMOVED)
    assert sketch.findings() == []
