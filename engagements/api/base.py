"""What every API view shares: safe ids, the door, strict JSON and pagination (from
formats.py), the scoped lookups, the checks before a change, and the JSON 404 for paths
nothing matched."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics, mixins, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.filters.backend import FilterBackend
from engagements.api.filters.ordering import OrderingFilter
from engagements.api.formats import Pagination, StrictJSONParser
from engagements.api.preconditions import if_match_version
from engagements.doors import through
from engagements.models import Door, Engagement, Role
from engagements.permissions import can_edit

# Database ids are 64-bit; anything larger (or not a plain number) cannot name a row.
MAX_ID = 2**63 - 1

EDIT_REFUSED = "Only the account manager of this client can change its scope."


def parse_id(value) -> int | None:
    """A positive database id from a URL or query string, or None if it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def id_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise NotFound("Not found.")
    return number


def engagement_or_404(user, pk, *related: str, only_related: bool = False) -> Engagement:
    """The engagement named in the URL, if this user may see it; any other id is a 404 that
    does not say whether it exists. With only_related, joined to `related` alone (not also
    to its account manager and signer: three user rows' columns cost a small request more
    than the rest of its queries)."""
    queryset = selectors.engagement_list(user=user)
    if only_related:
        queryset = queryset.select_related(None)
    if related:
        queryset = queryset.select_related(*related)
    return generics.get_object_or_404(queryset, pk=id_or_404(pk))


def role_named(engagement: Engagement, name, field: str) -> Role | None:
    """A role of this engagement by name (any case); None for an empty name. An unknown name
    is a 400 on `field`."""
    if not name:
        return None
    role = Role.objects.filter(engagement=engagement, name__iexact=name.strip()).first()
    if role is None:
        raise ValidationError({field: [f'"{name}" is not a role of this engagement.']})
    return role


# -- views ------------------------------------------------------------------------------------


class ApiViewMixin:
    """Every write that comes through the API is recorded as the API door."""

    # Every API view has it: JSON bodies only, pages of lists, and the checks a change makes
    # before the services see it (`validated`, `ensure`, `begin_edit`). (Its docstring stays
    # short: the schema shows it for operations that have no description of their own.)
    parser_classes = [StrictJSONParser]
    pagination_class = Pagination
    # Ids in URLs: anything without a slash reaches the view, which answers 404 in JSON for
    # what is not a valid id (instead of Django's HTML 404 from the resolver).
    lookup_value_regex = "[^/]+"

    def dispatch(self, request, *args, **kwargs):
        with through(Door.API):
            return super().dispatch(request, *args, **kwargs)

    @property
    def describing_schema(self) -> bool:
        """True while drf-spectacular describes the view: there is no request to scope by."""
        return getattr(self, "swagger_fake_view", False)

    def validated(self, serializer_class, **kwargs) -> dict:
        """The request body as a write serializer checked it; a 400 naming the fields if
        it does not fit."""
        body = serializer_class(data=self.request.data, **kwargs)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def ensure(self, allowed: bool, message: str) -> None:
        """Refuse early, before the body is read: visible but not allowed is a 403."""
        if not allowed:
            raise PermissionDenied(message)

    def begin_edit(self, engagement: Engagement) -> int | None:
        """Before a change to a draft's content: visible but not editable is a 403; not a
        draft is a 409; no If-Match is a 428 where the view requires it, a stale one a 412.
        Returns the version the client said it saw; the answer will carry the new ETag."""
        self.ensure(can_edit(self.request.user, engagement), EDIT_REFUSED)
        services.engagement_ensure_editable(engagement)
        expected = if_match_version(
            self.request, engagement, required=self.if_match_mode() == "required"
        )
        self.edited_engagement = engagement
        return expected

    def if_match_mode(self) -> str | None:
        """ "required" or "optional" for this request's method (as the schema documents)."""
        return getattr(self, "if_match", {}).get(self.request.method)

    def finalize_response(self, request, response, *args, **kwargs):
        # A successful change answers with the engagement's new ETag, ready for the next
        # If-Match (the services bump the version on the instance begin_edit was given).
        response = super().finalize_response(request, response, *args, **kwargs)
        edited = getattr(self, "edited_engagement", None)
        if edited is not None and response.status_code < 300:
            response["ETag"] = edited.etag
        return response


class ListView(ApiViewMixin, generics.ListAPIView):
    # A list whose queryset needs the request (`scoped_queryset`); the schema generator,
    # which has none, gets the class's empty `queryset`. (A comment: the schema would take
    # a docstring as the description of the lists that have none of their own.)

    def get_queryset(self):
        if self.describing_schema:
            return self.queryset
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError


class ScopedViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """A viewset over a selector's queryset. Filters apply to lists, never to a lookup."""

    filter_backends = [FilterBackend, OrderingFilter]
    ordering_aliases: dict[str, str] = {}

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup]
        if self.lookup_field == "pk":
            value = id_or_404(value)
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: value})
        self.check_object_permissions(self.request, obj)
        return obj

    def respond(self, obj, status_code=200, headers=None) -> Response:
        """The object as it is stored now (the services may have changed more than was
        sent), in the viewset's read shape."""
        stored = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(stored).data, status=status_code, headers=headers)


class EditableMixin(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    # List, read, create, change and delete; changes are PATCHes (no PUT: it would have to
    # send every field back). A comment, not a docstring: drf-spectacular would take a
    # docstring here as the description of every operation of the views that use it.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class EngagementChildViewSet(ScopedViewSet):
    """Objects that live inside one engagement the user can see."""

    def get_engagement(self) -> Engagement:
        if not hasattr(self, "_engagement"):
            self._engagement = engagement_or_404(
                self.request.user, self.kwargs["engagement_pk"], "updated_by"
            )
        return self._engagement

    def scoped(self, queryset):
        if self.describing_schema:
            return queryset.none()
        return queryset.filter(engagement=self.get_engagement())

    def get_object(self):
        obj = super().get_object()
        obj.engagement = self.get_engagement()  # the same instance the services bump
        return obj


@csrf_exempt  # a 404 is the answer whatever the method; CSRF would make it an HTML 403
def api_not_found(request, *args, **kwargs):
    """Any /api/ path nothing else matched: a JSON 404, like the API's own (not Django's HTML
    page), with a hint when only the trailing slash is missing."""
    detail = "Not found."
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            detail = f"Not found. API paths end with a slash: {request.path}/"
    return JsonResponse({"detail": detail}, status=404)
