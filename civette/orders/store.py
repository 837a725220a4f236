"""Writing validated order records into the order store."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from civette.orders.models import Customer, Order, OrderLine, Shipment
from civette.orders.records import OrderRecord


def _customer(session: Session, record: OrderRecord) -> Customer:
    customer = session.execute(
        select(Customer).where(Customer.email == record.email)
    ).scalar_one_or_none()
    if customer is None:
        customer = Customer(email=record.email)
        session.add(customer)
    customer.first_name = record.first_name or customer.first_name or ""
    customer.last_name = record.last_name or customer.last_name or ""
    return customer


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def save_records(session: Session, records: Iterable[OrderRecord]) -> int:
    """Inserts or updates orders by number (lines and shipments replaced); returns the count.

    The caller owns the transaction: commit once for all records, or roll back.
    """
    count = 0
    for record in records:
        with session.no_autoflush:
            customer = _customer(session, record)
            order = session.execute(
                select(Order).where(Order.number == record.number)
            ).scalar_one_or_none() or Order(number=record.number)
        order.customer = customer
        order.status = record.status
        order.billing_email = record.email
        order.billing_postcode = record.postcode
        order.total_cents = cents(record.total)
        order.currency = record.currency
        order.date_created = record.date_created
        order.date_paid = record.date_paid
        order.date_completed = record.date_completed
        order.lines = [
            OrderLine(product_name=line.product_name, quantity=line.quantity, total_cents=cents(line.total))
            for line in record.lines
        ]
        order.shipments = [
            Shipment(tracking_number=s.tracking_number, provider=s.provider, date_shipped=s.date_shipped)
            for s in record.shipments
        ]
        session.add(order)
        session.flush()
        count += 1
    return count
