"""The widget and the console in headless Chromium (Debian's, driven by Playwright; no browser
download): a customer asks a question, asks for a human, an agent answers from the console, then
gives the conversation back to the bot. Screenshots are kept in results/screenshots."""

import re
import shutil

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from conftest import AGENT, RESULTS_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = RESULTS_DIR / "screenshots"
USERNAME, _, PASSWORD = AGENT
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def open_widget(page: Page, web: str) -> None:
    page.goto(web)
    page.get_by_role("button", name="Une question ? Discutons").click()
    expect(page.get_by_role("dialog", name="Discussion avec À La Civette")).to_be_visible()


def say(page: Page, text: str) -> None:
    page.get_by_label("Votre message").fill(text)
    page.get_by_label("Votre message").press("Enter")


def first_line(answer: str) -> str:
    """Rasa's socket.io channel sends each paragraph apart; the widget shows lines as <br>."""
    return answer.split("\n")[0]


def bot_messages(page: Page):
    return page.locator(".message.from-bot, .message.from-agent")


def test_a_customer_asks_a_question_and_reads_the_answer(browser, web, kb):
    page = browser.new_page(viewport=DESKTOP)
    open_widget(page, web)
    say(page, "comment je cree un compte client ?")
    answer = page.locator(".message.from-bot", has_text=first_line(kb.get("create_account").chat))
    expect(answer).to_be_visible()
    assert answer.locator("br").count() >= 1
    page.screenshot(path=SHOTS / "widget-desktop.png")
    # A reload keeps the conversation and its session.
    session_before = page.evaluate("window.civetteChat.history.sessionId")
    page.reload()
    expect(page.locator(".message.from-user")).to_have_count(1)
    expect(page.locator(".message.from-user")).to_contain_text("comment je cree un compte client ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("create_account").chat))).to_be_visible()
    assert page.evaluate("window.civetteChat.history.sessionId") == session_before
    page.close()


def test_the_widget_works_with_the_keyboard_on_a_phone(browser, web):
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(web)
    page.keyboard.press("Tab")
    launcher = page.get_by_role("button", name="Une question ? Discutons")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Votre message")).to_be_focused()
    panel = page.get_by_role("dialog", name="Discussion avec À La Civette")
    assert panel.bounding_box()["width"] == PHONE["width"]
    page.keyboard.type("ça prend combien de temps la livraison ?")
    page.keyboard.press("Enter")
    expect(bot_messages(page).nth(1)).to_be_visible()  # the greeting, then the answer
    page.screenshot(path=SHOTS / "widget-phone.png")
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()
    page.close()


def test_a_message_typed_during_a_network_drop_is_sent_after_reconnecting(browser, web, kb):
    page = browser.new_page(viewport=DESKTOP)
    open_widget(page, web)
    page.evaluate("window.civetteChat.socket.io.engine.close()")  # the connection drops
    expect(page.get_by_text("Connexion perdue.", exact=False)).to_be_visible()
    say(page, "c'est quoi le 3d secure ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("three_d_secure").chat))).to_be_visible()
    expect(page.get_by_text("Connexion perdue.", exact=False)).to_be_hidden()
    page.close()


def test_markup_typed_by_a_customer_is_shown_as_text(browser, web):
    page = browser.new_page(viewport=DESKTOP)
    open_widget(page, web)
    attack = '<img src=x onerror="window.pwned=1">'
    say(page, attack)
    expect(page.locator(".message.from-user").last).to_contain_text(attack)
    expect(bot_messages(page).nth(1)).to_be_visible()
    assert page.evaluate("window.pwned") is None and page.locator("img").count() == 0
    page.close()


def test_handoff_to_an_agent_and_back_to_the_bot(browser, web, agent_online, kb):
    customer = browser.new_page(viewport=DESKTOP)
    agent = browser.new_context(viewport=DESKTOP).new_page()

    agent.goto(f"{web}/console/login")
    agent.get_by_label("Identifiant").fill(USERNAME)
    agent.get_by_label("Mot de passe").fill(PASSWORD)
    agent.get_by_role("button", name="Se connecter").click()
    expect(agent.get_by_role("heading", name="Dossiers ouverts")).to_be_visible()

    open_widget(customer, web)
    say(customer, "je voudrais parler à un conseiller <b>svp</b>")
    expect(customer.get_by_text("Vous parlez maintenant à un conseiller de la boutique.")).to_be_visible()
    customer.screenshot(path=SHOTS / "widget-handoff.png")
    case_id = re.search(r"dossier n° (\d+)", customer.locator(".message.from-bot").last.inner_text())[1]

    row = agent.locator("#case-rows tr", has_text=f"n° {case_id}")
    expect(row).to_contain_text("Le client demande un conseiller")
    row.get_by_role("link").click()
    transcript = agent.locator("#transcript")
    expect(transcript).to_contain_text("je voudrais parler à un conseiller <b>svp</b>")
    assert agent.locator("#transcript b").count() == 0

    agent.get_by_label("Votre réponse au client").fill("Bonjour, ici Claire. Que puis-je faire pour vous ?")
    agent.get_by_role("button", name="Envoyer").click()
    expect(customer.locator(".message.from-agent").last).to_contain_text("ici Claire")

    say(customer, "mon colis est arrivé abîmé")
    expect(transcript).to_contain_text("mon colis est arrivé abîmé")  # without a reload
    agent.screenshot(path=SHOTS / "console-case.png", full_page=True)

    agent.get_by_role("button", name="Clore le dossier et rendre la main au bot").click()
    expect(agent.get_by_role("heading", name="Dossiers ouverts")).to_be_visible()
    expect(customer.get_by_text("Vous parlez maintenant à un conseiller de la boutique.")).to_be_hidden()
    expect(customer.locator(".message").last).to_contain_text("L'assistant automatique reprend")

    say(customer, "quels sont vos moyens de paiement ?")
    expect(customer.locator(".message.from-bot").last).to_contain_text(kb.get("payment_methods").chat)
    customer.screenshot(path=SHOTS / "widget-after-handoff.png")
    agent.context.close()
    customer.close()
