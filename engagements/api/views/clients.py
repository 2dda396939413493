"""/api/clients/ and /api/domains/: the clients a user can see, and the activity catalog."""

from rest_framework import mixins

from engagements import selectors
from engagements.api.base import ScopedViewSet
from engagements.api.schema import viewset_schema
from engagements.api.serializers.clients import ClientSerializer, DomainSerializer


@viewset_schema(ClientSerializer, list="Clients you can see", retrieve="One client")
class ClientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = ClientSerializer
    ordering_aliases = {"name": "name", "slug": "slug", "created_at": "created_at"}

    def get_queryset(self):
        return selectors.client_list(user=self.request.user).order_by("name")


@viewset_schema(
    DomainSerializer,
    list="The activity catalog, by domain",
    retrieve="One domain and its activities",
)
class DomainViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Catalog activities, plus the custom activities of the clients you can see."""

    serializer_class = DomainSerializer
    lookup_field = "code"
    ordering_aliases = {"order": "order", "code": "code", "name": "name"}

    def get_queryset(self):
        return selectors.domain_list(user=self.request.user).order_by("order", "code")
