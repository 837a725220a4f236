// French typography for displayed text: the spaces that must not break a line.
// U+00A0 (no-break space) inside « » and before « : »; U+202F (narrow no-break space) before
// ? ! ; and between groups of digits; no-break spaces in times (« 10 h 00 »), after « n° »,
// between a number and its unit, and between the words of a short quote (« Nous contacter »,
// the name of a page or a button). Only spaces are changed: a word, a URL or a time written
// « 10:30 » stays as it is.

export const NBSP = "\u00A0";
export const NNBSP = "\u202F";

const SPACES = "[ \\u00A0\\u202F]"; // never a line break: a line stays a line
const SHORT_QUOTE = /«[^«»\n]{1,30}»/g;
const UNITS = "€|%|h|min|jours?|heures?|minutes?|semaines?|mois|ans?|kg|g|km|cm|mm|cl|ml";

const RULES = [
  [new RegExp(`«${SPACES}*`, "g"), `«${NBSP}`],
  [new RegExp(`${SPACES}*»`, "g"), `${NBSP}»`],
  [new RegExp(`${SPACES}+([?!;])`, "g"), `${NNBSP}$1`],
  [new RegExp(`${SPACES}+:`, "g"), `${NBSP}:`],
  // « 10 h 00 », « 9 h 30 »: the minutes stay with the hour.
  [new RegExp(`(\\d${SPACES}h)${SPACES}(\\d{2})(?![\\p{L}\\d])`, "gu"), `$1${NBSP}$2`],
  [new RegExp(`(\\d)${SPACES}(${UNITS})(?![\\p{L}\\d])`, "gu"), `$1${NBSP}$2`],
  [new RegExp(`(?<![\\p{L}\\d])(n°)${SPACES}(?=\\d)`, "giu"), `$1${NBSP}`],
  [new RegExp(`(?<![\\d,.])(\\d{1,3})${SPACES}(?=\\d{3}(?!\\d))`, "g"), `$1${NNBSP}`],
];

export function typeset(text) {
  const quotesKept = String(text ?? "").replace(SHORT_QUOTE, (quote) => quote.replace(/ /g, NBSP));
  return RULES.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), quotesKept);
}
