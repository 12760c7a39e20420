"""JSON bytes built from pieces: equal to encoding the whole value, edit after edit."""

from __future__ import annotations

import json

from flowfile_jupyter.jupyter.encode import JsonPieces


def test_pieces_encode_what_json_would_as_items_come_and_go() -> None:
    pieces = JsonPieces()
    items = {f"n{i}": {"status": "valid", "schema": [[f"c{i}", "Int64"]]} for i in range(5)}
    assert json.loads(pieces.mapping(items)) == items
    items = {**items, "n2": {"status": "error", "error": "naïve ≠ valid"}, "n9": {"x": None}}
    del items["n0"]
    text = pieces.mapping(items)
    assert json.loads(text) == items
    assert "naïve ≠ valid" in text.decode()  # UTF-8, not \\u escapes: fewer bytes on the wire
    assert json.loads(pieces.mapping({})) == {}


def test_sequences_keep_order_and_see_replaced_items() -> None:
    pieces = JsonPieces()
    nodes = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    assert json.loads(pieces.sequence(nodes)) == nodes
    nodes = [nodes[2], {"id": "b", "label": "new"}, nodes[0]]
    assert json.loads(pieces.sequence(nodes)) == nodes
    assert json.loads(pieces.sequence([])) == []


def test_a_list_shared_by_several_items_is_encoded_for_each() -> None:
    pieces = JsonPieces()
    schema = [["a", "Int64"], ["b", "String"]]
    states = {"read": {"schema": schema}, "filter": {"schema": schema}, "sort": {"schema": schema}}
    assert json.loads(pieces.mapping(states)) == states
    states = {**states, "filter": {"schema": schema, "error": None}}
    assert json.loads(pieces.mapping(states)) == states
