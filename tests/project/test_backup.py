"""The documented backup and restore round trip keeps the demo data intact.

SQLite installs back up with `dumpdata` / `loaddata`; PostgreSQL installs with `pg_dump` /
`pg_restore`. Each database run of the suite proves its own method (docs/operations/
backup-and-restore.md).
"""

import shutil
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from engagements.demo import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

BACKED_UP_APPS = ("engagements", "auth", "authtoken")


def _fingerprint():
    counts = {}
    for app in BACKED_UP_APPS:
        try:
            config = apps.get_app_config(app)
        except LookupError:
            continue
        for model in config.get_models():
            counts[model._meta.label] = model.objects.count()
    from engagements.models import Assignment

    cells = sorted(
        Assignment.objects.values_list(
            "row__engagement__client__slug",
            "row__engagement__revision",
            "row__activity__code",
            "role__name",
            "letters",
        )
    )
    return counts, cells


def test_the_demo_data_survives_a_backup_and_restore(tmp_path):
    seed_demo()
    before = _fingerprint()
    assert before[0]["engagements.Assignment"] > 0

    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            pytest.fail("pg_dump is needed for the PostgreSQL backup round trip")
        settings_dict = connection.settings_dict
        name, host = settings_dict["NAME"], settings_dict["HOST"] or "127.0.0.1"
        user, port = settings_dict["USER"] or "postgres", str(settings_dict["PORT"] or 5432)
        dump = tmp_path / "raci.dump"
        common = ["-h", host, "-p", port, "-U", user]
        subprocess.run(["pg_dump", *common, "-Fc", "-f", str(dump), name], check=True)
        call_command("flush", interactive=False, verbosity=0)
        assert _fingerprint()[0]["engagements.Assignment"] == 0
        connection.close()
        subprocess.run(
            ["pg_restore", *common, "--clean", "--if-exists", "--no-owner", "-d", name, str(dump)],
            check=True,
        )
    else:
        dump = tmp_path / "raci.json"
        call_command(
            "dumpdata",
            *BACKED_UP_APPS,
            "--natural-foreign",
            "--exclude",
            "auth.permission",
            "--output",
            str(dump),
            verbosity=0,
        )
        call_command("flush", interactive=False, verbosity=0)
        assert _fingerprint()[0]["engagements.Assignment"] == 0
        call_command("loaddata", str(dump), verbosity=0)

    assert _fingerprint() == before
