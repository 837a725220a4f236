"""The knowledge base built from the shop's FAQ page (`faq/faq.yml`).

The FAQ page is the single source of truth: every entry keeps the seed sentences it relies on
(`facts`), a short chat answer and a formal email answer. The Rasa responses for the retrieval
intent `faq` are generated from it (`write_responses`), so they cannot drift.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from civette.settings import PROJECT_ROOT, faq_path

RETRIEVAL_INTENT = "faq"
RESPONSES_PATH = PROJECT_ROOT / "data" / "faq_responses.yml"
RESPONSES_HEADER = (
    "# Generated from faq/faq.yml by `python -m civette.faq`: edit faq/faq.yml, not this file.\n"
)


@dataclass(frozen=True)
class FaqDetail:
    """One precise point of an FAQ entry (« qui paie le retour ? ») and the FAQ sentences on it.

    A message matching `asks` (a pattern over the message folded to lower case without accents)
    gets this answer instead of any of the whole answers in `refines` (by default its entry's;
    not where the whole answer already gives the point first, as « comment retourner un article,
    qui paie ? » wants all of it). A short follow-up on the entry may get it too, and only such a
    follow-up when `refines` is empty. A detail without a chat answer of its own stands for its
    entry's whole answer: a return after the shop's error is the damaged-item answer.
    """

    id: str
    entry_id: str
    asks: re.Pattern
    refines: Tuple[str, ...]
    facts: Tuple[str, ...]
    chat: str = ""
    english: str = ""
    # Only for a message saying how long ago the order was received, e.g. {"more_than": 14}.
    received_days_ago: Optional[Dict[str, int]] = None

    @property
    def answer(self) -> str:
        """What is answered, e.g. ``faq/refund_delay``, or ``faq/damaged_or_wrong_item``."""
        return f"{RETRIEVAL_INTENT}/{self.id if self.chat else self.entry_id}"


@dataclass(frozen=True)
class FaqEntry:
    id: str
    section: str
    question: str
    facts: Tuple[str, ...]
    chat: str
    email: str
    # A short English answer, for the topics English-speaking customers ask most.
    english: str = ""
    details: Tuple[FaqDetail, ...] = ()

    @property
    def intent(self) -> str:
        """The full retrieval intent, e.g. ``faq/delivery_time``."""
        return f"{RETRIEVAL_INTENT}/{self.id}"

    @property
    def response_name(self) -> str:
        return f"utter_{self.intent}"


@dataclass(frozen=True)
class KnowledgeBase:
    source: str
    last_updated: date
    entries: Tuple[FaqEntry, ...]

    def __post_init__(self) -> None:
        # Detail answers are named like entries (`utter_faq/<id>`): one name space for both.
        ids = [entry.id for entry in self.entries] + [detail.id for detail in self.details]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate FAQ ids: {sorted(duplicates)}")

    @property
    def ids(self) -> List[str]:
        return [entry.id for entry in self.entries]

    @property
    def details(self) -> List[FaqDetail]:
        return [detail for entry in self.entries for detail in entry.details]

    def english(self, answer_id: str) -> str:
        """The English answer of an entry or a detail (`utter_english_<id>`), or ""."""
        sources = {source.id: source for source in (*self.entries, *self.details)}
        return sources[answer_id].english if answer_id in sources else ""

    def get(self, entry_id: str) -> FaqEntry:
        """The entry for an id, with or without the ``faq/`` prefix."""
        bare_id = entry_id.split("/", 1)[-1]
        for entry in self.entries:
            if entry.id == bare_id:
                return entry
        raise KeyError(entry_id)


def load_knowledge_base(path: Path | None = None) -> KnowledgeBase:
    document = yaml.safe_load(Path(path or faq_path()).read_text(encoding="utf-8"))
    entries = tuple(
        FaqEntry(
            id=raw["id"],
            section=raw["section"],
            question=raw["question"],
            facts=tuple(raw["facts"]),
            chat=raw["chat"].strip(),
            email=raw["email"].strip(),
            english=(raw.get("english") or "").strip(),
            details=tuple(_detail(raw["id"], detail) for detail in raw.get("details") or ()),
        )
        for raw in document["entries"]
    )
    return KnowledgeBase(
        source=document["source"],
        last_updated=date.fromisoformat(str(document["last_updated"])),
        entries=entries,
    )


def _detail(entry_id: str, raw: dict) -> FaqDetail:
    return FaqDetail(
        id=raw["id"],
        entry_id=entry_id,
        asks=re.compile(raw["asks"]),
        refines=tuple(raw["refines"] if "refines" in raw else (entry_id,)),
        facts=tuple(raw["facts"]),
        chat=(raw.get("chat") or "").strip(),
        english=(raw.get("english") or "").strip(),
        received_days_ago=raw.get("received_days_ago"),
    )


def responses_yaml(kb: KnowledgeBase) -> str:
    """The Rasa training-data file holding one chat response per FAQ entry and per detail with
    its own answer, and the English answers (utter_english_<id>)."""
    responses: Dict[str, list] = {
        entry.response_name: [{"text": entry.chat}] for entry in kb.entries
    }
    responses.update({f"utter_{detail.answer}": [{"text": detail.chat}]
                      for detail in kb.details if detail.chat})
    responses.update({f"utter_english_{source.id}": [{"text": source.english}]
                      for source in (*kb.entries, *kb.details) if source.english})
    body = yaml.dump(
        {"version": "3.1", "responses": responses},
        Dumper=_ReadableDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return RESPONSES_HEADER + body


class _ReadableDumper(yaml.SafeDumper):
    """Writes multi-line texts as literal blocks, as a person would."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ReadableDumper.add_representer(str, _represent_text)


def write_responses(kb: KnowledgeBase, path: Path = RESPONSES_PATH) -> bool:
    """Writes the generated responses; returns True when the file changed."""
    content = responses_yaml(kb)
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True


def main(argv: List[str]) -> int:
    """Writes the responses file, or with `--check` only says whether it is up to date."""
    kb = load_knowledge_base()
    name = RESPONSES_PATH.relative_to(PROJECT_ROOT)
    if "--check" in argv:
        if RESPONSES_PATH.read_text(encoding="utf-8") != responses_yaml(kb):
            print(f"{name} is out of date with faq/faq.yml: run `make responses`")
            return 1
        return 0
    print(f"{name}: {'updated' if write_responses(kb) else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
