"""Rasa's REST and socket.io channels, with what the server knows in place of what the client says.

- The message metadata is rebuilt on the server: the client's address, and a Chatwoot
  conversation id only when signed with CIVETTE_CHATWOOT_METADATA_SECRET. Whatever else a client
  puts in its metadata is dropped, so a forged `chatwoot_conversation_id` reaches nothing.
- A message over MAX_MESSAGE_LENGTH characters is not processed: the customer gets
  utter_message_too_long.
- When a custom action cannot run (the action server down), Rasa logs it and goes on silently:
  a customer left with no answer at all gets utter_service_unavailable (the contact ways).
- A customer cannot force an intent by typing Rasa's « /intent » syntax.
- The customer's previous messages go with each message (`previous_texts`, newest first), for
  the intent classifier to read a short follow-up in context, and so do the assistant's replies
  of the last few turns (`previous_answers`), so that a follow-up is not given the same answer
  again. They are kept in memory for PREVIOUS_TEXT_TTL_S, per process: behind several Rasa
  replicas, a replica that has not seen them reads the message alone.
- socket.io accepts only the origins listed in CIVETTE_ALLOWED_ORIGINS (space-separated).
Both channels keep Rasa's names (`rest`, `socketio`), so their URLs and `output_channel` stay.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import time
from collections import OrderedDict
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

import socketio
import yaml

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from sanic.request import Request

from civette.incidents import report_failure
from civette.intent_classifier import PREVIOUS_ANSWERS, PREVIOUS_TEXTS
from civette.settings import PROJECT_ROOT

DEFAULT_ALLOWED_ORIGINS = "http://localhost:8000 http://127.0.0.1:8000"
MAX_MESSAGE_LENGTH = 2000
CHATWOOT_ID = re.compile(r"^\d{1,12}$")
PREVIOUS_TEXT_TTL_S = 30 * 60

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def allowed_origins() -> List[str]:
    return os.environ.get("CIVETTE_ALLOWED_ORIGINS", DEFAULT_ALLOWED_ORIGINS).split()


def chatwoot_signature(conversation_id: str, secret: str) -> str:
    """What the Chatwoot bridge sends as `chatwoot_signature` with `chatwoot_conversation_id`."""
    return hmac.new(secret.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()


def _signed_chatwoot_id(metadata: Dict[str, Any]) -> Optional[str]:
    secret = os.environ.get("CIVETTE_CHATWOOT_METADATA_SECRET")
    conversation_id = str(metadata.get("chatwoot_conversation_id") or "")
    signature = str(metadata.get("chatwoot_signature") or "")
    if not (secret and CHATWOOT_ID.match(conversation_id)):
        return None
    expected = chatwoot_signature(conversation_id, secret)
    return conversation_id if hmac.compare_digest(expected, signature) else None


def trusted_metadata(sent: Any, client_address: Optional[str]) -> Dict[str, Any]:
    """The metadata the actions may rely on, built from what the server knows."""
    metadata: Dict[str, Any] = {"client_address": client_address} if client_address else {}
    chatwoot_id = _signed_chatwoot_id(sent) if isinstance(sent, dict) else None
    if chatwoot_id:
        metadata["chatwoot_conversation_id"] = chatwoot_id
    return metadata


def customer_text(text: Optional[str]) -> str:
    """The text as Rasa should read it: without a leading « / » (Rasa's syntax for forcing an
    intent)."""
    return (text or "").lstrip().lstrip("/")


@lru_cache(maxsize=None)
def domain_text(response: str) -> str:
    """The first text of a response of domain.yml: the wording stays in the domain."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][response][0]["text"]


class _Turn:
    """What happened while Rasa handled one message."""

    def __init__(self) -> None:
        self.action_failed = False
        self.texts: List[str] = []  # the texts of the replies sent


_CURRENT_TURN: ContextVar[Optional[_Turn]] = ContextVar("civette_turn", default=None)


class _ActionFailureWatch(logging.Handler):
    """Notices Rasa's log line for a custom action that raised (its events are lost)."""

    def emit(self, record: logging.LogRecord) -> None:
        turn = _CURRENT_TURN.get()
        if turn is not None and str(record.msg).startswith("Encountered an exception while running action"):
            turn.action_failed = True


logging.getLogger("rasa.core.processor").addHandler(_ActionFailureWatch(logging.ERROR))


def request_address(request: Request) -> str:
    """The client's address; behind a proxy, Sanic's REAL_IP_HEADER/PROXIES_COUNT settings apply."""
    return request.remote_addr or request.ip


class RecentMessages:
    """Each conversation's last few messages, for PREVIOUS_TEXT_TTL_S; bounded."""

    def __init__(self, capacity: int = 10_000, kept: int = 4) -> None:
        self.capacity = capacity
        self.kept = kept
        self._texts: "OrderedDict[str, Tuple[float, List[str]]]" = OrderedDict()

    def swap(self, sender_id: str, text: str) -> List[str]:
        """Records `text` as the conversation's last message; returns the ones before it, if
        recent, newest first."""
        sent_at, previous = self._texts.pop(sender_id, (0.0, []))
        self._texts[sender_id] = (time.monotonic(), [text, *previous][: self.kept])
        if len(self._texts) > self.capacity:
            self._texts.popitem(last=False)
        return previous if time.monotonic() - sent_at < PREVIOUS_TEXT_TTL_S else []


class LastAnswers:
    """Each conversation's replies of its last few turns, for PREVIOUS_TEXT_TTL_S; bounded."""

    def __init__(self, capacity: int = 10_000, turns: int = 3) -> None:
        self.capacity = capacity
        self.turns = turns
        self._answers: "OrderedDict[str, Tuple[float, List[List[str]]]]" = OrderedDict()

    def get(self, sender_id: str) -> List[str]:
        """The replies of the last turns, the latest turn's first."""
        sent_at, turns = self._answers.get(sender_id, (0.0, []))
        return [text for turn in turns for text in turn] if time.monotonic() - sent_at < PREVIOUS_TEXT_TTL_S else []

    def add(self, sender_id: str, texts: List[str]) -> None:
        _, turns = self._answers.pop(sender_id, (0.0, []))
        self._answers[sender_id] = (time.monotonic(), [texts, *turns][: self.turns])
        if len(self._answers) > self.capacity:
            self._answers.popitem(last=False)


def _checked(on_new_message: OnNewMessage,
             address_of: Optional[Callable[[UserMessage], Optional[str]]] = None) -> OnNewMessage:
    """on_new_message for a checked text, and metadata rebuilt when `address_of` is given."""
    recent = RecentMessages()
    last_answers = LastAnswers()

    async def handle(message: UserMessage) -> None:
        if address_of is not None:
            message.metadata = trusted_metadata(message.metadata, address_of(message))
        reply = message.output_channel.send_text_message
        if len(message.text or "") > MAX_MESSAGE_LENGTH:
            await reply(message.sender_id, domain_text("utter_message_too_long"))
            return
        message.text = customer_text(message.text)
        previous = recent.swap(message.sender_id, message.text) if message.text else []
        if previous:
            context = {PREVIOUS_TEXTS: previous, PREVIOUS_ANSWERS: last_answers.get(message.sender_id)}
            message.metadata = {**(message.metadata or {}), **context}
        turn = _Turn()
        send_response = message.output_channel.send_response

        async def counted(recipient_id: str, response: Dict[str, Any]) -> None:
            turn.texts.append(response.get("text") or "")
            await send_response(recipient_id, response)

        message.output_channel.send_response = counted  # type: ignore[method-assign]
        token = _CURRENT_TURN.set(turn)
        try:
            await on_new_message(message)
        finally:
            _CURRENT_TURN.reset(token)
        last_answers.add(message.sender_id, turn.texts)
        if turn.action_failed and not turn.texts:
            report_failure("action_server", RuntimeError("a custom action could not run"),
                           conversation=message.sender_id)
            await reply(message.sender_id, domain_text("utter_service_unavailable"))

    return handle


class CheckedRestInput(RestInput):
    """Rasa's REST channel (`/webhooks/rest/webhook`) with server-side metadata."""

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        return trusted_metadata((request.json or {}).get("metadata"), request_address(request))

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(_checked(on_new_message))


class RestrictedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (the widget), restricted to the allowed origins."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(_checked(on_new_message, self._address_of))
        self.sio.eio.cors_allowed_origins = allowed_origins()
        _share_sockets_across_processes(self.sio)
        return blueprint

    def _address_of(self, message: UserMessage) -> Optional[str]:
        """The address of a socket in the message's session (its room, by session persistence)."""
        for _, eio_sid in self.sio.manager.get_participants(self.namespace or "/", message.sender_id):
            request = (self.sio.environ.get(eio_sid) or {}).get("sanic.request")
            if request is not None:
                return request_address(request)
        return None


def _share_sockets_across_processes(sio: Any) -> None:
    """With several Rasa processes (`make run-prod`), a message for a widget (an advisor's reply
    sent through the HTTP API) may be emitted by a process that does not hold the customer's
    socket: with CIVETTE_SOCKETIO_REDIS_URL set, emits go through Redis to the process that does."""
    url = os.environ.get("CIVETTE_SOCKETIO_REDIS_URL")
    if url:
        manager = socketio.AsyncRedisManager(url, channel="civette-socketio")
        manager.set_server(sio)
        sio.manager = manager
