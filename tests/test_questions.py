"""Splitting a message into the questions it asks."""

import pytest

from civette.questions import split_questions


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
])
def test_a_message_with_one_question_stays_whole(text):
    assert split_questions(text) == [text]


def test_at_most_three_questions():
    four = "comment créer un compte ? comment passer commande ? vous livrez en combien de temps ? c'est sécurisé de payer ?"
    assert split_questions(four) == [four]
