"""Starting the action server and the Rasa server as child processes (tests and benchmarks)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional

import requests
import yaml

from civette.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))
MODEL_PATH = PROJECT_ROOT / "models" / "civette.tar.gz"
STARTUP_TIMEOUT_S = 240
# The secret Rasa sends to the action server (endpoints files: X-Civette-Action-Token), one per
# process that starts them unless its environment has one.
ACTION_TOKEN = os.environ.get("CIVETTE_ACTION_SERVER_TOKEN") or secrets.token_urlsafe(16)
ACTION_ENDPOINT_HEADERS = {"X-Civette-Action-Token": "${CIVETTE_ACTION_SERVER_TOKEN}"}


class RunningServer(NamedTuple):
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early; see {log_path}:\n{log_path.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up within {STARTUP_TIMEOUT_S} s; see {log_path}")


@contextmanager
def _started(args: List[str], log_path: Path, env: Dict[str, str]) -> Iterator[subprocess.Popen]:
    """A child process writing to `log_path`, terminated on exit (killed after 30 s)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        env = {**os.environ, "CIVETTE_ACTION_SERVER_TOKEN": ACTION_TOKEN, **env}
        process = subprocess.Popen(args, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def _process(
    args: List[str], health_url: str, log_path: Path, env: Dict[str, str]
) -> Iterator[subprocess.Popen]:
    with _started(args, log_path, env) as process:
        _wait_until_up(health_url, process, log_path)
        yield process


def write_endpoints(path: Path, action_url: str, tracker_db: Path) -> Path:
    """The embedded profile's endpoints (endpoints.yml) with this action server and tracker file."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = action_url
    endpoints["tracker_store"]["db"] = str(tracker_db)
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


@contextmanager
def action_server(log_dir: Path, env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """Runs the action server (civette.action_server); yields its webhook URL."""
    port = free_port()
    args = [sys.executable, "-m", "civette.action_server", "--port", str(port)]
    with _process(args, f"http://127.0.0.1:{port}/health", log_dir / f"actions-{port}.log", env or {}):
        yield f"http://127.0.0.1:{port}/webhook"


@contextmanager
def rasa_servers(
    count: int, endpoints: Path, log_dir: Path, auth_token: str, env: Optional[Dict[str, str]] = None
) -> Iterator[List[RunningServer]]:
    """Runs `count` processes of `rasa run` (civette.rasa_server) with REST, socket.io and the
    token-protected HTTP API, started together: each takes about 20 s to load the model."""
    ports = [free_port() for _ in range(count)]
    env = {"RASA_AUTH_TOKEN": auth_token, **(env or {})}
    with ExitStack() as stack:
        processes = []
        for port in ports:
            args = [
                sys.executable, "-m", "civette.rasa_server", "--model", str(MODEL_PATH), "--port", str(port),
                "--endpoints", str(endpoints), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
            ]
            processes.append(stack.enter_context(_started(args, log_dir / f"rasa-{port}.log", env)))
        for port, process in zip(ports, processes):
            _wait_until_up(f"http://127.0.0.1:{port}/webhooks/rest/", process, log_dir / f"rasa-{port}.log")
        yield [RunningServer(f"http://127.0.0.1:{port}", process.pid) for port, process in zip(ports, processes)]


@contextmanager
def rasa_server(
    endpoints: Path, log_dir: Path, auth_token: str, env: Optional[Dict[str, str]] = None
) -> Iterator[RunningServer]:
    """One Rasa server (rasa_servers)."""
    with rasa_servers(1, endpoints, log_dir, auth_token, env) as (server,):
        yield server


@contextmanager
def web_server(port: int, env: Dict[str, str], log_dir: Path) -> Iterator[str]:
    """Runs the web pages (demo shop, widget, agent console) on `port`; yields their base URL."""
    base_url = f"http://127.0.0.1:{port}"
    args = [sys.executable, "-m", "civette.web"]
    with _process(args, f"{base_url}/health", log_dir / "web.log", {**env, "CIVETTE_WEB_PORT": str(port)}):
        yield base_url
