"""What the assistant asks while checking that an order belongs to the customer.

The wording depends on the last check: a first question, a number or proof it could not read,
or a number and proof that match no order (the same words whichever part was wrong, and the
number is kept so that the proof can be given again).
"""

from typing import Optional

HUMAN = " Vous pouvez aussi demander un conseiller."

ASK_ORDER_NUMBER = {
    "invalid_number": "Je n'ai pas reconnu de numéro de commande : il est composé de chiffres, par "
    "exemple 48213. Quel est le numéro de votre commande ?" + HUMAN,
    None: "Je peux vérifier votre commande. Quel est son numéro ? Vous le trouverez dans l'e-mail "
    "de confirmation (par exemple 48213). Son statut est aussi visible dans « Commandes », sur "
    "votre compte alacivette.com." + HUMAN,
}

ASK_ORDER_PROOF = {
    # The same words whether the number or the proof is wrong; the number is kept.
    "not_found": "Je ne trouve aucune commande correspondant à ce numéro avec cette adresse e-mail "
    "ou ce code postal. Vérifiez-les : quelle est l'adresse e-mail ou le code postal de "
    "facturation de la commande n° {number} ? Si ce numéro n'est pas le bon, écrivez « commande » "
    "suivi du bon numéro." + HUMAN,
    "invalid_proof": "Je n'ai reconnu ni adresse e-mail ni code postal. Quelle est l'adresse e-mail "
    "ou le code postal de facturation de la commande n° {number} ?" + HUMAN,
    None: "Pour protéger vos données, j'ai besoin de l'adresse e-mail ou du code postal de "
    "facturation de la commande n° {number}.",
}


# For a customer who writes in English; the advisors read English.
HUMAN_EN = " You can also ask for an advisor."
ASK_ORDER_NUMBER_EN = {
    "invalid_number": "I did not recognise an order number: it is made of digits, for example 48213. "
    "What is your order number?" + HUMAN_EN,
    None: "I can check your order. What is its number? You will find it in your confirmation email "
    "(for example 48213). Its status is also shown under « Commandes » in your alacivette.com "
    "account." + HUMAN_EN,
}
ASK_ORDER_PROOF_EN = {
    "not_found": "I cannot find an order with this number and this email address or postcode. Please "
    "check them: what is the email address or billing postcode of order no. {number}? If the number "
    "is wrong, write « order » followed by the right number." + HUMAN_EN,
    "invalid_proof": "I did not recognise an email address or a postcode. What is the email address "
    "or billing postcode of order no. {number}?" + HUMAN_EN,
    None: "To protect your data, I need the email address or billing postcode of order no. {number}.",
}
ASK = {"fr": (ASK_ORDER_NUMBER, ASK_ORDER_PROOF), "en": (ASK_ORDER_NUMBER_EN, ASK_ORDER_PROOF_EN)}


def ask_order_number(last_check: Optional[str], language: str = "fr") -> str:
    prompts = ASK[language][0]
    return prompts.get(last_check, prompts[None])


def ask_order_proof(last_check: Optional[str], number: str, language: str = "fr") -> str:
    prompts = ASK[language][1]
    return prompts.get(last_check, prompts[None]).format(number=number)
