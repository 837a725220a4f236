// The widget's elements, inside a shadow root (the host page's CSS cannot break them): the
// launcher, and the panel with its header, notices, log, typing indicator, the button asking for
// an advisor and the message box. The behaviour is ChatWidget's (widget.js).
import { avatar } from "./avatar.js";
import { element } from "./dom.js";
import { styles } from "./styles.js";
import { typeset } from "./typography.js";

export const MAX_MESSAGE_LENGTH = 2000;

export function buildPanel(options) {
  const host = element("div", { id: "civette-chat" });
  const root = host.attachShadow({ mode: "open" });
  root.appendChild(element("style", {}, styles(options.color)));
  const nodes = { host };

  nodes.launcher = element("button", { class: "launcher", type: "button", "aria-expanded": "false",
    "aria-controls": "civette-chat-panel" }, typeset("Une question ? Discutons"));
  nodes.panel = element("section", { class: "panel", id: "civette-chat-panel", role: "dialog",
    "aria-label": `Discussion avec ${options.title}` });
  nodes.panel.hidden = true;

  const header = element("header");
  const titles = element("div", { class: "titles" });
  titles.append(element("h2", {}, options.title), nodes.subtitle = element("p", {}, ""));
  nodes.closeButton = element("button", { class: "icon-button", type: "button",
    "aria-label": "Fermer la discussion" }, "×");
  // "Effacer" is enough beside the conversation; the full words are its name and its tooltip.
  nodes.clearButton = element("button", { class: "clear", type: "button", "aria-label": "Effacer la conversation",
    title: "Effacer la conversation" }, "Effacer");
  header.append(avatar(options), titles, nodes.clearButton, nodes.closeButton);

  nodes.connectionNotice = element("p", { class: "notice", role: "status" });
  nodes.connectionNotice.hidden = true;
  nodes.agentNotice = element("p", { class: "notice agent", role: "status" },
    "Vous parlez maintenant à un conseiller de la boutique.");
  nodes.agentNotice.hidden = true;

  nodes.log = element("div", { class: "log", role: "log", "aria-live": "polite",
    "aria-label": "Messages de la discussion" });
  nodes.typing = element("div", { class: "typing", role: "status" }, "");
  nodes.typing.hidden = true;

  nodes.humanBar = element("div", { class: "human-bar" });
  nodes.humanButton = element("button", { class: "human", type: "button" }, "Parler à un conseiller");
  nodes.humanBar.append(nodes.humanButton);

  nodes.form = element("form", { "aria-label": "Envoyer un message" });
  const label = element("label", { for: "civette-chat-input", class: "visually-hidden" }, "Votre message");
  nodes.input = element("textarea", { id: "civette-chat-input", rows: "1",
    maxlength: String(MAX_MESSAGE_LENGTH), placeholder: "Écrivez votre message…", autocomplete: "off" });
  const send = element("button", { class: "send", type: "submit" }, "Envoyer");
  nodes.form.append(label, nodes.input, send);

  nodes.panel.append(header, nodes.connectionNotice, nodes.agentNotice, nodes.log, nodes.typing,
    nodes.humanBar, nodes.form);
  root.append(nodes.launcher, nodes.panel);
  return nodes;
}
