"""The `civette` command: order store and helpdesk administration.

    civette db upgrade                 create or migrate the order store (CIVETTE_DATABASE_URL)
    civette import FILE [FILE ...]     import orders from CSV or JSON files
    civette sync-woocommerce           copy the WooCommerce store's orders (WOOCOMMERCE_* variables)
    civette demo [--force]             load the demo data set (into the embedded default database
                                       only, unless --force)
    civette agent add USERNAME [--name NAME]
                                       create a console agent (password asked, or read from stdin)
    civette agent remove USERNAME      delete a console agent and their sessions
    civette agent reset-password USERNAME
                                       set a new password (asked, or read from stdin); ends the
                                       agent's sessions
    civette outbox retry               try again now every delivery to Zendesk or Chatwoot not done
    civette mail triage PATH... [--dry-run] [--json]
                                       triage .eml files, directories or Maildirs (civette.mail)
    civette mail poll                  the triage's production loop over IMAP (IMAP_* variables)
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

from sqlalchemy.engine import make_url

from civette import db
from civette.helpdesk.agents import AgentError, create_agent, remove_agent, reset_password
from civette.helpdesk.connectors import connectors_from_env
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.outbox import Outbox, undelivered
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


def _agent(sessions, action: str, username: str, name: str) -> int:
    try:
        if action == "add":
            create_agent(sessions, username, name, _read_password(), utc_now())
        elif action == "remove":
            remove_agent(sessions, username)
        else:
            reset_password(sessions, username, _read_password())
    except AgentError as error:
        print(f"agent {username}: {error}", file=sys.stderr)
        return 1
    done = {"add": "created", "remove": "removed", "reset-password": "password changed, sessions ended"}
    print(f"agent {username} {done[action]}")
    return 0


def _retry_outbox(sessions) -> int:
    sent = Outbox(sessions, connectors_from_env()).retry_all(utc_now())
    left = undelivered(sessions)
    print(f"outbox: {sent} delivered, {len(left)} not delivered")
    for item in left:
        print(f"  case {item.case_id} to {item.connector}: {item.status}, {item.attempts} attempts, "
              f"{item.last_error}")
    return 1 if left else 0


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
    demo_parser.add_argument("--force", action="store_true",
                             help="also into a database other than the embedded default")
    agent_parser = commands.add_parser("agent", help="console agents")
    agent_parser.add_argument("action", choices=["add", "remove", "reset-password"])
    agent_parser.add_argument("username")
    agent_parser.add_argument("--name", default="", help="name shown to colleagues (add)")
    outbox_parser = commands.add_parser("outbox", help="deliveries to Zendesk and Chatwoot")
    outbox_parser.add_argument("action", choices=["retry"])
    mail_parser = commands.add_parser("mail", help="email triage of the shop's inbox")
    mail_parser.add_argument("action", choices=["triage", "poll"])
    mail_parser.add_argument("paths", nargs="*", type=Path, help=".eml files, directories, Maildirs")
    mail_parser.add_argument("--dry-run", action="store_true", help="send and record nothing")
    mail_parser.add_argument("--json", action="store_true", help="one JSON line per message")
    args = parser.parse_args(argv)

    if args.command == "mail":
        from civette.mail import command as mail_command  # the model loads only for mail

        if args.action == "poll":
            return mail_command.poll_command() or 0
        return mail_command.triage_command(args.paths, args.dry_run, args.json)

    if args.command == "db":
        db.upgrade()
        return 0
    sessions = db.make_session_factory(db.make_engine())
    if args.command == "agent":
        return _agent(sessions, args.action, args.username, args.name)
    if args.command == "outbox":
        return _retry_outbox(sessions)
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
    if db.database_url() != db.DEFAULT_URL and not args.force:
        url = make_url(db.database_url()).render_as_string(hide_password=True)
        print(f"demo data not loaded: {url} is not the embedded default database and may hold "
              "real orders (civette demo --force loads them there)", file=sys.stderr)
        return 1
    with sessions() as session, session.begin():
        count = save_records(session, demo_records(args.today))
    print(f"demo data: {count} orders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
