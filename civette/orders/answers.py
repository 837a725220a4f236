"""What the assistant tells a verified customer about their order, in the FAQ's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Optional

from civette.chronopost import Tracking, tracking_link
from civette.order_status import OrderStatus
from civette.orders.lookup import OrderView, ShipmentView
from civette.working_days import add_working_days, working_days_between

DELIVERY_WORKING_DAYS = 5  # FAQ: « 5 jours ouvrés après expédition »

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


@dataclass(frozen=True)
class OrderAnswer:
    text: str
    offer_human: bool = False
    # The parcel did not arrive: the conversation goes to an advisor.
    hand_over: bool = False


def french_date(day: date, with_year: bool = True) -> str:
    """E.g. "lundi 30 novembre 2026"."""
    words = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if with_year else words


def french_time(moment: datetime | time) -> str:
    """E.g. "10 h", "9 h 30"."""
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _status_text(order: OrderView) -> str:
    # The status is named as the customer sees it in « Commandes » (the FAQ's « Terminé »): the
    # sentence speaks of the status, and what follows agrees with « commande ».
    intro = f"Votre commande n° {order.number} a le statut « {order.status.label} »"
    awaiting_payment = (f"{intro} : le paiement n'a pas été finalisé. Un conseiller clientèle "
                        "vous contactera rapidement pour finaliser votre commande.")
    return {
        OrderStatus.PROCESSING: f"{intro} : elle a été validée et est en cours de préparation. "
        "Une commande est préparée dans les 48 heures suivant sa validation ; votre compte sera "
        "débité lors de l'expédition, et vous recevrez alors un e-mail avec le numéro de suivi.",
        OrderStatus.ON_HOLD: awaiting_payment,
        OrderStatus.PENDING: awaiting_payment,
        OrderStatus.CANCELLED: f"{intro} : elle a été annulée, par vous ou en raison d'une "
        "indisponibilité du produit ; il est également possible que le paiement n'ait pas été "
        "validé. Pour en savoir plus, nos conseillers sont à votre disposition.",
        OrderStatus.REFUNDED: f"{intro} : son montant vous a été remboursé. Pour toute question, "
        "nos conseillers sont à votre disposition.",
        OrderStatus.FAILED: f"{intro} : le paiement n'a pas abouti et la commande n'a donc pas été "
        "validée. Nos conseillers peuvent vous aider à la finaliser.",
        OrderStatus.COMPLETED: f"{intro} : elle a été expédiée. Le numéro de suivi vous a été "
        "envoyé par e-mail lors de la confirmation d'expédition.",
    }[order.status]


def _tracking_text(shipment: ShipmentView, tracking: Optional[Tracking]) -> str:
    link = tracking_link(shipment.tracking_number)
    lines = [f"Numéro de suivi Chronopost : {shipment.tracking_number}", f"Suivi : {link}"]
    latest = tracking.latest if tracking else None
    if latest is None:
        lines.append("Le suivi détaillé n'est pas disponible pour le moment : le lien ci-dessus "
                     "vous donne l'état de la livraison sur le site de Chronopost.")
    else:
        when = f"le {french_date(latest.date.date())} à {french_time(latest.date)}" if latest.date else ""
        where = f", {latest.office}" if latest.office else ""
        lines.append(f"Dernière étape connue ({when}{where}) : {latest.description}.".replace("( ", "("))
    return "\n".join(lines)


def _shipped_text(order: OrderView, shipment: ShipmentView, tracking: Optional[Tracking]) -> str:
    shipped = shipment.date_shipped.date()
    expected = add_working_days(shipped, DELIVERY_WORKING_DAYS)
    return (
        f"Votre commande n° {order.number} a le statut « {order.status.label} » : elle a été expédiée le "
        f"{french_date(shipped)}.\n{_tracking_text(shipment, tracking)}\n"
        f"Délai de livraison indicatif : 5 jours ouvrés après l'expédition, soit vers le "
        f"{french_date(expected)}."
    )


OVERDUE = (
    "Ce délai indicatif est dépassé : votre colis a été expédié il y a {elapsed} jours ouvrés. "
    "Au-delà de 5 jours ouvrables, nous vous invitons à contacter le service client de "
    "Chronopost ; un conseiller de la boutique peut aussi vous aider."
)


def _debit_text(order: OrderView) -> Optional[str]:
    """When this order's account is debited (FAQ: « lors de l'expédition de votre colis »)."""
    shipment = order.last_shipment
    if order.status == OrderStatus.COMPLETED and shipment is not None:
        return (f"Votre commande n° {order.number} a été expédiée le "
                f"{french_date(shipment.date_shipped.date())} : c'est lors de l'expédition que votre "
                "compte bancaire est débité.")
    if order.status == OrderStatus.PROCESSING:
        return (f"Votre commande n° {order.number} est en cours de préparation : votre compte bancaire "
                "sera débité lors de son expédition, et vous recevrez alors un e-mail avec le numéro "
                "de suivi.")
    return None


def order_answer(
    order: OrderView, question: str, tracking: Optional[Tracking], today: date
) -> OrderAnswer:
    """The answer for a verified order; `question` is the FAQ id that led here."""
    debit = _debit_text(order) if question == "debit_timing" else None
    if debit is not None:
        return OrderAnswer(debit)
    shipment = order.last_shipment
    if order.status != OrderStatus.COMPLETED or shipment is None:
        return OrderAnswer(_status_text(order), offer_human=order.status in {
            OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.FAILED})

    answer = _shipped_text(order, shipment, tracking)
    not_received = question == "parcel_not_received"
    if tracking is not None and tracking.delivered:
        if not not_received:
            return OrderAnswer(f"{answer}\nChronopost indique que ce colis a été livré.")
        return OrderAnswer(
            f"{answer}\nChronopost indique que ce colis a été livré. Puisque vous ne l'avez pas "
            "reçu, un conseiller de la boutique va examiner la situation avec vous.",
            hand_over=True,
        )
    elapsed = working_days_between(shipment.date_shipped.date(), today)
    if elapsed > DELIVERY_WORKING_DAYS:
        overdue = f"{answer}\n{OVERDUE.format(elapsed=elapsed)}"
        return OrderAnswer(overdue, hand_over=True) if not_received else OrderAnswer(overdue, offer_human=True)
    if not_received:
        return OrderAnswer(f"{answer}\nLe délai indicatif n'est pas encore dépassé.")
    return OrderAnswer(answer)
