"""Checks on single values that more than one model shares."""

import unicodedata

from django.core.exceptions import ValidationError


def one_line(value: str) -> None:
    """A name is one line of visible text.

    A line break, tab or other control character (Unicode Cc) would split a column header
    in the workbook, a line of the matrix page or an email subject. An invisible format
    character (Unicode Cf: bidi overrides and isolates, zero-width spaces and joiners)
    makes a name look like another: "invoice\u202egnp.exe" shows as "invoiceexe.png", and
    "MSP\u200b NOC" as "MSP NOC". Every door (services, so the API and the pages, and the
    workbook importer) checks names with this one function.
    """
    for character in value or "":
        category = unicodedata.category(character)
        if category == "Cc":
            raise ValidationError(
                "Use one line of text: no line breaks, tabs or other control characters.",
                code="one_line",
            )
        if category == "Cf":
            code_point = f"U+{ord(character):04X}"
            label = unicodedata.name(character, "a format character")
            raise ValidationError(
                f"Remove the invisible character {code_point} ({label}): a name must show "
                "exactly what it says.",
                code="invisible",
            )
