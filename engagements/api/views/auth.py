"""POST /api/auth/token/: a username, password and (with two-factor sign-in) a code for a
new named API token; DELETE revokes the one sent. GET /api/auth/tokens/ lists your own
tokens, DELETE /api/auth/tokens/{id}/ revokes one. Scripts then send
`Authorization: Token <key>`; browsers use the session.
"""

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.api.base import ApiViewMixin, id_or_404
from engagements.api.formats import StrictJSONParser
from engagements.api.schema import error_response
from engagements.api.serializers.auth import (
    ApiTokenSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from engagements.models import ApiToken
from engagements.selectors.mfa import api_token_list, mfa_enrolled, mfa_required_for
from engagements.services.mfa import TooManyCodes, api_token_issue, api_token_revoke, mfa_check

ENROL_FIRST = (
    "Your account needs two-factor sign-in before it gets API tokens: set it up on your "
    "account page (/account/) first."
)


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
        summary="Get a new API token",
        description="Exchange a username and password, and the current code when the account "
        "has two-factor sign-in, for a new token (shown once; each request makes another, "
        "listed at GET /api/auth/tokens/). Send it as `Authorization: Token <token>`.",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: error_response(
                400, "Wrong username or password, or a missing or wrong code (field `code`)."
            ),
            403: error_response(403, ENROL_FIRST),
            429: error_response(
                429,
                "Locked out after too many failed logins or wrong codes (Retry-After says for "
                "how many seconds).",
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
        if mfa_enrolled(user):
            self.second_factor(user, credentials.get("code", ""))
        elif mfa_required_for(user):
            raise PermissionDenied(ENROL_FIRST)
        issued = api_token_issue(user=user, name=credentials.get("name", ""))
        return Response({"token": issued.key, "id": issued.token.pk, "name": issued.token.name})

    @staticmethod
    def second_factor(user, code: str) -> None:
        if not code.strip():
            raise ValidationError(
                {"code": ["This account has two-factor sign-in: send the app's current code."]}
            )
        try:
            mfa_check(user=user, code=code)
        except TooManyCodes as refusal:
            raise Throttled(wait=refusal.retry_after, detail=refusal.message) from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None

    @extend_schema(
        summary="Revoke the API token you sent",
        description="With a token: revokes that token. With a browser session: revokes all "
        "of your tokens.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked; ask for a new one to continue.")},
    )
    def delete(self, request):
        if isinstance(request.auth, ApiToken):
            api_token_revoke(user=request.user, token_id=request.auth.pk)
        else:
            ApiToken.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(ApiViewMixin, APIView):
    may_conflict = False
    pagination_class = None  # a handful per user: the list as it is, not a page

    @extend_schema(
        summary="Your API tokens",
        description="Your own tokens, newest first (never their keys, which are shown once).",
        responses={200: ApiTokenSerializer(many=True)},
    )
    def get(self, request):
        return Response(ApiTokenSerializer(api_token_list(user=request.user), many=True).data)


class TokenDetailView(ApiViewMixin, APIView):
    may_conflict = False

    @extend_schema(
        summary="Revoke one of your API tokens",
        request=None,
        responses={204: OpenApiResponse(description="Revoked: requests with it get 401.")},
    )
    def delete(self, request, pk):
        if not api_token_revoke(user=request.user, token_id=id_or_404(pk)):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)
