"""A live case nobody answers: after a while (CIVETTE_NO_REPLY_TIMEOUT_S, 3 minutes by default)
the customer is told, offered a reply by email, and the case turns into an email case. The web
server checks (civette/web/no_reply.py); these are the words."""

from __future__ import annotations

from typing import Optional

APOLOGY = "Aucun conseiller n'a pu vous répondre en direct, désolé de vous avoir fait attendre."


def no_reply_message(case_id: int, email: Optional[str], when: str) -> str:
    """What the customer reads; without an address, the bot then asks for one."""
    if email:
        return (f"{APOLOGY} Votre demande est enregistrée (dossier n° {case_id}) : un conseiller vous "
                f"répondra par e-mail à {email}, {when}, avec le contexte de notre échange. "
                "Puis-je vous aider pour autre chose en attendant ?")
    return (f"{APOLOGY} Votre demande est enregistrée (dossier n° {case_id}) : indiquez-moi votre "
            f"adresse e-mail et un conseiller vous répondra par écrit, {when}. Si vous préférez ne "
            "pas la donner, écrivez « non ».")
