"""python manage.py findings <engagement-id> [--format text|json]
python manage.py findings --refresh

Prints an engagement's findings and exits 1 while errors remain that nobody has
acknowledged, so a script can gate on it; an unknown id is a one-line error (exit 2).
With --refresh, stores the portfolio's findings counts again wherever they are stale: after
a change of the rule settings (RACI_* in the environment) or data written outside the
services, which the services' own refresh after each change does not see.
"""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from engagements import services
from engagements.analysis import Severity, engagement_findings, summarize
from engagements.models import Engagement
from engagements.models.labels import counted, in_sentence, person_name
from engagements.selectors.matrix import load_matrix


class Command(BaseCommand):
    help = (
        "Print the findings (gaps, overlaps, risks) of one engagement revision. Exits 1 while "
        "errors remain unacknowledged, 0 otherwise. With --refresh, store the portfolio's "
        "findings counts again wherever they are stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("engagement_id", nargs="?", help="The engagement revision's id.")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Count the findings of every engagement whose stored counts are stale (after "
            "a change of the rule settings) and store them, instead of printing one.",
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text for people (default), json for scripts.",
        )

    def handle(self, *args, engagement_id, **options):
        if options["refresh"]:
            if engagement_id is not None:
                raise CommandError("Give an engagement id or --refresh, not both.", returncode=2)
            stored = services.findings_counts_refresh()
            self.stdout.write(f"Stored the findings counts of {counted(stored, 'engagement')}.")
            return
        if engagement_id is None:
            raise CommandError("Give an engagement id, or --refresh.", returncode=2)
        engagement = self._engagement(engagement_id)
        data = load_matrix(engagement)
        findings = engagement_findings(data)
        summary = summarize(data, findings)
        if options["format"] == "json":
            output = json.dumps(self._document(data, findings, summary), indent=2)
        else:
            output = "\n".join(self._report(data, findings, summary))
        status = 1 if summary.unacknowledged_errors else 0
        try:
            self.stdout.write(output)
            self.stdout.flush()
        except BrokenPipeError:
            # Piped into `head`: the reader has what it wanted; keep the exit status.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if status:
            sys.exit(status)

    def _engagement(self, value: str) -> Engagement:
        if not str(value).isdigit():
            raise CommandError(f'"{value}" is not an engagement id (a whole number).', returncode=2)
        engagement = Engagement.objects.select_related("client").filter(pk=int(value)).first()
        if engagement is None:
            raise CommandError(f"There is no engagement with id {value}.", returncode=2)
        return engagement

    def _document(self, data, findings, summary) -> dict:
        engagement = data.engagement
        return {
            "engagement": {
                "id": engagement.pk,
                "client": engagement.client.name,
                "title": engagement.title,
                "revision": engagement.revision,
                "status": engagement.status,
                "service_model": engagement.service_model,
            },
            "summary": summary.as_dict(),
            "findings": [
                {
                    **finding.as_dict(),
                    "acknowledged": self._acknowledgement(data, finding),
                }
                for finding in findings
            ],
        }

    def _acknowledgement(self, data, finding) -> dict | None:
        ack = data.acknowledgements.get(finding.key)
        if ack is None or finding.severity != Severity.ERROR:
            return None
        return {"reason": ack.reason, "by": ack.by.get_username(), "at": ack.at.isoformat()}

    def _report(self, data, findings, summary) -> list[str]:
        """The findings for people to read, line by line."""
        engagement = data.engagement
        lines = [
            f"{engagement.client.name} — {engagement.title}, revision {engagement.revision} "
            f"({in_sentence(engagement.get_status_display())}, "
            f"{engagement.get_service_model_display()})"
        ]
        counts = summary.by_severity
        line = (
            f"{counted(counts[Severity.ERROR], 'error')}, "
            f"{counted(counts[Severity.WARNING], 'warning')}, "
            f"{counted(counts[Severity.INFO], Severity.INFO.label.lower())}"
        )
        if summary.acknowledged_errors:
            line += f"; {counted(summary.acknowledged_errors, 'error')} acknowledged"
        if summary.unacknowledged_errors:
            line += (
                f". {counted(summary.unacknowledged_errors, 'error')} "
                f"{'blocks' if summary.unacknowledged_errors == 1 else 'block'} sign-off."
            )
        elif engagement.is_frozen:
            line += "."
        elif summary.ready_for_review:
            line += ". Ready for review."
        else:
            line += ". Every error is acknowledged: sign-off is possible."
        lines.append(line)
        for finding in findings:
            lines += [
                "",
                f"{Severity(finding.severity).label.upper():<8}{finding.code}  {finding.subject}",
                f"  {finding.message}",
                f"  Fix: {finding.suggestion}",
            ]
            ack = data.acknowledgements.get(finding.key)
            if ack is not None and finding.severity == Severity.ERROR:
                lines.append(f"  Acknowledged by {person_name(ack.by)}: {ack.reason}")
        return lines
