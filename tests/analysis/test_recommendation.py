"""Every possible set of answers yields one recommendation, with reasons, the same every time."""

import dataclasses

import pytest

from engagements.analysis.recommendation import (
    PREFERENCE_FIELDS,
    SIGNAL_FIELDS,
    Answers,
    ReasonKind,
    all_answers,
    recommend,
)
from engagements.models import ITTeam, ServiceModel
from engagements.reference.article import OUTGROWN_CONCLUSION, SCENARIO_TABLE

ALL = list(all_answers())


def test_the_answer_space_is_enumerated_completely_and_once():
    assert len(ALL) == 4 * 2**3 * 2**5 == 1024
    assert len(set(ALL)) == len(ALL)


def test_every_combination_yields_a_model_and_reasons_for_each_answer():
    for answers in ALL:
        recommendation = recommend(answers)
        assert recommendation.service_model in ServiceModel.values, answers
        assert recommendation.reasons, answers
        scenarios = [r.scenario for r in recommendation.reasons if r.kind == ReasonKind.SCENARIO]
        assert scenarios == [row.scenario for row in answers.rows()], answers
        quoted = [r.quote for r in recommendation.reasons if r.kind == ReasonKind.SIGNAL]
        assert quoted == [signal.words for signal in answers.signals()], answers
        assert all(
            OUTGROWN_CONCLUSION in r.text
            for r in recommendation.reasons
            if r.quote and r.kind == ReasonKind.SIGNAL
        )
        assert recommendation.summary.startswith(recommendation.column), answers


def test_the_same_answers_always_give_the_same_recommendation():
    first = [recommend(answers) for answers in ALL]
    again = [recommend(answers) for answers in reversed(ALL)]
    assert first == list(reversed(again))


def test_with_no_internal_it_staff_it_is_always_fully_managed_because_co_managed_is_ruled_out():
    for answers in ALL:
        if answers.it_team == ITTeam.NONE:
            recommendation = recommend(answers)
            assert recommendation.service_model == ServiceModel.FULLY_MANAGED
            assert recommendation.decided_by == "ruled_out"
            assert recommendation.model(ServiceModel.CO_MANAGED).ruled_out
            assert "supplements your existing in-house staff" in recommendation.reasons[-2].text


def test_mid_size_and_large_teams_are_always_co_managed():
    for answers in ALL:
        if answers.it_team in (ITTeam.MID_NEEDS_DEPTH, ITTeam.LARGE_NEEDS_24X7):
            assert recommend(answers).service_model == ServiceModel.CO_MANAGED, answers


def test_a_small_team_wanting_hands_off_cost_is_fully_managed_unless_it_wants_control():
    small = Answers(ITTeam.SMALL_OVERWHELMED, wants_hands_off_cost=True)
    assert recommend(small).service_model == ServiceModel.FULLY_MANAGED
    assert recommend(small).is_close is False  # 17 to 14
    with_security = dataclasses.replace(small, needs_security_skills=True)
    assert recommend(with_security).service_model == ServiceModel.FULLY_MANAGED
    assert recommend(with_security).is_close  # 22 to 20
    with_control = dataclasses.replace(small, wants_full_control=True)
    assert recommend(with_control).service_model == ServiceModel.CO_MANAGED


def test_scores_count_the_ladder_with_the_team_row_double():
    recommendation = recommend(Answers(ITTeam.SMALL_OVERWHELMED, wants_hands_off_cost=True))
    fully = recommendation.model(ServiceModel.FULLY_MANAGED)
    co = recommendation.model(ServiceModel.CO_MANAGED)
    # "Good option" 5 x 2 + "Best fit" 7 against "Excellent fit" 6 x 2 + "Less ideal" 2.
    assert (fully.score, co.score) == (17, 14)
    assert "Fully Managed IT 17, Co-Managed IT 14" in recommendation.reasons[-1].text


# The model each yes-answer argues for: a preference row's better cell; a signal, the model
# that adds MSP depth (co-managed beside an internal team, fully managed without one).
PREFERENCE_FAVOURS = {row.answer: row.favours for row in SCENARIO_TABLE if row.answer != "it_team"}


def _favoured(field, answers):
    if field in PREFERENCE_FAVOURS:
        return PREFERENCE_FAVOURS[field]
    return ServiceModel.CO_MANAGED if answers.has_internal_team else ServiceModel.FULLY_MANAGED


@pytest.mark.parametrize("field", PREFERENCE_FIELDS + SIGNAL_FIELDS)
def test_saying_yes_never_turns_the_recommendation_away_from_what_that_answer_favours(field):
    checked = 0
    for answers in ALL:
        if getattr(answers, field):
            continue
        favoured = _favoured(field, answers)
        if recommend(answers).service_model == favoured:
            after = recommend(dataclasses.replace(answers, **{field: True}))
            assert after.service_model == favoured, (answers, field)
            checked += 1
    assert checked


def test_outgrown_signals_strengthen_co_managed_when_there_is_an_internal_team():
    base = Answers(ITTeam.SMALL_OVERWHELMED, wants_hands_off_cost=True)
    assert recommend(base).service_model == ServiceModel.FULLY_MANAGED
    two = dataclasses.replace(base, recurring_backlogs=True, always_reactive=True)
    assert recommend(two).service_model == ServiceModel.FULLY_MANAGED  # 17 to 16
    three = dataclasses.replace(two, stalled_projects=True)
    recommendation = recommend(three)
    assert recommendation.service_model == ServiceModel.CO_MANAGED
    signal_reasons = [r for r in recommendation.reasons if r.kind == ReasonKind.SIGNAL]
    assert [r.quote for r in signal_reasons] == [
        "recurring support backlogs",
        "an IT team that is constantly reactive and never strategic",
        "a growing list of technology projects that never get started because the team is too "
        "consumed by daily operations",
    ]
    assert all(r.favours == ServiceModel.CO_MANAGED for r in signal_reasons)
    assert "adding MSP depth" in signal_reasons[0].text


def test_outgrown_signals_argue_for_fully_managed_when_there_is_no_internal_team():
    recommendation = recommend(Answers(ITTeam.NONE, staff_turnover=True))
    signal = next(r for r in recommendation.reasons if r.kind == ReasonKind.SIGNAL)
    assert signal.quote == "increasing turnover of IT staff"
    assert signal.favours == ServiceModel.FULLY_MANAGED
    assert recommendation.model(ServiceModel.FULLY_MANAGED).signal_points == 1
    assert recommendation.model(ServiceModel.CO_MANAGED).signal_points == 0


def test_a_tie_is_broken_by_the_it_team_row_and_says_so():
    # Small team, hands-off cost: 17 to 14; three signals bring co-managed level at 17.
    tied = Answers(
        ITTeam.SMALL_OVERWHELMED,
        wants_hands_off_cost=True,
        recurring_backlogs=True,
        preventable_incidents=True,
        stalled_projects=True,
    )
    recommendation = recommend(tied)
    assert recommendation.decided_by == "tie_break"
    assert recommendation.model(ServiceModel.FULLY_MANAGED).score == 17
    assert recommendation.model(ServiceModel.CO_MANAGED).score == 17
    assert (
        recommendation.service_model == ServiceModel.CO_MANAGED
    )  # "Excellent fit" > "Good option"
    rule = next(r for r in recommendation.reasons if r.kind == ReasonKind.RULE)
    assert '"Do you have an existing IT team?"' in rule.text
    assert '"Small IT team, overwhelmed"' in rule.text
    assert recommendation.is_close


def test_every_tie_in_the_answer_space_goes_to_the_model_the_team_row_favours():
    ties = [recommend(answers) for answers in ALL]
    ties = [r for r in ties if r.decided_by == "tie_break"]
    assert ties, "the answer space has ties; the tie-break must be exercised"
    for recommendation in ties:
        team_row = recommendation.answers.rows()[0]
        assert recommendation.service_model == team_row.favours


def test_an_unknown_team_answer_is_refused():
    with pytest.raises(ValueError, match="is not an answer"):
        Answers("huge")


def test_a_small_team_is_fully_managed_exactly_when_the_readme_says():
    # Hands-off predictable cost, not full control, and fewer outgrown signals than it takes
    # to tip the balance (three, or two when it also needs security skills).
    for answers in ALL:
        if answers.it_team != ITTeam.SMALL_OVERWHELMED:
            continue
        tipping_point = 2 if answers.needs_security_skills else 3
        expected_fully_managed = (
            answers.wants_hands_off_cost
            and not answers.wants_full_control
            and len(answers.signals()) < tipping_point
        )
        expected = ServiceModel.FULLY_MANAGED if expected_fully_managed else ServiceModel.CO_MANAGED
        assert recommend(answers).service_model == expected, answers
