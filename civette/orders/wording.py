"""What the assistant says about a verified order, in French (the FAQ's words) and in English
(for the customers who write in English): one `Wording` per language, used by `answers`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Callable, Dict

from civette.order_status import OrderStatus

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]


def french_date(day: date, with_year: bool = True) -> str:
    """E.g. "lundi 30 novembre 2026"."""
    words = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if with_year else words


def french_time(moment: datetime | time) -> str:
    """E.g. "10 h", "9 h 30"."""
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def english_date(day: date) -> str:
    """E.g. "Monday 30 November 2026"."""
    return day.strftime("%A %-d %B %Y")


def english_time(moment: datetime) -> str:
    """E.g. "9:30"."""
    return f"{moment.hour}:{moment.minute:02d}"


@dataclass(frozen=True)
class Wording:
    """Texts with placeholders: {intro} (the order and its status as the customer sees it in
    « Commandes »), {number}, {date}, {when}, {where}, {description}, {elapsed}."""

    date: Callable[[date], str]
    time: Callable[[datetime], str]
    intro: str
    statuses: Dict[OrderStatus, str]
    shipped: str
    tracking_number: str
    tracking_link: str
    tracking_unavailable: str
    latest_step: str
    latest_when: str
    expected: str
    delivered: str
    delivered_not_received: str
    overdue: str
    not_overdue: str
    debit_shipped: str
    debit_processing: str
    debit_not_shipped: str
    delivery_expected: str
    delivery_estimate: str


_AWAITING_PAYMENT_FR = ("{intro} : le paiement n'a pas été finalisé. Un conseiller clientèle vous "
                        "contactera rapidement pour finaliser votre commande.")
# The status is named as the customer sees it in « Commandes » (the FAQ's « Terminé »): the
# sentence speaks of the status, and what follows agrees with « commande ».
FRENCH = Wording(
    date=french_date,
    time=french_time,
    intro="Votre commande n° {number} a le statut « {label} »",
    statuses={
        OrderStatus.PROCESSING: "{intro} : elle a été validée et est en cours de préparation. Une "
        "commande est préparée dans les 48 heures suivant sa validation ; votre compte sera débité "
        "lors de l'expédition, et vous recevrez alors un e-mail avec le numéro de suivi.",
        OrderStatus.ON_HOLD: _AWAITING_PAYMENT_FR,
        OrderStatus.PENDING: _AWAITING_PAYMENT_FR,
        OrderStatus.CANCELLED: "{intro} : elle a été annulée, par vous ou en raison d'une "
        "indisponibilité du produit ; il est également possible que le paiement n'ait pas été "
        "validé. Pour en savoir plus, nos conseillers sont à votre disposition.",
        OrderStatus.REFUNDED: "{intro} : son montant vous a été remboursé. Pour toute question, nos "
        "conseillers sont à votre disposition.",
        OrderStatus.FAILED: "{intro} : le paiement n'a pas abouti et la commande n'a donc pas été "
        "validée. Nos conseillers peuvent vous aider à la finaliser.",
        OrderStatus.COMPLETED: "{intro} : elle a été expédiée. Le numéro de suivi vous a été envoyé "
        "par e-mail lors de la confirmation d'expédition.",
    },
    shipped="{intro} : elle a été expédiée le {date}.",
    tracking_number="Numéro de suivi Chronopost : {number}",
    tracking_link="Suivi : {link}",
    tracking_unavailable="Le suivi détaillé n'est pas disponible pour le moment : le lien ci-dessus "
    "vous donne l'état de la livraison sur le site de Chronopost.",
    latest_step="Dernière étape connue ({when}{where}) : {description}.",
    latest_when="le {date} à {time}",
    expected="Délai de livraison indicatif : 5 jours ouvrés après l'expédition, soit vers le {date}.",
    delivered="Chronopost indique que ce colis a été livré.",
    delivered_not_received="Chronopost indique que ce colis a été livré. Puisque vous ne l'avez pas "
    "reçu, un conseiller de la boutique va examiner la situation avec vous.",
    overdue="Ce délai indicatif est dépassé : votre colis a été expédié il y a {elapsed} jours ouvrés. "
    "Au-delà de 5 jours ouvrables, nous vous invitons à contacter le service client de Chronopost ; "
    "un conseiller de la boutique peut aussi vous aider.",
    not_overdue="Le délai indicatif n'est pas encore dépassé.",
    debit_shipped="Votre commande n° {number} a été expédiée le {date} : c'est lors de l'expédition "
    "que votre compte bancaire est débité.",
    debit_processing="Votre commande n° {number} est en cours de préparation : votre compte bancaire "
    "sera débité lors de son expédition, et vous recevrez alors un e-mail avec le numéro de suivi.",
    debit_not_shipped="Votre compte bancaire n'est débité que lors de l'expédition d'une commande, et "
    "celle-ci n'a pas été expédiée. Si vous constatez pourtant un prélèvement, nos conseillers "
    "vérifieront avec vous.",
    delivery_expected="Votre commande n° {number} a été expédiée le {date} : délai de livraison indicatif de "
    "5 jours ouvrés, soit vers le {expected}.",
    delivery_estimate="Votre commande n° {number} est en cours de préparation. Une commande est préparée dans "
    "les 48 heures suivant sa validation, puis livrée en 5 jours ouvrés après l'expédition : comptez "
    "environ jusqu'au {expected} (délai indicatif).",
)

_AWAITING_PAYMENT_EN = ("{intro}: the payment has not been completed. A customer advisor will contact "
                        "you shortly to complete your order.")
# The status keeps the shop's French name, which the customer sees in « Commandes ».
ENGLISH = Wording(
    date=english_date,
    time=english_time,
    intro="Your order no. {number} has the status « {label} »",
    statuses={
        OrderStatus.PROCESSING: "{intro} (being prepared): it has been validated and is being "
        "prepared. Orders are prepared within 48 hours of validation; your account is debited when "
        "it ships, and you will then receive an email with the tracking number.",
        OrderStatus.ON_HOLD: _AWAITING_PAYMENT_EN,
        OrderStatus.PENDING: _AWAITING_PAYMENT_EN,
        OrderStatus.CANCELLED: "{intro} (cancelled): it was cancelled, by you or because a product "
        "was unavailable; the payment may also not have been validated. Our advisors, who read "
        "English, can tell you more.",
        OrderStatus.REFUNDED: "{intro} (refunded): its amount has been refunded to you. Our advisors "
        "can answer any question.",
        OrderStatus.FAILED: "{intro}: the payment did not go through, so the order was not "
        "validated. Our advisors can help you complete it.",
        OrderStatus.COMPLETED: "{intro} (shipped): it has been shipped. The tracking number was sent "
        "to you by email with the shipping confirmation.",
    },
    shipped="{intro} (shipped): it was shipped on {date}.",
    tracking_number="Chronopost tracking number: {number}",
    tracking_link="Tracking: {link}",
    tracking_unavailable="Detailed tracking is not available right now: the link above shows the "
    "delivery status on the Chronopost website.",
    latest_step="Latest step ({when}{where}): {description}.",
    latest_when="{date} at {time}",
    expected="Indicative delivery time: 5 working days after shipping, i.e. around {date}.",
    delivered="Chronopost says this parcel has been delivered.",
    delivered_not_received="Chronopost says this parcel has been delivered. Since you have not "
    "received it, an advisor of the shop will look into it with you.",
    overdue="This indicative time has passed: your parcel was shipped {elapsed} working days ago. "
    "After 5 working days, please contact Chronopost's customer service; an advisor of the shop "
    "can also help you.",
    not_overdue="The indicative delivery time has not passed yet.",
    debit_shipped="Your order no. {number} was shipped on {date}: your bank account is debited when "
    "the order ships.",
    debit_processing="Your order no. {number} is being prepared: your bank account will be debited "
    "when it ships, and you will then receive an email with the tracking number.",
    debit_not_shipped="Your bank account is only debited when an order ships, and this one has not "
    "shipped. If you do see a charge, our advisors, who read English, will check it with you.",
    delivery_expected="Your order no. {number} was shipped on {date}: indicative delivery time 5 working "
    "days, i.e. around {expected}.",
    delivery_estimate="Your order no. {number} is being prepared. Orders are prepared within 48 hours of "
    "validation, then delivered 5 working days after shipping: allow until about {expected} (indicative).",
)

WORDINGS = {"fr": FRENCH, "en": ENGLISH}
