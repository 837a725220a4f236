"""The handoff decision: live with an advisor, by email, or first ask for an email address."""

from datetime import datetime

from civette import db
from civette.helpdesk.agents import create_agent, log_in
from civette.helpdesk.cases import CaseDraft, get_case
from civette.helpdesk.handoff import Handoff
from civette.helpdesk.opening_hours import OpeningHours

HOURS = OpeningHours.parse("lun-ven 09:30-18:30")
THURSDAY_NOON = datetime(2026, 11, 26, 11, 0)     # UTC: 12:00 in Paris
THURSDAY_EVENING = datetime(2026, 11, 26, 20, 0)  # UTC: 21:00 in Paris


def draft(channel: str = "socketio", **fields) -> CaseDraft:
    return CaseDraft(conversation_id="conv-h", channel=channel, reason="customer_request", **fields)


def handoff(sessions, now: datetime) -> Handoff:
    return Handoff(sessions, HOURS, [], clock=lambda: now)


def test_open_with_an_agent_online_goes_live(order_sessions):
    create_agent(order_sessions, "claire", "Claire", "cigare-du-soir", THURSDAY_NOON)
    log_in(order_sessions, "claire", "cigare-du-soir", THURSDAY_NOON)
    outcome = handoff(order_sessions, THURSDAY_NOON).hand_over(draft())
    assert outcome.kind == "live"
    assert get_case(order_sessions, outcome.case_id).mode == "live"


def test_a_customer_on_another_channel_than_the_widget_gets_a_reply_by_email(order_sessions):
    """The advisor's replies reach only the widget (socket.io): a REST or Chatwoot customer would
    wait for them in vain."""
    create_agent(order_sessions, "claire", "Claire", "cigare-du-soir", THURSDAY_NOON)
    log_in(order_sessions, "claire", "cigare-du-soir", THURSDAY_NOON)
    service = handoff(order_sessions, THURSDAY_NOON)
    assert service.hand_over(draft(channel="rest")).kind == "need_contact"
    outcome = service.hand_over(draft(channel="rest", contact_email="jean.dupont@exemple.fr"))
    assert (outcome.kind, get_case(order_sessions, outcome.case_id).mode) == ("email", "email")


def test_open_without_any_agent_online_asks_for_an_email_then_opens_an_email_case(order_sessions):
    service = handoff(order_sessions, THURSDAY_NOON)
    assert service.hand_over(draft()).kind == "need_contact"
    assert service.reply_expected() == "dès qu'un conseiller se libère"
    outcome = service.hand_over(draft(contact_email="jean.dupont@exemple.fr"))
    case = get_case(order_sessions, outcome.case_id)
    assert (outcome.kind, case.mode, case.contact_email) == ("email", "email", "jean.dupont@exemple.fr")


def test_closed_hours_give_the_next_opening_even_with_an_agent_online(order_sessions):
    create_agent(order_sessions, "claire", "Claire", "cigare-du-soir", THURSDAY_EVENING)
    log_in(order_sessions, "claire", "cigare-du-soir", THURSDAY_EVENING)
    service = handoff(order_sessions, THURSDAY_EVENING)
    assert service.hand_over(draft()).kind == "need_contact"
    assert service.reply_expected() == "demain dès 9 h 30"


def test_a_store_that_is_down_fails_cleanly():
    broken = db.make_session_factory(db.make_engine("postgresql://postgres@127.0.0.1:1/none"))
    outcome = handoff(broken, THURSDAY_NOON).hand_over(draft(contact_email="a@exemple.fr"))
    assert outcome.kind == "failed" and outcome.case_id is None
