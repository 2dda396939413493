"""The filter backend of every API list."""

from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, except that an empty value for a filter that is not text
    (`?engagement=`, `?in_scope=`, `?side=`) is a 400 naming it, as the schema says (an
    integer, a boolean or a choice is never ""), instead of being read as no filter."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = {
                name: ["Must not be empty: leave the parameter out to not filter by it."]
                for name, declared in filterset_class.base_filters.items()
                if request.query_params.get(name) == ""
                and not isinstance(declared, filters.CharFilter)
            }
            if empty:
                raise ValidationError(empty)
        return super().filter_queryset(request, queryset, view)
