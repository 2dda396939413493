"""`Authorization: Token <key>` against the named, revocable tokens (engagements.ApiToken).

A token is issued only after the second factor, so a request carrying one counts as
verified; DRF's TokenAuthentication does the header parsing and the 401 it answers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from engagements.models import ApiToken, token_digest
from engagements.services.mfa import api_token_touch


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        try:
            token = ApiToken.objects.select_related("user").get(digest=token_digest(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        api_token_touch(token)
        return (token.user, token)
