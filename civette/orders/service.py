"""The order lookup as the assistant uses it: which backend, and the identity check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from civette.db import shared_session_factory
from civette.orders.lookup import DatabaseOrderLookup, OrderLookup, OrderStoreUnavailable
from civette.orders.woocommerce import WooCommerceClient, WooCommerceOrderLookup

# The FAQ questions about one's own order, answered with the real order once verified.
ORDER_QUESTIONS = {"order_status", "track_order", "parcel_not_received"}
MAX_IDENTITY_FAILURES = 3


def lookup_from_env() -> OrderLookup:
    """CIVETTE_ORDER_BACKEND: "database" (default; the order store) or "woocommerce" (live)."""
    backend = os.environ.get("CIVETTE_ORDER_BACKEND", "database")
    if backend == "woocommerce":
        return WooCommerceOrderLookup(WooCommerceClient.from_env())
    if backend != "database":
        raise ValueError(f"unknown CIVETTE_ORDER_BACKEND {backend!r}")
    return DatabaseOrderLookup(shared_session_factory())


@dataclass(frozen=True)
class IdentityCheck:
    outcome: str  # verified | not_found | blocked | unavailable
    failures: int


def check_identity(lookup: OrderLookup, number: str, proof: str, failures: int) -> IdentityCheck:
    """Checks that `proof` is the order's email or postcode. The outcome is the same whichever
    part is wrong; after MAX_IDENTITY_FAILURES failures it is "blocked"."""
    try:
        order = lookup.find_verified(number, proof)
    except OrderStoreUnavailable:
        return IdentityCheck("unavailable", failures)
    if order is not None:
        return IdentityCheck("verified", failures)
    failures += 1
    return IdentityCheck("blocked" if failures >= MAX_IDENTITY_FAILURES else "not_found", failures)


def selected_faq_id(parse_data: dict) -> Optional[str]:
    """The FAQ id the response selector chose for a message, e.g. "order_status"."""
    selector = (parse_data.get("response_selector") or {}).get("faq") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None
