// A message as the customer reads it: who wrote it, its text in French typography with its links,
// and its suggested answers.
import { element } from "./dom.js";
import { segments } from "./segments.js";
import { typeset } from "./typography.js";

const WHO = { bot: "Assistant", agent: "Conseiller", user: "Vous" };

export function messageNode(entry) {
  const bubble = element("div", { class: `message from-${entry.from}` });
  if (entry.pending) bubble.classList.add("pending");
  bubble.appendChild(element("span", { class: "who" }, WHO[entry.from] || WHO.bot));
  const body = element("div");
  for (const part of segments(entry.text)) {
    if (part.type === "break") body.appendChild(element("br"));
    else if (part.type === "link") {
      body.appendChild(element("a", { href: part.value, target: "_blank", rel: "noopener noreferrer nofollow" }, part.value));
    } else body.appendChild(document.createTextNode(typeset(part.value)));
  }
  bubble.appendChild(body);
  return bubble;
}

export function choicesNode(choices, onChoose) {
  const group = element("div", { class: "choices", role: "group", "aria-label": "Réponses suggérées" });
  choices.forEach((choice) => {
    const button = element("button", { type: "button" }, typeset(choice.title));
    button.addEventListener("click", () => onChoose(choice));
    group.appendChild(button);
  });
  return group;
}
