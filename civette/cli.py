"""The `civette` command: order store and helpdesk administration.

    civette db upgrade                 create or migrate the order store (CIVETTE_DATABASE_URL)
    civette import FILE [FILE ...]     import orders from CSV or JSON files
    civette sync-woocommerce           copy the WooCommerce store's orders (WOOCOMMERCE_* variables)
    civette demo                       load the demo data set
    civette agent add USERNAME [--name NAME]
                                       create a console agent (password asked, or read from stdin)
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

from civette import db
from civette.helpdesk.agents import AgentError, create_agent
from civette.helpdesk.handoff import utc_now
from civette.orders.demo import demo_records
from civette.orders.importing import ImportReport, UnreadableFile, import_file
from civette.orders.store import save_records
from civette.orders.woocommerce import WooCommerceClient, WooCommerceError, sync


def _print_report(source: str, report: ImportReport) -> None:
    print(f"{source}: {report.imported} orders imported, {len(report.errors)} rejected")
    for line, reason in report.errors:
        print(f"  {source}:{line}: {reason}")


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Confirmez le mot de passe : ") != password:
        raise AgentError("les deux mots de passe diffèrent")
    return password


def _add_agent(sessions, username: str, name: str) -> int:
    try:
        create_agent(sessions, username, name, _read_password(), utc_now())
    except AgentError as error:
        print(f"agent {username}: {error}", file=sys.stderr)
        return 1
    print(f"agent {username} created")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="civette", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    db_parser = commands.add_parser("db", help="order store schema")
    db_parser.add_argument("action", choices=["upgrade"])
    import_parser = commands.add_parser("import", help="import CSV or JSON order files")
    import_parser.add_argument("files", nargs="+", type=Path)
    commands.add_parser("sync-woocommerce", help="copy orders from WooCommerce")
    demo_parser = commands.add_parser("demo", help="load the demo data set")
    demo_parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    agent_parser = commands.add_parser("agent", help="console agents")
    agent_parser.add_argument("action", choices=["add"])
    agent_parser.add_argument("username")
    agent_parser.add_argument("--name", default="", help="name shown to colleagues")
    args = parser.parse_args(argv)

    if args.command == "db":
        db.upgrade()
        return 0
    sessions = db.make_session_factory(db.make_engine())
    if args.command == "agent":
        return _add_agent(sessions, args.username, args.name)
    if args.command == "import":
        failed = False
        for path in args.files:
            try:
                report = import_file(path, sessions)
            except (UnreadableFile, OSError) as error:
                print(f"{path}: {error}", file=sys.stderr)
                failed = True
                continue
            _print_report(str(path), report)
            failed = failed or bool(report.errors)
        return 1 if failed else 0
    if args.command == "sync-woocommerce":
        try:
            report = sync(WooCommerceClient.from_env(), sessions)
        except WooCommerceError as error:
            print(f"WooCommerce: {error}", file=sys.stderr)
            return 1
        _print_report("WooCommerce", report)
        return 1 if report.errors else 0
    with sessions() as session, session.begin():
        count = save_records(session, demo_records(args.today))
    print(f"demo data: {count} orders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
