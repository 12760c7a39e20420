"""Other engines: the same flow on DuckDB, Spark and SQLFrame through Narwhals.

``engines`` says how each engine is reached, ``portable`` which nodes can go and why not,
``program`` writes the Narwhals program, ``run`` runs a flow there and hands back Polars frames.
"""
