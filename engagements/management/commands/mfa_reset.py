"""python manage.py mfa_reset <username>

Removes a user's authenticator app and recovery codes (a lost phone) and revokes their API
tokens; under RACI_REQUIRE_MFA they enrol again at their next sign-in. An unknown username
is a one-line error.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engagements import services


class Command(BaseCommand):
    help = "Reset a user's two-factor sign-in (lost phone) and revoke their API tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = services.mfa_reset(user=user)
        self.stdout.write(
            f"Two-factor sign-in reset for {username} ({removed} device(s) removed); "
            "API tokens revoked."
        )
