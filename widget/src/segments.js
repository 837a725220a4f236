// Splits a message into plain text, line breaks and safe links (http/https only).
// The widget turns each segment into a DOM node with textContent: no HTML is ever parsed.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)»]+$/;

export function segments(text) {
  const result = [];
  String(text ?? "").split("\n").forEach((line, index) => {
    if (index > 0) result.push({ type: "break" });
    let last = 0;
    for (const match of line.matchAll(URL_PATTERN)) {
      const url = match[0].replace(TRAILING_PUNCTUATION, "");
      if (match.index > last) result.push({ type: "text", value: line.slice(last, match.index) });
      result.push({ type: "link", value: url });
      last = match.index + url.length;
    }
    if (last < line.length) result.push({ type: "text", value: line.slice(last) });
  });
  return result;
}
