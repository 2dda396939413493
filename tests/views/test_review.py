"""Review and sign-off: comments, acknowledged errors, approve and request changes."""

from html import unescape

import pytest
from django.core import mail

from engagements import services
from engagements.models import Comment, FindingAcknowledgement, Status, WorkflowEvent
from tests.helpers.http import HTMX
from tests.helpers.matrix import role_of, row_of
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db

SIGNED_FORM = {
    "approve-signer_name": "Kim Osei",
    "approve-signer_title": "IT Manager",
    "approve-confirm": "on",
}

GAP_KEY = "GAP_NO_ACCOUNTABLE:activity=patching.servers"


@pytest.fixture
def in_review(co_managed, account_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    return co_managed


@pytest.fixture
def with_gap(co_managed, account_manager):
    """A draft whose server patching has no Accountable, then submitted."""
    services.assignment_set(
        engagement=co_managed,
        row=row_of(co_managed, "patching.servers"),
        role=role_of(co_managed, "Client IT manager"),
        letters="",
        by=account_manager,
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    return co_managed


def review(engagement, suffix=""):
    return f"/engagements/{engagement.pk}/{suffix}"


def test_the_client_it_manager_reviews_a_revision_in_review(client, client_it_manager, in_review):
    client.force_login(client_it_manager)
    response = client.get(review(in_review, "review/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your decision" in html
    assert "Approve and sign off" in html and "Request changes" in html
    assert 'name="c-' not in html  # the matrix is read-only here


def test_the_account_manager_sees_the_review_but_cannot_decide(
    client, account_manager, client_it_manager, in_review
):
    client.force_login(account_manager)
    html = client.get(review(in_review, "review/")).content.decode()
    assert "waiting for Kim Osei to approve or request changes" in html
    assert "Approve and sign off" not in html
    assert "Comment on the whole revision" in html


def test_approving_signs_off_freezes_and_emails_the_account_manager(
    client, client_it_manager, account_manager, in_review, django_capture_on_commit_callbacks
):
    client.force_login(client_it_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review(in_review, "approve/"),
            {
                "approve-signer_name": "Kim Osei",
                "approve-signer_title": "IT Manager",
                "approve-confirm": "on",
                "approve-note": "Agreed.",
            },
        )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert (in_review.status, in_review.signed_off_by) == (Status.SIGNED_OFF, client_it_manager)
    event = WorkflowEvent.objects.filter(engagement=in_review).latest("at")
    assert (event.transition, event.note, event.door) == ("approve", "Agreed.", "page")
    assert [m.to for m in mail.outbox] == [[account_manager.email]]


def test_approval_is_refused_while_an_error_is_not_acknowledged(
    client, client_it_manager, with_gap
):
    client.force_login(client_it_manager)
    response = client.post(
        review(with_gap, "approve/"),
        {
            "approve-signer_name": "Kim Osei",
            "approve-signer_title": "IT Manager",
            "approve-confirm": "on",
            "approve-note": "",
        },
    )
    html = unescape(response.content.decode())
    assert response.status_code == 409
    assert "Cannot sign off while 1 error remains unacknowledged" in html
    with_gap.refresh_from_db()
    assert with_gap.status == Status.IN_REVIEW


def test_an_acknowledged_error_no_longer_blocks_approval(client, client_it_manager, with_gap):
    client.force_login(client_it_manager)
    response = client.post(
        review(with_gap, "acknowledge/"),
        {"finding_key": GAP_KEY, "reason": "Our CIO answers for patching personally."},
        **HTMX,
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert (
        "Acknowledged by Kim Osei for the client: “Our CIO answers for patching personally.”"
        in html
    )
    assert "Nothing blocks sign-off" in html
    client.post(review(with_gap, "approve/"), SIGNED_FORM)
    with_gap.refresh_from_db()
    assert with_gap.status == Status.SIGNED_OFF


def test_an_acknowledgement_needs_a_reason(client, client_it_manager, with_gap):
    client.force_login(client_it_manager)
    response = client.post(
        review(with_gap, "acknowledge/"), {"finding_key": GAP_KEY, "reason": " "}, **HTMX
    )
    assert response.status_code == 422
    assert "Write why this error is accepted." in response.content.decode()
    assert not FindingAcknowledgement.objects.exists()


def test_an_acknowledgement_can_be_withdrawn_without_javascript(client, account_manager, with_gap):
    services.finding_acknowledge(
        engagement=with_gap, finding_key=GAP_KEY, reason="Known", by=account_manager
    )
    client.force_login(account_manager)
    response = client.post(
        review(with_gap, "unacknowledge/"),
        {"finding_key": GAP_KEY, "next": f"/engagements/{with_gap.pk}/review/"},
    )
    assert response["Location"] == f"/engagements/{with_gap.pk}/review/"
    assert not FindingAcknowledgement.objects.exists()


def test_requesting_changes_needs_a_note_and_sends_it_back_to_draft(
    client, client_it_manager, in_review
):
    client.force_login(client_it_manager)
    response = client.post(review(in_review, "request-changes/"), {"changes-note": ""})
    assert response.status_code == 400
    assert "Say what should change." in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW

    client.post(review(in_review, "request-changes/"), {"changes-note": "Add the NOC as backup."})
    in_review.refresh_from_db()
    assert in_review.status == Status.DRAFT


def test_the_account_manager_cannot_approve_their_own_work(client, account_manager, in_review):
    client.force_login(account_manager)
    assert client.post(review(in_review, "approve/"), {}).status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_a_client_it_manager_cannot_submit_a_draft(client, client_it_manager, co_managed):
    client.force_login(client_it_manager)
    assert client.post(review(co_managed, "submit/"), {}).status_code == 403
    co_managed.refresh_from_db()
    assert co_managed.status == Status.DRAFT


def test_submitting_from_the_matrix_emails_the_reviewers(
    client, account_manager, client_it_manager, co_managed, django_capture_on_commit_callbacks
):
    client.force_login(account_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review(co_managed, "submit/"), {"submit-note": "Ready for you."}, follow=True
        )
    assert "Submitted revision 1 for review. Emailed the client" in unescape(
        response.content.decode()
    )
    co_managed.refresh_from_db()
    assert co_managed.status == Status.IN_REVIEW
    assert [m.to for m in mail.outbox] == [[client_it_manager.email]]


def test_another_clients_people_cannot_see_or_decide(client, other_client_it_manager, in_review):
    client.force_login(other_client_it_manager)
    assert client.get(review(in_review, "review/")).status_code == 404
    assert client.post(review(in_review, "approve/"), {}).status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_anonymous_visitors_are_sent_to_log_in_from_the_review(client, in_review):
    response = client.get(review(in_review, "review/"))
    assert response["Location"] == f"/accounts/login/?next=/engagements/{in_review.pk}/review/"


# -- comments --------------------------------------------------------------------------------


def test_a_comment_on_an_activity_is_added_in_place(client, client_it_manager, in_review):
    row = row_of(in_review, "patching.servers")
    client.force_login(client_it_manager)
    response = client.post(
        review(in_review, "comments/"),
        {"row": row.pk, f"comment-{row.pk}-body": "Who patches the ERP server?"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div id="thread-{row.pk}" class="thread">')
    assert "Who patches the ERP server?" in html
    assert f'id="comment-count-{row.pk}" class="tag tag-comments" hx-swap-oob="true"' in html
    comment = Comment.objects.get()
    assert (comment.row, comment.author) == (row, client_it_manager)


def test_the_account_manager_answers_a_comment_without_javascript(
    client, account_manager, client_it_manager, in_review
):
    row = row_of(in_review, "patching.servers")
    services.comment_add(
        engagement=in_review, body="Who patches it?", by=client_it_manager, row=row
    )
    client.force_login(account_manager)
    response = client.post(
        review(in_review, "comments/"),
        {
            "row": row.pk,
            f"comment-{row.pk}-body": "The NOC, on Sunday nights.",
            "next": f"/engagements/{in_review.pk}/review/",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Who patches it?" in html and "The NOC, on Sunday nights." in html
    assert list(Comment.objects.values_list("author", flat=True)) == [
        client_it_manager.pk,
        account_manager.pk,
    ]


def test_an_empty_comment_is_refused(client, client_it_manager, in_review):
    client.force_login(client_it_manager)
    response = client.post(review(in_review, "comments/"), {"comment-general-body": "  "}, **HTMX)
    assert response.status_code == 422
    assert "Write a comment." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_cannot_be_sent_to_an_outside_next_page(client, client_it_manager, in_review):
    client.force_login(client_it_manager)
    response = client.post(
        review(in_review, "comments/"),
        {"comment-general-body": "Fine.", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/engagements/{in_review.pk}/review/#discussion"


def test_a_signed_off_revision_takes_no_more_comments(client, client_it_manager, in_review):
    services.engagement_approve(engagement=in_review, by=client_it_manager, **SIGNATURE)
    client.force_login(client_it_manager)
    response = client.post(review(in_review, "comments/"), {"comment-general-body": "Late"}, **HTMX)
    assert response.status_code == 409
    assert not Comment.objects.exists()


def test_the_other_side_sees_whose_acknowledgement_it_is_and_no_withdraw_button(
    client, account_manager, client_it_manager, with_gap
):
    services.finding_acknowledge(
        engagement=with_gap, finding_key=GAP_KEY, reason="Known", by=client_it_manager
    )

    client.force_login(account_manager)
    theirs = unescape(client.get(review(with_gap, "review/")).content.decode())
    client.force_login(client_it_manager)
    mine = unescape(client.get(review(with_gap, "review/")).content.decode())

    assert "for the client: “Known”" in theirs
    assert "Only the client can change or withdraw it" in theirs
    assert "Withdraw the acknowledgement" not in theirs
    assert "Withdraw the acknowledgement" in mine
