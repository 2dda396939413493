"""Emails the workflow sends. Console backend by default; SMTP from the environment."""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from simple_history.models import HistoricalRecords

from engagements.models import Engagement, MembershipKind
from engagements.models.labels import person_name

# Where links point when neither SITE_URL nor a request says (a command run from a shell).
FALLBACK_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The address the emails link to: SITE_URL when it is set; else the address the person
    whose change sent the email reached the server at (so a server on another port or host
    links to itself); else the development server's."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    # django-simple-history's middleware keeps the current request for the history rows;
    # the emails go out on commit, still inside that request.
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return FALLBACK_SITE_URL


# The address fixed when the email was scheduled (see `send_on_commit`).
_scheduled_site_url: ContextVar[str] = ContextVar("raci_scheduled_site_url", default="")


def send_on_commit(notify, *args) -> None:
    """Send an email once the change commits, linking to the site as it was reached when
    the change was made (the request may be over by the time the email goes)."""
    base = site_url()

    def send():
        token = _scheduled_site_url.set(base)
        try:
            notify(*args)
        finally:
            _scheduled_site_url.reset(token)

    transaction.on_commit(send)


def _link(engagement: Engagement, suffix: str = "") -> str:
    return f"{_scheduled_site_url.get() or site_url()}/engagements/{engagement.pk}/{suffix}"


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
