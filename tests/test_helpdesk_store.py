"""Cases, agents and console sessions, on SQLite and PostgreSQL (same store as the orders)."""

import io
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from civette import cli

from civette.helpdesk.agents import (
    AgentError,
    create_agent,
    current_agent,
    hash_password,
    heartbeat,
    log_in,
    log_out,
    verify_password,
)
from civette.helpdesk.cases import CaseDraft, agents_online, close_case, get_case, open_case, open_cases
from civette.helpdesk.login_throttle import LoginThrottle, ThrottleLimits, address_key
from civette.helpdesk.models import AgentSession, LoginFailure
from civette.helpdesk.reasons import LOW, NORMAL, URGENT

NOW = datetime(2026, 11, 26, 10, 0)
TRANSCRIPT = [{"role": "client", "text": "on m'a débité deux fois", "at": "2026-11-26T09:59:00+00:00"}]


def draft(conversation: str, reason: str, **fields) -> CaseDraft:
    return CaseDraft(conversation_id=conversation, channel="socketio", reason=reason, mode="live",
                     transcript=TRANSCRIPT, **fields)


def test_a_case_keeps_the_context(order_sessions):
    case_id = open_case(order_sessions, draft("conv-1", "payment_dispute", intent="payment_dispute",
                                              confidence=0.93, order_number="48213",
                                              identity_verified=True, contact_email="a@exemple.fr"), NOW)
    case = get_case(order_sessions, case_id)
    assert (case.status, case.mode, case.reason, case.priority) == ("open", "live", "payment_dispute", URGENT)
    assert (case.intent, case.confidence, case.order_number) == ("payment_dispute", 0.93, "48213")
    assert case.identity_verified and case.contact_email == "a@exemple.fr"
    assert case.transcript == TRANSCRIPT and case.created_at == NOW


def test_open_cases_most_urgent_then_oldest(order_sessions):
    low = open_case(order_sessions, draft("conv-low", "not_understood"), NOW - timedelta(hours=2))
    normal_old = open_case(order_sessions, draft("conv-n1", "customer_request"), NOW - timedelta(hours=1))
    normal_new = open_case(order_sessions, draft("conv-n2", "customer_request"), NOW)
    urgent = open_case(order_sessions, draft("conv-u", "damaged_or_wrong_item"), NOW)
    assert [c.id for c in open_cases(order_sessions)] == [urgent, normal_old, normal_new, low]
    assert [c.priority for c in open_cases(order_sessions)] == [URGENT, NORMAL, NORMAL, LOW]


def test_a_second_handoff_of_the_same_conversation_refreshes_its_open_case(order_sessions):
    first = open_case(order_sessions, draft("conv-2", "not_understood"), NOW)
    again = open_case(order_sessions, draft("conv-2", "payment_dispute", order_number="50001"),
                      NOW + timedelta(minutes=5))
    case = get_case(order_sessions, first)
    assert again == first and len(open_cases(order_sessions)) == 1
    assert (case.reason, case.priority, case.order_number) == ("payment_dispute", URGENT, "50001")


def test_closing_a_case(order_sessions):
    case_id = open_case(order_sessions, draft("conv-3", "customer_request"), NOW)
    assert close_case(order_sessions, case_id, "claire", NOW + timedelta(minutes=9))
    assert not close_case(order_sessions, case_id, "claire", NOW + timedelta(minutes=10))
    case = get_case(order_sessions, case_id)
    assert (case.status, case.closed_by, case.closed_at) == ("closed", "claire", NOW + timedelta(minutes=9))
    assert open_cases(order_sessions) == []
    # A new handoff of that conversation opens a new case.
    assert open_case(order_sessions, draft("conv-3", "customer_request"), NOW + timedelta(hours=1)) != case_id


def test_passwords_are_hashed_with_scrypt_and_a_salt():
    first, second = hash_password("cigare-du-soir"), hash_password("cigare-du-soir")
    assert first.startswith("scrypt$") and first != second and "cigare" not in first
    assert verify_password("cigare-du-soir", first) and not verify_password("cigare-du-matin", first)
    assert not verify_password("cigare-du-soir", "not a hash")


def test_agent_log_in_session_and_log_out(order_sessions):
    create_agent(order_sessions, "claire", "Claire", "cigare-du-soir", NOW)
    assert log_in(order_sessions, "claire", "mauvais-mot-de-passe", NOW) is None
    assert log_in(order_sessions, "inconnu", "cigare-du-soir", NOW) is None
    token = log_in(order_sessions, "claire", "cigare-du-soir", NOW)
    agent = current_agent(order_sessions, token, NOW + timedelta(minutes=1))
    assert (agent.username, agent.display_name) == ("claire", "Claire") and len(agent.csrf_token) >= 32
    with order_sessions() as session:  # only a hash of the token is stored
        assert session.scalars(select(AgentSession.token_hash)).one() != token
    assert current_agent(order_sessions, "forged", NOW) is None
    log_out(order_sessions, token)
    assert current_agent(order_sessions, token, NOW + timedelta(minutes=2)) is None


def test_sessions_expire(order_sessions, monkeypatch):
    monkeypatch.setenv("CIVETTE_CONSOLE_SESSION_HOURS", "8")
    create_agent(order_sessions, "marc", "Marc", "humidor-en-cedre", NOW)
    token = log_in(order_sessions, "marc", "humidor-en-cedre", NOW)
    assert current_agent(order_sessions, token, NOW + timedelta(hours=7, minutes=59)) is not None
    assert current_agent(order_sessions, token, NOW + timedelta(hours=8)) is None


def test_an_agent_is_online_while_a_console_page_is_open_and_visible(order_sessions):
    create_agent(order_sessions, "lea", "Léa", "humidor-en-cedre", NOW)
    assert not agents_online(order_sessions, NOW)
    token = log_in(order_sessions, "lea", "humidor-en-cedre", NOW)
    assert agents_online(order_sessions, NOW + timedelta(seconds=30))
    assert not agents_online(order_sessions, NOW + timedelta(seconds=50))  # no heartbeat since
    current_agent(order_sessions, token, NOW + timedelta(seconds=50))      # a request is not one
    assert not agents_online(order_sessions, NOW + timedelta(seconds=55))
    heartbeat(order_sessions, token, NOW + timedelta(minutes=1))           # the page is visible again
    assert agents_online(order_sessions, NOW + timedelta(minutes=1, seconds=40))
    assert not agents_online(order_sessions, NOW + timedelta(minutes=1, seconds=50))


@pytest.mark.parametrize("username, password, message", [
    ("claire", "court", "au moins 10 caractères"),
    ("claire dupont", "suffisamment-long", "identifiant invalide"),
])
def test_bad_agent_accounts_are_refused(order_sessions, username, password, message):
    with pytest.raises(AgentError, match=message):
        create_agent(order_sessions, username, "", password, NOW)


def test_duplicate_agent_is_refused(order_sessions):
    create_agent(order_sessions, "claire", "Claire", "cigare-du-soir", NOW)
    with pytest.raises(AgentError, match="existe déjà"):
        create_agent(order_sessions, "claire", "Claire B.", "autre-mot-de-passe", NOW)


def test_cli_creates_an_agent(order_store_url, order_sessions):
    command = [sys.executable, "-m", "civette.cli", "agent", "add", "paul", "--name", "Paul"]
    env = {"CIVETTE_DATABASE_URL": order_store_url, "PATH": ""}
    created = subprocess.run(command, input="tabac-blond-2026\n", text=True, capture_output=True, env=env)
    assert created.returncode == 0, created.stderr
    assert log_in(order_sessions, "paul", "tabac-blond-2026", NOW) is not None
    refused = subprocess.run(command, input="tabac-blond-2026\n", text=True, capture_output=True, env=env)
    assert refused.returncode == 1 and "existe déjà" in refused.stderr


def run_cli(monkeypatch, url: str, *args: str, stdin: str = "") -> int:
    monkeypatch.setenv("CIVETTE_DATABASE_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return cli.main(list(args))


def test_cli_resets_a_password_and_ends_the_sessions(order_store_url, order_sessions, monkeypatch, capsys):
    create_agent(order_sessions, "paul", "Paul", "tabac-blond-2026", NOW)
    token = log_in(order_sessions, "paul", "tabac-blond-2026", NOW)
    assert run_cli(monkeypatch, order_store_url, "agent", "reset-password", "paul", stdin="court\n") == 1
    assert "au moins 10 caractères" in capsys.readouterr().err
    assert current_agent(order_sessions, token, NOW) is not None
    assert run_cli(monkeypatch, order_store_url, "agent", "reset-password", "paul",
                   stdin="tabac-brun-2027\n") == 0
    assert current_agent(order_sessions, token, NOW) is None
    assert log_in(order_sessions, "paul", "tabac-blond-2026", NOW) is None
    assert log_in(order_sessions, "paul", "tabac-brun-2027", NOW) is not None


def test_cli_removes_an_agent(order_store_url, order_sessions, monkeypatch, capsys):
    create_agent(order_sessions, "paul", "Paul", "tabac-blond-2026", NOW)
    token = log_in(order_sessions, "paul", "tabac-blond-2026", NOW)
    assert run_cli(monkeypatch, order_store_url, "agent", "remove", "paul") == 0
    assert current_agent(order_sessions, token, NOW) is None
    assert log_in(order_sessions, "paul", "tabac-blond-2026", NOW) is None
    with order_sessions() as session:
        assert session.scalar(select(func.count()).select_from(AgentSession)) == 0
    assert run_cli(monkeypatch, order_store_url, "agent", "remove", "paul") == 1
    assert "aucun agent 'paul'" in capsys.readouterr().err


LIMITS = ThrottleLimits(per_pair=3, per_address=5, per_username=8, window=timedelta(minutes=15), max_rows=20)


def fail(throttle: LoginThrottle, username: str, address: str, times: int, now: datetime = NOW) -> None:
    for _ in range(times):
        throttle.failed(username, address, now)


def test_login_throttle_locks_the_address_before_the_username(order_sessions):
    throttle = LoginThrottle(order_sessions, LIMITS)
    fail(throttle, "claire", "203.0.113.9", 3)
    assert throttle.blocked("claire", "203.0.113.9", NOW)
    assert not throttle.blocked("claire", "198.51.100.7", NOW)  # Claire, at the shop
    fail(throttle, "marc", "203.0.113.9", 2)                     # guessing other names
    assert throttle.blocked("lea", "203.0.113.9", NOW)
    # Only from many addresses is the username itself locked.
    for address in ["192.0.2.1", "192.0.2.2"]:
        fail(throttle, "claire", address, 2)
    assert not throttle.blocked("claire", "198.51.100.7", NOW)
    fail(throttle, "claire", "192.0.2.3", 1)
    assert throttle.blocked("claire", "198.51.100.7", NOW)
    assert not throttle.blocked("claire", "198.51.100.7", NOW + timedelta(minutes=15))


def test_login_throttle_counts_an_ipv6_subscriber_as_one_address(order_sessions):
    assert address_key("[2001:db8:1:2:aaaa::1]") == address_key("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    throttle = LoginThrottle(order_sessions, LIMITS)
    for host in range(5):
        throttle.failed(f"name{host}", f"2001:db8:1:2::{host}", NOW)
    assert throttle.blocked("claire", "2001:db8:1:2::99", NOW)


def test_a_right_password_forgets_the_failures_of_that_address_only(order_sessions):
    throttle = LoginThrottle(order_sessions, LIMITS)
    fail(throttle, "claire", "203.0.113.9", 2)
    fail(throttle, "claire", "198.51.100.7", 2)
    throttle.succeeded("claire", "198.51.100.7")
    throttle.failed("claire", "203.0.113.9", NOW)
    assert throttle.blocked("claire", "203.0.113.9", NOW)
    assert not throttle.blocked("claire", "198.51.100.7", NOW)


def test_login_throttle_table_stays_bounded(order_sessions):
    throttle = LoginThrottle(order_sessions, LIMITS)
    for n in range(50):  # a guesser with many addresses and names
        throttle.failed(f"name{n}", f"10.0.{n}.1", NOW + timedelta(seconds=n))
    with order_sessions() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == LIMITS.max_rows
    throttle.failed("claire", "203.0.113.9", NOW + timedelta(hours=1))  # the old ones are gone
    with order_sessions() as session:
        assert session.scalars(select(LoginFailure.username)).all() == ["claire"]
