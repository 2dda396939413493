"""?ordering= for the viewsets: only the names a view offers, never a raw model path."""

from rest_framework import filters


class OrderingFilter(filters.OrderingFilter):
    """?ordering=name,-created_at over the names a view offers (`ordering_aliases` maps a
    public name to a model path); the id breaks ties so pages never overlap. Without it,
    the view's own order stands."""

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in getattr(view, "ordering_aliases", {})]

    def get_ordering(self, request, queryset, view):
        aliases = getattr(view, "ordering_aliases", {})
        ordering = []
        for term in super().get_ordering(request, queryset, view) or []:
            descending, name = term.startswith("-"), term.lstrip("-")
            ordering.append(("-" if descending else "") + aliases.get(name, name))
        return [*ordering, "pk"] if ordering else None

    def get_schema_operation_parameters(self, view):
        names = list(getattr(view, "ordering_aliases", {}))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sort by one or more of: "
                + ", ".join(names)
                + ' (comma-separated; prefix "-" for descending).',
                "schema": {"type": "string"},
            }
        ]
