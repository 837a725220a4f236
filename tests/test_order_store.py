"""The order store on SQLite and PostgreSQL: migrations, writing records, verified lookups."""

from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from civette import db
from civette.order_status import OrderStatus
from civette.orders.lookup import DatabaseOrderLookup, OrderStoreUnavailable
from civette.orders.records import LineRecord, OrderRecord, ShipmentRecord
from civette.orders.store import save_records


def record(number="48213", status=OrderStatus.COMPLETED, email="camille.martin@exemple.fr",
           postcode="75008", shipments=()) -> OrderRecord:
    return OrderRecord(
        number=number, status=status, email=email, postcode=postcode, first_name="Camille",
        last_name="Martin", total=Decimal("189.00"), currency="EUR",
        date_created=datetime(2024, 10, 28, 10, 15), date_completed=datetime(2024, 10, 29, 15, 30),
        lines=(LineRecord("Humidor en noyer", 1, Decimal("189.00")),), shipments=shipments,
    )


def test_migrations_create_the_schema(order_store_url):
    tables = set(sa.inspect(db.make_engine(order_store_url)).get_table_names())
    assert {"customers", "orders", "order_lines", "shipments", "alembic_version"} <= tables


def test_saved_order_is_found_with_its_email_or_postcode(order_sessions):
    shipment = ShipmentRecord("XN081879383FR", datetime(2024, 10, 29, 15, 30))
    with order_sessions() as session, session.begin():
        save_records(session, [record(shipments=(shipment,))])
    lookup = DatabaseOrderLookup(order_sessions)
    by_email = lookup.find_verified("48213", "Camille.Martin@EXEMPLE.fr ")
    by_postcode = lookup.find_verified("48213", "75 008")
    assert by_email == by_postcode
    assert by_email.status is OrderStatus.COMPLETED and by_email.total == Decimal("189.00")
    assert by_email.last_shipment.tracking_number == "XN081879383FR"


def test_wrong_proof_and_unknown_number_give_the_same_answer(order_sessions):
    with order_sessions() as session, session.begin():
        save_records(session, [record(), record(number="48214", email="other@exemple.fr", postcode="69003")])
    lookup = DatabaseOrderLookup(order_sessions)
    assert lookup.find_verified("48213", "other@exemple.fr") is None  # someone else's email
    assert lookup.find_verified("48213", "69003") is None
    assert lookup.find_verified("99999", "camille.martin@exemple.fr") is None


def test_saving_again_updates_the_order_and_replaces_its_lines(order_sessions):
    with order_sessions() as session, session.begin():
        save_records(session, [record(status=OrderStatus.PROCESSING)])
    with order_sessions() as session, session.begin():
        save_records(session, [record(status=OrderStatus.COMPLETED)])
    with order_sessions() as session:
        rows = session.execute(sa.text("SELECT status FROM orders")).all()
        lines = session.execute(sa.text("SELECT count(*) FROM order_lines")).scalar_one()
    assert rows == [("completed",)] and lines == 1


def test_database_down_is_reported_as_unavailable():
    engine = db.make_engine("postgresql://postgres@127.0.0.1:1/nowhere")
    lookup = DatabaseOrderLookup(db.make_session_factory(engine))
    with pytest.raises(OrderStoreUnavailable):
        lookup.find_verified("48213", "camille.martin@exemple.fr")
