"""MkDocs hook: a section of the automatic navigation is named by its index page's first
"# " heading ("API", "Client IT managers"), not by its folder name ("Api")."""

import re
from pathlib import Path

_H1 = re.compile(r"^# (.+?)\s*(\{.*\})?\s*$", re.MULTILINE)


def _index_title(section) -> str | None:
    for child in section.children:
        if child.is_page and child.file.name == "index":
            match = _H1.search(Path(child.file.abs_src_path).read_text(encoding="utf-8"))
            return match.group(1) if match else None
    return None


def _rename(items) -> None:
    for item in items:
        if item.is_section:
            item.title = _index_title(item) or item.title
            _rename(item.children)


def on_nav(nav, config, files):
    _rename(nav.items)
    return nav
