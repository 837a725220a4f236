"""The order lookup as the assistant uses it: which backend, and the identity check."""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional, Tuple

from civette.db import shared_session_factory
from civette.incidents import report_failure
from civette.order_question import ABOUT_THE_VERIFIED_ORDER
from civette.orders.lookup import DatabaseOrderLookup, OrderLookup, OrderStoreUnavailable, OrderView
from civette.orders.throttle import LookupThrottle, ThrottleUnavailable, throttle_keys
from civette.orders.woocommerce import WooCommerceClient, WooCommerceOrderLookup

# The FAQ questions about one's own order, answered with the real order once verified.
ORDER_QUESTIONS = {"order_status", "track_order", "parcel_not_received"}
# Questions answered for the customer's verified order when there is one, without a lookup.
VERIFIED_ORDER_QUESTIONS = {intent.partition("/")[2] for intent in ABOUT_THE_VERIFIED_ORDER}
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
    order: Optional[OrderView] = None


def check_identity(lookup: OrderLookup, throttle: LookupThrottle, number: str, proof: str,
                   failures: int, client_address: Optional[str] = None) -> IdentityCheck:
    """Checks that `proof` is the order's email or postcode. The outcome is the same whichever
    part is wrong, and whether the order exists: "blocked" after MAX_IDENTITY_FAILURES failures
    in the conversation, or while the throttle locks the order number or the client address."""
    keys = throttle_keys(number, client_address)
    try:
        if throttle.is_locked(keys):
            return IdentityCheck("blocked", failures + 1)
        order = lookup.find_verified(number, proof)
        if order is None:
            throttle.record_failure(keys)
    except (OrderStoreUnavailable, ThrottleUnavailable) as error:
        report_failure("order_store", error, shared_session_factory(), order=number)
        return IdentityCheck("unavailable", failures)
    if order is not None:
        return IdentityCheck("verified", failures, order)
    failures += 1
    return IdentityCheck("blocked" if failures >= MAX_IDENTITY_FAILURES else "not_found", failures)


class JustVerified:
    """Orders verified in the last moments, by conversation: the answer that follows the check
    reads the order from here instead of looking it up a second time. Bounded, short-lived,
    per process (a miss only costs a second lookup)."""

    def __init__(self, ttl_s: float = 60.0, capacity: int = 1000) -> None:
        self.ttl_s = ttl_s
        self.capacity = capacity
        self._orders: "OrderedDict[Tuple[str, str], Tuple[float, OrderView]]" = OrderedDict()

    def remember(self, conversation_id: str, order: OrderView) -> None:
        self._orders[(conversation_id, order.number)] = (time.monotonic() + self.ttl_s, order)
        while len(self._orders) > self.capacity:
            self._orders.popitem(last=False)

    def take(self, conversation_id: str, number: str) -> Optional[OrderView]:
        expires, order = self._orders.pop((conversation_id, number), (0.0, None))
        return order if expires > time.monotonic() else None


def _selected(parse_data: dict) -> dict:
    return ((parse_data.get("response_selector") or {}).get("faq") or {}).get("response") or {}


def selected_faq_id(parse_data: dict) -> Optional[str]:
    """The FAQ id the response selector chose for a message, e.g. "order_status"."""
    key = _selected(parse_data).get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None


def selected_response(parse_data: dict) -> str:
    """The FAQ response chosen for a message: its entry's, or one precise point's
    (`utter_faq/refund_delay`)."""
    selected = _selected(parse_data)
    return selected.get("utter_action") or f"utter_{selected.get('intent_response_key') or ''}"
