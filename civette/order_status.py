"""WooCommerce order statuses and the shop's own words for them (FAQ « Ma commande a-t-elle été
expédiée ? »)."""

from __future__ import annotations

from enum import Enum


class OrderStatus(str, Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    FAILED = "failed"

    @property
    def label(self) -> str:
        """The status as the customer sees it in « Commandes »."""
        return SHOP_LABELS[self]


SHOP_LABELS = {
    OrderStatus.PROCESSING: "En préparation",
    OrderStatus.COMPLETED: "Terminé",
    OrderStatus.ON_HOLD: "En attente",
    OrderStatus.PENDING: "En attente",
    OrderStatus.CANCELLED: "Annulée",
    OrderStatus.REFUNDED: "Remboursée",
    OrderStatus.FAILED: "Échec du paiement",
}
