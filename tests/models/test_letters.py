import pytest

from engagements.models.letters import (
    VALID_LETTER_SETS,
    LetterError,
    display_letters,
    parse_letters,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("A/R", "AR"),
        ("r/a", "AR"),
        (" r ", "R"),
        ("R, A", "AR"),
        ("iCRa", "ARCI"),
        ("", ""),
        (None, ""),
        (["C", "I"], "CI"),
        ("R/R", "R"),
    ],
)
def test_what_people_type_is_stored_in_one_canonical_form(typed, stored):
    assert parse_letters(typed) == stored


@pytest.mark.parametrize("typed", ["X", "A/X", "Q", "1", "AR?", "✓"])
def test_a_letter_outside_raci_is_refused_by_name(typed):
    with pytest.raises(LetterError, match=r"is not one of R, A, C, I"):
        parse_letters(typed)


def test_letters_are_shown_with_slashes():
    assert display_letters("AR") == "A/R"
    assert display_letters("I") == "I"


def test_there_are_fifteen_non_empty_letter_sets():
    assert len(VALID_LETTER_SETS) == 15
    assert "AR" in VALID_LETTER_SETS and "RA" not in VALID_LETTER_SETS
