"""Links from the pages into the documentation site (DOCS_URL): each finding to the section
that explains it and says how to fix it."""

from django.conf import settings

# The page of the site that explains every finding code (docs/account-managers/findings.md).
FINDINGS_PAGE = "account-managers/findings/"


def docs_url(page: str = "", anchor: str = "") -> str:
    """A page of the documentation site (a folder path as MkDocs writes it), and a section."""
    url = f"{settings.DOCS_URL.rstrip('/')}/{page}"
    return f"{url}#{anchor}" if anchor else url


def finding_anchor(code: str) -> str:
    """A finding code's section id in the findings page: the code in lower case."""
    return code.lower()


def finding_docs_url(code: str) -> str:
    return docs_url(FINDINGS_PAGE, finding_anchor(code))


# Each page (by URL name) and the section of the documentation that explains it. A page not
# listed gets the documentation's home.
PAGE_HELP = {
    "home": ("account-managers/building-an-engagement/", "portfolio"),
    "engagement_new": ("account-managers/building-an-engagement/", "new-engagement"),
    "engagement_matrix": ("account-managers/grid/", ""),
    "engagement_row": ("account-managers/building-an-engagement/", "activity"),
    "engagement_compliance": ("account-managers/compliance/", "the-compliance-tab"),
    "engagement_history": ("account-managers/revisions/", "comparing-revisions"),
    "engagement_diff": ("account-managers/revisions/", "comparing-revisions"),
    "engagement_audit": ("account-managers/revisions/", "the-audit-trail"),
    "engagement_review": ("client-it-managers/review/", ""),
    "engagement_import": ("account-managers/workbook-and-exhibit/", "importing-an-edited-workbook"),
    "engagement_verify": ("account-managers/workbook-and-exhibit/", "verifying-a-copy"),
    "sheet_upload": ("account-managers/import-your-own-sheet/", "where-to-start"),
    "engagement_sheet_upload": ("account-managers/import-your-own-sheet/", "where-to-start"),
    "sheet_mapping": ("account-managers/import-your-own-sheet/", "the-four-steps"),
    "sheet_preview": ("account-managers/import-your-own-sheet/", "the-four-steps"),
    "client_assessment": ("account-managers/choosing-a-model/", "the-questionnaire"),
    "client_recommendation": ("account-managers/choosing-a-model/", "the-recommendation-page"),
    "engagement_transition": ("account-managers/building-an-engagement/", "choosing-a-model"),
    "client_people": ("account-managers/people-holidays-and-targets/", ""),
    "client_person": ("account-managers/people-holidays-and-targets/", "people"),
    "client_on_call": ("service-desk/who-covers-now/", "the-page"),
    "invitation_accept": ("account-managers/people-holidays-and-targets/", "access-invitations"),
}


def page_help_url(url_name: str | None) -> str:
    """The documentation's section on the page with this URL name."""
    page, anchor = PAGE_HELP.get(url_name or "", ("", ""))
    return docs_url(page, anchor)
