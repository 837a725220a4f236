"""The production layout on one machine: Rasa processes and action servers behind nginx (Debian's
package, run as the current user), conversations in PostgreSQL, turns locked in Redis, orders and
cases in PostgreSQL. `make run-prod` (scripts/run-prod.sh) starts it; tests and the benchmark use
`production_layout`.

    python -m civette.prod_layout prepare   databases created if missing and migrated, demo orders
                                            into an empty store, nginx configuration written under
                                            var/nginx/; prints the layout's settings and nginx's
                                            command for the shell (scripts/run-prod.sh)
"""

from __future__ import annotations

import os
import shlex
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Mapping, NamedTuple, Sequence
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from civette import db
from civette.nginx import nginx_command, write_nginx_config
from civette.orders.demo import load_demo_orders
from civette.servers import RunningServer, _process, action_server, free_port, rasa_servers
from civette.settings import PROJECT_ROOT

ENDPOINTS = PROJECT_ROOT / "endpoints.production.yml"

# Every setting of the layout, overridable by the environment. The TRACKER_DB_* and REDIS_*
# variables are those endpoints.production.yml reads.
DEFAULTS = {
    "NGINX_PORT": "8080",           # Rasa for the world: REST, socket.io, HTTP API
    "NGINX_ACTIONS_PORT": "8081",   # the action servers, for Rasa
    "RASA_PORTS": "5005 5006",
    "ACTIONS_PORTS": "5055 5056",
    "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": "civette_tracker",
    "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "",
    "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "0",
    "CIVETTE_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/civette",
    "CIVETTE_REDIS_URL": "redis://127.0.0.1:6379/1",  # the order lookup's throttle, shared
    "CIVETTE_SOCKETIO_REDIS_URL": "redis://127.0.0.1:6379/2",  # widget messages between processes
}


def layout_settings(environ: Mapping[str, str]) -> Dict[str, str]:
    """DEFAULTS overridden by `environ`, and where Rasa reaches the action servers (through nginx)."""
    settings = {name: environ.get(name, default) for name, default in DEFAULTS.items()}
    settings["ACTION_SERVER_URL"] = f"http://127.0.0.1:{settings['NGINX_ACTIONS_PORT']}/webhook"
    return settings


def tracker_url(settings: Mapping[str, str]) -> str:
    return sa.engine.URL.create(
        "postgresql", username=settings["TRACKER_DB_USER"], password=settings["TRACKER_DB_PASSWORD"] or None,
        host=settings["TRACKER_DB_HOST"], port=int(settings["TRACKER_DB_PORT"]),
        database=settings["TRACKER_DB_NAME"],
    ).render_as_string(hide_password=False)


def create_database_if_missing(url: str) -> bool:
    """Creates the PostgreSQL database of `url` (connecting to the server's `postgres` database);
    True when it did."""
    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": target.database}).first()
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(target.database)
                connection.execute(sa.text(f"CREATE DATABASE {quoted}"))
    finally:
        admin.dispose()
    return not exists


def prepare_databases(settings: Mapping[str, str], demo: bool) -> List[str]:
    """The tracker and store databases created if missing, the store migrated and, with `demo`,
    the demo orders loaded into it if it is empty; what was done."""
    done = [f"base {make_url(url).database} créée"
            for url in (tracker_url(settings), settings["CIVETTE_DATABASE_URL"]) if create_database_if_missing(url)]
    store = settings["CIVETTE_DATABASE_URL"]
    if not demo:
        db.upgrade(store)
    elif count := load_demo_orders(store, only_into_an_empty_store=True):
        done.append(f"{count} commandes de démonstration chargées dans {make_url(store).database}")
    return done


def process_environment(settings: Mapping[str, str]) -> Dict[str, str]:
    """What endpoints.production.yml reads, and the store and throttle the action servers use."""
    names = [name for name in settings if name.startswith(("TRACKER_DB_", "REDIS_", "CIVETTE_"))]
    return {**{name: settings[name] for name in names}, "ACTION_SERVER_URL": settings["ACTION_SERVER_URL"],
            # Behind nginx: the client's address is the last one nginx adds to X-Forwarded-For.
            "SANIC_PROXIES_COUNT": "1"}


class Layout(NamedTuple):
    url: str                   # nginx: REST, socket.io and the HTTP API
    rasa: List[RunningServer]  # each Rasa process, directly


@contextmanager
def production_layout(
    log_dir: Path, auth_token: str, env: Mapping[str, str], processes: int = 2, demo: bool = True
) -> Iterator[Layout]:
    """`processes` Rasa servers (started together) and as many action servers behind nginx, on free
    ports, with the databases `env` names (layout_settings) prepared; every process gets `env`.
    Logs in `log_dir`: one file per process, nginx-access.log tells which process served a request."""
    settings = layout_settings({**env, "NGINX_PORT": str(free_port()), "NGINX_ACTIONS_PORT": str(free_port())})
    prepare_databases(settings, demo)
    process_env = {**env, **process_environment(settings)}
    with ExitStack() as stack:
        action_urls = [stack.enter_context(action_server(log_dir, process_env)) for _ in range(processes)]
        servers = stack.enter_context(rasa_servers(processes, ENDPOINTS, log_dir, auth_token, process_env))
        settings.update(RASA_PORTS=_ports(server.url for server in servers), ACTIONS_PORTS=_ports(action_urls))
        config = write_nginx_config(settings, log_dir / "nginx", log_dir)
        url = f"http://127.0.0.1:{settings['NGINX_PORT']}"
        stack.enter_context(_process(nginx_command(config), f"{url}/", log_dir / "nginx.log", {}))
        yield Layout(url, servers)


def _ports(urls: Iterable[str]) -> str:
    return " ".join(str(urlsplit(url).port) for url in urls)


def _shell_lines(settings: Mapping[str, str], config: Path) -> str:
    """The settings and the processes' environment as exports, and nginx's command as an array."""
    exports = [f"export {name}={shlex.quote(value)}"
               for name, value in {**settings, **process_environment(settings)}.items()]
    return "\n".join([*exports, f"nginx_command=({shlex.join(nginx_command(config))})"])


def main(argv: Sequence[str]) -> int:
    if list(argv) != ["prepare"]:
        print(__doc__, file=sys.stderr)
        return 2
    settings = layout_settings(os.environ)
    # Demo orders and the demo advisor only in the layout's own default store: a store named by
    # CIVETTE_DATABASE_URL may be the shop's, not yet synced.
    demo = "CIVETTE_DATABASE_URL" not in os.environ
    for line in prepare_databases(settings, demo):
        print(line, file=sys.stderr)
    log_dir = Path(os.environ.get("CIVETTE_LOG_DIR", PROJECT_ROOT / "var" / "logs"))  # as scripts/lib.sh
    config = write_nginx_config(settings, PROJECT_ROOT / "var" / "nginx", log_dir)
    print(_shell_lines(settings, config))
    print(f"export CIVETTE_DEMO={int(demo)}")
    shown = make_url(settings["CIVETTE_DATABASE_URL"]).render_as_string(hide_password=True)
    print(f"CIVETTE_DATABASE_URL_SHOWN={shlex.quote(shown)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
