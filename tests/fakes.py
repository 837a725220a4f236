"""Local HTTP servers speaking the wire formats of third-party services we cannot run here."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qs, urlparse

Handler = Callable[[str, str, Dict[str, str], bytes], Tuple[int, Dict[str, str], bytes]]


@contextmanager
def http_server(handle: Handler) -> Iterator[Tuple[str, List[str]]]:
    """Serves `handle(method, path, headers, body)` on 127.0.0.1; yields (base URL, request log)."""
    requests_seen: List[str] = []

    class RequestHandler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            requests_seen.append(f"{self.command} {self.path}")
            status, headers, payload = handle(self.command, self.path, dict(self.headers), body)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _serve

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests_seen
    finally:
        server.shutdown()
        server.server_close()


# --- Chronopost tracking (SOAP, trackSkybillV2) -----------------------------------------------

SOAP_RESPONSE = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns1:trackSkybillV2Response xmlns:ns1="http://cxf.tracking.soap.chronopost.fr/">
      <return>
        <errorCode>{error_code}</errorCode>
        <errorMessage>{error_message}</errorMessage>
        <listEventInfoComp>
          {events}
          <skybillNumber>{number}</skybillNumber>
        </listEventInfoComp>
      </return>
    </ns1:trackSkybillV2Response>
  </soap:Body>
</soap:Envelope>"""

SOAP_EVENT = """<events>
            <code>{code}</code>
            <eventDate>{date}</eventDate>
            <eventLabel>{label}</eventLabel>
            <highPriority>false</highPriority>
            <NPC></NPC>
            <officeLabel>{office}</officeLabel>
            <zipCode>{zip_code}</zipCode>
            <infoCompList></infoCompList>
          </events>"""

# code, eventDate, Chronopost's label, office, postcode
ChronopostEvent = Tuple[str, str, str, str, str]


def chronopost_response(number: str, events: List[ChronopostEvent], error_code: int = 0,
                        error_message: str = "") -> bytes:
    rendered = "\n".join(
        SOAP_EVENT.format(code=c, date=d, label=label, office=o, zip_code=z)
        for c, d, label, o, z in events
    )
    return SOAP_RESPONSE.format(error_code=error_code, error_message=error_message,
                                events=rendered, number=number).encode()


def chronopost_handler(parcels: Dict[str, List[ChronopostEvent]], delay_s: float = 0.0,
                       raw: Optional[bytes] = None, status: int = 200) -> Handler:
    """A trackSkybillV2 endpoint; unknown numbers get Chronopost's error answer."""

    def handle(method: str, path: str, headers: Dict[str, str], body: bytes):
        time.sleep(delay_s)
        if raw is not None or status != 200:
            return status, {"Content-Type": "text/xml"}, raw or b"<html>error</html>"
        assert b"trackSkybillV2" in body and b"http://cxf.tracking.soap.chronopost.fr/" in body
        number = re.search(rb"<skybillNumber>([^<]+)</skybillNumber>", body).group(1).decode()
        assert re.search(rb"<language>fr_FR</language>", body)
        if number not in parcels:
            payload = chronopost_response(number, [], error_code=3, error_message="Colis inconnu")
        else:
            payload = chronopost_response(number, parcels[number])
        return 200, {"Content-Type": "text/xml; charset=utf-8"}, payload

    return handle


# --- WooCommerce REST API v3 with the Shipment Tracking extension ------------------------------

def woocommerce_handler(orders: List[dict], trackings: Dict[int, List[dict]],
                        key: str, secret: str) -> Handler:
    """GET /wp-json/wc/v3/orders (paginated), /orders/{id}, and shipment trackings; Basic auth."""
    expected_auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()

    def reply(status: int, payload, headers: Optional[Dict[str, str]] = None):
        return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(payload).encode()

    def handle(method: str, path: str, headers: Dict[str, str], body: bytes):
        if headers.get("Authorization") != expected_auth:
            return reply(401, {"code": "woocommerce_rest_cannot_view", "message": "Désolé, vous ne pouvez pas lister les ressources.", "data": {"status": 401}})
        url = urlparse(path)
        query = parse_qs(url.query)
        if url.path == "/wp-json/wc/v3/orders":
            per_page = int(query.get("per_page", ["10"])[0])
            page = int(query.get("page", ["1"])[0])
            pages = max(1, -(-len(orders) // per_page))
            chunk = orders[(page - 1) * per_page: page * per_page]
            return reply(200, chunk, {"X-WP-Total": str(len(orders)), "X-WP-TotalPages": str(pages)})
        match = re.fullmatch(r"/wp-json/wc/v3/orders/(\d+)", url.path)
        if match:
            order = next((o for o in orders if o["id"] == int(match.group(1))), None)
            if order is None:
                return reply(404, {"code": "woocommerce_rest_shop_order_invalid_id", "message": "ID non valide.", "data": {"status": 404}})
            return reply(200, order)
        match = re.fullmatch(r"/wp-json/wc-shipment-tracking/v3/orders/(\d+)/shipment-trackings", url.path)
        if match:
            return reply(200, trackings.get(int(match.group(1)), []))
        return reply(404, {"code": "rest_no_route", "message": "Aucune route correspondante.", "data": {"status": 404}})

    return handle


def woocommerce_order(order_id: int, status: str, email: str, postcode: str,
                      date_created: str = "2024-10-28T10:15:00", **extra) -> dict:
    """An order as the WooCommerce REST API v3 returns it (the fields we read, and a few more)."""
    return {
        "id": order_id,
        "parent_id": 0,
        "number": str(order_id),
        "order_key": f"wc_order_{order_id}",
        "status": status,
        "currency": "EUR",
        "date_created": date_created,
        "date_created_gmt": date_created,
        "date_paid": extra.get("date_paid"),
        "date_completed": extra.get("date_completed"),
        "total": extra.get("total", "189.00"),
        "billing": {"first_name": "Camille", "last_name": "Martin", "email": email,
                    "postcode": postcode, "city": "Paris", "country": "FR"},
        "line_items": extra.get("line_items", [
            {"id": 1, "name": "Humidor en noyer 50 cigares", "product_id": 93, "quantity": 1,
             "total": "189.00"}]),
    }


# --- Zendesk Support API (POST /api/v2/tickets.json) ------------------------------------------

def zendesk_handler(email: str, api_token: str, tickets: List[dict]) -> Handler:
    """Creates tickets as Zendesk does: 201 with the ticket and its id; 401 on a bad API token;
    a request repeating an earlier Idempotency-Key gets the ticket created then."""
    expected = "Basic " + base64.b64encode(f"{email}/token:{api_token}".encode()).decode()
    by_key: Dict[str, dict] = {}

    def handle(method: str, path: str, headers: Dict[str, str], body: bytes):
        if headers.get("Authorization") != expected:
            return 401, {"Content-Type": "application/json"}, b'{"error": "Couldn\'t authenticate you"}'
        if method != "POST" or path != "/api/v2/tickets.json":
            return 404, {"Content-Type": "application/json"}, b'{"error": "InvalidEndpoint"}'
        ticket = json.loads(body)["ticket"]
        if not ticket.get("comment", {}).get("body"):
            return 422, {"Content-Type": "application/json"}, b'{"error": "RecordInvalid"}'
        key = headers.get("Idempotency-Key")
        created = by_key.get(key) or {**ticket, "id": 1000 + len(tickets), "status": "new"}
        if key not in by_key:
            tickets.append(created)
        if key:
            by_key[key] = created
        return 201, {"Content-Type": "application/json"}, json.dumps({"ticket": created}).encode()

    return handle


class Flaky:
    """A service that answers `status` with `payload` to its next `failures` requests (an outage,
    a refusal), then lets the requests through to `handle`."""

    def __init__(self, handle: Handler, status: int = 503, payload: bytes = b'{"error": "Service Unavailable"}'):
        self.handle, self.status, self.payload = handle, status, payload
        self.failures = 0
        self.lock = threading.Lock()

    def __call__(self, method: str, path: str, headers: Dict[str, str], body: bytes):
        with self.lock:
            failing, self.failures = self.failures > 0, max(self.failures - 1, 0)
        if failing:
            return self.status, {"Content-Type": "application/json"}, self.payload
        return self.handle(method, path, headers, body)


# --- Chatwoot application API (conversation messages, toggle_status) ---------------------------

def chatwoot_handler(account_id: str, api_token: str, calls: List[Tuple[str, dict]]) -> Handler:
    """Records private notes and status changes of conversations, as Chatwoot answers them."""
    conversation_path = re.compile(rf"^/api/v1/accounts/{account_id}/conversations/(\d+)/(messages|toggle_status)$")

    def handle(method: str, path: str, headers: Dict[str, str], body: bytes):
        if headers.get("api_access_token") != api_token:
            return 401, {"Content-Type": "application/json"}, b'{"error": "Invalid Access Token"}'
        match = conversation_path.match(path)
        if method != "POST" or not match:
            return 404, {"Content-Type": "application/json"}, b'{"error": "not found"}'
        payload = json.loads(body)
        calls.append((path, payload))
        if match[2] == "toggle_status":
            answer = {"meta": {}, "payload": {"success": True, "current_status": payload["status"],
                                               "conversation_id": int(match[1])}}
        else:
            answer = {"id": len(calls), "content": payload["content"], "private": payload["private"],
                      "message_type": 1, "conversation_id": int(match[1])}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    return handle


# --- SMTP server (aiosmtpd) that keeps what it receives ------------------------------------------

class SmtpInbox:
    """An aiosmtpd handler keeping each message's bytes. `hold` (a threading.Event, set by the
    test) makes the server hang on the message that comes after `hold_after` kept ones until the
    event is set, then refuse it (451): a client killed meanwhile left a reply that never went
    out. `holding` is set while the server hangs."""

    def __init__(self) -> None:
        self.messages: List[bytes] = []
        self.hold: Optional[threading.Event] = None
        self.hold_after = 0
        self.holding = threading.Event()
        self.port = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        import asyncio

        hold = self.hold if len(self.messages) >= self.hold_after else None
        if hold is not None:
            self.hold = None  # one message held (and its task may be cancelled meanwhile)
            self.holding.set()
            while not hold.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        self.messages.append(envelope.content)
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[SmtpInbox]:
    """An SMTP server on 127.0.0.1 (no TLS, no login); yields its inbox (with `.port`)."""
    import socket

    from aiosmtpd.controller import Controller

    inbox = SmtpInbox()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
