"""A real JupyterLab (or Notebook 7) and headless Chromium, started once per test session.

Browser tests skip with a clear message when no Chromium is installed, except in CI
(CI=true), where a missing browser is a failure: .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Notebook 7.6 logs this once on load whatever the extensions (jupyter/notebook#7862).
KNOWN_PAGE_ERRORS = ("Cannot read properties of undefined (reading 'schema')",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        message = "no Chromium found (apt-get install chromium); browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(message + " and CI must run them")
        pytest.skip(message)
    return path


@dataclass
class Server:
    app: str
    url: str
    token: str
    root: Path
    process: subprocess.Popen[bytes]

    def notebook_url(self, name: str) -> str:
        if self.app == "lab":  # reset: never restore the notebooks of an earlier test
            return f"{self.url}/lab/tree/{name}?reset&token={self.token}"
        return f"{self.url}/notebooks/{name}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    app: str, base: Path, extra: list[str] | None = None, *, extension: bool = True
) -> Server:
    """Start ``jupyter lab`` / ``jupyter notebook`` on a free port with isolated settings.

    ``extension=False`` disables our JupyterLab extension, as in a front end without it.
    """
    root = base / "root"
    root.mkdir(parents=True, exist_ok=True)
    for data in EXAMPLES.glob("*.csv"):
        shutil.copy(data, root / data.name)
    home = base / "home"
    settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"})
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "FLOWFILE_JUPYTER_CACHE_DIR": str(home / "cache"),
    }
    if not extension:
        labconfig = home / "config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {"flowfile-jupyter": True}})
        )
    port, token = _free_port(), "flowfile-test-token"
    expose = "LabApp" if app == "lab" else "JupyterNotebookApp"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        app,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--{expose}.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=True",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (base / f"{app}.log").open("wb")
    process = subprocess.Popen(
        cmd + (extra or []),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter {app} exited: {(base / f'{app}.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                return Server(app, url, token, root, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"jupyter {app} did not answer in 60 s")


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    server = start_server("lab", tmp_path_factory.mktemp("lab"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def lab_without_extension(
    tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> Iterator[Server]:
    server = start_server("lab", tmp_path_factory.mktemp("lab-noext"), extension=False)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def notebook7(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Server]:
    server = start_server("notebook", tmp_path_factory.mktemp("nb7"))
    yield server
    stop_server(server)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page; page errors are collected and fail the test (known upstream ones aside)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()
    unexpected = [e for e in errors if not any(k in e for k in KNOWN_PAGE_ERRORS)]
    assert unexpected == [], f"page errors: {unexpected}"


def write_notebook(server: Server, name: str, cells: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, server.root / name)
    return name


def open_notebook(page: Any, server: Server, name: str) -> None:
    page.goto(server.notebook_url(name))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => { const a = window.jupyterapp; const w = a && a.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.connectionStatus === 'connected'); }",
        timeout=60_000,
    )


def run_all(page: Any) -> None:
    """Run every cell and wait until the kernel has answered them all."""
    page.evaluate(
        "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
    )
    wait_idle(page)


def wait_idle(page: Any) -> None:
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w.sessionContext.session.kernel; return k && k.status === 'idle'; }",
        timeout=60_000,
    )


def cells(page: Any) -> list[dict[str, Any]]:
    """The notebook's cells, read through the page's own model."""
    result: list[dict[str, Any]] = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.model.toJSON().cells"
    )
    return result


def execute(page: Any, code: str) -> None:
    """Append a cell with ``code`` at the end and run it, as a user would."""
    page.evaluate(
        """async (code) => {
          const app = window.jupyterapp;
          const panel = app.shell.currentWidget;
          const model = panel.content.model;
          model.sharedModel.insertCell(model.cells.length, {cell_type: 'code', source: code});
          panel.content.activeCellIndex = model.cells.length - 1;
          await app.commands.execute('notebook:run-cell');
        }""",
        code,
    )
    wait_idle(page)


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def kernel_value(page: Any, expression: str) -> str:
    """Evaluate ``expression`` in the notebook's kernel (in a new last cell) and return what it
    prints: the way to compare things in the kernel from a browser test."""
    execute(page, f"print({expression})")
    last = cells(page)[-1]
    text = "".join(
        "".join(o.get("text", "")) if isinstance(o.get("text"), list) else o.get("text", "")
        for o in last.get("outputs", [])
        if o.get("output_type") == "stream"
    )
    errors = [o for o in last.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    return text.strip()


def widget(page: Any, index: int = 0) -> Any:
    """The index-th canvas on the page, once it has rendered."""
    locator = page.locator("[data-testid=flowfile-widget]").nth(index)
    locator.wait_for(timeout=30_000)
    return locator
