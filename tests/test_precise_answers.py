"""Precise answers: a question on one point of the FAQ gets the FAQ's sentences on that point,
alone and as a short follow-up, through the running assistant; a sensitive point still goes to an
advisor, and a whole answer that already gives the point first is kept."""

from datetime import date

import pytest

from civette.precise_answers import days_ago, precise_answer
from civette.text import fold

from conftest import ASK_EMAIL


@pytest.mark.parametrize("text, decided, expected", [
    # The classifier chose the neighbouring answer (the return window): the refund delay.
    ("je serai remboursé dans combien de temps ?", "faq/return_policy", "refund_delay"),
    ("toujours pas remboursé, ça prend combien de jours ?", "faq/debit_timing", "refund_delay"),
    ("le retour est gratuit ?", "faq/return_policy", "return_fees"),
    ("vous prenez les chèques ?", "faq/payment_methods", "other_payment_methods"),
    ("je peux payer en 3 fois ?", "faq/payment_methods", "other_payment_methods"),
    ("pourquoi j'ai pas encore été débité ?", "faq/debit_timing", "debit_at_shipping"),
    ("vous livrez avec colissimo ?", "faq/delivery_time", "carrier"),
    ("je peux me faire livrer au bureau ?", "faq/delivery_time", "delivery_address"),
    ("je peux échanger un article une deuxième fois ?", "faq/return_policy", "exchange_once"),
    ("je peux retourner un parfum déjà ouvert ?", "faq/return_policy", "used_or_opened"),
    ("vous revendez mes données à des tiers ?", "faq/data_privacy", "data_sharing"),
    ("je veux plus recevoir vos newsletters", "faq/data_privacy", "unsubscribe"),
    # A return after the shop's error is the damaged-item answer, before any ordinary point.
    ("vous vous êtes trompés d'article, qui paie le retour ?", "faq/how_to_return", "damaged_or_wrong_item"),
    ("le briquet ne marche pas, je peux le renvoyer gratuitement ?", "faq/return_policy",
     "damaged_or_wrong_item"),
    # The whole answer gives the point first, and the message asks more: kept whole.
    ("comment je renvoie un article, qui paye les frais de retour ?", "faq/how_to_return", None),
    # The return window applied to the customer's case, when they say when they received it.
    ("je voudrais retourner un humidor reçu il y a 3 semaines, c'est possible ?", "faq/return_policy",
     "return_window_passed"),
    ("ça fait un mois que j'ai reçu mon colis, je peux le renvoyer ?", "faq/how_to_return", "return_window_passed"),
    ("je l'ai recu y a 10 jours ca va encore pour le delai ?", "faq/return_policy", "return_window_open"),
    ("le retour du briquet, ça fait 3 semaines que je l'ai, c'est trop tard ?", "faq/return_policy",
     "return_window_passed"),
    ("j'ai commandé il y a 3 semaines, je peux retourner un article ?", "faq/return_policy", None),
    ("et je serai remboursée en combien de temps", "faq/delivery_time", "refund_delay"),
    ("ils disent que le colis est perdu, vous allez me rembourser ou renvoyer ?", "faq/how_to_return",
     "lost_parcel"),
    ("vous gardez mes infos de carte ?", "faq/data_privacy", "card_data"),
    ("c'est qui votre DPO et comment le contacter ?", "faq/contact", "dpo_contact"),
    ("mon paiement a été refusé pourquoi", "faq/payment_methods", "payment_refused"),
    ("ma carte est bloquée au moment de payer", "faq/payment_methods", "payment_refused"),
    ("donc c'est bloqué ? il va me contacter quand le conseiller ?", "faq/payment_methods", None),
    ("je renvoie le colis à quelle adresse pour un retour ?", "faq/how_to_return", "return_address"),
    ("et si je suis absente quand le livreur passe ?", "faq/delivery_time", "absent_at_delivery"),
    ("c'est quoi le numéro de téléphone de chronopost ?", "faq/track_order", "chronopost_contact"),
    ("je dois contacter chronopost alors ?", "faq/parcel_not_received", None),
    ("si le colis est perdu vous me remboursez ?", "faq/order_status", "lost_parcel"),
    ("la livraison c'est combien ?", "faq/delivery_time", "delivery_cost"),
    ("je peux le renvoyer ou l'échanger ?", "faq/return_policy", "exchange"),
    ("et plutot qu'un remboursement jpeux l'echanger contre un autre modele?", "faq/return_policy", "exchange"),
    ("si le bouton commander n'apparait pas ça veut dire quoi", "faq/how_to_order", "order_button"),
    # What the FAQ does not say, beside what it says: honestly not known.
    ("et paypal aussi c'est à l'expédition ?", "faq/debit_timing", "debit_with_paypal"),
    ("les prix sont les mêmes qu'en boutique ?", "faq/price_not_online", "same_price_online"),
    ("je peux commander sur le site et passer le chercher en boutique ?", "faq/buy_online", "pick_up_in_shop"),
    ("il y a votre nom marqué sur le colis ?", "faq/order_preparation", "discreet_parcel"),
    ("vous prenez l'amex ?", "faq/payment_methods", "payment_method_accepted"),
    ("la facture peut être au nom de ma société avec le numéro de TVA ?", "faq/invoice", "invoice_company"),
    ("j'ai supprimé le mail de confirmation, je retrouve ma facture comment ?", "faq/invoice", "invoice_lost"),
    ("si je supprime mon compte je perds mes factures ?", "faq/edit_delete_account", "deleted_account_invoices"),
    ("je peux le commander par téléphone et me le faire envoyer ?", "faq/contact", "order_by_phone"),
    ("vous avez un numéro de téléphone ?", "faq/contact", None),
    # A request on one's data stays the whole (sensitive) answer, whatever else it asks.
    ("supprimez mes données et désabonnez-moi de la newsletter", "faq/data_privacy", "data_privacy"),
    # The reception's date says how long ago it was.
    ("je l'ai reçu le 2 janvier, je peux le retourner ?", "faq/return_policy", "return_window_passed"),
    # A damage denied is no error of the shop's.
    ("il est pas abimé, j'ai juste enlevé le blister pour voir la couleur", "faq/return_policy", None),
    # The customer's own mistake is an ordinary return.
    ("j'ai pris la mauvaise taille d'étui moi-même, je peux l'échanger ?", "faq/return_policy", "exchange"),
    # A sensitive answer is never refined into an ordinary one.
    ("je veux annuler, c'est payant ?", "faq/cancel_modify_order", None),
    # Nothing precise asked, or not an FAQ answer.
    ("combien de temps pour être livré ?", "faq/delivery_time", None),
    ("vous prenez les chèques ?", "out_of_scope", None),
])
def test_a_precise_point_is_answered_precisely(kb, text, decided, expected):
    detail = precise_answer(text, decided, kb.details)
    answer = None if detail is None else detail.answer.partition("/")[2]
    assert answer == expected


@pytest.mark.parametrize("text, today, days", [
    ("je l'ai reçu le 10 novembre", date(2026, 11, 27), 17),
    ("livré le 3/11", date(2026, 11, 27), 24),
    ("reçu le 30 décembre", date(2026, 11, 27), 332),  # last year's
    ("commandé le 10 novembre", date(2026, 11, 27), None),  # not the reception
    ("reçu le 31/02", date(2026, 11, 27), None),
])
def test_the_reception_date_gives_the_days_since(text, today, days):
    assert days_ago(fold(text), today) == days


def test_a_short_follow_up_may_ask_any_point_of_its_topic(kb):
    assert precise_answer("c'est payant ?", "faq/how_to_return", kb.details) is None
    detail = precise_answer("c'est payant ?", "faq/how_to_return", kb.details, follow_up=True)
    assert detail is not None and detail.id == "return_fees"


@pytest.mark.parametrize("text, answer", [
    ("je serai remboursé dans combien de temps apres mon retour ?", "refund_delay"),
    ("vous acceptez les virements bancaires ?", "other_payment_methods"),
    ("c'est quoi votre transporteur ?", "carrier"),
    ("jai commandé hier mais ma carte a pas été débitée c normal ?", "debit_at_shipping"),
])
def test_a_precise_question_gets_the_precise_answer(conversation, domain_responses, text, answer):
    assert conversation.texts(text) == domain_responses[f"utter_faq/{answer}"]


@pytest.mark.parametrize("first, follow_up, answer", [
    ("je voudrais retourner un article", "c'est payant ?", "return_fees"),
    ("je voudrais retourner un article", "et je serai remboursé quand ?", "refund_delay"),
    ("quels moyens de paiement vous acceptez ?", "et en plusieurs fois ?", "other_payment_methods"),
    ("je peux acheter du tabac sur votre site ?", "et le prix du coup ?", "price_not_online"),
    # Alone, the shop's address; after a return question, the return form's.
    ("je voudrais retourner un briquet", "je l'envoie a quelle adresse ?", "return_address"),
    ("je voudrais retourner un briquet", "je l'ai reçu il y a 3 semaines, ça passe encore ?", "return_window_passed"),
])
def test_a_short_follow_up_on_one_point_gets_that_point(conversation, domain_responses, first, follow_up,
                                                       answer):
    conversation.texts(first)
    assert conversation.texts(follow_up) == domain_responses[f"utter_faq/{answer}"]


def test_a_point_asked_beside_its_whole_answer_replaces_it(conversation, domain_responses):
    answer = conversation.texts("quels moyens de paiement acceptez-vous ? et les virements bancaires c'est possible ?")
    assert answer == domain_responses["utter_faq/other_payment_methods"]


def test_the_same_few_words_alone_are_not_guessed(conversation, domain_responses):
    assert conversation.texts("c'est payant ?") != domain_responses["utter_faq/return_fees"]
    assert conversation.texts("je l'envoie a quelle adresse ?") == domain_responses["utter_faq/postal_address"]


def test_a_question_on_data_sharing_is_answered_without_a_handoff(conversation, domain_responses,
                                                                   agents_offline):
    texts = conversation.texts("vous partagez mes données avec des tiers ?")
    assert texts == domain_responses["utter_faq/data_sharing"]


def test_a_return_after_the_shops_error_goes_to_an_advisor(conversation, kb, agents_offline):
    texts = conversation.texts("vous m'avez envoyé la mauvaise taille, je peux le retourner ?")
    assert texts == [kb.get("damaged_or_wrong_item").chat, ASK_EMAIL]
