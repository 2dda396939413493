"""gunicorn.conf.py: the app server's settings come from the environment."""

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
NAMES = ("WEB_CONCURRENCY", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS", "GUNICORN_KEEPALIVE")


@pytest.fixture
def environment(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_defaults_are_three_sync_workers_of_one_thread(environment):
    conf = runpy.run_path(str(CONF))
    assert (conf["workers"], conf["worker_class"], conf["threads"]) == (3, "sync", 1)
    assert conf["keepalive"] == 5


def test_each_setting_is_read_from_the_environment(environment):
    environment.setenv("WEB_CONCURRENCY", "5")
    environment.setenv("GUNICORN_WORKER_CLASS", "gthread")
    environment.setenv("GUNICORN_THREADS", "4")
    environment.setenv("GUNICORN_KEEPALIVE", "2")
    conf = runpy.run_path(str(CONF))
    assert (conf["workers"], conf["worker_class"], conf["threads"], conf["keepalive"]) == (
        5,
        "gthread",
        4,
        2,
    )


def test_a_number_that_is_not_one_stops_the_server_with_its_name(environment):
    environment.setenv("WEB_CONCURRENCY", "three")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number"):
        runpy.run_path(str(CONF))
