"""The workbook import: what a client uploads and what it gets back. (A workbook that cannot
be imported is a WorkbookErrorResponse, in serializers/errors.py.)"""

from rest_framework import serializers


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The edited .xlsx workbook (at most 10 MB).")
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Check the workbook and list the changes without saving anything.",
    )
    from_other = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The workbook was exported from another engagement or revision and its "
        "matrix is copied into this one on purpose; refused without it.",
    )


class ChangeSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    cell = serializers.CharField(help_text="Empty for a tool removed from the Tools sheet.")
    subject = serializers.CharField(help_text='e.g. "Patch servers / MSP NOC" or a tool name.')
    field = serializers.CharField(help_text='e.g. "letters", "covered by", "added", "removed".')
    before = serializers.CharField()
    after = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField(help_text="True when the changes were saved.")
    change_count = serializers.IntegerField()
    changes = ChangeSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField(help_text="The matrix version (ETag counter) after.")
