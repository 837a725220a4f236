"""Small text helpers shared by the NLU components and the data tools."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents ("Élise" -> "elise"): customers often type without them."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
