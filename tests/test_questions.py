"""Splitting a message into the questions it asks, and the thanks before a question."""

import pytest

from civette.questions import split_questions
from civette.understanding import question_tail, without_correction, without_courtesy


@pytest.mark.parametrize("text, parts", [
    ("Vous prenez la Visa ? et je serai livré quand ?",
     ["Vous prenez la Visa ?", "et je serai livré quand ?"]),
    ("je voudrais savoir quels moyens de paiement vous acceptez et aussi combien de temps prend la livraison",
     ["je voudrais savoir quels moyens de paiement vous acceptez", "aussi combien de temps prend la livraison"]),
    ("mot de passe oublié. Et comment supprimer mon compte ?",
     ["mot de passe oublié.", "Et comment supprimer mon compte ?"]),
])
def test_a_message_with_several_questions_is_split(text, parts):
    assert split_questions(text) == parts


@pytest.mark.parametrize("text", [
    "Bonjour. Je voudrais savoir où en est ma commande.",
    "tabac et cigares en ligne ?",
    "livraison quand",
    "A ? B ? C ? D ? E ?",
    # « et » joins two places, not two questions.
    "les prix sont-ils les mêmes en boutique et sur le site ?",
])
def test_a_message_with_one_question_stays_whole(text):
    assert split_questions(text) == [text]


def test_at_most_three_questions():
    four = "comment créer un compte ? comment passer commande ? vous livrez en combien de temps ? c'est sécurisé de payer ?"
    assert split_questions(four) == [four]


@pytest.mark.parametrize("text, question", [
    ("ok merci et du coup si c pas arrivé mercredi je fais quoi ?", "du coup si c pas arrivé mercredi je fais quoi ?"),
    ("top merci, et si je suis pas la quand chronopost passe ?", "si je suis pas la quand chronopost passe ?"),
    ("bon ok, et pour le retour ?", "pour le retour ?"),
])
def test_thanks_before_a_question_are_left_out(text, question):
    assert without_courtesy(text) == question


@pytest.mark.parametrize("text", [
    "merci beaucoup", "ok merci !", "super merci c'est top", "ok", "Bonjour, où est ma commande ?"])
def test_thanks_alone_or_a_question_without_thanks_stay_whole(text):
    assert without_courtesy(text) == text


def test_a_question_after_thanks_is_answered(conversation, kb):
    conversation.texts("combien de temps prend la livraison ?")
    answer = conversation.texts("ok merci et du coup si c pas arrivé au bout d'une semaine je fais quoi ?")
    assert answer[0] == kb.get("parcel_not_received").chat


@pytest.mark.parametrize("text, question", [
    ("non je parlais des frais de livraison", "des frais de livraison"),
    ("nan mais jparle du delai pour signaler que c'est abimé", "du delai pour signaler que c'est abimé"),
    ("non mais il est pas abimé hein, j'ai juste enlevé le blister",
     "il est pas abimé hein, j'ai juste enlevé le blister"),
    # A no with nothing to correct stays a no.
    ("non merci", "non merci"),
    ("non je voulais pas", "non je voulais pas"),
])
def test_a_correction_is_read_as_its_question(text, question):
    assert without_correction(text) == question


def test_a_long_message_is_read_again_by_its_question():
    text = ("bonsoir alors voila jai commandé un coupe cigare et un etui pour mon mari ya 4 jours, j'ai eu le "
            "mail de confirmation mais depuis plus rien, et sur mon releve rien n'a été debité, c'est normal ?? "
            "je m'inquiete un peu")
    assert question_tail(text) == "et sur mon releve rien n'a été debité, c'est normal ??"
    assert question_tail("rien n'a été débité, c'est normal ?") is None  # short: read whole
