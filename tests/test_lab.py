"""`make lab` starts JupyterLab, for root too, and the project's `dti-kit` kernel is there.

Containers and shared analysis servers run as root, where plain ``jupyter lab`` stops at once
("Running as root is not recommended. Use --allow-root to bypass."). The test runs the Makefile
target itself, reaches ``/lab`` on localhost, finds the kernel through the server's REST API,
then stops the server.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read()


def test_make_lab_serves_lab_with_the_dti_kit_kernel(tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    # -o: never rebuild the venv from inside a test
    proc = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed-stamp", "lab", f"LAB_PORT={port}",
         f"LAB_ARGS=--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline, status, body = time.monotonic() + 120, None, b""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail("make lab stopped:\n" + proc.stdout.read().decode(errors="replace"))
            try:
                status, body = _get(f"{base}/lab?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200 and b"JupyterLab" in body
        _, specs = _get(f"{base}/api/kernelspecs?token={token}")
        assert "dti-kit" in json.loads(specs)["kernelspecs"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    out = proc.stdout.read().decode(errors="replace")
    assert "Running as root is not recommended" not in out
    assert f"http://127.0.0.1:{port}/lab" in out  # it says where to open it
