"""What the console shows of a case besides its conversation: the list's summary, the order."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Optional

from sqlalchemy.orm import sessionmaker

from civette.helpdesk.models import Case
from civette.helpdesk.reasons import label
from civette.incidents import report_failure
from civette.orders.lookup import DatabaseOrderLookup, OrderStoreUnavailable


def case_summary(case: Case, now: datetime) -> Dict[str, Any]:
    return {
        "id": case.id, "reason": label(case.reason), "priority": case.priority, "mode": case.mode,
        "created_at": case.created_at.isoformat(timespec="seconds") + "Z",
        "age_minutes": int((now - case.created_at).total_seconds() // 60),
        "order_number": case.order_number, "identity_verified": case.identity_verified,
        "contact_email": case.contact_email, "channel": case.channel,
    }


def order_context(sessions: sessionmaker, number: Optional[str]) -> Optional[Dict[str, str]]:
    if not number:
        return None
    try:
        order = DatabaseOrderLookup(sessions).find_for_staff(number)
    except OrderStoreUnavailable as error:
        report_failure("order_store", error, sessions, order=number)
        return {"number": number, "status": "base des commandes indisponible"}
    if order is None:
        return {"number": number, "status": "commande introuvable"}
    return {"number": number, "status": order.status.label, "total": f"{order.total:.2f} €",
            "date": order.date_created.strftime("%d/%m/%Y")}
