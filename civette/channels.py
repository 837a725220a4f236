"""Rasa's socket.io channel, restricted to the sites allowed to embed the widget.

Rasa 3.6 creates its socket.io server accepting every origin; this channel keeps Rasa's
behaviour (and its name, so `output_channel=socketio` still reaches it) but rejects a
connection from any origin not listed in CIVETTE_ALLOWED_ORIGINS (space-separated).
"""

from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, List

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

DEFAULT_ALLOWED_ORIGINS = "http://localhost:8000 http://127.0.0.1:8000"


def allowed_origins() -> List[str]:
    return os.environ.get("CIVETTE_ALLOWED_ORIGINS", DEFAULT_ALLOWED_ORIGINS).split()


class RestrictedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        self.sio.eio.cors_allowed_origins = allowed_origins()
        return blueprint
