"""An API token for a test user, issued as the token endpoint issues one (after whatever
second factor the test has already given)."""

from engagements.services.mfa import api_token_issue


def api_token(user, name: str = "test") -> str:
    return api_token_issue(user=user, name=name).key
