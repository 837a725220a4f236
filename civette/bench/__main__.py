"""`make bench`: speed, memory and understanding of the assistant, written to bench/results.md
with its plots (bench/latency.png, bench/understanding.png) and the raw numbers
(bench/results.json). Starts its own servers on free ports (loopback only), PostgreSQL
databases of its own for the production layout, and trains in a temporary directory: the
project's model and databases are left as they are. About half an hour, most of it training
Rasa's default pipeline (DIET)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict

from civette.bench import report, speed, understanding
from civette.servers import RASA
from civette.settings import PROJECT_ROOT

BENCH_DIR = PROJECT_ROOT / "bench"
# Databases of the benchmark's production layout, on the machine's PostgreSQL (created if missing).
PRODUCTION_DATABASES = {"TRACKER_DB_NAME": "civette_bench_tracker",
                        "CIVETTE_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/civette_bench_store"}


def training(workdir: Path) -> Dict[str, float]:
    """A full `rasa train` from an empty cache: its time and the model's size."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(workdir / "cache")}
    started = time.perf_counter()
    subprocess.run([RASA, "train", "--out", str(workdir), "--fixed-model-name", "bench"],
                   cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    return {"training_s": time.perf_counter() - started,
            "model_mib": (workdir / "bench.tar.gz").stat().st_size / 2**20}


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        print("vitesse, profil embarqué…", flush=True)
        embedded = speed.run_embedded(workdir / "embedded")
        print("vitesse, profil de production…", flush=True)
        production = speed.run_production(workdir / "production", PRODUCTION_DATABASES)
        print("entraînement…", flush=True)
        trained = training(workdir / "training")
        print("compréhension (quatre pipelines)…", flush=True)
        understood = understanding.run(workdir / "understanding")
    raw = {"embedded": embedded, "production": production, "training": trained, "understanding": understood}
    (BENCH_DIR / "results.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    report.write(embedded, production, understood, trained, BENCH_DIR)
    print((BENCH_DIR / "results.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
