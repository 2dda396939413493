"""The compliance tab: the engagement's selected controls grouped by framework, who provides
each, and their findings. On a draft its account manager selects and deselects frameworks
and controls and edits each control in place (htmx; a plain form without JavaScript);
everyone else, and every frozen revision, gets the same page read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagements import selectors, services
from engagements.forms.common import add_service_errors
from engagements.forms.compliance import (
    ComplianceFilterForm,
    ControlResponsibilityForm,
    ControlSelectForm,
)
from engagements.models.labels import counted
from engagements.presenters.compliance import ComplianceView, ControlView, build_compliance
from engagements.views.common import (
    abilities,
    attempt,
    back_to,
    engagement_for,
    expected_version,
    fragments,
    saved_trigger,
)

PAGE = "engagement_compliance"


def _back(engagement, anchor: str = "", query: str = ""):
    return back_to(engagement, PAGE, anchor=anchor, query=query)


def _edit_form(view: ComplianceView, control: ControlView, data=None):
    row_ids = control.line.implementing_row_ids
    return ControlResponsibilityForm(
        data,
        prefix=f"ctl-{control.id}",
        roles=view.data.roles,
        rows=view.data.rows,
        initial=None
        if data is not None
        else ControlResponsibilityForm.initial_for(control.responsibility, row_ids),
    )


def _page(request, engagement, *, view=None, edit=None, select_form=None, status=200):
    """The whole page. `edit` is the control shown with its form open (no JavaScript)."""
    view = view or build_compliance(engagement)
    allowed = abilities(request.user, engagement)
    filters = {k: v for k, v in request.GET.items() if k in ComplianceFilterForm.base_fields}
    filter_form = ComplianceFilterForm(
        filters or None, frameworks=view.frameworks, roles=view.data.roles
    )
    if allowed["editing"]:
        if edit is None and request.GET.get("edit", "").isdigit():
            edit = next((c for c in view.controls if c.id == int(request.GET["edit"])), None)
            if edit is not None:
                edit.form = _edit_form(view, edit)
        select_form = select_form or ControlSelectForm(
            prefix="select", frameworks=selectors.framework_list()
        )
    context = {
        "engagement": engagement,
        "view": view,
        "groups": view.groups(**filter_form.filters()),
        "filter_form": filter_form,
        "filtered": filter_form.is_bound,
        "select_form": select_form,
        **allowed,
    }
    return render(request, "engagements/compliance.html", context, status=status)


@login_required
@require_GET
def compliance_page(request, pk):
    engagement = engagement_for(request, pk)
    return _page(request, engagement)


@login_required
@require_POST
def controls_select(request, pk):
    """Bring a whole framework, or the controls listed, into the engagement."""
    engagement = engagement_for(request, pk)
    form = ControlSelectForm(request.POST, prefix="select", frameworks=selectors.framework_list())
    if form.is_valid():
        data = form.cleaned_data
        outcome = attempt(
            lambda: services.controls_select(
                engagement=engagement,
                by=request.user,
                framework=data["framework"],
                controls=data["controls"] or None,
                expected_version=expected_version(request),
            )
        )
        if outcome.ok:
            messages.success(
                request,
                f"{counted(len(outcome.result), 'control')} of {data['framework'].name} selected.",
            )
            return _back(engagement)
        if outcome.errors is None:
            messages.error(request, outcome.message)
            return _back(engagement)
        add_service_errors(form, outcome.errors)
    messages.error(request, "Nothing was selected. See the form below.")
    return _page(request, engagement, select_form=form, status=400)


@login_required
@require_POST
def controls_deselect(request, pk):
    """Take one control (`control`) or a whole framework (`framework`) out of the engagement,
    with what was agreed for them."""
    engagement = engagement_for(request, pk)
    control_id = request.POST.get("control", "")
    ids = [int(control_id)] if control_id.isascii() and control_id.isdigit() else []
    responsibilities = selectors.selected_control_list(engagement=engagement, ids=ids)
    framework = selectors.framework_by_code(request.POST.get("framework", ""))
    if not responsibilities and framework is None:
        messages.error(request, "That control or framework is not selected (any more).")
        return _back(engagement)
    for resp in responsibilities:
        resp.engagement = engagement
    outcome = attempt(
        lambda: services.controls_deselect(
            engagement=engagement,
            by=request.user,
            responsibilities=responsibilities,
            framework=framework,
            expected_version=expected_version(request),
        )
    )
    if outcome.ok:
        messages.success(
            request, f"Removed {counted(outcome.result, 'control')} from the engagement."
        )
    else:
        messages.error(request, outcome.message)
    return _back(engagement)


def _control_fragments(request, engagement, view, control, *, status=200, alert="", saved=False):
    """The htmx answer for one control: the control itself, then the counts and the alert."""
    context = {
        "engagement": engagement,
        "view": view,
        "control": control,
        "oob": True,
        "alert": alert,
        "saved": saved,
        **abilities(request.user, engagement),
    }
    parts = [
        ("engagements/_control.html", context),
        ("engagements/_compliance_counts.html", context),
        ("engagements/_compliance_alert.html", context),
    ]
    trigger = saved_trigger(engagement) if saved else None
    return fragments(request, parts, status=status, trigger=trigger)


@login_required
@require_http_methods(["GET", "POST"])
def control_edit(request, pk, control_id):
    """One control: GET its line (with `?edit=1`, its form) for htmx; POST saves it."""
    engagement = engagement_for(request, pk)
    view = build_compliance(engagement)
    try:
        control = view.control(control_id)
    except KeyError:
        raise Http404("No such control in this engagement.") from None
    editing = abilities(request.user, engagement)["editing"]
    if request.method == "GET":
        if not request.htmx:
            query = f"?edit={control.id}" if editing and request.GET.get("edit") else ""
            return _back(engagement, anchor=control.dom_id, query=query)
        if editing and request.GET.get("edit"):
            control.form = _edit_form(view, control)
        return _control_fragments(request, engagement, view, control)

    form = _edit_form(view, control, request.POST)
    outcome = None
    if form.is_valid():
        resp = control.responsibility
        resp.engagement = engagement
        changes = form.changes(resp, control.line.implementing_row_ids)
        outcome = attempt(
            lambda: services.control_responsibility_update(
                responsibility=resp,
                by=request.user,
                expected_version=expected_version(request),
                **changes,
            )
        )
        if outcome.ok:
            if not request.htmx:
                messages.success(request, f"Saved {control.line.control_id}.")
                return _back(engagement, anchor=control.dom_id)
            view = build_compliance(engagement)
            control = view.control(control_id)
            return _control_fragments(request, engagement, view, control, saved=True)
        if outcome.errors is not None:
            add_service_errors(form, outcome.errors)
        elif not request.htmx:
            messages.error(request, outcome.message)
            return _back(engagement, anchor=control.dom_id)
    control.form = form
    status = outcome.status if outcome is not None else 422
    alert = outcome.message if outcome is not None and outcome.errors is None else ""
    if request.htmx:
        return _control_fragments(request, engagement, view, control, status=status, alert=alert)
    messages.error(request, f"{control.line.control_id} was not saved. See the form below.")
    return _page(request, engagement, view=view, edit=control, status=400)
