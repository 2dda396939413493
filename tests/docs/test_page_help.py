"""Every page links to the section of the documentation that explains it."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from markdown.extensions.toc import slugify

from engagements.presenters.docs import PAGE_HELP, page_help_url

DOCS = Path(__file__).resolve().parents[2] / "docs"

# The pages a person opens (the other URLs of engagements/urls.py take a POST).
PAGES = {
    "home",
    "engagement_new",
    "engagement_matrix",
    "engagement_row",
    "engagement_compliance",
    "engagement_history",
    "engagement_diff",
    "engagement_audit",
    "engagement_review",
    "engagement_import",
    "client_assessment",
    "client_recommendation",
    "engagement_transition",
}


def anchors(markdown_file: Path) -> set[str]:
    """The section ids MkDocs gives a page: an explicit {#id}, or the heading's slug."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown_file.read_text(encoding="utf-8"), re.M):
        explicit = re.search(r"\{#([\w-]+)\}\s*$", heading)
        found.add(explicit.group(1) if explicit else slugify(heading.strip(), "-"))
    return found


def test_every_page_has_a_section_to_link_to():
    assert PAGES <= set(PAGE_HELP)


@pytest.mark.parametrize("url_name", sorted(PAGE_HELP))
def test_each_help_link_points_at_a_section_that_exists(url_name):
    page, anchor = PAGE_HELP[url_name]
    source = DOCS / f"{page.rstrip('/')}.md"
    assert source.is_file(), f"{url_name}: no {source.relative_to(DOCS.parent)}"
    assert not anchor or anchor in anchors(source), f"{url_name}: no #{anchor} in {page}"


@override_settings(DOCS_URL="/docs/")
def test_a_page_without_its_own_section_gets_the_documentations_home():
    assert page_help_url("some_new_page") == "/docs/"
    assert page_help_url(None) == "/docs/"


@pytest.mark.django_db
def test_the_header_links_the_page_to_its_section(client, account_manager, small_draft):
    client.force_login(account_manager)
    html = client.get(reverse("engagement_audit", args=[small_draft.pk])).content.decode()
    assert 'href="/docs/account-managers/revisions/#the-audit-trail">Help</a>' in html
