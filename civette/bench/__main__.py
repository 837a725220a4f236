"""Latency and memory benchmark of the running assistant (`make bench`).

Starts the action server and Rasa on the embedded default profile, then measures over REST:
start-up time, reply latency by message length, and the Rasa server's resident memory.
Writes bench/results.md (tables) and bench/latency.png (plot).
"""

from __future__ import annotations

import platform
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import requests  # noqa: E402
import yaml  # noqa: E402

from civette.servers import ACTION_ENDPOINT_HEADERS, MODEL_PATH, action_server, rasa_server  # noqa: E402
from civette.settings import PROJECT_ROOT  # noqa: E402

BENCH_DIR = PROJECT_ROOT / "bench"
ROUNDS = 30
SENTENCE = "bonjour je voudrais savoir quand ma commande sera livrée "
LENGTHS = {"court (4 mots)": "où est mon colis", "moyen (~60 car.)": SENTENCE}
LENGTHS["long (~1 000 car.)"] = SENTENCE * 18
LENGTHS["très long (~10 000 car.)"] = SENTENCE * 176


def rss_mib(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def reply_latencies_ms(base_url: str, text: str) -> List[float]:
    latencies = []
    for round_number in range(ROUNDS):
        started = time.perf_counter()
        response = requests.post(
            f"{base_url}/webhooks/rest/webhook",
            json={"sender": f"bench-{round_number}", "message": text},
            timeout=60,
        )
        response.raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run() -> Dict[str, object]:
    with tempfile.TemporaryDirectory() as workdir, action_server(BENCH_DIR / "logs") as actions:
        endpoints = Path(workdir) / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump({
            "action_endpoint": {"url": actions, "headers": ACTION_ENDPOINT_HEADERS},
            "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": f"{workdir}/tracker.db"},
        }))
        started = time.perf_counter()
        with rasa_server(endpoints, BENCH_DIR / "logs", secrets.token_urlsafe(16)) as server:
            startup_s = time.perf_counter() - started
            memory_idle = rss_mib(server.pid)
            latencies = {label: reply_latencies_ms(server.url, text) for label, text in LENGTHS.items()}
            memory_after = rss_mib(server.pid)
    return {
        "startup_s": startup_s,
        "memory_idle_mib": memory_idle,
        "memory_after_mib": memory_after,
        "latencies": latencies,
    }


def write_results(results: Dict[str, object]) -> None:
    latencies: Dict[str, List[float]] = results["latencies"]  # type: ignore[assignment]
    lines = [
        "# Benchmark: the assistant over REST",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}; model {MODEL_PATH.stat().st_size / 2**20:.0f} MiB; "
        f"{ROUNDS} sequential requests per message length, each from a new conversation.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| Rasa server start-up (model loaded, REST answering) | {results['startup_s']:.1f} s |",
        f"| Rasa server memory (RSS) after start-up | {results['memory_idle_mib']:.0f} MiB |",
        f"| Rasa server memory (RSS) after the benchmark | {results['memory_after_mib']:.0f} MiB |",
        "",
        "| message | median (ms) | p95 (ms) | max (ms) |",
        "|---|---|---|---|",
    ]
    for label, values in latencies.items():
        lines.append(
            f"| {label} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} "
            f"| {max(values):.0f} |"
        )
    (BENCH_DIR / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    figure, axis = plt.subplots(figsize=(7, 4))
    axis.boxplot(list(latencies.values()), labels=list(latencies), showfliers=True)
    axis.set_ylabel("latence de réponse REST (ms)")
    axis.set_title("Assistant À La Civette : latence par longueur de message")
    figure.tight_layout()
    figure.savefig(BENCH_DIR / "latency.png", dpi=120)


def main() -> None:
    BENCH_DIR.mkdir(exist_ok=True)
    results = run()
    write_results(results)
    print((BENCH_DIR / "results.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
