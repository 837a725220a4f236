"""The agent console in headless Chromium (Debian's, driven by Playwright), as an advisor works
with several customers at once: the customer waiting live is at the top of the list and signalled
(title badge, sound, notification), times are Paris time whatever the browser's time zone, an FAQ
answer is two keystrokes away, and a live case nobody answers turns into an email case.
Screenshots are kept in results/screenshots (console-*.png)."""

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from civette.helpdesk.cases import CaseDraft, close_case, get_case, open_case
from civette.helpdesk.handoff import utc_now
from civette.helpdesk.models import Case
from civette.servers import free_port, web_server
from conftest import AGENT, RESULTS_DIR
import test_browser
from test_browser import DESKTOP, SHOTS, bot_messages, open_widget, say

browser = test_browser.browser  # the fixture: Debian's Chromium, headless
USERNAME, _, PASSWORD = AGENT
PARIS = ZoneInfo("Europe/Paris")
ELSEWHERE = "America/New_York"  # the advisor's browser is not on Paris time: the console is
NO_REPLY_S = 4
HANDOFF_NOTICE = "Vous parlez maintenant à un conseiller de la boutique."


@pytest.fixture
def nobody_waiting(store_sessions, agent_online):
    """No other customer waits live (earlier tests' cases are closed), and an advisor is online."""
    with store_sessions() as session:
        waiting = session.scalars(select(Case.id).where(Case.status == "open", Case.mode == "live")).all()
    for case_id in waiting:
        close_case(store_sessions, case_id, USERNAME, utc_now())
    yield
    with store_sessions() as session:
        opened = session.scalars(select(Case.id).where(Case.status == "open", Case.mode == "live")).all()
    for case_id in opened:
        close_case(store_sessions, case_id, USERNAME, utc_now())


def console_page(browser: Browser, web: str) -> Page:
    """An advisor logged in to the console, notifications allowed, browser on New York time."""
    context = browser.new_context(viewport=DESKTOP, timezone_id=ELSEWHERE, permissions=["notifications"])
    page = context.new_page()
    page.goto(f"{web}/console/login")
    page.get_by_label("Identifiant").fill(USERNAME)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Dossiers ouverts")).to_be_visible()
    return page


def ask_for_an_advisor(browser: Browser, web: str, text: str) -> Page:
    customer = browser.new_page(viewport=DESKTOP)
    open_widget(customer, web)
    say(customer, text)
    expect(customer.get_by_text(HANDOFF_NOTICE)).to_be_visible()
    return customer


def case_id_in(customer: Page) -> int:
    """The case number the bot gave the customer, from its latest message that gives one (the
    widget sets French typography: a no-break space after « n° »)."""
    message = bot_messages(customer).filter(has_text=re.compile(r"dossier n°\s\d+")).last
    return int(re.search(r"dossier n°\s(\d+)", message.inner_text())[1])


def wait_for_message(customer: Page, text: str) -> None:
    """A message of the widget says `text` (where the widget's French typography may have made
    a space a no-break one)."""
    spaced = re.compile(re.escape(text).replace("\\ ", r"\s"))
    expect(customer.locator(".message", has_text=spaced).last).to_be_visible()


def paris_clock(moment: datetime) -> str:
    return f"{moment.replace(tzinfo=timezone.utc).astimezone(PARIS):%H:%M}"


def counter(page: Page, name: str) -> int:
    return page.evaluate(f"window.civetteConsole.{name}")


def test_the_customer_waiting_live_is_first_and_signalled(browser, web, store_sessions, nobody_waiting):
    address, other_address = (f"{name}.{int(utc_now().timestamp())}@exemple.fr" for name in ("jean.dupont", "marie"))
    older, other = (open_case(store_sessions, CaseDraft(
        conversation_id=f"email:{email}", channel="email", mode="email", reason=reason, contact_email=email),
        utc_now() - timedelta(hours=3)) for email, reason in [(address, "payment_dispute"),
                                                              (other_address, "customer_request")])
    agent = console_page(browser, web)
    expect(agent).to_have_title("Dossiers ouverts · À La Civette")
    customers = [ask_for_an_advisor(browser, web, "je voudrais parler à un conseiller")]
    first = case_id_in(customers[0])

    rows = agent.locator("#case-rows tr")
    expect(rows.first).to_contain_text(f"n° {first}")  # above the urgent email case opened earlier
    expect(rows.first).to_contain_text(re.compile(r"attend depuis (moins d'une minute|1\xa0min)"))
    expect(agent.locator("#case-rows tr", has_text=f"n° {older}")).to_be_visible()
    expect(agent).to_have_title("(1) Dossiers ouverts · À La Civette")
    opened = get_case(store_sessions, first).created_at
    expect(rows.first.locator("td").last).to_have_text(paris_clock(opened))
    agent.wait_for_function("window.civetteConsole.beeps === 1 && window.civetteConsole.notifications === 1")
    agent.screenshot(path=SHOTS / "console-live-first.png", full_page=True)

    # The sound off, kept across a reload: the next customer is signalled without it.
    agent.get_by_role("button", name="Son des alertes : activé").click()
    agent.reload()
    expect(agent.get_by_role("button", name="Son des alertes : désactivé")).to_have_attribute("aria-pressed", "false")
    customers.append(ask_for_an_advisor(browser, web, "un conseiller s'il vous plaît"))
    second = case_id_in(customers[1])
    expect(agent).to_have_title("(2) Dossiers ouverts · À La Civette")
    expect(rows.nth(1)).to_contain_text(f"n° {second}")  # same priority, waiting for less long
    agent.wait_for_function("window.civetteConsole.notifications === 1")  # this page's, since the reload
    assert counter(agent, "beeps") == 0

    # The list filtered: email cases only, then a search by address.
    agent.get_by_label("Mode").select_option("email")
    expect(agent.locator("#case-rows tr", has_text=f"n° {first}")).to_have_count(0)
    expect(agent.locator("#case-rows tr", has_text=f"n° {other}")).to_have_count(1)
    agent.get_by_label("E-mail ou n° de commande").fill(address.split("@")[0])
    expect(agent).to_have_url(re.compile(rf"mode=email.*q={re.escape(address.split('@')[0])}"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"n° {older}")
    expect(agent).to_have_title("(2) Dossiers ouverts · À La Civette")  # the waiting customers still count
    agent.screenshot(path=SHOTS / "console-filtered.png", full_page=True)
    for case_id in (older, other):
        close_case(store_sessions, case_id, USERNAME, utc_now())
    agent.context.close()
    for customer in customers:
        customer.close()


def test_paris_times_and_an_faq_answer_two_keystrokes_away(browser, web, kb, store_sessions, nobody_waiting):
    customer = ask_for_an_advisor(browser, web, "j'ai reçu mon humidor complètement cassé")
    case_id = case_id_in(customer)
    case = get_case(store_sessions, case_id)
    agent = console_page(browser, web)
    agent.locator("#case-rows tr", has_text=f"n° {case_id}").get_by_role("link").click()
    expect(agent).to_have_title(f"(1) Dossier {case_id} · À La Civette")

    opened = case.created_at.replace(tzinfo=timezone.utc).astimezone(PARIS)
    expect(agent.locator("dt:has-text('Ouvert le') + dd")).to_have_text(f"{opened:%d/%m/%Y à %H:%M}")
    expect(agent.locator("dt:has-text('Sujet détecté') + dd")).to_have_text(
        f"FAQ : « {kb.get('damaged_or_wrong_item').question} »")
    times = agent.locator("#transcript time")
    expect(times.first).to_be_visible()
    for index in range(times.count()):
        at = datetime.fromisoformat(times.nth(index).get_attribute("datetime"))
        assert times.nth(index).inner_text() == f"{at.astimezone(PARIS):%H:%M}"

    # The detected topic's answer: Alt+Shift+F, Enter.
    agent.keyboard.press("Alt+Shift+F")
    expect(agent.get_by_label("Chercher une réponse de la FAQ (sujet, mot-clé)")).to_be_focused()
    agent.keyboard.press("Enter")
    reply = agent.get_by_label("Votre réponse au client")
    expect(reply).to_have_value(kb.get("damaged_or_wrong_item").chat)
    expect(reply).to_be_focused()
    # Another answer, searched by topic, goes after it.
    agent.keyboard.press("Alt+Shift+F")
    agent.keyboard.type("3d secure")
    agent.keyboard.press("Enter")
    expect(reply).to_have_value(f"{kb.get('damaged_or_wrong_item').chat}\n\n{kb.get('three_d_secure').chat}")
    agent.screenshot(path=SHOTS / "console-case-answers.png", full_page=True)

    agent.keyboard.press("Control+Enter")
    expect(reply).to_have_value("")
    wait_for_message(customer, kb.get("three_d_secure").chat.split("\n")[0])
    expect(agent.locator("#transcript .message.from-agent .who").last).to_have_text("Claire")
    expect(agent).to_have_title(f"Dossier {case_id} · À La Civette")  # answered: nobody waits

    agent.keyboard.press("Alt+Shift+C")
    expect(agent.get_by_role("heading", name="Dossiers ouverts")).to_be_visible()
    expect(customer.locator(".message").last).to_contain_text("L'assistant automatique reprend")
    assert get_case(store_sessions, case_id).status == "closed"
    agent.context.close()
    customer.close()


def test_a_live_case_nobody_answers_turns_into_an_email_case(browser, web, assistant, auth_token,
                                                            demo_order_store, store_sessions, nobody_waiting):
    customer = ask_for_an_advisor(browser, web, "je voudrais parler à un conseiller")
    case_id = case_id_in(customer)
    env = {"RASA_URL": assistant, "RASA_AUTH_TOKEN": auth_token,
           "CIVETTE_DATABASE_URL": f"sqlite:///{demo_order_store}", "CIVETTE_NO_REPLY_TIMEOUT_S": str(NO_REPLY_S),
           "CIVETTE_OPENING_HOURS": "lun-dim 00:00-24:00", "CIVETTE_OPEN_ON_PUBLIC_HOLIDAYS": "true"}
    with web_server(free_port(), env, RESULTS_DIR / "logs" / "console-no-reply-browser") as impatient:
        agent = console_page(browser, impatient)
        agent.goto(f"{impatient}/console/cases/{case_id}")
        expect(agent.get_by_label("Votre réponse au client")).to_be_visible()
        # Nobody answers: the customer is told and asked for an address; the case page follows.
        told = customer.locator(".message.from-bot", has_text="Aucun conseiller n'a pu vous répondre en direct")
        expect(told).to_be_visible(timeout=(NO_REPLY_S + 10) * 1000)
        expect(customer.get_by_text(HANDOFF_NOTICE)).to_be_hidden()
        expect(agent.get_by_text("Personne n'a répondu à temps : le client en a été informé")).to_be_visible()
        expect(agent.get_by_label("Votre réponse au client")).to_have_count(0)
        expect(agent.locator("dt:has-text('Mode') + dd")).to_have_text("réponse par e-mail")
        customer.screenshot(path=SHOTS / "console-no-reply-widget.png")
        say(customer, "camille.martin@exemple.fr")
        wait_for_message(customer, f"C'est noté (dossier n° {case_id}) : un conseiller vous répondra par "
                                   "e-mail à camille.martin@exemple.fr")
        agent.reload()
        expect(agent.get_by_role("link", name="camille.martin@exemple.fr")).to_be_visible()
        agent.screenshot(path=SHOTS / "console-no-reply.png", full_page=True)
        case = get_case(store_sessions, case_id)
        assert (case.status, case.mode, case.contact_email) == ("open", "email", "camille.martin@exemple.fr")
        agent.context.close()
    close_case(store_sessions, case_id, USERNAME, utc_now())
    customer.close()
