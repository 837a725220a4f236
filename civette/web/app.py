"""The web server: the demo shop page with the chat widget, the widget bundle, the agent console.

    python -m civette.web          (CIVETTE_WEB_PORT, default 8000)
"""

from __future__ import annotations

import os

from jinja2 import Environment, PackageLoader, select_autoescape
from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, file, html, text

from civette import db
from civette.web.config import WebConfig
from civette.web.console import Console, console_blueprint
from civette.web.rasa_api import RasaApi
from civette.web.security import add_security_headers

WIDGET_BUNDLE = "civette-widget.js"


def create_app(config: WebConfig) -> Sanic:
    app = Sanic("civette_web")
    templates = Environment(loader=PackageLoader("civette.web", "templates"),
                            autoescape=select_autoescape(["html"]))
    sessions = db.make_session_factory(db.make_engine())
    console = Console(config, sessions, templates, RasaApi(config.rasa_url, config.rasa_auth_token))
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
