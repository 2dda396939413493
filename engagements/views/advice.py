"""Choosing a model and moving between models: the client's questionnaire, the
recommendation with its reasons in the article's words, starting a draft from it, and the
"Move to co-managed" (or back) picker on an engagement.

Who does what here:
- the questionnaire is answered by the client's account manager or by its own IT manager
  (they know their team best; `services.assessment_save` allows both), and both read the
  recommendation;
- only the client's account manager starts a draft from the recommendation or moves an
  engagement to the other model (the services refuse anyone else; the pages answer 403);
- a client the user cannot see does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from engagements import selectors, services
from engagements.analysis.derived import domain_lead
from engagements.analysis.recommendation import ANSWER_FIELDS, ReasonKind
from engagements.forms.advice import (
    AssessmentForm,
    StartFromRecommendationForm,
    TransitionForm,
)
from engagements.models import Client, ServiceModel, Status
from engagements.models.labels import counted
from engagements.permissions import can_edit
from engagements.presenters.diff import diff_summary
from engagements.reference.article import (
    COLUMNS,
    MODELS,
    OUTGROWN_CONCLUSION,
    OUTGROWN_QUESTION,
    OUTGROWN_SIGNALS,
    SCENARIO_HEADING,
    SCENARIO_TABLE,
    TEAM_QUESTION,
)
from engagements.reference.templates import get_template
from engagements.selectors.matrix import load_matrix
from engagements.views.common import (
    abilities,
    attempt,
    engagement_for,
    may_transition,
    show_refusal,
)


def client_for(request, client_pk: int) -> Client:
    """The client, if this user may see it; otherwise it does not exist (404)."""
    try:
        return selectors.client_for_user(user=request.user, client_id=client_pk)
    except Client.DoesNotExist as exc:
        raise Http404("No such client.") from exc


def _answers_of(assessment) -> dict:
    return {name: getattr(assessment, name) for name in ANSWER_FIELDS}


# -- the questionnaire -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, client_pk):
    """The article's checklist for one client. Saved whole (every answer at once) or not at
    all; then on to the recommendation it gives."""
    client = client_for(request, client_pk)
    assessment = selectors.assessment_of(client=client)
    initial = _answers_of(assessment) if assessment else None
    form = AssessmentForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            answers = dict(form.cleaned_data)
            outcome = attempt(
                lambda: services.assessment_save(client=client, by=request.user, **answers)
            )
            if outcome.ok:
                messages.success(request, f"Saved {client.name}'s answers.")
                return redirect("client_recommendation", client_pk=client.pk)
            show_refusal(form, outcome)
        status = 400
    context = {
        "client": client,
        "assessment": assessment,
        "form": form,
        "team_question": TEAM_QUESTION[0],
        "outgrown_question": OUTGROWN_QUESTION,
    }
    return render(request, "engagements/assessment.html", context, status=status)


# -- the recommendation ----------------------------------------------------------------------


def _table(recommendation) -> list[dict]:
    """Every row of the article's scenario table, marked when this client's answers select
    it, with the cell of each model and the weight it counted with."""
    selected = {fit.scenario: fit.weight for fit in recommendation.models[0].fits}
    return [
        {
            "scenario": row.scenario,
            "cells": [(COLUMNS[m], row.fit(m), m == recommendation.service_model) for m in MODELS],
            "selected": row.scenario in selected,
            "weight": selected.get(row.scenario, 0),
            "team": row.answer == "it_team",
        }
        for row in SCENARIO_TABLE
    ]


def _fit_sentence(model) -> str:
    """One model's fit written out: each answered row's cell, the signals, the total."""
    parts = [
        f"{fit.fit} for “{fit.scenario}”" + (" (counts twice)" if fit.weight > 1 else "")
        for fit in model.fits
    ]
    if model.signal_points:
        parts.append(f"{counted(model.signal_points, 'point')} from signs of an outgrown model")
    sentence = "; ".join(parts) if parts else "no answered row speaks for it"
    if model.ruled_out:
        sentence += ". Ruled out: the article says “Not recommended” for this client's team"
    return f"{sentence}."


def _model_lines(recommendation) -> list[dict]:
    return [
        {
            "column": model.column,
            "score": model.score,
            "recommended": model.service_model == recommendation.service_model,
            "ruled_out": model.ruled_out,
            "sentence": _fit_sentence(model),
        }
        for model in recommendation.models
    ]


def _recommendation_context(request, client, form=None) -> dict:
    assessment, recommendation = selectors.recommendation_for_client(client=client)
    context = {
        "client": client,
        "assessment": assessment,
        "recommendation": recommendation,
        "may_start": can_edit(request.user, client),
        "start_form": form or StartFromRecommendationForm(),
        "heading": SCENARIO_HEADING,
        "outgrown_question": OUTGROWN_QUESTION,
        "outgrown_conclusion": OUTGROWN_CONCLUSION,
        "reason_kinds": ReasonKind,
    }
    if recommendation is not None:
        context.update(
            template_label=get_template(recommendation.service_model).label.lower(),
            table=_table(recommendation),
            model_lines=_model_lines(recommendation),
            team_question=TEAM_QUESTION[0],
            signals=[s.words for s in OUTGROWN_SIGNALS if getattr(assessment, s.answer)],
            scenario_reasons=[r for r in recommendation.reasons if r.kind == ReasonKind.SCENARIO],
            signal_reasons=[r for r in recommendation.reasons if r.kind == ReasonKind.SIGNAL],
            rule_reasons=[r for r in recommendation.reasons if r.kind == ReasonKind.RULE],
        )
    return context


@login_required
@require_http_methods(["GET"])
def recommendation_page(request, client_pk):
    """Which model fits this client, each model's fit per answer, and why, quoted from the
    article (which row, which cell)."""
    client = client_for(request, client_pk)
    return render(
        request, "engagements/recommendation.html", _recommendation_context(request, client)
    )


@login_required
@require_POST
def recommendation_start(request, client_pk):
    """Create a draft engagement from the recommended model's template, then open it."""
    client = client_for(request, client_pk)
    if not can_edit(request.user, client):
        raise PermissionDenied("Only the account manager of this client can start an engagement.")
    form = StartFromRecommendationForm(request.POST)
    if form.is_valid():
        title = form.cleaned_data["title"]
        outcome = attempt(
            lambda: services.engagement_start_from_recommendation(
                client=client, by=request.user, title=title
            )
        )
        if outcome.ok:
            engagement = outcome.result
            messages.success(
                request,
                f'Created "{engagement.title}" for {client.name} from the '
                f"{model_words(engagement)} template, as the "
                "assessment recommends. Adjust the matrix, then submit it for review.",
            )
            return redirect("engagement_matrix", pk=engagement.pk)
        show_refusal(form, outcome)
    return render(
        request,
        "engagements/recommendation.html",
        _recommendation_context(request, client, form),
        status=400,
    )


# -- moving an engagement to the other model ------------------------------------------------


def model_words(engagement) -> str:
    """ "co-managed" or "fully managed", as a sentence says it."""
    return get_template(engagement.service_model).label.lower()


def other_model(engagement) -> str:
    if engagement.service_model == ServiceModel.FULLY_MANAGED:
        return ServiceModel.CO_MANAGED
    return ServiceModel.FULLY_MANAGED


@login_required
@require_http_methods(["GET", "POST"])
def transition_page(request, pk):
    """ "Move to co-managed" on a fully managed engagement (the internal team takes over the
    ticked domains), "Move to fully managed" on a co-managed one (the MSP takes them back).
    A signed-off revision gets a new draft revision; a draft moves in place."""
    engagement = engagement_for(request, pk)
    if not can_edit(request.user, engagement):
        raise PermissionDenied("Only the account manager of this client can move it.")
    data = load_matrix(engagement)
    domains = [domain for domain, _rows in data.domains()]
    form = TransitionForm(request.POST if request.method == "POST" else None, domains=domains)
    to_model = other_model(engagement)
    status = 200
    if not may_transition(engagement):
        status = 409
    elif request.method == "POST":
        if form.is_valid():
            codes, note = form.cleaned_data["domains"], form.cleaned_data["note"]
            outcome = attempt(
                lambda: services.engagement_transition(
                    engagement=engagement,
                    to_model=to_model,
                    domains=codes,
                    by=request.user,
                    note=note,
                    expected_version=_version(request, engagement),
                )
            )
            if outcome.ok:
                return _moved(request, outcome.result, {d.code: d.name for d in domains})
            show_refusal(form, outcome)
            status = outcome.status if outcome.status != 422 else 400
        else:
            status = 400
    return render(
        request,
        "engagements/transition.html",
        {
            "engagement": engagement,
            "form": form,
            "to_model": to_model,
            "to_label": get_template(to_model).label.lower(),
            "is_co_managed_move": to_model == ServiceModel.CO_MANAGED,
            "leads": {domain.code: domain_lead(data, domain.code) for domain in domains},
            "allowed": may_transition(engagement),
            "tab": "",
            **abilities(request.user, engagement),
        },
        status=status,
    )


def _version(request, engagement) -> int | None:
    """The draft's matrix version the picker was showing (a signed-off one cannot change)."""
    raw = request.POST.get("expected_version", "")
    if engagement.status != Status.DRAFT or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def _moved(request, result, names: dict[str, str]):
    draft = result.engagement
    what = ", ".join(names.get(code, code) for code in result.domains)
    changes = "Nothing changed." if result.diff.is_empty else diff_summary(result.diff)
    if result.previous is not None:
        messages.success(
            request,
            f"Revision {draft.revision} is a new draft on the "
            f"{model_words(draft)} model ({what} moved). "
            f"{changes} Open \u201cWhat changed since revision "
            f"{result.previous.revision}\u201d to see every change.",
        )
    else:
        messages.success(
            request,
            f"This draft is now {model_words(draft)} ({what} moved). {changes}",
        )
    url = reverse("engagement_matrix", args=[draft.pk])
    return redirect(url)
