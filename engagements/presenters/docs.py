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
