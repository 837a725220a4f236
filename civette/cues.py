"""Phrase cues: the words that say what a French message does besides asking about a topic
(thanks, a goodbye, a no, giving up, a question without its question mark...), or what it speaks
of (something bought here, a parcel, opening hours). Patterns over the message folded to lower
case without accents, except COURTESY and GIVING_UP, which are removed from the text as typed."""

import re

# What a customer says to give up (a form, a question) before what they ask instead.
GIVING_UP = re.compile(r"^\W*(?:(?:non|ok|bon|ben|bah|alors|mais|pff+)\W+)*(?:laisse[zr]? tomber"
                       r"|oublie[zr]?(?: (?:ca|ça))?|tant pis|c.?est pas grave|peu importe|on s.?en fout|stop)"
                       r"\b[\s,.!;:-]*"
                       # « non. par contre c'est moi qui paie le renvoi ? »: a no, then another question.
                       r"|^\W*(?:non|nan|nn)\s*[.,!;:]+\s*(?:(?:par contre|mais|sinon|et|du coup)\b\s*)?", re.I)
# « je demandais quand je serai débité »: a question without its question mark.
INDIRECT_QUESTION = re.compile(
    r"\b(quand|comment|pourquoi|combien|quel\w*|est.ce que|je (me )?demand\w*|je voudrais savoir)\b")
# Thanks and agreement before a question, with the joint that follows them.
COURTESY = re.compile(
    r"^\W*(?:(?:ok(?:ay|i)?|d'?accord|dacc?|top|super|parfait|g[eé]nial|tr[eè]s bien|ah|bon|bah"
    r"|merci(?: beaucoup| bien)?|mrc|thx)\b[\s,.!]*)+(?:et\b|mais\b|sinon\b|du coup\b|alors\b)?[\s,]*", re.IGNORECASE)
DEBIT_ASKED = re.compile(r"\b(ete|deja|suis) (\w+ )?(debite|preleve)e?s?( ou (pas|non))?\s*\?")
RESET_EMAIL = re.compile(r"\b(e-?mail|mail|lien)\b")
PARCEL = re.compile(r"\b(colis|paquet|commande|cmd|cde|livr\w*|article|chronopost)\b")
INVOICE = re.compile(r"\b(factur\w*|recu de paiement|ticket|commande|cmd|cde|achat\w*|compta\w*)\b")
# Words saying that a message is about something bought here.
PURCHASE = re.compile(r"\b(colis|commande|cde|cmd|recu\w*|livr\w*|envoy\w*|achet\w*|vous m.?avez|"
                      r"chez vous)\b")
OPENING_HOURS = re.compile(r"\b(horaires?|heures? d.?ouverture|(ouvert|ferme)\w* (le |la |les )?(dimanche|samedi|lundi|"
                           r"soir|matin|jusqu|a quelle|de quelle)|a quelle heure (vous )?(ouvr|ferm)\w*)")
HOW_LONG = re.compile(r"\b(combien de (temps|jours)|quel delai|jusqu.?a quand|j.?aurais eu combien|trop tard)\b")
DURATION = re.compile(r"\b\d+ (jours|heures)\b")
GOODBYE = re.compile(r"\b(au revoir|bonne (journee|soiree|fin de journee|nuit|continuation|semaine)|"
                     r"a (\+|plus|bientot))\b")
LEADING_NO = re.compile(r"^\W*(non|nan|nn|no)\b")
THANKS = re.compile(r"\b(merci|mrc|mci|thx|thanks?)\b")
# « non je parlais des frais de livraison », « nan mais jparle du délai »: the customer corrects
# what the assistant understood; what follows is the question.
CORRECTION = re.compile(r"^\W*(?:(?:non|nan|nn|no|mais|en fait|enfin)\W+)+(?:je\s+|j\s*'\s*|j)"
                        r"(?:parl\w*|voul\w*|demand\w*|pens\w*|cherch\w*)\s+(?:(?:savoir|dire)\s+)?"
                        # « non mais il est pas abîmé hein, j'ai juste enlevé le blister »
                        r"|^\W*(?:non|nan|nn)\W+mais\W+(?=(?:\S+\s+){5})", re.I)
# « ok jveux bien un conseiller oui »: a yes that names a human.
HUMAN = re.compile(r"\b(conseill\w*|humain|quelqu.?un|une personne|vraie personne|vendeu\w*|service client)\b")
# « où puis-je la trouver ? », « je le renvoie comment ? »: « it », what the message spoke of.
ABOUT_IT = re.compile(r"\b(?:puis-je|peut-on|pouvez-vous|peux-tu|je|j|on|vous|tu|pouvez|peux|peut|dois|devez|faut)"
                      r"\s+(?:la|le|les|l.)\s*[a-z]")
