from django.core.management.base import BaseCommand, CommandError

from engagements.demo.synthetic import PortfolioSize, generate_portfolio
from engagements.doors import through
from engagements.models import Door


class Command(BaseCommand):
    help = "Build a deterministic synthetic portfolio for benchmarks (never on real data)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=500)
        parser.add_argument("--activities", type=int, default=120)
        parser.add_argument("--roles", type=int, default=12)
        parser.add_argument("--large-activities", type=int, default=1000)
        parser.add_argument("--large-roles", type=int, default=20)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        for name in ("clients", "activities", "roles", "large_activities", "large_roles"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        try:
            with through(Door.COMMAND):
                totals = generate_portfolio(
                    PortfolioSize(
                        clients=options["clients"],
                        activities=options["activities"],
                        roles=options["roles"],
                        large_activities=options["large_activities"],
                        large_roles=options["large_roles"],
                        seed=options["seed"],
                    )
                )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Generated {totals['clients']} clients, {totals['engagements']} engagements, "
            f"{totals['cells']} cells, {totals['coverage']} coverage entries; large engagement "
            f"id {totals['large_engagement_id']}; account manager {totals['account_manager']}."
        )
