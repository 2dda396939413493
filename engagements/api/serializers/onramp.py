"""Someone else's RACI sheet over the API: what a client sends, and the proposal and preview
it gets back (as plain JSON: the mapping it may send back changed)."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import ServiceModel
from engagements.models.letters import display_letters


@extend_schema_field(OpenApiTypes.OBJECT)
class MappingField(serializers.Field):
    """A JSON object, sent as a multipart field's text (or as an object in JSON)."""

    default_error_messages = {"invalid": "The mapping must be a JSON object."}

    def to_internal_value(self, data):
        if isinstance(data, str):
            if not data.strip():
                return None
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class FromSheetRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The RACI sheet: .xlsx or .csv, at most 10 MB.")
    client = strict.IntegerField(
        required=False, help_text="The client the new draft is for (not needed with engagement)."
    )
    engagement = strict.IntegerField(
        required=False, help_text="A draft to fill from the sheet instead of a new draft."
    )
    mapping = MappingField(
        required=False,
        allow_null=True,
        help_text="The mapping the proposal answered, changed where it guessed wrong.",
    )
    confirm = strict.BooleanField(
        required=False, default=False, help_text="Create the draft (or fill it); else preview."
    )
    title = strict.CharField(required=False, allow_blank=True, max_length=200)
    service_model = strict.ChoiceField(
        choices=ServiceModel.choices, required=False, allow_blank=True
    )
    use_saved_mapping = strict.BooleanField(required=False, default=True)

    def validate(self, attrs):
        if not attrs.get("client") and not attrs.get("engagement"):
            raise serializers.ValidationError({"client": "Name the client (or a draft to fill)."})
        return attrs


def preview_payload(preview) -> dict:
    """The proposal, the matrix it makes and its findings, as the API answers them."""
    proposal = preview.proposal
    layout = proposal.layout
    data = preview.data
    matrix = None
    if data is not None:
        names = {role.id: role.name for role in data.roles}
        matrix = {
            "roles": [{"name": role.name, "side": role.side} for role in data.roles],
            "rows": [
                {
                    "activity": row.activity.name,
                    "domain": row.activity.domain.name,
                    "new": (row.activity.id or 0) < 0,
                    "cells": {
                        names[role_id]: display_letters(letters)
                        for role_id, letters in data.row_cells(row).items()
                    },
                }
                for row in data.rows
            ],
        }
    return {
        "sheet": proposal.sheet,
        "sheets": proposal.sheets,
        "header_row": layout.header_row,
        "activity_column": proposal.mapping()["activity_column"],
        "saved_mapping_used": preview.saved_mapping,
        "mapping": preview.mapping,
        "columns": [
            {
                "column": column.column,
                "title": column.title,
                "skip": column.skip,
                "role": column.role,
                "side": column.side,
                "side_guessed_from": column.side_reason,
                "existing": column.existing,
                "letters_found": column.detected,
            }
            for column in proposal.columns
        ],
        "rows": [
            {
                "row": row.number,
                "text": row.text,
                "section": row.section,
                "skip": row.skip,
                "new": row.new,
                "activity": row.activity,
                "activity_name": row.activity_name,
                "domain": row.domain,
                "score": row.score,
                "ambiguous": row.ambiguous,
                "weak": row.weak,
                "note": row.note,
                "candidates": [
                    {"activity": c.code, "name": c.name, "score": c.score} for c in row.candidates
                ],
                "letters": {name: display_letters(v) for name, v in row.letters.items()},
            }
            for row in proposal.rows
        ],
        "sections": [
            {"row": s.number, "text": s.text, "domain": s.domain} for s in proposal.sections
        ],
        "letters": [
            {
                "letter": u.token,
                "meaning": display_letters(u.meaning),
                "guessed": u.guessed,
                "count": u.count,
                "first_cell": u.first_cell,
            }
            for u in proposal.letters
        ],
        "creates": {
            "roles": preview.new_role_names,
            "activities": [
                {"name": row.activity_name, "domain": row.domain} for row in proposal.new_activities
            ],
        },
        "matrix": matrix,
        "findings": [
            {
                "severity": f.severity,
                "code": f.code,
                "message": f.message,
                "activity": f.activity,
                "role": f.role,
            }
            for f in preview.findings
        ],
        "errors": [
            {"sheet": p.sheet, "cell": p.cell, "message": p.message} for p in preview.problems
        ],
    }
