"""The widget and the console in headless Chromium (Debian's, driven by Playwright; no browser
download): a customer asks a question, asks for a human, an agent answers from the console, then
gives the conversation back to the bot; network drops and reloads lose nothing; a conversation is
forgotten on request or after inactivity. Screenshots are kept in results/screenshots."""

import json
import re
import shutil
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect, sync_playwright

from civette.helpdesk.cases import close_case, get_case
from civette.helpdesk.handoff import utc_now
from civette.web.rasa_api import RasaApi
from conftest import AGENT, RESULTS_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = RESULTS_DIR / "screenshots"
USERNAME, _, PASSWORD = AGENT
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
RECONNECTED_S = 20  # the widget retries at most every 8 s


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


def wait_until_connected(page: Page) -> None:
    """Connected to its session, and done reading back what it missed."""
    page.wait_for_function("() => window.civetteChat?.confirmed && !window.civetteChat.heldBack")


def session_id(page: Page) -> str:
    return page.evaluate("window.civetteChat.history.sessionId")


def stored_conversation(page: Page) -> str:
    return page.evaluate("JSON.stringify(window.localStorage)")


def set_widget_option(page: Page, name: str, value: str) -> None:
    """The shop page's widget tag gets a data- attribute (`name` in camelCase), once parsed and
    before the (deferred) widget script runs."""
    page.add_init_script(f"""document.addEventListener("readystatechange", () => {{
      document.querySelector("script[data-server-url]").dataset.{name} = {json.dumps(value)};
    }}, {{ once: true }});""")


class Network:
    """The widget's socket.io connection, cut and restored (its WebSocket routed by Playwright,
    reloads included): while cut, every reconnection attempt fails at once (a message that is not
    Engine.IO's, as a closed WebSocket alone would leave the client waiting 20 s)."""

    def __init__(self, page: Page) -> None:
        self.up = True
        page.route_web_socket(re.compile(r"/socket\.io/"), self._connect)

    def _connect(self, socket: WebSocketRoute) -> None:
        if self.up:
            socket.connect_to_server()
        else:
            socket.send("offline")

    def cut(self, page: Page) -> None:
        self.up = False
        page.evaluate("window.civetteChat.socket.io.engine.close()")
        page.wait_for_function("() => !window.civetteChat.socket.connected")

    def restore(self) -> None:
        self.up = True


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
    case_id = re.search(r"dossier n°\s(\d+)", customer.locator(".message.from-bot").last.inner_text())[1]

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
    expect(customer.get_by_role("button", name="Parler à un conseiller")).to_be_visible()

    say(customer, "quels sont vos moyens de paiement ?")
    expect(customer.locator(".message.from-bot").last).to_contain_text(kb.get("payment_methods").chat)
    customer.screenshot(path=SHOTS / "widget-after-handoff.png")
    agent.context.close()
    customer.close()


def test_a_message_typed_offline_is_sent_once_after_a_reload(browser, web, assistant, auth_token, kb):
    page = browser.new_page(viewport=DESKTOP)
    network = Network(page)
    open_widget(page, web)
    wait_until_connected(page)
    network.cut(page)
    say(page, "c'est quoi le 3d secure ?")
    page.reload()
    expect(page.locator(".message.from-user.pending")).to_contain_text("c'est quoi le 3d secure ?")

    network.restore()
    answer = page.locator(".message.from-bot", has_text=first_line(kb.get("three_d_secure").chat))
    expect(answer).to_be_visible(timeout=RECONNECTED_S * 1000)
    expect(page.locator(".message.pending")).to_have_count(0)

    # Neither the next reload nor the next message sends it again, nor shows its answer twice.
    page.reload()
    wait_until_connected(page)
    say(page, "quels sont vos moyens de paiement ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("payment_methods").chat))).to_be_visible()
    expect(answer).to_have_count(1)
    expect(page.locator(".message.from-user")).to_have_count(2)
    said = [line["text"] for line in RasaApi(assistant, auth_token).transcript(session_id(page))
            if line["role"] == "client"]
    assert said == ["c'est quoi le 3d secure ?", "quels sont vos moyens de paiement ?"]
    page.close()


def test_an_advisor_message_sent_while_offline_appears_after_reconnecting(
        browser, web, assistant, auth_token, agent_online, store_sessions):
    page = browser.new_page(viewport=DESKTOP)
    network = Network(page)
    open_widget(page, web)
    say(page, "je voudrais parler à un conseiller")
    expect(page.get_by_text("Vous parlez maintenant à un conseiller de la boutique.")).to_be_visible()
    case_id = int(re.search(r"dossier n°\s(\d+)", bot_messages(page).last.inner_text())[1])
    wait_until_connected(page)

    network.cut(page)
    RasaApi(assistant, auth_token).send_agent_message(
        session_id(page), "Bonjour, ici Claire : votre colis part demain.", "Claire")
    network.restore()
    reply = page.locator(".message.from-agent", has_text="ici Claire")
    expect(reply).to_be_visible(timeout=RECONNECTED_S * 1000)
    wait_until_connected(page)
    expect(reply).to_have_count(1)
    close_case(store_sessions, case_id, AGENT[0], utc_now())
    page.close()


def test_after_a_period_of_inactivity_the_conversation_is_forgotten(browser, web, kb):
    page = browser.new_page(viewport=DESKTOP)
    set_widget_option(page, "inactivityMinutes", "0.2")  # twelve seconds: time enough for the answer
    open_widget(page, web)
    say(page, "comment je cree un compte client ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("create_account").chat))).to_be_visible()
    first_session = session_id(page)

    expect(page.locator(".message.from-user")).to_have_count(0, timeout=25000)
    expect(bot_messages(page)).to_have_count(1)  # the greeting
    page.wait_for_function("old => ![null, old].includes(window.civetteChat.history.sessionId)",
                           arg=first_session)
    assert "compte client" not in stored_conversation(page)
    new_session = session_id(page)
    page.reload()
    expect(page.locator(".message.from-user")).to_have_count(0)
    expect(bot_messages(page)).to_have_count(1)
    assert session_id(page) == new_session
    page.close()


def test_the_clear_button_forgets_the_conversation_and_starts_a_new_session(browser, web, kb):
    page = browser.new_page(viewport=DESKTOP)
    open_widget(page, web)
    say(page, "comment je cree un compte client ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("create_account").chat))).to_be_visible()
    first_session = session_id(page)

    page.get_by_role("button", name="Fermer la discussion").focus()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Effacer la conversation")).to_be_focused()
    page.screenshot(path=SHOTS / "widget-clear.png")
    page.keyboard.press("Enter")
    expect(page.locator(".message.from-user")).to_have_count(0)
    expect(bot_messages(page)).to_have_count(1)  # the greeting
    expect(page.get_by_label("Votre message")).to_be_focused()
    assert "compte client" not in stored_conversation(page)

    say(page, "quels sont vos moyens de paiement ?")
    expect(page.locator(".message.from-bot", has_text=first_line(kb.get("payment_methods").chat))).to_be_visible()
    assert session_id(page) not in (None, first_session)
    page.reload()
    expect(page.locator(".message.from-user")).to_have_count(1)
    expect(page.locator(".message.from-user")).to_contain_text("moyens de paiement")
    page.close()


class HeldAnswers:
    """The widget's socket.io connection, routed by Playwright: while `holding`, what the server
    sends is kept back (the typing indicator stays), then delivered on `release`."""

    def __init__(self, page: Page) -> None:
        self.holding = False
        self.held: list = []
        page.route_web_socket(re.compile(r"/socket\.io/"), self._connect)

    def _connect(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        server.on_message(lambda message: self._from_server(socket, message))

    def _from_server(self, socket: WebSocketRoute, message) -> None:
        if self.holding:
            self.held.append((socket, message))
        else:
            socket.send(message)

    def release(self) -> None:
        self.holding = False
        for socket, message in self.held:
            socket.send(message)
        self.held.clear()


def phone_page(browser) -> Page:
    return browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)


def test_the_advisor_button_hands_the_conversation_over_in_one_tap(browser, web, agent_online, store_sessions):
    page = phone_page(browser)
    open_widget(page, web)
    button = page.get_by_role("button", name="Parler à un conseiller")
    page.screenshot(path=SHOTS / "widget-phone-button.png")
    button.tap()
    expect(page.get_by_text("Vous parlez maintenant à un conseiller de la boutique.")).to_be_visible()
    expect(page.locator(".message.from-user")).to_have_count(1)
    case_id = int(re.search(r"dossier n°\s(\d+)", bot_messages(page).last.inner_text())[1])
    case = get_case(store_sessions, case_id)
    assert (case.mode, case.reason) == ("live", "customer_request")
    expect(button).to_be_hidden()  # the advisor is there
    page.screenshot(path=SHOTS / "widget-phone-button-handoff.png")
    close_case(store_sessions, case_id, AGENT[0], utc_now())
    page.close()


# Finds `pattern` in a message's text, then narrows the message from its widest to 160 px (less
# than on the narrowest phone; narrower, a long word must be cut anyway): the widths at which the
# matched words were cut across two lines.
SPLIT_AT_WIDTHS = """([bubble, pattern]) => {
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  let node, match;
  while ((node = walker.nextNode()) && !(match = new RegExp(pattern).exec(node.data)));
  if (!match) throw new Error(`not found: ${pattern}`);
  const range = document.createRange();
  range.setStart(node, match.index);
  range.setEnd(node, match.index + match[0].length);
  const split = [];
  for (let width = bubble.getBoundingClientRect().width; width >= 160; width -= 2) {
    bubble.style.maxWidth = bubble.style.width = `${width}px`;
    if (new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size > 1) split.push(width);
  }
  bubble.style.maxWidth = bubble.style.width = "";
  return split;
}"""
WITH_ORDINARY_SPACES = r"""([bubble]) => {
  const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) node.data = node.data.replace(/[\u00a0\u202f]/g, " ");
}"""


def test_french_spacing_keeps_quoted_words_times_and_punctuation_together(browser, web):
    page = phone_page(browser)
    open_widget(page, web)
    say(page, "où en est ma commande 48213 ?")
    expect(bot_messages(page)).to_have_count(2)  # the greeting, then the question for a proof
    say(page, "camille.martin@exemple.fr")
    answer = page.locator(".message.from-bot", has_text="Dernière étape connue")
    expect(answer).to_be_visible()
    text = answer.inner_text()
    assert "a le statut «\u00a0Terminé\u00a0»\u00a0: elle a été expédiée" in text
    assert re.search(r"à \d{1,2}\u00a0h\u00a0\d{2}, Chilly-Mazarin", text)
    assert "Suivi\u00a0: https://" in text
    assert page.locator(".message.from-user").first.inner_text().endswith("48213\u202f?")
    page.screenshot(path=SHOTS / "widget-phone-spacing.png")

    bubble = answer.element_handle()
    for pattern in [r"\d{1,2}\u00a0h\u00a0\d{2}", r"«\u00a0Terminé\u00a0»", r"\d+\u00a0jours"]:
        assert page.evaluate(SPLIT_AT_WIDTHS, [bubble, pattern]) == [], pattern
    # The same text with ordinary spaces does break there at some widths: the check above can fail.
    page.evaluate(WITH_ORDINARY_SPACES, [bubble])
    assert page.evaluate(SPLIT_AT_WIDTHS, [bubble, r"\d{1,2} h \d{2}"])
    page.close()


def test_the_typing_indicator_never_hides_the_last_message_on_a_phone(browser, web, kb):
    page = phone_page(browser)
    answers = HeldAnswers(page)
    open_widget(page, web)
    for question, topic in [("comment je cree un compte client ?", "create_account"),
                            ("quels sont vos moyens de paiement ?", "payment_methods"),
                            ("c'est quoi le 3d secure ?", "three_d_secure")]:
        say(page, question)
        expect(page.locator(".message.from-bot", has_text=first_line(kb.get(topic).chat))).to_be_visible()
    log = page.locator(".log")
    assert log.evaluate("log => log.scrollHeight > log.clientHeight + 100"), "the log must scroll"

    answers.holding = True
    say(page, "quand vais-je être débité ?")
    expect(page.locator(".typing")).to_be_visible()
    assert log.evaluate("log => log.scrollHeight - log.scrollTop - log.clientHeight") <= 1
    last = page.locator(".message.from-user").last.bounding_box()
    assert last["y"] + last["height"] <= log.bounding_box()["y"] + log.bounding_box()["height"]
    # 16 px: iOS Safari does not zoom into the message box.
    assert page.get_by_label("Votre message").evaluate("box => getComputedStyle(box).fontSize") == "16px"
    page.screenshot(path=SHOTS / "widget-phone-typing.png")

    answers.release()
    expect(page.locator(".typing")).to_be_hidden()
    page.close()


LOGO = "data:image/svg+xml," + quote('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
                                     '<rect width="40" height="40" fill="#d4a017"/></svg>')


def test_the_header_shows_the_shops_logo_or_else_its_monogram(browser, web):
    page = phone_page(browser)
    open_widget(page, web)
    expect(page.locator("header svg.avatar")).to_have_text("C")  # À La Civette
    page.close()

    page = phone_page(browser)
    set_widget_option(page, "logoUrl", LOGO)
    open_widget(page, web)
    logo = page.locator("header img.avatar")
    expect(logo).to_have_attribute("src", LOGO)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
    page.locator(".panel header").screenshot(path=SHOTS / "widget-phone-logo.png")
    page.close()
