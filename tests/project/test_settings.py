import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_app_refuses_to_start_without_a_secret_key_unless_debug_is_on():
    refused = _check({"DEBUG": "0"})
    assert refused.returncode != 0
    assert refused.stderr.strip().splitlines() == [
        "error: SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=1 for "
        "development."
    ]
    assert _check({"DEBUG": "1"}).returncode == 0
    assert _check({"DEBUG": "0", "SECRET_KEY": "x" * 50}).returncode == 0


def _database_options(env_overrides) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PG_RANDOM_PAGE_COST"}
    env.update({"DEBUG": "1", **env_overrides})
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'raci_project.settings'); django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_postgresql_is_told_that_random_reads_are_cheap_unless_told_otherwise():
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/raci"}
    assert _database_options(url) == "-c random_page_cost=1.1"
    assert _database_options({**url, "PG_RANDOM_PAGE_COST": "2"}) == "-c random_page_cost=2.0"
    assert _database_options({**url, "PG_RANDOM_PAGE_COST": ""}) == ""
    assert _database_options({"DATABASE_URL": "sqlite:///x.sqlite3"}) == ""


def test_a_random_page_cost_that_is_not_a_number_stops_the_app_with_one_clear_line():
    refused = _check(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/raci",
            "PG_RANDOM_PAGE_COST": "cheap",
        }
    )
    assert refused.returncode != 0
    assert refused.stderr.strip() == (
        "error: PG_RANDOM_PAGE_COST must be a number (or empty), not 'cheap'."
    )


def _health_checks(env_overrides) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CONN_HEALTH_CHECKS"}
    env.update({"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/raci"})
    env.update(env_overrides)
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'raci_project.settings'); django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_reused_postgresql_connections_are_checked_unless_told_otherwise():
    assert _health_checks({}) == "True"
    assert _health_checks({"CONN_HEALTH_CHECKS": "0"}) == "False"
