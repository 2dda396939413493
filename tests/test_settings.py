import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_app_refuses_to_start_without_a_secret_key_unless_debug_is_on():
    refused = _check({"DEBUG": "0"})
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr
    assert _check({"DEBUG": "1"}).returncode == 0
    assert _check({"DEBUG": "0", "SECRET_KEY": "x" * 50}).returncode == 0
