"""English-speaking customers: short English answers on the common topics, the order lookup,
and an English offer of a human for the rest, through the running assistant."""

import pytest

from civette.english import english_topics

ENGLISH_QUESTIONS = {
    "Hi, I ordered a humidor two weeks ago and it never arrived, can you help?": ["parcel_not_received", "contact"],
    "how long does delivery take please": ["delivery_time"],
    "can I return a lighter I bought last week?": ["return_policy"],
    "do you take paypal or american express?": ["payment_methods"],
    "hello, can I buy Cohiba cigars on your website?": ["buy_online"],
    "how can I contact you?": ["contact"],
    "it shipped ten days ago and I still haven't received it": ["parcel_not_received"],
}


@pytest.mark.parametrize("text", ENGLISH_QUESTIONS)
def test_common_questions_get_the_english_answer(conversation, domain_responses, text):
    expected = [domain_responses[f"utter_english_{topic}"][0] for topic in ENGLISH_QUESTIONS[text]]
    assert conversation.texts(text) == expected


@pytest.mark.parametrize("text", [
    "I want to cancel my order please",
    "do you ship to the United States?",
    "what are your opening hours on sunday?",
])
def test_other_english_questions_get_an_offer_of_a_human(conversation, domain_responses, text):
    assert conversation.texts(text) == domain_responses["utter_other_language"]


def test_an_english_order_question_with_its_number_gets_the_status(conversation):
    answer = "\n".join(conversation.texts("hi, where is my order 48214? postcode 69003"))
    assert "48214" in answer and "En préparation" in answer


def test_english_answers_exist_for_every_topic_detected(kb):
    topics = {topic for expected in ENGLISH_QUESTIONS.values() for topic in expected}
    assert all(kb.get(topic).english for topic in topics)
    assert english_topics("the box arrived damaged, I want a refund") == []


def test_english_thanks_are_answered_in_english(conversation, domain_responses):
    conversation.texts("how long does delivery take please")
    assert conversation.texts("thank you!") == domain_responses["utter_english_thanks"]


def test_thanks_followed_by_a_question_answers_the_question(conversation, domain_responses):
    conversation.texts("how long does delivery take please")
    answer = conversation.texts("ok thanks. Can I pay with PayPal?")
    assert answer == domain_responses["utter_english_payment_methods"]
