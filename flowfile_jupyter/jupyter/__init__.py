"""The notebook face: the widget protocol, the canvas widget, the ``%flowfile`` magic and
autosave. Nothing outside this package imports it (``Flow.canvas`` imports it when called).
"""
