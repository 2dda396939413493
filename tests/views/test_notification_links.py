"""The links in the workflow emails open the right page for the person who receives them."""

import re

import pytest
from django.core import mail
from django.urls import resolve

from engagements import services
from tests.helpers.matrix import row_of
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_every_workflow_email_links_to_a_page_its_reader_can_open(
    client, account_manager, client_it_manager, co_managed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_submit(engagement=co_managed, by=account_manager)
        services.comment_add(
            engagement=co_managed,
            body="Why is the NOC on this?",
            by=client_it_manager,
            row=row_of(co_managed, "patching.servers"),
        )
        services.engagement_request_changes(
            engagement=co_managed, by=client_it_manager, note="Swap the NOC for our admin."
        )
        services.engagement_submit(engagement=co_managed, by=account_manager)
        services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)

    readers = {client_it_manager.email: client_it_manager, account_manager.email: account_manager}
    pages = []
    for message in mail.outbox:
        path = link_in(message)
        (reader,) = [readers[address] for address in message.to]
        client.force_login(reader)
        assert client.get(path).status_code == 200, (message.subject, path)
        pages.append(resolve(path).url_name)
    assert pages == [
        "engagement_review",  # submitted: the client reviews
        "engagement_review",  # a comment: the account manager answers it
        "engagement_matrix",  # changes requested: back to the editor
        "engagement_review",
        "engagement_matrix",  # signed off
    ]


def test_email_links_use_the_address_the_server_was_reached_at(
    client,
    account_manager,
    client_it_manager,
    co_managed,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["raci.example"]
    client.force_login(account_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/engagements/{co_managed.pk}/submit/", HTTP_HOST="raci.example:8107", secure=True
        )
    (message,) = mail.outbox
    assert f"https://raci.example:8107/engagements/{co_managed.pk}/review/" in message.body


def test_site_url_wins_when_it_is_set(
    client,
    account_manager,
    client_it_manager,
    co_managed,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://raci.msp.example/"
    settings.ALLOWED_HOSTS = ["raci.example"]
    client.force_login(account_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/engagements/{co_managed.pk}/submit/", HTTP_HOST="raci.example")
    (message,) = mail.outbox
    assert f"https://raci.msp.example/engagements/{co_managed.pk}/review/" in message.body


def test_without_a_request_or_site_url_links_go_to_the_development_server(
    account_manager, client_it_manager, co_managed, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_submit(engagement=co_managed, by=account_manager)
    (message,) = mail.outbox
    assert f"http://127.0.0.1:8000/engagements/{co_managed.pk}/review/" in message.body
