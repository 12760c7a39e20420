"""The front end's form tests read the settings schemas the kernel sends, from a committed
fixture; it must be what the node types give today."""

from __future__ import annotations

import json
from pathlib import Path

from flowfile_jupyter.jupyter.catalog import settings_schemas

FIXTURE = Path(__file__).resolve().parents[2] / "js" / "core" / "catalog.fixture.json"


def test_the_form_tests_read_the_schemas_the_kernel_sends() -> None:
    committed = json.loads(FIXTURE.read_text())
    # as text: the order of a schema's properties is the order of the form's fields
    assert json.dumps(committed) == json.dumps(settings_schemas()), (
        "js/core/catalog.fixture.json is stale: run "
        "python -m flowfile_jupyter.jupyter.catalog > js/core/catalog.fixture.json"
    )
