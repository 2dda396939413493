from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from engagements.demo import demo_summary, seed_demo


class Command(BaseCommand):
    help = "Create the demo clients, users and engagements (a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args, **options):
        # The demo's workflow steps would email people who do not exist; keep them quiet.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = seed_demo()
        self.stdout.write(
            "Demo data created." if created else "Demo data already present; nothing changed."
        )
        if not options["quiet_logins"]:
            self.stdout.write(demo_summary())
