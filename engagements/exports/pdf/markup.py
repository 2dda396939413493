"""The sections' tables as HTML, written here rather than by the template language: a
1,000 x 20 exhibit has some 50,000 cells, and what WeasyPrint spends on each one is what
decides how long the PDF takes.

So each cell is one plain <td> with at most one class. The cells' looks (bold, a fill, a
colour) come from the workbook; each distinct look becomes one class in the page's style
sheet (a few dozen for any engagement) instead of a style attribute per cell, which
WeasyPrint would parse cell by cell. Selectors are single classes or element names: no
descendant or sibling selectors for the cascade to walk up the tree for every cell."""

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from engagements.exports.pdf.sheets import Cell, Section


@dataclass
class Looks:
    """Each distinct cell style, named once: `k1`, `k2`, ..."""

    names: dict[str, str] = field(default_factory=dict)

    def name(self, css: str) -> str:
        if not css:
            return ""
        if css not in self.names:
            self.names[css] = f"k{len(self.names) + 1}"
        return self.names[css]

    def stylesheet(self) -> SafeString:
        # The declarations come from the workbook's own fonts and fills (sheets._css):
        # property names and hex colours only, never text a user typed.
        return mark_safe("\n".join(f"  .{name} {{ {css} }}" for css, name in self.names.items()))


def _cell(cell: Cell, looks: Looks, base: str) -> str:
    classes = " ".join(c for c in (base, looks.name(cell.css)) if c)
    attrs = f' class="{classes}"' if classes else ""
    if cell.span > 1:
        attrs += f' colspan="{cell.span}"'
    return f"<td{attrs}>{escape(cell.text, quote=False)}</td>"


def _rows(rows: list[list[Cell]], looks: Looks, base: str) -> str:
    return "\n".join(
        "<tr>" + "".join(_cell(cell, looks, base) for cell in row) + "</tr>" for row in rows
    )


def sections_html(sections: list[Section], looks: Looks) -> list[dict]:
    """Each section's headings, notes and its tables' HTML, for the template."""
    rendered = []
    for number, section in enumerate(sections):
        cover = number == 0
        base = "plain" if cover else ""
        tables = []
        for index, table in enumerate(section.tables):
            classes = ["cover" if cover else "sheet"]
            if index:
                classes.append("next")  # a further column group starts its own page
            cols = "".join(f'<col style="width:{width}%">' for width in table.widths)
            caption = (
                f"<caption>{escape(section.name)}: {escape(table.caption)}</caption>"
                if table.caption
                else ""
            )
            head = (
                f"<thead>{_rows(table.head, looks, base or 'head')}</thead>" if table.head else ""
            )
            tables.append(
                mark_safe(
                    f'<table class="{" ".join(classes)}"><colgroup>{cols}</colgroup>{caption}'
                    f"{head}<tbody>{_rows(table.body, looks, base)}</tbody></table>"
                )
            )
        rendered.append(
            {
                "name": section.name,
                "headings": section.headings,
                "notes": section.notes,
                "tables": tables,
                "cover": cover,
                "matrix": number == 1,
            }
        )
    return rendered
