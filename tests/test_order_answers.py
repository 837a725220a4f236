"""Answers about a verified order say what the FAQ says for its status."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from civette.chronopost import Tracking, TrackingEvent
from civette.order_status import OrderStatus
from civette.orders.answers import order_answer
from civette.orders.lookup import OrderView, ShipmentView

SHIPPED = datetime(2024, 10, 31, 15, 30)  # a Thursday; Friday 1 Nov is a public holiday


def order(status, shipped=None):
    shipments = (ShipmentView("XN081879383FR", shipped),) if shipped else ()
    return OrderView("48213", status, datetime(2024, 10, 28), Decimal("189.00"), shipped, shipments)


def in_transit():
    return Tracking("XN081879383FR", (
        TrackingEvent("DB", datetime(2024, 10, 31, 18, 0), "Envoi pris en charge", "Paris"),
        TrackingEvent("TS", datetime(2024, 11, 4, 6, 40), "Envoi en transit", "Chilly-Mazarin"),
    ))


@pytest.mark.parametrize("status, facts", [
    (OrderStatus.PROCESSING, ["« En préparation »", "48 heures", "débité lors de l'expédition"]),
    (OrderStatus.ON_HOLD, ["« En attente »", "paiement n'a pas été finalisé", "vous contactera"]),
    (OrderStatus.PENDING, ["« En attente »", "paiement n'a pas été finalisé"]),
    (OrderStatus.CANCELLED, ["« Annulée »", "indisponibilité du produit", "paiement n'ait pas été validé"]),
    (OrderStatus.REFUNDED, ["« Remboursée »", "remboursé"]),
    (OrderStatus.FAILED, ["« Échec du paiement »", "pas été validée"]),
])
def test_each_status_is_explained(status, facts):
    answer = order_answer(order(status), "order_status", None, date(2024, 11, 4))
    assert "48213" in answer.text
    for fact in facts:
        assert fact in answer.text
    assert answer.offer_human == (status in {OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.FAILED})


def test_an_order_being_prepared_gets_its_expected_date_by_the_faqs_delays():
    # Validated Monday 28 Oct 2024: shipped by Wednesday 30, then 5 working days (1 and 11 Nov
    # are public holidays): Thursday 7 November.
    answer = order_answer(order(OrderStatus.PROCESSING), "delivery_time", None, date(2024, 10, 28))
    assert "48 heures" in answer.text and "jeudi 7 novembre 2024" in answer.text


@pytest.mark.parametrize("status", [OrderStatus.ON_HOLD, OrderStatus.CANCELLED, OrderStatus.FAILED])
def test_an_order_never_shipped_was_not_debited_by_the_rule(status):
    answer = order_answer(order(status), "debit_timing", None, date(2024, 11, 4))
    assert f"« {status.label} »" in answer.text
    assert "pas été expédiée" in answer.text and "débité que lors de l'expédition" in answer.text
    assert answer.offer_human


@pytest.mark.parametrize("status", list(OrderStatus))
def test_the_status_is_named_and_the_sentence_agrees_with_it(status):
    """« Terminé » is the shop's (masculine) name of a status, not an adjective of « commande »."""
    answer = order_answer(order(status), "order_status", None, date(2024, 11, 4))
    assert answer.text.startswith(f"Votre commande n° 48213 a le statut « {status.label} » : ")


def test_shipped_order_gives_date_tracking_link_latest_event_and_delivery_deadline():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "track_order", in_transit(), date(2024, 11, 4))
    assert "a le statut « Terminé » : elle a été expédiée le jeudi 31 octobre 2024" in answer.text
    assert "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XN081879383FR" in answer.text
    assert "le lundi 4 novembre 2024 à 6 h 40, Chilly-Mazarin) : le colis est en transit" in answer.text
    # 5 working days after Thu 31 Oct, skipping the 1 Nov holiday and the weekend.
    assert "Délai de livraison indicatif : 5 jours ouvrés après l'expédition, soit vers le vendredi 8 novembre 2024" in answer.text
    assert "au plus tard" not in answer.text, "the FAQ gives an estimate, not a guarantee"
    assert not answer.offer_human


def test_status_question_after_the_indicative_delay_says_it_is_passed_and_offers_a_human():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "order_status", in_transit(),
                          date(2024, 11, 12))  # 6 working days after shipping
    assert "Ce délai indicatif est dépassé" in answer.text and "il y a 6 jours ouvrés" in answer.text
    assert "contacter le service client de Chronopost" in answer.text
    assert answer.offer_human and not answer.hand_over


def test_tracking_unavailable_gives_the_link_instead():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "track_order", None, date(2024, 11, 4))
    assert "listeNumerosLT=XN081879383FR" in answer.text
    assert "pas disponible pour le moment" in answer.text


def test_parcel_not_received_within_the_delay():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "parcel_not_received", in_transit(),
                          date(2024, 11, 8))
    assert "pas encore dépassé" in answer.text and not answer.hand_over


def test_parcel_not_received_after_five_working_days_goes_to_chronopost_and_a_human():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "parcel_not_received", in_transit(),
                          date(2024, 11, 12))  # Mon 11 Nov is a holiday: 6 working days
    assert "il y a 6 jours ouvrés" in answer.text
    assert "contacter le service client de Chronopost" in answer.text
    assert answer.hand_over and not answer.offer_human


def test_parcel_marked_delivered_but_not_received_goes_to_a_human():
    delivered = Tracking("XN081879383FR", in_transit().events + (
        TrackingEvent("D", datetime(2024, 11, 5, 11, 0), "Livré", "Paris 08"),))
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "parcel_not_received", delivered,
                          date(2024, 11, 6))
    assert "a été livré" in answer.text and answer.hand_over


def test_when_it_arrives_is_the_expected_date_alone_until_it_is_late():
    answer = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "delivery_time", in_transit(), date(2024, 11, 4))
    # Shipped Thursday 31 October; Friday 1 November is a public holiday: 5 working days later.
    assert answer.text == ("Votre commande n° 48213 a été expédiée le jeudi 31 octobre 2024 : délai de livraison "
                           "indicatif de 5 jours ouvrés, soit vers le vendredi 8 novembre 2024.")
    late = order_answer(order(OrderStatus.COMPLETED, SHIPPED), "delivery_time", in_transit(), date(2024, 11, 20))
    assert "délai indicatif est dépassé" in late.text and late.offer_human

