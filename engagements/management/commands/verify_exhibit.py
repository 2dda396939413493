"""python manage.py verify_exhibit FILE.xlsx

Recomputes the content fingerprint of a copy of an exhibit workbook and says in one line
whether it matches a signed revision (exit 0) or not, and which cells differ (exit 1). A
file that is not a readable workbook is a one-line error (exit 2).
"""

from django.core.management.base import BaseCommand, CommandError

from engagements.exports.exhibit import verify_copy
from engagements.exports.imports import WorkbookRefused


class Command(BaseCommand):
    help = (
        "Check a copy of an exhibit workbook against the signed revisions: exit 0 when its "
        "content matches one (and say which), 1 when it does not (and say which cells differ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook to check.")

    def handle(self, *args, file, **options):
        try:
            result = verify_copy(file)
        except WorkbookRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if result.matches:
            self.stdout.write(result.message)
            return
        self.stderr.write(result.message)
        raise SystemExit(1)
