import { test } from "node:test";
import assert from "node:assert/strict";

import { NBSP, NNBSP, typeset } from "../src/typography.js";

test("guillemets hold their words with no-break spaces, added when missing", () => {
  assert.equal(typeset("rendez-vous dans « Commandes »"), `rendez-vous dans «${NBSP}Commandes${NBSP}»`);
  assert.equal(typeset("écrivez «non»"), `écrivez «${NBSP}non${NBSP}»`);
});

test("a short quote (a page, a button) is never split; a long one may be", () => {
  assert.equal(typeset("la page « Nous contacter » du site"), `la page «${NBSP}Nous${NBSP}contacter${NBSP}» du site`);
  const long = "« Ma commande a-t-elle été expédiée après le paiement ? »";
  assert.equal(typeset(long), `«${NBSP}Ma commande a-t-elle été expédiée après le paiement${NNBSP}?${NBSP}»`);
});

test("? ! ; take a narrow no-break space, : a no-break space", () => {
  assert.equal(typeset("Une question ? Discutons !"), `Une question${NNBSP}? Discutons${NNBSP}!`);
  assert.equal(typeset("en préparation ; expédiée"), `en préparation${NNBSP}; expédiée`);
  assert.equal(typeset("Suivi : le colis"), `Suivi${NBSP}: le colis`);
});

test("a space typed the other way is corrected, several collapse into one", () => {
  assert.equal(typeset(`Vraiment${NBSP} ?`), `Vraiment${NNBSP}?`);
  assert.equal(typeset("«  mot  »"), `«${NBSP}mot${NBSP}»`);
});

test("no space is added before punctuation written without one (URLs, times, smileys)", () => {
  for (const text of ["https://www.chronopost.fr/suivi?l=XN1", "à 10:30", "ok!", "a;b"]) {
    assert.equal(typeset(text), text);
  }
});

test("a time never splits: « 10 h 00 », « 9 h 30 », « dès 10 h »", () => {
  assert.equal(typeset("ouvert à 10 h 00 ce matin"), `ouvert à 10${NBSP}h${NBSP}00 ce matin`);
  assert.equal(typeset("demain dès 9 h 30."), `demain dès 9${NBSP}h${NBSP}30.`);
  assert.equal(typeset("dès 10 h"), `dès 10${NBSP}h`);
});

test("a number stays with its unit, its « n° » and its other digit groups", () => {
  assert.equal(typeset("Total : 869,00 €"), `Total${NBSP}: 869,00${NBSP}€`);
  assert.equal(typeset("sous 5 jours ouvrés, 48 heures"), `sous 5${NBSP}jours ouvrés, 48${NBSP}heures`);
  assert.equal(typeset("dossier n° 12"), `dossier n°${NBSP}12`);
  assert.equal(typeset("1 290,00 €"), `1${NNBSP}290,00${NBSP}€`);
});

test("words that merely start like a unit, and ordinary numbers, keep their spaces", () => {
  for (const text of ["2 hommes", "3 grammes de plus", "la commande 48213 arrive", "le 30 novembre 2026",
    "au 157 rue Saint-Honoré"]) {
    assert.equal(typeset(text), text);
  }
});

test("line breaks stay line breaks", () => {
  assert.equal(typeset("Bonjour\n« a »"), `Bonjour\n«${NBSP}a${NBSP}»`);
  assert.equal(typeset("fin\n?"), "fin\n?");
});

test("missing text gives an empty string", () => {
  assert.equal(typeset(undefined), "");
});
