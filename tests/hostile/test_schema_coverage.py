"""The OpenAPI schema lists every API endpoint, so the schemathesis run
(tests/api/test_schemathesis.py), which is generated from the schema, necessarily covers each
one; and schemathesis really reaches every operation, including the workflow actions, rather
than stopping at 404s for made-up ids."""

import re

import pytest
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from engagements import services
from engagements.analysis import engagement_findings, unacknowledged_errors
from engagements.models import FindingAcknowledgement, ITTeam, Status
from engagements.selectors.matrix import load_matrix
from engagements.services.mfa import api_token_issue
from tests.api.test_schemathesis import CHECKS, in_test_transaction, schema  # noqa: F401
from tests.helpers.signing import SIGNATURE
from tests.helpers.tokens import api_token
from tests.helpers.urlwalk import all_urls

pytestmark = pytest.mark.django_db

# /api/ URLs that are not operations of the API: the schema and its docs page, and the JSON
# 404 for any path nothing else matched.
NOT_OPERATIONS = {"api-schema", "api-docs", "engagements.api.base.api_not_found"}


def _schema_operations() -> dict:
    """(view callback, METHOD) -> the schema's "METHOD path" for it."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    operations = {}
    for path, methods in document["paths"].items():
        sample = re.sub(r"\{\w+\}", "1", path)  # "1" fits every converter (int, slug, str)
        try:
            callback = resolve(sample).func
        except Resolver404:  # pragma: no cover - a schema path that no URL serves
            raise AssertionError(f"the schema lists {path}, which no URL pattern serves") from None
        for method in methods:
            if method != "parameters":
                operations[(callback, method.upper())] = f"{method.upper()} {path}"
    return operations


def test_every_api_url_and_method_is_an_operation_of_the_schema():
    operations = _schema_operations()
    api_urls = [
        url
        for url in all_urls()
        if url.template.startswith("/api/") and url.name not in NOT_OPERATIONS
    ]
    missing, unknown = [], []
    for url in api_urls:
        methods = url.methods()
        if methods is None:
            unknown.append(f"{url.template} ({url.name}): a function view; make it an APIView")
            continue
        for method in sorted(methods):
            if (url.pattern.callback, method) not in operations:
                missing.append(f"{method} {url.template} ({url.name})")

    assert not unknown, "\n".join(unknown)
    assert not missing, "endpoints missing from /api/schema/:\n" + "\n".join(missing)
    # The walk found the API (not an empty list passing vacuously), workflow actions included.
    names = {url.name for url in api_urls}
    for name in (
        "api-engagement-submit",
        "api-engagement-approve",
        "api-engagement-request-changes",
        "api-engagement-revise",
        "api-engagement-import",
        "api-engagement-export-xlsx",
        "api-engagement-oscal",
        "api-engagement-controls",
        "api-matrix",
    ):
        assert name in names


# -- schemathesis reaches every operation -----------------------------------------------------

# The state an engagement must be in for an operation to succeed, and who may do it.
WORKFLOW = {
    "/api/engagements/{id}/submit/": (Status.DRAFT, "am"),
    "/api/engagements/{id}/approve/": (Status.IN_REVIEW, "itm"),
    "/api/engagements/{id}/request-changes/": (Status.IN_REVIEW, "itm"),
    "/api/engagements/{id}/revise/": (Status.SIGNED_OFF, "am"),
}


def _prepare(engagement, status, am_user, itm_user):
    if status in (Status.IN_REVIEW, Status.SIGNED_OFF):
        data = load_matrix(engagement)
        for finding in unacknowledged_errors(data, engagement_findings(data)):
            services.finding_acknowledge(
                engagement=engagement, finding_key=finding.key, reason="Agreed.", by=am_user
            )
        services.engagement_submit(engagement=engagement, by=am_user)
    if status == Status.SIGNED_OFF:
        services.engagement_approve(engagement=engagement, by=itm_user, **SIGNATURE)


def _path_values(operation_path: str, objects: dict) -> dict:
    """Real ids for the path's parameters, by what the segment before each one names."""
    segments = operation_path.strip("/").split("/")
    values = {}
    for index, segment in enumerate(segments):
        if segment.startswith("{"):
            name = segment[1:-1]
            key = segments[index - 1]
            assert key in objects, (
                f"{operation_path}: no object for the {{{name}}} after /{key}/; add one to "
                "the objects in test_every_operation_is_reached"
            )
            values[name] = objects[key]
    return values


OPERATIONS = [
    result.ok() for result in schema.get_all_operations() if result.ok().path in WORKFLOW
] + [result.ok() for result in schema.get_all_operations() if result.ok().path not in WORKFLOW]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_every_operation_is_reached_past_its_ids(
    operation,
    small_draft,
    account_manager,
    client_it_manager,
    hipaa,  # noqa: F811
    in_test_transaction,  # noqa: F811
    settings,
):
    """Schemathesis's own cases for the operation, with every id pointing at a real object
    the user may see: not one answer is a 404, none a 5xx, each conforms to the schema, and
    each workflow action succeeds at least once."""
    settings.ALLOWED_HOSTS = ["localhost"]
    status, who = WORKFLOW.get(operation.path, (Status.DRAFT, "am"))
    _prepare(small_draft, status, account_manager, client_it_manager)
    responsibility = (
        services.controls_select(
            engagement=small_draft,
            by=account_manager,
            controls=list(hipaa.controls.filter(selectable=True)[:2]),
        )[0]
        if status == Status.DRAFT
        else None
    )
    # The client's questionnaire, so that its resources exist to be read.
    services.assessment_save(
        client=small_draft.client, by=account_manager, it_team=ITTeam.SMALL_OVERWHELMED
    )
    ack = FindingAcknowledgement.objects.create(
        engagement=small_draft,
        finding_key="GAP_NO_RESPONSIBLE:activity=x",
        reason="ok",
        by=account_manager,
    )
    objects = {
        "engagements": small_draft.pk,
        "roles": small_draft.roles.first().pk,
        "rows": small_draft.rows.first().pk,
        "comments": small_draft.comments.first().pk,
        "acknowledgements": ack.pk,
        "controls": responsibility.pk if responsibility else 0,
        "tools": small_draft.tools.first().pk,
        "clients": small_draft.client_id,
        "assignments": small_draft.rows.first().assignments.first().pk,
        "domains": small_draft.rows.first().activity.domain.code,
        "frameworks": hipaa.code,
        "people": services.person_create(
            client=small_draft.client, name="Dana Ortiz", side="internal", by=account_manager
        ).pk,
    }
    user = account_manager if who == "am" else client_it_manager
    token = api_token(user)
    # A second token of the user's own, for revoking one.
    objects["tokens"] = api_token_issue(user=user, name="spare").token.pk
    statuses = []

    @given(case=operation.as_strategy(path_parameters=_path_values(operation.path, objects)))
    @hypothesis_settings(
        max_examples=3,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if case.query:
            case.query.pop("page", None)  # a page past the end is a 404 by design
        response = case.call_and_validate(
            headers={"Authorization": f"Token {token}"}, checks=CHECKS
        )
        statuses.append(response.status_code)

    run()

    if operation.method.upper() == "DELETE":
        statuses = statuses[:1]  # once deleted, the object is gone
    assert statuses and 404 not in statuses, statuses
    if operation.path in WORKFLOW:
        assert any(200 <= code < 300 for code in statuses), statuses
