from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from engagements.errors import RaciError
from engagements.exports.imports import WorkbookError, import_workbook
from engagements.models import Engagement
from engagements.models.labels import counted


class Command(BaseCommand):
    help = (
        "Import an edited workbook into a draft engagement: every cell is checked first, and "
        "nothing is saved unless the whole workbook is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("engagement_id", type=int)
        parser.add_argument("file", help="The .xlsx workbook exported by raci and edited.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the changes; save nothing."
        )
        parser.add_argument(
            "--from-other",
            action="store_true",
            help="The workbook comes from another engagement or revision: copy its matrix "
            "into this one on purpose (refused otherwise).",
        )
        parser.add_argument(
            "--user",
            help="Username the changes are recorded under (default: the account manager).",
        )

    def handle(
        self, *args, engagement_id, file, dry_run=False, user=None, from_other=False, **options
    ):
        engagement = (
            Engagement.objects.select_related("client", "account_manager")
            .filter(pk=engagement_id)
            .first()
        )
        if engagement is None:
            raise CommandError(f"There is no engagement with id {engagement_id}.")
        by = engagement.account_manager
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f'There is no user "{user}".')
        try:
            result = import_workbook(
                engagement=engagement, file=file, by=by, dry_run=dry_run, from_other=from_other
            )
        except WorkbookError as exc:
            for problem in exc.problems:
                if str(problem) != exc.message:
                    self.stderr.write(str(problem))
            raise CommandError(exc.message) from exc
        except (RaciError, PermissionDenied) as exc:
            raise CommandError(getattr(exc, "message", None) or str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for warning in result.warnings:
            self.stderr.write(f"Note: {warning}")
        for change in result.changes:
            self.stdout.write(str(change))
        count = len(result.changes)
        if dry_run:
            self.stdout.write(
                f"Dry run: {counted(count, 'change')} would be made; nothing was saved."
            )
        elif count:
            self.stdout.write(
                f"Imported {counted(count, 'change')} into {engagement} "
                f"(matrix version {result.version})."
            )
        else:
            self.stdout.write("The workbook matches the matrix; nothing changed.")
