"""export_engagement and import_engagement: thin doors with one line of output or error."""

import io

import pytest
from django.core.management import CommandError, call_command

from engagements import services
from engagements.models import Assignment, Engagement, MatrixRow, Role
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import cell, edited, export, open_workbook

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _noc_on_servers(engagement) -> str:
    found = Assignment.objects.filter(
        row=MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers"),
        role=Role.objects.get(engagement=engagement, name="MSP NOC"),
    ).first()
    return found.letters if found else ""


def _write(tmp_path, content: bytes, name="scope.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _with_noc(engagement, letters):
    return edited(
        export(engagement),
        lambda wb: setattr(
            cell(wb["RACI matrix"], "patching.servers", "MSP NOC"), "value", letters
        ),
    )


def test_export_writes_the_workbook_where_asked(co_managed, tmp_path):
    target = tmp_path / "contract.xlsx"
    out, _ = _run("export_engagement", str(co_managed.pk), "-o", str(target))
    assert out == f"Wrote {target} ({co_managed}).\n"
    assert open_workbook(target.read_bytes()).sheetnames[1] == "RACI matrix"


def test_export_names_the_file_after_the_engagement_by_default(co_managed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _run("export_engagement", str(co_managed.pk))
    assert (tmp_path / "acme-co-managed-it-r1.xlsx").exists()


def test_export_of_an_unknown_engagement_fails_with_one_line(db):
    with pytest.raises(CommandError, match=r"^There is no engagement with id 999999\.$"):
        _run("export_engagement", "999999", "-o", "x.xlsx")


def test_export_into_a_missing_folder_fails_with_one_line(co_managed, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run("export_engagement", str(co_managed.pk), "-o", str(tmp_path / "no" / "x.xlsx"))


def test_export_refuses_another_extension(co_managed, tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.xlsx"):
        _run("export_engagement", str(co_managed.pk), "-o", str(tmp_path / "x.csv"))


def test_import_applies_the_workbook(co_managed, tmp_path):
    path = _write(tmp_path, _with_noc(co_managed, "a/r"))
    out, _ = _run("import_engagement", str(co_managed.pk), path)
    lines = out.splitlines()
    assert lines[0].endswith('Deploy server patches / MSP NOC: letters "R" -> "A/R"')
    assert lines[-1].startswith("Imported 1 change into ")
    assert _noc_on_servers(co_managed) == "AR"


def test_import_dry_run_saves_nothing(co_managed, tmp_path):
    path = _write(tmp_path, _with_noc(co_managed, "C"))
    out, _ = _run("import_engagement", str(co_managed.pk), path, "--dry-run")
    assert out.splitlines()[-1] == "Dry run: 1 change would be made; nothing was saved."
    assert _noc_on_servers(co_managed) == "R"


def test_import_of_an_unchanged_workbook_says_so(co_managed, tmp_path):
    path = _write(tmp_path, export(co_managed))
    out, _ = _run("import_engagement", str(co_managed.pk), path)
    assert out == "The workbook matches the matrix; nothing changed.\n"


def test_import_lists_every_problem_then_fails(co_managed, tmp_path):
    path = _write(tmp_path, _with_noc(co_managed, "X"))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^The workbook has 1 problem; nothing was imported\.$"):
        call_command("import_engagement", str(co_managed.pk), path, stderr=err)
    assert '"X" is not one of R, A, C, I' in err.getvalue()
    assert err.getvalue().startswith("RACI matrix!")
    assert _noc_on_servers(co_managed) == "R"


def test_import_of_a_file_that_is_not_a_workbook_fails_with_one_line(co_managed, tmp_path):
    path = _write(tmp_path, b"not a workbook", name="scope.txt")
    with pytest.raises(CommandError, match=r'"scope.txt" is not an Excel \.xlsx workbook\.'):
        _run("import_engagement", str(co_managed.pk), path)


def test_import_of_a_missing_file_fails_with_one_line(co_managed, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        _run("import_engagement", str(co_managed.pk), str(tmp_path / "gone.xlsx"))


def test_import_into_a_frozen_revision_fails(
    co_managed, account_manager, client_it_manager, tmp_path
):
    path = _write(tmp_path, _with_noc(co_managed, "C"))
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    with pytest.raises(CommandError, match="can no longer change"):
        _run("import_engagement", str(co_managed.pk), path)


def test_import_as_a_user_who_may_not_edit_fails(co_managed, client_it_manager, tmp_path):
    path = _write(tmp_path, _with_noc(co_managed, "C"))
    with pytest.raises(CommandError, match="Only the account manager"):
        _run("import_engagement", str(co_managed.pk), path, "--user", client_it_manager.username)
    assert Engagement.objects.get(pk=co_managed.pk).version == co_managed.version


def test_import_as_an_unknown_user_fails(co_managed, tmp_path):
    path = _write(tmp_path, export(co_managed))
    with pytest.raises(CommandError, match='There is no user "nobody"'):
        _run("import_engagement", str(co_managed.pk), path, "--user", "nobody")
