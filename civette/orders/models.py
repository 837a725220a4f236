"""SQLAlchemy models of the order store. Schema changes go through Alembic (migrations/)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import Column, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import relationship

from civette.db import Base
from civette.order_status import OrderStatus


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), nullable=False, unique=True)
    first_name = Column(String(100), nullable=False, default="")
    last_name = Column(String(100), nullable=False, default="")

    orders: List["Order"] = relationship("Order", back_populates="customer")


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    number = Column(String(32), nullable=False, unique=True, index=True)
    status = Column(
        Enum(OrderStatus, values_callable=lambda e: [s.value for s in e], name="order_status",
             validate_strings=True),
        nullable=False,
    )
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)
    billing_email = Column(String(254), nullable=False)
    billing_postcode = Column(String(16), nullable=False)
    total_cents = Column(Integer, nullable=False)
    currency = Column(String(3), nullable=False, default="EUR")
    date_created = Column(DateTime, nullable=False)
    date_paid: Optional[datetime] = Column(DateTime)
    date_completed: Optional[datetime] = Column(DateTime)

    customer: Customer = relationship("Customer", back_populates="orders")

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_cents) / 100
    lines: List["OrderLine"] = relationship(
        "OrderLine", back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    shipments: List["Shipment"] = relationship(
        "Shipment", back_populates="order", cascade="all, delete-orphan", order_by="Shipment.id"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    product_name = Column(String(200), nullable=False)
    quantity = Column(Integer, nullable=False)
    total_cents = Column(Integer, nullable=False)

    order: Order = relationship("Order", back_populates="lines")


class Shipment(Base):
    __tablename__ = "shipments"

    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True)
    tracking_number = Column(String(32), nullable=False)
    provider = Column(String(50), nullable=False, default="chronopost")
    date_shipped = Column(DateTime, nullable=False)

    order: Order = relationship("Order", back_populates="shipments")
