"""The documentation site builds in strict mode: no link to a missing page or anchor, no page
MkDocs cannot read (CI also runs `make docs`)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_site_builds_in_strict_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    findings = (tmp_path / "account-managers" / "findings" / "index.html").read_text()
    assert 'id="gap_coverage"' in findings
    assert (tmp_path / "img" / "grid.png").is_file()
