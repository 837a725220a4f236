"""The WooCommerce source, against a local server speaking the REST API v3 JSON."""

import pytest
import sqlalchemy as sa

from civette.order_status import OrderStatus
from civette.orders.lookup import OrderStoreUnavailable
from civette.orders.woocommerce import (
    WooCommerceClient,
    WooCommerceError,
    WooCommerceOrderLookup,
    sync,
)

from fakes import http_server, woocommerce_handler, woocommerce_order

KEY, SECRET = "ck_test", "cs_test"
ORDERS = [woocommerce_order(48000 + i, "processing", f"client{i}@exemple.fr", "75001")
          for i in range(1, 24)]
ORDERS.append(woocommerce_order(48213, "completed", "camille.martin@exemple.fr", "75008",
                                date_completed="2024-10-29T15:30:00"))
ORDERS.append(woocommerce_order(48299, "completed", "bad-email", "75008"))
TRACKINGS = {48213: [{"tracking_id": "a1", "tracking_provider": "Chronopost",
                      "tracking_link": "https://www.chronopost.fr/", "tracking_number": "XN081879383FR",
                      "date_shipped": "2024-10-29"}]}


@pytest.fixture
def woocommerce():
    with http_server(woocommerce_handler(ORDERS, TRACKINGS, KEY, SECRET)) as (url, seen):
        yield url, seen


def test_sync_reads_every_page_and_keeps_valid_orders(woocommerce, order_sessions):
    url, seen = woocommerce
    client = WooCommerceClient(url, KEY, SECRET)
    report = sync(client, order_sessions)
    assert report.imported == 24
    assert report.errors == [(48299, "invalid email 'bad-email'")]
    assert [r for r in seen if "/orders?" in r] == [
        "GET /wp-json/wc/v3/orders?per_page=100&page=1"]
    with order_sessions() as session:
        shipped = session.execute(sa.text(
            "SELECT o.number, s.tracking_number FROM orders o JOIN shipments s ON s.order_id = o.id")).all()
    assert shipped == [("48213", "XN081879383FR")]


def test_small_pages_are_all_fetched(woocommerce, order_sessions):
    url, seen = woocommerce
    assert len(list(WooCommerceClient(url, KEY, SECRET).orders(per_page=10))) == len(ORDERS)
    assert sum("/orders?" in r for r in seen) == 3


def test_live_lookup_verifies_the_customer(woocommerce):
    url, _ = woocommerce
    lookup = WooCommerceOrderLookup(WooCommerceClient(url, KEY, SECRET))
    order = lookup.find_verified("48213", "CAMILLE.MARTIN@exemple.fr")
    assert order.status is OrderStatus.COMPLETED
    assert order.last_shipment.tracking_number == "XN081879383FR"
    assert lookup.find_verified("48213", "client1@exemple.fr") is None
    assert lookup.find_verified("47000", "camille.martin@exemple.fr") is None


def test_wrong_credentials_and_unreachable_store_are_errors(woocommerce):
    url, _ = woocommerce
    with pytest.raises(WooCommerceError, match="HTTP 401"):
        list(WooCommerceClient(url, KEY, "wrong").orders())
    down = WooCommerceOrderLookup(WooCommerceClient("http://127.0.0.1:9", KEY, SECRET, timeout_s=0.5))
    with pytest.raises(OrderStoreUnavailable):
        down.find_verified("48213", "camille.martin@exemple.fr")
