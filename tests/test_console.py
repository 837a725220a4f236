"""The agent console over real HTTP: login and its throttle, CSRF, the case list and page, replies
and closing, against the running assistant (Rasa's HTTP API) and the store the action server
writes to; then two console processes sharing one store, behind a reverse proxy, delivering cases
to a Zendesk that fails, with Rasa out of reach."""

import re
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import List, NamedTuple, Optional

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from civette import db
from civette.helpdesk.agents import create_agent
from civette.helpdesk.cases import CaseDraft, get_case, open_case
from civette.helpdesk.connectors import ZendeskConnector
from civette.helpdesk.handoff import Handoff, utc_now
from civette.helpdesk.models import LoginFailure
from civette.helpdesk.opening_hours import OpeningHours
from civette.helpdesk.outbox import RetryPolicy
from civette.orders.demo import SHOWCASES
from civette.servers import free_port, web_server
from civette.web.rasa_api import RasaApi

from conftest import AGENT, ASK_EMAIL, RESULTS_DIR, Conversation, case_of, wait_for
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
    assert page.ok and f"Dossier n° {case.id}" in page.text and "human_handoff" in page.text


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
    assert conversation.texts(email)[-1] == ASK_EMAIL  # REST: a reply by email, not live
    conversation.texts(email)
    case = case_of(store_sessions, conversation)
    page = logged_in(web).get(f"{web}/console/cases/{case.id}").text
    assert "n° 48217 : Terminé" in page and "vérifiée (numéro + e-mail ou code postal)" in page


def test_reply_reaches_the_customer_and_needs_the_csrf_token(web, live_case, assistant, auth_token):
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
               "CIVETTE_ZENDESK_API_TOKEN": "zd-token", "CIVETTE_OUTBOX_RETRY_S": "0.2"}
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
    assert messages == {"status": "open", "live": False, "messages": TRANSCRIPT}  # the saved transcript
    reply = session.post(f"{web}/console/api/cases/{case_id}/reply", json={"text": "Bonjour"},
                         headers={"X-CSRF-Token": csrf_of(session, web)})
    assert reply.status_code == 502
    assert re.search(r"<td>rasa</td><td>2</td>", session.get(f"{web}/console/outbox").text)
    assert "failure source=rasa" in log.read_text() and RASA_TOKEN not in log.read_text()
