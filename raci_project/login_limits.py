"""The username django-axes records for each login attempt."""

from django.conf import settings


def attempted_username(request, credentials: dict | None = None) -> str | None:
    """As axes reads it (the credentials, else the posted form), cut to the 255 characters
    of its AccessAttempt.username column. Django's login form does not check the username's
    length before authenticating, so a longer one reached the database, where PostgreSQL
    refused it: a 500 instead of "wrong username or password". Real usernames are at most
    150 characters, so cutting never merges two of them."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:255] if isinstance(username, str) else username
