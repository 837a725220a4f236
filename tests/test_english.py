"""English-speaking customers: short English answers on the common topics, the order lookup,
and an English offer of a human for the rest, through the running assistant."""

import pytest

from civette.english import english_topics, looks_english
from civette.orders.demo import SHOWCASES
from civette.orders.prompts import ask_order_number, ask_order_proof
from civette.orders.wording import ENGLISH, WORDINGS

ENGLISH_QUESTIONS = {
    "how long does delivery take please": ["delivery_time"],
    "which carrier do you use?": ["carrier"],
    "Hello, I lost my password, how do I reset it?": ["forgot_password"],
    "And how do I create an account if I don't have one?": ["create_account"],
    "can I see my past invoices there?": ["invoice"],
    "do you store my card details?": ["payment_security"],
    "will I be charged now or later?": ["debit_timing"],
    "ok and can I pay by cheque or in 3 instalments?": ["other_payment_methods"],
    "what's the point of having an account actually?": ["account_benefits"],
    "how do I delete my account later if I want?": ["edit_delete_account"],
    "do you have Cuban cigars in stock at the moment? I heard there's a shortage": ["cuban_cigar_shortage"],
    "I want to cancel my order please": ["cancel_modify_order"],
    "the item is damaged. can I get a replacement?": ["damaged_or_wrong_item"],
    "how long for the refund": ["refund_delay"],
    "who pays the return shipping?": ["return_fees"],
    "can I exchange it for another colour?": ["exchange"],
    "he smoked it once, can he still return it?": ["used_or_opened"],
    "when does the money actually leave my account, right when I order?": ["debit_timing"],
    "Can I change the delivery address to my home in Canada?": ["cancel_modify_order"],
    "where is the shop exactly?": ["contact"],
    "my bank keeps blocking the payment with some verification thing": ["three_d_secure"],
    "could I talk to a real person about that late return?": ["contact"],
    "Can I just order Cohibas on your website and have them shipped to my hotel?": ["buy_online"],
    "Wrong lighter in the box, what now?": ["damaged_or_wrong_item"],
    "Can we buy Cuban cigars from your website?": ["buy_online"],
    "is 157 rue Saint-Honoré the actual store?": ["contact"],
    "I'm not returning anything, I never received it! Was my card actually charged for this cancelled order?":
        ["debit_timing"],
    "do you share my data with other companies? I got spam after ordering": ["data_sharing"],
    "how do I use my GDPR rights on my personal data?": ["data_privacy"],
    "and if the parcel gets lost, do I get a refund?": ["lost_parcel"],
    "my bank asks for a 3D secure code but I never got the SMS, what should I do": ["three_d_secure"],
    "ok and how much is shipping?": ["delivery_cost"],
    "and the price of a box of D4?": ["price_not_online"],
    "can you deliver cigars to my home?": ["buy_online"],
    "can I return a lighter I bought last week?": ["return_policy"],
    "do you take paypal or american express?": ["payment_methods"],
    "hello, can I buy Cohiba cigars on your website?": ["buy_online"],
    "how can I contact you?": ["contact"],
}


@pytest.mark.parametrize("text", ENGLISH_QUESTIONS)
def test_common_questions_get_the_english_answer(conversation, domain_responses, text):
    expected = [domain_responses[f"utter_english_{topic}"][0] for topic in ENGLISH_QUESTIONS[text]]
    assert conversation.texts(text) == expected


@pytest.mark.parametrize("text", [
    "do you ship to the United States?",
    "what are your opening hours on sunday?",
    "do you sell e-cigarettes? can you ship gas lighters by post?",
])
def test_other_english_questions_get_an_offer_of_a_human(conversation, domain_responses, text):
    assert conversation.texts(text) == domain_responses["utter_other_language"]


def test_an_english_order_question_with_its_number_gets_the_status_in_english(conversation):
    answer = conversation.texts("hi, where is my order 48214? postcode 69003")
    assert answer == [order_answer_text("48214", "en")]


@pytest.mark.parametrize("text", [
    "Hi, I ordered a humidor two weeks ago and it never arrived, can you help?",
    "it shipped ten days ago and I still haven't received it",
])
def test_a_parcel_not_received_gets_the_english_answer_then_the_lookup_in_english(conversation, domain_responses,
                                                                                  text):
    answer = conversation.texts(text)
    assert answer[0] == domain_responses["utter_english_parcel_not_received"][0]
    assert answer[-1] == ask_order_number(None, "en")


def test_the_whole_order_lookup_is_in_english(conversation):
    assert conversation.texts("Hello, where is my order?") == [ask_order_number(None, "en")]
    assert conversation.texts("48214") == [ask_order_proof(None, "48214", "en")]
    assert conversation.texts("julien.bernard@exemple.fr") == [order_answer_text("48214", "en")]
    debit = conversation.texts("and when will I be debited?")
    assert debit == [ENGLISH.debit_processing.format(number="48214")]
    # Back in French, the next lookup is in French.
    assert conversation.texts("où en est ma commande 48213 ?") == [ask_order_proof(None, "48213")]


def order_answer_text(number, language):
    """What the assistant says of a demo order that is not shipped (its words for that status)."""
    showcase = next(s for s in SHOWCASES if s.number == number)
    words = WORDINGS[language]
    intro = words.intro.format(number=number, label=showcase.status.label)
    return words.statuses[showcase.status].format(intro=intro)


@pytest.mark.parametrize("text", [
    "where is my order", "I haven't received my parcel yet", "when will it be shipped?",
    "do you store my card details?", "thank you",
])
def test_english_is_recognised(text):
    assert looks_english(text)


@pytest.mark.parametrize("text", [
    "ok thanks", "bonjour, où en est mon order ?", "je voudrais le tracking de ma commande please",
    "hello", "c'est pour un cadeau, vous faites le packaging ?",
])
def test_french_with_english_words_is_not_english(text):
    assert not looks_english(text)


def test_english_answers_exist_for_every_topic_detected(kb):
    topics = {topic for expected in ENGLISH_QUESTIONS.values() for topic in expected}
    assert all(kb.english(topic) for topic in topics)
    assert english_topics("the box arrived damaged, I want a refund") == ["damaged_or_wrong_item"]
    assert english_topics("Can I get a refund if it never arrives?") == ["parcel_not_received"]


def test_english_thanks_are_answered_in_english(conversation, domain_responses):
    conversation.texts("how long does delivery take please")
    assert conversation.texts("thank you!") == domain_responses["utter_english_thanks"]


def test_thanks_followed_by_a_question_answers_the_question(conversation, domain_responses):
    conversation.texts("how long does delivery take please")
    answer = conversation.texts("ok thanks. Can I pay with PayPal?")
    assert answer == domain_responses["utter_english_payment_methods"]


def test_a_question_for_an_advisor_beside_a_common_one_gets_both(conversation, domain_responses):
    answer = conversation.texts("do you ship to the UK? and how long does shipping take")
    assert answer == [domain_responses["utter_english_delivery_time"][0],
                      domain_responses["utter_english_rest_for_a_human"][0]]


def test_where_the_shop_is_with_its_hours_gets_the_address_and_an_advisor(conversation, domain_responses):
    answer = conversation.texts("Where exactly are you located and what time do you open?")
    assert answer == [domain_responses["utter_english_contact"][0],
                      domain_responses["utter_english_rest_for_a_human"][0]]


@pytest.mark.parametrize("text", ["alright, thanks for your help", "thank you so much for your help!",
                                  "never mind, I'll email them. thanks"])
def test_thanks_for_the_help_are_thanks(conversation, domain_responses, text):
    conversation.texts("how long does delivery take please")
    assert conversation.texts(text) == domain_responses["utter_english_thanks"]


@pytest.mark.parametrize("text", ["thanks bye", "ok thanks anyway, bye", "great, cheers, bye!",
                                  "alright thanks, see you at the shop"])
def test_goodbye_in_english(conversation, domain_responses, text):
    assert conversation.texts(text) == domain_responses["utter_english_bye"]


def test_asking_for_a_human_again_gets_the_ways_again(conversation, domain_responses):
    conversation.texts("how can I contact you?")
    assert conversation.texts("can I talk to a real person please") == domain_responses["utter_english_contact"]


def test_a_no_after_english_answers_is_answered_in_english(conversation, domain_responses):
    conversation.texts("how long does delivery take please")
    assert conversation.texts("no") == domain_responses["utter_english_at_your_service"]


def test_a_follow_up_that_would_get_the_same_answer_gets_nothing_more(conversation, domain_responses):
    conversation.texts("which payment methods do you take? I have a US Discover card")
    assert conversation.texts("so Discover won't work?") == domain_responses["utter_english_nothing_more"]


def test_the_verified_orders_address_typed_again_gives_the_order_again(conversation):
    conversation.texts("Hello, where is my order?")
    conversation.texts("48214")
    conversation.texts("julien.bernard@exemple.fr")
    again = conversation.texts("it's julien.bernard@exemple.fr, I already told you")
    assert again == [order_answer_text("48214", "en")]


def test_a_curt_request_for_a_human_ends_the_lookup_with_the_ways_to_reach_one(conversation, domain_responses):
    conversation.texts("Hello, where is my order?")
    assert conversation.texts("human. advisor. now.") == domain_responses["utter_english_contact"]
    assert conversation.texts("how long does delivery take please") == domain_responses["utter_english_delivery_time"]


def test_a_human_asked_beside_a_topic_comes_first(conversation, domain_responses):
    texts = conversation.texts("return what?? I have nothing to return. I want to speak to a human please")
    assert texts == domain_responses["utter_english_contact"]


def test_stop_asking_ends_the_lookup_in_english(conversation, domain_responses):
    conversation.texts("Hello, where is my order?")
    assert conversation.texts("I don't have an order yet, I'm trying to pay. stop asking") == \
        domain_responses["utter_english_dropped"]
    assert conversation.texts("how long does delivery take please") == domain_responses["utter_english_delivery_time"]


@pytest.mark.parametrize("follow_up", ["how many days do I have?", "How long do I have?"])
def test_a_short_english_follow_up_gets_the_previous_topic(conversation, domain_responses, follow_up):
    conversation.texts("I want to return a lighter, what's the process?")
    assert conversation.texts(follow_up) == domain_responses["utter_english_return_policy"]



def test_a_short_follow_up_after_english_stays_english(conversation, domain_responses):
    conversation.texts("hi, which payment methods do you accept?")
    assert conversation.texts("and paypal?") == domain_responses["utter_english_payment_methods"]


def test_a_question_beside_the_order_one_is_answered_before_the_lookup(conversation, domain_responses):
    answer = conversation.texts("who is the carrier? and where is my order?")
    assert answer == [domain_responses["utter_english_carrier"][0], ask_order_number(None, "en")]
