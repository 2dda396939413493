"""Database triggers for the rules a CHECK constraint cannot express: a cell, a coverage
entry, a backup role, a tool administrator, a control owner and a comment must all belong to
the same engagement as the row or role they point at. Written for SQLite and PostgreSQL."""

from django.db import migrations

# (trigger name, table, condition over NEW that means "crosses engagements", message)
RULES = [
    (
        "assignment_same_engagement",
        "engagements_assignment",
        "(SELECT engagement_id FROM engagements_role WHERE id = NEW.role_id)"
        " <> (SELECT engagement_id FROM engagements_matrixrow WHERE id = NEW.row_id)",
        "the role of a cell must belong to the same engagement as its row",
    ),
    (
        "coverage_same_engagement",
        "engagements_coverage",
        "(SELECT engagement_id FROM engagements_role WHERE id = NEW.role_id)"
        " <> (SELECT engagement_id FROM engagements_matrixrow WHERE id = NEW.row_id)",
        "a coverage role must belong to the same engagement as its row",
    ),
    (
        "role_backup_same_engagement",
        "engagements_role",
        "NEW.absence_backup_id IS NOT NULL AND"
        " (SELECT engagement_id FROM engagements_role WHERE id = NEW.absence_backup_id)"
        " <> NEW.engagement_id",
        "an absence backup role must belong to the same engagement",
    ),
    (
        "tool_admin_same_engagement",
        "engagements_tool",
        "NEW.administered_by_id IS NOT NULL AND"
        " (SELECT engagement_id FROM engagements_role WHERE id = NEW.administered_by_id)"
        " <> NEW.engagement_id",
        "the administering role of a tool must belong to the same engagement",
    ),
    (
        "control_role_same_engagement",
        "engagements_controlresponsibility",
        "NEW.responsible_role_id IS NOT NULL AND"
        " (SELECT engagement_id FROM engagements_role WHERE id = NEW.responsible_role_id)"
        " <> NEW.engagement_id",
        "the responsible role of a control must belong to the same engagement",
    ),
    (
        "control_rows_same_engagement",
        "engagements_controlresponsibility_implementing_rows",
        "(SELECT engagement_id FROM engagements_matrixrow WHERE id = NEW.matrixrow_id)"
        " <> (SELECT engagement_id FROM engagements_controlresponsibility"
        " WHERE id = NEW.controlresponsibility_id)",
        "an implementing activity of a control must belong to the same engagement",
    ),
    (
        "comment_row_same_engagement",
        "engagements_comment",
        "NEW.row_id IS NOT NULL AND"
        " (SELECT engagement_id FROM engagements_matrixrow WHERE id = NEW.row_id)"
        " <> NEW.engagement_id",
        "the activity of a comment must belong to the same engagement",
    ),
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, condition, message in RULES:
        assert "'" not in message
        if vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
                    f"FOR EACH ROW WHEN {condition} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
                f"BEGIN IF {condition} THEN "
                f"RAISE EXCEPTION '{message}' USING ERRCODE = '23514'; "
                f"END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();"
            )
        else:  # pragma: no cover - other databases rely on the services' checks
            return


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, _condition, _message in RULES:
        if vendor == "sqlite":
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
