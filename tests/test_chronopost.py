"""The Chronopost tracking client against a local server speaking trackSkybillV2 SOAP."""

import time

import pytest

from civette.chronopost import ChronopostClient, TrackingUnavailable, tracking_link

from fakes import chronopost_handler, http_server

EVENTS = [
    ("DC", "2024-10-29T09:12:00+01:00", "Envoi en cours de préparation chez l'expéditeur", "Paris", "75001"),
    ("TS", "2024-10-30T06:40:00+01:00", "Envoi en transit", "Chilly-Mazarin", "91380"),
    ("DB", "2024-10-29T18:02:00+01:00", "Envoi pris en charge par Chronopost", "Paris", "75001"),
]


def test_events_are_read_in_chronological_order_and_described_in_french():
    with http_server(chronopost_handler({"XN081879383FR": EVENTS})) as (url, _):
        tracking = ChronopostClient(url=url).track("XN081879383FR")
    assert [event.code for event in tracking.events] == ["DC", "DB", "TS"]
    assert tracking.latest.description == "le colis est en transit"
    assert tracking.latest.office == "Chilly-Mazarin"
    assert tracking.latest.date.hour == 6 and not tracking.delivered


def test_delivered_parcel():
    events = EVENTS + [("D", "2024-10-31T11:20:00+01:00", "Livraison effectuée", "Paris 08", "75008")]
    with http_server(chronopost_handler({"12345678901234": events})) as (url, _):
        assert ChronopostClient(url=url).track("12345678901234").delivered


def test_chronopost_error_code_is_unavailable():
    with http_server(chronopost_handler({})) as (url, _):
        with pytest.raises(TrackingUnavailable, match="error 3"):
            ChronopostClient(url=url).track("XN000000000FR")


@pytest.mark.parametrize("raw, status", [(b"<soap:Envelope><oops", 200), (b"{}", 200),
                                         (b"<html>Service Unavailable</html>", 503)])
def test_malformed_or_failed_answers_are_unavailable(raw, status):
    with http_server(chronopost_handler({}, raw=raw, status=status)) as (url, _):
        with pytest.raises(TrackingUnavailable):
            ChronopostClient(url=url).track("XN081879383FR")


def test_a_slow_service_times_out():
    with http_server(chronopost_handler({"XN081879383FR": EVENTS}, delay_s=2.5)) as (url, _):
        started = time.monotonic()
        with pytest.raises(TrackingUnavailable, match="unreachable"):
            ChronopostClient(url=url, timeout_s=0.5).track("XN081879383FR")
        assert time.monotonic() - started < 2.0


def test_unreachable_service_is_unavailable():
    with pytest.raises(TrackingUnavailable):
        ChronopostClient(url="http://127.0.0.1:9/tracking", timeout_s=0.5).track("XN081879383FR")


def test_recent_results_are_cached():
    with http_server(chronopost_handler({"XN081879383FR": EVENTS})) as (url, requests_seen):
        client = ChronopostClient(url=url)
        first, second = client.track("XN081879383FR"), client.track("XN081879383FR")
    assert first == second and len(requests_seen) == 1


def test_not_a_tracking_number_is_not_sent():
    with http_server(chronopost_handler({})) as (url, requests_seen):
        with pytest.raises(TrackingUnavailable):
            ChronopostClient(url=url).track("<x>DROP</x>")
    assert requests_seen == []


def test_tracking_link():
    assert tracking_link("XN081879383FR") == (
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XN081879383FR")
