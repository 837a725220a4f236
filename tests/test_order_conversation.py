"""A customer asking about their order, through the REST channel of the running assistant, with the
real action server, the demo order store (SQLite) and a local Chronopost speaking SOAP."""

import shutil
from datetime import date

import pytest

from civette.helpdesk.handoff import ask_contact_message, email_message
from civette.order_status import OrderStatus
from civette.orders.demo import SHOWCASES, demo_records
from civette.orders.wording import FRENCH, french_date
from civette.orders.prompts import ask_order_number, ask_order_proof
from civette.working_days import working_days_before

from conftest import ASK_EMAIL, REPLY_EXPECTED, Conversation, case_of

SHOWCASE = {showcase.number: showcase for showcase in SHOWCASES}
CAMILLE = SHOWCASE["48213"]  # shipped 2 working days ago, in transit
LEA = SHOWCASE["48217"]  # shipped 9 working days ago, not delivered


def joined(texts):
    return "\n".join(texts)


def test_shipped_order_with_its_email(conversation):
    first = conversation.texts("bonjour, où en est ma commande n°48213 ?")
    assert first[-1] == ask_order_proof(None, "48213")
    answer = joined(conversation.texts(CAMILLE.email.upper()))
    assert "« Terminé »" in answer
    assert "listeNumerosLT=XN081879383FR" in answer
    assert "Chilly-Mazarin) : le colis est en transit" in answer
    assert "5 jours ouvrés" in answer


def test_number_and_postcode_in_one_message(conversation):
    # Only what is missing is asked: no list of the four statuses first.
    assert conversation.texts("je voudrais savoir ou en est ma commande") == [ask_order_number(None)]
    answer = joined(conversation.texts("48214 69003"))
    assert "« En préparation »" in answer and "48 heures" in answer


# An order number and a word about where or when it is: the lookup starts with the number filled.
ORDER_QUESTIONS_WITH_A_NUMBER = [
    "la 48214 arrive quand ?",
    "48214 toujours pas livrée",
    "cde 48214 expédiée ??",
    "bonjour, ma commande 48214 je la reçois quand svp",
    "elle est partie la 48214 ?",
    "LA COMMANDE 48214 C'EST POUR QUAND",
    # A number alone, or with only an order word: no word is known, but the number is.
    "48214",
    "48 214",
    "cde n°48214",
]


@pytest.mark.parametrize("question", ORDER_QUESTIONS_WITH_A_NUMBER)
def test_order_question_with_its_number_starts_the_lookup_with_the_number(conversation, question):
    # Only what is missing is asked: no list of the four statuses first.
    assert conversation.texts(question) == [ask_order_proof(None, "48214")]
    assert "« En préparation »" in joined(conversation.texts("69003"))


def test_another_question_naming_an_order_still_gets_its_faq_answer(conversation, kb, agents_offline):
    texts = conversation.texts("je voudrais annuler ma commande 48214 svp")
    assert texts == [kb.get("cancel_modify_order").chat, ask_contact_message(REPLY_EXPECTED)]


@pytest.mark.parametrize("number", [s.number for s in SHOWCASES])
def test_each_status_is_answered_in_the_shops_words(conversation, number):
    showcase = SHOWCASE[number]
    conversation.texts(f"statut de ma commande {number} ?")
    answer = joined(conversation.texts(showcase.postcode))
    assert f"« {showcase.status.label} »" in answer


def test_wrong_email_and_unknown_number_get_the_same_answer_and_reveal_nothing(conversation):
    conversation.texts("où en est ma commande 48213 ?")
    wrong_email = conversation.texts(LEA.email)  # someone else's email
    assert wrong_email == [ask_order_proof("not_found", "48213")]
    unknown = conversation.texts("99999 camille.martin@exemple.fr")
    assert unknown == [ask_order_proof("not_found", "99999")]
    assert "Terminé" not in joined(wrong_email + unknown)


@pytest.mark.parametrize("new_proof", [CAMILLE.postcode, CAMILLE.email, f"cp {CAMILLE.postcode}"])
def test_after_a_wrong_proof_the_number_is_kept_and_the_next_proof_is_checked(conversation, new_proof):
    conversation.texts("où en est ma commande 48213 ?")
    assert conversation.texts("75001") == [ask_order_proof("not_found", "48213")]
    assert "« Terminé »" in joined(conversation.texts(new_proof))


def test_after_a_wrong_proof_a_new_number_can_be_given(conversation):
    conversation.texts("où en est ma commande 48212 ?")
    conversation.texts(SHOWCASE["48214"].postcode)
    conversation.texts("commande 48214")
    assert "« En préparation »" in joined(conversation.texts(SHOWCASE["48214"].postcode))


@pytest.mark.parametrize("question, expected", [
    ("le retour est à mes frais ?", "how_to_return"),
    ("et vous livrez en combien de temps ?", "delivery_time"),
])
def test_a_question_instead_of_the_proof_is_answered_then_the_lookup_goes_on(conversation, kb, question,
                                                                             expected):
    conversation.texts("où en est ma commande 48213 ?")
    assert conversation.texts(question) == [kb.get(expected).chat]
    assert "« Terminé »" in joined(conversation.texts(CAMILLE.email))


def test_a_sentence_instead_of_the_number_is_not_read_as_a_number(conversation, domain_responses):
    conversation.texts("je voudrais savoir ou en est ma commande")
    texts = conversation.texts("attendez je cherche le mail de confirmation, il est où déjà ?")
    assert ask_order_number("invalid_number") not in texts


def test_three_failures_stop_the_checks_and_hand_over(conversation, domain_responses, agents_offline,
                                                     store_sessions):
    conversation.texts("où en est ma commande ?")
    conversation.texts("48213 pirate@exemple.fr")
    conversation.texts("48214 pirate@exemple.fr")
    third = conversation.texts("48215 pirate@exemple.fr")
    assert third == domain_responses["utter_order_lookup_blocked"] + [ask_contact_message(REPLY_EXPECTED)]
    conversation.texts("pirate@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert (case.reason, case.identity_verified) == ("identity_failed", False)
    # Even the right proof is no longer checked in this conversation.
    conversation.texts("où en est ma commande 48213 ?")
    again = conversation.texts(CAMILLE.email)
    assert "Terminé" not in joined(again)


def test_faq_question_in_the_middle_then_back_to_the_lookup(conversation, kb):
    conversation.texts("où en est ma commande 48213 ?")
    digression = conversation.texts("au fait, quels moyens de paiement acceptez-vous ?")
    # Answered, and the lookup waits for the proof without asking for it again.
    assert digression == [kb.get("payment_methods").chat]
    assert "« Terminé »" in joined(conversation.texts(CAMILLE.postcode))


def test_the_customer_can_give_up(conversation, domain_responses):
    conversation.texts("où en est ma commande ?")
    assert conversation.texts("laisse tomber") == domain_responses["utter_order_lookup_cancelled"]
    assert conversation.texts("bonjour") == domain_responses["utter_welcome"]


@pytest.mark.parametrize("text", ["'; DROP TABLE orders; --", "1" * 200, "😡😡", "<script>alert(1)</script>"])
def test_malformed_order_numbers_are_asked_again_with_a_human_offered(conversation, domain_responses, text):
    conversation.texts("où en est ma commande ?")
    reply = conversation.texts(text)
    # Read as an answer: "not a number"; read as something else: answered with the ways to reach
    # an advisor, the lookup waiting quietly for the number.
    assert reply[-1] in (ask_order_number("invalid_number"), *domain_responses["utter_contact_ways"])
    assert "conseiller" in reply[-1]


def test_parcel_late_goes_to_chronopost_and_a_human(conversation, agent_online, store_sessions):
    conversation.texts("je n'ai toujours pas reçu mon colis, commande 48217")
    answer = conversation.texts(LEA.email)
    assert "contacter le service client de Chronopost" in joined(answer)
    # A REST customer cannot receive an advisor's live replies: a reply by email, to the address
    # that proved the order hers (not asked again).
    case = case_of(store_sessions, conversation)
    assert answer[-1] == email_message(case.id, LEA.email, REPLY_EXPECTED)
    assert (case.mode, case.reason, case.order_number, case.identity_verified) == (
        "email", "parcel_not_received", "48217", True)


def test_parcel_not_late_gives_the_expected_date(conversation):
    conversation.texts("je n'ai toujours pas reçu mon colis, commande 48213")
    answer = joined(conversation.texts(CAMILLE.email))
    assert "pas encore dépassé" in answer and "Délai de livraison indicatif" in answer


def test_parcel_unknown_to_chronopost_gives_the_tracking_link(conversation):
    order = next(r for r in demo_records(date.today()) if r.status is OrderStatus.COMPLETED
                 and r.shipments and r.number not in SHOWCASE)
    conversation.texts(f"où est mon colis ? commande {order.number}")
    answer = joined(conversation.texts(order.email))
    assert f"listeNumerosLT={order.shipments[0].tracking_number}" in answer
    assert "pas disponible pour le moment" in answer


def test_verified_customer_is_not_asked_again(conversation):
    conversation.texts("où en est ma commande 48213 ?")
    conversation.texts(CAMILLE.email)
    again = conversation.texts("et le suivi de mon colis ?")
    assert "listeNumerosLT=XN081879383FR" in again[-1]
    # The answer ends the turn: no « je ne suis pas sûr d'avoir compris » after it.
    assert len(again) == 2


def test_the_verified_orders_address_typed_again_opens_no_case(conversation, store_sessions):
    conversation.texts("où en est ma commande 48213 ?")
    conversation.texts(CAMILLE.email)
    again = joined(conversation.texts(CAMILLE.email))
    assert "listeNumerosLT=XN081879383FR" in again
    assert case_of(store_sessions, conversation) is None


@pytest.mark.parametrize("question", ["elle est où exactement ?", "où en est-elle ?"])
def test_where_it_is_after_the_order_is_the_orders_answer(conversation, question):
    conversation.texts("où en est ma commande 48213 ?")
    conversation.texts(CAMILLE.email)
    assert "listeNumerosLT=XN081879383FR" in joined(conversation.texts(question))


@pytest.mark.parametrize("question, fact", [("c'est quoi le numéro de suivi ?", "XN081879383FR"),
                                            ("elle arrive quand du coup ?", "livraison indicatif"),
                                            ("et ça arrive vers quand à peu près ? mardi ça irait ?",
                                             "livraison indicatif")])
def test_a_question_on_the_verified_order_is_answered_from_it_once(conversation, question, fact):
    conversation.texts("où en est ma commande 48213 ?")
    conversation.texts("75008")
    answer = conversation.texts(question)
    assert fact in answer[-1]
    assert not any("compris" in text for text in answer), answer


def test_the_debit_of_the_verified_order_is_told_with_its_shipping_date(conversation, assistant, kb):
    shipped = working_days_before(date.today(), CAMILLE.shipped_working_days_ago)
    conversation.texts("où en est ma commande 48213 ?")
    conversation.texts("75008")
    answer = conversation.texts("et je serai débité quand ?")
    assert answer[0] == kb.get("debit_timing").chat
    assert f"expédiée le {french_date(shipped)}" in answer[1] and "débité" in answer[1]
    assert len(answer) == 2
    # Without a verified order, the FAQ's answer alone.
    assert Conversation(assistant).texts("je serai débité quand ?") == [kb.get("debit_timing").chat]


def test_order_store_down_gives_a_clear_answer_and_a_human(conversation, demo_order_store,
                                                          domain_responses):
    conversation.texts("où en est ma commande 48213 ?")
    moved = demo_order_store.with_suffix(".away")
    shutil.move(demo_order_store, moved)
    try:
        answer = conversation.texts(CAMILLE.email)
    finally:
        demo_order_store.unlink(missing_ok=True)
        shutil.move(moved, demo_order_store)
    assert answer == domain_responses["utter_order_store_unavailable"] + domain_responses["utter_contact_ways"]
    assert "Traceback" not in joined(answer)


def test_what_a_status_means_gets_the_statuses_not_the_lookup(conversation, kb):
    texts = conversation.texts("sur mon compte c'est marqué terminé pour ma commande, ça veut dire quoi ?")
    assert texts[0] == kb.get("order_status").chat


def test_thanks_during_the_lookup_ends_it(conversation, domain_responses):
    conversation.texts("où en est ma commande ?")
    assert conversation.texts("ok merci") == domain_responses["utter_you_are_welcome"]
    assert conversation.texts("bonjour") == domain_responses["utter_welcome"]


@pytest.mark.parametrize("question", ["est-ce que j'ai été débité ?",
                                      "j'ai été débitée ou pas ? j'ai peur de payer 2 fois"])
def test_a_cancelled_order_was_not_debited_by_the_rule(conversation, domain_responses, question):
    conversation.texts("où en est ma commande 48216 ?")
    conversation.texts("13006")
    answer = conversation.texts(question)
    # The status just given is not repeated, nor the ways to reach an advisor.
    assert "débité que lors de l'expédition" in answer[-1]
    assert not any("« Annulée »" in text or text == domain_responses["utter_contact_ways"][0] for text in answer)


def test_an_address_given_to_look_an_order_up_is_its_proof(conversation, store_sessions):
    first = conversation.texts("j'ai plus le numéro de commande mais mon adresse c'est julien.bernard@exemple.fr, "
                               "vous pouvez vérifier ?")
    assert first == [ask_order_number(None)]
    assert "« En préparation »" in joined(conversation.texts("ah si c'est la 48214"))
    assert case_of(store_sessions, conversation) is None


def test_a_mistyped_number_corrected_while_the_proof_is_asked_is_the_new_number(conversation):
    conversation.texts("où en est ma commande 48261 ?")
    assert conversation.texts("ah je me suis trompé c 48216 pardon")[-1] == ask_order_proof(None, "48216")


def test_the_address_given_for_an_advisors_reply_is_the_orders_proof(conversation, agents_offline):
    conversation.texts("je voudrais annuler ma commande 48214")
    conversation.texts("julien.bernard@exemple.fr")
    assert "« En préparation »" in joined(conversation.texts("elle est où en ce moment ma commande du coup ?"))


def test_an_order_named_earlier_is_not_asked_again(conversation):
    conversation.texts("je me suis trompé de taille sur la commande 48214, je peux la modifier ?")
    conversation.texts("69006")  # a number alone: a postcode, maybe
    assert conversation.texts("elle en est où ma commande ?")[-1] == ask_order_proof(None, "48214")


def test_a_debit_question_naming_its_order_gets_this_orders_answer(conversation, kb):
    first = conversation.texts("on m'a pas encore débité c normal ? cmd 48215")
    assert first[-1] == ask_order_proof(None, "48215")
    answer = conversation.texts("33000")
    assert "« En attente »" in answer[0] and "vous contactera" in answer[0]



def test_what_was_just_said_about_the_order_is_not_said_again(conversation, kb):
    conversation.texts("où en est ma commande 48213 ?")
    assert "listeNumerosLT=XN081879383FR" in joined(conversation.texts("75008"))
    # What to do if it does not come: the FAQ's answer, and whether the time has passed.
    answer = conversation.texts("et si ça arrive pas je fais quoi ?")
    assert answer == [kb.get("parcel_not_received").chat, FRENCH.not_overdue]
    # Asked where it is again: the whole answer again.
    assert "listeNumerosLT=XN081879383FR" in joined(conversation.texts("elle est où ma commande ?"))


def test_the_verified_orders_postcode_typed_again_is_not_another_order(conversation):
    conversation.texts("où en est ma commande 48214 ?")
    assert "« En préparation »" in joined(conversation.texts("69003"))
    assert "« En préparation »" in joined(conversation.texts("69003"))


def test_a_proof_typed_beside_the_number_earlier_is_not_asked_again(conversation, agents_offline):
    conversation.texts("je voudrais annuler la commande 48216, CP 13006")
    answer = conversation.texts("non. je veux juste savoir où elle en est, regardez ma commande 48216 svp")
    assert "« Annulée »" in joined(answer)


def test_an_order_said_to_be_cancelled_is_looked_up(conversation):
    answer = conversation.texts("ma commande 48216 est marquée annulée alors que j'ai rien demandé ! CP 13006")
    assert "« Annulée »" in joined(answer)


def test_giving_up_the_lookup_to_ask_something_else_answers_it(conversation, kb, domain_responses):
    conversation.texts("où en est ma commande 48214 ?")
    answer = conversation.texts("laisse tomber c'etait pas un numero de commande. je demandais quand je serai debité")
    assert answer == domain_responses["utter_order_lookup_cancelled"] + [kb.get("debit_timing").chat]


def test_giving_up_to_cancel_goes_to_an_advisor(conversation, kb, agents_offline):
    assert conversation.texts("laisse tomber, je préfère annuler la commande") == [
        kb.get("cancel_modify_order").chat, ASK_EMAIL]


def test_a_corrected_number_is_checked_with_the_proof_already_given(conversation):
    conversation.texts("où en est ma commande 48271 ?")
    conversation.texts("lea.moreau@exemple.fr")
    answer = joined(conversation.texts("oups c'est 48217 pardon"))
    assert "n° 48217" in answer and "« Terminé »" in answer
