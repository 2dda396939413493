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


def test_the_defaults_are_sync_workers_of_one_thread(environment):
    conf = runpy.run_path(str(CONF))
    assert (conf["worker_class"], conf["threads"], conf["keepalive"]) == ("sync", 1, 5)
    assert "workers" not in conf  # gunicorn reads WEB_CONCURRENCY itself


def test_each_setting_is_read_from_the_environment(environment):
    environment.setenv("GUNICORN_WORKER_CLASS", "gthread")
    environment.setenv("GUNICORN_THREADS", "4")
    environment.setenv("GUNICORN_KEEPALIVE", "2")
    conf = runpy.run_path(str(CONF))
    assert (conf["worker_class"], conf["threads"], conf["keepalive"]) == ("gthread", 4, 2)


def test_a_number_that_is_not_one_stops_the_server_with_its_name(environment):
    environment.setenv("GUNICORN_THREADS", "four")
    with pytest.raises(SystemExit, match="GUNICORN_THREADS must be a whole number"):
        runpy.run_path(str(CONF))
