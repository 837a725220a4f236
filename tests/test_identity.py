import pytest

from civette.identity import IdentityParts, customer_email, is_valid_proof, looks_like_an_email, parse_identity


# How customers write an order number (and sometimes its proof) in one message.
ORDER_NUMBER_FORMS = {
    "48213": ("48213", None),
    "n°48213": ("48213", None),
    "N° 48213": ("48213", None),
    "#48213": ("48213", None),
    "commande 48213": ("48213", None),
    "ma cmd 48213 svp": ("48213", None),
    "c'est la 48213": ("48213", None),
    "COMMANDE N°48213": ("48213", None),
    "cde n°48213": ("48213", None),
    "cde 48213": ("48213", None),
    "CMD48213": ("48213", None),
    "n48213": ("48213", None),
    "commande n.48213": ("48213", None),
    "commande 48 213": ("48213", None),
    "Commande N° : 48213": ("48213", None),
    "commande numéro 48213": ("48213", None),
    "numero de commande: 48213": ("48213", None),
    "ORDER #48213": ("48213", None),
    "order 48213 postcode 75008": ("48213", "75008"),
    "48213 / 75008": ("48213", "75008"),
    "48213-75008": ("48213", "75008"),
    "48213, 75008": ("48213", "75008"),
    "48213 75008": ("48213", "75008"),
    "cp 75008 commande 48213": ("48213", "75008"),
    "code postal 75 008, commande 48213": ("48213", "75008"),
    "commande #48213 code postal 75 008": ("48213", "75008"),
    "48213.": ("48213", None),
    "  48213  ": ("48213", None),
    "la commande 48213 de mardi": ("48213", None),
    "ref 48213 merci": ("48213", None),
    "commande de 2 articles, n° 48213": ("48213", None),
    "bonjour c'est pour la 48213": ("48213", None),
    "48 213": ("48213", None),
    "#48-213": ("48213", None),
    "la commande c 48213": ("48213", None),
    "mais non 75008 c mon code postal, la commande c 48213": ("48213", "75008"),
    "75008 c'est mon code postal, je voudrais savoir ou en est ma commande": (None, "75008"),
    "svp commande #0048213": ("48213", None),
    "j'ai pas le numero, code postal c 75008": (None, "75008"),
    "commande 48213 le cp c 75 008": ("48213", "75008"),
}


@pytest.mark.parametrize("text", ORDER_NUMBER_FORMS)
def test_order_number_in_the_forms_customers_write(text):
    parts = parse_identity(text)
    assert (parts.order_number, parts.postcode) == ORDER_NUMBER_FORMS[text]


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
                                  "le 31/10/2024", "", "ok so 157 rue Saint-Honoré is the shop?",
                                  "c'est au 12 bis avenue Foch"])
def test_nothing_is_read_from_malformed_input(text):
    assert parse_identity(text) == IdentityParts()


@pytest.mark.parametrize("text, attempt", [
    ("jean@exemple.fr", True), ("jean.dupont@exemple", True), ("jean.dupont.gmail.com", True),
    ("75008", False), ("48214/69003", False), ("et maintenant je fais comment ?", False),
    ("c'est kevin.m@hotmail", True), ("non c bon jvais envoyer un mail a info@ alors", False),
])
def test_what_counts_as_an_attempt_at_an_email(text, attempt):
    assert looks_like_an_email(text) == attempt


def test_valid_proofs():
    assert is_valid_proof("jean@exemple.fr") and is_valid_proof("75 008")
    assert not is_valid_proof("jean@") and not is_valid_proof("7500")


def test_the_shops_own_address_is_not_a_customers():
    assert customer_email("j'écris à info@alacivette.com ou à jean@exemple.fr ?") == "jean@exemple.fr"
    assert customer_email("j'écris à INFO@alacivette.com ?") is None
