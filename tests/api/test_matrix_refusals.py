"""A large PATCH of the matrix that cannot be right is refused before its entries are
validated one by one: more entries than the matrix has cells or windows, or thousands of
cells naming activities and roles it does not have (2.4 s before; now one query)."""

import json

import pytest

from engagements.models import Assignment, MatrixRow, Role, Window

pytestmark = pytest.mark.django_db


def patch(api, engagement, body):
    return api.generic(
        "PATCH",
        f"/api/engagements/{engagement.pk}/matrix/",
        json.dumps(body),
        content_type="application/json",
        HTTP_IF_MATCH=engagement.etag,
    )


def unknown_cells(count):
    return [
        {"activity": f"no.such.duty.{i:05d}", "role": f"Nobody number {i}", "letters": "A/R"}
        for i in range(count)
    ]


def test_thousands_of_unknown_cells_are_refused_with_the_first_ones_listed(am, co_managed):
    before = Assignment.objects.filter(row__engagement=co_managed).count()
    rows = MatrixRow.objects.filter(engagement=co_managed).count()
    roles = Role.objects.filter(engagement=co_managed).count()
    cells = unknown_cells(rows * roles)  # as many as the matrix has cells: not refused by count

    response = patch(am, co_managed, {"cells": cells})

    assert response.status_code == 400
    body = response.json()
    assert sorted(body["cells"], key=int)[:3] == ["0", "1", "2"]
    assert len(body["cells"]) == 20
    assert body["cells"]["0"]["activity"] == [
        '"no.such.duty.00000" is not an activity of this matrix.'
    ]
    assert body["cells"]["0"]["role"] == ['"Nobody number 0" is not a role of this matrix.']
    assert f"{len(cells):,} entries name an activity or a role" in body["non_field_errors"][0]
    assert Assignment.objects.filter(row__engagement=co_managed).count() == before


def test_more_cells_than_the_matrix_has_are_refused_naming_the_limit(am, co_managed):
    rows = MatrixRow.objects.filter(engagement=co_managed).count()
    roles = Role.objects.filter(engagement=co_managed).count()

    response = patch(am, co_managed, {"cells": unknown_cells(rows * roles + 1)})

    assert response.status_code == 400
    assert response.json() == {
        "cells": [
            f"This matrix has {rows:,} activities and {roles:,} roles, so at most "
            f"{rows * roles:,} cells entries; this request lists {rows * roles + 1:,}."
        ]
    }


def test_more_coverage_entries_than_windows_are_refused_naming_the_limit(am, co_managed):
    rows = MatrixRow.objects.filter(engagement=co_managed).count()
    limit = rows * len(Window.values)
    coverage = [{"activity": "patching.servers", "window": "weekends", "role": None}] * (limit + 1)

    response = patch(am, co_managed, {"coverage": coverage})

    assert response.status_code == 400
    assert f"so at most {limit:,} coverage entries" in response.json()["coverage"][0]


def test_the_refusal_costs_one_query_after_the_request_is_authenticated(
    am, co_managed, django_assert_num_queries
):
    # The request's fixed cost (session, user, engagement, membership) and one query of the
    # matrix's activity codes and role names: nothing per entry.
    with django_assert_num_queries(5):
        response = patch(am, co_managed, {"cells": unknown_cells(201)})

    assert response.status_code == 400


def test_role_names_in_a_large_patch_match_case_and_spacing_aside(am, co_managed):
    rows = list(MatrixRow.objects.filter(engagement=co_managed).select_related("activity"))
    role = Role.objects.get(engagement=co_managed, name="MSP NOC")
    cells = [
        {"activity": row.activity.code, "role": "  msp   noc ", "letters": "I"} for row in rows
    ]
    cells += [
        {"activity": row.activity.code, "role": r.name, "letters": "C"}
        for row in rows
        for r in Role.objects.filter(engagement=co_managed).exclude(pk=role.pk)[:3]
    ]
    assert len(cells) > 200

    response = patch(am, co_managed, {"cells": cells})

    assert response.status_code == 200, response.content[:300]
    assert Assignment.objects.get(row=rows[0], role=role).letters == "I"
