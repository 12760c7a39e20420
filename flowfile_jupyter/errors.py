"""Exceptions raised by calls on a Flow, and the one-line error text a person reads.

Data-dependent problems (a missing column, a bad expression, a missing file) never raise: they
become node errors in ``Flow.errors``. These exceptions are for calls whose arguments are wrong.
"""

from __future__ import annotations

from polars.exceptions import PanicException

# What evaluating a node may raise: Python exceptions, and Polars' Rust panics, which derive from
# BaseException. Never KeyboardInterrupt or SystemExit.
NODE_FAILURES: tuple[type[BaseException], ...] = (Exception, PanicException)


class FlowError(ValueError):
    """A call on a Flow was refused; the flow is unchanged."""


class UnknownNodeTypeError(FlowError):
    """The node type name is not in the catalog."""


class SettingsError(FlowError):
    """Node settings failed validation; the message names the field.

    ``fields`` maps each refused field's path (``aggs.2.column``; "" for the settings as a
    whole) to its problem, so a form can show each message under its field.
    """

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class GraphError(FlowError):
    """An edit would break the graph (unknown node, cycle, bad port)."""


class NodeError(Exception):
    """A problem with one node's settings against its data; becomes a node error, never escapes.

    ``node_id`` names the node when the error comes from a walk over several nodes.
    """

    def __init__(self, message: str, node_id: str | None = None) -> None:
        super().__init__(message)
        self.node_id = node_id


class NotPortableError(FlowError):
    """A node (or a flow) cannot run on an engine other than Polars with Polars' result.

    ``nodes`` maps each node at fault to the reason, for a flow-level refusal.
    """

    def __init__(self, message: str, nodes: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.nodes = dict(nodes or {})


class FlowFileError(FlowError):
    """A flow file is unreadable, corrupt, of an unknown version, or not trusted."""


def first_line(exc: BaseException) -> str:
    """The part of an exception message a person needs (Polars appends the whole plan)."""
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"file not found: {exc.filename}"
    message = str(exc).split("\n\nResolved plan until failure")[0]
    for tail in (
        "\n\nThis error occurred with",
        "\n\nThis error occurred in the following expression",
        "\n\nIt's possible that multiple expressions",
    ):
        message = message.split(tail)[0]
    message = message.strip()
    if "(os error 2)" in message:
        message = "file not found: " + message.split("(os error 2):")[-1].strip()
    return message or type(exc).__name__
