"""Finding an order for a customer who proved it is theirs.

A lookup answers None both for an unknown order number and for a wrong email or postcode, with
the same work in both cases (one query, the same comparisons), so nobody can learn whether an
order number exists, from the answer or from its timing.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Optional, Protocol, Tuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, sessionmaker

from civette.identity import normalise_proof
from civette.order_status import OrderStatus
from civette.orders.models import Order


class OrderStoreUnavailable(Exception):
    """The order store (database or WooCommerce) cannot be reached right now."""


@dataclass(frozen=True)
class ShipmentView:
    tracking_number: str
    date_shipped: datetime


@dataclass(frozen=True)
class OrderView:
    number: str
    status: OrderStatus
    date_created: datetime
    total: Decimal
    date_completed: Optional[datetime] = None
    shipments: Tuple[ShipmentView, ...] = ()

    @property
    def last_shipment(self) -> Optional[ShipmentView]:
        return max(self.shipments, key=lambda s: s.date_shipped) if self.shipments else None


def order_view(source) -> OrderView:
    """The view of a stored Order or of an OrderRecord (they share these attributes)."""
    return OrderView(
        number=source.number,
        status=source.status,
        date_created=source.date_created,
        total=source.total,
        date_completed=source.date_completed,
        shipments=tuple(ShipmentView(s.tracking_number, s.date_shipped) for s in source.shipments),
    )


class OrderLookup(Protocol):
    def find_verified(self, number: str, proof: str) -> Optional[OrderView]:
        """The order if `proof` is its billing email or postcode, else None."""


# Compared against when the order does not exist, so that a miss costs what a wrong proof costs.
ABSENT_ORDER_PROOFS = ("absent@order.invalid", "00000")


def proof_matches(email: str, postcode: str, proof: str) -> bool:
    given = normalise_proof(proof).encode()
    return any(
        hmac.compare_digest(normalise_proof(expected).encode(), given)
        for expected in (email, postcode)
        if expected
    )


class DatabaseOrderLookup:
    """Looks orders up in the order store (SQLite or PostgreSQL)."""

    def __init__(self, session_factory: sessionmaker) -> None:
        self.session_factory = session_factory

    def _find(self, number: str) -> Optional[Order]:
        # One query (shipments joined), whether the order exists or not.
        query = select(Order).options(joinedload(Order.shipments)).where(Order.number == number)
        try:
            with self.session_factory() as session:
                return session.execute(query).unique().scalar_one_or_none()
        except SQLAlchemyError as error:
            raise OrderStoreUnavailable(str(error)) from error

    def find_verified(self, number: str, proof: str) -> Optional[OrderView]:
        order = self._find(number)
        expected = (order.billing_email, order.billing_postcode) if order else ABSENT_ORDER_PROOFS
        matches = proof_matches(*expected, proof)
        return order_view(order) if order is not None and matches else None

    def find_for_staff(self, number: str) -> Optional[OrderView]:
        """Any order, without proof: only for authenticated agents."""
        order = self._find(number)
        return order_view(order) if order else None
