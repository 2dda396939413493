"""The documentation site (`make docs` builds docs/ into site/), served by the app itself at
DOCS_URL when that is a path, so the pages' help links work without network access.

WhiteNoise serves it as it serves static files, before the rest of the middleware: the site's
own scripts (search, navigation) are not held to the app's Content-Security-Policy, which
only concerns the app's pages.
"""

from django.conf import settings as django_settings
from django.http import HttpResponseNotFound
from whitenoise.middleware import WhiteNoiseMiddleware


def served_prefix(settings=django_settings) -> str:
    """The path the app serves the site at ("/docs/"), or "" when DOCS_URL points elsewhere."""
    url = settings.DOCS_URL
    if not url.startswith("/") or url.startswith("//"):
        return ""
    return url if url.endswith("/") else f"{url}/"


class WhiteNoiseWithDocs(WhiteNoiseMiddleware):
    """Static files, and the built documentation site at DOCS_URL."""

    def __init__(self, get_response=None, settings=django_settings):
        super().__init__(get_response, settings=settings)
        self.docs_prefix = served_prefix(settings)
        self.docs_root = settings.DOCS_ROOT
        if self.docs_prefix and self.docs_root.is_dir():
            self.add_files(str(self.docs_root), prefix=self.docs_prefix)

    def __call__(self, request):
        response = super().__call__(request)
        if (
            response.status_code == 404
            and self.docs_prefix
            and request.path_info.startswith(self.docs_prefix)
            and not (self.docs_root / "index.html").is_file()
        ):
            return HttpResponseNotFound(
                "The documentation site is not built: run `make docs` (it needs the development "
                "requirements), or set DOCS_URL to where it is published.\n",
                content_type="text/plain; charset=utf-8",
            )
        return response
