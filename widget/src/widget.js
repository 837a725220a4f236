// À La Civette chat widget. Embed with one tag:
//   <script src="https://…/widget/civette-widget.js" defer
//           data-server-url="https://bot.alacivette.com" data-primary-color="#7a1f2b"
//           data-title="À La Civette" data-greeting="Bonjour !…"
//           data-logo-url="https://…/logo.png" data-inactivity-minutes="30"></script>
// (options.js reads them; without a logo, the header shows the shop's monogram.)
// It speaks Rasa's socket.io channel: session_request → session_confirm, user_uttered / bot_uttered.
// What a session was sent while the widget was offline is read back from the web app serving
// this script (missed-messages, beside it).
import { io } from "socket.io-client";

import { fetchMissedMessages, isConversationMessage, reconcile } from "./catchup.js";
import { flushPending, loadHistory, newHistory, saveHistory, timeLeft } from "./history.js";
import { choicesNode, messageNode } from "./messages.js";
import { readOptions } from "./options.js";
import { buildPanel, MAX_MESSAGE_LENGTH } from "./panel.js";

const TYPING_TIMEOUT_MS = 15000;
const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout's limit (about 24 days)
// What the « Parler à un conseiller » button says for the customer: the assistant understands it
// as a request for a human (intent human_handoff), like anything the customer could type.
const HUMAN_REQUEST = "Je voudrais parler à un conseiller";

class ChatWidget {
  constructor(options) {
    this.options = options;
    this.storageKey = `civette-chat:${options.serverUrl}`;
    this.history = loadHistory(window.localStorage, this.storageKey, Date.now(), options.inactivityMs);
    this.confirmed = false;
    this.heldBack = null; // while catching up: the messages arriving live
    this.build();
    this.renderHistory();
    this.save(); // an expired conversation leaves the browser too
    this.connect();
    if (this.history.sessionId) this.forgetWhenInactive();
    if (this.history.open) this.open(false);
  }

  build() {
    const nodes = buildPanel(this.options);
    Object.assign(this, nodes);
    document.body.appendChild(nodes.host);

    this.launcher.addEventListener("click", () => this.open(true));
    this.closeButton.addEventListener("click", () => this.close());
    this.clearButton.addEventListener("click", () => {
      this.startNewConversation();
      this.input.focus();
    });
    this.humanButton.addEventListener("click", () => this.send(HUMAN_REQUEST, HUMAN_REQUEST));
    this.panel.addEventListener("keydown", (event) => { if (event.key === "Escape") this.close(); });
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.sendTyped(); });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); this.sendTyped(); }
    });
    this.input.addEventListener("input", () => this.touch());
    this.showHandoff(this.history.handoff);
  }

  open(focus) {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    this.history.open = true;
    this.save();
    if (focus) this.input.focus();
    this.scrollToEnd();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    this.history.open = false;
    this.save();
    this.launcher.focus();
  }

  save() {
    saveHistory(window.localStorage, this.storageKey, this.history);
  }

  // --- forgetting (shared computers) ------------------------------------------------------

  // The customer typed, sent or received something: the inactivity period starts again.
  touch() {
    this.history.lastActivity = Date.now();
    this.save();
    this.forgetWhenInactive();
  }

  forgetWhenInactive() {
    clearTimeout(this.forgetTimer);
    const left = timeLeft(this.history, Date.now(), this.options.inactivityMs);
    if (left <= 0) this.startNewConversation();
    else this.forgetTimer = setTimeout(() => this.forgetWhenInactive(), Math.min(left, MAX_TIMER_MS));
  }

  // « Effacer la conversation », or inactivity: nothing of the conversation stays in the page or
  // the browser, and Rasa gets a new session: a new socket (out of the old session's room) asks
  // for a new session id.
  startNewConversation() {
    clearTimeout(this.forgetTimer);
    this.history = { ...newHistory(Date.now()), open: this.history.open };
    this.heldBack = null;
    this.log.replaceChildren();
    this.showTyping(false);
    this.showHandoff(false);
    this.renderHistory();
    this.save();
    this.confirmed = false;
    this.socket.disconnect().connect();
  }

  // --- connection -------------------------------------------------------------------------

  connect() {
    this.socket = io(this.options.serverUrl, { path: "/socket.io", transports: ["websocket"],
      reconnection: true, reconnectionDelay: 1000, reconnectionDelayMax: 8000 });
    this.socket.on("connect", () => {
      this.confirmed = false;
      this.socket.emit("session_request", { session_id: this.history.sessionId });
    });
    this.socket.on("session_confirm", async (sessionId) => {
      const resumed = Boolean(this.history.sessionId); // else a new session: nothing was missed
      const id = typeof sessionId === "string" ? sessionId : sessionId?.session_id;
      if (id) this.history.sessionId = id;
      this.confirmed = true;
      this.save();
      this.setConnectionNotice("");
      if (resumed) await this.catchUp();
      this.sendPending();
    });
    this.socket.on("bot_uttered", (message) => {
      if (this.heldBack) this.heldBack.push(message);
      else this.receiveLive(message);
    });
    this.socket.on("disconnect", (reason) => {
      this.confirmed = false;
      if (reason === "io client disconnect") return; // a new conversation: reconnecting at once
      this.setConnectionNotice("Connexion perdue. Reconnexion en cours… Vos messages seront envoyés dès le retour de la connexion.");
    });
    this.socket.on("connect_error", () => {
      this.setConnectionNotice("Impossible de joindre l'assistant pour le moment. Nouvel essai automatique…");
    });
  }

  setConnectionNotice(text) {
    this.connectionNotice.textContent = text;
    this.connectionNotice.hidden = !text;
    this.scrollToEnd(); // the notice takes room from the log: its last message stays in sight
  }

  // What this session was sent while the widget was offline or reloading, then what arrived live
  // while it was being read, each once.
  async catchUp() {
    const arrived = this.heldBack = [];
    let listed = null;
    try {
      listed = await fetchMissedMessages(this.options.missedMessagesUrl, this.history.sessionId,
        this.history.missedAfter);
    } catch (e) {
      // the web app unreachable: only what arrives live is shown
    }
    if (this.heldBack !== arrived) return; // a new conversation or another reconnection since
    this.heldBack = null;
    if (!listed) {
      arrived.forEach((message) => this.receiveLive(message));
      return;
    }
    const { unseen, unlisted } = reconcile(listed, this.history.receivedLive, arrived);
    if (listed.length) this.history.missedAfter = listed[listed.length - 1].at;
    this.history.receivedLive = [];
    unseen.forEach((message) => this.receive(message));
    unlisted.forEach((message) => this.receiveLive(message));
    this.save();
  }

  // The messages typed while offline (kept with the history), oldest first, each sent once.
  sendPending() {
    if (!this.confirmed) return;
    const sent = flushPending(this.history, (text, entry) => {
      this.socket.emit("user_uttered", { message: text, session_id: this.history.sessionId });
      entry.node?.classList.remove("pending");
    });
    if (!sent) return;
    this.save();
    this.showTyping(true);
  }

  // --- messages ---------------------------------------------------------------------------

  sendTyped() {
    const text = this.input.value.trim().slice(0, MAX_MESSAGE_LENGTH);
    if (!text) return;
    this.input.value = "";
    this.send(text, text);
  }

  send(payload, shownText) {
    this.disableChoices();
    this.addMessage({ from: "user", text: shownText, ...(payload !== shownText && { payload }), pending: true });
    this.sendPending();
  }

  receiveLive(message) {
    if (!isConversationMessage(message)) return;
    this.history.receivedLive.push(message);
    this.receive(message);
  }

  receive(message) {
    if (message.handoff === "started" || message.handoff === "ended") {
      this.history.handoff = message.handoff === "started";
      this.showHandoff(this.history.handoff);
    }
    if (!message.text && !message.quick_replies) {
      this.save();
      return;
    }
    this.showTyping(false);
    this.addMessage({
      from: this.history.handoff ? "agent" : "bot",
      text: message.text || "",
      choices: (message.quick_replies || message.buttons || [])
        .filter((choice) => choice && choice.title)
        .map((choice) => ({ title: String(choice.title), payload: String(choice.payload ?? choice.title) })),
    });
  }

  addMessage(entry) {
    this.history.messages.push(entry);
    this.touch();
    this.render(entry);
  }

  renderHistory() {
    if (!this.history.messages.length && this.options.greeting) {
      this.history.messages.push({ from: "bot", text: this.options.greeting });
    }
    this.history.messages.forEach((entry) => this.render(entry));
    this.disableChoices(this.history.messages.length ? this.history.messages[this.history.messages.length - 1] : null);
  }

  render(entry) {
    const bubble = messageNode(entry);
    Object.defineProperty(entry, "node", { value: bubble, enumerable: false, configurable: true });
    this.log.appendChild(bubble);
    if (entry.choices?.length) {
      this.log.appendChild(choicesNode(entry.choices, (choice) => this.send(choice.payload, choice.title)));
    }
    this.scrollToEnd();
  }

  scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  // Suggested answers can be used once: the buttons of every message but `keep` are disabled.
  disableChoices(keep = null) {
    this.log.querySelectorAll(".choices button").forEach((button) => {
      if (!keep || !keep.node || button.parentElement.previousSibling !== keep.node) button.disabled = true;
    });
  }

  showTyping(visible) {
    clearTimeout(this.typingTimer);
    this.typing.hidden = !visible;
    this.typing.textContent = visible
      ? (this.history.handoff ? "Message transmis au conseiller…" : "L'assistant écrit…")
      : "";
    if (!visible) return;
    this.scrollToEnd(); // the indicator takes room from the log: its last message stays in sight
    this.typingTimer = setTimeout(() => this.showTyping(false), TYPING_TIMEOUT_MS);
  }

  // With an advisor: a notice says so, and the button asking for one is gone.
  showHandoff(active) {
    this.agentNotice.hidden = !active;
    this.humanBar.hidden = active;
    this.subtitle.textContent = active ? "Conseiller en ligne" : "Assistant automatique";
    this.scrollToEnd();
  }
}

function start() {
  const script = document.currentScript || document.querySelector("script[data-server-url]");
  const options = readOptions(script?.dataset || {}, script?.src, window.location.href);
  const launch = () => { window.civetteChat = new ChatWidget(options); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", launch);
  else launch();
}

start();
