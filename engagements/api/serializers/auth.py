"""Asking for an API token, and listing your own."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import ApiToken


class TokenRequestSerializer(serializers.Serializer):
    username = strict.CharField(max_length=150)
    password = strict.CharField(max_length=4096, style={"input_type": "password"})
    code = strict.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Required when the account has two-factor sign-in: the authenticator "
        "app's current code, or one recovery code (used up).",
    )
    name = strict.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="What the token is for, shown in your list of tokens.",
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    id = strict.IntegerField(read_only=True)
    name = strict.CharField(read_only=True)
    prefix = strict.CharField(read_only=True, help_text="The key's first characters.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "last_used"]
        read_only_fields = fields


class TokenSerializer(serializers.Serializer):
    token = strict.CharField(help_text="Send as `Authorization: Token <token>`. Shown once.")
    id = strict.IntegerField(help_text="To revoke it: DELETE /api/auth/tokens/{id}/.")
    name = strict.CharField()
