"""MkDocs hook over the automatic navigation (there is no `nav:` list, so a new page needs no
edit of mkdocs.yml):

- a section is named by its index page's first "# " heading ("API", "Client IT managers"),
  not by its folder name ("Api");
- the top-level sections come in the order a newcomer looks for them, by reader; a folder
  not listed here follows them, alphabetically.
"""

import re
from pathlib import Path

READERS = [
    "account-managers",
    "client-it-managers",
    "service-desk",
    "api",
    "operations",
    "developers",
]

_H1 = re.compile(r"^# (.+?)\s*(\{.*\})?\s*$", re.MULTILINE)


def _index(section):
    for child in section.children:
        if child.is_page and child.file.name == "index":
            return child
    return None


def _rename(items) -> None:
    for item in items:
        if item.is_section:
            index = _index(item)
            if index is not None:
                match = _H1.search(Path(index.file.abs_src_path).read_text(encoding="utf-8"))
                item.title = match.group(1) if match else item.title
            _rename(item.children)


def _folder(item) -> str:
    index = _index(item) if item.is_section else None
    return Path(index.file.src_uri).parts[0] if index is not None else ""


def _place(item) -> tuple[int, int, str]:
    if not item.is_section:
        return (0, 0, "")  # the home page first
    folder = _folder(item)
    rank = READERS.index(folder) if folder in READERS else len(READERS)
    return (1, rank, folder)


def on_nav(nav, config, files):
    _rename(nav.items)
    nav.items.sort(key=_place)
    return nav
