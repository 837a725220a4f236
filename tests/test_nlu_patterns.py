"""Failure patterns seen in real customer messages (issue #8), checked on the trained model with
wordings written for this test: each must get the topic the customer asked about."""

import pytest

from civette.nlu_compare import rasa_predictions
from civette.order_question import is_order_question, redirect

PATTERNS = {
    # A product or brand asked for by name: is it available?
    "vous avez toujours le briquet Dupont Ligne 2 noir ?": "faq/product_availability",
    "il vous reste des etuis a cigares en cuir marron ?": "faq/product_availability",
    "la cave à cigares Adorini 75 est-elle encore en vente chez vous ?": "faq/product_availability",
    # Not being able to pay is about the payment methods, not a forgotten password.
    "j'arrive pas à payer ma commande, ça refuse ma carte": "faq/payment_methods",
    "impossible de regler avec ma mastercard sur le site": "faq/payment_methods",
    # Damage attested by the carrier is a damaged item, not a parcel not received.
    "colis livré écrasé, le chauffeur Chronopost l'a noté sur son boîtier, le coffret est cassé":
        "faq/damaged_or_wrong_item",
    "reçu ce matin avec le carton défoncé, réserves faites au livreur, l'humidor est fendu":
        "faq/damaged_or_wrong_item",
    # When Havanas come back is the Cuban shortage, not a delivery time.
    "les havanes seront de retour quand chez vous ?": "faq/cuban_cigar_shortage",
    "vous allez en recevoir quand des Cohiba Robustos ?": "faq/cuban_cigar_shortage",
}


@pytest.fixture(scope="module")
def predictions(trained_model):
    predicted, _ = rasa_predictions(trained_model, list(PATTERNS))
    return dict(zip(PATTERNS, predicted))


@pytest.mark.parametrize("text", PATTERNS)
def test_pattern_gets_its_topic(predictions, text):
    assert predictions[text] == PATTERNS[text]


@pytest.mark.parametrize("text", ["la 5521 arrive quand ?", "cde n°60214 expédiée ?",
                                  "where is order 48213", "48213 toujours rien reçu", "48213",
                                  "bonjour, commande n° 48213 svp", "CDE 48 213", "#48213"])
def test_order_number_with_an_order_word_is_an_order_question(text):
    assert is_order_question(text)
    assert redirect(text, "faq/delivery_time", best="faq/delivery_time") == "faq/order_status"
    assert redirect(text, "nlu_fallback", best="faq/track_order") == "faq/order_status"


@pytest.mark.parametrize("text", ["livrez-vous en 5 jours ?", "ma commande 48213 est une erreur",
                                  "j'habite au 75008"])
def test_no_number_or_no_order_word_is_not_redirected(text):
    assert redirect(text, "faq/delivery_time", best="faq/delivery_time") == "faq/delivery_time"


@pytest.mark.parametrize("text", ["elle est ou exactement ?", "où en est-elle ?", "et il est où ?"])
def test_where_it_is_asks_about_the_order_in_question(text):
    assert redirect(text, "faq/postal_address", best="faq/postal_address") == "faq/order_status"


@pytest.mark.parametrize("text", ["elle est ou la boutique ?", "il est où votre magasin ?"])
def test_where_the_shop_is_keeps_its_answer(text):
    assert redirect(text, "faq/postal_address", best="faq/postal_address") == "faq/postal_address"


def test_specific_topics_keep_their_answer():
    cancel = "je veux annuler la 48213 avant qu'elle soit expédiée"
    assert redirect(cancel, "faq/cancel_modify_order", best="faq/cancel_modify_order") == (
        "faq/cancel_modify_order"
    )
    damaged = "le briquet de la 55120 est arrivé tout rayé"
    assert redirect(damaged, "nlu_fallback", best="faq/damaged_or_wrong_item") == "nlu_fallback"
