"""Take the README's screenshots (docs/*.png) of the example sales flow in a real JupyterLab.

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    open_notebook,
    run_all,
    start_server,
    stop_server,
    widget,
    write_notebook,
)

DOCS = ROOT / "docs"


def main() -> None:
    server = start_server("lab", Path(tempfile.mkdtemp(prefix="ff-shots-")))
    from playwright.sync_api import sync_playwright

    try:
        shutil.copy(ROOT / "examples" / "sales.flowfile.yaml", server.root)
        write_notebook(server, "sales.ipynb", ["%load_ext flowfile_jupyter", "%flowfile sales"])
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            open_notebook(page, server, "sales.ipynb")
            run_all(page)
            canvas = widget(page)
            canvas.locator("[data-testid=layout-button]").click()
            time.sleep(1.5)

            # a node selected: its settings on the right, its rows below
            canvas.locator('.react-flow__node[data-id="filter_1"] [data-testid=node-name]').click()
            canvas.locator("[data-testid=preview-row]").first.wait_for(timeout=30_000)
            time.sleep(1)
            page.mouse.move(5, 5)
            canvas.screenshot(path=str(DOCS / "preview.png"))

            # the palette folded away for room, a formula selected, the code in the cell below
            canvas.locator("[data-testid=palette-collapse]").click()
            node = canvas.locator('.react-flow__node[data-id="with_columns_1"]')
            node.locator("[data-testid=node-name]").click()
            time.sleep(0.5)
            canvas.locator("[data-testid=layout-button]").click()
            time.sleep(1.5)
            canvas.locator("[data-testid=code-button]").click()
            time.sleep(2)
            page.evaluate(
                "() => document.querySelector('[data-testid=flowfile-widget]')"
                ".scrollIntoView({block: 'start'})"
            )
            page.mouse.move(5, 5)
            time.sleep(0.5)
            page.screenshot(path=str(DOCS / "canvas.png"))
            browser.close()
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
