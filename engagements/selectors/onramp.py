"""What the on-ramp reads: the activities a client's sheet may map onto, and the mapping
saved for a layout of sheet at a client."""

import hashlib

from django.conf import settings
from django.db.models import Q

from engagements.analysis.onramp import CatalogEntry
from engagements.analysis.onramp.layout import text_key
from engagements.models import Activity, Client, Domain, SheetMapping
from engagements.selectors.engagements import managed_client_list


def managed_client_for(*, user, pk) -> Client | None:
    """The client with this id if this user may start engagements for it, else None."""
    try:
        return managed_client_list(user=user).get(pk=int(pk))
    except (Client.DoesNotExist, TypeError, ValueError):
        return None


def onramp_catalog(*, client: Client) -> tuple[list[Activity], dict[str, Domain]]:
    """The activities a row of this client's sheet may become (the shared catalog and the
    client's own, in catalog order) and the domains by code, in catalog order."""
    activities = list(
        Activity.objects.filter(Q(client__isnull=True) | Q(client=client))
        .select_related("domain")
        .order_by("domain__order", "order", "code")
    )
    domains = {domain.code: domain for domain in Domain.objects.order_by("order", "code")}
    return activities, domains


def catalog_entries(activities: list[Activity]) -> list[CatalogEntry]:
    return [CatalogEntry(a.code, a.name, a.domain.code) for a in activities]


def msp_name() -> str:
    return getattr(settings, "RACI_MSP_NAME", "") or ""


def layout_signature(titles: list[str]) -> str:
    """The same header titles, in any case or spacing, give the same signature."""
    joined = "\x1f".join(text_key(title) for title in titles)
    return hashlib.sha256(joined.encode()).hexdigest()


def sheet_mapping_for(*, client: Client, signature: str) -> SheetMapping | None:
    """The mapping saved for this layout at this client (the caller checked the client)."""
    return SheetMapping.objects.filter(client=client, signature=signature).first()
