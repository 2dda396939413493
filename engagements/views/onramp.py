"""Bring your own spreadsheet: upload a RACI sheet, confirm how it maps, look at the matrix
it makes, then create the draft (or fill a draft). The file is held between the steps
under a random token kept in the user's session, and removed once the draft is made or the
import is cancelled; nothing is written to the matrix before the last step."""

import os
import secrets
import shutil
import tempfile
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from engagements import selectors
from engagements.analysis.onramp.layout import column_name, text_key
from engagements.errors import RaciError
from engagements.exports.imports import foreign
from engagements.forms.onramp import MEANINGS, SheetUploadForm, mapping_from_post
from engagements.models import ServiceModel, Severity, Side
from engagements.permissions import can_edit
from engagements.presenters.onramp import findings_counted, preview_matrix, row_options
from engagements.selectors.onramp import managed_client_for, onramp_catalog
from engagements.services import engagement_ensure_editable
from engagements.views.common import abilities, engagement_for

SESSION_KEY = "raci_onramp"
HELD_DIR = os.path.join(tempfile.gettempdir(), "raci-sheets")
HELD_FOR_SECONDS = 24 * 3600
ENVELOPE_BYTES = 64 * 1024


# -- the file held between the steps ----------------------------------------------------------


def _held_path(token: str) -> str:
    return os.path.join(HELD_DIR, token)


def _forget_old_files() -> None:
    cutoff = time.time() - HELD_FOR_SECONDS
    for entry in os.scandir(HELD_DIR):
        if entry.is_file() and entry.stat().st_mtime < cutoff:
            os.unlink(entry.path)


def _hold(request, upload, state: dict) -> str:
    os.makedirs(HELD_DIR, mode=0o700, exist_ok=True)
    _forget_old_files()
    token = secrets.token_urlsafe(16)
    upload.seek(0)
    with open(_held_path(token), "wb") as held:
        shutil.copyfileobj(upload, held)
    imports = request.session.get(SESSION_KEY, {})
    imports[token] = state
    request.session[SESSION_KEY] = imports
    return token


def _read_body_first(request) -> None:
    """A body over Django's limits is a 400 before anything is looked up."""
    if request.method == "POST":
        _ = request.POST


def _state(request, token: str) -> dict:
    """The import under way with this token, if this user started it; else a 404."""
    state = request.session.get(SESSION_KEY, {}).get(token)
    if state is None or not os.path.isfile(_held_path(token)):
        raise Http404("This import has ended or expired; upload the sheet again.")
    return state


def _save_state(request, token: str, state: dict) -> None:
    imports = request.session.get(SESSION_KEY, {})
    imports[token] = state
    request.session[SESSION_KEY] = imports


def _discard(request, token: str) -> None:
    imports = request.session.get(SESSION_KEY, {})
    imports.pop(token, None)
    request.session[SESSION_KEY] = imports
    if os.path.isfile(_held_path(token)):
        os.unlink(_held_path(token))


def _target(request, state: dict):
    """(client, engagement) of the import, as this user may still see them."""
    if state.get("engagement"):
        engagement = engagement_for(request, state["engagement"])
        if not can_edit(request.user, engagement):
            raise PermissionDenied("Only the account manager of this client can import a sheet.")
        return engagement.client, engagement
    client = managed_client_for(user=request.user, pk=state.get("client"))
    if client is None:
        raise Http404("No such client.")
    return client, None


def _preview(request, token: str, state: dict, client, engagement):
    with open(_held_path(token), "rb") as held:
        return foreign.sheet_preview(
            file=held,
            filename=state["filename"],
            client=client,
            by=request.user,
            mapping=state.get("mapping"),
            engagement=engagement,
            service_model=state.get("service_model") or "",
            title=state.get("title") or "",
            use_saved=state.get("use_saved", True),
        )


def _ended(request, token: str, state: dict, message: str):
    """The import cannot go on (the draft went into review or was signed meanwhile): say
    why where the user came from, and forget the file."""
    _discard(request, token)
    messages.error(request, f"{message} Nothing from {state['filename']} was imported.")
    if state.get("engagement"):
        return redirect("engagement_matrix", pk=state["engagement"])
    return redirect("home")


def _base_context(request, state, client, engagement, token) -> dict:
    return {
        **(abilities(request.user, engagement) if engagement else {}),
        "token": token,
        "client": client,
        "engagement": engagement,
        "filename": state["filename"],
        "title": state.get("title") or os.path.splitext(state["filename"])[0],
    }


# -- the steps ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request, pk=None):
    """Step 1: the sheet, and (for a new draft) the client, title and model."""
    engagement = engagement_for(request, pk) if pk else None
    if engagement is not None:
        if not can_edit(request.user, engagement):
            raise PermissionDenied("Only the account manager of this client can import a sheet.")
    elif not selectors.managed_client_ids(user=request.user):
        raise PermissionDenied("Only an account manager can start an engagement.")
    initial = {"client": request.GET.get("client")} if request.GET.get("client") else {}
    form = SheetUploadForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        engagement=engagement,
        initial=initial,
    )
    context = {
        "form": form,
        "engagement": engagement,
        "limit_mb": foreign.MAX_BYTES // 2**20,
        **(abilities(request.user, engagement) if engagement else {}),
    }
    if request.method == "GET":
        return render(request, "engagements/sheet_upload.html", context)
    if engagement is not None:
        try:
            engagement_ensure_editable(engagement)
        except RaciError as exc:
            form.add_error(None, exc.message)
    try:
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > foreign.MAX_BYTES + ENVELOPE_BYTES
    except ValueError:
        too_big = False
    if too_big:
        form.add_error(None, "The file is larger than 10 MB; raci imports files up to 10 MB.")
    if form.errors or not form.is_valid():
        return render(request, "engagements/sheet_upload.html", context, status=400)
    upload = form.cleaned_data["sheet"]
    client = engagement.client if engagement else form.cleaned_data["client"]
    state = {
        "filename": os.path.basename(upload.name)[:200],
        "client": client.pk,
        "engagement": engagement.pk if engagement else None,
        "title": form.cleaned_data.get("title", ""),
        "service_model": form.cleaned_data.get("service_model", ""),
        "use_saved": form.cleaned_data["use_saved"],
        "mapping": None,
    }
    try:
        foreign.read_sheet_file(upload, upload.name)
    except foreign.WorkbookRefused as exc:
        form.add_error("sheet", exc.message)
        return render(request, "engagements/sheet_upload.html", context, status=400)
    token = _hold(request, upload, state)
    return redirect("sheet_mapping", token=token)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_mapping(request, token):
    """Step 2: what each column, row and letter becomes; guesses shown, choices kept."""
    _read_body_first(request)
    state = _state(request, token)
    client, engagement = _target(request, state)
    status = 200
    try:
        preview = _preview(request, token, state, client, engagement)
    except RaciError as exc:
        return _ended(request, token, state, exc.message)
    except foreign.MappingError as exc:
        # A choice that no longer fits the sheet: start again from the guesses.
        state["mapping"] = None
        _save_state(request, token, state)
        messages.error(request, f"The mapping was set back to the guesses: {exc.message}")
        preview = _preview(request, token, state, client, engagement)
    if request.method == "POST":
        activities, _ = onramp_catalog(client=client)
        names = {text_key(activity.name): activity.code for activity in activities}
        state["mapping"] = mapping_from_post(request.POST, preview.proposal, names)
        _save_state(request, token, state)
        if "refresh" in request.POST:
            return redirect("sheet_mapping", token=token)
        return redirect("sheet_preview", token=token)
    activities, domains = onramp_catalog(client=client)
    proposal = preview.proposal
    for row in proposal.rows:
        row.options = row_options(row)
    context = {
        **_base_context(request, state, client, engagement, token),
        "preview": preview,
        "proposal": proposal,
        "layout": proposal.layout,
        "header_titles": [
            (column_name(index), title) for index, title in sorted(proposal.layout.titles.items())
        ],
        "activity_column": preview.mapping["activity_column"],
        "sides": Side.choices,
        "domains": list(domains.values()),
        "activities": activities,
        "meanings": MEANINGS,
        "problems": preview.problems,
    }
    return render(request, "engagements/sheet_mapping.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_preview(request, token):
    """Step 3: the matrix the sheet makes, its findings and what will be created; then the
    draft, in one transaction, or nothing at all."""
    _read_body_first(request)
    state = _state(request, token)
    client, engagement = _target(request, state)
    status = 200
    problems = []
    if request.method == "POST":
        try:
            with open(_held_path(token), "rb") as held:
                result, _ = foreign.sheet_import(
                    file=held,
                    filename=state["filename"],
                    client=client,
                    by=request.user,
                    title=state.get("title") or "",
                    service_model=state.get("service_model") or "",
                    mapping=state.get("mapping"),
                    engagement=engagement,
                    use_saved=state.get("use_saved", True),
                )
        except foreign.WorkbookInvalid as exc:
            problems, status = exc.problems, 400
        except foreign.MappingError as exc:
            problems, status = [foreign.Problem("", "", exc.message)], 400
        except RaciError as exc:
            return _ended(request, token, state, exc.message)
        else:
            _discard(request, token)
            verb = "Filled" if engagement else "Created"
            messages.success(
                request,
                f'{verb} "{result.title}" from {state["filename"]}. The mapping is saved for '
                f"{client.name}'s next sheet of this layout.",
            )
            return redirect("engagement_matrix", pk=result.pk)
    try:
        preview = _preview(request, token, state, client, engagement)
    except RaciError as exc:
        return _ended(request, token, state, exc.message)
    except foreign.MappingError:
        return redirect("sheet_mapping", token=token)  # which sets the mapping back, saying why
    context = {
        **_base_context(request, state, client, engagement, token),
        "preview": preview,
        "proposal": preview.proposal,
        "matrix": preview_matrix(preview.data) if preview.data else None,
        "findings": [(f, Severity(f.severity).label) for f in preview.findings[:40]],
        "findings_total": len(preview.findings),
        "findings_counts": findings_counted(preview.findings),
        "problems": problems or preview.problems,
        "service_model_label": ServiceModel(state["service_model"]).label
        if state.get("service_model")
        else "",
    }
    return render(request, "engagements/sheet_preview.html", context, status=status)


@login_required
@require_POST
def sheet_cancel(request, token):
    """Forget the sheet; nothing was written."""
    _read_body_first(request)
    state = _state(request, token)
    _discard(request, token)
    messages.info(request, f"The import of {state['filename']} was cancelled; nothing changed.")
    if state.get("engagement"):
        return redirect(reverse("engagement_matrix", args=[state["engagement"]]))
    return redirect("home")
