"""Checks on single values that more than one model shares."""

import unicodedata

from django.core.exceptions import ValidationError


def one_line(value: str) -> None:
    """A name is one line of text. A line break, tab or other control character would split
    a column header in the workbook, a line of the matrix page or an email subject."""
    if any(unicodedata.category(character) == "Cc" for character in value or ""):
        raise ValidationError(
            "Use one line of text: no line breaks, tabs or other control characters.",
            code="one_line",
        )
