"""Client of Rasa's HTTP API (server started with --enable-api --auth-token)."""

from __future__ import annotations

from typing import Any, Dict, List
from urllib.parse import quote

import requests

from civette.helpdesk.handoff import END_OF_HANDOFF_MESSAGE
from civette.helpdesk.transcript import transcript

TIMEOUT_S = 5
# Tells the widget that the bot answers again (socket.io: bot_uttered {"handoff": "ended"}).
HANDOFF_ENDED = {"custom": {"data": {"handoff": "ended"}}}


class RasaUnavailable(Exception):
    pass


class RasaApi:
    def __init__(self, base_url: str, auth_token: str):
        self.base_url, self.auth_token = base_url.rstrip("/"), auth_token

    def _url(self, conversation_id: str, path: str = "") -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/tracker{path}"

    def _call(self, method: str, url: str, **kwargs: Any) -> Dict[str, Any]:
        params = {"token": self.auth_token, **kwargs.pop("params", {})}
        try:
            response = requests.request(method, url, params=params, timeout=TIMEOUT_S, **kwargs)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise RasaUnavailable(str(error)) from error

    def transcript(self, conversation_id: str) -> List[Dict[str, str]]:
        tracker = self._call("GET", self._url(conversation_id))
        return transcript(tracker.get("events") or [])

    def _append(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        self._call("POST", self._url(conversation_id, "/events"), json=events,
                   params={"output_channel": "socketio", "execute_side_effects": "true"})

    def send_agent_message(self, conversation_id: str, text: str, agent: str) -> None:
        """Sends the agent's message to the customer's widget live (and logs it in the tracker)."""
        self._append(conversation_id, [{"event": "bot", "text": text, "metadata": {"agent": agent}}])

    def resume_bot(self, conversation_id: str) -> None:
        """Tells the customer the advisor has left, and lets the bot answer again.

        The bot stopped right after action_handoff; `action_listen` makes the next message start a
        new turn, as the dialogue rules expect.
        """
        self._append(conversation_id, [
            {"event": "bot", "data": HANDOFF_ENDED},
            {"event": "bot", "text": END_OF_HANDOFF_MESSAGE},
            {"event": "action", "name": "action_listen"},
            {"event": "resume"},
        ])
