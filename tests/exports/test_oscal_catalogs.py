import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, CatalogError, parse_catalog
from engagements.models import Control, ControlKind, Framework, Requirement
from tests.helpers.compliance import control, select


def _kinds(catalog):
    return {kind: catalog.count(kind) for kind in {item.kind for item in catalog.items}}


# -- parsing ---------------------------------------------------------------------------------


def test_csf_2_counts_match_nists_published_numbers(parsed_csf):
    assert _kinds(parsed_csf) == {
        ControlKind.FUNCTION: 6,
        ControlKind.CATEGORY: 22,
        ControlKind.SUBCATEGORY: 106,
    }
    assert [i.control_id for i in parsed_csf.items if i.kind == ControlKind.FUNCTION] == [
        "GV",
        "ID",
        "PR",
        "DE",
        "RS",
        "RC",
    ]
    assert len(parsed_csf.selectable) == 106
    assert all(i.kind == ControlKind.SUBCATEGORY for i in parsed_csf.selectable)


def test_csf_items_withdrawn_in_2_0_are_skipped(parsed_csf):
    ids = {item.control_id for item in parsed_csf.items}
    # CSF 1.1 categories and subcategories that 2.0 withdrew (moved into GOVERN and others)
    assert {"ID.BE", "ID.GV", "PR.AC", "PR.IP", "DE.DP", "ID.AM-06", "PR.AC-01"}.isdisjoint(ids)
    assert {"GV.OC", "ID.AM-01", "ID.AM-08", "PR.AA-01", "RC.CO-04"} <= ids
    assert parsed_csf.withdrawn == 12 + 79


def test_a_csf_subcategory_reads_as_its_outcome_under_its_category(parsed_csf):
    item = next(i for i in parsed_csf.items if i.control_id == "PR.AA-01")
    assert item.parent == "PR.AA"
    assert item.title.startswith("Identities and credentials for authorized users")
    assert item.statement == item.title
    assert parsed_csf.code == "nist-csf-2-0"
    assert parsed_csf.name == "NIST Cybersecurity Framework 2.0"


def test_sp_800_53_moderate_baseline_counts(parsed_800_53):
    assert _kinds(parsed_800_53) == {
        ControlKind.FAMILY: 18,
        ControlKind.CONTROL: 177,
        ControlKind.ENHANCEMENT: 110,
    }
    assert len(parsed_800_53.selectable) == 287
    assert parsed_800_53.withdrawn == 0


def test_sp_800_53_keeps_nists_label_and_its_oscal_id(parsed_800_53):
    items = {i.control_id: i for i in parsed_800_53.items}
    enhancement = items["AC-2(1)"]
    assert (enhancement.oscal_id, enhancement.parent, enhancement.kind) == (
        "ac-2.1",
        "AC-2",
        ControlKind.ENHANCEMENT,
    )
    assert enhancement.title == "Automated System Account Management"
    assert items["AC-2"].parent == "AC"
    assert items["AC"].title == "Access Control"
    # parameters read as NIST prints them
    assert "[Assignment: organization-defined automated mechanisms]" in enhancement.statement
    assert "[Selection (one or more): organization-level;" in items["AC-1"].statement


def test_hipaa_safeguards_standards_and_implementation_specifications(parsed_hipaa):
    assert _kinds(parsed_hipaa) == {
        ControlKind.SAFEGUARD: 3,
        ControlKind.STANDARD: 18,
        ControlKind.SPECIFICATION: 36,
    }
    specs = [i for i in parsed_hipaa.items if i.kind == ControlKind.SPECIFICATION]
    required = [i for i in specs if i.requirement == Requirement.REQUIRED]
    addressable = [i for i in specs if i.requirement == Requirement.ADDRESSABLE]
    assert (len(required), len(addressable)) == (14, 22)
    items = {i.control_id: i for i in parsed_hipaa.items}
    assert items["164.308(a)(1)(ii)(A)"].title == "Risk analysis"
    assert items["164.308(a)(1)(ii)(A)"].requirement == Requirement.REQUIRED
    assert items["164.312(a)(2)(iv)"].requirement == Requirement.ADDRESSABLE
    assert items["164.312(a)(2)(iv)"].parent == "164.312(a)(1)"
    assert items["164.312(a)(1)"].parent == "164.312"


def test_hipaa_responsibilities_go_to_specifications_and_to_standards_without_any(parsed_hipaa):
    selectable = {i.control_id: i for i in parsed_hipaa.selectable}
    assert len(selectable) == 42
    assert "164.308(a)(2)" in selectable  # Assigned security responsibility: no specs
    assert "164.308(a)(1)" not in selectable  # its specifications carry it
    assert parsed_hipaa.code == "hipaa-security-rule"


def test_our_hipaa_file_is_a_valid_oscal_catalog():
    from trestle.oscal.catalog import Catalog

    document = json.loads(BUNDLED["hipaa"].read_text())
    catalog = Catalog.model_validate(document["catalog"])
    assert [group.title for group in catalog.groups] == [
        "Administrative safeguards",
        "Physical safeguards",
        "Technical safeguards",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"system-security-plan": {}}', "is an OSCAL system-security-plan, not a catalog."),
        ('{"hello": 1}', 'is not an OSCAL catalog (no top-level "catalog").'),
        ("{nope", "is not valid JSON"),
        ("<catalog/>", "is not an OSCAL catalog (root element <catalog>)."),
        ("<c:catalog xmlns:c='http://csrc.nist.gov/ns/oscal/1.0'>", "is not valid XML"),
        ("title,controls\n", "is not an OSCAL catalog (neither JSON nor XML)."),
        ('{"catalog": {"metadata": {"title": "Empty"}}}', "the catalog has no controls."),
        ('{"catalog": {"groups": []}}', "its metadata has no title"),
    ],
)
def test_a_file_that_is_not_an_oscal_catalog_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "upload.txt"
    path.write_text(content)
    with pytest.raises(CatalogError) as caught:
        parse_catalog(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_xml_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0">&b;</catalog>'
    )
    with pytest.raises(CatalogError, match="is not valid XML"):
        parse_catalog(path)


# -- loading ---------------------------------------------------------------------------------


def _snapshot():
    return sorted(
        Control.objects.values_list(
            "framework__code",
            "control_id",
            "oscal_id",
            "title",
            "kind",
            "parent__control_id",
            "requirement",
            "statement",
            "selectable",
            "order",
        )
    ), sorted(Framework.objects.values_list("code", "name", "version", "source", "description"))


@pytest.mark.django_db
def test_load_catalog_stores_csf_and_hipaa_and_a_second_load_changes_nothing(capsys):
    paths = [str(BUNDLED["csf"]), str(BUNDLED["hipaa"])]
    call_command("load_catalog", *paths)
    first = capsys.readouterr().out
    assert "NIST Cybersecurity Framework 2.0: 134 added" in first
    assert "HIPAA Security Rule: 57 added" in first
    csf = Framework.objects.get(code="nist-csf-2-0")
    assert csf.controls.filter(kind=ControlKind.SUBCATEGORY).count() == 106
    assert csf.controls.filter(selectable=True).count() == 106
    assert control(csf, "GV.OC-01").parent.parent.control_id == "GV"
    assert csf.source == "NIST_CSF_v2.0_catalog.xml"
    before = _snapshot()

    call_command("load_catalog", *paths)
    assert _snapshot() == before
    second = capsys.readouterr().out
    assert "already up to date (134 items)" in second
    assert "already up to date (57 items)" in second


@pytest.mark.django_db
def test_sp_800_53_loads_with_enhancements_under_their_controls(parsed_800_53):
    result = services.catalog_load(catalog=parsed_800_53)
    framework = result.framework
    assert (result.added, framework.controls.count()) == (305, 305)
    enhancement = control(framework, "AC-2(1)")
    assert (enhancement.oscal_id, enhancement.parent.control_id) == ("ac-2.1", "AC-2")
    assert services.catalog_load(catalog=parsed_800_53).changed_anything is False


@pytest.mark.django_db
def test_a_new_edition_updates_changed_items_and_keeps_selected_ones_it_dropped(
    parsed_hipaa, co_managed, account_manager
):
    framework = services.catalog_load(catalog=parsed_hipaa).framework
    select(co_managed, framework, "164.312(a)(2)(iv)", by=account_manager)
    renamed = "164.308(a)(1)(ii)(A)"
    dropped_selected, dropped_unused = "164.312(a)(2)(iv)", "164.312(a)(2)(iii)"
    edition = dataclasses.replace(
        parsed_hipaa,
        items=tuple(
            dataclasses.replace(i, title="Risk analysis, updated") if i.control_id == renamed else i
            for i in parsed_hipaa.items
            if i.control_id not in (dropped_selected, dropped_unused)
        ),
    )
    result = services.catalog_load(catalog=edition)
    assert (result.added, result.changed, result.removed, result.retired) == (0, 1, 1, 1)
    assert control(framework, renamed).title == "Risk analysis, updated"
    assert not Control.objects.filter(control_id=dropped_unused).exists()
    kept = control(framework, dropped_selected)
    assert (kept.selectable, kept.responsibilities.count()) == (False, 1)


@pytest.mark.django_db
def test_load_catalog_refuses_a_file_that_is_not_a_catalog_and_stores_nothing():
    with pytest.raises(CommandError, match=r"README\.md is not an OSCAL catalog"):
        call_command("load_catalog", str(Path(settings.BASE_DIR) / "README.md"))
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_catalog", "missing.json")
    assert not Framework.objects.exists()


def test_load_catalog_exits_non_zero_with_one_line(tmp_path):
    path = tmp_path / "ssp.json"
    path.write_text('{"system-security-plan": {"uuid": "x"}}')
    done = subprocess.run(
        [sys.executable, "manage.py", "load_catalog", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "CommandError: ssp.json is an OSCAL system-security-plan, not a catalog."
    )
    assert done.stdout == ""
