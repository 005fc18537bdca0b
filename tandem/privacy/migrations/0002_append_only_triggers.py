"""The database itself refuses to change audit and disclosure rows.

PostgreSQL: UPDATE and DELETE both raise (TRUNCATE, used only to reset test databases, is a
separate privilege that the application's role should not hold in production).
SQLite: UPDATE raises. DELETE stays possible because Django's test flush empties tables with
DELETE; the application itself refuses deletes (AppendOnlyModel).
"""

from django.db import migrations

TABLES = ("privacy_accessevent", "privacy_exceptiondisclosure")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION tandem_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Tandem: % rows are append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # No parameters: the % signs belong to PL/pgSQL's RAISE, not to the driver.
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION tandem_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'Tandem: {table} rows are append-only'); END;"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tandem_append_only();")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
