"""A synthetic portfolio for benchmarks: many clients, large matrices, deterministic.

Written with bulk inserts (no audit history: this is load, not business data). Every
client, user and activity it creates is prefixed so it never mixes with real data.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from engagements.models import (
    Activity,
    Assignment,
    Client,
    Coverage,
    CoverageNeed,
    Domain,
    Engagement,
    MatrixRow,
    Membership,
    MembershipKind,
    Role,
    ServiceModel,
    Side,
    Status,
    Tool,
    ToolFate,
)
from engagements.models.choices import WINDOWS_NEEDED

PREFIX = "bench"
BATCH = 2000


@dataclass
class PortfolioSize:
    clients: int = 500
    activities: int = 120
    roles: int = 12
    large_activities: int = 1000
    large_roles: int = 20
    seed: int = 42


def _ensure_activities(count: int, rng: random.Random) -> list[Activity]:
    """At least `count` catalog activities, topping the catalog up with synthetic ones."""
    catalog = Activity.objects.filter(client__isnull=True).order_by(
        "domain__order", "order", "code"
    )
    activities = list(catalog)
    if len(activities) >= count:
        return activities[:count]
    domains = list(Domain.objects.order_by("order"))
    if not domains:
        domains = [Domain.objects.create(code=f"{PREFIX}-domain", name="Synthetic", order=999)]
    needs = list(CoverageNeed.values)
    extra = []
    for n in range(len(activities), count):
        domain = domains[n % len(domains)]
        extra.append(
            Activity(
                domain=domain,
                code=f"{PREFIX}.{domain.code}.{n:05d}",
                name=f"Synthetic duty {n:05d} ({domain.name})",
                default_coverage=rng.choice(needs),
                order=1000 + n,
            )
        )
    Activity.objects.bulk_create(extra, batch_size=BATCH)
    return list(catalog.all())[:count]


def _roles_for(engagement: Engagement, count: int) -> list[Role]:
    internal = max(1, count // 3)
    roles = []
    for i in range(count):
        if i < internal:
            side, name = Side.INTERNAL, f"Internal team {i + 1}"
        elif i == count - 1 and count > 4:
            side, name = Side.VENDOR, "Vendor support"
        else:
            side, name = Side.MSP, f"MSP team {i + 1 - internal}"
        roles.append(Role(engagement=engagement, name=name, side=side, order=i * 10))
    return roles


def _fill_matrix(
    engagement: Engagement, activities: list[Activity], role_count: int, rng: random.Random
) -> tuple[int, int]:
    roles = Role.objects.bulk_create(_roles_for(engagement, role_count))
    internal = [r for r in roles if r.side == Side.INTERNAL]
    msp = [r for r in roles if r.side == Side.MSP]
    for role in internal[: len(internal) // 2 + 1]:
        role.absence_backup = rng.choice(msp)
    Role.objects.bulk_update(internal, ["absence_backup"])
    rows = MatrixRow.objects.bulk_create(
        [
            MatrixRow(
                engagement=engagement,
                activity=activity,
                in_scope=rng.random() > 0.05,
                order=activity.order,
                split_note="Split agreed in the kickoff." if rng.random() > 0.7 else "",
            )
            for activity in activities
        ],
        batch_size=BATCH,
    )
    cells, coverage = [], []
    for row, activity in zip(rows, activities, strict=True):
        picked = rng.sample(roles, k=min(len(roles), rng.randint(2, 5)))
        letters = {role.pk: set() for role in picked}
        if rng.random() > 0.03:  # a few gaps for the findings to find
            letters[picked[0].pk].add("A")
        letters[picked[min(1, len(picked) - 1)].pk].add("R")
        for role in picked[2:]:
            letters[role.pk].add(rng.choice("RCI"))
        for role_pk, chosen in letters.items():
            if chosen:
                stored = "".join(ch for ch in "ARCI" if ch in chosen)
                cells.append(Assignment(row=row, role_id=role_pk, letters=stored))
        for window in WINDOWS_NEEDED[activity.default_coverage]:
            if rng.random() > 0.02:
                coverage.append(Coverage(row=row, window=window, role=rng.choice(roles)))
    Assignment.objects.bulk_create(cells, batch_size=BATCH)
    Coverage.objects.bulk_create(coverage, batch_size=BATCH)
    Tool.objects.bulk_create(
        [
            Tool(
                engagement=engagement,
                name=f"Tool {i + 1}",
                category=rng.choice(["RMM", "PSA", "EDR", "Backup"]),
                owner_side=rng.choice([Side.MSP, Side.INTERNAL, ""]),
                licence_holder_side=rng.choice([Side.MSP, Side.INTERNAL]),
                exit_fate=rng.choice(list(ToolFate.values) + [""]),
            )
            for i in range(4)
        ]
    )
    return len(cells), len(coverage)


@transaction.atomic
def generate_portfolio(size: PortfolioSize) -> dict:
    """Build (or rebuild) the synthetic portfolio; returns what was created."""
    rng = random.Random(size.seed)
    if Client.objects.filter(slug__startswith=f"{PREFIX}-").exists():
        raise ValueError(
            "A synthetic portfolio already exists in this database; use a fresh database "
            "(make bench does)."
        )
    User = get_user_model()
    manager, _ = User.objects.get_or_create(
        username=f"{PREFIX}-am", defaults={"email": f"{PREFIX}-am@example.com"}
    )
    manager.set_password("bench-password")
    manager.save()
    # The catalog top-up has its own random stream, so the matrices come out the same
    # whether or not an earlier run already topped the catalog up.
    activities = _ensure_activities(
        max(size.activities, size.large_activities), random.Random(size.seed + 1)
    )
    now = timezone.now()
    totals = {"clients": 0, "engagements": 0, "cells": 0, "coverage": 0}

    def engagement_for(client, index, acts, roles, status, model):
        engagement = Engagement.objects.create(
            client=client,
            title=f"Scope {index}",
            slug=f"scope-{index}",
            service_model=model,
            status=status,
            account_manager=manager,
            signed_off_by=manager if status == Status.SIGNED_OFF else None,
            signed_off_at=now if status == Status.SIGNED_OFF else None,
            business_start=datetime.time(8, 0),
            business_end=datetime.time(17, 0),
        )
        cells, coverage = _fill_matrix(engagement, acts, roles, rng)
        totals["engagements"] += 1
        totals["cells"] += cells
        totals["coverage"] += coverage
        return engagement

    statuses = [Status.DRAFT, Status.IN_REVIEW, Status.SIGNED_OFF]
    for i in range(size.clients):
        client = Client.objects.create(
            name=f"Synthetic client {i:04d}",
            slug=f"{PREFIX}-{i:04d}",
            time_zone="UTC",
            employee_count=rng.randint(20, 2000),
            internal_it_headcount=rng.randint(0, 12),
        )
        Membership.objects.create(user=manager, client=client, kind=MembershipKind.ACCOUNT_MANAGER)
        engagement_for(
            client,
            i,
            activities[: size.activities],
            size.roles,
            statuses[i % 3],
            rng.choice(list(ServiceModel.values)),
        )
        totals["clients"] += 1
    large_client = Client.objects.create(name="Synthetic large client", slug=f"{PREFIX}-large")
    Membership.objects.create(
        user=manager, client=large_client, kind=MembershipKind.ACCOUNT_MANAGER
    )
    large = engagement_for(
        large_client,
        "large",
        activities[: size.large_activities],
        size.large_roles,
        Status.DRAFT,
        ServiceModel.CO_MANAGED,
    )
    totals["clients"] += 1
    totals["large_engagement_id"] = large.pk
    totals["account_manager"] = manager.username
    return totals
