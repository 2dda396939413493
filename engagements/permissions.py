"""Who may do what, as django-rules predicates over (user, engagement or client).

The memberships of a user are read once and cached on the user object, so checking many
objects in one request costs one query.
"""

import rules

from engagements.models import Engagement, Membership, MembershipKind


def memberships_of(user) -> dict[int, str]:
    """client_id -> membership kind, cached on the user for the request."""
    if not user or not user.is_authenticated:
        return {}
    cached = getattr(user, "_raci_memberships", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("client_id", "kind"))
        user._raci_memberships = cached
    return cached


def _client_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Engagement):
        return obj.client_id
    return getattr(obj, "client_id", None) or getattr(obj, "pk", None)


@rules.predicate
def is_superuser(user):
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_account_manager_of(user, obj):
    return memberships_of(user).get(_client_id(obj)) == MembershipKind.ACCOUNT_MANAGER


@rules.predicate
def is_client_it_manager_of(user, obj):
    return memberships_of(user).get(_client_id(obj)) == MembershipKind.CLIENT_IT_MANAGER


@rules.predicate
def is_service_desk_of(user, obj):
    return memberships_of(user).get(_client_id(obj)) == MembershipKind.SERVICE_DESK


can_view = is_superuser | is_account_manager_of | is_client_it_manager_of | is_service_desk_of
can_edit = is_superuser | is_account_manager_of
can_review = is_superuser | is_client_it_manager_of
# The service desk reads the agreed scope to answer the phone; it takes no part in agreeing it.
can_comment = is_superuser | is_account_manager_of | is_client_it_manager_of

rules.add_perm("engagements.view_scope", can_view)
rules.add_perm("engagements.edit_scope", can_edit)
rules.add_perm("engagements.review_scope", can_review)
rules.add_perm("engagements.comment_scope", can_comment)


def side_of(user, obj) -> str | None:
    """Which side of a client's engagements a user speaks for: "msp" (its account manager)
    or "client" (its IT manager); None for anyone else, superusers included."""
    kind = memberships_of(user).get(_client_id(obj))
    if kind == MembershipKind.ACCOUNT_MANAGER:
        return "msp"
    if kind == MembershipKind.CLIENT_IT_MANAGER:
        return "client"
    return None


def owns_acknowledgement(user, acknowledgement, engagement, *, author_side=...) -> bool:
    """An acknowledgement is one side's word: only that side changes its reason or withdraws
    it (whoever gave it, a colleague in the same role for this client, or an admin).
    `author_side`, when the caller knows it: side_of(acknowledgement.by, engagement)."""
    if is_superuser(user) or acknowledgement.by_id == getattr(user, "pk", None):
        return True
    mine = side_of(user, engagement)
    if author_side is ...:
        author_side = side_of(acknowledgement.by, engagement)
    return mine is not None and mine == author_side


def acknowledging_sides(engagement) -> dict[int, str | None]:
    """user id -> side, for everyone who acknowledged an error of this revision: one query
    however many acknowledgements and authors (the findings panel says whose each is)."""
    from engagements.models import FindingAcknowledgement

    authors = FindingAcknowledgement.objects.filter(engagement=engagement).values("by_id")
    kinds = dict(
        Membership.objects.filter(client_id=engagement.client_id, user_id__in=authors)
        .values_list("user_id", "kind")
    )
    sides = {MembershipKind.ACCOUNT_MANAGER: "msp", MembershipKind.CLIENT_IT_MANAGER: "client"}
    return {user_id: sides.get(kind) for user_id, kind in kinds.items()}
