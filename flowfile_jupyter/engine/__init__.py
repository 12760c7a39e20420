"""The engine: pure and synchronous. Turning nodes into Polars plans (evaluate), predicting
their schemas (predict, state) and what each node changes in them (changes), and the
content-addressed cache of results (keys, cache).

Nothing here starts a thread or waits on one; ``runs`` builds on it.
"""
