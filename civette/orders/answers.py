"""What the assistant tells a verified customer about their order, in the FAQ's words (French, or
English for a customer who writes in English: `civette.orders.wording`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from civette.chronopost import Tracking, tracking_link
from civette.order_status import OrderStatus
from civette.orders.lookup import OrderView, ShipmentView
from civette.orders.wording import FRENCH, Wording
from civette.working_days import add_working_days, working_days_between

DELIVERY_WORKING_DAYS = 5  # FAQ: « 5 jours ouvrés après expédition »
PREPARATION_DAYS = 2  # FAQ: « préparée dans les 48 heures suivant sa validation »
# « ça arrive quand ? », « elle part quand ? »: answered with this order's dates.
WHEN_QUESTIONS = {"delivery_time", "order_preparation"}


@dataclass(frozen=True)
class OrderAnswer:
    text: str
    offer_human: bool = False
    # The parcel did not arrive: the conversation goes to an advisor.
    hand_over: bool = False
    # The sentence that answers the question itself (the debit, the date...): said even when the
    # customer has just read it, unlike the rest of the order's answer.
    key: str = ""


def _intro(order: OrderView, words: Wording) -> str:
    return words.intro.format(number=order.number, label=order.status.label)


def _tracking_text(shipment: ShipmentView, tracking: Optional[Tracking], words: Wording) -> str:
    lines = [words.tracking_number.format(number=shipment.tracking_number),
             words.tracking_link.format(link=tracking_link(shipment.tracking_number))]
    latest = tracking.latest if tracking else None
    if latest is None:
        lines.append(words.tracking_unavailable)
    else:
        when = words.latest_when.format(date=words.date(latest.date.date()),
                                        time=words.time(latest.date)) if latest.date else ""
        where = f", {latest.office}" if latest.office else ""
        lines.append(words.latest_step.format(when=when, where=where, description=latest.description)
                     .replace("( ", "(").replace("(, ", "("))
    return "\n".join(lines)


def _shipped_text(order: OrderView, shipment: ShipmentView, tracking: Optional[Tracking],
                  words: Wording) -> str:
    shipped = shipment.date_shipped.date()
    expected = add_working_days(shipped, DELIVERY_WORKING_DAYS)
    return "\n".join([words.shipped.format(intro=_intro(order, words), date=words.date(shipped)),
                      _tracking_text(shipment, tracking, words),
                      words.expected.format(date=words.date(expected))])


# Orders that never shipped, hence never debited (FAQ: the account is debited at shipping).
NOT_SHIPPED = {OrderStatus.ON_HOLD, OrderStatus.PENDING, OrderStatus.CANCELLED, OrderStatus.FAILED}


def _debit_answer(order: OrderView, words: Wording) -> Optional[OrderAnswer]:
    """When this order's account is debited (FAQ: « lors de l'expédition de votre colis »)."""
    shipment = order.last_shipment
    if order.status == OrderStatus.COMPLETED and shipment is not None:
        return _alone(words.debit_shipped.format(number=order.number, date=words.date(shipment.date_shipped.date())))
    if order.status == OrderStatus.PROCESSING:
        return _alone(words.debit_processing.format(number=order.number))
    if order.status in NOT_SHIPPED:
        # « j'ai été débitée ou pas ? » for an order awaiting payment or cancelled: not by the
        # rule; a charge seen all the same is for an advisor.
        status = words.statuses[order.status].format(intro=_intro(order, words))
        return OrderAnswer(f"{status}\n{words.debit_not_shipped}", offer_human=True, key=words.debit_not_shipped)
    return None


def _alone(sentence: str) -> OrderAnswer:
    """An answer that is its key sentence."""
    return OrderAnswer(sentence, key=sentence)


def _expected_if_prepared(order: OrderView, today: date) -> date:
    """When an order being prepared should arrive by the FAQ's delays: shipped within 48 hours of
    its validation (or today, once that is past), then delivered in 5 working days."""
    shipped_by = max(order.date_created.date() + timedelta(days=PREPARATION_DAYS), today)
    return add_working_days(shipped_by, DELIVERY_WORKING_DAYS)


def order_answer(order: OrderView, question: str, tracking: Optional[Tracking], today: date,
                 words: Wording = FRENCH) -> OrderAnswer:
    """The answer for a verified order; `question` is the FAQ id that led here."""
    debit = _debit_answer(order, words) if question == "debit_timing" else None
    if debit is not None:
        return debit
    if question in WHEN_QUESTIONS and order.status == OrderStatus.PROCESSING:
        return _alone(words.delivery_estimate.format(number=order.number,
                                                     expected=words.date(_expected_if_prepared(order, today))))
    shipment = order.last_shipment
    if order.status != OrderStatus.COMPLETED or shipment is None:
        return OrderAnswer(words.statuses[order.status].format(intro=_intro(order, words)),
                           offer_human=order.status in {
                               OrderStatus.CANCELLED, OrderStatus.REFUNDED, OrderStatus.FAILED})

    answer = _shipped_text(order, shipment, tracking, words)
    not_received = question == "parcel_not_received"
    if tracking is not None and tracking.delivered:
        if not not_received:
            return OrderAnswer(f"{answer}\n{words.delivered}")
        return OrderAnswer(f"{answer}\n{words.delivered_not_received}", hand_over=True,
                           key=words.delivered_not_received)
    elapsed = working_days_between(shipment.date_shipped.date(), today)
    if question in WHEN_QUESTIONS and elapsed <= DELIVERY_WORKING_DAYS:
        # « ça arrive quand ? » once the order was shown: the date, not the whole order again.
        shipped = shipment.date_shipped.date()
        return _alone(words.delivery_expected.format(
            number=order.number, date=words.date(shipped),
            expected=words.date(add_working_days(shipped, DELIVERY_WORKING_DAYS))))
    if elapsed > DELIVERY_WORKING_DAYS:
        late = words.overdue.format(elapsed=elapsed)
        return OrderAnswer(f"{answer}\n{late}", hand_over=not_received, offer_human=not not_received, key=late)
    if not_received:
        return OrderAnswer(f"{answer}\n{words.not_overdue}", key=words.not_overdue)
    return OrderAnswer(answer)
