"""Importing CSV and JSON order files: bad rows reported with line and reason, good rows kept."""

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa

from civette import db
from civette.cli import main
from civette.orders.importing import UnreadableFile, import_file
from civette.settings import PROJECT_ROOT

from fakes import woocommerce_order

HEADER = "number,status,email,postcode,first_name,last_name,total,date_created,date_paid,date_completed,items,tracking_number,date_shipped\n"
GOOD = "48213,completed,camille.martin@exemple.fr,75008,Camille,Martin,189.00,2024-10-28T10:15:00,2024-10-29T15:30:00,2024-10-29T15:30:00,Humidor en noyer:1:189.00,XN081879383FR,2024-10-29T15:30:00\n"
ROWS = [
    GOOD,
    "48214,processing,julien@exemple.fr,69003,Julien,Bernard,35.00,2024-10-30T09:00:00,,,Coupe-cigare:1:35.00,,\n",
    "48215,shipped,x@exemple.fr,33000,,,10.00,2024-10-30T09:00:00,,,,,\n",        # unknown status
    "48216,completed,not-an-email,13006,,,10.00,2024-10-30T09:00:00,,,,,\n",      # bad email
    "12" + "3" * 200 + ",completed,a@exemple.fr,75001,,,10.00,2024-10-30,,,,,\n",  # absurd number
    "48217,completed,b@exemple.fr,59000,,,abc,2024-10-30T09:00:00,,,,,\n",        # bad amount
    "48218,completed,c@exemple.fr,59000,,,10.00,2024-10-30T09:00:00,,,Briquet:0:10.00,,\n",  # bad item
    "48219,completed,d@exemple.fr,59000,,,10.00,2024-10-30T09:00:00,,,,DROP TABLE,2024-10-30\n",
]


def count(sessions, table):
    with sessions() as session:
        return session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_csv_import_keeps_good_rows_and_reports_bad_ones(order_sessions, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    report = import_file(path, order_sessions)
    assert report.imported == 2
    assert [line for line, _ in report.errors] == [4, 5, 6, 7, 8, 9]
    reasons = dict(report.errors)
    assert "unknown status 'shipped'" in reasons[4]
    assert "invalid email" in reasons[5]
    assert "not 3 to 12 digits" in reasons[6]
    assert "not an amount" in reasons[7]
    assert "name:quantity:total" in reasons[8]
    assert "not a Chronopost number" in reasons[9]
    assert count(order_sessions, "orders") == 2
    assert count(order_sessions, "shipments") == 1 and count(order_sessions, "order_lines") == 2


def test_json_import_reads_woocommerce_orders_with_their_line_numbers(order_sessions, tmp_path):
    good = woocommerce_order(48213, "completed", "camille.martin@exemple.fr", "75008",
                             date_completed="2024-10-29T15:30:00")
    good["shipment_trackings"] = [{"tracking_number": "XN081879383FR", "tracking_provider": "Chronopost",
                                   "tracking_link": "", "date_shipped": "2024-10-29"}]
    bad = woocommerce_order(48214, "on-hold", "julien@exemple.fr", "69003", total="-5")
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([good, bad], indent=2), encoding="utf-8")
    report = import_file(path, order_sessions)
    starts = [number for number, line in enumerate(path.read_text().splitlines(), 1) if line == "  {"]
    bad_line = starts[1]
    assert report.imported == 1
    assert report.errors == [(bad_line, "total '-5' is not a positive amount")]
    assert count(order_sessions, "shipments") == 1


@pytest.mark.parametrize("content", ["{not json", '{"orders": []}'])
def test_unreadable_json_file_is_refused_whole(order_sessions, tmp_path, content):
    path = tmp_path / "orders.json"
    path.write_text(content)
    with pytest.raises(UnreadableFile):
        import_file(path, order_sessions)
    assert count(order_sessions, "orders") == 0


def test_command_line_import_reports_and_exits_non_zero_on_bad_rows(order_store_url, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + GOOD + ROWS[2], encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "civette.cli", "import", str(path)], cwd=PROJECT_ROOT,
        capture_output=True, text=True, env={"CIVETTE_DATABASE_URL": order_store_url, "PATH": ""},
    )
    assert run.returncode == 1
    assert "1 orders imported, 1 rejected" in run.stdout
    assert f"{path}:3: unknown status 'shipped'" in run.stdout


@pytest.fixture
def cli_store(tmp_path, monkeypatch):
    """An empty SQLite order store, the one `civette` commands use (CIVETTE_DATABASE_URL)."""
    url = f"sqlite:///{tmp_path / 'orders.db'}"
    db.upgrade(url)
    monkeypatch.setenv("CIVETTE_DATABASE_URL", url)
    engine = db.make_engine(url)
    yield db.make_session_factory(engine)
    engine.dispose()


def rows(sessions, query):
    with sessions() as session:
        return session.execute(sa.text(query)).all()


def test_excel_csv_in_windows_1252_with_semicolons_is_imported(cli_store, tmp_path):
    path = tmp_path / "commandes.csv"
    lines = [HEADER.strip().replace(",", ";"),
             "48213;completed;helene@exemple.fr;75008;Hélène;Lefèvre;189,00;2024-10-28T10:15:00;;;"
             "Étui à cigares:1:189,00;;",
             "48214;processing;noel@exemple.fr;69003;Noël;Cœur;35,00;2024-10-30T09:00:00;;;;;"]
    path.write_bytes("\r\n".join(lines + [""]).encode("cp1252"))
    assert main(["import", str(path)]) == 0
    assert rows(cli_store, "SELECT first_name, last_name FROM customers ORDER BY email") == [
        ("Hélène", "Lefèvre"), ("Noël", "Cœur")]
    assert rows(cli_store, "SELECT product_name, total_cents FROM order_lines") == [("Étui à cigares", 18900)]


def test_utf8_csv_with_a_byte_order_mark_is_imported(cli_store, tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_bytes("\ufeff".encode() + (HEADER + GOOD.replace("Camille", "Zoé")).encode())
    assert main(["import", str(path)]) == 0
    assert "1 orders imported, 0 rejected" in capsys.readouterr().out
    assert rows(cli_store, "SELECT number FROM orders") == [("48213",)]
    assert rows(cli_store, "SELECT first_name FROM customers") == [("Zoé",)]


@pytest.mark.parametrize("content", [
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256)),  # an Excel workbook renamed .csv
    (HEADER + GOOD).encode("utf-16"),                          # Excel's « Texte Unicode »
], ids=["workbook", "utf-16"])
def test_unreadable_csv_is_reported_in_one_line(cli_store, tmp_path, capsys, content):
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    assert main(["import", str(path)]) == 1
    output = capsys.readouterr()
    assert output.err == f"{path}: not a text file in UTF-8 or Windows-1252 (save the spreadsheet as CSV)\n"
    assert output.out == ""
    assert count(cli_store, "orders") == 0
