"""TPC-H as flows: data from tpchgen-cli, the 22 queries written twice (hand-written Polars and
flows built from nodes only), shared by tests/tpch/ and the benchmark in run.py."""
