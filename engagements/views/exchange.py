"""The Excel workbook from the pages: a download link (the export lives at the API's URL) and
an upload form that runs the importer module directly, first as a check, then for real."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from engagements import selectors
from engagements.errors import RaciError
from engagements.exports import imports
from engagements.exports.exhibit import verify_copy
from engagements.forms.exchange import ImportForm, VerifyForm
from engagements.permissions import can_edit
from engagements.views.common import abilities, back_to, engagement_for

# Room for the multipart envelope around a file at the size limit.
ENVELOPE_BYTES = 64 * 1024


def _too_big(request) -> bool:
    """Refuse an oversized upload from its declared length, before Django reads the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > imports.MAX_BYTES + ENVELOPE_BYTES


@login_required
@require_http_methods(["GET", "POST"])
def verify_page(request, pk):
    """Upload a copy of an exhibit workbook: does its content match a signed revision?
    Anyone who can see the engagement may check a copy; the answer only names revisions
    they can see."""
    engagement = engagement_for(request, pk)
    context = {"engagement": engagement, **abilities(request.user, engagement)}
    status = 200
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if _too_big(request):
            form = VerifyForm()
            context["refusal"] = "The file is larger than 10 MB; raci checks workbooks up to 10 MB."
            status = 400
        elif not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["workbook"]
            try:
                result = verify_copy(
                    upload, upload.name, among=selectors.engagement_list(user=request.user)
                )
            except imports.WorkbookRefused as exc:
                context["refusal"] = exc.message
                status = 400
            else:
                context.update(result=result, filename=upload.name)
    context["form"] = form
    return render(request, "engagements/verify.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request, pk):
    """Upload an edited workbook into a draft. "Check" lists what would change and saves
    nothing; "Import" applies the whole workbook or, if anything in it is wrong, nothing."""
    engagement = engagement_for(request, pk)
    if not can_edit(request.user, engagement):
        raise PermissionDenied("Only the account manager of this client can import its scope.")
    context = {"engagement": engagement, **abilities(request.user, engagement)}
    status = 200
    if request.method == "GET":
        context["form"] = ImportForm()
    elif _too_big(request):
        context["form"] = ImportForm()
        context["problems"] = [
            imports.Problem("", "", "The file is larger than 10 MB; raci imports up to 10 MB.")
        ]
        status = 400
    else:
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        dry_run = "check" in request.POST
        context["dry_run"] = dry_run
        if not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["workbook"]
            try:
                result = imports.import_workbook(
                    engagement=engagement,
                    file=upload,
                    by=request.user,
                    filename=upload.name,
                    dry_run=dry_run,
                    from_other=form.cleaned_data["from_other"],
                )
            except imports.WorkbookError as exc:
                context.update(problem_summary=exc.message, problems=exc.problems)
                status = 400
            except RaciError as exc:
                context["refusal"] = exc.message
                status = exc.status_code
            else:
                if not dry_run:
                    count = len(result.changes)
                    messages.success(
                        request,
                        f"Imported {upload.name}: {count} change{'s' if count != 1 else ''}."
                        if count
                        else f"Imported {upload.name}: it matched the matrix, nothing changed.",
                    )
                    if request.htmx:
                        return HttpResponseClientRedirect(back_to(engagement).url)
                    return back_to(engagement)
                context["result"] = result
    if request.htmx:
        # htmx swaps refusals (422, 409, 412) in place; 400 is kept for full pages.
        return render(
            request,
            "engagements/_import_result.html",
            context,
            status=422 if status == 400 else status,
        )
    return render(request, "engagements/import.html", context, status=status)
