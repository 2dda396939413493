"""Every finding the rules can emit has its section in the documentation, and the pages link
each finding to it."""

import ast
import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from engagements.analysis import Finding, engagement_findings
from engagements.presenters.docs import FINDINGS_PAGE, finding_anchor
from engagements.presenters.findings import FindingView
from engagements.selectors.matrix import load_matrix

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS = ROOT / "engagements" / "analysis"
# The page the app links findings to, as a source file: account-managers/findings.md.
FINDINGS_DOC = ROOT / "docs" / f"{FINDINGS_PAGE.rstrip('/')}.md"


def emitted_codes() -> set[str]:
    """Every `Finding(code="...")` written in the rules' modules (a new module is read too)."""
    codes = set()
    for module in ANALYSIS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == Finding.__name__:
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                        codes.add(keyword.value.value)
    return codes


def documented_anchors() -> set[str]:
    text = FINDINGS_DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^#{2,4} \S+ \{#([a-z0-9_]+)\}\s*$", text, re.MULTILINE))


def test_the_rules_emit_the_codes_we_know():
    assert {"GAP_NO_ACCOUNTABLE", "GAP_COVERAGE", "GAP_CONTROL_OWNER", "ROLE_OVERLOADED"} <= (
        emitted_codes()
    )


def test_every_finding_code_has_its_section_in_the_docs():
    missing = sorted(c for c in emitted_codes() if finding_anchor(c) not in documented_anchors())
    assert not missing, (
        f"No section in docs/account-managers/findings.md for {', '.join(missing)}: add "
        "'### CODE {#code}' with what it means and how to fix it"
    )


def test_each_section_is_named_by_its_code():
    text = FINDINGS_DOC.read_text(encoding="utf-8")
    for heading, anchor in re.findall(r"^#{2,4} (\S+) \{#([a-z0-9_]+)\}\s*$", text, re.M):
        assert finding_anchor(heading) == anchor


@override_settings(DOCS_URL="/docs/")
def test_a_finding_links_to_its_section_of_the_served_site():
    finding = Finding(code="GAP_COVERAGE", severity="error", message="m", suggestion="s")
    assert FindingView(finding).help_url == "/docs/account-managers/findings/#gap_coverage"


@override_settings(DOCS_URL="https://docs.example.com/raci")
def test_a_finding_links_to_the_site_wherever_docs_url_says():
    finding = Finding(code="ROLE_OVERLOADED", severity="info", message="m", suggestion="s")
    assert FindingView(finding).help_url == (
        "https://docs.example.com/raci/account-managers/findings/#role_overloaded"
    )


@pytest.mark.django_db
def test_the_findings_panel_links_each_finding_to_its_explanation(
    client, account_manager, small_draft
):
    client.force_login(account_manager)
    findings = engagement_findings(load_matrix(small_draft))
    assert findings
    html = client.get(reverse("engagement_matrix", args=[small_draft.pk])).content.decode()
    panel = html[html.index('id="findings-panel"') :]
    for finding in findings:
        assert f'href="/docs/account-managers/findings/#{finding.code.lower()}"' in panel


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_app_serves_the_built_site_at_docs_url(tmp_path):
    (tmp_path / "account-managers" / "findings").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<h1>raci docs</h1>")
    (tmp_path / "account-managers" / "findings" / "index.html").write_text("<h1>Findings</h1>")
    with override_settings(DOCS_ROOT=tmp_path, DOCS_URL="/docs/"):
        browser = Client()
        assert body(browser.get("/docs/")) == b"<h1>raci docs</h1>"
        page = browser.get("/docs/account-managers/findings/")
        assert (page.status_code, body(page)) == (200, b"<h1>Findings</h1>")
        assert browser.get("/docs/account-managers/findings").status_code == 302


def test_before_the_site_is_built_docs_says_how_to_build_it(tmp_path):
    with override_settings(DOCS_ROOT=tmp_path / "site", DOCS_URL="/docs/"):
        answer = Client().get("/docs/")
    assert answer.status_code == 404
    assert b"make docs" in answer.content


def test_a_docs_url_elsewhere_is_not_served_by_the_app(tmp_path):
    (tmp_path / "index.html").write_text("<h1>raci docs</h1>")
    with override_settings(DOCS_ROOT=tmp_path, DOCS_URL="https://docs.example.com/"):
        answer = Client().get("/docs/")
    assert answer.status_code == 404
    assert b"make docs" not in answer.content
