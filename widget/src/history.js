// The conversation kept in the browser, so that a reload shows it again, keeps the session and
// still sends what was typed offline. Forgotten after a period of inactivity (shared computers).

const MAX_MESSAGES = 200;

// `missedAfter`: the tracker timestamp of the last message read back from the server, and
// `receivedLive`: the messages received live since (see catchup.js). `lastActivity`: when a
// message was last typed, sent or received (ms since the epoch).
export function newHistory(now) {
  return { sessionId: null, messages: [], handoff: false, open: false, missedAfter: null,
    receivedLive: [], lastActivity: now };
}

// Milliseconds before the conversation is forgotten; 0 or less: it is to be forgotten now (also
// for a history saved before inactivity was recorded).
export function timeLeft(history, now, inactivityMs) {
  return (history.lastActivity ?? -Infinity) + inactivityMs - now;
}

export function loadHistory(storage, key, now, inactivityMs) {
  try {
    const saved = JSON.parse(storage.getItem(key) || "null");
    if (saved && Array.isArray(saved.messages) && timeLeft(saved, now, inactivityMs) > 0) {
      return { ...newHistory(now), ...saved };
    }
  } catch (e) {
    // unreadable: start again
  }
  return newHistory(now);
}

export function saveHistory(storage, key, history) {
  const trimmed = { ...history, messages: history.messages.slice(-MAX_MESSAGES),
    receivedLive: history.receivedLive.slice(-MAX_MESSAGES) };
  try {
    storage.setItem(key, JSON.stringify(trimmed));
  } catch (e) {
    // storage full or disabled: the conversation still works, it just won't survive a reload
  }
}

// Sends the messages typed while offline, oldest first. Each is marked sent before it goes, so
// that no later flush, nor a reload once the history is saved, sends it again. Returns how many.
export function flushPending(history, send) {
  const pending = history.messages.filter((entry) => entry.pending);
  pending.forEach((entry) => {
    entry.pending = false;
    send(entry.payload ?? entry.text, entry);
  });
  return pending.length;
}
