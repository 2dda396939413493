"""POST /api/auth/token/: a username and password for an API token (DRF's authtoken);
DELETE revokes it. Scripts then send `Authorization: Token <key>`; browsers use the session.
"""

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.api.base import ApiViewMixin
from engagements.api.formats import StrictJSONParser
from engagements.api.schema import error_response
from engagements.api.serializers.auth import TokenRequestSerializer, TokenSerializer


class TokenView(ApiViewMixin, APIView):
    parser_classes = [StrictJSONParser, FormParser]
    throttle_classes = []
    may_conflict = False  # for the schema: no 409 here

    def get_authenticators(self):
        # Asking for a token needs no login (and no CSRF token from a stale session).
        if getattr(self.request, "method", None) == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        summary="Get your API token",
        description="Exchange a username and password for your token (the same token each "
        "time until you revoke it). Send it as `Authorization: Token <token>`.",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            429: error_response(
                429,
                "Locked out after too many failed logins (Retry-After says for how many seconds).",
            ),
        },
        auth=[],
    )
    def post(self, request):
        credentials = self.validated(TokenRequestSerializer)
        user = authenticate(
            request=request._request,
            username=credentials["username"],
            password=credentials["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            # django-axes refused this username from this address. Answer in JSON here;
            # left set, the flag makes its middleware swap in its HTML lockout page.
            request._request.axes_locked_out = False
            cool_off = get_cool_off(request._request)
            raise Throttled(
                wait=cool_off.total_seconds() if cool_off else None,
                detail="Too many failed logins for this username from this address. "
                "Try again later.",
            )
        if user is None or not user.is_active:
            raise ValidationError(
                {"non_field_errors": ["Unable to log in with the username and password given."]}
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        summary="Revoke your API token",
        request=None,
        responses={204: OpenApiResponse(description="Revoked; ask for a new one to continue.")},
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
