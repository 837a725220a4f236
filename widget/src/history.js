// The conversation kept in the browser, so that a reload shows it again and keeps the session.

const MAX_MESSAGES = 200;

export function loadHistory(storage, key) {
  try {
    const saved = JSON.parse(storage.getItem(key) || "null");
    if (saved && Array.isArray(saved.messages)) return saved;
  } catch (e) {
    // unreadable: start again
  }
  return { sessionId: null, messages: [], handoff: false, open: false };
}

export function saveHistory(storage, key, history) {
  const trimmed = { ...history, messages: history.messages.slice(-MAX_MESSAGES) };
  try {
    storage.setItem(key, JSON.stringify(trimmed));
  } catch (e) {
    // storage full or disabled: the conversation still works, it just won't survive a reload
  }
}
