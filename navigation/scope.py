"""A report's patents, found once and then named by their ids in each aggregate query.

Used when the field's filter is costly (keywords: a scan of titles and abstracts; applicants: a scan of names):
a report runs a dozen GROUP BY queries over the same patents, so the filter runs once, and every aggregate query
then takes the ids as ONE parameter: a PostgreSQL array (`= ANY(…)`, hashed) or, on SQLite, a JSON array
(`IN (SELECT value FROM json_each(…))`). One parameter, so no limit on how many ids a field has (SQLite refuses
statements of more than 32,766 parameters, which `__in=[…]` would make). Fields given by indexed columns alone
(codes, region, years) do without: see selectors.navigation_report.
"""

import json

from django.db.models import BooleanField, F, Func


class InIds(Func):
    """`column IN (the ids)`, usable in filter() as a condition."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: list[int]):
        super().__init__(F(column))
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s::bigint[])", [*params, self.ids]
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]
