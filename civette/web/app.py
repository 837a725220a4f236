"""The web server: the demo shop page with the chat widget, the widget bundle and what a widget
missed while offline, the agent console.

    python -m civette.web          (CIVETTE_WEB_PORT, default 8000)
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import List

from jinja2 import Environment, PackageLoader, select_autoescape
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, empty, file, html, json, text

from civette import db
from civette.incidents import report_failure
from civette.web.config import WebConfig
from civette.web.console import Console, console_blueprint
from civette.web.rasa_api import RasaApi, RasaUnavailable
from civette.web.security import add_security_headers

WIDGET_BUNDLE = "civette-widget.js"
# A widget's session id, as Rasa's socket.io channel makes them (uuid4().hex): the only key to its
# conversation, known to that browser alone.
WIDGET_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def allow_widget_sites(request: Request, response: HTTPResponse, sites: List[str]) -> HTTPResponse:
    """CORS for the shop's sites (the widget runs on their pages); this server's own pages need none."""
    origin = request.headers.get("origin")
    if origin in sites:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Vary"] = "Origin"
    return response


def create_app(config: WebConfig) -> Sanic:
    app = Sanic("civette_web")
    templates = Environment(loader=PackageLoader("civette.web", "templates"),
                            autoescape=select_autoescape(["html"]))
    sessions = db.make_session_factory(db.make_engine())
    rasa = RasaApi(config.rasa_url, config.rasa_auth_token)
    console = Console(config, sessions, templates, rasa)
    widget_sites = os.environ.get("CIVETTE_ALLOWED_ORIGINS", "").split()
    app.blueprint(console_blueprint(console))
    app.static("/static", os.path.join(os.path.dirname(__file__), "static"))

    @app.get("/")
    async def demo_shop(request: Request) -> HTTPResponse:
        page = templates.get_template("demo.html").render(rasa_url=config.rasa_public_url)
        return html(page)

    @app.get(f"/widget/{WIDGET_BUNDLE}")
    async def widget(request: Request) -> HTTPResponse:
        bundle = config.widget_dir / WIDGET_BUNDLE
        if not bundle.exists():
            return text("Widget non construit : lancez « make widget ».", status=404)
        return await file(bundle, mime_type="application/javascript; charset=utf-8")

    async def read_missed_messages(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        session_id, after = body.get("session_id"), body.get("after")
        if not (isinstance(session_id, str) and WIDGET_SESSION_ID.match(session_id)
                and (after is None or type(after) in (int, float))):
            return json({"error": "requête invalide"}, status=400)
        try:
            messages = await asyncio.to_thread(rasa.widget_messages, session_id, after)
        except RasaUnavailable as error:
            await asyncio.to_thread(report_failure, "rasa", error, sessions)
            return json({"error": "assistant injoignable"}, status=502)
        return json({"messages": messages}, headers={"Cache-Control": "no-store"})

    @app.route("/widget/missed-messages", methods=["POST", "OPTIONS"])
    async def missed_messages(request: Request) -> HTTPResponse:
        """What a widget's conversation was sent after the tracker timestamp `after` (null: from
        the start), read from Rasa: {"session_id": "…", "after": 1732700000.123}. Nothing logged."""
        response = empty() if request.method == "OPTIONS" else await read_missed_messages(request)
        return allow_widget_sites(request, response, widget_sites)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        return text("ok")

    @app.middleware("response")
    async def security_headers(request: Request, response: HTTPResponse) -> None:
        add_security_headers(response, config.rasa_public_url)

    return app


def main() -> None:
    app = create_app(WebConfig.from_env())
    app.run(host=os.environ.get("CIVETTE_WEB_HOST", "127.0.0.1"),
            port=int(os.environ.get("CIVETTE_WEB_PORT", "8000")), access_log=False, motd=False)


if __name__ == "__main__":
    main()
