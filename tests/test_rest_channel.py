"""A customer talking to the running assistant through Rasa's REST channel."""

import pytest
import requests

from civette.helpdesk.handoff import ask_contact_message
from civette.orders.prompts import ASK_ORDER_NUMBER

from conftest import REPLY_EXPECTED

QUESTIONS = {
    "delivery_time": "bonjour, en combien de temps je vais recevoir ma commande ?",
    "three_d_secure": "c quoi ce code 3D secure que ma banque me demande ??",
    "debit_timing": "c quand que vous debitez ma carte ?",
    "cuban_cigar_shortage": "Pourquoi les Cohiba sont toujours en rupture chez vous ?",
    "how_to_return": "comment je renvoie un article, qui paye les frais de retour ?",
}


@pytest.mark.parametrize("entry_id", QUESTIONS)
def test_faq_question_gets_the_faq_answer(conversation, kb, entry_id):
    assert conversation.texts(QUESTIONS[entry_id]) == [kb.get(entry_id).chat]


@pytest.mark.parametrize("text, entry_ids", [
    ("Quels moyens de paiement vous prenez ? et je serai livré quand ?", ["payment_methods", "delivery_time"]),
    ("comment je crée un compte ? et j'ai oublié mon mot de passe aussi, je fais comment ?",
     ["create_account", "forgot_password"]),
])
def test_every_question_of_a_message_is_answered_in_order(conversation, kb, text, entry_ids):
    assert conversation.texts(text) == [kb.get(entry_id).chat for entry_id in entry_ids]


def test_a_question_outside_the_faq_beside_an_faq_question_is_said_so(conversation, kb, domain_responses):
    texts = conversation.texts("vous acceptez paypal ? et sinon c'est quoi votre whisky préféré ?")
    assert texts == domain_responses["utter_faq/payment_method_accepted"] + domain_responses["utter_part_unanswered"]


@pytest.mark.parametrize("text, entry_id", [
    ("je voudrais retourner un article. c'est possible ?", "return_policy"),
    ("quels moyens de paiement vous prenez. je fais comment ?", "payment_methods"),
])
def test_a_few_words_asking_about_the_rest_of_the_message_are_not_an_other_part(conversation, kb, text,
                                                                                  entry_id):
    assert conversation.texts(text) == [kb.get(entry_id).chat]


def test_a_question_leaning_on_the_rest_of_the_message_is_not_an_other_part(conversation, kb):
    texts = conversation.texts("Bonjour, j'ai reçu mon humidor hier, la charnière est cassée. Que dois-je faire ?")
    assert texts[0] == kb.get("damaged_or_wrong_item").chat
    assert not any("autre partie" in text for text in texts)


def test_greeting_is_answered_with_the_welcome(conversation, domain_responses):
    texts = conversation.texts("bonjour")
    assert texts == domain_responses["utter_welcome"]
    assert "assistant automatique" in texts[0] and "conseiller" in texts[0]


def honest_answers(domain_responses):
    """What the bot may say to a question the FAQ does not answer: "I don't know" with the
    contact ways, or "please rephrase" with a human offered."""
    return [
        domain_responses["utter_out_of_scope"] + domain_responses["utter_contact_ways"],
        [domain_responses["utter_fallback_suggestions"][1]],
    ]


def test_question_outside_the_faq_gets_an_honest_answer_and_a_human(conversation, domain_responses):
    texts = conversation.texts("quel temps fait-il à Paris ?")
    assert texts in honest_answers(domain_responses)
    assert "conseiller" in " ".join(texts)


@pytest.mark.parametrize("question", [
    "vous avez un code promo pour ma première commande ?",
    "est-ce que vous faites des cartes de fidélité ?",
])
def test_near_domain_question_is_not_guessed(conversation, domain_responses, question):
    assert conversation.texts(question) in honest_answers(domain_responses)


# Messages this model does not understand (checked below through /model/parse).
NOT_UNDERSTOOD = ["blorf zzkq wobble", "grmbl qwxv plonk"]


def parse(assistant: str, auth_token: str, text: str) -> dict:
    response = requests.post(
        f"{assistant}/model/parse", params={"token": auth_token}, json={"text": text}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_messages_used_as_not_understood_are_not_understood(assistant, auth_token):
    for text in NOT_UNDERSTOOD:
        assert parse(assistant, auth_token, text)["intent"]["name"] == "nlu_fallback", text


def test_not_understood_twice_asks_to_rephrase_with_topics_then_hands_over(
    conversation, domain_responses, kb, agents_offline
):
    first = conversation.send(NOT_UNDERSTOOD[0])
    assert [message["text"] for message in first] == [domain_responses["utter_fallback_suggestions"][1]]
    questions = {entry.question for entry in kb.entries}
    buttons = first[0]["buttons"]
    assert len(buttons) == 3
    assert all(button["title"] == button["payload"] in questions for button in buttons)

    second = conversation.texts(NOT_UNDERSTOOD[1])
    assert second == domain_responses["utter_fallback_human"] + [ask_contact_message(REPLY_EXPECTED)]


def test_a_suggested_topic_button_is_understood(conversation, kb):
    question = conversation.send(NOT_UNDERSTOOD[0])[0]["buttons"][0]["payload"]
    answer = next(entry.chat for entry in kb.entries if entry.question == question)
    assert conversation.texts(question) == [answer]


def test_understood_message_resets_the_fallback_stage(conversation, domain_responses, kb):
    conversation.send(NOT_UNDERSTOOD[0])
    conversation.texts("comment créer un compte ?")
    again = conversation.send(NOT_UNDERSTOOD[1])
    assert again[0]["text"] == domain_responses["utter_fallback_suggestions"][1]


BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "huge": ("Bonjour, je voudrais savoir où en est ma commande. " * 200)[:10_000],
    "emoji": "😡😡😡📦❓",
    "html": "<script>alert('x')</script><b>ma commande</b>",
    "sql": "'; DROP TABLE orders; -- SELECT * FROM customers WHERE 1=1",
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_gets_a_sensible_french_reply(conversation, domain_responses, kb, kind):
    texts = conversation.texts(BAD_INPUTS[kind])
    known = {text for variants in domain_responses.values() for text in variants}
    known |= set(ASK_ORDER_NUMBER.values())
    assert texts, "no reply at all"
    assert all(text in known for text in texts), texts


def test_conversation_goes_on_after_bad_input(conversation, kb):
    conversation.texts("<script>alert(1)</script>")
    assert conversation.texts("quels moyens de paiement acceptez-vous ?") == [
        kb.get("payment_methods").chat
    ]


def test_order_number_is_extracted_as_an_entity(assistant, auth_token):
    for text in ("ou en est ma commande n°48213", "#48213 pas recu", "commande 48213 svp"):
        parsed = parse(assistant, auth_token, text)
        entities = [(e["entity"], e["value"]) for e in parsed["entities"]]
        assert ("order_id", "48213") in entities, (text, entities)


def test_http_api_requires_the_token(assistant):
    response = requests.post(f"{assistant}/model/parse", json={"text": "bonjour"}, timeout=30)
    assert response.status_code == 401


def test_tracker_is_kept_in_the_sqlite_store(conversation, assistant, auth_token):
    conversation.texts("bonjour")
    tracker = requests.get(
        f"{assistant}/conversations/{conversation.sender}/tracker",
        params={"token": auth_token}, timeout=30,
    ).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["bonjour"]


def test_a_few_words_about_it_ask_about_the_rest_of_the_message(conversation, domain_responses):
    texts = conversation.texts("Bonjour, je n'ai pas reçu de facture pour ma commande, j'en ai besoin pour ma "
                               "compta. Où puis-je la trouver ?")
    assert texts == domain_responses["utter_faq/invoice_lost"]
