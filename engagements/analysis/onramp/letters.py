"""What people write in a RACI cell, in all its spellings: "A/R", "AR", "R, A", "r",
"Responsible", and the letters of other schemes (S, V, X, "Lead") we do not use, which the
person importing maps onto ours or drops."""

import re
from dataclasses import dataclass
from functools import lru_cache

from engagements.models.letters import ORDER

_SPLIT = re.compile(r"[\s/,;+&|.\-]+")
_WORDS = {
    "RESPONSIBLE": "R",
    "ACCOUNTABLE": "A",
    "CONSULTED": "C",
    "CONSULT": "C",
    "INFORMED": "I",
    "INFORM": "I",
}
# Words and marks of other schemes that still mean "this role has a part here".
_OTHER_WORDS = {"LEAD", "OWNER", "SUPPORT", "SUPPORTS", "VERIFY", "SIGN", "SIGNS", "YES", "✓", "✔"}


@dataclass(frozen=True)
class CellLetters:
    """One cell as read: our letters (stored form, "AR") and any other letters or words it
    holds ("S", "LEAD"), each in upper case."""

    letters: str
    unknown: tuple[str, ...] = ()

    def resolved(self, meanings: dict[str, str]) -> str:
        """The stored letters once each unknown letter is given its meaning ("" drops it)."""
        found = set(self.letters)
        for token in self.unknown:
            found.update(meanings.get(token, ""))
        return "".join(letter for letter in ORDER if letter in found)


@lru_cache(maxsize=4096)
def _read_text(text: str) -> CellLetters | None:
    found: set[str] = set()
    unknown: list[str] = []
    for token in _SPLIT.split(text.upper()):
        if not token:
            continue
        if all(ch in ORDER for ch in token) and len(token) <= 4:
            found.update(token)
        elif token in _WORDS:
            found.add(_WORDS[token])
        elif token in _OTHER_WORDS:
            unknown.append(token)
        elif len(token) <= 2 and token.isalpha() and token.isascii():
            for ch in token:
                if ch in ORDER:
                    found.add(ch)
                else:
                    unknown.append(ch)
        else:
            return None
    if not found and not unknown:
        return None
    ordered = "".join(letter for letter in ORDER if letter in found)
    return CellLetters(ordered, tuple(dict.fromkeys(unknown)))


def read_cell(value) -> CellLetters | None:
    """A cell's letters, or None when the cell is not a set of letters at all (a title, a
    sentence, a number): an empty cell reads as no letters."""
    if value is None:
        return CellLetters("")
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return CellLetters("")
    if len(text) > 40:
        return None
    # A sheet repeats the same few spellings thousands of times: each is read once.
    return _read_text(text)


# The meaning offered first for a letter of another scheme; the person importing confirms it.
GUESSED_MEANINGS = {
    "S": "R",  # RASCI's Support: helps do the work
    "X": "R",  # a mark in the cell: does the work
    "✓": "R",
    "✔": "R",
    "YES": "R",
    "SUPPORT": "R",
    "SUPPORTS": "R",
    "LEAD": "A",
    "OWNER": "A",
    "V": "C",  # Verify: asked before the result is accepted
    "VERIFY": "C",
    "SIGN": "A",
    "SIGNS": "A",
}
