"""bench/results.md and its plots, from the results of civette.bench.speed and .understanding."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Dict, List

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# The speed targets of issue #12 (embedded profile, this 2-core machine, warm).
TARGETS = {"faq_p50_ms": 20, "faq_8_p95_ms": 150, "order_p95_ms": 60, "cold_start_s": 12, "rss_mib": 1200}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cœurs ({cpu}), {memory_gib:.0f} Gio de mémoire, {platform.system()} "
            f"{platform.release()}, CPython {platform.python_version()}")


def _latency_rows(label: str, latency: Dict[str, Dict[int, Dict[str, float]]]) -> List[str]:
    rows = []
    for kind, title in (("faq", "question FAQ"), ("order", "suivi de commande (tour de la preuve)")):
        for level, s in latency[kind].items():
            rows.append(f"| {label} | {title} | {level} | {s['p50']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} "
                        f"| {s['messages_per_s']:.1f} | {s['errors']} |")
    return rows


def _verdict(value: float, limit: float) -> str:
    return "atteint" if value <= limit else "**manqué**"


def write(speed: Dict[str, object], production: Dict[int, Dict[str, object]],
          understanding: Dict[str, Dict[str, float]], training: Dict[str, float], out: Path) -> None:
    embedded_latency = speed["latency"]
    faq, order = embedded_latency["faq"], embedded_latency["order"]
    rss = speed["rss_loaded_mib"]
    lines = [
        "# Benchmark (`make bench`)",
        "",
        f"Machine : {machine()}. Charge bornée en boucle locale : chaque conversation envoie ses "
        "messages l'un après l'autre, N conversations à la fois ; latence de bout en bout au canal REST.",
        "",
        "## Objectifs (profil embarqué, comme `make run`)",
        "",
        "| mesure | objectif | mesuré | |",
        "|---|---|---|---|",
        f"| tour FAQ, p50, séquentiel | ≤ {TARGETS['faq_p50_ms']} ms | {faq[1]['p50']:.0f} ms "
        f"| {_verdict(faq[1]['p50'], TARGETS['faq_p50_ms'])} |",
        f"| tour FAQ, p95, 8 conversations à la fois | ≤ {TARGETS['faq_8_p95_ms']} ms | {faq[8]['p95']:.0f} ms "
        f"| {_verdict(faq[8]['p95'], TARGETS['faq_8_p95_ms'])} |",
        f"| tour de suivi de commande, p95, séquentiel | ≤ {TARGETS['order_p95_ms']} ms | {order[1]['p95']:.0f} ms "
        f"| {_verdict(order[1]['p95'], TARGETS['order_p95_ms'])} |",
        f"| démarrage à froid jusqu'à la première réponse | ≤ {TARGETS['cold_start_s']} s "
        f"| {speed['cold_start_s']:.1f} s | {_verdict(speed['cold_start_s'], TARGETS['cold_start_s'])} |",
        f"| mémoire résidente de Rasa après la charge | ≤ {TARGETS['rss_mib']} Mio | {rss['rasa']:.0f} Mio "
        f"| {_verdict(rss['rasa'], TARGETS['rss_mib'])} |",
        "",
        "## Latence et débit",
        "",
        "| profil | tour | conversations à la fois | p50 (ms) | p95 (ms) | p99 (ms) | messages/s | erreurs |",
        "|---|---|---|---|---|---|---|---|",
        *_latency_rows("embarqué (1 Rasa)", embedded_latency),
        *[row for processes, result in production.items()
          for row in _latency_rows(f"production, {processes} Rasa", result["latency"])],
        "",
        "## Mémoire, modèle, entraînement",
        "",
        "| mesure | valeur |",
        "|---|---|",
        *[f"| mémoire résidente au repos : {name} | {value:.0f} Mio |" for name, value in speed["rss_idle_mib"].items()],
        *[f"| mémoire résidente après la charge : {name} | {value:.0f} Mio |" for name, value in rss.items()],
        *[f"| mémoire résidente, production {processes} Rasa : {name} | {value:.0f} Mio |"
          for processes, result in production.items() for name, value in result["rss_loaded_mib"].items()],
        f"| entraînement complet (`rasa train`) | {training['training_s']:.0f} s |",
        f"| taille du modèle | {training['model_mib']:.1f} Mio |",
        "",
        "## Compréhension, sur le jeu de test tenu à part (tests/nlu_test.yml)",
        "",
        "Chaque pipeline est entraîné sur les mêmes données (data/nlu). « Sûr et faux » : une réponse "
        "donnée qui n'est pas la bonne (ni « je n'ai pas compris », ni « je ne sais pas »).",
        "",
        "| pipeline | exactitude | macro-F1 | rappel hors sujet | sûr et faux | analyse (ms) | entraînement (s) |",
        "|---|---|---|---|---|---|---|",
        *[f"| {name} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {r['out_of_scope_recall']:.3f} "
          f"| {r['confident_wrong_rate']:.3f} | {r['parse_ms']:.1f} | {r['training_s']:.0f} |"
          for name, r in understanding.items()],
        "",
        "Le pipeline TF-IDF reprend la régularisation du projet (C = 20) sans sa normalisation ni ses "
        "règles ; le projet a choisi ses réglages par validation croisée sur les données d'entraînement, "
        "jamais sur ce jeu de test. La charge est produite par des fils Python sur les deux mêmes cœurs "
        "que les serveurs : à 32 conversations, la queue (p95, p99) mesure aussi le générateur.",
        "",
        "![latence](latency.png)",
        "![compréhension](understanding.png)",
    ]
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _plot_latency(embedded_latency, production, out / "latency.png")
    _plot_understanding(understanding, out / "understanding.png")


def _plot_latency(embedded: Dict, production: Dict[int, Dict[str, object]], path: Path) -> None:
    figure, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    series = {"embarqué, 1 Rasa": embedded,
              **{f"production, {n} Rasa": result["latency"] for n, result in production.items()}}
    for axis, (kind, title) in zip(axes, (("faq", "Tour FAQ"), ("order", "Tour de suivi de commande"))):
        for label, latency in series.items():
            levels = sorted(latency[kind])
            axis.plot(levels, [latency[kind][level]["p95"] for level in levels], marker="o", label=label)
        axis.set_title(f"{title} : p95")
        axis.set_xlabel("conversations à la fois")
        axis.set_xscale("log", base=2)
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("latence p95 (ms)")
    axes[0].legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _plot_understanding(results: Dict[str, Dict[str, float]], path: Path) -> None:
    names = list(results)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4))
    for axis, (metric, title) in zip(axes, (("accuracy", "Exactitude"), ("confident_wrong_rate", "Sûr et faux"))):
        axis.barh(names, [results[name][metric] for name in names])
        axis.set_title(title)
        axis.invert_yaxis()
        axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
