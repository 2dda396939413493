"""Which service model fits a client: the article's scenario checklist as data, and how a
client's answers combine into one recommendation, with its reasons in the article's words.

Pure: no queries, no writes. Doors call `recommend(Answers.from_assessment(assessment))`.

How the answers combine (the rules a page can explain to a client):

1. Every answer that matches a row of the article's scenario table gives each model the fit
   in that row's cell ("Small IT team, overwhelmed": Fully Managed IT "Good option",
   Co-Managed IT "Excellent fit"). The IT-team question always matches exactly one of its
   four rows; each preference row matches when the client answered yes to it. A "no" says
   nothing in the article, so it adds nothing.
2. Fits become points on the article's own ladder: "Best fit" 7, "Excellent fit" 6,
   "Good option" 5, "Possible" 4, "Consider hybrid" 3, "Less ideal" 2, "Not ideal" 1,
   "Not recommended" 0.
3. The IT-team row counts double. The article frames the whole choice by it ("Do you have an
   existing IT team?") and both of its "Who should consider" sections start from it; the
   preference rows refine that answer rather than replace it.
4. Each outgrown-model signal from the article's last FAQ (recurring backlogs, preventable
   incidents, an always-reactive team, IT staff turnover, stalled projects) says the current
   arrangement lacks depth or capacity, so it adds one point to the model that adds MSP
   depth: with no internal team, Fully Managed IT (the MSP becomes the IT department); with
   an internal team, Co-Managed IT (the MSP supplements the team that is overwhelmed).
5. A "Not recommended" cell rules its model out whatever the points: with no internal IT
   staff there is no team for Co-Managed IT to supplement.
6. The higher score wins. On a tie the IT-team row decides: its two cells always differ, so
   the model it favours wins and the result is the same every time.

A margin of two points or fewer (and no model ruled out) is flagged as a close call.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from engagements.models import ITTeam, ServiceModel
from engagements.models.choices import ReasonKind
from engagements.reference.article import (
    COLUMNS,
    FULLY_MANAGED_QUOTE,
    MODELS,
    OUTGROWN_CONCLUSION,
    OUTGROWN_QUESTION,
    OUTGROWN_SIGNALS,
    RULED_OUT,
    SCENARIO_TABLE,
    SUPPLEMENTS_QUOTE,
    TEAM_QUESTION,
    TEAM_ROWS,
    ScenarioRow,
    Signal,
    fit_points,
)

# -- scoring weights (see the module docstring) ---------------------------------------------

TEAM_WEIGHT = 2
PREFERENCE_WEIGHT = 1
SIGNAL_POINTS = 1
CLOSE_MARGIN = 2


# -- answers --------------------------------------------------------------------------------

PREFERENCE_FIELDS = ("wants_full_control", "wants_hands_off_cost", "needs_security_skills")
SIGNAL_FIELDS = tuple(signal.answer for signal in OUTGROWN_SIGNALS)
ANSWER_FIELDS = ("it_team", *PREFERENCE_FIELDS, *SIGNAL_FIELDS)


@dataclass(frozen=True)
class Answers:
    """A client's answers to the questionnaire (the same fields as the Assessment model)."""

    it_team: str
    wants_full_control: bool = False
    wants_hands_off_cost: bool = False
    needs_security_skills: bool = False
    recurring_backlogs: bool = False
    preventable_incidents: bool = False
    always_reactive: bool = False
    staff_turnover: bool = False
    stalled_projects: bool = False

    def __post_init__(self):
        if self.it_team not in TEAM_ROWS:
            raise ValueError(f'"{self.it_team}" is not an answer to "{TEAM_QUESTION[0]}".')

    @classmethod
    def from_assessment(cls, assessment) -> "Answers":
        """Read the answers off an Assessment (or anything with the same attributes)."""
        return cls(**{name: getattr(assessment, name) for name in ANSWER_FIELDS})

    @property
    def has_internal_team(self) -> bool:
        return self.it_team != ITTeam.NONE

    def rows(self) -> list[ScenarioRow]:
        """The scenario rows these answers select, in the article's order."""
        return [
            row
            for row in SCENARIO_TABLE
            if (row.answer == "it_team" and row.value == self.it_team)
            or (row.answer != "it_team" and getattr(self, row.answer))
        ]

    def signals(self) -> list[Signal]:
        return [signal for signal in OUTGROWN_SIGNALS if getattr(self, signal.answer)]


def all_answers() -> Iterator[Answers]:
    """Every possible set of answers: 4 team sizes x 2^3 preferences x 2^5 signals = 1,024."""
    flags = len(PREFERENCE_FIELDS) + len(SIGNAL_FIELDS)
    for team in ITTeam.values:
        for values in itertools.product((False, True), repeat=flags):
            yield Answers(team, *values)


# -- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerFit:
    """What one answered row says about one model."""

    scenario: str  # the row, word for word
    fit: str  # the cell, word for word
    weight: int

    @property
    def points(self) -> int:
        return fit_points(self.fit) * self.weight


@dataclass(frozen=True)
class ModelFit:
    """One model's standing: the cells that applied, the signals it gained, its score."""

    service_model: str
    column: str
    fits: tuple[AnswerFit, ...]
    signal_points: int
    ruled_out: bool

    @property
    def label(self) -> str:
        return ServiceModel(self.service_model).label

    @property
    def score(self) -> int:
        return sum(fit.points for fit in self.fits) + self.signal_points

    @property
    def best_fit(self) -> str:
        return max((fit.fit for fit in self.fits), key=fit_points)

    @property
    def worst_fit(self) -> str:
        return min((fit.fit for fit in self.fits), key=fit_points)


@dataclass(frozen=True)
class Reason:
    """Why: a row and its cells, or a FAQ signal, or the rule that decided, in words a client
    can check against the article."""

    kind: str
    text: str
    favours: str = ""  # the service model this reason argues for ("" when neutral)
    scenario: str = ""  # the row, word for word
    fully_managed: str = ""  # the row's cell under "Fully Managed IT"
    co_managed: str = ""  # the row's cell under "Co-Managed IT"
    quote: str = ""  # the article's words, for signals and rules


@dataclass(frozen=True)
class Recommendation:
    service_model: str
    answers: Answers
    models: tuple[ModelFit, ModelFit]  # fully managed first
    reasons: tuple[Reason, ...]
    decided_by: str  # "score", "ruled_out" or "tie_break"

    @property
    def column(self) -> str:
        return COLUMNS[self.service_model]

    @property
    def label(self) -> str:
        return ServiceModel(self.service_model).label

    def model(self, service_model: str) -> ModelFit:
        return next(m for m in self.models if m.service_model == service_model)

    @property
    def recommended(self) -> ModelFit:
        return self.model(self.service_model)

    @property
    def alternative(self) -> ModelFit:
        return next(m for m in self.models if m.service_model != self.service_model)

    @property
    def margin(self) -> int:
        return self.recommended.score - self.alternative.score

    @property
    def is_close(self) -> bool:
        """Worth discussing the other model (or a hybrid) before deciding."""
        return self.decided_by != "ruled_out" and self.margin <= CLOSE_MARGIN

    @property
    def summary(self) -> str:
        scores = f"{self.recommended.score} to {self.alternative.score}"
        if self.decided_by == "ruled_out":
            how = f"{self.alternative.column} is {RULED_OUT.lower()} for this client"
        elif self.decided_by == "tie_break":
            how = f"level at {self.recommended.score} points; the IT-team answer decides"
        elif self.is_close:
            how = f"a close call, {scores}"
        else:
            how = f"{scores}"
        return f"{self.column} ({how})."


def _signal_reason(signal: Signal, answers: Answers, favours: str) -> Reason:
    if answers.has_internal_team:
        consequence = (
            "With an internal team in place, this argues for adding MSP depth alongside it: "
            f"a point for {COLUMNS[favours]}."
        )
    else:
        consequence = (
            "With no internal IT staff, this argues for the MSP taking on the whole IT "
            f"function: a point for {COLUMNS[favours]}."
        )
    return Reason(
        kind=ReasonKind.SIGNAL,
        text=f'Outgrown-model signal: "{signal.words}". The article\'s FAQ ("{OUTGROWN_QUESTION}")'
        f' says: "{OUTGROWN_CONCLUSION}" {consequence}',
        favours=favours,
        quote=signal.words,
    )


def recommend(answers: Answers) -> Recommendation:
    """The model that fits these answers best, each model's fit per answer, and the reasons
    (rows and cells of the scenario table, FAQ signals, the deciding rule)."""
    rows = answers.rows()
    depth_model = (
        ServiceModel.CO_MANAGED if answers.has_internal_team else (ServiceModel.FULLY_MANAGED)
    )
    signals = answers.signals()

    models = []
    for service_model in MODELS:
        fits = tuple(
            AnswerFit(
                scenario=row.scenario,
                fit=row.fit(service_model),
                weight=TEAM_WEIGHT if row.answer == "it_team" else PREFERENCE_WEIGHT,
            )
            for row in rows
        )
        models.append(
            ModelFit(
                service_model=service_model,
                column=COLUMNS[service_model],
                fits=fits,
                signal_points=SIGNAL_POINTS * len(signals) if service_model == depth_model else 0,
                ruled_out=any(fit.fit == RULED_OUT for fit in fits),
            )
        )
    fully, co = models

    reasons = [
        Reason(
            kind=ReasonKind.SCENARIO,
            text=f'"{row.scenario}": {COLUMNS[ServiceModel.FULLY_MANAGED]} is '
            f'"{row.fully_managed}", {COLUMNS[ServiceModel.CO_MANAGED]} is "{row.co_managed}".',
            favours=row.favours,
            scenario=row.scenario,
            fully_managed=row.fully_managed,
            co_managed=row.co_managed,
        )
        for row in rows
    ]
    reasons.extend(_signal_reason(signal, answers, depth_model) for signal in signals)

    team_row = TEAM_ROWS[answers.it_team]
    if fully.ruled_out != co.ruled_out:
        winner = co if fully.ruled_out else fully
        loser = fully if fully.ruled_out else co
        decided_by = "ruled_out"
        reasons.append(
            Reason(
                kind=ReasonKind.RULE,
                text=f'{loser.column} is "{RULED_OUT}" for "{team_row.scenario}", so it is ruled '
                f'out whatever the other answers say: "{SUPPLEMENTS_QUOTE}" With no internal '
                f'team to supplement, the article says: "{FULLY_MANAGED_QUOTE}".',
                favours=winner.service_model,
                quote=SUPPLEMENTS_QUOTE,
            )
        )
    elif fully.score != co.score:
        winner = fully if fully.score > co.score else co
        decided_by = "score"
    else:
        winner = fully if team_row.favours == ServiceModel.FULLY_MANAGED else co
        decided_by = "tie_break"
        reasons.append(
            Reason(
                kind=ReasonKind.RULE,
                text=f"Both models score {fully.score}. The first question of the checklist, "
                f'"{TEAM_QUESTION[0]}", breaks the tie: for "{team_row.scenario}" '
                f'{winner.column} is "{team_row.fit(winner.service_model)}".',
                favours=winner.service_model,
                scenario=team_row.scenario,
                fully_managed=team_row.fully_managed,
                co_managed=team_row.co_managed,
            )
        )
    reasons.append(
        Reason(
            kind=ReasonKind.RULE,
            text=f"Scores: {fully.column} {fully.score}, {co.column} {co.score}. Each cell counts "
            'from 7 ("Best fit") down to 0 ("Not recommended"); the IT-team row counts double; '
            "each outgrown-model signal adds a point to the model that adds MSP depth.",
            favours=winner.service_model,
        )
    )
    return Recommendation(
        service_model=winner.service_model,
        answers=answers,
        models=(fully, co),
        reasons=tuple(reasons),
        decided_by=decided_by,
    )


def recommend_for(assessment) -> Recommendation:
    """The recommendation for a stored Assessment."""
    return recommend(Answers.from_assessment(assessment))
