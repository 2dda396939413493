"""API tokens: a script's key to the API, named by its owner, revocable one by one."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


def token_digest(key: str) -> str:
    """What is stored of a key: its SHA-256, so a copy of the database opens no API."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_token_key() -> str:
    return secrets.token_hex(20)


class ApiToken(models.Model):
    """One API token of one user. Issued only after the second factor (when the user has
    one); the key is shown once, and only its digest and first characters are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell it.")
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name or 'API token'} ({self.prefix}…) of {self.user}"
