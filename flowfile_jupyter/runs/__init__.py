"""Everything asynchronous: the runner a Flow owns, development mode (develop), performance
mode (perform), the worker thread and run handles, the run log, and previews; and the work over
a node's whole result (inspect: profile, page, joins, export; whole) and the rows each node's
result had (counts).
"""
