"""The workbook import: what a client uploads and what it gets back. (A workbook that cannot
be imported is a WorkbookErrorResponse, in serializers/errors.py.)"""

from rest_framework import serializers

from engagements.api.serializers import strict


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The edited .xlsx workbook (at most 10 MB).")
    dry_run = strict.BooleanField(
        required=False,
        default=False,
        help_text="Check the workbook and list the changes without saving anything.",
    )
    from_other = strict.BooleanField(
        required=False,
        default=False,
        help_text="The workbook was exported from another engagement or revision and its "
        "matrix is copied into this one on purpose; refused without it.",
    )


class ChangeSerializer(serializers.Serializer):
    sheet = strict.CharField()
    cell = strict.CharField(help_text="Empty for a tool removed from the Tools sheet.")
    subject = strict.CharField(help_text='e.g. "Patch servers / MSP NOC" or a tool name.')
    field = strict.CharField(help_text='e.g. "letters", "covered by", "added", "removed".')
    before = strict.CharField()
    after = strict.CharField()


class ImportResultSerializer(serializers.Serializer):
    dry_run = strict.BooleanField()
    applied = strict.BooleanField(help_text="True when the changes were saved.")
    change_count = strict.IntegerField()
    changes = ChangeSerializer(many=True)
    warnings = serializers.ListField(child=strict.CharField())
    version = strict.IntegerField(help_text="The matrix version (ETag counter) after.")
