"""The exhibit as a PDF: the same pages as the exhibit workbook, drawn by WeasyPrint.

The facts come from the workbook itself: it is built in memory (`xlsx.build_workbook`, a
fixed number of queries) and each printed sheet, in the workbook's order, becomes a section
of the PDF with the cells of its print area and hidden columns left out. So the PDF says
exactly what the workbook says (cover, matrix, coverage, escalation, tools, compliance, and
the appendices), and a sheet added to the workbook appears here with no change here.

Paper is A4 or Letter landscape by the client's country (`xlsx.pages.paper_for`). Every page
carries a running header (client, engagement, revision, status) and footer (short
fingerprint, export date, page X of Y) from CSS margin boxes. No text is under 8 pt: a sheet
wider than a page is split into groups of columns, each repeating the sheet's key columns
(activity and code on the matrix), instead of being shrunk. Coverage and Escalation print
compact (keyed by code, empty columns left out): see `sheets.COMPACT`. The tables' HTML is
written by `markup` with plain selectors, for speed on a thousand-row engagement.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engagements.analysis.fingerprint import short
from engagements.exports.pdf.markup import Looks, sections_html
from engagements.exports.pdf.sheets import printed_sections
from engagements.exports.xlsx import build_context, build_workbook
from engagements.exports.xlsx.cover import exhibit_title
from engagements.exports.xlsx.pages import paper_for, status_word
from engagements.models import Engagement

MEDIA_TYPE = "application/pdf"

__all__ = ["MEDIA_TYPE", "exhibit_filename", "exhibit_html", "exhibit_pdf"]


def exhibit_filename(engagement: Engagement) -> str:
    return f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}-exhibit.pdf"


def exhibit_html(engagement: Engagement) -> str:
    """The exhibit as one HTML document laid out for print."""
    context = build_context(engagement)
    workbook = build_workbook(engagement, context=context)
    exhibit = context.exhibit
    looks = Looks()
    sections = sections_html(printed_sections(workbook), looks)
    return render_to_string(
        "exports/exhibit.html",
        {
            "engagement": engagement,
            "title": exhibit_title(context),
            "client_name": engagement.client.name,
            "running_header": _css_string(f"{engagement.client.name} — {engagement.title}"),
            "running_status": _css_string(
                f"Revision {engagement.revision} · {status_word(engagement)}"
            ),
            "running_footer": _css_string(
                f"Fingerprint {short(exhibit.fingerprint)} · exported {context.exported_on}"
            ),
            "status": status_word(engagement),
            "paper": paper_for(engagement.client),
            "fingerprint": exhibit.fingerprint,
            "short_fingerprint": short(exhibit.fingerprint),
            "exported_on": context.exported_on,
            "exported_at": context.exported_at,
            "sections": sections,
            "looks": looks.stylesheet(),
        },
    )


def _css_string(text: str) -> str:
    """Text as a quoted CSS string, safe inside the page's <style> element: quotes,
    backslashes, line breaks and "<" are escaped as CSS reads them."""
    escaped = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 32:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return mark_safe('"' + "".join(escaped) + '"')


def exhibit_pdf(engagement: Engagement) -> bytes:
    """The exhibit PDF's bytes. WeasyPrint is imported here so the rest of the app (and
    its tests) run where Pango is missing."""
    from weasyprint import HTML

    html = exhibit_html(engagement)
    return HTML(string=html).write_pdf()
