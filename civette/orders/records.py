"""Validated order records, read from WooCommerce JSON or from our CSV export format.

Every reader raises InvalidRecord with a reason a person can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Tuple

from civette.chronopost import is_tracking_number
from civette.identity import EMAIL, is_valid_order_number
from civette.order_status import OrderStatus

POSTCODE = re.compile(r"^[0-9A-Za-z -]{3,10}$")


class InvalidRecord(ValueError):
    pass


@dataclass(frozen=True)
class LineRecord:
    product_name: str
    quantity: int
    total: Decimal


@dataclass(frozen=True)
class ShipmentRecord:
    tracking_number: str
    date_shipped: datetime
    provider: str = "chronopost"


@dataclass(frozen=True)
class OrderRecord:
    number: str
    status: OrderStatus
    email: str
    postcode: str
    first_name: str
    last_name: str
    total: Decimal
    currency: str
    date_created: datetime
    date_paid: Optional[datetime] = None
    date_completed: Optional[datetime] = None
    lines: Tuple[LineRecord, ...] = ()
    shipments: Tuple[ShipmentRecord, ...] = ()


def _text(raw: Dict[str, Any], key: str, required: bool = True) -> str:
    value = raw.get(key)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise InvalidRecord(f"{key} is missing")
    return value


def _number(value: str) -> str:
    if not is_valid_order_number(value):
        raise InvalidRecord(f"order number {value[:40]!r} is not 3 to 12 digits")
    return value


def _status(value: str) -> OrderStatus:
    try:
        return OrderStatus(value.removeprefix("wc-"))
    except ValueError:
        raise InvalidRecord(f"unknown status {value[:40]!r}") from None


def _email(value: str) -> str:
    if not EMAIL.fullmatch(value):
        raise InvalidRecord(f"invalid email {value[:60]!r}")
    return value.lower()


def _postcode(value: str) -> str:
    if not POSTCODE.match(value):
        raise InvalidRecord(f"invalid postcode {value[:20]!r}")
    return value.replace(" ", "")


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise InvalidRecord(f"{field} {str(value)[:20]!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidRecord(f"{field} {value!r} is not a positive amount")
    return amount.quantize(Decimal("0.01"))


def _datetime(value: Any, field: str, required: bool = False) -> Optional[datetime]:
    """ISO 8601 dates (naive: shop time) or Unix timestamps, as naive datetimes."""
    if value in (None, ""):
        if required:
            raise InvalidRecord(f"{field} is missing")
        return None
    try:
        if isinstance(value, (int, float)) or str(value).isdigit():
            return datetime.fromtimestamp(int(value), tz=timezone.utc).replace(tzinfo=None)
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise InvalidRecord(f"{field} {str(value)[:30]!r} is not a date") from None
    return parsed.replace(tzinfo=None)


def _shipment(tracking_number: str, date_shipped: Any, provider: str = "chronopost") -> ShipmentRecord:
    number = tracking_number.strip().upper()
    if not is_tracking_number(number):
        raise InvalidRecord(f"tracking number {tracking_number[:30]!r} is not a Chronopost number")
    return ShipmentRecord(number, _datetime(date_shipped, "date_shipped", required=True), provider)


def record_from_woocommerce(order: Dict[str, Any], trackings: List[Dict[str, Any]]) -> OrderRecord:
    """An order of the WooCommerce REST API (v3) with its Shipment Tracking entries."""
    if not isinstance(order, dict):
        raise InvalidRecord("an order must be a JSON object")
    billing = order.get("billing") or {}
    if not isinstance(billing, dict):
        raise InvalidRecord("billing must be an object")
    lines = []
    for item in order.get("line_items") or []:
        quantity = item.get("quantity")
        if not isinstance(quantity, int) or quantity <= 0:
            raise InvalidRecord(f"line item quantity {quantity!r} is not a positive integer")
        lines.append(LineRecord(_text(item, "name"), quantity, _money(item.get("total"), "line total")))
    return OrderRecord(
        number=_number(_text(order, "number", required=False) or _text(order, "id")),
        status=_status(_text(order, "status")),
        email=_email(_text(billing, "email")),
        postcode=_postcode(_text(billing, "postcode")),
        first_name=_text(billing, "first_name", required=False),
        last_name=_text(billing, "last_name", required=False),
        total=_money(order.get("total"), "total"),
        currency=_text(order, "currency", required=False) or "EUR",
        date_created=_datetime(order.get("date_created"), "date_created", required=True),
        date_paid=_datetime(order.get("date_paid"), "date_paid"),
        date_completed=_datetime(order.get("date_completed"), "date_completed"),
        lines=tuple(lines),
        shipments=tuple(
            _shipment(_text(t, "tracking_number"), t.get("date_shipped"),
                      _text(t, "tracking_provider", required=False).lower() or "chronopost")
            for t in trackings
        ),
    )


CSV_COLUMNS = (
    "number", "status", "email", "postcode", "first_name", "last_name", "total", "date_created",
    "date_paid", "date_completed", "items", "tracking_number", "date_shipped",
)


def _csv_items(value: str) -> Tuple[LineRecord, ...]:
    """Items as "name:quantity:total" separated by "|", e.g. "Humidor:1:189.00|Étui:2:30.00"."""
    lines = []
    for item in filter(None, (part.strip() for part in value.split("|"))):
        name, _, rest = item.rpartition(":")
        name, _, quantity = name.rpartition(":")
        if not name or not quantity.isdigit() or int(quantity) <= 0:
            raise InvalidRecord(f"item {item[:40]!r} is not name:quantity:total")
        lines.append(LineRecord(name.strip(), int(quantity), _money(rest, "item total")))
    return tuple(lines)


def record_from_csv_row(row: Dict[str, Any]) -> OrderRecord:
    missing = [column for column in ("number", "status", "email", "postcode", "total", "date_created")
               if column not in row]
    if missing:
        raise InvalidRecord(f"missing columns: {', '.join(missing)}")
    tracking = _text(row, "tracking_number", required=False)
    return OrderRecord(
        number=_number(_text(row, "number")),
        status=_status(_text(row, "status")),
        email=_email(_text(row, "email")),
        postcode=_postcode(_text(row, "postcode")),
        first_name=_text(row, "first_name", required=False),
        last_name=_text(row, "last_name", required=False),
        total=_money(_text(row, "total"), "total"),
        currency="EUR",
        date_created=_datetime(_text(row, "date_created"), "date_created", required=True),
        date_paid=_datetime(_text(row, "date_paid", required=False), "date_paid"),
        date_completed=_datetime(_text(row, "date_completed", required=False), "date_completed"),
        lines=_csv_items(_text(row, "items", required=False)),
        shipments=(_shipment(tracking, _text(row, "date_shipped", required=False)),) if tracking else (),
    )
