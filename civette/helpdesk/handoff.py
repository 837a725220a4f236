"""Handing a conversation over to an advisor: live when one is there and the customer's channel
receives their replies, by email otherwise."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable, List, Optional

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from civette.helpdesk.cases import CaseDraft, agents_online, left_unanswered, open_case
from civette.helpdesk.connectors import CaseSummary, Connector
from civette.helpdesk.opening_hours import OpeningHours, describe_opening
from civette.helpdesk.outbox import Outbox, RetryPolicy
from civette.incidents import report_failure

# Channels that receive an advisor's replies (the console sends them with output_channel=socketio);
# a customer on any other channel (REST, Chatwoot...) gets a reply by email.
LIVE_CHANNELS = frozenset({"socketio"})


def utc_now() -> datetime:
    """Naive UTC, as stored in the database."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class HandoffOutcome:
    # "live": an advisor takes over now; "email": an advisor will reply by email;
    # "need_contact": nobody can answer live, ask for an email address; "failed": the store is down.
    kind: str
    case_id: Optional[int] = None
    reply_expected: str = ""


class Handoff:
    def __init__(self, sessions: sessionmaker, hours: OpeningHours, connectors: List[Connector],
                 clock: Callable[[], datetime] = utc_now, retry: RetryPolicy = RetryPolicy()):
        self.sessions, self.hours, self.clock = sessions, hours, clock
        self.outbox = Outbox(sessions, connectors, retry)

    def hand_over(self, draft: CaseDraft, chatwoot_conversation_id: Optional[str] = None) -> HandoffOutcome:
        """Opens the case: live if the customer's channel can receive the advisor's replies, the
        shop is open, an agent is online and nobody left this conversation unanswered; else by email."""
        now = self.clock()
        try:
            live = (draft.channel in LIVE_CHANNELS and self.hours.is_open(now.replace(tzinfo=timezone.utc))
                    and agents_online(self.sessions, now)
                    and not left_unanswered(self.sessions, draft.conversation_id))
            if not live and not draft.contact_email:
                return HandoffOutcome("need_contact")
            mode = "live" if live else "email"
            case_id = open_case(self.sessions, replace(draft, mode=mode), now)
        except SQLAlchemyError as error:
            report_failure("helpdesk_store", error, self.sessions, conversation=draft.conversation_id)
            return HandoffOutcome("failed")
        summary = CaseSummary(case_id, draft.reason, draft.transcript, draft.order_number,
                              draft.identity_verified, draft.contact_email, chatwoot_conversation_id)
        try:
            self.outbox.send(summary, now)
        except SQLAlchemyError as error:  # the case is open; only its deliveries are lost
            report_failure("outbox", error, self.sessions, case=case_id)
        return HandoffOutcome(mode, case_id, self.reply_expected())

    def reply_expected(self) -> str:
        return reply_expected(self.hours, self.clock())


def reply_expected(hours: OpeningHours, now: datetime) -> str:
    """When an advisor will reply by email, in words (`now`: naive UTC, as utc_now gives it)."""
    now = now.replace(tzinfo=timezone.utc)
    if hours.is_open(now):
        return "dès qu'un conseiller se libère"
    opening = hours.next_opening(now)
    if opening is None:
        return "dès que possible"
    return describe_opening(opening, now)


def live_message(case_id: int) -> str:
    return (f"Je transmets notre échange à un conseiller de la boutique (dossier n° {case_id}), "
            "avec tout ce que vous m'avez déjà dit : inutile de répéter. Il vous répond ici dans "
            "quelques instants ; gardez simplement cette fenêtre ouverte.")


def email_message(case_id: int, email: str, when: str) -> str:
    return (f"C'est noté (dossier n° {case_id}) : un conseiller vous répondra par e-mail à {email}, "
            f"{when}, avec le contexte de notre échange. Puis-je vous aider pour autre chose "
            "en attendant ?")


def ask_contact_message(when: str) -> str:
    return ("Aucun conseiller n'est disponible pour vous répondre en direct en ce moment. "
            "Indiquez-moi votre adresse e-mail : un conseiller vous répondra par écrit, "
            f"{when}. Si vous préférez ne pas la donner, écrivez « non ».")


INVALID_EMAIL_MESSAGE = ("Cette adresse e-mail ne semble pas valide. Pouvez-vous la vérifier "
                         "(par exemple prenom.nom@exemple.fr) ? Ou écrivez « non » pour y renoncer.")
END_OF_HANDOFF_MESSAGE = ("Le conseiller a terminé l'échange. L'assistant automatique reprend : "
                          "n'hésitez pas si vous avez une autre question.")
HANDOFF_FAILED_MESSAGE = ("Je ne parviens pas à transmettre votre demande à un conseiller pour le "
                          "moment, désolé. Vous pouvez les joindre directement :")
