"""Bulk inserts for imports: rows streamed to the database without building model instances.

`QuerySet.bulk_create` builds a model instance per row and compiles every value into long multi-row
statements; on an import of tens of thousands of rows that compiling costs several times the database's own
work. `rows_insert` takes plain dicts instead. On PostgreSQL the rows go through COPY (psycopg's C code turns
them into the copy stream; an upsert copies them into a temporary table and moves them with one
INSERT … SELECT … ON CONFLICT); elsewhere one statement is prepared once and run by the driver's `executemany`.
Values are prepared by their fields as `bulk_create` would (JSON, dates, foreign keys), missing ones get the
field's default, and auto_now / auto_now_add timestamps are filled in. Like `bulk_create` it sends no signals
and calls no `save()`.
"""

from collections.abc import Sequence

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.utils import timezone

# Fields whose Python values (str, int, bool, None) every driver takes as they are: no preparing needed.
PLAIN_FIELD_TYPES = frozenset({
    "CharField", "TextField", "SlugField", "BooleanField", "IntegerField", "SmallIntegerField", "BigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "AutoField", "BigAutoField",
    "SmallAutoField",
})


def rows_insert(
    model: type[models.Model],
    rows: Sequence[dict],
    *,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
) -> None:
    """Insert `rows` (dicts keyed by attname: `owner_id`, not `owner`; every row with the same keys).

    With `unique_fields`, a row that collides with an existing one on them updates its `update_fields` instead
    (ON CONFLICT … DO UPDATE, as `bulk_create(update_conflicts=True)`). A refused row raises the database's
    IntegrityError or DataError and, inside a savepoint, leaves nothing of the statement behind.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = rows[0].keys()
    # The database fills what it returns (an auto-increment key) or generates; the rest is sent.
    fields = [field for field in model._meta.concrete_fields
              if field.attname in given or not (field.db_returning or field.generated)]
    unknown = set(given) - {field.attname for field in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no column(s) {sorted(unknown)}")
    now = timezone.now()
    columns = []
    for field in fields:
        if field.attname in given:
            prepare = None if _is_plain(field) else field.get_db_prep_save
            columns.append((field.attname, prepare, None))
        else:
            value = now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) \
                else field.get_default()
            columns.append((None, None, field.get_db_prep_save(value, connection)))
    params = [
        [(row[name] if prepare is None else prepare(row[name], connection)) if name else constant
         for name, prepare, constant in columns]
        for row in rows
    ]
    quote = connection.ops.quote_name
    table, column_list = quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    on_conflict = ""
    if unique_fields:
        on_conflict = " " + connection.ops.on_conflict_suffix_sql(
            fields, OnConflict.UPDATE, [model._meta.get_field(name).column for name in update_fields],
            [model._meta.get_field(name).column for name in unique_fields])
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"INSERT INTO {table} ({column_list}) "
                               f"VALUES ({', '.join(['%s'] * len(fields))}){on_conflict}", params)
        elif not on_conflict:
            _copy(connection, cursor, f"COPY {table} ({column_list}) FROM STDIN", params)
        else:
            # Only the columns' types, no constraints: the rows meet those on their way into the real table.
            staging = quote(f"rows_insert_{model._meta.db_table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
                           f"SELECT {column_list} FROM {table} WITH NO DATA")
            _copy(connection, cursor, f"COPY {staging} ({column_list}) FROM STDIN", params)
            cursor.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {staging}{on_conflict}")
            cursor.execute(f"DROP TABLE {staging}")


def _copy(connection, cursor, statement: str, rows: list[list]) -> None:
    """COPY is psycopg's own API, outside Django's cursor wrapper: its errors are turned into Django's here, so
    a refused row raises IntegrityError or DataError like any statement."""
    with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _is_plain(field: models.Field) -> bool:
    """A foreign key holds its target's values (an integer key, mostly)."""
    return field.get_internal_type() in PLAIN_FIELD_TYPES or (field.is_relation and _is_plain(field.target_field))
