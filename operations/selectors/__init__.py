"""The dashboard's figures, each computed by the database from the records themselves (GROUP BY week or month,
COUNT, SUM): nothing is counted as it happens, so no figure can drift from the data it describes."""
