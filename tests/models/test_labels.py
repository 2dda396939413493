"""Each label is defined once, beside its choices: every choice has each of its second forms,
and the helpers name people, fields and values the same way everywhere."""

import pytest

from engagements.models import Severity, Side, Tool, Window
from engagements.models.choices import (
    NEED_IN_SENTENCE,
    SIDE_IN_SENTENCE,
    SIDE_SHORT,
    WINDOW_IN_SENTENCE,
    WINDOW_SHORT,
    CoverageNeed,
)
from engagements.models.labels import (
    choice_label,
    field_label,
    in_sentence,
    person_name,
    value_text,
)
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("forms", "choices"),
    [
        (SIDE_SHORT, Side),
        (SIDE_IN_SENTENCE, Side),
        (WINDOW_SHORT, Window),
        (WINDOW_IN_SENTENCE, Window),
        (NEED_IN_SENTENCE, CoverageNeed),
    ],
)
def test_every_choice_has_each_of_its_second_forms(forms, choices):
    assert set(forms) == set(choices)


def test_severities_read_error_warning_and_note_worst_first():
    assert Severity.choices == [("error", "Error"), ("warning", "Warning"), ("info", "Note")]
    assert Severity.ORDER == ("error", "warning", "info")
    assert [s.plural for s in Severity] == ["errors", "warnings", "notes"]


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Removed by the MSP", "removed by the MSP"),
        ("Fully managed IT", "fully managed IT"),
        ("Signed off", "signed off"),
        ("MSP", "MSP"),
        ("API", "API"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_keeps_its_abbreviations(label, in_a_sentence):
    assert in_sentence(label) == in_a_sentence


@pytest.mark.django_db
def test_a_person_is_named_by_their_name_else_their_username():
    assert person_name(UserFactory(username="am", first_name="Alex", last_name="Morgan")) == (
        "Alex Morgan"
    )
    assert person_name(UserFactory(username="nameless", first_name="", last_name="")) == (
        "nameless"
    )
    assert person_name(None) == ""


def test_fields_and_values_are_named_by_their_verbose_names_and_labels():
    exit_fate = Tool._meta.get_field("exit_fate")
    assert field_label(Tool, "exit_fate") == "When the engagement ends"
    assert field_label(Tool, "owner_side") == "Owned by"
    assert choice_label(exit_fate, "removed") == "Removed by the MSP"
    assert choice_label(Tool._meta.get_field("owner_side"), "msp") == "MSP"
    assert choice_label(exit_fate, "") == ""
    assert choice_label(Tool._meta.get_field("name"), "Vault") == "Vault"
    assert [value_text(v) for v in (None, True, False, 3, "x")] == ["", "yes", "no", "3", "x"]
