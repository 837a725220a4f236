"""Client of Rasa's HTTP API (server started with --enable-api --auth-token)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional
from urllib.parse import quote

import requests

from civette.helpdesk.handoff import END_OF_HANDOFF_MESSAGE
from civette.helpdesk.transcript import transcript

TIMEOUT_S = 5
# Tells the widget that the bot answers again (socket.io: bot_uttered {"handoff": "ended"}).
HANDOFF_ENDED = {"custom": {"data": {"handoff": "ended"}}}


class RasaUnavailable(Exception):
    pass


def widget_messages(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The bot_uttered messages Rasa 3.6's socket.io channel sent for these tracker events that the
    widget shows or acts on (widget/src/catchup.js): each paragraph of a text apart, the suggested
    answers with the last one, then the handoff signal; each with its event's timestamp `at`."""
    messages: List[Dict[str, Any]] = []
    for event in events:
        if event.get("event") != "bot":
            continue
        data, at = event.get("data") or {}, event.get("timestamp")
        if event.get("text"):
            parts = [{"text": part, "at": at} for part in event["text"].strip().split("\n\n")]
            choices = data.get("quick_replies") or data.get("buttons")
            if choices:
                parts[-1]["quick_replies"] = [
                    {"content_type": "text", "title": choice["title"], "payload": choice["payload"]}
                    for choice in choices
                ]
            messages += parts
        signal = (data.get("custom") or {}).get("data")
        if isinstance(signal, dict) and signal.get("handoff"):
            messages.append({**signal, "at": at})
    return messages


class RasaApi:
    def __init__(self, base_url: str, auth_token: str):
        self.base_url, self.auth_token = base_url.rstrip("/"), auth_token

    def _url(self, conversation_id: str, path: str = "") -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/tracker{path}"

    def _call(self, method: str, url: str, **kwargs: Any) -> Dict[str, Any]:
        params = {"token": self.auth_token, **kwargs.pop("params", {})}
        call = f"{method} {url.removeprefix(self.base_url)}"
        try:
            response = requests.request(method, url, params=params, timeout=TIMEOUT_S, **kwargs)
            response.raise_for_status()
            return response.json()
        except requests.HTTPError as error:
            raise RasaUnavailable(f"{call}: HTTP {error.response.status_code}") from error
        except (requests.RequestException, ValueError) as error:
            # Not str(error): requests writes the URL in it, auth token included.
            raise RasaUnavailable(f"{call}: {type(error).__name__}") from error

    def transcript(self, conversation_id: str) -> List[Dict[str, str]]:
        tracker = self._call("GET", self._url(conversation_id))
        return transcript(tracker.get("events") or [])

    def widget_messages(self, conversation_id: str, after: Optional[float]) -> List[Dict[str, Any]]:
        """What the chat widget of this conversation was sent after the tracker timestamp `after`
        (from the start when None), in order; nothing for a conversation that is not a widget's
        (no message came through socket.io)."""
        tracker = self._call("GET", self._url(conversation_id), params={"include_events": "ALL"})
        events = tracker.get("events") or []
        if not any(event.get("event") == "user" and event.get("input_channel") == "socketio"
                   for event in events):
            return []
        return [message for message in widget_messages(events)
                if after is None or message["at"] > after]

    def _append(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        self._call("POST", self._url(conversation_id, "/events"), json=events,
                   params={"output_channel": "socketio", "execute_side_effects": "true"})

    def send_agent_message(self, conversation_id: str, text: str, agent: str) -> None:
        """Sends the agent's message to the customer's widget live (and logs it in the tracker)."""
        self._append(conversation_id, [{"event": "bot", "text": text, "metadata": {"agent": agent}}])

    def _hand_back(self, conversation_id: str, text: str, *state: Dict[str, Any]) -> None:
        """Tells the widget and the customer that the advisor's part is over, sets `state`, and
        lets the bot answer again: the bot stopped right after action_handoff; `action_listen`
        makes the next message start a new turn, as the dialogue rules expect."""
        self._append(conversation_id, [
            {"event": "bot", "data": HANDOFF_ENDED},
            {"event": "bot", "text": text},
            *state,
            {"event": "action", "name": "action_listen"},
            {"event": "resume"},
        ])

    def resume_bot(self, conversation_id: str) -> None:
        """Tells the customer the advisor has left, and lets the bot answer again."""
        self._hand_back(conversation_id, END_OF_HANDOFF_MESSAGE)

    def offer_email(self, conversation_id: str, text: str, reason: str, ask_address: bool) -> None:
        """Nobody answered live: tells the customer (`text`) and lets the bot answer again. Without
        an address, the bot then collects one as when nobody is online (handoff_contact_form, then
        action_handoff, which gives the case the address)."""
        form = [{"event": "slot", "name": "handoff_reason", "value": reason},
                {"event": "active_loop", "name": "handoff_contact_form"},
                {"event": "slot", "name": "requested_slot", "value": "contact_email"}]
        self._hand_back(conversation_id, text, *(form if ask_address else []))
