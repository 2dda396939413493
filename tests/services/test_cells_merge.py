"""Saving cells the way the grid does: only what changed, with what the grid showed before,
so that only a change to the same cell is a conflict."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.errors import StaleVersion
from tests.helpers.matrix import letters, role_of, row_of

pytestmark = pytest.mark.django_db


def edit(engagement, code, role, typed, was):
    return services.CellEdit(
        row=row_of(engagement, code), role=role_of(engagement, role), letters=typed, was=was
    )


@pytest.fixture
def cells(co_managed):
    return {
        "servers": (row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")),
        "desk": (
            row_of(co_managed, "patching.servers"),
            role_of(co_managed, "Internal service desk"),
        ),
    }


def test_a_cell_is_saved_and_the_version_goes_up_by_one(co_managed, account_manager, cells):
    row, role = cells["servers"]
    before = co_managed.version
    changed = services.matrix_cells_merge(
        engagement=co_managed,
        edits=[services.CellEdit(row=row, role=role, letters="c", was=letters(row, role))],
        by=account_manager,
    )
    assert changed == 1
    assert letters(row, role) == "C"
    co_managed.refresh_from_db()
    assert co_managed.version == before + 1


def test_other_cells_changed_since_do_not_block_a_save(co_managed, account_manager, cells):
    row, noc = cells["servers"]
    _, desk = cells["desk"]
    shown = letters(row, noc)
    # Someone else changes another cell of the same row first.
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=row, role=desk, letters="I")],
        by=account_manager,
    )
    services.matrix_cells_merge(
        engagement=co_managed,
        edits=[services.CellEdit(row=row, role=noc, letters="C", was=shown)],
        by=account_manager,
    )
    assert letters(row, noc) == "C"
    assert letters(row, desk) == "I"


def test_the_same_cell_changed_since_is_a_conflict_and_nothing_is_saved(
    co_managed, account_manager, client_it_manager, cells
):
    row, noc = cells["servers"]
    _, desk = cells["desk"]
    shown_noc, shown_desk = letters(row, noc), letters(row, desk)
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=row, role=noc, letters="A")],
        by=account_manager,
    )
    co_managed.refresh_from_db()
    version = co_managed.version
    with pytest.raises(services.CellsConflicted) as caught:
        services.matrix_cells_merge(
            engagement=co_managed,
            edits=[
                services.CellEdit(row=row, role=desk, letters="R", was=shown_desk),
                services.CellEdit(row=row, role=noc, letters="C", was=shown_noc),
            ],
            by=account_manager,
        )
    (conflict,) = caught.value.conflicts
    assert (conflict.index, conflict.mine, conflict.theirs) == (1, "C", "A")
    # The same person in a second tab is told so, not given their own name.
    assert caught.value.changed_by == "you, in another tab or window"
    assert letters(row, desk) == shown_desk  # all or nothing
    co_managed.refresh_from_db()
    assert co_managed.version == version


def test_typing_what_the_other_person_saved_is_no_conflict(co_managed, account_manager, cells):
    row, noc = cells["servers"]
    shown = letters(row, noc)
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=row, role=noc, letters="I")],
        by=account_manager,
    )
    services.matrix_cells_merge(
        engagement=co_managed,
        edits=[services.CellEdit(row=row, role=noc, letters="i", was=shown)],
        by=account_manager,
    )
    assert letters(row, noc) == "I"


def test_every_bad_letter_is_named_and_nothing_is_saved(co_managed, account_manager, cells):
    row, noc = cells["servers"]
    _, desk = cells["desk"]
    before = letters(row, desk)
    with pytest.raises(ValidationError) as caught:
        services.matrix_cells_merge(
            engagement=co_managed,
            edits=[
                services.CellEdit(row=row, role=desk, letters="I", was=before),
                services.CellEdit(row=row, role=noc, letters="X", was=""),
                services.CellEdit(row=row, role=desk, letters="Q", was=before),
            ],
            by=account_manager,
        )
    assert set(caught.value.message_dict) == {"cells[1]", "cells[2]"}
    assert letters(row, desk) == before


def test_one_letter_is_added_to_many_rows_as_one_change(co_managed, account_manager):
    role = role_of(co_managed, "Client IT manager")
    rows = [row_of(co_managed, "patching.servers"), row_of(co_managed, "patching.workstations")]
    before = {row.pk: letters(row, role) for row in rows}
    version = co_managed.version
    changed = services.matrix_letter_set(
        engagement=co_managed,
        rows=rows,
        role=role,
        letter="I",
        by=account_manager,
        expected_version=version,
    )
    for row in rows:
        assert set(letters(row, role)) == set(before[row.pk]) | {"I"}
    assert changed == sum(1 for row in rows if "I" not in before[row.pk])
    co_managed.refresh_from_db()
    assert co_managed.version == version + 1


def test_a_bulk_letter_on_a_matrix_changed_since_is_refused(co_managed, account_manager):
    role = role_of(co_managed, "Client IT manager")
    row = row_of(co_managed, "patching.servers")
    with pytest.raises(StaleVersion):
        services.matrix_letter_set(
            engagement=co_managed,
            rows=[row],
            role=role,
            letter="R",
            mode="replace",
            by=account_manager,
            expected_version=co_managed.version - 1,
        )


def test_a_bulk_letter_must_be_one_of_r_a_c_i(co_managed, account_manager):
    with pytest.raises(ValidationError) as caught:
        services.matrix_letter_set(
            engagement=co_managed,
            rows=[row_of(co_managed, "patching.servers")],
            role=role_of(co_managed, "Client IT manager"),
            letter="X",
            by=account_manager,
        )
    assert "letter" in caught.value.message_dict
