import { test } from "node:test";
import assert from "node:assert/strict";

import { flushPending, loadHistory, newHistory, saveHistory, timeLeft } from "../src/history.js";

const KEY = "civette-chat:test";
const MINUTE = 60 * 1000;
const THIRTY_MINUTES = 30 * MINUTE;

function memoryStorage() {
  const items = new Map();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, String(value)) };
}

function savedConversation(storage, lastActivity) {
  const history = { ...newHistory(lastActivity), sessionId: "a".repeat(32) };
  history.messages.push({ from: "user", text: "ma commande 48213" }, { from: "bot", text: "Merci." });
  saveHistory(storage, KEY, history);
}

test("a conversation used within the inactivity period is kept", () => {
  const storage = memoryStorage();
  savedConversation(storage, 0);
  const history = loadHistory(storage, KEY, 29 * MINUTE, THIRTY_MINUTES);
  assert.equal(history.sessionId, "a".repeat(32));
  assert.equal(history.messages.length, 2);
});

test("after the inactivity period the conversation and its session are forgotten", () => {
  const storage = memoryStorage();
  savedConversation(storage, 0);
  const history = loadHistory(storage, KEY, THIRTY_MINUTES, THIRTY_MINUTES);
  assert.deepEqual(history, newHistory(THIRTY_MINUTES));
  assert.equal(history.sessionId, null);
});

test("the inactivity period counts from the last activity", () => {
  const history = { ...newHistory(0), lastActivity: 10 * MINUTE };
  assert.equal(timeLeft(history, 25 * MINUTE, THIRTY_MINUTES), 15 * MINUTE);
  assert.ok(timeLeft(history, 40 * MINUTE, THIRTY_MINUTES) <= 0);
});

test("a conversation saved without its last activity (older widget) is forgotten", () => {
  const storage = memoryStorage();
  storage.setItem(KEY, JSON.stringify({ sessionId: "b".repeat(32), messages: [{ from: "user", text: "x" }] }));
  assert.equal(loadHistory(storage, KEY, 0, THIRTY_MINUTES).sessionId, null);
});

test("messages typed offline survive a reload, in order, and are each sent once", () => {
  const storage = memoryStorage();
  const history = newHistory(0);
  history.messages.push({ from: "user", text: "bonjour", pending: true },
    { from: "user", text: "Oui", payload: "/affirm", pending: true });
  saveHistory(storage, KEY, history);

  const reloaded = loadHistory(storage, KEY, MINUTE, THIRTY_MINUTES);
  const sent = [];
  assert.equal(flushPending(reloaded, (text) => sent.push(text)), 2);
  assert.deepEqual(sent, ["bonjour", "/affirm"]);
  assert.equal(flushPending(reloaded, (text) => sent.push(text)), 0);

  saveHistory(storage, KEY, reloaded);
  flushPending(loadHistory(storage, KEY, 2 * MINUTE, THIRTY_MINUTES), (text) => sent.push(text));
  assert.deepEqual(sent, ["bonjour", "/affirm"]);
});

test("only pending messages are sent, and they stay in the conversation", () => {
  const history = newHistory(0);
  history.messages.push({ from: "user", text: "déjà envoyé" }, { from: "bot", text: "Réponse" },
    { from: "user", text: "en attente", pending: true });
  const sent = [];
  flushPending(history, (text) => sent.push(text));
  assert.deepEqual(sent, ["en attente"]);
  assert.equal(history.messages.length, 3);
  assert.ok(history.messages.every((entry) => !entry.pending));
});
