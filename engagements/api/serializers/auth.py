"""Asking for an API token."""

from rest_framework import serializers

from engagements.api.serializers import strict


class TokenRequestSerializer(serializers.Serializer):
    username = strict.CharField(max_length=150)
    password = strict.CharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = strict.CharField(help_text="Send as `Authorization: Token <token>`.")
