"""The agent console over real HTTP: login, CSRF, the case list and page, replies and closing,
against the running assistant (Rasa's HTTP API) and the store the action server writes to."""

import re

import pytest
import requests

from civette.helpdesk.agents import create_agent
from civette.helpdesk.handoff import utc_now
from civette.orders.demo import SHOWCASES
from civette.web.rasa_api import RasaApi
from civette.web.security import LoginThrottle

from conftest import AGENT, Conversation, case_of

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
def live_case(assistant, agent_online, store_sessions):
    """A customer handed over live to an advisor; returns (conversation, case)."""
    conversation = Conversation(assistant)
    conversation.texts("je veux parler à un conseiller, <b>c'est urgent</b>")
    return conversation, case_of(store_sessions, conversation)


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
    conversation, case = live_case
    session = logged_in(web)
    messages = session.get(f"{web}/console/api/cases/{case.id}/messages").json()
    assert messages["live"] is True and messages["status"] == "open"
    assert messages["messages"][0] == {**messages["messages"][0], "role": "client",
                                       "text": "je veux parler à un conseiller, <b>c'est urgent</b>"}
    conversation.send("vous êtes là ?")  # a new message while the bot is paused
    latest = session.get(f"{web}/console/api/cases/{case.id}/messages").json()["messages"][-1]
    assert (latest["role"], latest["text"]) == ("client", "vous êtes là ?")


def test_case_page_shows_the_order_and_its_status(web, agent_online, assistant, store_sessions):
    conversation = Conversation(assistant)
    conversation.texts("je n'ai toujours pas reçu mon colis, commande 48217")
    conversation.texts(next(s.email for s in SHOWCASES if s.number == "48217"))
    case = case_of(store_sessions, conversation)
    page = logged_in(web).get(f"{web}/console/cases/{case.id}").text
    assert "n° 48217 : Terminé" in page and "vérifiée (numéro + e-mail ou code postal)" in page


def test_reply_reaches_the_conversation_and_needs_the_csrf_token(web, live_case, assistant, auth_token):
    conversation, case = live_case
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
    last = RasaApi(assistant, auth_token).transcript(conversation.sender)[-1]
    assert (last["role"], last["agent"], last["text"]) == ("agent", "Claire", "Bonjour, Claire à votre écoute.")


def test_close_gives_the_conversation_back_to_the_bot(web, live_case, store_sessions, kb):
    conversation, case = live_case
    session = logged_in(web)
    assert conversation.send("toujours là ?") == []  # paused
    refused = session.post(f"{web}/console/cases/{case.id}/close", data={"csrf_token": "forged"},
                           allow_redirects=False)
    assert refused.status_code == 403
    closed = session.post(f"{web}/console/cases/{case.id}/close", allow_redirects=False,
                          data={"csrf_token": csrf_of(session, web)})
    assert closed.status_code == 302
    assert case_of(store_sessions, conversation).status == "closed"
    assert conversation.texts("comment créer un compte ?") == [kb.get("create_account").chat]
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


def test_login_throttle_forgets_failures_after_the_window():
    now = [0.0]
    throttle = LoginThrottle(max_failures=2, window_s=60, clock=lambda: now[0])
    throttle.failed("claire")
    throttle.failed("claire")
    assert throttle.blocked("claire") and not throttle.blocked("marc")
    now[0] = 61.0
    assert not throttle.blocked("claire")
    throttle.failed("claire")
    throttle.succeeded("claire")
    throttle.failed("claire")
    assert not throttle.blocked("claire")
