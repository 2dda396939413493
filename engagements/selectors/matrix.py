"""Loading one engagement's matrix (or many) into MatrixData, in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db.models import F, Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from engagements.analysis.data import MatrixData
from engagements.models import (
    Activity,
    Assignment,
    Client,
    ControlResponsibility,
    Coverage,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Person,
    ResponseTarget,
    Role,
    Tool,
)


def load_matrix(engagement: Engagement) -> MatrixData:
    """Load everything analysis and the outputs need, in ten queries whatever the size
    (nine when no controls are selected; one more when the engagement's client was not
    loaded with it: analysis needs its time zone and country)."""
    return load_matrices([engagement])[engagement.pk]


def load_matrix_grid(engagement: Engagement) -> MatrixData:
    """Only the grid: roles, rows, cells and coverage (no tools, acknowledgements or
    controls), in four queries: what the matrix document shows. A framework's hundreds of
    selected controls would otherwise be loaded for every read of the document."""
    return load_matrices([engagement], grid_only=True)[engagement.pk]


@dataclass(frozen=True)
class GridValues:
    """One matrix's grid as value rows straight from the database (no model objects): what
    the matrix document is built from in one pass. Rows in matrix order, roles in column
    order; cells and coverage in no particular order."""

    # (id, name, side, person_name, absence_backup_id, order)
    roles: list[tuple]
    # (id, activity code, name, description, activity client_id (custom when set), in_scope,
    #  split_note, coverage_need, activity default_coverage, domain id, code, name)
    rows: list[tuple]
    cells: list[tuple[int, int, str]]  # (row_id, role_id, letters)
    coverage: list[tuple[int, str, int | None]]  # (row_id, window, role_id)


ROW_ORDER = ("activity__domain__order", "activity__domain__code", "order", "activity__order", "id")


def grid_values(engagement: Engagement) -> GridValues:
    """The grid of one engagement as value rows, in four queries whatever its size (the
    same rows `load_matrix_grid` builds model objects from, several times cheaper)."""
    roles = list(
        Role.objects.filter(engagement=engagement)
        .order_by("order", "id")
        .values_list("id", "name", "side", "person_name", "absence_backup_id", "order")
    )
    rows = list(
        MatrixRow.objects.filter(engagement=engagement)
        .order_by(*ROW_ORDER)
        .values_list(
            "id",
            "activity__code",
            "activity__name",
            "activity__description",
            "activity__client_id",
            "in_scope",
            "split_note",
            "coverage_need",
            "activity__default_coverage",
            "activity__domain_id",
            "activity__domain__code",
            "activity__domain__name",
        )
    )
    cells = list(
        Assignment.objects.filter(row__engagement=engagement).values_list(
            "row_id", "role_id", "letters"
        )
    )
    coverage = list(
        Coverage.objects.filter(row__engagement=engagement).values_list(
            "row_id", "window", "role_id"
        )
    )
    return GridValues(roles=roles, rows=rows, cells=cells, coverage=coverage)


def load_matrix_rows(engagement: Engagement, activity_codes: Iterable[str]) -> MatrixData:
    """Part of a matrix: every role, but only the rows of these activities with their cells
    and coverage (no tools, acknowledgements or controls). Enough to check a change to a
    few cells, in four queries however large the matrix is."""
    roles = list(Role.objects.filter(engagement=engagement).order_by("order", "id"))
    rows = list(
        MatrixRow.objects.filter(engagement=engagement, activity__code__in=set(activity_codes))
        .select_related("activity__domain")
        .order_by(*ROW_ORDER)
    )
    ids = [row.pk for row in rows]
    cells = {
        (row_id, role_id): letters
        for row_id, role_id, letters in Assignment.objects.filter(row_id__in=ids).values_list(
            "row_id", "role_id", "letters"
        )
    }
    coverage = {
        (row_id, window): role_id
        for row_id, window, role_id in Coverage.objects.filter(row_id__in=ids).values_list(
            "row_id", "window", "role_id"
        )
    }
    return MatrixData(
        engagement=engagement, roles=roles, rows=rows, cells=cells, coverage=coverage, tools=[]
    )


# Cells, coverage and targets of one engagement in the order their models' default ordering
# gives (row, then role or window), without its joins to the engagement and client (twice,
# for cells: through the row and the role) that only order one engagement after another.
_ROW_PART_ORDER = ("row__order", "row_id")


def load_matrices(
    engagements: Iterable[Engagement], *, grid_only: bool = False
) -> dict[int, MatrixData]:
    """Load many engagements at once, keyed by engagement id: the same ten queries as
    one engagement (plus one for clients not loaded with their engagements), however many
    engagements there are. A portfolio view uses this instead of a query per engagement."""
    engagements = list(engagements)
    if not engagements:
        return {}
    ids = [engagement.pk for engagement in engagements]
    _attach_clients(engagements)

    roles: dict[int, list[Role]] = {pk: [] for pk in ids}
    for role in (
        Role.objects.filter(engagement_id__in=ids)
        .select_related("absence_backup_person")
        .order_by("order", "id")
    ):
        roles[role.engagement_id].append(role)

    # Who holds each role and how fast each duty must be answered: one query each.
    people: dict[int, dict[int, list[Person]]] = {pk: {} for pk in ids}
    directory: dict[int, Person] = {}
    for link in (
        Role.people.through.objects.filter(role__engagement_id__in=ids)
        .annotate(engagement_id=F("role__engagement_id"))
        .select_related("person")
        .order_by("person__name", "person_id")
    ):
        person = directory.setdefault(link.person_id, link.person)
        people[link.engagement_id].setdefault(link.role_id, []).append(person)
    targets: dict[int, dict[tuple[int, str], int]] = {pk: {} for pk in ids}
    for engagement_id, row_id, window, minutes in (
        ResponseTarget.objects.filter(row__engagement_id__in=ids)
        .order_by(*_ROW_PART_ORDER, "window")
        .values_list("row__engagement_id", "row_id", "window", "minutes")
    ):
        targets[engagement_id][(row_id, window)] = minutes

    rows: dict[int, list[MatrixRow]] = {pk: [] for pk in ids}
    for row in _rows(ids):
        rows[row.engagement_id].append(row)

    cells: dict[int, dict[tuple[int, int], str]] = {pk: {} for pk in ids}
    for engagement_id, row_id, role_id, letters in (
        Assignment.objects.filter(row__engagement_id__in=ids)
        .order_by(*_ROW_PART_ORDER, "role__order", "role_id")
        .values_list("row__engagement_id", "row_id", "role_id", "letters")
    ):
        cells[engagement_id][(row_id, role_id)] = letters

    coverage: dict[int, dict[tuple[int, str], int]] = {pk: {} for pk in ids}
    for engagement_id, row_id, window, role_id in (
        Coverage.objects.filter(row__engagement_id__in=ids)
        .order_by(*_ROW_PART_ORDER, "window")
        .values_list("row__engagement_id", "row_id", "window", "role_id")
    ):
        coverage[engagement_id][(row_id, window)] = role_id

    tools: dict[int, list[Tool]] = {pk: [] for pk in ids}
    acknowledgements: dict[int, dict[str, FindingAcknowledgement]] = {pk: {} for pk in ids}
    controls: dict[int, list[ControlResponsibility]] = {pk: [] for pk in ids}
    control_rows: dict[int, dict[int, list[int]]] = {pk: {} for pk in ids}
    if not grid_only:
        _load_parts(ids, tools, acknowledgements, controls, control_rows)

    return {
        engagement.pk: MatrixData(
            engagement=engagement,
            roles=roles[engagement.pk],
            rows=rows[engagement.pk],
            cells=cells[engagement.pk],
            coverage=coverage[engagement.pk],
            tools=tools[engagement.pk],
            acknowledgements=acknowledgements[engagement.pk],
            controls=controls[engagement.pk],
            control_rows=control_rows[engagement.pk],
            people=people[engagement.pk],
            response_targets=targets[engagement.pk],
        )
        for engagement in engagements
    }


def _load_parts(ids, tools, acknowledgements, controls, control_rows) -> None:
    """Tools, acknowledgements, controls and their rows of these engagements, into the
    dicts given (keyed by engagement id): four queries, three when no control is selected."""
    for tool in (
        Tool.objects.filter(engagement_id__in=ids)
        .select_related("administered_by")
        .order_by("name")
    ):
        tools[tool.engagement_id].append(tool)

    for ack in FindingAcknowledgement.objects.filter(engagement_id__in=ids).select_related("by"):
        acknowledgements[ack.engagement_id][ack.finding_key] = ack

    for responsibility in (
        ControlResponsibility.objects.filter(engagement_id__in=ids)
        .select_related("control__framework", "control__parent", "responsible_role")
        .order_by("control__framework__name", "control__order")
    ):
        controls[responsibility.engagement_id].append(responsibility)

    through = ControlResponsibility.implementing_rows.through
    # Most matrices have no controls selected: then no control has implementing rows.
    with_controls = [pk for pk in ids if controls[pk]]
    for engagement_id, resp_id, row_id in (
        through.objects.filter(controlresponsibility__engagement_id__in=with_controls).values_list(
            "controlresponsibility__engagement_id", "controlresponsibility_id", "matrixrow_id"
        )
        if with_controls
        else ()
    ):
        control_rows[engagement_id].setdefault(resp_id, []).append(row_id)


def _built(model: type[Model], using: str, names: list[str], values) -> Model:
    """A model instance as `Model.from_db` makes it, without `Model.__init__`: its values
    set straight into the instance (they come converted from the database), saved state
    marked as loaded from `using`. About four times faster, which counts for the 2,000
    rows and activities of a large matrix loaded after every edit. Only for models no
    pre_init/post_init receiver listens to (`_rows` checks)."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(names, values, strict=True))
    state = ModelState()
    state.adding = False
    state.db = using
    obj._state = state
    return obj


def _builder(model: type[Model]):
    """`_built`, or `Model.from_db` when something listens to the model being initialised."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db
    return partial(_built, model)


def _rows(ids: list[int]) -> list[MatrixRow]:
    """The rows of these engagements in matrix order, each with its activity and domain.

    One query, like select_related, but every engagement's row for an activity shares one
    Activity and one Domain object: a portfolio of 500 engagements over the same catalog
    builds 120 activities, not 60,000, which makes loading it several times faster.
    """
    row_fields = [f.attname for f in MatrixRow._meta.concrete_fields]
    activity_fields = [f.attname for f in Activity._meta.concrete_fields]
    domain_fields = [f.attname for f in Domain._meta.concrete_fields]
    queryset = (
        MatrixRow.objects.filter(engagement_id__in=ids)
        .order_by(*ROW_ORDER)
        .values_list(
            *row_fields,
            *(f"activity__{name}" for name in activity_fields),
            *(f"activity__domain__{name}" for name in domain_fields),
        )
    )
    using = queryset.db
    build_row, build_activity, build_domain = (
        _builder(MatrixRow),
        _builder(Activity),
        _builder(Domain),
    )
    split_row, split_activity = len(row_fields), len(row_fields) + len(activity_fields)
    activity_field = MatrixRow._meta.get_field("activity")
    domain_field = Activity._meta.get_field("domain")
    activities: dict[int, Activity] = {}
    domains: dict[int, Domain] = {}
    rows = []
    for values in queryset:
        row = build_row(using, row_fields, values[:split_row])
        activity = activities.get(row.activity_id)
        if activity is None:
            activity = build_activity(using, activity_fields, values[split_row:split_activity])
            domain = domains.get(activity.domain_id)
            if domain is None:
                domain = build_domain(using, domain_fields, values[split_activity:])
                domains[domain.id] = domain
            domain_field.set_cached_value(activity, domain)
            activities[activity.id] = activity
        activity_field.set_cached_value(row, activity)
        rows.append(row)
    return rows


def _attach_clients(engagements: list[Engagement]) -> None:
    """Analysis reads each client's time zone; fetch the clients not already loaded, in one
    query, so the pure analysis never queries."""
    missing = [e for e in engagements if not Engagement.client.is_cached(e)]
    if not missing:
        return
    clients = Client.objects.in_bulk({e.client_id for e in missing})
    for engagement in missing:
        engagement.client = clients[engagement.client_id]
