import { test } from "node:test";
import assert from "node:assert/strict";

import { segments } from "../src/segments.js";

test("plain text stays text, even when it looks like HTML", () => {
  assert.deepEqual(segments("<img src=x onerror=alert(1)>"),
    [{ type: "text", value: "<img src=x onerror=alert(1)>" }]);
});

test("line breaks become break segments", () => {
  assert.deepEqual(segments("a\nb"), [
    { type: "text", value: "a" }, { type: "break" }, { type: "text", value: "b" }]);
});

test("http and https URLs become links, without trailing punctuation", () => {
  assert.deepEqual(segments("Suivi : https://www.chronopost.fr/tracking?l=XN1. Merci"), [
    { type: "text", value: "Suivi : " },
    { type: "link", value: "https://www.chronopost.fr/tracking?l=XN1" },
    { type: "text", value: ". Merci" }]);
});

test("javascript: and other schemes are never links", () => {
  assert.ok(segments("javascript:alert(1) data:text/html,x").every((part) => part.type === "text"));
});

test("missing text gives no segment", () => {
  assert.deepEqual(segments(undefined), []);
});
