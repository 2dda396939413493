"""Emails the workflow sends. Console backend by default; SMTP from the environment."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from engagements.models import Engagement, MembershipKind
from engagements.models.labels import person_name


def _link(engagement: Engagement, suffix: str = "") -> str:
    return f"{settings.SITE_URL.rstrip('/')}/engagements/{engagement.pk}/{suffix}"


def _emails(engagement: Engagement, kind: str) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(
            memberships__client=engagement.client, memberships__kind=kind, is_active=True
        )
        .exclude(email="")
    )
    return sorted({user.email for user in users})


def _send(subject: str, body: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    # The subject quotes titles and names people typed; a line break in one would make
    # Django refuse the header (BadHeaderError, raised after the change was committed).
    subject = " ".join(subject.split())
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def submitted(engagement: Engagement, by) -> int:
    """Tell the client's IT managers a revision waits for their review."""
    return _send(
        f"[raci] {engagement.client}: {engagement.title} r{engagement.revision} "
        "is ready for review",
        f'{person_name(by)} submitted revision {engagement.revision} of "{engagement.title}" for '
        f"your review.\n\nReview it, comment, and approve or request changes here:\n"
        f"{_link(engagement, 'review/')}\n",
        _emails(engagement, MembershipKind.CLIENT_IT_MANAGER),
    )


def _to_account_manager(engagement: Engagement) -> list[str]:
    recipients = set(_emails(engagement, MembershipKind.ACCOUNT_MANAGER))
    if engagement.account_manager.email:
        recipients.add(engagement.account_manager.email)
    return sorted(recipients)


def approved(engagement: Engagement, by) -> int:
    return _send(
        f"[raci] {engagement.client}: {engagement.title} r{engagement.revision} is signed off",
        f'{person_name(by)} approved revision {engagement.revision} of "{engagement.title}". '
        f"It is now frozen.\n\n{_link(engagement)}\n",
        _to_account_manager(engagement),
    )


def changes_requested(engagement: Engagement, by, note: str) -> int:
    return _send(
        f"[raci] {engagement.client}: changes requested on {engagement.title} "
        f"r{engagement.revision}",
        f"{person_name(by)} asked for changes to revision {engagement.revision} of "
        f'"{engagement.title}":\n\n{note}\n\nThe revision is a draft again:\n'
        f"{_link(engagement)}\n",
        _to_account_manager(engagement),
    )


def commented(comment) -> int:
    """A client's comment goes to the account manager, and the reverse."""
    engagement = comment.engagement
    author_kinds = set(
        comment.author.memberships.filter(client=engagement.client).values_list("kind", flat=True)
    )
    if MembershipKind.CLIENT_IT_MANAGER in author_kinds:
        recipients = _to_account_manager(engagement)
    else:
        recipients = _emails(engagement, MembershipKind.CLIENT_IT_MANAGER)
    about = f' on "{comment.row.activity.name}"' if comment.row_id else ""
    return _send(
        f"[raci] {engagement.client}: new comment{about}",
        f"{person_name(comment.author)} wrote{about}:\n\n{comment.body}\n\n"
        f"{_link(engagement, 'review/')}\n",
        [r for r in recipients if r != comment.author.email],
    )
