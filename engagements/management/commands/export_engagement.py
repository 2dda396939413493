from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engagements.exports.xlsx import workbook_filename, write_workbook
from engagements.models import Engagement


class Command(BaseCommand):
    help = "Write an engagement's Excel workbook (the contract attachment)."

    def add_arguments(self, parser):
        parser.add_argument("engagement_id", type=int)
        parser.add_argument(
            "-o",
            "--output",
            help="File to write (default: <client>-<engagement>-r<revision>.xlsx here).",
        )

    def handle(self, *args, engagement_id, output=None, **options):
        engagement = (
            Engagement.objects.select_related("client", "account_manager", "signed_off_by")
            .filter(pk=engagement_id)
            .first()
        )
        if engagement is None:
            raise CommandError(f"There is no engagement with id {engagement_id}.")
        path = Path(output or workbook_filename(engagement))
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"{path} must end in .xlsx.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            write_workbook(engagement, path)
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc.strerror or exc}.") from exc
        self.stdout.write(f"Wrote {path} ({engagement}).")
