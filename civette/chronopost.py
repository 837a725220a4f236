"""Chronopost parcel tracking through its SOAP web service (operation trackSkybillV2).

Every call has a timeout; a slow, failing or nonsensical answer raises TrackingUnavailable so the
caller can give the customer the tracking link instead. Successful answers are cached briefly;
after a failure to reach Chronopost, calls are refused at once for a cool-down (CircuitBreaker).
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Optional, Tuple
from xml.sax.saxutils import escape

import requests

from civette.circuit import CircuitBreaker

DEFAULT_URL = "https://ws.chronopost.fr/tracking-cxf/TrackingServiceWS"
NAMESPACE = "http://cxf.tracking.soap.chronopost.fr/"
TRACKING_PAGE = "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}"
TRACKING_NUMBER = re.compile(r"^(?:[A-Z]{2}\d{9}[A-Z]{2}|\d{14})$")

# The event codes the shop's customers meet, in plain French.
EVENT_DESCRIPTIONS = {
    "DC": "l'étiquette du colis a été créée",
    "DB": "le colis a été remis à Chronopost",
    "SC": "le colis a été trié",
    "TS": "le colis est en transit",
    "SD": "le colis est arrivé sur le site de livraison",
    "TA": "le colis est en cours de livraison",
    "D": "le colis a été livré",
}

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cxf="{namespace}">
  <soapenv:Header/>
  <soapenv:Body>
    <cxf:trackSkybillV2>
      <language>{language}</language>
      <skybillNumber>{number}</skybillNumber>
    </cxf:trackSkybillV2>
  </soapenv:Body>
</soapenv:Envelope>"""


class TrackingUnavailable(Exception):
    """Chronopost could not tell us anything reliable about this parcel right now."""


@dataclass(frozen=True)
class TrackingEvent:
    code: str
    date: Optional[datetime]
    label: str
    office: str

    @property
    def description(self) -> str:
        """The event in plain French: our wording for known codes, Chronopost's otherwise."""
        return EVENT_DESCRIPTIONS.get(self.code) or self.label or "étape de livraison"


@dataclass(frozen=True)
class Tracking:
    number: str
    events: Tuple[TrackingEvent, ...]  # oldest first

    @property
    def latest(self) -> Optional[TrackingEvent]:
        return self.events[-1] if self.events else None

    @property
    def delivered(self) -> bool:
        return any(event.code == "D" for event in self.events)


def tracking_link(number: str) -> str:
    return TRACKING_PAGE.format(number=number)


def is_tracking_number(text: str) -> bool:
    return bool(TRACKING_NUMBER.match(text))


class ChronopostClient:
    def __init__(
        self,
        url: Optional[str] = None,
        timeout_s: Optional[float] = None,
        cache_ttl_s: float = 300.0,
        session: Optional[requests.Session] = None,
        breaker: Optional[CircuitBreaker] = None,
    ) -> None:
        self.url = url or os.environ.get("CHRONOPOST_TRACKING_URL", DEFAULT_URL)
        self.timeout_s = timeout_s or float(os.environ.get("CHRONOPOST_TIMEOUT_S", "2"))
        self.cache_ttl_s = cache_ttl_s
        self.session = session or requests.Session()
        self._cache: Dict[str, Tuple[float, Tracking]] = {}
        self.breaker = breaker or CircuitBreaker(float(os.environ.get("CHRONOPOST_COOLDOWN_S", "30")))

    def track(self, number: str) -> Tracking:
        if not is_tracking_number(number):
            raise TrackingUnavailable(f"not a Chronopost tracking number: {number!r}")
        cached = self._cache.get(number)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        tracking = parse_response(self._post(number), number)
        self._cache[number] = (time.monotonic() + self.cache_ttl_s, tracking)
        return tracking

    def _post(self, number: str) -> bytes:
        if not self.breaker.allows_call():
            raise TrackingUnavailable("Chronopost failed recently: not called during the cool-down")
        body = ENVELOPE.format(namespace=NAMESPACE, language="fr_FR", number=escape(number))
        try:
            response = self.session.post(
                self.url,
                data=body.encode("utf-8"),
                headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'},
                timeout=self.timeout_s,
            )
        except requests.RequestException as error:
            self.breaker.record_failure()
            raise TrackingUnavailable(f"Chronopost unreachable: {error}") from error
        if response.status_code >= 500:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        if response.status_code != 200:
            raise TrackingUnavailable(f"Chronopost answered HTTP {response.status_code}")
        return response.content


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: ElementTree.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _parse_date(text: str) -> Optional[datetime]:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_response(content: bytes, number: str) -> Tracking:
    """Reads a trackSkybillV2 SOAP response."""
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise TrackingUnavailable(f"malformed Chronopost answer: {error}") from error
    result = next((el for el in root.iter() if _local(el.tag) == "return"), None)
    if result is None:
        raise TrackingUnavailable("Chronopost answer without a result")
    error_code = _child_text(result, "errorCode")
    if error_code != "0":
        message = _child_text(result, "errorMessage")
        raise TrackingUnavailable(f"Chronopost error {error_code or '?'}: {message}")
    events = [
        TrackingEvent(
            code=_child_text(element, "code"),
            date=_parse_date(_child_text(element, "eventDate")),
            label=_child_text(element, "eventLabel"),
            office=_child_text(element, "officeLabel"),
        )
        for element in result.iter()
        if _local(element.tag) == "events"
    ]
    events.sort(key=lambda event: (event.date is None, event.date or datetime.min))
    return Tracking(number=number, events=tuple(events))
