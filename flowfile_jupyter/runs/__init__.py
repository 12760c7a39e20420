"""Everything asynchronous: the runner a Flow owns, development mode (develop), performance
mode (perform), the worker thread and run handles, the run log, and previews.
"""
