// The widget's options, read from its script tag's data- attributes, each with a safe default.

export const DEFAULT_COLOR = "#7a1f2b";
const DEFAULT_INACTIVITY_MINUTES = 30;
// Images only: a data: URL of another type, or a javascript: URL, is never used.
const IMAGE_URL = /^(https?:|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,])/i;

export function safeColor(value) {
  return /^#[0-9a-f]{3,8}$/i.test(value || "") ? value : DEFAULT_COLOR;
}

export function minutesToMs(minutes) {
  const value = Number(minutes);
  return (value > 0 ? value : DEFAULT_INACTIVITY_MINUTES) * 60 * 1000;
}

// The shop's logo: an absolute or relative (to the page) http(s) URL, or a data: image; "" if none.
export function safeImageUrl(value, pageUrl) {
  if (!value) return "";
  try {
    const url = new URL(value, pageUrl).href;
    return IMAGE_URL.test(url) ? url : "";
  } catch (e) {
    return "";
  }
}

// `data`: the script tag's dataset; `scriptUrl`: where the script was loaded from.
export function readOptions(data, scriptUrl, pageUrl) {
  return {
    serverUrl: data.serverUrl || new URL(pageUrl).origin,
    color: safeColor(data.primaryColor),
    title: data.title || "À La Civette",
    greeting: data.greeting || "",
    logoUrl: safeImageUrl(data.logoUrl, pageUrl),
    inactivityMs: minutesToMs(data.inactivityMinutes),
    missedMessagesUrl: new URL("missed-messages", scriptUrl || pageUrl).href,
  };
}
