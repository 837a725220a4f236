import { test } from "node:test";
import assert from "node:assert/strict";

import { monogram } from "../src/avatar.js";
import { DEFAULT_COLOR, readOptions, safeImageUrl } from "../src/options.js";

const PAGE = "https://www.alacivette.com/boutique/";
const SCRIPT = "https://bot.alacivette.com/widget/civette-widget.js";

test("without data- attributes every option has its default", () => {
  const options = readOptions({}, SCRIPT, PAGE);
  assert.equal(options.serverUrl, "https://www.alacivette.com");
  assert.equal(options.color, DEFAULT_COLOR);
  assert.equal(options.title, "À La Civette");
  assert.equal(options.logoUrl, "");
  assert.equal(options.inactivityMs, 30 * 60 * 1000);
  assert.equal(options.missedMessagesUrl, "https://bot.alacivette.com/widget/missed-messages");
});

test("the shop's logo: an http(s) URL, relative to the page, or a data: image", () => {
  assert.equal(readOptions({ logoUrl: "/images/logo.png" }, SCRIPT, PAGE).logoUrl,
    "https://www.alacivette.com/images/logo.png");
  assert.equal(safeImageUrl("https://cdn.exemple.fr/l.svg", PAGE), "https://cdn.exemple.fr/l.svg");
  const svg = "data:image/svg+xml;base64,PHN2Zy8+";
  assert.equal(safeImageUrl(svg, PAGE), svg);
});

test("a logo URL that is not an image URL is ignored", () => {
  for (const value of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://[bad"]) {
    assert.equal(safeImageUrl(value, PAGE), "", value);
  }
});

test("a bad colour or inactivity falls back to the default", () => {
  const options = readOptions({ primaryColor: "red;background:url(x)", inactivityMinutes: "-1" }, SCRIPT, PAGE);
  assert.equal(options.color, DEFAULT_COLOR);
  assert.equal(options.inactivityMs, 30 * 60 * 1000);
  assert.equal(readOptions({ inactivityMinutes: "0.5" }, SCRIPT, PAGE).inactivityMs, 30 * 1000);
});

test("the default avatar is the initial of the shop name's last word", () => {
  assert.equal(monogram("À La Civette"), "C");
  assert.equal(monogram("  tabac de la gare "), "G");
  assert.equal(monogram("Œillet"), "Œ");
  assert.equal(monogram(""), "");
});
