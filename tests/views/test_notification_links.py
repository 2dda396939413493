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
