// À La Civette chat widget. Embed with one tag:
//   <script src="https://…/widget/civette-widget.js" defer
//           data-server-url="https://bot.alacivette.com" data-primary-color="#7a1f2b"
//           data-title="À La Civette" data-greeting="Bonjour !…"></script>
// It speaks Rasa's socket.io channel: session_request → session_confirm, user_uttered / bot_uttered.
import { io } from "socket.io-client";

import { loadHistory, saveHistory } from "./history.js";
import { segments } from "./segments.js";
import { styles } from "./styles.js";

const MAX_MESSAGE_LENGTH = 2000;
const TYPING_TIMEOUT_MS = 15000;
const WHO = { bot: "Assistant", agent: "Conseiller", user: "Vous" };

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function safeColor(value) {
  return /^#[0-9a-f]{3,8}$/i.test(value || "") ? value : "#7a1f2b";
}

class ChatWidget {
  constructor(options) {
    this.options = options;
    this.storageKey = `civette-chat:${options.serverUrl}`;
    this.history = loadHistory(window.localStorage, this.storageKey);
    this.queue = [];
    this.confirmed = false;
    this.build();
    this.renderHistory();
    this.connect();
    if (this.history.open) this.open(false);
  }

  build() {
    const host = element("div", { id: "civette-chat" });
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: "open" });
    root.appendChild(element("style", {}, styles(this.options.color)));

    this.launcher = element("button", { class: "launcher", type: "button", "aria-expanded": "false",
      "aria-controls": "civette-chat-panel" }, "Une question ? Discutons");
    this.panel = element("section", { class: "panel", id: "civette-chat-panel", role: "dialog",
      "aria-label": `Discussion avec ${this.options.title}` });
    this.panel.hidden = true;

    const header = element("header");
    const titles = element("div", { class: "titles" });
    titles.append(element("h2", {}, this.options.title), this.subtitle = element("p", {}, ""));
    this.closeButton = element("button", { class: "icon-button", type: "button",
      "aria-label": "Fermer la discussion" }, "×");
    header.append(titles, this.closeButton);

    this.connectionNotice = element("p", { class: "notice", role: "status" });
    this.connectionNotice.hidden = true;
    this.agentNotice = element("p", { class: "notice agent", role: "status" },
      "Vous parlez maintenant à un conseiller de la boutique.");
    this.agentNotice.hidden = true;

    this.log = element("div", { class: "log", role: "log", "aria-live": "polite",
      "aria-label": "Messages de la discussion" });
    this.typing = element("div", { class: "typing", role: "status" }, "");
    this.typing.hidden = true;

    const form = element("form", { "aria-label": "Envoyer un message" });
    const label = element("label", { for: "civette-chat-input", class: "visually-hidden" }, "Votre message");
    this.input = element("textarea", { id: "civette-chat-input", rows: "1",
      maxlength: String(MAX_MESSAGE_LENGTH), placeholder: "Écrivez votre message…",
      autocomplete: "off" });
    const send = element("button", { class: "send", type: "submit" }, "Envoyer");
    form.append(label, this.input, send);

    this.panel.append(header, this.connectionNotice, this.agentNotice, this.log, this.typing, form);
    root.append(this.launcher, this.panel);

    this.launcher.addEventListener("click", () => this.open(true));
    this.closeButton.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => { if (event.key === "Escape") this.close(); });
    form.addEventListener("submit", (event) => { event.preventDefault(); this.sendTyped(); });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); this.sendTyped(); }
    });
    this.showHandoff(this.history.handoff);
  }

  open(focus) {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    this.history.open = true;
    this.save();
    if (focus) this.input.focus();
    this.log.scrollTop = this.log.scrollHeight;
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

  // --- connection -------------------------------------------------------------------------

  connect() {
    this.socket = io(this.options.serverUrl, { path: "/socket.io", transports: ["websocket"],
      reconnection: true, reconnectionDelay: 1000, reconnectionDelayMax: 8000 });
    this.socket.on("connect", () => {
      this.confirmed = false;
      this.socket.emit("session_request", { session_id: this.history.sessionId });
    });
    this.socket.on("session_confirm", (sessionId) => {
      const id = typeof sessionId === "string" ? sessionId : sessionId?.session_id;
      if (id) this.history.sessionId = id;
      this.confirmed = true;
      this.save();
      this.setConnectionNotice("");
      this.flushQueue();
    });
    this.socket.on("bot_uttered", (message) => this.receive(message || {}));
    this.socket.on("disconnect", () => {
      this.confirmed = false;
      this.setConnectionNotice("Connexion perdue. Reconnexion en cours… Vos messages seront envoyés dès le retour de la connexion.");
    });
    this.socket.on("connect_error", () => {
      this.setConnectionNotice("Impossible de joindre l'assistant pour le moment. Nouvel essai automatique…");
    });
  }

  setConnectionNotice(text) {
    this.connectionNotice.textContent = text;
    this.connectionNotice.hidden = !text;
  }

  flushQueue() {
    while (this.confirmed && this.queue.length) {
      const { text, entry } = this.queue.shift();
      this.socket.emit("user_uttered", { message: text, session_id: this.history.sessionId });
      entry.pending = false;
      entry.node?.classList.remove("pending");
      this.save();
    }
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
    const entry = this.addMessage({ from: "user", text: shownText, pending: true });
    this.queue.push({ text: payload, entry });
    this.showTyping(true);
    this.flushQueue();
  }

  receive(message) {
    if (message.handoff === "started" || message.handoff === "ended") {
      this.history.handoff = message.handoff === "started";
      this.showHandoff(this.history.handoff);
      this.save();
    }
    if (!message.text && !message.quick_replies) return;
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
    this.save();
    this.render(entry);
    return entry;
  }

  renderHistory() {
    if (!this.history.messages.length && this.options.greeting) {
      this.history.messages.push({ from: "bot", text: this.options.greeting });
    }
    this.history.messages.forEach((entry) => this.render(entry));
    this.disableChoices(this.history.messages.length ? this.history.messages[this.history.messages.length - 1] : null);
  }

  render(entry) {
    const bubble = element("div", { class: `message from-${entry.from}` });
    if (entry.pending) bubble.classList.add("pending");
    bubble.appendChild(element("span", { class: "who" }, WHO[entry.from] || WHO.bot));
    const body = element("div");
    for (const part of segments(entry.text)) {
      if (part.type === "break") body.appendChild(element("br"));
      else if (part.type === "link") {
        body.appendChild(element("a", { href: part.value, target: "_blank", rel: "noopener noreferrer nofollow" }, part.value));
      } else body.appendChild(document.createTextNode(part.value));
    }
    bubble.appendChild(body);
    Object.defineProperty(entry, "node", { value: bubble, enumerable: false, configurable: true });
    this.log.appendChild(bubble);
    if (entry.choices?.length) {
      const group = element("div", { class: "choices", role: "group", "aria-label": "Réponses suggérées" });
      entry.choices.forEach((choice) => {
        const button = element("button", { type: "button" }, choice.title);
        button.addEventListener("click", () => this.send(choice.payload, choice.title));
        group.appendChild(button);
      });
      this.log.appendChild(group);
    }
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
    if (visible) this.typingTimer = setTimeout(() => this.showTyping(false), TYPING_TIMEOUT_MS);
  }

  showHandoff(active) {
    this.agentNotice.hidden = !active;
    this.subtitle.textContent = active ? "Conseiller en ligne" : "Assistant automatique";
  }
}

function start() {
  const script = document.currentScript || document.querySelector("script[data-server-url]");
  const data = script?.dataset || {};
  const options = {
    serverUrl: data.serverUrl || window.location.origin,
    color: safeColor(data.primaryColor),
    title: data.title || "À La Civette",
    greeting: data.greeting || "",
  };
  const launch = () => { window.civetteChat = new ChatWidget(options); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", launch);
  else launch();
}

start();
