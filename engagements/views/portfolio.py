"""Home: the clients and current engagements a user may see, and starting a new one."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from engagements import selectors, services
from engagements.analysis import Severity
from engagements.forms.portfolio import EngagementCreateForm, PortfolioFilter
from engagements.models.labels import in_sentence
from engagements.selectors.findings_counts import findings_counts_of_page, with_stored_counts
from engagements.views.common import attempt, is_account_manager, show_refusal


@dataclass
class PortfolioLine:
    engagement: object
    errors: int = 0
    warnings: int = 0
    unacknowledged: int = 0

    @property
    def acknowledged(self) -> int:
        return self.errors - self.unacknowledged


@dataclass
class ClientGroup:
    client: object
    lines: list[PortfolioLine] = field(default_factory=list)


def findings_counts(engagements) -> dict[int, dict[str, int]]:
    """Error and warning counts per engagement of a page read through
    selectors.with_stored_counts: the stored counts came with the page; any not current are
    counted in memory (a fixed few queries)."""
    return {
        pk: {
            "errors": count.by_severity.get(Severity.ERROR, 0),
            "warnings": count.by_severity.get(Severity.WARNING, 0),
            "unacknowledged": count.unacknowledged_errors,
        }
        for pk, count in findings_counts_of_page(engagements).items()
    }


# Clients per page: each with its current revisions, so a page stays a few dozen rows.
CLIENTS_PER_PAGE = 25


@login_required
def home(request):
    """The portfolio, a page of clients at a time: each client with its current revisions,
    their status and findings; totals over everything the filters match. The same queries
    for ten clients or ten thousand."""
    current = selectors.current_engagement_list(user=request.user)
    portfolio = PortfolioFilter(request.GET or None, queryset=current, request=request)
    matched = portfolio.qs
    chosen = portfolio.form.cleaned_data if portfolio.is_bound and portfolio.form.is_valid() else {}
    clients = selectors.client_list(user=request.user).order_by("name", "pk")
    if chosen.get("client"):
        clients = clients.filter(pk=chosen["client"].pk)
    if chosen.get("q"):
        clients = clients.filter(name__icontains=chosen["q"])
    if portfolio.narrowed:
        clients = clients.filter(pk__in=matched.values("client_id"))
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    groups = {client.pk: ClientGroup(client=client) for client in page}
    engagements = list(with_stored_counts(matched.filter(client_id__in=list(groups))))
    counts = findings_counts(engagements)
    for engagement in engagements:
        groups[engagement.client_id].lines.append(
            PortfolioLine(engagement=engagement, **counts[engagement.pk])
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "engagements/home.html",
        {
            "filter": portfolio,
            "groups": list(groups.values()),
            "page": page,
            "query": query.urlencode(),
            "managed": selectors.managed_client_ids(user=request.user),
            "totals": selectors.findings_totals(matched),
            "account_manager": is_account_manager(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_new(request):
    """Start a draft for one of the account manager's clients, built from a template."""
    if not selectors.managed_client_ids(user=request.user):
        raise PermissionDenied("Only an account manager can start an engagement.")
    initial = {}
    if request.GET.get("client"):
        initial["client"] = request.GET["client"]
    form = EngagementCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            outcome = attempt(lambda: services.engagement_create(by=request.user, **data))
            if outcome.ok:
                engagement = outcome.result
                messages.success(
                    request,
                    f'Created "{engagement.title}" for {engagement.client} from the '
                    f"{in_sentence(engagement.get_service_model_display())} template. Adjust the "
                    "matrix, then submit it for review.",
                )
                return redirect("engagement_matrix", pk=engagement.pk)
            show_refusal(form, outcome)
        return render(request, "engagements/new.html", {"form": form}, status=400)
    return render(request, "engagements/new.html", {"form": form})
