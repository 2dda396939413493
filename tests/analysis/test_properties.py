"""Properties that hold for any matrix, checked on random ones.

Adding the one missing A to an activity can only make things better on that activity: it
clears GAP_NO_ACCOUNTABLE and never raises a finding the activity did not already have.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from engagements.analysis import Severity, week_hours
from engagements.models import CoverageNeed, ServiceModel, Side, Window
from engagements.models.letters import VALID_LETTER_SETS, parse_letters
from tests.helpers.sketch import Sketch

CELL = st.sampled_from(("",) + VALID_LETTER_SETS)
ROLE = st.fixed_dictionaries(
    {
        "side": st.sampled_from(Side.values),
        "person": st.sampled_from(["", "", "Chris Olsen", "Kim Osei"]),
        "backup": st.none() | st.integers(min_value=0, max_value=5),
    }
)
ROW = st.fixed_dictionaries(
    {
        "need": st.sampled_from(CoverageNeed.values),
        "in_scope": st.booleans(),
        "split_note": st.sampled_from(["", "Internal in business hours, the MSP at night."]),
        "coverage": st.dictionaries(
            st.sampled_from(Window.values), st.integers(min_value=0, max_value=5), max_size=4
        ),
    }
)


@st.composite
def matrices(draw):
    """A random engagement whose first activity is in scope and has no A."""
    sketch = Sketch(
        service_model=draw(st.sampled_from(ServiceModel.values)),
        business_days=draw(st.sampled_from(["12345", "123456", "1234567", "135"])),
    )
    roles = draw(st.lists(ROLE, min_size=1, max_size=6))
    names = [f"Role {i}" for i in range(len(roles))]
    for name, spec in zip(names, roles, strict=True):
        sketch.role(name, spec["side"], person=spec["person"])
    for name, spec in zip(names, roles, strict=True):
        if spec["backup"] is not None and spec["backup"] < len(names):
            if names[spec["backup"]] != name:
                sketch.backup(name, names[spec["backup"]])
    rows = draw(st.lists(ROW, min_size=1, max_size=5))
    for i, spec in enumerate(rows):
        code = f"ops.activity-{i}"
        sketch.row(
            code,
            need=spec["need"],
            in_scope=spec["in_scope"] or i == 0,
            split_note=spec["split_note"],
        )
        for name in names:
            letters = draw(CELL)
            if i == 0:
                letters = letters.replace("A", "")
            sketch.set(code, name, letters)
        for window, index in spec["coverage"].items():
            if index < len(names):
                sketch.cover(code, window, names[index])
    return sketch, names


def _keys_on(sketch, code):
    return {f.key for f in sketch.findings() if f.activity == code}


@settings(max_examples=300, deadline=None)
@given(matrices(), st.data())
def test_adding_the_missing_a_clears_the_gap_and_adds_no_finding(drawn, data):
    sketch, names = drawn
    code = "ops.activity-0"
    before = _keys_on(sketch, code)
    assert f"GAP_NO_ACCOUNTABLE:activity={code}" in before

    name = data.draw(st.sampled_from(names))
    current = sketch.cells.get((sketch.rows[code].id, sketch.roles[name].id), "")
    sketch.set(code, name, parse_letters(current + "A"))
    after = _keys_on(sketch, code)

    assert f"GAP_NO_ACCOUNTABLE:activity={code}" not in after
    assert after - before == set()


@settings(max_examples=100, deadline=None)
@given(matrices())
def test_the_week_always_adds_up_and_every_finding_is_well_formed(drawn):
    sketch, _ = drawn
    assert sum(week_hours(sketch.data()).values()) == 168
    findings = sketch.findings()
    assert len({f.key for f in findings}) == len(findings)  # one finding per key
    for finding in findings:
        assert finding.severity in Severity.ORDER
        assert finding.message.endswith(".") and finding.suggestion.endswith(".")
        assert "\n" not in finding.message
