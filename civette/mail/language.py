"""The mail's language, among those the shop receives (lingua, built once per process)."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = (Language.FRENCH, Language.ENGLISH, Language.SPANISH, Language.GERMAN,
             Language.ITALIAN, Language.PORTUGUESE)
UNKNOWN = "unknown"


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect(text: str) -> str:
    """ISO 639-1 code (`fr`, `en`...), or `unknown` when the text gives no clue."""
    language = detector().detect_language_of(text) if text.strip() else None
    return language.iso_code_639_1.name.lower() if language else UNKNOWN
