"""The action server: rasa_sdk's app for the `actions` package, listening on loopback by default
and answering only calls that carry the shared secret (CIVETTE_ACTION_SERVER_TOKEN) in the
X-Civette-Action-Token header, which Rasa sends from endpoints.yml.

    python -m civette.action_server [--port 5055]   (host: CIVETTE_ACTIONS_HOST, default 127.0.0.1)
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request

from civette.quiet import silence_third_party

TOKEN_HEADER = "X-Civette-Action-Token"
OPEN_PATHS = {"/health"}

logger = logging.getLogger(__name__)


def create_action_app(token: str) -> Sanic:
    if not token:
        raise SystemExit("CIVETTE_ACTION_SERVER_TOKEN is not set: the action server would be open to anyone")
    from rasa_sdk.endpoint import create_app  # after silence_third_party(): sanic_cors warns as it loads

    app = create_app("actions", cors_origins=[])

    @app.on_request
    async def require_token(request: Request) -> Optional[response.HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        if hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), token.encode()):
            return None
        logger.warning("action call refused: missing or wrong %s (from %s)", TOKEN_HEADER, request.ip)
        return response.json({"error": "forbidden"}, status=403)

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    args = parser.parse_args()
    silence_third_party()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_action_app(os.environ.get("CIVETTE_ACTION_SERVER_TOKEN", ""))
    app.run(os.environ.get("CIVETTE_ACTIONS_HOST", "127.0.0.1"), args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
