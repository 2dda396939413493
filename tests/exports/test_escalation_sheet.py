"""The workbook's Escalation and SLA sheets: who to call for each activity in each window,
with phone, response target and backup."""

import io

from openpyxl import load_workbook

from engagements.exports.xlsx import workbook_bytes
from tests.fixtures.oncall import ALERTS


def sheet_rows(engagement, name):
    workbook = load_workbook(io.BytesIO(workbook_bytes(engagement)))
    return [list(r) for r in workbook[name].iter_rows(min_row=4, values_only=True)]


def test_the_escalation_sheet_names_who_to_call_in_each_window(alerts_scope):
    rows = [r for r in sheet_rows(alerts_scope, "Escalation") if r[1] == ALERTS]
    assert [r[2:8] for r in rows] == [
        [
            "Business hours",
            "IT lead (Internal)",
            "Dana",
            "+1 212 555 0101",
            15,
            "MSP desk: Ana +1 212 555 0104",
        ],
        ["After hours", "NOC (MSP)", "Sam", "+1 212 555 0102", 15, None],
        ["Weekends and holidays", "Weekend on-call (MSP)", "Lee", "+1 212 555 0103", 15, None],
    ]


def test_the_sla_sheet_lists_each_response_target(alerts_scope):
    assert sheet_rows(alerts_scope, "SLA") == [
        ["Respond to infrastructure alerts", ALERTS, 15, 15, 15]
    ]


def test_a_window_nobody_covers_says_nobody(signed_co_managed):
    rows = sheet_rows(signed_co_managed, "Escalation")
    assert rows, "a templated engagement has an escalation list"
    assert all(r[3] for r in rows if r[2])  # every window row names a role or "Nobody"
