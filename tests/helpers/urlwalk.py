"""Every URL pattern of the project, walked from the root URLconf, with a concrete path for
each (its kwargs filled in) so that tests can request every page and API endpoint, including
the ones added after these tests were written."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Url:
    template: str  # "/api/engagements/{engagement_pk}/roles/{pk}/"
    kwargs: tuple[str, ...]
    pattern: URLPattern

    @property
    def name(self) -> str:
        return self.pattern.name or self.pattern.lookup_str

    def fill(self, values: dict) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.template)

    def methods(self) -> set[str] | None:
        """The HTTP methods the view answers (None for a plain function view)."""
        callback = self.pattern.callback
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view_class is None:
            return None
        allowed = set(view_class.http_method_names) - {"options", "head", "trace"}
        if getattr(callback, "actions", None):  # a DRF viewset route
            return {method.upper() for method in callback.actions if method in allowed}
        return {method.upper() for method in allowed if hasattr(view_class, method)}


def _template(piece: str) -> str:
    if piece.startswith("^") or piece.endswith("$") or "(?P<" in piece:
        piece = _REGEX_PARAM.sub(lambda m: "{" + m.group("name") + "}", piece)
        return piece.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\", "")
    return _ROUTE_PARAM.sub(lambda m: "{" + m.group("name") + "}", piece)


def _walk(patterns, prefix: str):
    for entry in patterns:
        piece = _template(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece)
        else:
            template = "/" + prefix + piece
            yield Url(template, tuple(re.findall(r"\{(\w+)\}", template)), entry)


def all_urls() -> list[Url]:
    return list(_walk(get_resolver().url_patterns, ""))
