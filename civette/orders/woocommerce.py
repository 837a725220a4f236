"""WooCommerce REST API (v3) as a source of orders: a sync into the order store, or a live
lookup backend. Tracking numbers come from the Shipment Tracking extension."""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, List, Optional

import requests
from sqlalchemy.orm import sessionmaker

from civette.circuit import CircuitBreaker

from civette.identity import is_valid_order_number
from civette.orders.importing import ImportReport
from civette.orders.lookup import OrderStoreUnavailable, OrderView, order_view, proof_matches
from civette.orders.records import InvalidRecord, OrderRecord, record_from_woocommerce
from civette.orders.store import save_records


class WooCommerceError(Exception):
    pass


class WooCommerceClient:
    def __init__(
        self,
        base_url: str,
        consumer_key: str,
        consumer_secret: str,
        timeout_s: float = 5.0,
        session: Optional[requests.Session] = None,
        breaker: Optional[CircuitBreaker] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth = (consumer_key, consumer_secret)
        self.timeout_s = timeout_s
        self.session = session or requests.Session()
        # A dead store costs one timeout, then lookups answer "unavailable" at once for a while.
        self.breaker = breaker or CircuitBreaker(float(os.environ.get("WOOCOMMERCE_COOLDOWN_S", "30")))

    @classmethod
    def from_env(cls) -> "WooCommerceClient":
        try:
            return cls(
                os.environ["WOOCOMMERCE_URL"],
                os.environ["WOOCOMMERCE_CONSUMER_KEY"],
                os.environ["WOOCOMMERCE_CONSUMER_SECRET"],
                timeout_s=float(os.environ.get("WOOCOMMERCE_TIMEOUT_S", "5")),
            )
        except KeyError as missing:
            raise WooCommerceError(f"environment variable {missing} is not set") from None

    def _get(self, path: str, params: Optional[Dict[str, Any]] = None) -> Optional[requests.Response]:
        """GET a path of the store; None when the store answers 404."""
        if not self.breaker.allows_call():
            raise WooCommerceError("WooCommerce failed recently: not called during the cool-down")
        try:
            response = self.session.get(
                f"{self.base_url}{path}", params=params, auth=self.auth, timeout=self.timeout_s
            )
        except requests.RequestException as error:
            self.breaker.record_failure()
            raise WooCommerceError(f"WooCommerce unreachable: {error}") from error
        if response.status_code >= 500:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise WooCommerceError(f"WooCommerce answered HTTP {response.status_code} for {path}")
        return response

    def _json(self, path: str, params: Optional[Dict[str, Any]] = None) -> Any:
        response = self._get(path, params)
        try:
            return None if response is None else response.json()
        except ValueError as error:
            raise WooCommerceError(f"WooCommerce sent invalid JSON for {path}") from error

    def orders(self, per_page: int = 100) -> Iterator[Dict[str, Any]]:
        page = 1
        while True:
            response = self._get("/wp-json/wc/v3/orders", {"per_page": per_page, "page": page})
            batch = response.json() if response is not None else []
            yield from batch
            total_pages = int(response.headers.get("X-WP-TotalPages", page)) if response else page
            if not batch or page >= total_pages:
                return
            page += 1

    def order(self, order_id: str) -> Optional[Dict[str, Any]]:
        return self._json(f"/wp-json/wc/v3/orders/{order_id}")

    def shipment_trackings(self, order_id: str) -> List[Dict[str, Any]]:
        trackings = self._json(f"/wp-json/wc-shipment-tracking/v3/orders/{order_id}/shipment-trackings")
        return trackings or []


def sync(client: WooCommerceClient, session_factory: sessionmaker) -> ImportReport:
    """Copies every order of the store into the order store (all valid orders, or nothing)."""
    report = ImportReport()
    records: List[OrderRecord] = []
    for order in client.orders():
        try:
            records.append(record_from_woocommerce(order, client.shipment_trackings(order["id"])))
        except (InvalidRecord, KeyError) as error:
            report.errors.append((int(order.get("id") or 0), str(error)))
    with session_factory() as session, session.begin():
        report.imported = save_records(session, records)
    return report


class WooCommerceOrderLookup:
    """Live lookups in the WooCommerce store (order number = WooCommerce order id)."""

    def __init__(self, client: WooCommerceClient) -> None:
        self.client = client

    def find_verified(self, number: str, proof: str) -> Optional[OrderView]:
        if not is_valid_order_number(number):
            return None
        try:
            order = self.client.order(number)
            billing = (order or {}).get("billing") or {}
            if not order or not proof_matches(billing.get("email", ""), billing.get("postcode", ""), proof):
                return None
            record = record_from_woocommerce(order, self.client.shipment_trackings(number))
        except WooCommerceError as error:
            raise OrderStoreUnavailable(str(error)) from error
        except InvalidRecord as error:
            raise OrderStoreUnavailable(f"order {number} unreadable: {error}") from error
        return order_view(record)
