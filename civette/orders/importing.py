"""Importing order files (CSV, JSON) row by row: a bad row is reported with its line and reason,
good rows are kept, and the database gets all the good rows or nothing.

Files come from spreadsheets as often as from scripts: UTF-8 (with or without BOM) or Excel's
Windows-1252, CSV separated by `,` or by `;` (Excel in French).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Tuple

from sqlalchemy.orm import sessionmaker

from civette.orders.records import (
    InvalidRecord,
    OrderRecord,
    record_from_csv_row,
    record_from_woocommerce,
)
from civette.orders.store import save_records


class UnreadableFile(ValueError):
    pass


@dataclass
class ImportReport:
    imported: int = 0
    errors: List[Tuple[int, str]] = field(default_factory=list)  # (line, reason)


# Control characters no text export holds (tab, line feed and carriage return excepted).
BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not BINARY.search(data):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    raise UnreadableFile("not a text file in UTF-8 or Windows-1252 (save the spreadsheet as CSV)")


def _csv_rows(path: Path) -> Iterator[Tuple[int, dict]]:
    text = _read_text(path)
    header = text.partition("\n")[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if not reader.fieldnames:
            raise UnreadableFile("empty CSV file")
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:
        raise UnreadableFile(f"after line {reader.line_num}: {error}") from None


def _json_rows(path: Path) -> Iterator[Tuple[int, dict]]:
    """A JSON array of WooCommerce orders, each optionally with "shipment_trackings"."""
    text = _read_text(path)
    try:
        orders = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"invalid JSON at line {error.lineno}: {error.msg}") from None
    if not isinstance(orders, list):
        raise UnreadableFile("expected a JSON array of orders")
    decoder = json.JSONDecoder()
    index = text.index("[") + 1
    for order in orders:
        while text[index] in " \t\r\n,":
            index += 1
        yield text.count("\n", 0, index) + 1, order
        _, index = decoder.raw_decode(text, index)


def _from_json(order: dict) -> OrderRecord:
    trackings = (order.get("shipment_trackings") or []) if isinstance(order, dict) else []
    if not isinstance(trackings, list):
        raise InvalidRecord("shipment_trackings must be a list")
    return record_from_woocommerce(order, trackings)


READERS = {
    ".csv": (_csv_rows, record_from_csv_row),
    ".json": (_json_rows, _from_json),
}


def import_file(path: Path, session_factory: sessionmaker) -> ImportReport:
    try:
        read_rows, to_record = READERS[path.suffix.lower()]
    except KeyError:
        raise UnreadableFile("only .csv and .json files can be imported") from None
    report = ImportReport()
    records = []
    for line, raw in read_rows(path):
        try:
            records.append(to_record(raw))
        except InvalidRecord as error:
            report.errors.append((line, str(error)))
    with session_factory() as session, session.begin():
        report.imported = save_records(session, records)
    return report
