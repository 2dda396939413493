"""What the site's navigation offers a person: `{% if request.user|starts_engagements %}`.

Reads the memberships cached on the user for the request (permissions.memberships_of), so
the navigation adds no query to a page that already checked what its reader may do."""

from django import template

from engagements.models import MembershipKind
from engagements.permissions import memberships_of

register = template.Library()


@register.filter
def starts_engagements(user) -> bool:
    """Whether this person may start an engagement: an account manager or a superuser."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or MembershipKind.ACCOUNT_MANAGER in memberships_of(user).values()
