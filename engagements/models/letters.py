"""RACI letters: parsing what people type, and the one canonical way they are stored.

A cell holds a set of letters from R, A, C, I. It is stored as a string in the fixed order
A, R, C, I ("AR") and shown with slashes ("A/R"), so "r/a", "R, A" and " ar " all mean the
same cell.
"""

from itertools import combinations

LETTERS = ("R", "A", "C", "I")
ORDER = "ARCI"  # storage and display order: "A/R" is how the field writes it
LETTER_NAMES = {
    "R": "Responsible",
    "A": "Accountable",
    "C": "Consulted",
    "I": "Informed",
}
LETTER_MEANINGS = {
    "R": "Does the work.",
    "A": "Answers for the outcome and signs it off; exactly one per activity.",
    "C": "Is asked before the work is done (two-way).",
    "I": "Is told after the work is done (one-way).",
}

# One palette for the letters wherever a matrix is drawn: the web grid and diff (the --r,
# --a, --c, --i colours of static/raci/raci.css), the workbook's fills and print. A cell
# holding several letters takes the colour of its first in storage order (A, R, C, I).
# Light fills under dark text (#1d2430): each pair passes WCAG AA; the letters are always
# written, so colour is never the only signal.
LETTER_FILLS = {"A": "DDE8F8", "R": "DFF2E4", "C": "FFF1CC", "I": "ECEFF3"}
LETTER_COLOUR_NAMES = {"A": "blue", "R": "green", "C": "yellow", "I": "grey"}

# Every non-empty stored value: the database accepts these and nothing else.
VALID_LETTER_SETS = tuple("".join(combo) for n in range(1, 5) for combo in combinations(ORDER, n))
_SEPARATORS = "/,;+& \t\r\n-"


class LetterError(ValueError):
    """A cell value that is not a set of R, A, C, I."""


def parse_letters(value) -> str:
    """Turn what a person typed into the stored form; "" means an empty cell.

    Raises LetterError naming the first character that is not a RACI letter.
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "/".join(str(v) for v in value)
    if not isinstance(value, str):
        raise LetterError(f'"{value}" is not one of R, A, C, I')
    found = set()
    for ch in value:
        if ch in _SEPARATORS:
            continue
        up = ch.upper()
        if up not in LETTERS:
            raise LetterError(f'"{ch}" is not one of R, A, C, I')
        found.add(up)
    return "".join(letter for letter in ORDER if letter in found)


def display_letters(stored: str) -> str:
    """The stored form as people read it: "AR" -> "A/R"."""
    return "/".join(stored)


def has_letter(stored: str, letter: str) -> bool:
    return letter in stored
