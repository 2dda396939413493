"""The OSCAL export: valid against compliance-trestle's OSCAL models, every reference inside
it resolves, and it says who provides, inherits and carries each control."""

import json

import pytest
from trestle.core.duplicates_validator import DuplicatesValidator
from trestle.core.refs_validator import RefsValidator
from trestle.oscal.ssp import SystemSecurityPlan

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED
from engagements.exports.oscal.ssp import NothingToExport, engagement_ssp
from engagements.models import ControlResponsibility, Origination
from engagements.selectors.matrix import load_matrix
from tests.helpers.compliance import select
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(co_managed, account_manager, hipaa, csf):
    """One control of every origination, plus one nobody has decided yet."""
    services.role_update(
        role=role_of(co_managed, "Internal systems administrator"),
        by=account_manager,
        person_name="Chris Olsen",
    )
    chosen = select(
        co_managed,
        hipaa,
        "164.308(a)(1)(ii)(A)",
        "164.308(a)(2)",
        "164.308(a)(4)(ii)(A)",
        "164.312(b)",
        "164.312(c)(2)",
        by=account_manager,
    )
    chosen.update(select(co_managed, csf, "PR.AA-01", by=account_manager))
    settings = {
        "164.308(a)(1)(ii)(A)": {
            "origination": Origination.SHARED,
            "responsible_role": role_of(co_managed, "MSP vCIO"),
            "split_description": "The vCIO runs the analysis; the IT manager accepts it.",
            "msp_responsibility": "Run the annual risk analysis.",
            "customer_responsibility": "Confirm the asset list and accept the report.",
            "implementing_rows": [row_of(co_managed, "compliance.risk-assessment")],
        },
        "164.308(a)(2)": {
            "origination": Origination.INTERNAL,
            "responsible_role": role_of(co_managed, "Client IT manager"),
            "customer_responsibility": "The IT manager is the named security official.",
        },
        "164.308(a)(4)(ii)(A)": {
            "origination": Origination.NOT_APPLICABLE,
            "customer_responsibility": "Not a health care clearinghouse.",
        },
        "164.312(b)": {
            "origination": Origination.MSP,
            "responsible_role": role_of(co_managed, "MSP SOC"),
            "msp_responsibility": "Audit logging on servers and the tenant.",
            "customer_responsibility": "Read the monthly log review.",
            "implementing_rows": [row_of(co_managed, "security.soc-monitoring")],
        },
        "PR.AA-01": {
            "origination": Origination.SHARED,
            "responsible_role": role_of(co_managed, "Internal systems administrator"),
        },
        "164.312(c)(2)": {
            "origination": Origination.INHERITED,
            "vendor_name": "Cloud practice-management vendor",
        },
    }
    for control_id, fields in settings.items():
        services.control_responsibility_update(
            responsibility=chosen[control_id], by=account_manager, **fields
        )
    return co_managed


def _ssp(engagement):
    return engagement_ssp(load_matrix(engagement))["system-security-plan"]


def _requirements(ssp):
    return {r["control-id"]: r for r in ssp["control-implementation"]["implemented-requirements"]}


def _walk(node, key):
    """Every value stored under `key` anywhere in the document."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def test_the_export_validates_against_the_oscal_models(agreed):
    document = engagement_ssp(load_matrix(agreed))
    # JSON round trip first: what the API sends is what is validated
    ssp = SystemSecurityPlan.model_validate(
        json.loads(json.dumps(document))["system-security-plan"]
    )
    assert DuplicatesValidator().model_is_valid(ssp, quiet=True)
    assert RefsValidator().model_is_valid(ssp, quiet=True)
    assert len(ssp.control_implementation.implemented_requirements) == 6


def test_every_reference_in_the_export_resolves(agreed):
    ssp = _ssp(agreed)
    roles = {r["id"] for r in ssp["metadata"]["roles"]}
    parties = {p["uuid"] for p in ssp["metadata"]["parties"]}
    components = {c["uuid"] for c in ssp["system-implementation"]["components"]}
    assert set(_walk(ssp, "role-id")) <= roles
    assert {u for uuids in _walk(ssp, "party-uuids") for u in uuids} <= parties
    assert {u for uuids in _walk(ssp, "member-of-organizations") for u in uuids} <= parties
    assert set(_walk(ssp, "component-uuid")) <= components
    provided = {p["uuid"] for ps in _walk(ssp, "provided") for p in ps}
    responsibilities = {r["uuid"] for rs in _walk(ssp, "responsibilities") for r in rs}
    assert set(_walk(ssp, "provided-uuid")) <= provided
    assert set(_walk(ssp, "responsibility-uuid")) <= responsibilities
    uuids = list(_walk(ssp, "uuid"))
    assert len(uuids) == len(set(uuids))
    profile = ssp["import-profile"]["href"].removeprefix("#")
    assert profile in {r["uuid"] for r in ssp["back-matter"]["resources"]}


def test_the_export_cites_the_catalogs_own_control_ids(agreed):
    hipaa_ids = set(_walk(json.loads(BUNDLED["hipaa"].read_text()), "id"))
    cited = set(_requirements(_ssp(agreed)))
    assert cited - {"PR.AA-01"} <= hipaa_ids
    assert "hipaa-164.308-a-1-ii-a" in cited
    assert "PR.AA-01" in cited  # CSF's OSCAL ids are its labels


def test_the_msp_and_the_internal_team_are_parties_and_components(agreed):
    ssp = _ssp(agreed)
    parties = {p["name"]: p for p in ssp["metadata"]["parties"]}
    assert {"Managed service provider", "Acme Logistics", "Chris Olsen"} <= set(parties)
    assert parties["Chris Olsen"]["member-of-organizations"] == [parties["Acme Logistics"]["uuid"]]
    components = [(c["type"], c["title"]) for c in ssp["system-implementation"]["components"]]
    assert components == [
        ("this-system", "Acme Logistics IT environment and internal IT"),
        ("service", "Managed service provider managed IT services"),
        ("service", "Cloud practice-management vendor"),
    ]
    titles = {r["title"] for r in ssp["metadata"]["roles"]}
    assert {"MSP SOC", "Client IT manager", "Internal systems administrator"} <= titles


def test_a_shared_control_says_what_is_provided_inherited_and_left_to_the_client(agreed):
    ssp = _ssp(agreed)
    requirement = _requirements(ssp)["hipaa-164.308-a-1-ii-a"]
    props = {(p["name"], p["value"]) for p in requirement["props"]}
    assert {("origination", "shared"), ("can-be-inherited", "Partial")} <= props
    assert ("implemented-by", "compliance.risk-assessment") in props
    msp, client = requirement["by-components"]
    provided = msp["export"]["provided"][0]
    responsibility = msp["export"]["responsibilities"][0]
    assert provided["description"] == "Run the annual risk analysis."
    assert responsibility["description"] == "Confirm the asset list and accept the report."
    assert client["inherited"][0]["provided-uuid"] == provided["uuid"]
    assert client["satisfied"][0]["responsibility-uuid"] == responsibility["uuid"]
    assert client["implementation-status"] == {"state": "partial"}
    assert "Split: The vCIO runs the analysis" in requirement["remarks"]


def test_each_origination_reads_as_it_should(agreed):
    requirements = _requirements(_ssp(agreed))
    internal = requirements["hipaa-164.308-a-2"]
    (by_client,) = internal["by-components"]
    assert by_client["description"] == "The IT manager is the named security official."
    assert "export" not in by_client and "inherited" not in by_client
    not_applicable = requirements["hipaa-164.308-a-4-ii-a"]
    assert not_applicable["by-components"][0]["implementation-status"] == {
        "state": "not-applicable"
    }
    msp = requirements["hipaa-164.312-b"]
    assert msp["responsible-roles"][0]["role-id"] == "role-msp-soc"
    inherited = requirements["hipaa-164.312-c-2"]
    vendor, client = inherited["by-components"]
    assert "Origination: Inherited from Cloud practice-management vendor." in inherited["remarks"]
    assert client["inherited"][0]["provided-uuid"] == vendor["export"]["provided"][0]["uuid"]


def test_a_control_nobody_has_decided_is_exported_without_an_owner(
    co_managed, account_manager, csf
):
    select(co_managed, csf, "PR.AA-01", by=account_manager)
    (requirement,) = _requirements(_ssp(co_managed)).values()
    assert "by-components" not in requirement and "responsible-roles" not in requirement
    assert requirement["remarks"] == "Origination: Not decided."


def test_exporting_twice_gives_the_same_document(agreed):
    assert engagement_ssp(load_matrix(agreed)) == engagement_ssp(load_matrix(agreed))


def test_nothing_to_export_without_selected_controls(co_managed):
    with pytest.raises(NothingToExport, match="No compliance controls are selected"):
        engagement_ssp(load_matrix(co_managed))


def test_the_oscal_export_costs_the_same_queries_for_5_controls_or_a_whole_framework(
    client, agreed, co_managed, account_manager, hipaa, django_assert_max_num_queries
):
    client.force_login(account_manager)
    url = f"/api/engagements/{co_managed.pk}/oscal/"
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    select(co_managed, hipaa, by=account_manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert ControlResponsibility.objects.filter(engagement=co_managed).count() > 40
