import { test } from "node:test";
import assert from "node:assert/strict";

import { fetchMissedMessages, isConversationMessage, reconcile } from "../src/catchup.js";

const bot = (text, at) => ({ text, at });
const texts = (messages) => messages.map((message) => message.text ?? message.handoff);

test("an advisor's message sent while offline is shown, not those already shown live", () => {
  const listed = [bot("Bonjour", 1), bot("Je regarde votre commande.", 2), bot("Elle part demain.", 3)];
  const { unseen, unlisted } = reconcile(listed, [{ text: "Bonjour" }, { text: "Je regarde votre commande." }], []);
  assert.deepEqual(texts(unseen), ["Elle part demain."]);
  assert.deepEqual(unlisted, []);
});

test("a message both read back and received live during the reading is shown once", () => {
  const listed = [bot("Manqué", 1), bot("Réponse", 2)];
  const { unseen, unlisted } = reconcile(listed, [], [{ text: "Réponse" }, { text: "Suite" }]);
  assert.deepEqual(texts(unseen), ["Manqué", "Réponse"]);
  assert.deepEqual(texts(unlisted), ["Suite"]);
});

test("a live message the tracker does not hold hides no missed message", () => {
  const listed = [bot("Avant", 1), bot("Manqué", 2)];
  const { unseen } = reconcile(listed, [{ text: "Avant" }, { text: "Incident technique" }], []);
  assert.deepEqual(texts(unseen), ["Manqué"]);
});

test("the same text said twice is shown as often as it was said", () => {
  const listed = [bot("D'accord.", 1), bot("Autre chose ?", 2), bot("D'accord.", 3)];
  const { unseen } = reconcile(listed, [{ text: "D'accord." }, { text: "Autre chose ?" }], []);
  assert.deepEqual(texts(unseen), ["D'accord."]);
});

test("the handoff signal and suggested answers are compared too", () => {
  const choices = [{ content_type: "text", title: "Oui", payload: "/affirm" }];
  const listed = [{ text: "Un conseiller arrive.", at: 1 }, { handoff: "started", at: 1 },
    { text: "On continue ?", quick_replies: choices, at: 2 }];
  const { unseen } = reconcile(listed, [{ text: "Un conseiller arrive." }], []);
  assert.deepEqual(texts(unseen), ["started", "On continue ?"]);
});

test("only text, suggested answers and the handoff signal are conversation messages", () => {
  assert.ok(isConversationMessage({ text: "x" }));
  assert.ok(isConversationMessage({ handoff: "ended" }));
  assert.ok(!isConversationMessage({ attachment: {} }));
  assert.ok(!isConversationMessage(null));
});

test("the missed messages are asked for the session, after the last one read", async () => {
  let request;
  const fakeFetch = async (url, options) => {
    request = { url, ...options, body: JSON.parse(options.body) };
    return { ok: true, json: async () => ({ messages: [bot("Manqué", 5)] }) };
  };
  const messages = await fetchMissedMessages("https://bot.example/widget/missed-messages", "f".repeat(32), 4.5, fakeFetch);
  assert.deepEqual(texts(messages), ["Manqué"]);
  assert.equal(request.method, "POST");
  assert.deepEqual(request.body, { session_id: "f".repeat(32), after: 4.5 });
});

test("a server error is an error, not an empty list", async () => {
  const fakeFetch = async () => ({ ok: false, status: 502 });
  await assert.rejects(fetchMissedMessages("/x", "f".repeat(32), null, fakeFetch));
});
