"""One palette for the letters: the web's CSS and the workbook's fills use the same colours,
and the ink written on each passes WCAG AA."""

import re
from pathlib import Path

from engagements.exports.xlsx import LETTER_COLOURS
from engagements.models.letters import LETTER_FILLS

CSS = Path(__file__).resolve().parents[2] / "static" / "raci" / "raci.css"


def _css_vars() -> dict[str, str]:
    return {
        name: value.upper()
        for name, value in re.findall(r"--([a-z-]+):\s*#([0-9a-fA-F]{6})", CSS.read_text())
    }


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_web_and_the_workbook_colour_each_letter_alike():
    css = _css_vars()
    for letter, colour in LETTER_FILLS.items():
        assert css[letter.lower()] == colour, letter
        assert LETTER_COLOURS[letter] == colour, letter


def test_the_ink_on_every_letter_colour_passes_wcag_aa():
    ink = _css_vars()["ink"]
    for letter, colour in LETTER_FILLS.items():
        assert contrast(ink, colour) >= 4.5, letter


def test_the_diff_markers_pass_wcag_aa_on_their_washes():
    css = _css_vars()
    for text, wash in [("ok", "ok-wash"), ("error", "error-wash"), ("warning", "warning-wash")]:
        assert contrast(css[text], css[wash]) >= 4.5, text
