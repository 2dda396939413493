"""The error shapes, for the schema: what `errors.exception_handler` answers."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from engagements.api.serializers import strict


@extend_schema_serializer(component_name="ErrorResponse")
class ErrorSerializer(serializers.Serializer):
    detail = strict.CharField(help_text="What went wrong, in words for a person.")


@extend_schema_serializer(component_name="StaleVersionResponse")
class StaleErrorSerializer(serializers.Serializer):
    detail = strict.CharField()
    current_version = strict.IntegerField(
        help_text="The matrix version now stored; GET the matrix for its ETag."
    )


class ProblemSerializer(serializers.Serializer):
    sheet = strict.CharField(help_text='e.g. "RACI matrix"; empty for the whole file.')
    cell = strict.CharField(help_text='e.g. "F12"; empty when no one cell is at fault.')
    message = strict.CharField()


@extend_schema_serializer(component_name="WorkbookErrorResponse")
class WorkbookErrorSerializer(serializers.Serializer):
    detail = strict.CharField()
    errors = ProblemSerializer(many=True)
