from django.core.management.base import BaseCommand, CommandError

from engagements.doors import through
from engagements.exports.oscal.catalogs import CatalogError, parse_catalog
from engagements.models import Door
from engagements.services import catalog_load


class Command(BaseCommand):
    help = (
        "Load compliance catalogs from OSCAL files (NIST CSF 2.0 XML, SP 800-53 JSON, "
        "fixtures/hipaa_security_rule.json). Loading the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="OSCAL catalog file(s).")
        parser.add_argument(
            "--code", default="", help="Framework code to store it under (one file only)."
        )

    def handle(self, *args, paths, code, **options):
        if code and len(paths) > 1:
            raise CommandError("--code names one framework: give one file with it.")
        for path in paths:
            try:
                catalog = parse_catalog(path, code=code)
            except CatalogError as exc:
                raise CommandError(str(exc)) from exc
            with through(Door.COMMAND):
                result = catalog_load(catalog=catalog)
            self.stdout.write(result.summary())
