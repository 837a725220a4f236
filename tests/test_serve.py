"""`make run`'s script (scripts/serve.sh) on free ports: a quiet terminal that says when the
assistant is ready, each service's log in its file, and a service that stops reported."""

import os
import selectors
import signal
import subprocess
import time
from pathlib import Path
from typing import List

import pytest
import requests

from civette.servers import free_port, write_endpoints
from civette.settings import PROJECT_ROOT

from conftest import make_demo_store

READY_TIMEOUT_S = 240


def read_until(process: subprocess.Popen, marker: str, timeout_s: float) -> List[str]:
    """The terminal's lines up to the one holding `marker` (or up to the end or the timeout)."""
    lines: List[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not (lines and marker in lines[-1]):
        if selector.select(timeout=1):
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
    return lines


def child_pid(parent: int, module: str) -> int:
    """The pid of `parent`'s child running `python -m module`."""
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and module.encode() in command:
            return int(entry.name)
    raise LookupError(module)


@pytest.fixture
def serve(trained_model, tmp_path):
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "CIVETTE_WEB_PORT": free_port()}
    endpoints = write_endpoints(tmp_path / "endpoints.yml", f"http://127.0.0.1:{ports['ACTIONS_PORT']}/webhook",
                                tmp_path / "tracker.db")
    env = {**{name: value for name, value in os.environ.items() if not name.startswith("IMAP_")},
           **{name: str(port) for name, port in ports.items()},
           "RASA_ENDPOINTS": str(endpoints), "CIVETTE_LOG_DIR": str(tmp_path / "logs"),
           "CIVETTE_DATABASE_URL": make_demo_store(tmp_path / "orders.db"), "CIVETTE_DEMO": "1"}
    process = subprocess.Popen([str(PROJECT_ROOT / "scripts" / "serve.sh")], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process, ports, tmp_path / "logs"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_the_terminal_says_when_the_assistant_is_ready_and_the_logs_hold_the_rest(serve):
    process, ports, log_dir = serve
    terminal = read_until(process, "prêt", READY_TIMEOUT_S)
    assert terminal and terminal[-1].startswith("Assistant prêt en "), "\n".join(terminal)
    assert not [line for line in terminal if "Warning" in line or "warning" in line]
    assert any("mot de passe : " in line and line.split("mot de passe : ")[1] for line in terminal)
    assert any(f"tail -f {log_dir}/*.log" in line for line in terminal)
    answer = requests.post(f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
                           json={"sender": "pytest-serve", "message": "bonjour"}, timeout=60)
    assert answer.ok and answer.json()
    logs = {path.name: path.read_text() for path in log_dir.glob("*.log")}
    assert set(logs) == {"actions.log", "rasa.log", "web.log"}
    assert "Loading model" in logs["rasa.log"] and "DeprecationWarning" not in logs["rasa.log"]
    assert not [name for name, text in logs.items() if "Traceback" in text]

    # A service that stops is reported on the terminal, and the others are stopped.
    os.kill(child_pid(process.pid, "civette.web"), signal.SIGKILL)
    assert process.wait(timeout=60) == 1
    report = process.stdout.read()
    assert "ERREUR : le service web s'est arrêté (code 137)" in report, report
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{ports['RASA_PORT']}/", timeout=5)
