"""``./dev.sh lab`` opens JupyterLab, also as root (containers and CI machines run as root)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dev_sh_lab_starts_jupyterlab(tmp_path: Path) -> None:
    port, token = _free_port(), "dev-sh-test"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "FLOWFILE_VENV": str(ROOT / ".venv"),
    }
    log = (tmp_path / "lab.log").open("wb")
    process = subprocess.Popen(
        [
            str(ROOT / "dev.sh"),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        answered = False
        while time.monotonic() < deadline and not answered:
            assert process.poll() is None, (tmp_path / "lab.log").read_text()[-2000:]
            try:
                url = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(url, timeout=2) as reply:
                    answered = reply.status == 200
            except OSError:
                time.sleep(0.5)
        assert answered, (tmp_path / "lab.log").read_text()[-2000:]
        assert "Running as root is not recommended" not in (tmp_path / "lab.log").read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
