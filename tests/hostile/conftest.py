"""Fixtures for the hostile-input, fuzz and isolation tests: the API clients and snapshots of
tests/api, reused rather than copied."""

from tests.api.conftest import (  # noqa: F401  (fixtures)
    am,
    anon,
    itm,
    other_am,
    other_itm,
    small_draft,
    snapshot,
    unchanged,
)
