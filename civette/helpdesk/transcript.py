"""A conversation's transcript, read from Rasa tracker events."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List


def _at(event: Dict[str, Any]) -> str:
    return datetime.fromtimestamp(event.get("timestamp") or 0, timezone.utc).isoformat(timespec="seconds")


def transcript(events: Iterable[Dict[str, Any]]) -> List[Dict[str, str]]:
    """Who said what and when: role is "client", "bot" or "agent" (a bot event sent by an agent)."""
    lines = []
    for event in events:
        kind, text = event.get("event"), event.get("text")
        if kind not in ("user", "bot") or not text:
            continue
        agent = (event.get("metadata") or {}).get("agent") if kind == "bot" else None
        role = "client" if kind == "user" else "agent" if agent else "bot"
        line = {"role": role, "text": text, "at": _at(event)}
        if agent:
            line["agent"] = agent
        lines.append(line)
    return lines
