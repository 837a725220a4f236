"""Short follow-up questions read with the topic of the previous one, through the running
assistant (the channel passes the previous message to the intent classifier)."""

import pytest

from civette import follow_up
from civette.follow_up import answer_in_context
from civette.intent_model import NOT_UNDERSTOOD
from civette.understanding import Understanding, repeats_an_answer

SECTIONS = {"faq/return_policy": "returns", "faq/how_to_return": "returns", "faq/delivery_time": "delivery",
            "faq/damaged_or_wrong_item": "returns", "faq/order_status": "delivery", "faq/debit_timing": "payment"}


@pytest.mark.parametrize("text, decided, ranked, previous, expected", [
    # Not understood alone, likely enough in the previous question's section: that answer.
    ("je dois faire comment", NOT_UNDERSTOOD, [("faq/delivery_time", 0.3), ("faq/how_to_return", 0.2)],
     "faq/return_policy", "faq/how_to_return"),
    # Too unlikely in that section: still not understood.
    ("et si je suis absent", NOT_UNDERSTOOD, [("out_of_scope", 0.3), ("faq/how_to_return", 0.05)],
     "faq/return_policy", NOT_UNDERSTOOD),
    # Understood alone (even out of the FAQ): kept.
    ("et vous vendez des pizzas", "out_of_scope", [("out_of_scope", 0.9), ("faq/how_to_return", 0.1)],
     "faq/return_policy", "out_of_scope"),
    # No previous FAQ topic, or a long message: read alone.
    ("je dois faire comment", NOT_UNDERSTOOD, [("faq/how_to_return", 0.3)], "greet", NOT_UNDERSTOOD),
    ("je dois faire comment pour " + "vraiment " * 10, NOT_UNDERSTOOD, [("faq/how_to_return", 0.3)],
     "faq/return_policy", NOT_UNDERSTOOD),
    # After a damaged or wrong item, a return question is about that item.
    ("qui paie le retour ?", "faq/how_to_return", [("faq/how_to_return", 0.9)],
     "faq/damaged_or_wrong_item", "faq/damaged_or_wrong_item"),
    ("qui paie le retour ?", "faq/how_to_return", [("faq/how_to_return", 0.9)],
     "faq/return_policy", "faq/how_to_return"),
])
def test_answer_in_context(text, decided, ranked, previous, expected):
    assert answer_in_context(text, decided, ranked, [previous], SECTIONS.get) == expected


def test_an_earlier_topic_is_read_when_the_latest_one_does_not_fit():
    ranked = [("out_of_scope", 0.3), ("faq/delivery_time", 0.2)]
    assert answer_in_context("et ça arrive quand ?", NOT_UNDERSTOOD, ranked,
                             ["faq/debit_timing", "faq/order_status"], SECTIONS.get) == "faq/delivery_time"


def test_after_a_damaged_item_even_a_long_return_question_is_about_it():
    text = "jvous l'ai deja donné mon mail dans le 1er message... au fait je dois renvoyer le cendrier a mes frais ?"
    assert answer_in_context(text, "faq/how_to_return", [("faq/how_to_return", 0.9)],
                             ["faq/damaged_or_wrong_item"], SECTIONS.get) == "faq/damaged_or_wrong_item"


# Each follow-up is far from the edges: alone, its best intent is well under the threshold (0.40),
# and its answer in the previous question's section well over MIN_PROBABILITY.
@pytest.mark.parametrize("first, follow_up, answer", [
    ("combien de temps prend la livraison ?", "elle arrive qd du coup ?", "delivery_time"),
    ("vous prenez quoi comme moyens de paiement", "et la CB ça passe ?", "payment_methods"),
    ("on m'a envoyé le mauvais briquet", "qui paie le retour du coup ?", "damaged_follow_up"),
])
def test_a_short_follow_up_gets_the_answer_of_its_topic(conversation, domain_responses, first, follow_up, answer):
    conversation.texts(first)
    assert conversation.texts(follow_up)[0] == domain_responses[f"utter_faq/{answer}"][0]


def test_a_return_the_customer_chose_is_not_a_damaged_item(conversation, domain_responses):
    answer = conversation.texts("la couleur du briquet me plaît pas finalement, je peux le renvoyer ?")
    assert answer == domain_responses["utter_faq/return_policy"]


# After a damaged item: another item's return is an ordinary one; a question on that item gets
# its point, and the offer of an advisor stands.
@pytest.mark.parametrize("question, responses", [
    ("et une boîte de pierres que j'ai ouverte moi-même, je peux la renvoyer ?", ["utter_faq/used_or_opened"]),
    ("et on m'en renverra un neuf ou je serai remboursé ?",
     ["utter_faq/damaged_follow_up", "utter_handoff_already_offered"]),
])
def test_after_a_damaged_item(conversation, agents_offline, domain_responses, question, responses):
    conversation.texts("le coupe-cigare est arrivé cassé")
    conversation.texts("non")  # no address for now
    assert conversation.texts(question) == [domain_responses[response][0] for response in responses]


def test_thanks_after_an_answer_already_given_are_thanks(conversation, domain_responses):
    conversation.texts("vous prenez quoi comme moyens de paiement")
    conversation.texts("et par chèque ?")
    assert conversation.texts("ok je vais essayer paypal alors, merci") == domain_responses["utter_you_are_welcome"]


def test_a_follow_up_that_would_get_the_same_answer_gets_nothing_more(conversation, domain_responses):
    conversation.texts("ya jamais de cohiba en boutique c quoi le souci")
    assert conversation.texts("et vous savez quand vous allez en recevoir ?") == [
        domain_responses["utter_nothing_more"][0], domain_responses["utter_contact_ways"][0]]


@pytest.mark.parametrize("intent, answer, text, repeated", [
    ("faq/cuban_cigar_shortage", "", "et vous savez quand vous allez en recevoir ?", True),
    # The answer gives the duration asked, or the point is asked in so many words: given again.
    ("faq/return_policy", "", "et j'aurais eu combien de temps du coup ?", False),
    ("faq/data_privacy", "faq/card_data", "mais vous gardez mon numéro de carte après ?", False),
])
def test_an_answer_is_not_given_twice_unless_it_answers(domain_responses, intent, answer, text, repeated):
    understood = Understanding(intent, [], answer=answer)
    given = domain_responses[f"utter_{understood.response}"][0]
    assert repeats_an_answer(text, understood, ["une question avant"], [given]) is repeated


def test_a_reset_email_not_received_is_not_a_parcel(conversation, domain_responses):
    conversation.texts("j'ai oublié mon mot de passe")
    answer = conversation.texts("j'ai fait mot de passe oublié mais jamais reçu le mail")
    assert answer == domain_responses["utter_faq/reset_email_missing"]


def test_opening_hours_after_a_return_question_are_honestly_unknown(conversation, domain_responses):
    conversation.texts("je voudrais retourner un briquet")
    answer = conversation.texts("laissez tomber, c'est ouvert jusqu'à quelle heure le samedi ?")
    assert answer[0] == domain_responses["utter_out_of_scope"][0]


def test_the_same_message_alone_is_not_guessed(conversation, kb):
    assert kb.get("delivery_time").chat not in conversation.texts("elle arrive qd du coup ?")


def test_a_follow_up_after_the_order_lookup_keeps_the_order_topic(conversation, kb):
    conversation.texts("où en est ma commande 48214 ?")
    conversation.texts("69003")
    # The previous message (the postcode) has no topic: the one before it gives the section.
    assert conversation.texts("elle arrive qd du coup ?")[0] == kb.get("delivery_time").chat


def test_after_a_damaged_item_a_return_question_stays_on_it_even_after_another_message():
    assert answer_in_context("et c'est moi qui paye le renvoi ??", "faq/how_to_return", [("faq/how_to_return", 0.9)],
                             ["faq/return_policy", "faq/damaged_or_wrong_item"], SECTIONS.get) == \
        "faq/damaged_or_wrong_item"


def test_a_change_of_mind_after_a_damaged_item_is_an_ordinary_return():
    text = "et si ca me plait pas je peux le renvoyer combien de temps apres"
    assert answer_in_context(text, "faq/return_policy", [("faq/return_policy", 0.9)],
                             ["faq/damaged_or_wrong_item"], SECTIONS.get) == "faq/return_policy"


@pytest.mark.parametrize("text, decided, previous, expected", [
    ("et pour le tabac à pipe c'est pareil ?", NOT_UNDERSTOOD, "faq/buy_online", "faq/buy_online"),
    ("et pour le tabac à pipe c'est pareil ?", "out_of_scope", "faq/buy_online", "faq/buy_online"),
    ("et paypal aussi c'est à l'expédition ?", NOT_UNDERSTOOD, "faq/debit_timing", "faq/debit_timing"),
    ("et vous vendez aussi des pizzas ?", "out_of_scope", "faq/buy_online", "out_of_scope"),
])
def test_the_same_question_about_something_else_gets_the_previous_answer(text, decided, previous, expected):
    assert answer_in_context(text, decided, [("out_of_scope", 0.6)], [previous], SECTIONS.get) == expected



def test_a_listed_payment_method_named_after_the_methods_is_confirmed(conversation, domain_responses):
    conversation.texts("vous prenez quoi comme moyens de paiement")
    assert conversation.texts("ok et l'amex vous prenez ?") == domain_responses["utter_faq/payment_method_accepted"]


def test_a_question_placed_out_of_the_faq_is_not_read_as_a_data_request(conversation, domain_responses):
    # « envoyez » names a purchase, but « à l'étranger » speaks of shipping, not of one's data.
    texts = conversation.texts("est ce que vous envoyez a l'etranger, je suis en belgique")
    assert texts[0] == domain_responses["utter_out_of_scope"][0]


def test_a_no_that_corrects_the_question_gets_the_corrected_answer(conversation, domain_responses):
    conversation.texts("ça met combien de temps à arriver une fois commandé ?")
    assert conversation.texts("non je parlais des frais de livraison") == domain_responses["utter_faq/delivery_cost"]


def test_a_price_asked_after_the_delivery_is_the_delivery_cost(conversation, domain_responses):
    conversation.texts("ça met combien de temps à arriver une fois commandé ?")
    assert conversation.texts("et ça coûte combien ?") == domain_responses["utter_faq/delivery_cost"]


def test_a_damaged_item_told_at_length_goes_to_an_advisor(conversation, kb, agents_offline):
    texts = conversation.texts("Bonjour, mon mari m'a offert un briquet pour mon anniversaire, il vient de chez "
                               "vous, et il ne fonctionne plus du tout depuis hier, qu'est ce que je peux faire ?")
    assert texts[0] == kb.get("damaged_or_wrong_item").chat


def test_a_remark_beside_a_question_is_not_taken_for_a_damaged_item(conversation, domain_responses):
    conversation.texts("je peux échanger un briquet qui ne me plaît pas ?")
    texts = conversation.texts("et si je l'ai ouvert ? la boite était sous blister")
    assert texts == domain_responses["utter_faq/used_or_opened"]


@pytest.mark.parametrize("text, ordinary", [
    ("il est pas abîmé, j'ai juste enlevé le blister pour voir la couleur", True),
    ("la couleur me plaît pas, je peux le renvoyer ?", True),
    ("il est pas rayé mais il est cassé", False),
    ("il est arrivé cassé", False),
])
def test_a_damage_denied_is_an_ordinary_return(text, ordinary):
    assert follow_up.is_ordinary_return(text) == ordinary


def test_a_second_question_gets_only_what_was_not_just_answered(conversation, domain_responses):
    conversation.texts("je peux acheter un humidor sur votre site ?")
    texts = conversation.texts("et je peux commander en ligne et retirer en boutique ?")
    assert texts == domain_responses["utter_faq/pick_up_in_shop"]


def test_a_mail_not_received_after_a_password_question_is_the_reset_mail(conversation, domain_responses):
    conversation.texts("jarrive plus a me connecter a mon compte, mdp oublié")
    texts = conversation.texts("deja fait 3 fois jai jamais recu le mail. meme dans les spams")
    assert texts == domain_responses["utter_faq/reset_email_missing"]


def test_a_no_then_a_question_answers_the_question(conversation, kb):
    conversation.texts("vous prenez paypal ?")
    assert conversation.texts("non, et c'est quoi le délai de livraison ?") == [kb.get("delivery_time").chat]
