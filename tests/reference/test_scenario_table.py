"""The recommendation's data is the article's scenario checklist and last FAQ, word for word."""

import pytest

from engagements.analysis.recommendation import Answers, recommend
from engagements.models import ITTeam, ServiceModel
from engagements.reference.article import (
    FIT_LEVELS,
    OUTGROWN_CONCLUSION,
    OUTGROWN_QUESTION,
    OUTGROWN_SIGNALS,
    SCENARIO_TABLE,
    fit_points,
    scenario_table_lines,
)

# The checklist exactly as the article prints it, one line per row.
ARTICLE_CHECKLIST = """\
| Scenario | Fully Managed IT | Co-Managed IT |
| Do you have an existing IT team? | Fully Managed IT | Co-Managed IT |
| No internal IT staff at all | Best fit | Not recommended |
| Small IT team, overwhelmed | Good option | Excellent fit |
| Mid-size IT team, needs depth | Possible | Best fit |
| Large IT team, needs 24/7 cover | Consider hybrid | Best fit |
| Want full control retained | Not ideal | Best fit |
| Want hands-off, predictable cost | Best fit | Less ideal |
| Need specialized security skills | Good option | Excellent fit |"""

# The article's last FAQ answer, verbatim.
ARTICLE_LAST_FAQ = (
    "How do I know if my company has outgrown its current IT model?\n"
    "The clearest signals are recurring support backlogs, security incidents that could have "
    "been prevented, an IT team that is constantly reactive and never strategic, increasing "
    "turnover of IT staff, or a growing list of technology projects that never get started "
    "because the team is too consumed by daily operations. If any of these describe your "
    "current situation, your IT model is no longer serving the business and it is time to "
    "evaluate alternatives."
)

ARTICLE_ROWS = [
    tuple(cell.strip() for cell in line.strip("|").split("|"))
    for line in ARTICLE_CHECKLIST.splitlines()
]

# Which answer selects each scenario row (everything else answered "no").
ROW_ANSWERS = {
    "No internal IT staff at all": {"it_team": ITTeam.NONE},
    "Small IT team, overwhelmed": {"it_team": ITTeam.SMALL_OVERWHELMED},
    "Mid-size IT team, needs depth": {"it_team": ITTeam.MID_NEEDS_DEPTH},
    "Large IT team, needs 24/7 cover": {"it_team": ITTeam.LARGE_NEEDS_24X7},
    "Want full control retained": {"it_team": ITTeam.MID_NEEDS_DEPTH, "wants_full_control": True},
    "Want hands-off, predictable cost": {
        "it_team": ITTeam.MID_NEEDS_DEPTH,
        "wants_hands_off_cost": True,
    },
    "Need specialized security skills": {
        "it_team": ITTeam.MID_NEEDS_DEPTH,
        "needs_security_skills": True,
    },
}


def test_the_checklist_data_prints_as_the_article_word_for_word():
    rendered = "\n".join(f"| {' | '.join(cells)} |" for cells in scenario_table_lines())
    assert rendered == ARTICLE_CHECKLIST


@pytest.mark.parametrize("scenario, fully_managed, co_managed", ARTICLE_ROWS[2:])
def test_each_scenario_row_gives_each_model_the_articles_cell(scenario, fully_managed, co_managed):
    recommendation = recommend(Answers(**ROW_ANSWERS[scenario]))
    fits = {
        model: {fit.scenario: fit.fit for fit in recommendation.model(model).fits}
        for model in (ServiceModel.FULLY_MANAGED, ServiceModel.CO_MANAGED)
    }
    assert fits[ServiceModel.FULLY_MANAGED][scenario] == fully_managed
    assert fits[ServiceModel.CO_MANAGED][scenario] == co_managed
    row_reasons = [r for r in recommendation.reasons if r.scenario == scenario]
    assert (row_reasons[0].fully_managed, row_reasons[0].co_managed) == (fully_managed, co_managed)
    assert f'"{scenario}"' in row_reasons[0].text
    assert f'"{fully_managed}"' in row_reasons[0].text
    assert f'"{co_managed}"' in row_reasons[0].text


def test_every_cell_word_is_one_of_the_eight_fit_levels():
    cells = {cell for row in ARTICLE_ROWS[2:] for cell in row[1:]}
    assert cells <= set(FIT_LEVELS)


def test_fit_levels_are_ordered_from_best_fit_down_to_not_recommended():
    assert [level.lower() for level in FIT_LEVELS] == [
        "best fit",
        "excellent fit",
        "good option",
        "possible",
        "consider hybrid",
        "less ideal",
        "not ideal",
        "not recommended",
    ]
    points = [fit_points(level) for level in FIT_LEVELS]
    assert points == sorted(points, reverse=True) and len(set(points)) == len(points)
    assert fit_points("Best fit") == 7 and fit_points("Not recommended") == 0


def test_the_team_question_rows_are_the_assessments_team_choices():
    team_rows = [row.scenario for row in SCENARIO_TABLE if row.answer == "it_team"]
    assert team_rows == list(ITTeam.labels)


def test_the_outgrown_signals_are_quoted_from_the_last_faq():
    assert ARTICLE_LAST_FAQ.startswith(OUTGROWN_QUESTION)
    assert ARTICLE_LAST_FAQ.endswith(OUTGROWN_CONCLUSION)
    for signal in OUTGROWN_SIGNALS:
        assert signal.words in ARTICLE_LAST_FAQ
    assert [s.answer for s in OUTGROWN_SIGNALS] == [
        "recurring_backlogs",
        "preventable_incidents",
        "always_reactive",
        "staff_turnover",
        "stalled_projects",
    ]
