"""The API writes JSON with orjson: it must be byte for byte what DRF's own renderer writes
for everything our serializers return."""

import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from engagements.api.formats import FastJSONRenderer

SAMPLES = {
    "plain": {"a": 1, "b": [1.5, None, True, "x"], "c": {"d": ""}},
    "unicode": {"name": "Müller & Søn — 東京", "line": "a\u2028b\u2029c"},
    "dates": {
        "at": datetime.datetime(2026, 12, 2, 11, 0, 5, 123456, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 12, 2),
        "time": datetime.time(8, 30),
    },
    "decimal and uuid": {"n": decimal.Decimal("1.50"), "id": uuid.UUID(int=5)},
    "lazy text": {"label": gettext_lazy("Draft")},
    "integer keys": {1: "one", 2: "two"},
    "tuples": {"pair": (1, 2)},
    "big integer": {"n": 2**70},
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_fast_json_is_what_drf_writes(name):
    data = SAMPLES[name]

    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_an_indented_answer_is_left_to_drf():
    data = {"a": [1, 2]}

    fast = FastJSONRenderer().render(data, "application/json; indent=2")

    assert fast == JSONRenderer().render(data, "application/json; indent=2")
    assert b"\n" in fast
