"""A realistic demo data set: a few hundred orders in every status, dated relative to today so
that "late" and "on time" parcels exist whenever the demo runs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

from civette.order_status import OrderStatus
from civette.orders.records import LineRecord, OrderRecord, ShipmentRecord
from civette.text import fold
from civette.working_days import working_days_before

PRODUCTS = [
    ("Humidor en noyer 50 cigares", Decimal("189.00")),
    ("Briquet S.T. Dupont Ligne 2", Decimal("890.00")),
    ("Coupe-cigare double lame", Decimal("35.00")),
    ("Étui à cigares en cuir (3 cigares)", Decimal("79.00")),
    ("Cave à cigares électrique", Decimal("420.00")),
    ("Pipe Chacom bruyère", Decimal("120.00")),
    ("Cendrier en cristal", Decimal("95.00")),
    ("Hygromètre digital", Decimal("29.00")),
    ("Briquet torche triple flamme", Decimal("59.00")),
]
FIRST_NAMES = ["Camille", "Julien", "Sophie", "Thomas", "Léa", "Nicolas", "Chloé", "Antoine",
               "Manon", "Hugo", "Inès", "Louis", "Claire", "Mathieu", "Élise", "Paul"]
LAST_NAMES = ["Martin", "Bernard", "Petit", "Durand", "Moreau", "Laurent", "Simon", "Michel",
              "Lefebvre", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert"]
POSTCODES = ["75001", "75008", "75016", "69003", "33000", "13006", "59000", "31000", "44000",
             "67000", "06000", "35000", "92200", "78000", "34000"]
STATUS_WEIGHTS = {
    OrderStatus.COMPLETED: 55, OrderStatus.PROCESSING: 15, OrderStatus.ON_HOLD: 8,
    OrderStatus.PENDING: 5, OrderStatus.CANCELLED: 9, OrderStatus.REFUNDED: 5, OrderStatus.FAILED: 3,
}


@dataclass(frozen=True)
class Showcase:
    """A demo order listed in the README, so anyone can try the flow."""
    number: str
    status: OrderStatus
    first_name: str
    last_name: str
    postcode: str
    shipped_working_days_ago: Optional[int] = None
    tracking_number: Optional[str] = None

    @property
    def email(self) -> str:
        return f"{self.first_name.lower()}.{self.last_name.lower()}@exemple.fr"


SHOWCASES = [
    Showcase("48213", OrderStatus.COMPLETED, "camille", "martin", "75008", 2, "XN081879383FR"),
    Showcase("48214", OrderStatus.PROCESSING, "julien", "bernard", "69003"),
    Showcase("48215", OrderStatus.ON_HOLD, "sophie", "petit", "33000"),
    Showcase("48216", OrderStatus.CANCELLED, "thomas", "durand", "13006"),
    Showcase("48217", OrderStatus.COMPLETED, "lea", "moreau", "59000", 9, "XN081879390FR"),
    Showcase("48218", OrderStatus.REFUNDED, "nicolas", "laurent", "31000"),
]


def _record(number: str, status: OrderStatus, first: str, last: str, email: str, postcode: str,
            created: datetime, shipped: Optional[datetime], tracking: Optional[str],
            rng: random.Random) -> OrderRecord:
    lines = [LineRecord(name, quantity, price * quantity)
             for name, price in rng.sample(PRODUCTS, rng.randint(1, 3))
             for quantity in [rng.randint(1, 2)]]
    return OrderRecord(
        number=number, status=status, email=email, postcode=postcode,
        first_name=first.capitalize(), last_name=last.capitalize(),
        total=sum((line.total for line in lines), Decimal("0")), currency="EUR",
        date_created=created,
        date_paid=shipped if status in (OrderStatus.COMPLETED, OrderStatus.REFUNDED) else None,
        date_completed=shipped,
        lines=tuple(lines),
        shipments=(ShipmentRecord(tracking, shipped),) if tracking and shipped else (),
    )


def demo_records(today: date, count: int = 300, seed: int = 20241031) -> List[OrderRecord]:
    rng = random.Random(seed)
    records = []
    for showcase in SHOWCASES:
        shipped = None
        if showcase.shipped_working_days_ago is not None:
            shipped_day = working_days_before(today, showcase.shipped_working_days_ago)
            shipped = datetime.combine(shipped_day, time(15, 30))
        created = datetime.combine(today - timedelta(days=14 if shipped else 1), time(10, 5))
        records.append(_record(showcase.number, showcase.status, showcase.first_name,
                               showcase.last_name, showcase.email, showcase.postcode,
                               created, shipped, showcase.tracking_number, rng))
    statuses, weights = zip(*STATUS_WEIGHTS.items())
    for number in rng.sample(range(40000, 48200), count):
        status = rng.choices(statuses, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        created = datetime.combine(today - timedelta(days=rng.randint(1, 90)),
                                   time(rng.randint(8, 22), rng.randint(0, 59)))
        shipped = tracking = None
        if status == OrderStatus.COMPLETED:
            shipped = created + timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 8))
            tracking = (f"XN{rng.randint(0, 999_999_999):09d}FR" if rng.random() < 0.8
                        else str(rng.randint(10**13, 10**14 - 1)))
        email = fold(f"{first}.{last}.{number}@exemple.fr")
        records.append(_record(str(number), status, first, last, email, rng.choice(POSTCODES),
                               created, shipped, tracking, rng))
    return records


def load_demo_orders(url: str, only_into_an_empty_store: bool = False) -> int:
    """The demo data set, dated from today, into the store at `url` (migrated first); how many
    orders were loaded: none when `only_into_an_empty_store` and the store already holds some."""
    from sqlalchemy import select

    from civette import db
    from civette.orders.models import Order
    from civette.orders.store import save_records

    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        with db.make_session_factory(engine)() as session, session.begin():
            if only_into_an_empty_store and session.scalars(select(Order.id).limit(1)).first() is not None:
                return 0
            return save_records(session, demo_records(date.today()))
    finally:
        engine.dispose()


def create_demo_store(path: Path) -> str:
    """A SQLite order store at `path` holding the demo data set, dated from today; its URL."""
    url = f"sqlite:///{path}"
    load_demo_orders(url)
    return url
