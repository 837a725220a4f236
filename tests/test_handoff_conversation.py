"""Handoff to an advisor through the running assistant: every trigger, the case written to the
store the action server uses, live in the widget (socket.io) with the pause, by email otherwise
(the REST channel, or nobody online), the connectors."""

from typing import List

import pytest
import requests

from civette.channels import chatwoot_signature
from civette.helpdesk.handoff import INVALID_EMAIL_MESSAGE, email_message, live_message
from civette.helpdesk.reasons import URGENT
from civette.orders.prompts import ask_order_proof
from civette.web.rasa_api import RasaApi

from conftest import ASK_EMAIL, CHATWOOT_METADATA_SECRET, REPLY_EXPECTED, case_of, wait_for

HANDOFF_STARTED = {"data": {"handoff": "started"}}


def test_without_an_advisor_online_an_email_address_is_collected(conversation, agents_offline,
                                                                   store_sessions, zendesk, kb):
    assert conversation.texts("je veux parler à un conseiller svp") == [ASK_EMAIL]
    assert conversation.texts("jean.dupont@exemple") == [INVALID_EMAIL_MESSAGE]  # no top-level domain
    answer = conversation.texts("c'est jean.dupont@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert answer == [email_message(case.id, "jean.dupont@exemple.fr", REPLY_EXPECTED)]
    assert (case.mode, case.reason, case.contact_email, case.status) == (
        "email", "customer_request", "jean.dupont@exemple.fr", "open")
    assert case.intent == "human_handoff"  # the request, not the message giving the address
    assert case.transcript[0]["role"] == "client"
    assert case.transcript[0]["text"] == "je veux parler à un conseiller svp"
    # The bot is not paused: nobody answers live, the customer can go on asking.
    assert conversation.texts("comment créer un compte ?") == [kb.get("create_account").chat]
    ticket = next(t for t in zendesk.received if f"dossier {case.id})" in t["subject"])
    assert ticket["requester"]["email"] == "jean.dupont@exemple.fr"
    assert case.external_refs == {"zendesk": str(ticket["id"])}


def test_refusing_to_leave_an_email_gives_the_contact_ways(conversation, agents_offline,
                                                            domain_responses, store_sessions):
    conversation.texts("je voudrais un humain")
    assert conversation.texts("non merci") == domain_responses["utter_contact_ways"]
    assert case_of(store_sessions, conversation) is None


def test_a_question_while_the_email_is_asked_is_answered_and_the_email_no_longer_asked(
    conversation, agents_offline, kb, domain_responses
):
    conversation.texts("mon briquet est arrivé cassé")
    # Not the general return rules (fees at the customer's expense): the damaged item's point,
    # and a reminder that an advisor can help rather than the email request again.
    texts = conversation.texts("et le retour est à mes frais ?")
    assert texts == [domain_responses["utter_faq/damaged_follow_up"][0],
                     domain_responses["utter_handoff_already_offered"][0]]
    texts = conversation.texts("et sinon vous prenez quoi comme moyens de paiement ?")
    assert texts == [kb.get("payment_methods").chat]


@pytest.mark.parametrize("address_message", [
    "jean.dupont@exemple.fr", "bon finalement voici mon mail : jean.dupont@exemple.fr"])
def test_an_email_address_given_after_a_digression_opens_the_case_of_the_request(
    conversation, agents_offline, kb, store_sessions, address_message
):
    conversation.texts("je veux annuler ma commande")
    assert conversation.texts("c'est quoi vos délais de livraison ?") == [kb.get("delivery_time").chat]
    answer = conversation.texts(address_message)
    case = case_of(store_sessions, conversation)
    assert answer == [email_message(case.id, "jean.dupont@exemple.fr", REPLY_EXPECTED)]
    assert (case.reason, case.intent) == ("cancel_modify_order", "faq/cancel_modify_order")


def test_an_email_address_volunteered_asks_for_an_advisors_reply(conversation, agents_offline, store_sessions):
    conversation.texts("j'ai une question sur un briquet que j'ai vu en boutique")
    answer = conversation.texts("merci. mon mail c'est ines.fabre@exemple.fr si besoin")
    case = case_of(store_sessions, conversation)
    assert answer == [email_message(case.id, "ines.fabre@exemple.fr", REPLY_EXPECTED)]
    assert (case.reason, case.contact_email) == ("customer_request", "ines.fabre@exemple.fr")


def test_the_shops_own_address_is_never_the_customers(conversation, agents_offline, store_sessions):
    conversation.texts("je voudrais que vous supprimiez mes données")
    conversation.texts("j'écris à info@alacivette.com et c'est bon ?")
    assert case_of(store_sessions, conversation) is None


def test_an_address_that_failed_as_an_orders_proof_is_asked_for_again(conversation, agents_offline):
    conversation.texts("ma commande 48215, mon mail c'est sophie.petit@gmail.com, elle en est où ?")
    conversation.texts("33000")
    assert conversation.texts("je voudrais parler à un conseiller") == [ASK_EMAIL]


def test_an_address_given_with_the_problem_is_not_asked_again(conversation, agents_offline, store_sessions, kb):
    first = conversation.texts("bonjour, j'ai reçu un cendrier cassé, mon mail c'est paul.girard@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert first == [kb.get("damaged_or_wrong_item").chat,
                     email_message(case.id, "paul.girard@exemple.fr", REPLY_EXPECTED)]
    assert case.reason == "damaged_or_wrong_item"


def test_a_yes_to_the_offer_of_an_advisor_hands_over(conversation, agents_offline, domain_responses, store_sessions):
    conversation.texts("mon colis est arrivé cassé")
    conversation.texts("non")  # no address for now
    reminder = domain_responses["utter_handoff_already_offered"][0]
    assert conversation.texts("et je le renvoie à mes frais ?")[-1] == reminder
    assert conversation.texts("oui") == [ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    assert case_of(store_sessions, conversation).reason == "damaged_or_wrong_item"


def test_a_payment_dispute_after_an_offer_let_pass_keeps_the_offer(conversation, agents_offline, domain_responses):
    conversation.texts("le briquet est arrivé cassé")
    conversation.texts("non")  # no address for now
    assert conversation.texts("on m'a débité deux fois aussi") == domain_responses["utter_handoff_already_offered"]


def test_a_yes_out_of_context_is_acknowledged(conversation, domain_responses, store_sessions):
    conversation.texts("vous acceptez paypal ?")
    assert conversation.texts("oui") == domain_responses["utter_anything_else"]
    assert case_of(store_sessions, conversation) is None


def test_a_yes_while_the_address_is_asked_only_gets_the_question_again(conversation, agents_offline,
                                                                       domain_responses):
    assert conversation.texts("je veux parler à un conseiller") == [ASK_EMAIL]
    assert conversation.texts("ok") == domain_responses["utter_ask_email_again"]


def test_once_a_case_waits_for_a_reply_its_advisor_answers_the_next_request_too(conversation, agents_offline,
                                                                                 domain_responses, store_sessions):
    conversation.texts("je veux annuler ma commande")
    conversation.texts("julien.bernard@exemple.fr")
    again = conversation.texts("ok mais si elle part avant que le conseiller me réponde ?")
    assert again == domain_responses["utter_handoff_case_open"]


def test_a_no_with_what_the_customer_will_do_ends_the_address_request(conversation, agents_offline,
                                                                      domain_responses):
    conversation.texts("je veux parler à un conseiller")
    assert conversation.texts("non c'est bon j'écrirai à info@ moi-même") == domain_responses["utter_contact_ways"]


@pytest.mark.parametrize("text", ["ok merci au revoir", "super, bonne fin de journée !"])
def test_a_goodbye_with_thanks_is_a_goodbye(conversation, domain_responses, text):
    conversation.texts("vous prenez paypal ?")
    assert conversation.texts(text) == domain_responses["utter_goodbye"]


def test_a_no_to_anything_else_is_not_asked_again(conversation, domain_responses):
    conversation.texts("merci beaucoup")
    assert conversation.texts("non c bon") == domain_responses["utter_at_your_service"]


@pytest.mark.parametrize("reference", ["c'est la 48214", "48214"])
def test_an_order_number_while_the_email_is_asked_is_noted_for_the_advisor(conversation, agents_offline,
                                                                          store_sessions, reference):
    conversation.texts("je veux annuler ma commande")
    assert conversation.texts(reference) == ["C'est noté : commande n° 48214, le conseiller l'aura sous les yeux.",
                                             ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert (case.reason, case.order_number, case.identity_verified) == ("cancel_modify_order", "48214", False)


def test_a_postcode_after_the_order_number_is_not_another_order(conversation, agents_offline, store_sessions):
    conversation.texts("je veux annuler la commande 48213")
    assert conversation.texts("75008") == [ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    assert case_of(store_sessions, conversation).order_number == "48213"


def test_an_order_question_while_the_email_is_asked_looks_the_order_up(conversation, agents_offline):
    conversation.texts("je voudrais annuler ma commande")
    texts = conversation.texts("où en est la 48214 ?")
    assert texts[-1] == ask_order_proof(None, "48214")
    assert "« En préparation »" in "\n".join(conversation.texts("69003"))


def test_asking_again_for_a_human_while_the_email_is_asked_is_not_an_invalid_address(
    conversation, agents_offline, domain_responses
):
    conversation.texts("je veux parler à un conseiller")
    assert conversation.texts("passez-moi quelqu'un svp") == domain_responses["utter_handoff_noted"] + [ASK_EMAIL]


def test_a_sentence_while_the_email_is_asked_is_not_an_invalid_address(conversation, agents_offline):
    conversation.texts("je veux parler à un conseiller")
    texts = conversation.texts("et maintenant je fais comment pour avoir une réponse ?")
    assert texts and INVALID_EMAIL_MESSAGE not in texts


def test_with_an_advisor_online_the_bot_hands_over_in_the_widget_and_pauses(
    widget_customer, agent_online, store_sessions, assistant, auth_token, kb
):
    messages = widget_customer.send("on m'a débité deux fois ma commande 48213, je veux être remboursé", 2)
    case = case_of(store_sessions, widget_customer)
    assert messages == [{"text": live_message(case.id)}, HANDOFF_STARTED["data"]]
    assert (case.mode, case.channel, case.reason, case.priority, case.intent) == (
        "live", "socketio", "payment_dispute", URGENT, "payment_dispute")
    assert case.confidence > 0.5 and case.order_number is None and not case.identity_verified
    # Paused: the customer's messages wait for the advisor, the bot stays silent.
    widget_customer.send("allô ?", 0)
    rasa = RasaApi(assistant, auth_token)
    assert wait_for(lambda: rasa.transcript(widget_customer.sender)[-1]["text"] == "allô ?")
    assert widget_customer.received.empty()
    # The advisor's reply reaches the widget; then the advisor gives the conversation back.
    rasa.send_agent_message(widget_customer.sender, "Bonjour, je regarde votre prélèvement.", "Claire")
    assert widget_customer.next(1)[0]["text"] == "Bonjour, je regarde votre prélèvement."
    rasa.resume_bot(widget_customer.sender)
    transcript = rasa.transcript(widget_customer.sender)
    assert {"role": "agent", "agent": "Claire", "text": "Bonjour, je regarde votre prélèvement."}.items() \
        <= next(line for line in transcript if line["role"] == "agent").items()
    widget_customer.next(2)  # the end of the handoff, for the widget and in words
    assert widget_customer.send("comment créer un compte ?", 1) == [{"text": kb.get("create_account").chat}]


def test_with_an_advisor_online_a_rest_customer_gets_a_reply_by_email(conversation, agent_online,
                                                                      store_sessions):
    """The advisor's replies reach only the widget: over REST, nobody would ever read them."""
    assert conversation.texts("je veux parler à un conseiller") == [ASK_EMAIL]
    answer = conversation.texts("jean.dupont@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert answer == [email_message(case.id, "jean.dupont@exemple.fr", REPLY_EXPECTED)]
    assert (case.mode, case.channel) == ("email", "rest")
    assert conversation.texts("vous êtes là ?")  # not paused


def test_an_email_given_with_the_request_is_not_asked_again(conversation, agents_offline, store_sessions):
    answer = conversation.texts("je veux parler à un conseiller, mon mail c'est paul.roux@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert answer == [email_message(case.id, "paul.roux@exemple.fr", REPLY_EXPECTED)]


def test_a_human_is_offered_once_unless_asked_again(conversation, agents_offline, kb, domain_responses):
    assert conversation.texts("je veux que vous supprimiez mes données personnelles")[-1] == ASK_EMAIL
    conversation.texts("non merci")
    # Another sensitive question gets its answer and a reminder, not the email request again.
    assert conversation.texts("et je voudrais aussi annuler ma dernière commande") == [
        kb.get("cancel_modify_order").chat, *domain_responses["utter_handoff_already_offered"]]
    assert conversation.texts("bon passez-moi un conseiller") == [ASK_EMAIL]


def test_the_address_of_the_data_protection_officer_is_given_without_a_handoff(conversation, domain_responses):
    assert conversation.texts("et l'adresse du délégué à la protection des données ?") == \
        domain_responses["utter_faq/dpo_contact"]


def test_damaged_item_gets_the_faq_answer_then_an_advisor(conversation, agents_offline, kb, store_sessions):
    answer = conversation.texts("j'ai reçu mon humidor complètement cassé")
    assert answer == [kb.get("damaged_or_wrong_item").chat, ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    case = case_of(store_sessions, conversation)
    assert (case.reason, case.intent) == ("damaged_or_wrong_item", "faq/damaged_or_wrong_item")


def test_a_personal_data_request_goes_to_an_advisor(conversation, agents_offline, kb, store_sessions):
    answer = conversation.texts("je veux que vous supprimiez toutes mes données personnelles")
    assert answer == [kb.get("data_privacy").chat, ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    assert case_of(store_sessions, conversation).reason == "personal_data_request"


def test_two_misunderstandings_in_a_row_hand_over(conversation, agents_offline, domain_responses,
                                                  store_sessions):
    conversation.texts("blorf zzkq wobble")
    second = conversation.texts("grmbl qwxv plonk")
    assert second == domain_responses["utter_fallback_human"] + [ASK_EMAIL]
    conversation.texts("client@exemple.fr")
    assert case_of(store_sessions, conversation).reason == "not_understood"


def test_a_conversation_from_chatwoot_gets_a_reply_by_email_and_is_opened_in_chatwoot(
    assistant, agent_online, chatwoot
):
    signed = {"chatwoot_conversation_id": "4242",
              "chatwoot_signature": chatwoot_signature("4242", CHATWOOT_METADATA_SECRET)}

    def texts(text: str) -> List[str]:
        response = requests.post(f"{assistant}/webhooks/rest/webhook", timeout=60,
                                 json={"sender": "chatwoot-4242", "message": text, "metadata": signed})
        assert response.ok
        return [message["text"] for message in response.json() if "text" in message]

    assert texts("je veux parler à un conseiller") == [ASK_EMAIL]  # not live: the widget is elsewhere
    texts("jean.dupont@exemple.fr")
    paths = [path for path, _ in chatwoot.received if "/conversations/4242/" in path]
    assert paths == ["/api/v1/accounts/3/conversations/4242/messages",
                     "/api/v1/accounts/3/conversations/4242/toggle_status"]


def test_thanks_instead_of_an_email_address_ends_the_request(conversation, agents_offline, domain_responses):
    conversation.texts("je veux parler à un conseiller")
    assert conversation.texts("ok merci bcp") == domain_responses["utter_you_are_welcome"]
    assert ASK_EMAIL not in conversation.texts("bonjour")


def test_a_yes_naming_the_advisor_asks_for_one(conversation, agents_offline):
    conversation.texts("bonjour, possible d'avoir une facture au nom de ma société ?")
    assert conversation.texts("ok jveux bien un conseiller oui") == [ASK_EMAIL]


def test_a_no_then_another_question_at_the_email_prompt_answers_it(conversation, agents_offline, domain_responses):
    conversation.texts("on m'a envoyé un briquet au lieu du coupe-cigare que j'avais commandé")
    texts = conversation.texts("non. par contre c'est moi qui dois payer le renvoi ou pas ?? c'est vous qui vous "
                               "êtes trompés")
    assert ASK_EMAIL not in texts
    assert texts[-1] == domain_responses["utter_handoff_already_offered"][0]
