"""Which door a change came through, recorded on every history row.

Doors (page views, API views, the importer, admin, management commands) wrap their work in
`through(Door.X)`; services stay unaware. A change made from a shell with no door set is
recorded as a plain service call.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from engagements.models.choices import Door

_current_door: ContextVar[str] = ContextVar("raci_door", default=Door.SHELL)


def current_door() -> str:
    return _current_door.get()


@contextmanager
def through(door: str):
    token = _current_door.set(door)
    try:
        yield
    finally:
        _current_door.reset(token)


@receiver(pre_create_historical_record)
def _stamp_door(sender, instance, history_instance, **kwargs):
    if hasattr(history_instance, "door") and not history_instance.door:
        history_instance.door = current_door()


@receiver(post_save)
def _no_history_for_restored_m2m(sender, instance, raw=False, **kwargs):
    """`loaddata` saves each object raw, then sets its many-to-many fields (a control's
    implementing activities); django-simple-history would record that as a new change and
    a restore would double the history. A restore is not a change: skip it."""
    if raw:
        instance.skip_history_when_saving = True
