// What a session was sent while the widget was offline or reloading (an advisor's reply, the
// answer to a message in flight) is read back from the web app after a reconnection: the messages
// Rasa's tracker holds after the last one read before, reconciled with those that came live.

const TIMEOUT_MS = 5000;

// A bot_uttered message the widget shows or acts on: text, suggested answers, the handoff signal.
// The web app lists these, each with its tracker timestamp `at` (civette/web/rasa_api.py).
export function isConversationMessage(message) {
  return Boolean(message && (message.text || message.quick_replies || message.handoff));
}

export async function fetchMissedMessages(url, sessionId, after, fetchImpl = fetch) {
  const response = await fetchImpl(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ session_id: sessionId, after }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`missed messages: HTTP ${response.status}`);
  const { messages } = await response.json();
  return Array.isArray(messages) ? messages : [];
}

function key(message) {
  const choices = (message.quick_replies || []).map((choice) => [choice.title, choice.payload]);
  return JSON.stringify([message.text ?? "", choices, message.handoff ?? ""]);
}

// `listed`: the server's messages after the last reading, in order. `shown`: those received live
// since, in order (a part of `listed`, plus any the tracker does not hold). `arrived`: received
// live during this reading, not shown yet. What to show now: the listed messages not shown live,
// then the arrived ones the server did not list yet.
export function reconcile(listed, shown, arrived) {
  const keys = listed.map(key);
  let next = 0;
  const find = (message) => {
    const index = keys.indexOf(key(message), next);
    if (index >= 0) next = index + 1;
    return index;
  };
  const seen = new Set(shown.map(find));
  const unlisted = arrived.filter((message) => find(message) < 0);
  return { unseen: listed.filter((_, index) => !seen.has(index)), unlisted };
}
