"""The agent console over real HTTP: login and its throttle, CSRF, the case list and page, replies
and closing, against the running assistant (Rasa's HTTP API) and the store the action server
writes to; then two console processes sharing one store, behind a reverse proxy, delivering cases
to a Zendesk that fails, with Rasa out of reach."""

import html
import json
import re
import time
from contextlib import ExitStack
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import List, NamedTuple, Optional

import pytest
import requests
from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from civette import db
from civette.helpdesk.agents import create_agent
from civette.helpdesk.cases import CaseDraft, agents_online, close_case, get_case, open_case
from civette.helpdesk.connectors import ZendeskConnector
from civette.helpdesk.handoff import Handoff, email_message, utc_now
from civette.helpdesk.models import AgentSession, Case, LoginFailure
from civette.helpdesk.no_reply import no_reply_message
from civette.helpdesk.opening_hours import OpeningHours
from civette.helpdesk.outbox import RetryPolicy
from civette.orders.answers import order_answer
from civette.orders.demo import SHOWCASES
from civette.orders.lookup import DatabaseOrderLookup
from civette.servers import free_port, web_server
from civette.web.rasa_api import RasaApi

from conftest import AGENT, REPLY_EXPECTED, RESULTS_DIR, Conversation, WidgetCustomer, case_of, wait_for
from fakes import Flaky, http_server, zendesk_handler

USERNAME, _, PASSWORD = AGENT


def login_form(session: requests.Session, web: str) -> str:
    page = session.get(f"{web}/console/login")
    assert page.ok
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]


def logged_in(web: str) -> requests.Session:
    session = requests.Session()
    token = login_form(session, web)
    response = session.post(f"{web}/console/login", allow_redirects=False,
                            data={"username": USERNAME, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["location"] == "/console/"
    return session


def csrf_of(session: requests.Session, web: str) -> str:
    page = session.get(f"{web}/console/")
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)[1]


@pytest.fixture
def live_case(widget_customer, agent_online, store_sessions):
    """A customer in the widget handed over live to an advisor; returns (customer, case)."""
    widget_customer.send("je veux parler à un conseiller, <b>c'est urgent</b>", 2)
    return widget_customer, case_of(store_sessions, widget_customer)


def in_transcript(assistant: str, auth_token: str, sender: str, text: str) -> bool:
    """Whether the message reached the conversation (within a few seconds)."""
    return wait_for(lambda: RasaApi(assistant, auth_token).transcript(sender)[-1]["text"] == text)


def test_pages_need_a_login(web):
    assert requests.get(f"{web}/console/", allow_redirects=False).headers["location"] == "/console/login"
    assert requests.get(f"{web}/console/api/cases").status_code == 401
    assert requests.get(f"{web}/console/api/cases/1/messages").status_code == 401
    assert requests.post(f"{web}/console/api/cases/1/reply", json={"text": "x"}).status_code == 401


def test_wrong_password_and_unknown_agent_get_the_same_answer(web, agent_online):
    answers = []
    for username, password in [(USERNAME, "mauvais-mot-de-passe"), ("inconnu", PASSWORD)]:
        session = requests.Session()
        token = login_form(session, web)
        response = session.post(f"{web}/console/login",
                                data={"username": username, "password": password, "csrf_token": token})
        answers.append((response.status_code, "Identifiant ou mot de passe incorrect." in response.text))
    assert answers == [(401, True), (401, True)]


def test_repeated_wrong_passwords_lock_the_account_for_a_while(web, store_sessions):
    create_agent(store_sessions, "marc", "Marc", "humidor-en-cedre-2026", utc_now())
    statuses = []
    for password in ["essai-1", "essai-2", "essai-3", "essai-4", "essai-5", "humidor-en-cedre-2026"]:
        session = requests.Session()
        token = login_form(session, web)
        statuses.append(session.post(f"{web}/console/login", allow_redirects=False, data={
            "username": "marc", "password": password, "csrf_token": token}).status_code)
    assert statuses == [401] * 5 + [429]


def test_login_needs_the_forms_csrf_token(web, agent_online):
    session = requests.Session()
    login_form(session, web)
    response = session.post(f"{web}/console/login", allow_redirects=False,
                            data={"username": USERNAME, "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403


def test_session_cookie_is_http_only_and_same_site(web, agent_online):
    session = requests.Session()
    token = login_form(session, web)
    response = session.post(f"{web}/console/login", allow_redirects=False,
                            data={"username": USERNAME, "password": PASSWORD, "csrf_token": token})
    cookie = response.headers["set-cookie"].lower()
    assert "civette_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "path=/console" in cookie


def test_pages_carry_security_headers(web):
    headers = requests.get(f"{web}/console/login").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_open_cases_are_listed_with_their_context(web, live_case):
    conversation, case = live_case
    session = logged_in(web)
    listed = session.get(f"{web}/console/api/cases").json()["cases"]
    entry = next(c for c in listed if c["id"] == case.id)
    assert (entry["reason"], entry["mode"], entry["priority"]) == ("Le client demande un conseiller", "live", 2)
    page = session.get(f"{web}/console/cases/{case.id}")
    assert page.ok and f"Dossier n° {case.id}" in page.text
    assert "<dt>Sujet détecté</dt><dd>demande à parler à un conseiller</dd>" in page.text
    assert "human_handoff" not in page.text and "<dd>widget du site</dd>" in page.text


def test_case_page_shows_the_live_transcript_and_escapes_nothing_into_html(web, live_case):
    customer, case = live_case
    session = logged_in(web)
    messages = session.get(f"{web}/console/api/cases/{case.id}/messages").json()
    assert messages["live"] is True and messages["status"] == "open"
    assert messages["messages"][0] == {**messages["messages"][0], "role": "client",
                                       "text": "je veux parler à un conseiller, <b>c'est urgent</b>"}
    customer.send("vous êtes là ?", 0)  # a new message while the bot is paused

    def latest() -> dict:
        return session.get(f"{web}/console/api/cases/{case.id}/messages").json()["messages"][-1]
    assert wait_for(lambda: latest()["text"] == "vous êtes là ?") and latest()["role"] == "client"


def test_case_page_shows_the_order_and_its_status(web, agent_online, assistant, store_sessions):
    conversation = Conversation(assistant)
    conversation.texts("je n'ai toujours pas reçu mon colis, commande 48217")
    email = next(s.email for s in SHOWCASES if s.number == "48217")
    answer = conversation.texts(email)
    case = case_of(store_sessions, conversation)
    # REST: a reply by email, not live, to the address that proved the order is the customer's.
    assert answer[-1] == email_message(case.id, email, REPLY_EXPECTED)
    page = logged_in(web).get(f"{web}/console/cases/{case.id}").text
    assert "n° 48217 : Terminé" in page and "vérifiée (numéro + e-mail ou code postal)" in page
    total = DatabaseOrderLookup(store_sessions).find_for_staff("48217").total
    euros, cents = f"{total:.2f}".split(".")
    grouped = f"{int(euros):,}".replace(",", "\u202f")  # French: a narrow no-break space per thousand
    assert f"({grouped},{cents}\u00a0€, passée le" in page
    # Live, the bot's own answer about the order is at hand for the reply box.
    live = open_case(store_sessions, CaseDraft(conversation_id=f"{conversation.sender}-live", channel="socketio",
                                               reason="parcel_not_received", mode="live", order_number="48217",
                                               identity_verified=True), utc_now())
    page = logged_in(web).get(f"{web}/console/cases/{live}").text
    close_case(store_sessions, live, USERNAME, utc_now())
    answer = re.search(r'<script type="application/json" id="order-answer">(.*?)</script>', page, re.S)[1]
    order = DatabaseOrderLookup(store_sessions).find_for_staff("48217")
    assert json.loads(answer) == order_answer(order, "order_status", None, date.today()).text  # the bot's words
    assert "Insérer l'état de la commande n° 48217" in html.unescape(page)
    # Not before the customer has proved the order is theirs.
    unverified = open_case(store_sessions, CaseDraft(conversation_id=f"{conversation.sender}-unverified",
                                                     channel="socketio", reason="parcel_not_received", mode="live",
                                                     order_number="48217", identity_verified=False), utc_now())
    page = html.unescape(logged_in(web).get(f"{web}/console/cases/{unverified}").text)
    close_case(store_sessions, unverified, USERNAME, utc_now())
    assert 'id="order-answer"' not in page and "Insérer l'état de la commande" not in page
    assert "Identité non vérifiée" in page


def test_reply_reaches_the_customer_and_needs_the_csrf_token(web, live_case, assistant, auth_token,
                                                             store_sessions):
    customer, case = live_case
    session = logged_in(web)
    url = f"{web}/console/api/cases/{case.id}/reply"
    assert session.post(url, json={"text": "Bonjour"}).status_code == 403
    assert session.post(url, json={"text": "Bonjour"},
                        headers={"X-CSRF-Token": csrf_of(session, web), "Origin": "https://evil.example"}
                        ).status_code == 403
    headers = {"X-CSRF-Token": csrf_of(session, web)}
    assert session.post(url, json={"text": "   "}, headers=headers).status_code == 400
    assert session.post(url, json={"text": "x" * 2001}, headers=headers).status_code == 400
    sent = session.post(url, json={"text": "Bonjour, Claire à votre écoute."}, headers=headers)
    assert sent.json() == {"sent": True}
    assert customer.next(1) == [{"text": "Bonjour, Claire à votre écoute."}]
    assert get_case(store_sessions, case.id).answered_at is not None  # no longer waiting
    last = RasaApi(assistant, auth_token).transcript(customer.sender)[-1]
    assert (last["role"], last["agent"], last["text"]) == ("agent", "Claire", "Bonjour, Claire à votre écoute.")


def test_close_gives_the_conversation_back_to_the_bot(web, live_case, store_sessions, kb, assistant,
                                                      auth_token):
    customer, case = live_case
    session = logged_in(web)
    customer.send("toujours là ?", 0)
    assert in_transcript(assistant, auth_token, customer.sender, "toujours là ?")
    assert customer.received.empty()  # paused
    refused = session.post(f"{web}/console/cases/{case.id}/close", data={"csrf_token": "forged"},
                           allow_redirects=False)
    assert refused.status_code == 403
    closed = session.post(f"{web}/console/cases/{case.id}/close", allow_redirects=False,
                          data={"csrf_token": csrf_of(session, web)})
    assert closed.status_code == 302
    assert case_of(store_sessions, customer).status == "closed"
    customer.next(2)  # the end of the handoff, for the widget and in words
    assert customer.send("comment créer un compte ?", 1) == [{"text": kb.get("create_account").chat}]
    listed = session.get(f"{web}/console/api/cases").json()["cases"]
    assert case.id not in [c["id"] for c in listed]


def test_logout_ends_the_session(web, agent_online):
    session = logged_in(web)
    response = session.post(f"{web}/console/logout", allow_redirects=False,
                            data={"csrf_token": csrf_of(session, web)})
    assert response.headers["location"] == "/console/login"
    assert session.get(f"{web}/console/api/cases").status_code == 401


def test_socketio_accepts_only_the_configured_sites(assistant, web):
    handshake = f"{assistant}/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": web}).status_code == 200
    assert requests.get(handshake, headers={"Origin": "https://evil.example"}).status_code == 400


# --- Nobody answers a live case ---------------------------------------------------------------------

NO_REPLY_S = 3
HANDOFF_ENDED_SIGNAL = {"handoff": "ended"}  # what the widget receives (rasa_api.HANDOFF_ENDED)


def test_a_live_case_nobody_answers_turns_into_an_email_case(web, assistant, auth_token, agent_online,
                                                            store_sessions, demo_order_store, widget_customer):
    """Three customers wait live; the advisor answers one. Past the timeout, the two others are told,
    and offered a reply by email (the bot asks for an address if the case has none): their cases
    turn into email cases, and a new request for a human in the conversation stays by email."""
    unknown, cases = widget_customer, {}
    unknown.send("je veux parler à un conseiller", 2)
    answered, known = WidgetCustomer(assistant, web), WidgetCustomer(assistant, web)
    try:
        answered.send("un conseiller s'il vous plaît", 2)
        known.send("je voudrais parler à un conseiller", 2)
        cases = {name: case_of(store_sessions, c).id for name, c in
                 [("unknown", unknown), ("answered", answered), ("known", known)]}
        with store_sessions() as session, session.begin():  # an address the customer gave earlier
            session.get(Case, cases["known"]).contact_email = "lea.moreau@exemple.fr"
        session = logged_in(web)
        sent = session.post(f"{web}/console/api/cases/{cases['answered']}/reply", json={"text": "Je regarde."},
                            headers={"X-CSRF-Token": csrf_of(session, web)})
        assert sent.status_code == 200 and answered.next(1) == [{"text": "Je regarde."}]

        env = {"RASA_URL": assistant, "RASA_AUTH_TOKEN": auth_token,
               "CIVETTE_DATABASE_URL": f"sqlite:///{demo_order_store}",
               "CIVETTE_NO_REPLY_TIMEOUT_S": str(NO_REPLY_S),
               "CIVETTE_OPENING_HOURS": "lun-dim 00:00-24:00", "CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS": "true"}
        with web_server(free_port(), env, RESULTS_DIR / "logs" / "console-no-reply"):
            told_unknown, told_known = unknown.next(2), known.next(2)
            assert told_unknown[0] == told_known[0] == HANDOFF_ENDED_SIGNAL  # the widget's banner goes
            assert told_unknown[1] == {"text": no_reply_message(cases["unknown"], None, REPLY_EXPECTED)}
            assert told_known[1] == {"text": no_reply_message(cases["known"], "lea.moreau@exemple.fr",
                                                              REPLY_EXPECTED)}
            time.sleep(NO_REPLY_S)  # more checks: nobody is told twice, the answered case stays live
        assert unknown.received.empty() and known.received.empty() and answered.received.empty()
        state = {name: get_case(store_sessions, case_id) for name, case_id in cases.items()}
        assert [(c.status, c.mode) for c in state.values()] == [("open", "email"), ("open", "live"),
                                                                 ("open", "email")]
        assert state["unknown"].unanswered_at and state["answered"].unanswered_at is None

        refused = session.post(f"{web}/console/api/cases/{cases['unknown']}/reply", json={"text": "Bonjour"},
                               headers={"X-CSRF-Token": csrf_of(session, web)})
        assert refused.status_code == 409 and "Personne n'a répondu à temps" in refused.json()["error"]
        page = html.unescape(session.get(f"{web}/console/cases/{cases['unknown']}").text)
        assert "Personne n'a répondu à temps : le client en a été informé" in page
        assert 'id="reply-form"' not in page

        # The customer gives an address while an advisor is online: the case gets it, and stays by email.
        session.post(f"{web}/console/api/heartbeat", headers={"X-CSRF-Token": csrf_of(session, web)})
        assert agents_online(store_sessions, utc_now())
        assert unknown.send("camille.martin@exemple.fr", 1) == [
            {"text": email_message(cases["unknown"], "camille.martin@exemple.fr", REPLY_EXPECTED)}]
        case = get_case(store_sessions, cases["unknown"])
        assert (case.status, case.mode, case.contact_email) == ("open", "email", "camille.martin@exemple.fr")
    finally:
        for customer in (answered, known):
            customer.client.disconnect()
        for case_id in cases.values():
            close_case(store_sessions, case_id, USERNAME, utc_now())


# --- Two console processes on one store, behind a reverse proxy -----------------------------------

RASA_TOKEN = "console-rasa-token"
TRANSCRIPT = [{"role": "client", "text": "on m'a débité deux fois", "at": "2026-11-26T09:59:00+00:00"}]


class Consoles(NamedTuple):
    urls: List[str]
    logs: List[Path]
    sessions: sessionmaker
    zendesk: Flaky
    zendesk_url: str
    tickets: List[dict]


@pytest.fixture(scope="module")
def consoles(tmp_path_factory):
    """Two web processes on a fresh store, behind a proxy (X-Forwarded-For gives the client's
    address), retrying their deliveries to a Zendesk that can be made to fail, every 0.2 s;
    Rasa is out of their reach."""
    url = f"sqlite:///{tmp_path_factory.mktemp('consoles') / 'store.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    sessions = db.make_session_factory(engine)
    create_agent(sessions, USERNAME, "Claire", PASSWORD, utc_now())
    tickets: List[dict] = []
    zendesk = Flaky(zendesk_handler("support@alacivette.com", "zd-token", tickets))
    with http_server(zendesk) as (zendesk_url, _), ExitStack() as processes:
        env = {"CIVETTE_DATABASE_URL": url, "SANIC_PROXIES_COUNT": "1",
               "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_AUTH_TOKEN": RASA_TOKEN,
               "CIVETTE_ZENDESK_URL": zendesk_url, "CIVETTE_ZENDESK_EMAIL": "support@alacivette.com",
               "CIVETTE_ZENDESK_API_TOKEN": "zd-token", "CIVETTE_OUTBOX_RETRY_S": "0.2",
               # Rasa is out of reach: no live case turns into an email case here (tested above).
               "CIVETTE_NO_REPLY_TIMEOUT_S": "86400"}
        log_dirs = [RESULTS_DIR / "logs" / f"console-{name}" for name in "ab"]
        urls = [processes.enter_context(web_server(free_port(), env, log_dir)) for log_dir in log_dirs]
        yield Consoles(urls, [log_dir / "web.log" for log_dir in log_dirs], sessions, zendesk, zendesk_url,
                       tickets)
    engine.dispose()


def attempt(web: str, username: str, password: str, address: Optional[str] = None) -> int:
    """The status of one login attempt, from `address` as the proxy tells it."""
    session = requests.Session()
    token = login_form(session, web)
    headers = {"X-Forwarded-For": address} if address else {}
    return session.post(f"{web}/console/login", allow_redirects=False, headers=headers,
                        data={"username": username, "password": password, "csrf_token": token}).status_code


def test_a_login_flood_from_one_address_does_not_lock_the_advisor_out_from_another(consoles):
    web = consoles.urls[0]
    flood = [attempt(web, USERNAME, f"essai-{n}", "203.0.113.9") for n in range(8)]
    assert flood == [401] * 5 + [429] * 3
    assert attempt(web, USERNAME, PASSWORD, "203.0.113.9") == 429
    assert attempt(web, USERNAME, PASSWORD, "198.51.100.7") == 302  # Claire, at the shop


def test_a_guesser_trying_many_names_is_locked_and_the_throttle_table_stays_bounded(consoles):
    web = consoles.urls[0]
    statuses = [attempt(web, f"nom{n}", "mauvais-mot-de-passe", "203.0.113.50") for n in range(30)]
    assert statuses == [401] * 20 + [429] * 10
    with consoles.sessions() as session:
        count = select(func.count()).where(LoginFailure.address == "203.0.113.50")
        assert session.scalar(count) == 20


def test_the_login_throttle_is_shared_by_the_web_processes(consoles):
    first, second = consoles.urls
    assert [attempt(first, USERNAME, f"essai-{n}", "192.0.2.44") for n in range(5)] == [401] * 5
    assert attempt(second, USERNAME, PASSWORD, "192.0.2.44") == 429


def test_a_failed_delivery_is_shown_in_the_console_then_retried_until_the_ticket_is_sent(consoles):
    web = consoles.urls[0]
    session = logged_in(web)
    consoles.zendesk.failures = 1
    handoff = Handoff(consoles.sessions, OpeningHours.parse("lun-dim 00:00-24:00", True),
                      [ZendeskConnector(consoles.zendesk_url, "support@alacivette.com", "zd-token")],
                      retry=RetryPolicy(first_delay=timedelta(seconds=3)))
    draft = CaseDraft(conversation_id="conv-outbox", channel="rest", reason="payment_dispute",
                      contact_email="jean.dupont@exemple.fr", transcript=TRANSCRIPT)
    case_id = handoff.hand_over(draft).case_id
    page = session.get(f"{web}/console/outbox").text
    assert f"n° {case_id}</a>" in page and "en attente" in page and "HTTP 503" in page
    assert re.search(r"<td>zendesk</td><td>1</td>", page)  # the failures, per source
    # Zendesk is back: a retry loop sends the ticket, once, and the case gets its reference.
    assert wait_for(lambda: "zendesk" in get_case(consoles.sessions, case_id).external_refs, timeout_s=20)
    time.sleep(1)  # a few more rounds of both processes' retry loops
    assert len([t for t in consoles.tickets if f"(dossier {case_id})" in t["subject"]]) == 1
    assert f"n° {case_id}</a>" not in session.get(f"{web}/console/outbox").text
    ref = get_case(consoles.sessions, case_id).external_refs["zendesk"]
    assert f"Zendesk (n° {ref})" in session.get(f"{web}/console/cases/{case_id}").text


def test_rasa_out_of_reach_is_reported_counted_and_shown(consoles):
    web, log = consoles.urls[1], consoles.logs[1]
    case_id = open_case(consoles.sessions, CaseDraft(conversation_id="conv-rasa", channel="socketio",
                                                     reason="customer_request", mode="live",
                                                     transcript=TRANSCRIPT), utc_now())
    session = logged_in(web)
    messages = session.get(f"{web}/console/api/cases/{case_id}/messages").json()
    assert (messages["status"], messages["mode"], messages["live"]) == ("open", "live", False)
    assert messages["messages"] == [{**TRANSCRIPT[0], "time": messages["messages"][0]["time"]}]  # the saved one
    assert messages["messages"][0]["time"].endswith("10:59")  # 09:59 UTC, in Paris time
    reply = session.post(f"{web}/console/api/cases/{case_id}/reply", json={"text": "Bonjour"},
                         headers={"X-CSRF-Token": csrf_of(session, web)})
    assert reply.status_code == 502
    assert re.search(r"<td>rasa</td><td>2</td>", session.get(f"{web}/console/outbox").text)
    assert "failure source=rasa" in log.read_text() and RASA_TOKEN not in log.read_text()


def opened(consoles: Consoles, reason: str, mode: str, at: datetime, email: Optional[str] = None,
           order: Optional[str] = None, transcript: List[dict] = TRANSCRIPT) -> int:
    draft = CaseDraft(conversation_id=f"conv-{reason}-{mode}-{at.timestamp()}-{time.monotonic()}",
                      channel="socketio" if mode == "live" else "email", reason=reason, mode=mode,
                      contact_email=email, order_number=order, transcript=transcript)
    return open_case(consoles.sessions, draft, at)


def listed(session: requests.Session, web: str, ours: List[int], **filters: str) -> List[int]:
    """Our cases, in the order the console lists them with these filters."""
    found = session.get(f"{web}/console/api/cases", params=filters).json()["cases"]
    return [c["id"] for c in found if c["id"] in ours]


def test_live_cases_come_first_then_the_most_urgent_then_the_oldest_and_the_list_filters(consoles):
    web, now = consoles.urls[0], utc_now()
    urgent_mail = opened(consoles, "payment_dispute", "email", now - timedelta(hours=1),
                         "Jean.Dupont@exemple.fr", "50321")
    old_mail = opened(consoles, "customer_request", "email", now - timedelta(hours=2), "marie.curie@exemple.fr")
    live_normal = opened(consoles, "customer_request", "live", now - timedelta(minutes=2, seconds=5))
    live_urgent = opened(consoles, "damaged_or_wrong_item", "live", now - timedelta(seconds=20))
    ours = [urgent_mail, old_mail, live_normal, live_urgent]
    session = logged_in(web)
    assert listed(session, web, ours) == [live_urgent, live_normal, urgent_mail, old_mail]
    answer = session.get(f"{web}/console/api/cases", params={"mode": "email"}).json()
    waiting = {c["id"]: c["state"] for c in answer["waiting"]}  # whatever the filters
    assert waiting[live_normal] == "attend depuis 2\u00a0min"
    assert waiting[live_urgent] == "attend depuis moins d'une minute"

    assert listed(session, web, ours, mode="live") == [live_urgent, live_normal]
    assert listed(session, web, ours, mode="email", reason="payment_dispute") == [urgent_mail]
    assert listed(session, web, ours, q="dupont") == [urgent_mail]
    assert listed(session, web, ours, q="n° 5032") == [urgent_mail]
    assert listed(session, web, ours, q="%") == []
    close_case(consoles.sessions, old_mail, USERNAME, utc_now())
    assert listed(session, web, ours) == [live_urgent, live_normal, urgent_mail]
    assert listed(session, web, ours, status="closed") == [old_mail]
    assert listed(session, web, ours, status="all") == [live_urgent, live_normal, urgent_mail, old_mail]
    page = session.get(f"{web}/console/", params={"status": "closed", "reason": "customer_request"}).text
    assert "<h1 id=\"list-title\">Dossiers clos</h1>" in page
    assert '<option value="customer_request" selected>' in page


def test_times_are_paris_time(consoles):
    """Opened in summer (UTC+2) and in winter (UTC+1); a transcript of November (UTC+1)."""
    web = consoles.urls[0]
    summer = opened(consoles, "customer_request", "email", datetime(2026, 7, 14, 8, 30), "a@exemple.fr")
    winter = opened(consoles, "customer_request", "email", datetime(2026, 1, 15, 8, 30), "b@exemple.fr",
                    transcript=[{**TRANSCRIPT[0], "at": "2025-11-26T09:59:00+00:00"}])
    session = logged_in(web)
    assert "<dt>Ouvert le</dt><dd>14/07/2026 à 10:30</dd>" in session.get(f"{web}/console/cases/{summer}").text
    assert "<dt>Ouvert le</dt><dd>15/01/2026 à 09:30</dd>" in session.get(f"{web}/console/cases/{winter}").text
    found = session.get(f"{web}/console/api/cases", params={"q": "exemple.fr"}).json()["cases"]
    assert {c["id"]: c["opened"] for c in found if c["id"] in (summer, winter)} == {
        summer: "14/07/2026 à 10:30", winter: "15/01/2026 à 09:30"}
    messages = session.get(f"{web}/console/api/cases/{winter}/messages").json()["messages"]
    assert [m["time"] for m in messages] == ["26/11/2025 à 10:59"]  # 09:59 UTC


def test_online_means_a_console_page_open_and_visible_now(consoles):
    web = consoles.urls[1]
    session = logged_in(web)
    with consoles.sessions() as db_session, db_session.begin():  # the last beat was a minute ago
        db_session.execute(update(AgentSession).values(last_seen=utc_now() - timedelta(minutes=1)))
    assert not agents_online(consoles.sessions, utc_now())
    session.get(f"{web}/console/api/cases")  # a tab left open in the background still polls
    assert not agents_online(consoles.sessions, utc_now())
    beat = f"{web}/console/api/heartbeat"
    assert session.post(beat).status_code == 403  # the CSRF token is needed
    assert requests.post(beat).status_code == 401
    assert session.post(beat, headers={"X-CSRF-Token": csrf_of(session, web)}).status_code == 204
    assert agents_online(consoles.sessions, utc_now())
    assert not agents_online(consoles.sessions, utc_now() + timedelta(seconds=46))
