import pytest

from civette.identity import IdentityParts, is_valid_proof, parse_identity


@pytest.mark.parametrize("text", ["48213", "n°48213", "N° 48213", "#48213", "commande 48213",
                                  "ma cmd 48213 svp", "c'est la 48213"])
def test_order_number_in_the_usual_forms(text):
    assert parse_identity(text).order_number == "48213"


def test_number_and_email_in_one_message():
    assert parse_identity("commande #48213, mon mail Camille.Martin@Exemple.fr") == IdentityParts(
        order_number="48213", email="camille.martin@exemple.fr")


def test_number_and_postcode_in_one_message():
    for text in ("48213 75008", "commande 48213 code postal 75008", "cp 75 008 commande 48213"):
        parts = parse_identity(text)
        assert (parts.order_number, parts.postcode) == ("48213", "75008"), text


def test_a_lone_five_digit_number_is_the_postcode_when_the_proof_is_expected():
    assert parse_identity("75008", expecting_proof=True) == IdentityParts(postcode="75008")


@pytest.mark.parametrize("text", ["1" * 200, "😡📦", "'; DROP TABLE orders; --", "<b>12</b>",
                                  "le 31/10/2024", ""])
def test_nothing_is_read_from_malformed_input(text):
    assert parse_identity(text) == IdentityParts()


def test_valid_proofs():
    assert is_valid_proof("jean@exemple.fr") and is_valid_proof("75 008")
    assert not is_valid_proof("jean@") and not is_valid_proof("7500")
