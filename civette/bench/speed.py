"""Speed of the running assistant: cold start, memory, and latency and throughput under a bounded
load of 1, 8 and 32 conversations at once, on the embedded profile (as `make run` starts it) and
on the production layout (nginx, PostgreSQL, Redis) with one and two Rasa processes."""

from __future__ import annotations

import secrets
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple

import requests

from civette.bench.load import LoadResult, run_load
from civette.orders.demo import create_demo_store
from civette.prod_layout import production_layout
from civette.servers import action_server, rasa_server, write_endpoints

FAQ_SCRIPT = [
    "vous prenez la carte visa ?",
    "c'est quoi le code 3D secure",
    "je peux retourner un article ?",
    "pourquoi vous avez plus de cigares cubains",
]
# An order question, then the proof: the second turn runs the form, the action server and the
# order store (no Chronopost call: the order is in preparation).
ORDER_SCRIPT = ["où en est ma commande 48214", "69003"]
ORDER_EXPECTED = ["", "En préparation"]
PROOF_TURN = 1
CONCURRENCY = (1, 8, 32)


class Target(NamedTuple):
    url: str
    pids: Dict[str, int]  # process name -> pid, for their memory


def conversations_for(concurrency: int) -> int:
    """Enough conversations for stable percentiles, bounded so a level takes under a minute."""
    return max(20, 4 * concurrency)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def first_answer_s(url: str, started: float) -> float:
    """Seconds from `started` to the first FAQ answer over REST."""
    response = requests.post(f"{url}/webhooks/rest/webhook",
                             json={"sender": f"bench-{secrets.token_hex(4)}", "message": FAQ_SCRIPT[0]},
                             timeout=60)
    response.raise_for_status()
    assert response.json(), "no answer"
    return time.perf_counter() - started


@contextmanager
def embedded_profile(workdir: Path) -> Iterator[Dict[str, object]]:
    """The action server and one Rasa process as `make run` starts them (SQLite, in-memory
    lock store, the demo orders); yields the target and the cold start."""
    env = {"CIVETTE_DATABASE_URL": create_demo_store(workdir / "orders.db")}
    with action_server(workdir, env) as actions:
        endpoints = write_endpoints(workdir / "endpoints.yml", actions, workdir / "tracker.db")
        started = time.perf_counter()
        with rasa_server(endpoints, workdir, secrets.token_urlsafe(16), env) as rasa:
            cold_start = first_answer_s(rasa.url, started)
            port = actions.split(":")[2].split("/")[0]
            yield {"target": Target(rasa.url, {"rasa": rasa.pid, "actions": _pid_listening(port)}),
                   "cold_start_s": cold_start}


def _pid_listening(port: str) -> int:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == int(port) and fields[3] == "0A":
            inode = fields[9]
            break
    else:
        raise RuntimeError(f"nothing listens on {port}")
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if fd.readlink().name == f"socket:[{inode}]":
                return int(fd.parts[2])
        except OSError:
            continue
    raise RuntimeError(f"no process owns port {port}")


def measure(url: str, levels: tuple = CONCURRENCY) -> Dict[str, Dict[int, Dict[str, float]]]:
    """FAQ turns and order-lookup proof turns at each concurrency level."""
    run_load(url, FAQ_SCRIPT, 4, 1)  # warm-up
    results: Dict[str, Dict[int, Dict[str, float]]] = {"faq": {}, "order": {}}
    for level in levels:
        faq = run_load(url, FAQ_SCRIPT, conversations_for(level), level)
        order = run_load(url, ORDER_SCRIPT, conversations_for(level), level, ORDER_EXPECTED)
        results["faq"][level] = _summary(faq)
        results["order"][level] = _summary(order, [PROOF_TURN])
    return results


def _summary(result: LoadResult, turns: List[int] = ()) -> Dict[str, float]:
    return {**result.summary(turns), "errors": result.errors, "turns": len(result.latencies())}


def run_embedded(workdir: Path) -> Dict[str, object]:
    with embedded_profile(workdir) as running:
        target: Target = running["target"]  # type: ignore[assignment]
        idle = {name: rss_mib(pid) for name, pid in target.pids.items()}
        latency = measure(target.url)
        loaded = {name: rss_mib(pid) for name, pid in target.pids.items()}
    return {"cold_start_s": running["cold_start_s"], "rss_idle_mib": idle, "rss_loaded_mib": loaded,
            "latency": latency}


def run_production(workdir: Path, database_env: Dict[str, str]) -> Dict[int, Dict[str, object]]:
    """The production layout with one, then two Rasa processes (and as many action servers)."""
    results: Dict[int, Dict[str, object]] = {}
    for processes in (1, 2):
        with production_layout(workdir / f"prod-{processes}", secrets.token_urlsafe(16), database_env,
                               processes=processes) as layout:
            results[processes] = {"latency": measure(layout.url, (8, 32)),
                                  "rss_loaded_mib": {f"rasa-{i + 1}": rss_mib(server.pid)
                                                     for i, server in enumerate(layout.rasa)}}
    return results
