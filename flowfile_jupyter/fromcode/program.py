"""Polars code -> nodes, read with ``ast`` and never run.

Statements are read in order. A variable bound to a frame names a node, so a variable read twice
is a fork. Each method chain is matched call by call against the node types' readings
(nodes/_reading.py); a proposal counts only when the proposed node renders the code that was
read. What no node reads becomes a ``polars_code`` node holding that code as written, with the
frames it reads as its inputs and the plain statements it needs (imports, helper functions,
constants) in front of it, so nothing the user wrote is dropped from what the flow computes.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import FlowError
from ..nodes import NodeType, Scope, Settings, catalog, get
from ..nodes._base import snake
from ..nodes._reading import Candidate, Match, Reading, Unmapped, name_of, signature
from .chain import PLACEHOLDER, canonical, link_text, rechain, split, substitute
from .names import in_numbered_order, number
from .settle import settle

DEFINED = "def"  # the pattern name of a call to a function defined in the code itself
_NO_OPS = {"lazy"}
_BUILTINS = set(dir(builtins)) | {"pl"}


@dataclass
class Draft:
    """A node read from code: inputs are node ids, settings are validated."""

    id: str
    type: str
    settings: Settings
    inputs: tuple[str, ...]
    label: str = ""
    variable: str = ""  # the generator's own name for it, when the code used one (names.py)


@dataclass
class Reader:
    """Reads statements into drafts; ``env`` maps variable names to node ids."""

    source: str
    name: str = "flow"
    env: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    drafts: list[Draft] = field(default_factory=list)
    setup: list[tuple[frozenset[str], ast.stmt]] = field(default_factory=list)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # x = notebook_variable
    # x = <code no node reads, over frames>: becomes part of the code node that uses x
    deferred: dict[str, ast.stmt] = field(default_factory=dict)
    order: dict[int, int] = field(default_factory=dict)  # statement id -> position
    used: set[str] = field(default_factory=set)  # deferred variables some code node took

    # -- statements ----------------------------------------------------------------------------

    def program(self) -> None:
        try:
            tree = ast.parse(self.source)
        except SyntaxError as exc:
            raise FlowError(
                f"the code has a syntax error on line {exc.lineno}: {exc.msg}"
            ) from None
        for k, stmt in enumerate(tree.body):
            self.order[id(stmt)] = k
            self.statement(stmt)
        for name, stmt in list(self.deferred.items()):
            if name not in self.used:  # computed but never used: still part of the code
                self.unmapped_statement(stmt, name)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Import | ast.ImportFrom) and _imports_polars_only(stmt):
            return
        if isinstance(stmt, ast.FunctionDef) and _code_function(stmt):
            self.functions[stmt.name] = stmt
            self.setup.append((frozenset({stmt.name}), stmt))
            return
        target, value = _assignment(stmt)
        if target is not None and isinstance(value, ast.Name) and self._free(value.id):
            self.aliases[target] = self.aliases.get(value.id, value.id)
            self.env.pop(target, None)
            return
        if value is not None and not _plain_call(stmt, self.functions):
            mark = len(self.drafts)
            nid = self.value(value, target)
            if nid is not None:
                if target is not None:
                    self._label(mark, nid, target)
                    sink = [d for d in self.drafts[mark:] if d.id == nid and get(d.type).sink]
                    # to_variable: the variable holds what the node collects
                    self.env[target] = sink[0].inputs[0] if sink else nid
                    self.deferred.pop(target, None)
                return
            self._rollback(mark)
        frames = set(self.env) | set(self.deferred)
        if not _names(stmt) & frames or isinstance(stmt, ast.FunctionDef | ast.ClassDef):
            self.setup.append((frozenset(_stored(stmt)), stmt))
            for name in _stored(stmt):
                self.env.pop(name, None)
            return
        if target is not None and isinstance(stmt, ast.Assign | ast.AnnAssign):
            self.env.pop(target, None)
            self.deferred[target] = stmt
            return
        self.unmapped_statement(stmt, target)

    def _free(self, name: str) -> bool:
        """A name the code reads but does not define: a notebook variable."""
        defined = set().union(*(d for d, _ in self.setup)) if self.setup else set()
        return name not in self.env and name not in defined and name not in _BUILTINS

    def value(self, value: ast.expr, target: str | None) -> str | None:
        """The node a frame expression ends at (None when it is no frame)."""
        base, links = split(value)
        collected = False
        if links and _bare(links[-1], "collect"):
            if target is not None and not self._is_result(target, base, links):
                return self.collected(base, links, target)
            links, target, collected = links[:-1], None, True
        if not links and isinstance(base, ast.Name) and not collected:
            return self.env.get(base.id)  # an alias names no new node
        return self.chain(base, links, target, collected)

    def collected(self, base: ast.expr, links: list[ast.Call], target: str) -> str | None:
        """``target = <chain>.collect()``: the chain's own result when ``target`` is the name
        code generation gives that node, else an output node (to_variable) when one reads it."""
        mark = len(self.drafts)
        nid = self.chain(base, links[:-1], None, True)
        if nid is None:
            return None
        if any(d.id == nid for d in self.drafts[mark:]) and self._default_name(nid, target):
            return nid
        got = self.match(nid, links, len(links) - 1, target)
        return got[0] if got is not None else nid

    def _default_name(self, nid: str, target: str) -> bool:
        draft = next(d for d in self.drafts if d.id == nid)
        return number(draft, target) is not None

    def _is_result(self, target: str, base: ast.expr, links: list[ast.Call]) -> bool:
        """Whether ``target = ....collect()`` is the program's result, not a to_variable."""
        if target == f"{snake(self.name) or 'flow'}_df":
            return True
        return (
            len(links) == 1
            and isinstance(base, ast.Name)
            and re.fullmatch(rf"{re.escape(base.id)}_df(_\d+)?", target) is not None
        )

    def _label(self, mark: int, nid: str, target: str) -> None:
        new = [d for d in self.drafts[mark:] if d.id == nid]
        if not new or target == f"{snake(self.name) or 'flow'}_df":
            return
        draft = new[0]
        if get(draft.type).sink is not None:
            return
        if self._default_name(nid, target):
            draft.variable = target
        else:
            draft.label = target

    # -- chains --------------------------------------------------------------------------------

    def chain(
        self, base: ast.expr, links: list[ast.Call], target: str | None, framed: bool = False
    ) -> str | None:
        """The node a chain ends at; ``framed``: the base is a frame even without calls (it
        was collected)."""
        start = self.base(base, links, framed)
        if start is None:
            return None
        cur, i = start
        alias = base.id if isinstance(base, ast.Name) else None
        pending: list[ast.Call] = []
        while i < len(links):
            link = links[i]
            name = name_of(link)
            last = i == len(links) - 1
            if (name in _NO_OPS and not link.args and not link.keywords) or (
                name == "collect" and not (last and target) and not link.args
            ):
                i += 1
                continue
            mark = len(self.drafts)
            got = self.match(cur, links, i, target, alias if i == 0 else None)
            if got is None:
                pending.append(link)
                i += 1
                continue
            if pending:  # the code node comes first: read the call again on top of it
                self._rollback(mark)
                cur, pending = self.code_links(cur, pending), []
                got = self.match(cur, links, i, target)
                if got is None:  # pragma: no cover - it matched on the other receiver
                    pending.append(link)
                    i += 1
                    continue
            cur, i = got
        if pending:
            cur = self.code_links(cur, pending)
        return cur

    def base(
        self, base: ast.expr, links: list[ast.Call], framed: bool = False
    ) -> tuple[str, int] | None:
        """The node a chain starts from and how many links it used."""
        if isinstance(base, ast.Name):
            if base.id in self.env:
                return self.env[base.id], 0
            if base.id in self.deferred:
                return self.code_node([], [base], f"output = {base.id}"), 0
            known = framed or (links and _frame_method(name_of(links[0])))
            if base.id in _BUILTINS or not known:
                return None
            nid = self.new_source("from_variable", {"name": self.aliases.get(base.id, base.id)})
            if base.id in self.aliases:
                self._label(len(self.drafts) - 1, nid, base.id)
            return nid, 0
        if isinstance(base, ast.Call):
            found = self.match(None, [base, *links], 0, None)
            if found is not None:
                return found[0], found[1] - 1
        if self.frames_in(base) and (links or isinstance(base, ast.Call)):
            return self.code_node([], [base], f"output = {self.text(base)}"), 0
        return None  # a dict, list, ... of frames: code that uses it takes it along

    def match(
        self,
        receiver: str | None,
        links: list[ast.Call],
        i: int,
        target: str | None,
        alias: str | None = None,
    ) -> tuple[str, int] | None:
        """The node read from ``links[i:]`` (a source when ``receiver`` is None); ``alias`` is
        the receiver's variable name when the code names it again in the arguments."""
        first = links[i]
        key = name_of(first)
        if receiver is None and isinstance(first.func, ast.Name) and key in self.functions:
            key = DEFINED
        for ntype, reading in _index().get(key, ()):
            k = len(reading.links)
            seg = links[i : i + k]
            names = tuple(
                DEFINED if j == 0 and key == DEFINED else name_of(c) for j, c in enumerate(seg)
            )
            if names != reading.links:
                continue
            end = i + k == len(links)
            if ntype.sink is not None and not end:
                continue
            m = Match(tuple(seg), self.source, target if end else None, self.functions)
            try:
                candidates = list(reading.read(m))
            except Unmapped:
                continue
            for candidate in candidates:
                nid = self.accept(ntype, reading, candidate, receiver, alias, seg)
                if nid is not None:
                    return nid, i + k
        return None

    def accept(
        self,
        ntype: NodeType[Any],
        reading: Reading,
        candidate: Candidate,
        receiver: str | None,
        alias: str | None,
        seg: list[ast.Call],
    ) -> str | None:
        try:
            settings = ntype.validate(candidate.settings)
        except Exception:
            return None
        mark = len(self.drafts)
        inputs = [] if receiver is None else [receiver]
        for expr in candidate.inputs:
            nid = self._frame(expr)
            if nid is None:
                self._rollback(mark)
                return None
            inputs.append(nid)
        if reading.verify:
            offset = 0 if receiver is None else 1
            ids = {id(e): j + offset for j, e in enumerate(candidate.inputs)}
            subst = substitute(seg, ids, alias if receiver is not None else None)
            if receiver is None:
                original = rechain(subst[0], subst[1:], reading.renames)
            else:
                start = ast.Name(PLACEHOLDER.format(0), ast.Load())
                original = rechain(start, subst, reading.renames)
            if not _renders(ntype, settings, len(inputs), original):
                self._rollback(mark)
                return None
        return self.add(ntype.name, settings, tuple(inputs))

    def _frame(self, expr: ast.expr) -> str | None:
        base, links = split(expr)
        return self.chain(base, links, None)

    # -- code nodes ----------------------------------------------------------------------------

    def code_links(self, receiver: str, calls: list[ast.Call]) -> str:
        """Calls no node reads, on ``receiver``: one code node."""
        body = "df" + "".join(link_text(self.source, c) for c in calls)
        return self.code_node([receiver], list(calls), f"output = {body}")

    def frames_in(self, *nodes: ast.AST) -> list[str]:
        """Frame variables the code reads (deferred code counts), in order of first use."""
        seen: dict[str, None] = {}
        for node in nodes:
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and (n.id in self.env or n.id in self.deferred):
                    seen[n.id] = None
        return list(seen)

    def code_node(self, inputs: list[str], used: list[ast.AST], last: str) -> str:
        """A code node over ``inputs`` (node ids) and the frame variables the ``used`` code
        names; deferred statements it names come along, with their own frames."""
        stmts: dict[int, ast.stmt] = {}
        todo = self.frames_in(*used)
        while todo:
            var = todo.pop()
            if var in self.deferred and id(self.deferred[var]) not in stmts:
                stmt = self.deferred[var]
                self.used.add(var)
                stmts[id(stmt)] = stmt
                todo.extend(self.frames_in(stmt))
        parts = [*used, *stmts.values()]
        inputs = list(inputs)
        lines = []
        for var in self.frames_in(*parts):
            if var not in self.env:
                continue  # deferred: its statement is in the code
            nid = self.env[var]
            if nid not in inputs:
                inputs.append(nid)
            lines.append(f"{var} = dfs[{inputs.index(nid)}]")
        for stmt in sorted(stmts.values(), key=lambda st: self.order.get(id(st), 0)):
            lines.append(self.text(stmt))
        lines.append(last)
        return self._add_code(inputs, lines, "\n".join(lines))

    def unmapped_statement(self, stmt: ast.stmt, target: str | None) -> None:
        """A statement no node reads: a code node that runs it (passing its first frame
        through when it assigns none)."""
        self.deferred.pop(target or "", None)
        frames = [f for f in self.frames_in(stmt) if f in self.env]
        if not frames and target is None:  # e.g. print(x): nothing flows through it
            self.setup.append((frozenset(), stmt))
            return
        text = self.text(stmt)
        result = target if target is not None else frames[0]
        nid = self.code_node([], [stmt], f"{text}\noutput = {result}")
        for name in _stored(stmt):
            self.env.pop(name, None)
        if target is not None:
            self.env[target] = nid

    def _add_code(self, inputs: list[str], lines: list[str], used: str) -> str:
        needed = self._setup_for(used + "\n" + "\n".join(lines))
        code = "\n".join([*needed, *lines])
        return self.add("polars_code", get("polars_code").validate({"code": code}), tuple(inputs))

    def _setup_for(self, text: str) -> list[str]:
        """The plain statements that code needs (what it names, and what those name)."""
        try:
            wanted = _names(ast.parse(text))
        except SyntaxError:
            wanted = set()
        chosen: list[int] = []
        for k in range(len(self.setup) - 1, -1, -1):
            defines, stmt = self.setup[k]
            if defines & wanted or (
                isinstance(stmt, ast.Import | ast.ImportFrom) and _names(stmt) & wanted
            ):
                chosen.append(k)
                wanted |= _names(stmt)
        return [self.text(self.setup[k][1]) for k in sorted(chosen)]

    # -- drafts --------------------------------------------------------------------------------

    def new_source(self, type_name: str, settings: Mapping[str, Any]) -> str:
        return self.add(type_name, get(type_name).validate(settings), ())

    def add(self, type_name: str, settings: Settings, inputs: tuple[str, ...]) -> str:
        used = self.taken | {d.id for d in self.drafts}
        k = 1
        while f"{type_name}_{k}" in used:
            k += 1
        nid = f"{type_name}_{k}"
        self.drafts.append(Draft(nid, type_name, settings, inputs))
        return nid

    def _rollback(self, mark: int) -> None:
        del self.drafts[mark:]

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)


def _renders(ntype: NodeType[Any], settings: Settings, n_inputs: int, original: ast.expr) -> bool:
    """Whether the node renders exactly the code that was read."""
    names = tuple(PLACEHOLDER.format(j) for j in range(n_inputs))
    try:
        code = ntype.code(settings, Scope(names, "node", {}))
        text = code.text
        if ntype.sink is not None:
            sink = ntype.sink(settings)
            text += sink.call
        rendered = ast.parse(text.strip(), mode="eval").body
    except Exception:
        return False
    return canonical(rendered) == canonical(original)


@cache
def _index() -> dict[str, list[tuple[NodeType[Any], Reading]]]:
    """Readings by the name of their first call; longer patterns first."""
    index: dict[str, list[tuple[NodeType[Any], Reading]]] = {}
    for ntype in catalog().values():
        for reading in ntype.readings:
            index.setdefault(reading.links[0], []).append((ntype, reading))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[1].links), -e[1].priority))
    return index


def _frame_method(name: str) -> bool:
    return name in _index() or signature(name) is not None


def _bare(call: ast.Call, name: str) -> bool:
    return name_of(call) == name and not call.args and not call.keywords


def _plain_call(stmt: ast.stmt, functions: Mapping[str, ast.FunctionDef]) -> bool:
    """``print(...)``, ``display(...)``: a call statement that starts no chain."""
    if not isinstance(stmt, ast.Expr):
        return False
    base, links = split(stmt.value)
    if links or not isinstance(base, ast.Call):
        return False
    name = name_of(base)
    return name not in _index() and name not in functions


def _imports_polars_only(stmt: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(stmt, ast.ImportFrom):
        return False
    return all(a.name == "polars" and a.asname in (None, "pl") for a in stmt.names)


def _code_function(stmt: ast.FunctionDef) -> bool:
    """The shape code generation gives a polars_code node: ``def f(df, dfs): ... return
    output.lazy()``."""
    args = [a.arg for a in stmt.args.args]
    last = stmt.body[-1] if stmt.body else None
    return (
        args == ["df", "dfs"]
        and isinstance(last, ast.Return)
        and last.value is not None
        and ast.unparse(last.value) == "output.lazy()"
    )


def _assignment(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """(target, value) of ``x = value`` / ``x: T = value``, (None, value) of an expression."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            return target.id, stmt.value
        return None, None
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
        return stmt.target.id, stmt.value
    if isinstance(stmt, ast.Expr):
        return None, stmt.value
    return None, None


def _names(node: ast.AST) -> set[str]:
    """Every name the code reads or defines (imports included)."""
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.alias):
            out.add((n.asname or n.name).split(".")[0])
        elif isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            out.add(n.name)
    return out


def _stored(stmt: ast.stmt) -> set[str]:
    """The names a top-level statement binds."""
    if isinstance(stmt, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
        return {stmt.name}
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    return {
        n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def read(
    source: str,
    *,
    name: str = "flow",
    env: Mapping[str, str] | None = None,
    taken: Iterable[str] = (),
) -> Reader:
    """Read ``source`` into drafts (raises FlowError only for a syntax error)."""
    reader = Reader(source, name, dict(env or {}), set(taken))
    reader.program()
    settle(reader.drafts)
    reader.drafts = in_numbered_order(reader.drafts)
    return reader
