"""A JSON body is held to the types the schema gives: a number is not a string, a string is
not a boolean or a number. The wrong type is a 400 naming the field, and nothing is stored
(DRF's own fields would store 1e999999 as the title "inf" and 0 as the comment "0")."""

import importlib
import pkgutil

import pytest
from rest_framework import serializers

import engagements.api.serializers as api_serializers
from engagements.api.serializers import strict

pytestmark = pytest.mark.django_db


def test_a_number_is_not_a_title(am, co_managed):
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/", '{"title": 1e999999}', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"title": ["Must be a string, not a number."]}
    co_managed.refresh_from_db()
    assert co_managed.title != "inf"


def test_a_number_is_not_a_comment(am, co_managed):
    response = am.post(f"/api/engagements/{co_managed.pk}/comments/", {"body": 0}, format="json")

    assert response.status_code == 400
    assert "body" in response.json()
    assert not co_managed.comments.filter(body="0").exists()


def test_a_string_is_not_a_boolean(am, co_managed):
    row = co_managed.rows.first()
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/rows/{row.pk}/", {"in_scope": "no"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"in_scope": ["Must be true or false, not a string."]}
    row.refresh_from_db()
    assert row.in_scope is True


def test_a_string_is_not_an_integer(am, co_managed):
    role = co_managed.roles.first()
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/roles/{role.pk}/", {"order": "7"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"order": ["Must be an integer, not a string."]}


def test_a_boolean_is_not_an_integer(am, co_managed):
    role = co_managed.roles.first()
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/roles/{role.pk}/", {"order": True}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"order": ["Must be an integer, not a boolean."]}


def test_a_number_is_not_a_choice(am, co_managed):
    response = am.post(
        f"/api/engagements/{co_managed.pk}/roles/", {"name": "Auditor", "side": 1}, format="json"
    )

    assert response.status_code == 400
    assert "side" in response.json()
    assert not co_managed.roles.filter(name="Auditor").exists()


def test_values_of_the_right_type_are_still_taken(am, co_managed):
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/", {"title": "Managed IT 2027"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Managed IT 2027"


def test_a_query_string_is_still_read_as_text(am, co_managed):
    response = am.get("/api/assignments/", {"engagement": str(co_managed.pk), "in_scope": "true"})

    assert response.status_code == 200
    assert response.json()["count"] > 0


def _serializer_classes():
    for module_info in pkgutil.iter_modules(api_serializers.__path__):
        module = importlib.import_module(f"{api_serializers.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == module.__name__
                and not (
                    issubclass(value, serializers.ModelSerializer) and not hasattr(value, "Meta")
                )
            ):
                yield value


def _fields(serializer):
    for name, field in serializer.fields.items():
        yield f"{type(serializer).__name__}.{name}", field
        child = getattr(field, "child", None)
        if isinstance(child, serializers.Serializer):
            yield from _fields(child)
        elif child is not None:
            yield f"{type(serializer).__name__}.{name}[]", child
        if isinstance(field, serializers.Serializer):
            yield from _fields(field)


def test_every_api_serializer_uses_the_strict_fields():
    loose = []
    for serializer_class in _serializer_classes():
        try:
            serializer = serializer_class()
        except TypeError:  # pragma: no cover - one that needs arguments to be built
            continue
        for name, field in _fields(serializer):
            if isinstance(field, strict.REPLACED) and not isinstance(field, strict.STRICT):
                loose.append(f"{name}: {type(field).__name__}")

    assert not loose, "use engagements.api.serializers.strict:\n" + "\n".join(loose)


# -- what the schema says is what the API takes ------------------------------------------------


def test_a_page_size_that_is_not_a_whole_number_is_refused(am):
    response = am.get("/api/clients/", {"page_size": "null"})

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_page_size_above_the_ceiling_is_served_as_the_ceiling(am, co_managed):
    response = am.get("/api/assignments/", {"page_size": "5000"})

    assert response.status_code == 200
    assert len(response.json()["results"]) <= 1000


def test_a_yes_no_filter_refuses_what_is_neither(am, co_managed):
    response = am.get("/api/assignments/", {"in_scope": "null"})

    assert response.status_code == 400
    assert response.json() == {"in_scope": ["Must be true or false."]}


def test_business_days_are_a_set_of_weekday_digits(am, co_managed):
    response = am.patch(f"/api/engagements/{co_managed.pk}/", {"business_days": "5123"}, "json")

    assert response.status_code == 200
    assert response.json()["business_days"] == "1235"


def test_business_hours_follow_the_schemas_pattern(am, co_managed):
    response = am.patch(f"/api/engagements/{co_managed.pk}/", {"business_start": "08"}, "json")

    assert response.status_code == 400
    assert "business_start" in response.json()


def test_the_schema_states_what_the_api_serves_and_takes(am):
    schema = am.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    tool = components["Tool"]["properties"]
    select = schema["paths"]["/api/engagements/{engagement_pk}/controls/"]["post"]
    query = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/assignments/"]["get"]["parameters"]
    }

    # A tool's undecided owner side is served as "": the schema allows it.
    assert {"$ref": "#/components/schemas/BlankEnum"} in tool["owner_side"]["oneOf"]
    # Selecting controls answers the list of them, not a page.
    assert select["responses"]["201"]["content"]["application/json"]["schema"]["type"] == "array"
    # The filters' and pages' limits.
    assert query["role"]["maxLength"] == 120
    assert query["engagement"]["minimum"] == 1
    assert query["page_size"]["minimum"] == 1


def test_an_empty_value_for_a_filter_that_is_not_text_is_refused(am, co_managed):
    response = am.get("/api/assignments/", {"engagement": "", "side": ""})

    assert response.status_code == 400
    assert set(response.json()) == {"engagement", "side"}


def test_an_empty_text_filter_still_means_no_filter(am, co_managed):
    response = am.get("/api/assignments/", {"role": ""})

    assert response.status_code == 200


def test_an_empty_page_is_no_page(am, co_managed):
    assert am.get("/api/assignments/", {"page": ""}).status_code == 404


def test_the_schema_says_a_name_is_one_line_of_visible_text(am, co_managed):
    import re

    schema = am.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    title = components["PatchedEngagementUpdateRequest"]["properties"]["title"]
    pattern = re.compile(title["pattern"])
    assert pattern.match("Security and 24/7 operations")
    for refused in ("two\nlines", "C1\u008fcontrol", "MSP\u200b NOC", "bidi\u202egnp.exe"):
        assert not pattern.match(refused), refused
    # The same pattern on every name the models hold to one line.
    created = components["EngagementCreateRequest"]["properties"]["title"]
    assert created["pattern"] == title["pattern"]
    assert components["Tool"]["properties"]["name"]["pattern"] == title["pattern"]


def test_a_title_with_a_control_character_is_refused_naming_the_field(am, co_managed):
    response = am.patch(
        f"/api/engagements/{co_managed.pk}/",
        {"title": "C1\u008fcontrol"},
        format="json",
        HTTP_IF_MATCH=co_managed.etag,
    )
    assert response.status_code == 400
    assert "one line" in response.json()["title"][0]
    co_managed.refresh_from_db()
    assert co_managed.title != "C1\u008fcontrol"
